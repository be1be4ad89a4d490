// AutoConfig: config.json → the config class of its model_type, from the family registry.
import { basename } from 'node:path';

import {
  CONFIG_NAME,
  loadConfigDict,
  rejectUnused,
  splitOptions,
  type ConfigHubOptions,
  type ConfigOverrides,
  type FromPretrainedResult,
  type PretrainedConfig,
} from './configuration_utils.js';
import { logger } from './logging.js';
import { findConfigClass, registeredModelTypes, type ConfigClass } from './registry.js';

/** transformers model types tstorch does not implement whose names contain a supported one (`deberta` in `deberta-v3-base`). */
const UNSUPPORTED_MODEL_TYPES = ['bert-generation', 'megatron-bert', 'squeezebert', 'mobilebert', 'camembert', 'deberta', 'albert', 'convbert', 'flaubert', 'rembert', 'roc_bert'];

function configClassFor(modelType: unknown, where: string): ConfigClass {
  const cls = typeof modelType === 'string' ? findConfigClass(modelType) : undefined;
  if (cls === undefined) {
    throw new Error(
      `${where} has model type ${JSON.stringify(modelType)}, which tstorch does not support; supported model types: ${registeredModelTypes().join(', ')}`,
    );
  }
  return cls;
}

/** transformers' fallback without `model_type`: the longest known model type contained in the name. */
function configClassFromName(idOrPath: string): ConfigClass {
  const name = basename(idOrPath.replace(/[\\/]+$/, '')).toLowerCase();
  const known = [...registeredModelTypes(), ...UNSUPPORTED_MODEL_TYPES].sort((a, b) => b.length - a.length);
  const match = known.find((t) => name.includes(t));
  const cls = match === undefined ? undefined : findConfigClass(match);
  if (cls === undefined) {
    throw new Error(
      `Unrecognized model in ${idOrPath}. Should have a \`model_type\` key in its ${CONFIG_NAME}, or contain one of the ` +
        `following strings in its name: ${registeredModelTypes().join(', ')}`,
    );
  }
  return cls;
}

export const AutoConfig = {
  /**
   * Reads config.json (local folder, JSON file or hub repo) and builds the config class of its `model_type`;
   * without a `model_type`, the name is matched against the supported types, as transformers does. Options
   * other than the hub options override config attributes (`numLabels`, `id2label`, `label2id`, `problemType`…).
   * The config's `nameOrPath` is set to `idOrPath`.
   */
  async fromPretrained(idOrPath: string, options: ConfigHubOptions & ConfigOverrides = {}): Promise<PretrainedConfig> {
    const { config, unusedKwargs } = await AutoConfig.fromPretrainedWithUnused(idOrPath, options);
    rejectUnused(unusedKwargs, 'AutoConfig');
    return config;
  },

  /** `fromPretrained` that returns the options that are not config attributes instead of rejecting them. */
  async fromPretrainedWithUnused(
    idOrPath: string,
    options: ConfigHubOptions & ConfigOverrides = {},
  ): Promise<FromPretrainedResult<PretrainedConfig>> {
    const { hub, overrides } = splitOptions(options);
    const { path, dict, floatPaths } = await loadConfigDict(idOrPath, hub);
    const cls = dict.model_type !== undefined ? configClassFor(dict.model_type, path) : configClassFromName(idOrPath);
    return cls.fromDictWithUnused(dict, { nameOrPath: idOrPath, ...overrides }, { file: path, floatPaths });
  },

  /** A config of the given model type built from options (Python's `AutoConfig.for_model`). */
  forModel(modelType: string, kwargs: ConfigOverrides = {}): PretrainedConfig {
    const cls = configClassFor(modelType, 'AutoConfig.forModel');
    return new cls(kwargs);
  },
};

/**
 * A model class's `config_class.from_pretrained`: config.json read as `cls` whatever its model_type (the
 * XLM-R classes load RoBERTa checkpoints), with transformers' warning when the types differ.
 */
export async function readConfigAs(
  cls: typeof PretrainedConfig,
  idOrPath: string,
  options: ConfigHubOptions & ConfigOverrides,
): Promise<FromPretrainedResult<PretrainedConfig>> {
  const { hub, overrides } = splitOptions(options);
  const { path, dict, floatPaths } = await loadConfigDict(idOrPath, hub);
  if (typeof dict.model_type === 'string' && dict.model_type !== cls.modelType) {
    logger.warning(
      `You are using a model of type ${dict.model_type} to instantiate a model of type ${cls.modelType}. This is not supported for all configurations of models and can yield errors.`,
    );
  }
  return (cls as ConfigClass).fromDictWithUnused(dict, { nameOrPath: idOrPath, ...overrides }, { file: path, floatPaths });
}
