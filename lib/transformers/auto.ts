// AutoModel classes: pick the model class from the config's model_type, as transformers' MODEL_*_MAPPING do.
import { PretrainedConfig, type BertConfig } from './config.js';
import { resolveModelConfig, type FromPretrainedOptions, type PreTrainedModel, type PreTrainedModelClass } from './modeling_utils.js';
import {
  BertForMaskedLM,
  BertForQuestionAnswering,
  BertForSequenceClassification,
  BertForTokenClassification,
  BertModel,
} from './models/bert/modeling_bert.js';

type Mapping<T extends PreTrainedModel> = ReadonlyMap<string, PreTrainedModelClass<T>>;

function pick<T extends PreTrainedModel>(autoName: string, mapping: Mapping<T>, modelType: string): PreTrainedModelClass<T> {
  const cls = mapping.get(modelType);
  if (cls === undefined) {
    throw new TypeError(
      `Unrecognized configuration class for this kind of AutoModel: ${autoName}. Model type should be one of ` +
        `${[...mapping.keys()].join(', ')} (got "${modelType}")`,
    );
  }
  return cls;
}

function autoClass<T extends PreTrainedModel>(autoName: string, mapping: Mapping<T>) {
  return {
    /** The model class for `model_type`, its config read from `idOrPath` (see PreTrainedModel.fromPretrained). */
    async fromPretrained(idOrPath: string, options: FromPretrainedOptions = {}): Promise<T> {
      // the config is read once, with the options that override it, and handed to the class
      const { config, hub, model } = await resolveModelConfig(autoName, idOrPath, options);
      const cls = pick(autoName, mapping, config.modelType);
      return (cls as unknown as { fromPretrained(id: string, o: FromPretrainedOptions): Promise<T> }).fromPretrained(idOrPath, { ...hub, ...model, config });
    },
    /** A new model with random weights (transformers' init) for this config. */
    fromConfig(config: PretrainedConfig): T {
      if (!(config instanceof PretrainedConfig)) throw new TypeError(`${autoName}.fromConfig takes a config (e.g. from AutoConfig.fromPretrained)`);
      const cls = pick(autoName, mapping, config.modelType);
      return new cls(config as BertConfig);
    },
  };
}

export const AutoModel = autoClass('AutoModel', new Map([['bert', BertModel]]));
export const AutoModelForSequenceClassification = autoClass('AutoModelForSequenceClassification', new Map([['bert', BertForSequenceClassification]]));
export const AutoModelForTokenClassification = autoClass('AutoModelForTokenClassification', new Map([['bert', BertForTokenClassification]]));
export const AutoModelForMaskedLM = autoClass('AutoModelForMaskedLM', new Map([['bert', BertForMaskedLM]]));
export const AutoModelForQuestionAnswering = autoClass('AutoModelForQuestionAnswering', new Map([['bert', BertForQuestionAnswering]]));
