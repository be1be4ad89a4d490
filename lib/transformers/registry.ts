// The one place a model family is registered: its model_type, config class and model classes per Auto task.
// AutoConfig, every AutoModel* class and the tokenizer's family lookup read from here.
import type { ConfigOverrides, PretrainedConfig, RawConstruction } from './configuration_utils.js';

/** The Auto classes a family can fill (transformers' MODEL_*_MAPPING names, without the `MODEL_` prefix). */
export const AUTO_TASKS = [
  'AutoModel',
  'AutoModelForPreTraining',
  'AutoModelForSequenceClassification',
  'AutoModelForTokenClassification',
  'AutoModelForMaskedLM',
  'AutoModelForQuestionAnswering',
  'AutoModelForImageClassification',
  'AutoModelForAudioClassification',
] as const;
export type AutoTask = (typeof AUTO_TASKS)[number];

/** A config class as the registry builds it (`fromDictWithUnused` is PretrainedConfig's). */
export type ConfigClass = (new (kwargs?: ConfigOverrides, internal?: RawConstruction) => PretrainedConfig) & typeof PretrainedConfig;

/** A model class as the Auto classes build it (PreTrainedModel's static side; typed loosely to avoid an import cycle). */
export interface RegisteredModelClass {
  new (config: never, options?: { initWeights?: boolean }): object;
  readonly className: string;
}

export interface ModelFamily {
  /** config.json's `model_type` (`roberta`, `xlm-roberta`). */
  modelType: string;
  configClass: ConfigClass;
  /** The model class of each Auto task the family implements. */
  models: Partial<Record<AutoTask, RegisteredModelClass>>;
}

const families = new Map<string, ModelFamily>();

/** Registers a family; a model_type registered twice is an error (one seam, one owner). */
export function registerModelFamily(family: ModelFamily): void {
  if (families.has(family.modelType)) throw new Error(`registerModelFamily: model type "${family.modelType}" is already registered`);
  if (family.configClass.modelType !== family.modelType) {
    throw new Error(`registerModelFamily: ${family.configClass.name}.modelType is "${family.configClass.modelType}", not "${family.modelType}"`);
  }
  for (const task of Object.keys(family.models)) {
    if (!(AUTO_TASKS as readonly string[]).includes(task)) throw new Error(`registerModelFamily(${family.modelType}): unknown Auto task "${task}"; expected one of ${AUTO_TASKS.join(', ')}`);
  }
  families.set(family.modelType, family);
}

export function registeredModelTypes(): string[] {
  return [...families.keys()];
}

export function findConfigClass(modelType: string): ConfigClass | undefined {
  return families.get(modelType)?.configClass;
}

/** The model types that implement `task`, in registration order. */
export function modelTypesFor(task: AutoTask): string[] {
  return [...families.values()].filter((f) => f.models[task] !== undefined).map((f) => f.modelType);
}

export function findModelClass(task: AutoTask, modelType: string): RegisteredModelClass | undefined {
  return families.get(modelType)?.models[task];
}
