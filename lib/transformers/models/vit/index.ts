export { ViTConfig } from './configuration_vit.js';
export { ViTModel, ViTForImageClassification, type ViTInputs } from './modeling_vit.js';
