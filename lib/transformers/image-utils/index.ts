export { loadImage, decodeImageSync } from './load-image.js';
export { RawImage } from './raw-image.js';
export { resizeLikePil, PILImageResampling, type ResampleFilter } from './pil-resample.js';
