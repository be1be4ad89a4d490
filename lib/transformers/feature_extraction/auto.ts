// AutoFeatureExtractor: the audio feature extractor that preprocessor_config.json names (image processors are
// AutoImageProcessor's).
import type { ResolveOptions } from '../../hub/index.js';
import { loadPreprocessorConfig } from '../processing/preprocessor-config.js';
import { Wav2Vec2FeatureExtractor, wav2vec2OptionsFromConfig } from './wav2vec2.js';

export function featureExtractorFromDict(dict: Record<string, unknown>, path: string): Wav2Vec2FeatureExtractor {
  const type = dict.feature_extractor_type ?? dict.image_processor_type;
  if (type === 'Wav2Vec2FeatureExtractor') return new Wav2Vec2FeatureExtractor(wav2vec2OptionsFromConfig(dict, path));
  const hint = dict.image_processor_type !== undefined || /Image|ViT/.test(String(type)) ? '; for image processors use AutoImageProcessor' : '';
  throw new Error(`AutoFeatureExtractor: ${path} names feature extractor ${JSON.stringify(type)}; supported: Wav2Vec2FeatureExtractor${hint}`);
}

export const AutoFeatureExtractor = {
  async fromPretrained(idOrPath: string, hub: ResolveOptions = {}): Promise<Wav2Vec2FeatureExtractor> {
    const { path, dict } = await loadPreprocessorConfig('AutoFeatureExtractor.fromPretrained', idOrPath, hub);
    return featureExtractorFromDict(dict, path);
  },
};
