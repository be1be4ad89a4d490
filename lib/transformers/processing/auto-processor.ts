// AutoProcessor: a folder's tokenizer and its feature extractor or image processor behind one call, as
// transformers' processors combine them (Wav2Vec2Processor: the transcripts' token ids become `labels`;
// vision-text processors such as CLIP's: the token ids and the pixel values side by side).
import type { ResolveOptions } from '../../hub/index.js';
import { resolveRepoFile } from '../../hub/index.js';
import { featureExtractorFromDict } from '../feature_extraction/auto.js';
import type { AudioPadding, Wav2Vec2FeatureExtractor } from '../feature_extraction/wav2vec2.js';
import { imageProcessorFromDict } from '../image_processing/auto.js';
import type { ViTImageProcessor } from '../image_processing/vit.js';
import { AutoTokenizer } from '../tokenizer/auto.js';
import type { PreTrainedTokenizerFast } from '../tokenizer/tokenizer.js';
import { Callable } from '../tokenizer/callable.js';
import { checkKeys, loadPreprocessorConfig, PREPROCESSOR_CONFIG_NAME } from './preprocessor-config.js';

export interface ProcessorInputs {
  text?: string | string[];
  images?: unknown;
  audio?: Float32Array | Float32Array[];
}

export interface ProcessorCall {
  samplingRate?: number;
  padding?: boolean | 'longest' | 'max_length';
  maxLength?: number;
  truncation?: boolean;
  returnTensors?: 'pt';
}

export interface Processor {
  (inputs: ProcessorInputs, options?: ProcessorCall): Record<string, unknown>;
}

export class Processor extends Callable<[ProcessorInputs, ProcessorCall?], Record<string, unknown>> {
  constructor(
    readonly tokenizer: PreTrainedTokenizerFast | null,
    readonly featureExtractor: Wav2Vec2FeatureExtractor | null,
    readonly imageProcessor: ViTImageProcessor | null,
  ) {
    super();
  }

  static async fromPretrained(idOrPath: string, hub: ResolveOptions = {}): Promise<Processor> {
    const where = 'AutoProcessor.fromPretrained';
    const hasPreprocessor = (await resolveRepoFile(idOrPath, PREPROCESSOR_CONFIG_NAME, hub)) !== null;
    const hasTokenizer = (await resolveRepoFile(idOrPath, 'tokenizer.json', hub)) !== null || (await resolveRepoFile(idOrPath, 'tokenizer_config.json', hub)) !== null;
    if (!hasPreprocessor && !hasTokenizer) throw new Error(`${where}: ${idOrPath} has neither ${PREPROCESSOR_CONFIG_NAME} nor a tokenizer`);
    let featureExtractor: Wav2Vec2FeatureExtractor | null = null;
    let imageProcessor: ViTImageProcessor | null = null;
    if (hasPreprocessor) {
      const { path, dict } = await loadPreprocessorConfig(where, idOrPath, hub);
      if (dict.image_processor_type !== undefined) imageProcessor = imageProcessorFromDict(dict, path);
      else featureExtractor = featureExtractorFromDict(dict, path);
    }
    const tokenizer = hasTokenizer ? await AutoTokenizer.fromPretrained(idOrPath, hub) : null;
    return new Processor(tokenizer, featureExtractor, imageProcessor);
  }

  protected _call(inputs: ProcessorInputs, options: ProcessorCall = {}): Record<string, unknown> {
    checkKeys('Processor', inputs ?? {}, ['text', 'images', 'audio']);
    checkKeys('Processor', options, ['samplingRate', 'padding', 'maxLength', 'truncation', 'returnTensors']);
    const { text, images, audio } = inputs ?? {};
    if (text === undefined && images === undefined && audio === undefined) throw new TypeError('Processor: give text, images or audio');
    const out: Record<string, unknown> = {};
    if (audio !== undefined) {
      if (!this.featureExtractor) throw new TypeError('Processor: this processor has no feature extractor for audio');
      const { samplingRate, maxLength, truncation, returnTensors } = options;
      const padding = options.padding as AudioPadding | undefined;
      Object.assign(out, this.featureExtractor(audio, { samplingRate, padding, maxLength, truncation, returnTensors }));
    }
    if (images !== undefined) {
      if (!this.imageProcessor) throw new TypeError('Processor: this processor has no image processor for images');
      Object.assign(out, this.imageProcessor(images, { returnTensors: options.returnTensors }));
    }
    if (text !== undefined) {
      if (!this.tokenizer) throw new TypeError('Processor: this processor has no tokenizer for text');
      const { padding, maxLength, truncation, returnTensors } = options;
      const enc = this.tokenizer(text, { padding, maxLength, truncation, returnTensors }) as unknown as Record<string, unknown>;
      if (audio !== undefined) out.labels = enc.input_ids;
      else for (const [k, v] of Object.entries(enc)) if (typeof v !== 'function') out[k] = v;
    }
    return out;
  }
}

export const AutoProcessor = { fromPretrained: (idOrPath: string, hub: ResolveOptions = {}) => Processor.fromPretrained(idOrPath, hub) };
