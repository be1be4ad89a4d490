// AutoImageProcessor: picks the image processor class that preprocessor_config.json names.
import type { ResolveOptions } from '../../hub/index.js';
import { loadPreprocessorConfig } from '../processing/preprocessor-config.js';
import { ViTImageProcessor, vitOptionsFromConfig } from './vit.js';

const CLASSES: Record<string, (dict: Record<string, unknown>, path: string) => ViTImageProcessor> = {
  ViTImageProcessor: (d, p) => new ViTImageProcessor(vitOptionsFromConfig(d, p)),
  ViTFeatureExtractor: (d, p) => new ViTImageProcessor(vitOptionsFromConfig(d, p)),
};

export function imageProcessorFromDict(dict: Record<string, unknown>, path: string): ViTImageProcessor {
  const type = dict.image_processor_type ?? dict.feature_extractor_type;
  const make = typeof type === 'string' ? CLASSES[type] : undefined;
  if (!make) {
    throw new Error(`AutoImageProcessor: ${path} names image processor ${JSON.stringify(type)}; supported: ${Object.keys(CLASSES).join(', ')}`);
  }
  return make(dict, path);
}

export const AutoImageProcessor = {
  async fromPretrained(idOrPath: string, hub: ResolveOptions = {}): Promise<ViTImageProcessor> {
    const { path, dict } = await loadPreprocessorConfig('AutoImageProcessor.fromPretrained', idOrPath, hub);
    return imageProcessorFromDict(dict, path);
  },
};
