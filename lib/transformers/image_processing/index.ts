export { AutoImageProcessor } from './auto.js';
export { ViTImageProcessor, type ImageProcessorCall, type ImageBatchFeature, type ImageSize, type ViTImageProcessorOptions } from './vit.js';
