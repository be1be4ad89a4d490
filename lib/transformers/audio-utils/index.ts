export { loadAudio, decodeAudioSync, type AudioArray, type LoadAudioOptions } from './load-audio.js';
export { resamplePoly } from './resample.js';
