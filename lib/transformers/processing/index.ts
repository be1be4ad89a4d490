export { AutoProcessor, Processor, type ProcessorCall, type ProcessorInputs } from './auto-processor.js';
