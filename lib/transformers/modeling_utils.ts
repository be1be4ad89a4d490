// PreTrainedModel: what every transformers model class shares — its config, `fromPretrained` (config, weights,
// fast init, warnings), `fromConfig`, and `savePretrained` (config.json + model.safetensors, as transformers writes).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { checkDtype, isFloatingDtype, type DType } from '../dtype.js';
import type { DeviceLike } from '../device.js';
import { Module, type ModuleHandle } from '../nn/module.js';
import type { RawTensor } from '../serialization/raw-tensor.js';
import { writeSafetensors } from '../serialization/safetensors.js';
import { AutoConfig, BertConfig, hintFor, type ConfigHubOptions, type ConfigOverrides, type PretrainedConfig, type ProblemType } from './config.js';
import { loadCheckpoint, SAFE_WEIGHTS_NAME } from './checkpoint.js';
import { loadWeights } from './load-weights.js';
import { RAW_TO_DTYPE, toRawTensor } from '../serialization/tensor-records.js';

const HUB_KEYS = ['revision', 'cacheDir', 'token', 'endpoint', 'localFilesOnly', 'subfolder', 'forceDownload', 'onProgress'] as const;
const MODEL_KEYS = ['config', 'torchDtype', 'device', 'ignoreMismatchedSizes'] as const;

export interface FromPretrainedOptions extends ConfigHubOptions {
  /** Use this config instead of the checkpoint's config.json (the other config options then modify it). */
  config?: BertConfig;
  /** Parameter dtype; `'auto'` takes the config's `torch_dtype`, else the checkpoint's. Default float32. */
  torchDtype?: DType | 'auto';
  /** Where to put the model after loading (default CPU). */
  device?: DeviceLike;
  /** Load even when a checkpoint tensor's shape differs (that parameter is then newly initialized). */
  ignoreMismatchedSizes?: boolean;
  numLabels?: number;
  id2label?: Record<number, string>;
  label2id?: Record<string, number>;
  problemType?: ProblemType;
  /** Any other config attribute to override (`hiddenDropoutProb`, `classifierDropout`, ...). */
  [configAttribute: string]: unknown;
}

/** How a model class is built; `initWeights: false` leaves transformers' init to the loader (fast init). */
export interface ModelInitOptions {
  initWeights?: boolean;
}

export interface PreTrainedModelClass<T extends PreTrainedModel> {
  new (config?: BertConfig | ConfigOverrides, options?: ModelInitOptions): T;
  readonly className: string;
  readonly baseModelPrefix: string;
}



export abstract class PreTrainedModel extends Module {
  /** transformers' class name (kept explicit: bundlers may rename JS classes). */
  static readonly className: string = 'PreTrainedModel';
  /** The attribute that holds the base model in heads (`bert`). */
  static readonly baseModelPrefix: string = 'bert';

  readonly config: BertConfig;

  protected constructor(handle: ModuleHandle, config: BertConfig) {
    super(handle);
    this.config = config;
  }

  protected override get className(): string {
    return (this.constructor as typeof PreTrainedModel).className;
  }

  /** A new model with transformers' random init (`BertForSequenceClassification(config)` in Python). */
  static fromConfig<T extends PreTrainedModel>(this: PreTrainedModelClass<T>, config: BertConfig | ConfigOverrides): T {
    return new this(config);
  }

  /**
   * Python's `from_pretrained`: config.json and the weights of a local folder or hub repo. Head weights the
   * checkpoint lacks are initialized as transformers does and reported on stderr with transformers' warning.
   * The model is returned in eval mode, as in Python.
   */
  static async fromPretrained<T extends PreTrainedModel>(this: PreTrainedModelClass<T>, idOrPath: string, options: FromPretrainedOptions = {}): Promise<T> {
    const { config, hub, model: modelOptions } = await resolveModelConfig(this.className, idOrPath, options);
    const checkpoint = await loadCheckpoint(idOrPath, hub);

    const model = new this(config, { initWeights: false });
    const dtype = resolveDtype(modelOptions.torchDtype, config, checkpoint.tensors);
    if (dtype !== 'float32') model.to(dtype);
    loadWeights(model, checkpoint.tensors, {
      className: this.className,
      checkpointName: idOrPath,
      architectures: config.architectures,
      basePrefix: this.baseModelPrefix,
      ignoreMismatchedSizes: modelOptions.ignoreMismatchedSizes ?? false,
    });
    model.eval();
    if (modelOptions.device !== undefined) model.to(modelOptions.device);
    return model;
  }

  /**
   * Writes `config.json` and `model.safetensors` (metadata `{"format": "pt"}`, each tied weight once, as
   * transformers drops `cls.predictions.decoder.*`), each file atomically. Returns the folder.
   */
  savePretrained(dir: string): string {
    mkdirSync(dir, { recursive: true });
    const params = this.namedParameters(); // tied aliases are not listed: they are the parameters' other names
    const tensors = new Map<string, RawTensor>();
    for (const [name, p] of params) {
      tensors.set(name, toRawTensor(p));
    }
    writeSafetensors(join(dir, SAFE_WEIGHTS_NAME), tensors, { format: 'pt' });
    // like save_pretrained: the dtype and the class go into the config
    this.config.torchDtype = this.dtype;
    this.config.architectures = [this.className];
    this.config.savePretrained(dir);
    return dir;
  }
}

type ModelOptions = Pick<FromPretrainedOptions, (typeof MODEL_KEYS)[number]>;

/**
 * Splits fromPretrained options into hub options, model options and config overrides, and reads the config
 * (config.json with the overrides applied, or the given `config` with them set). Unknown options are an error.
 */
export async function resolveModelConfig(
  className: string,
  idOrPath: string,
  options: FromPretrainedOptions,
): Promise<{ config: BertConfig; hub: ConfigHubOptions; model: ModelOptions }> {
  if (typeof idOrPath !== 'string' || idOrPath === '') throw new TypeError(`${className}.fromPretrained needs a model id or a folder path`);
  if (options === null || typeof options !== 'object') throw new TypeError(`${className}.fromPretrained options must be an object`);
  const hub: Record<string, unknown> = {};
  const model: Record<string, unknown> = {};
  const overrides: ConfigOverrides = {};
  for (const [k, v] of Object.entries(options)) {
    if (v === undefined) continue;
    if ((HUB_KEYS as readonly string[]).includes(k)) hub[k] = v;
    else if ((MODEL_KEYS as readonly string[]).includes(k)) model[k] = v;
    else overrides[k] = v;
  }
  const given = (model as ModelOptions).config;
  if (given !== undefined) {
    if (!(given instanceof BertConfig)) throw new TypeError(`${className}.fromPretrained: config must be a BertConfig`);
    for (const [k, v] of Object.entries(overrides)) given.set(k, v);
    return { config: given, hub: hub as ConfigHubOptions, model };
  }
  const { config, unusedKwargs } = await AutoConfig.fromPretrainedWithUnused(idOrPath, { ...hub, ...overrides });
  const unused = Object.keys(unusedKwargs);
  if (unused.length > 0) {
    throw new TypeError(
      `${className}.fromPretrained: unknown option${unused.length > 1 ? 's' : ''} ${unused.map((n) => `"${n}"`).join(', ')}${hintFor(unused[0]!, [...HUB_KEYS, ...MODEL_KEYS, 'numLabels', 'id2label', 'label2id'])} ` +
        `(neither a hub option (${HUB_KEYS.join(', ')}), a model option (${MODEL_KEYS.join(', ')}) nor a config attribute)`,
    );
  }
  return { config: asBertConfig(config, className), hub: hub as ConfigHubOptions, model };
}

export function asBertConfig(config: PretrainedConfig, className: string): BertConfig {
  if (!(config instanceof BertConfig)) {
    throw new TypeError(`${className} cannot be built from a config of model type "${config.modelType}"; supported model types: bert`);
  }
  return config;
}

function resolveDtype(option: DType | 'auto' | undefined, config: BertConfig, tensors: ReadonlyMap<string, RawTensor>): DType {
  if (option === undefined) return 'float32';
  let dtype: DType;
  if (option === 'auto') {
    const fromConfig = config.torchDtype;
    const firstFloat = [...tensors.values()].map((t) => RAW_TO_DTYPE[t.dtype]).find(isFloatingDtype);
    dtype = fromConfig !== null && fromConfig !== undefined ? checkDtype(fromConfig, 'config.torch_dtype') : firstFloat ?? 'float32';
  } else dtype = checkDtype(option, 'torchDtype');
  if (!isFloatingDtype(dtype)) throw new TypeError(`torchDtype must be a floating point dtype, got ${dtype}`);
  return dtype;
}
