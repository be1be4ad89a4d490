// PreTrainedModel: what every transformers model class shares, whatever its family — its config, `fromPretrained`
// (config, weights, fast init, warnings), `fromConfig`, and `savePretrained` (config.json + model.safetensors).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { checkDtype, isFloatingDtype, type DType } from '../dtype.js';
import type { DeviceLike } from '../device.js';
import { Module } from '../nn/module.js';
import type { ModelOutput } from './modeling_outputs.js';
import type { RawTensor } from '../serialization/raw-tensor.js';
import { writeSafetensors } from '../serialization/safetensors.js';
import { stateDictRecords } from '../serialization/torch-save.js';
import { AutoConfig, readConfigAs } from './auto-config.js';
import { hintFor, PretrainedConfig, type ConfigHubOptions, type ConfigOverrides, type ProblemType } from './configuration_utils.js';
import { loadCheckpoint, SAFE_WEIGHTS_NAME } from './checkpoint.js';
import { loadWeights } from './load-weights.js';
import { RAW_TO_DTYPE } from '../serialization/tensor-records.js';

const HUB_KEYS = ['revision', 'cacheDir', 'token', 'endpoint', 'localFilesOnly', 'subfolder', 'forceDownload', 'onProgress'] as const;
const MODEL_KEYS = ['config', 'torchDtype', 'device', 'ignoreMismatchedSizes'] as const;

export interface FromPretrainedOptions extends ConfigHubOptions {
  /** Use this config instead of the checkpoint's config.json (the other config options then modify it). */
  config?: PretrainedConfig;
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
  new (config?: T['config'] | ConfigOverrides, options?: ModelInitOptions): T;
  readonly className: string;
  readonly baseModelPrefix: string;
  readonly configClass: typeof PretrainedConfig;
  readonly nonPersistentBuffers: readonly string[];
  readonly keysToIgnoreOnLoadMissing: readonly RegExp[];
  readonly keysToIgnoreOnLoadUnexpected: readonly RegExp[];
}

export abstract class PreTrainedModel<C extends PretrainedConfig = PretrainedConfig> extends Module {
  /** transformers' class name (kept explicit: bundlers may rename JS classes). */
  static readonly className: string = 'PreTrainedModel';
  /** The attribute that holds the base model in heads (`bert`, `roberta`, `distilbert`…). */
  static readonly baseModelPrefix: string = '';
  /** transformers' `config_class`: what fromPretrained reads config.json as. */
  static readonly configClass: typeof PretrainedConfig = PretrainedConfig;
  /** The base model's buffers that are not saved (a checkpoint that still holds them loads silently). */
  static readonly nonPersistentBuffers: readonly string[] = [];
  /** transformers' `_keys_to_ignore_on_load_missing` / `_unexpected`. */
  static readonly keysToIgnoreOnLoadMissing: readonly RegExp[] = [];
  static readonly keysToIgnoreOnLoadUnexpected: readonly RegExp[] = [];

  readonly config: C;

  protected constructor(config: C) {
    super();
    this.config = config;
  }

  /** The model's forward over a batch object (snake_case inputs, as transformers' keyword arguments). */
  abstract forward(inputs: Readonly<Record<string, unknown>>): ModelOutput;

  /**
   * @internal transformers' `_init_weights` for every module with a parameter not in `loaded` (fast init after
   * a checkpoint load); `null`: all of them.
   */
  abstract _initWeights(loaded: readonly string[] | null): void;

  /**
   * `[alias, name]` pairs: state-dict names that refer to another parameter (tied weights): the native models'
   * aliases, and every later name of a Parameter that two modules hold (the MLM decoder and the word embeddings).
   */
  tiedParameters(): Array<[string, string]> {
    const out = [...this._stateAliases()];
    const first = new Map<unknown, string>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, p] of m._ownParameters()) {
        const full = prefix === '' ? name : `${prefix}.${name}`;
        const seen = first.get(p);
        if (seen === undefined) first.set(p, full);
        else if (seen !== full) out.push([full, seen]);
      }
    }
    return out;
  }

  protected override get className(): string {
    return (this.constructor as typeof PreTrainedModel).className;
  }

  /** A new model with transformers' random init (`BertForSequenceClassification(config)` in Python). */
  static fromConfig<T extends PreTrainedModel>(this: PreTrainedModelClass<T>, config: T['config'] | ConfigOverrides): T {
    return new this(config);
  }

  /**
   * Python's `from_pretrained`: config.json and the weights of a local folder or hub repo. Head weights the
   * checkpoint lacks are initialized as transformers does and reported on stderr with transformers' warning.
   * The model is returned in eval mode, as in Python.
   */
  static async fromPretrained<T extends PreTrainedModel>(this: PreTrainedModelClass<T>, idOrPath: string, options: FromPretrainedOptions = {}): Promise<T> {
    const { config, hub, model: modelOptions } = await resolveModelConfig(this, idOrPath, options);
    const checkpoint = await loadCheckpoint(idOrPath, hub);

    const model = new this(config as T['config'], { initWeights: false });
    const dtype = resolveDtype(modelOptions.torchDtype, config, checkpoint.tensors);
    if (dtype !== 'float32') model.to(dtype);
    loadWeights(model, checkpoint.tensors, {
      className: this.className,
      checkpointName: idOrPath,
      architectures: config.architectures,
      keys: {
        basePrefix: this.baseModelPrefix,
        buffers: this.nonPersistentBuffers,
        keysToIgnoreOnLoadMissing: this.keysToIgnoreOnLoadMissing,
        keysToIgnoreOnLoadUnexpected: this.keysToIgnoreOnLoadUnexpected,
      },
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
    const records = stateDictRecords(this);
    for (const [alias] of this.tiedParameters()) records.delete(alias); // each tied weight once, as transformers writes
    writeSafetensors(join(dir, SAFE_WEIGHTS_NAME), records, { format: 'pt' });
    // like save_pretrained: the dtype and the class go into the config
    this.config.torchDtype = this.dtype;
    this.config.architectures = [this.className];
    this.config.savePretrained(dir);
    return dir;
  }
}

type ModelOptions = Pick<FromPretrainedOptions, (typeof MODEL_KEYS)[number]>;

/** Who reads the config: a model class (its `configClass`), or an Auto class (the config.json's model_type). */
export interface ConfigReader {
  className: string;
  configClass?: typeof PretrainedConfig;
}

/**
 * Splits fromPretrained options into hub options, model options and config overrides, and reads the config
 * (config.json with the overrides applied, or the given `config` with them set). Unknown options are an error.
 */
export async function resolveModelConfig(
  reader: ConfigReader,
  idOrPath: string,
  options: FromPretrainedOptions,
): Promise<{ config: PretrainedConfig; hub: ConfigHubOptions; model: ModelOptions }> {
  const { className, configClass } = reader;
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
    const expected = configClass ?? PretrainedConfig;
    if (!(given instanceof expected)) throw new TypeError(`${className}.fromPretrained: config must be a ${expected.name}`);
    for (const [k, v] of Object.entries(overrides)) given.set(k, v);
    return { config: given, hub: hub as ConfigHubOptions, model };
  }
  const read = { ...hub, ...overrides };
  const { config, unusedKwargs } = configClass === undefined ? await AutoConfig.fromPretrainedWithUnused(idOrPath, read) : await readConfigAs(configClass, idOrPath, read);
  const unused = Object.keys(unusedKwargs);
  if (unused.length > 0) {
    throw new TypeError(
      `${className}.fromPretrained: unknown option${unused.length > 1 ? 's' : ''} ${unused.map((n) => `"${n}"`).join(', ')}${hintFor(unused[0]!, [...HUB_KEYS, ...MODEL_KEYS, 'numLabels', 'id2label', 'label2id'])} ` +
        `(neither a hub option (${HUB_KEYS.join(', ')}), a model option (${MODEL_KEYS.join(', ')}) nor a config attribute)`,
    );
  }
  return { config, hub: hub as ConfigHubOptions, model };
}

function resolveDtype(option: DType | 'auto' | undefined, config: PretrainedConfig, tensors: ReadonlyMap<string, RawTensor>): DType {
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
