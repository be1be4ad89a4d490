// AutoModel classes: pick the model class from the config's model_type in the family registry, as transformers'
// MODEL_*_MAPPING do.
import { PretrainedConfig } from './configuration_utils.js';
import type {
  BaseModelOutputWithPooling,
  MaskedLMOutput,
  QuestionAnsweringModelOutput,
  SequenceClassifierOutput,
  TokenClassifierOutput,
} from './modeling_outputs.js';
import { resolveModelConfig, type FromPretrainedOptions, type PreTrainedModel, type PreTrainedModelClass } from './modeling_utils.js';
import './models/index.js';
import type { Tensor } from '../tensor.js';
import { findModelClass, modelTypesFor, type AutoTask } from './registry.js';

function pick(task: AutoTask, modelType: string): PreTrainedModelClass<PreTrainedModel> {
  const cls = findModelClass(task, modelType);
  if (cls === undefined) {
    throw new TypeError(
      `Unrecognized configuration class for this kind of AutoModel: ${task}. Model type should be one of ` +
        `${modelTypesFor(task).join(', ')} (got "${modelType}")`,
    );
  }
  return cls as unknown as PreTrainedModelClass<PreTrainedModel>;
}

/**
 * What an Auto class returns: a PreTrainedModel whose forward gives the task's output (the typed forward comes
 * first, so a call resolves to it rather than to PreTrainedModel's generic one).
 */
export type ModelWithOutput<O> = { forward(inputs: Readonly<Record<string, unknown>>): O } & PreTrainedModel;

/**
 * The Auto class of `task`. Its methods return `D` (the task's model), or the concrete class the caller
 * names (`const m: RobertaForMaskedLM = await AutoModelForMaskedLM.fromPretrained(...)`).
 */
function autoClass<D extends ModelWithOutput<object>>(task: AutoTask) {
  return {
    /** The model class for `model_type`, its config read from `idOrPath` (see PreTrainedModel.fromPretrained). */
    async fromPretrained<T extends D = D>(idOrPath: string, options: FromPretrainedOptions = {}): Promise<T> {
      // the config is read once, with the options that override it, and handed to the class
      const { config, hub, model } = await resolveModelConfig({ className: task }, idOrPath, options);
      const cls = pick(task, config.modelType) as unknown as { fromPretrained(id: string, o: FromPretrainedOptions): Promise<T> };
      return cls.fromPretrained(idOrPath, { ...hub, ...model, config });
    },
    /** A new model with random weights (transformers' init) for this config. */
    fromConfig<T extends D = D>(config: PretrainedConfig): T {
      if (!(config instanceof PretrainedConfig)) throw new TypeError(`${task}.fromConfig takes a config (e.g. from AutoConfig.fromPretrained)`);
      const cls = pick(task, config.modelType);
      return new cls(config) as unknown as T;
    },
  };
}

export const AutoModel = autoClass<ModelWithOutput<BaseModelOutputWithPooling>>('AutoModel');
export const AutoModelForPreTraining = autoClass<ModelWithOutput<{ loss?: Tensor; logits: Tensor }>>('AutoModelForPreTraining');
export const AutoModelForSequenceClassification = autoClass<ModelWithOutput<SequenceClassifierOutput>>('AutoModelForSequenceClassification');
export const AutoModelForTokenClassification = autoClass<ModelWithOutput<TokenClassifierOutput>>('AutoModelForTokenClassification');
export const AutoModelForMaskedLM = autoClass<ModelWithOutput<MaskedLMOutput>>('AutoModelForMaskedLM');
export const AutoModelForQuestionAnswering = autoClass<ModelWithOutput<QuestionAnsweringModelOutput>>('AutoModelForQuestionAnswering');
export const AutoModelForImageClassification = autoClass<ModelWithOutput<SequenceClassifierOutput>>('AutoModelForImageClassification');
/** Audio classifiers (Wav2Vec2) also freeze their conv feature encoder. */
export const AutoModelForAudioClassification = autoClass<ModelWithOutput<SequenceClassifierOutput> & { freezeFeatureEncoder(): void }>('AutoModelForAudioClassification');
