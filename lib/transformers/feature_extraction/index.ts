export { AutoFeatureExtractor } from './auto.js';
export {
  Wav2Vec2FeatureExtractor,
  type AudioBatchFeature, type AudioPadding, type FeatureExtractorCall, type Wav2Vec2FeatureExtractorOptions,
} from './wav2vec2.js';
