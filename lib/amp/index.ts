export { autocast, isAutocastEnabled, type AutocastOptions } from './autocast.js';
export { GradScaler, type GradScalerOptions } from './grad-scaler.js';
