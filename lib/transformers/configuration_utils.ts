/**
 * `PretrainedConfig`, the base of every model configuration, as transformers (4.31) handles config.json. Attributes are kept under their snake_case names, exactly as in the file, and are read and
 * written through camelCase accessors (`config.hiddenSize`, `config.numLabels`). `toJSONString()` writes what
 * `save_pretrained` writes: the attributes that differ from the defaults, `json.dumps(indent=2, sort_keys=True)`
 * and a newline, so a config.json read and written again is byte-identical.
 */
import { readFileSync } from 'node:fs';

import { closestKey } from '../options.js';
import { resolveRepoFile, type ResolveOptions } from '../hub/index.js';
import { writeFileAtomic } from '../serialization/atomic-write.js';
import { dumpsPythonJson, type JsonPointer, parsePythonJson, pointerJoin } from '../serialization/python-json.js';

/** The transformers version whose behaviour this module follows; written into every config.json, as transformers writes its own. */
export const TRANSFORMERS_COMPAT_VERSION = '4.31.0';
export const CONFIG_NAME = 'config.json';

export type ProblemType = 'regression' | 'single_label_classification' | 'multi_label_classification';
const PROBLEM_TYPES: readonly ProblemType[] = ['regression', 'single_label_classification', 'multi_label_classification'];

/** How attention is computed (transformers' `attn_implementation`). */
export type AttnImplementation = 'eager' | 'sdpa';
export const ATTN_IMPLEMENTATIONS: readonly AttnImplementation[] = ['eager', 'sdpa'];
const ATTN_KEYS = ['attn_implementation', '_attn_implementation'];

/** A config as a JSON object with transformers' snake_case keys. */
export type ConfigDict = Record<string, unknown>;

/** `PretrainedConfig.__init__` defaults (4.31), in its order. `id2label`/`label2id`/`num_labels` are handled apart. */
const PRETRAINED_DEFAULTS: ReadonlyArray<readonly [string, unknown]> = [
  ['return_dict', true],
  ['output_hidden_states', false],
  ['output_attentions', false],
  ['torchscript', false],
  ['torch_dtype', null],
  ['use_bfloat16', false],
  ['tf_legacy_loss', false],
  ['pruned_heads', {}],
  ['tie_word_embeddings', true],
  ['is_encoder_decoder', false],
  ['is_decoder', false],
  ['cross_attention_hidden_size', null],
  ['add_cross_attention', false],
  ['tie_encoder_decoder', false],
  ['max_length', 20],
  ['min_length', 0],
  ['do_sample', false],
  ['early_stopping', false],
  ['num_beams', 1],
  ['num_beam_groups', 1],
  ['diversity_penalty', 0.0],
  ['temperature', 1.0],
  ['top_k', 50],
  ['top_p', 1.0],
  ['typical_p', 1.0],
  ['repetition_penalty', 1.0],
  ['length_penalty', 1.0],
  ['no_repeat_ngram_size', 0],
  ['encoder_no_repeat_ngram_size', 0],
  ['bad_words_ids', null],
  ['num_return_sequences', 1],
  ['chunk_size_feed_forward', 0],
  ['output_scores', false],
  ['return_dict_in_generate', false],
  ['forced_bos_token_id', null],
  ['forced_eos_token_id', null],
  ['remove_invalid_values', false],
  ['exponential_decay_length_penalty', null],
  ['suppress_tokens', null],
  ['begin_suppress_tokens', null],
  ['architectures', null],
  ['finetuning_task', null],
  ['tokenizer_class', null],
  ['prefix', null],
  ['bos_token_id', null],
  ['pad_token_id', null],
  ['eos_token_id', null],
  ['sep_token_id', null],
  ['decoder_start_token_id', null],
  ['task_specific_params', null],
  ['problem_type', null],
];

/** Attributes that are Python floats: an integer value set from TypeScript is written `1.0`, as Python would. */
const FLOAT_KEYS = new Set(['diversity_penalty', 'temperature', 'top_p', 'typical_p', 'repetition_penalty', 'length_penalty']);
const PRETRAINED_KEYS = new Set([...PRETRAINED_DEFAULTS.map(([k]) => k), 'id2label', 'label2id', 'num_labels']);

/** A config class's own `__init__` defaults (snake_case, in order). */
export type ConfigDefaults = ReadonlyArray<readonly [string, unknown]>;

export { HIDDEN_ACTIVATIONS } from './activation-names.js';

/** `numLabels` → snake_case. Keys without capitals (`id2label`, `hidden_size`) are unchanged. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function clone<T>(v: T): T {
  return v === null || typeof v !== 'object' ? v : (structuredClone(v) as T);
}

/** Python `==` on JSON-like values (1 == 1.0 == True). */
function pyEqual(a: unknown, b: unknown): boolean {
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : undefined);
  const na = num(a);
  const nb = num(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && na === nb;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => pyEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && pyEqual((a as ConfigDict)[k], (b as ConfigDict)[k]));
}

function labelsFor(numLabels: number): { id2label: Record<number, string>; label2id: Record<string, number> } {
  const id2label: Record<number, string> = {};
  const label2id: Record<string, number> = {};
  for (let i = 0; i < numLabels; i++) {
    id2label[i] = `LABEL_${i}`;
    label2id[`LABEL_${i}`] = i;
  }
  return { id2label, label2id };
}

/** Options of `fromPretrained` that go to the hub client rather than into the config. */
export const HUB_OPTION_KEYS = ['revision', 'cacheDir', 'token', 'endpoint', 'localFilesOnly', 'subfolder', 'forceDownload', 'onProgress'] as const;
export type ConfigHubOptions = Pick<ResolveOptions, (typeof HUB_OPTION_KEYS)[number]>;

/** Config attributes to set after loading (camelCase or snake_case), like Python's `from_pretrained(..., **kwargs)`. */
export type ConfigOverrides = Record<string, unknown>;

export interface FromPretrainedResult<C extends PretrainedConfig> {
  config: C;
  /** The options that are neither hub options nor config attributes (Python's `return_unused_kwargs`). */
  unusedKwargs: Record<string, unknown>;
}

/** How `fromDict` builds a config: `kwargs` are the file's snake_case keys, taken as they are. */
export interface RawConstruction {
  file: string | null;
  floatPaths: Set<JsonPointer>;
}

export class PretrainedConfig {
  /** transformers' `model_type` of this class (`''` for the base class). */
  static modelType = '';
  /** The subclass's own `__init__` parameters with their defaults; those PretrainedConfig also has (pad_token_id…) are passed to it. */
  static readonly ownDefaults: ConfigDefaults = [];
  /** The subclass's attributes that are Python floats. */
  static readonly floatKeys: ReadonlySet<string> = new Set();
  /** transformers' `attribute_map`: generic names (`hidden_size`) → the class's own (`dim`). */
  static readonly attributeMap: Readonly<Record<string, string>> = {};

  /** The attributes, snake_case, as Python holds them (id2label keys are written as strings). */
  protected readonly attrs = new Map<string, unknown>();
  /** Top-level keys whose value is still the one parsed from a file, and the file's float markers. */
  private readonly parsedKeys = new Set<string>();
  private parsedFloats = new Set<JsonPointer>();
  /** The file this config was read from, for error messages. */
  sourceFile: string | null = null;
  /** transformers' `_attn_implementation` (kept apart: like transformers, it is not written to config.json). */
  private attnImplementationValue: AttnImplementation | null = null;

  /**
   * Python's `cls(**kwargs)`: `kwargs` may use camelCase or snake_case keys (`{ numLabels: 3 }` or `{ num_labels: 3 }`).
   * Unknown keys become extra attributes, kept and written back like the rest.
   */
  constructor(kwargs: ConfigOverrides = {}, internal?: RawConstruction) {
    this.sourceFile = internal?.file ?? null;
    this.init(internal === undefined ? PretrainedConfig.normalize(kwargs) : { ...kwargs });
    if (internal !== undefined) this.markParsed(Object.keys(kwargs), internal.floatPaths);
  }

  /** Turns camelCase keys into snake_case (a key given both ways is an error). */
  protected static normalize(kwargs: ConfigOverrides): ConfigDict {
    const out: ConfigDict = {};
    for (const [k, v] of Object.entries(kwargs)) {
      const key = snakeCase(k);
      if (Object.prototype.hasOwnProperty.call(out, key)) throw new TypeError(`config option "${key}" is given twice (as "${k}" and in snake_case)`);
      out[key] = v;
    }
    return out;
  }

  /** The subclass's `__init__`: its own parameters, then PretrainedConfig's (which keeps the rest). */
  protected init(kwargs: ConfigDict): void {
    const cls = this.constructor as typeof PretrainedConfig;
    const k: ConfigDict = {};
    for (const [key, v] of Object.entries(kwargs)) k[cls.attributeMap[key] ?? key] = v;
    const own: Array<[string, unknown]> = [];
    for (const [key, dflt] of cls.ownDefaults) {
      const v = Object.prototype.hasOwnProperty.call(k, key) ? k[key] : clone(dflt);
      if (PRETRAINED_KEYS.has(key)) k[key] = v;
      else {
        own.push([key, v]);
        delete k[key];
      }
    }
    this.initPretrained(k);
    for (const [key, v] of own) this.attrs.set(key, v);
  }

  /** `PretrainedConfig.__init__`: pops the known attributes with their defaults, keeps the rest. */
  private initPretrained(kwargs: ConfigDict): void {
    const k = { ...kwargs };
    const pop = (key: string, dflt: unknown): unknown => {
      const has = Object.prototype.hasOwnProperty.call(k, key);
      const v = has ? k[key] : dflt;
      delete k[key];
      return has ? v : clone(dflt);
    };
    for (const [key, dflt] of PRETRAINED_DEFAULTS) {
      if (key === 'problem_type') continue;
      this.attrs.set(key, pop(key, dflt));
    }

    const id2label = pop('id2label', null);
    const label2id = pop('label2id', null);
    if (label2id !== null && (typeof label2id !== 'object' || Array.isArray(label2id))) throw new TypeError(this.where('label2id must be an object {label: id}'));
    this.attrs.set('label2id', label2id);
    if (id2label !== null) {
      this.attrs.set('id2label', this.checkId2label(id2label));
      delete k.num_labels; // Python ignores num_labels when id2label is given
    } else {
      this.attrs.set('id2label', null);
      this.numLabels = this.checkNumLabels(pop('num_labels', 2));
    }

    // `attn_implementation` is the constructor's name for it, `_attn_implementation` the attribute's
    const attn = pop('_attn_implementation', pop('attn_implementation', null));
    this.attnImplementation = attn as AttnImplementation | null;

    const problemType = pop('problem_type', null);
    this.attrs.set('problem_type', this.checkProblemType(problemType));
    this.attrs.set('_name_or_path', String(pop('name_or_path', '') ?? ''));
    delete k._commit_hash;
    this.attrs.set('transformers_version', pop('transformers_version', null));
    for (const [key, v] of Object.entries(k)) this.attrs.set(key, v);
  }

  protected where(what: string): string {
    return this.sourceFile === null ? `invalid ${this.constructor.name}: ${what}` : `invalid config ${this.sourceFile}: ${what}`;
  }

  private checkId2label(v: unknown): Record<number, string> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TypeError(this.where('id2label must be an object {id: label}'));
    const out: Record<number, string> = {};
    const source = v instanceof Map ? Object.fromEntries(v) : (v as Record<string, unknown>);
    for (const [key, label] of Object.entries(source)) {
      if (!/^-?\d+$/.test(key)) throw new TypeError(this.where(`id2label key ${JSON.stringify(key)} is not an integer`));
      out[Number(key)] = label as string;
    }
    return out;
  }

  private checkNumLabels(v: unknown): number {
    if (!Number.isSafeInteger(v) || (v as number) < 0) throw new RangeError(this.where(`num_labels must be a non-negative integer, got ${JSON.stringify(v)}`));
    return v as number;
  }

  private checkProblemType(v: unknown): ProblemType | null {
    if (v !== null && !PROBLEM_TYPES.includes(v as ProblemType)) {
      throw new TypeError(this.where(`problem_type ${JSON.stringify(v)} is not one of ${PROBLEM_TYPES.join(', ')}`));
    }
    return v as ProblemType | null;
  }

  // ---- generic access -------------------------------------------------------------------------------------

  /** Whether the config has this attribute (camelCase or snake_case), as Python's `hasattr`. */
  has(key: string): boolean {
    const k = this.attrName(key);
    return this.attrs.has(k) || k === 'num_labels' || k === 'name_or_path' || k === 'model_type' || k === 'use_return_dict' || ATTN_KEYS.includes(k);
  }

  /** An attribute by camelCase or snake_case name (`undefined` when absent). */
  get(key: string): unknown {
    const k = this.attrName(key);
    if (k === 'num_labels') return this.numLabels;
    if (k === 'name_or_path') return this.nameOrPath;
    if (k === 'model_type') return this.modelType;
    if (k === 'use_return_dict') return this.useReturnDict;
    if (ATTN_KEYS.includes(k)) return this.attnImplementation;
    return this.attrs.get(k);
  }

  /** Python's `setattr(config, key, value)`; `num_labels`, `id2label` and `problem_type` keep their rules. */
  set(key: string, value: unknown): this {
    const k = this.attrName(key);
    if (k === 'num_labels') this.numLabels = this.checkNumLabels(value);
    else if (k === 'name_or_path') this.nameOrPath = String(value);
    else if (k === 'id2label') this.setAttr('id2label', this.checkId2label(value));
    else if (k === 'problem_type') this.setAttr('problem_type', this.checkProblemType(value));
    else if (ATTN_KEYS.includes(k)) this.attnImplementation = value as AttnImplementation | null;
    else if (k === 'model_type' || k === 'use_return_dict') throw new TypeError(`config attribute ${k} cannot be set`);
    else this.setAttr(k, value);
    return this;
  }

  /** snake_case, through the class's attribute_map. */
  private attrName(key: string): string {
    const k = snakeCase(key);
    return (this.constructor as typeof PretrainedConfig).attributeMap[k] ?? k;
  }

  protected setAttr(key: string, value: unknown): void {
    this.parsedKeys.delete(key);
    this.attrs.set(key, value);
  }

  protected num(key: string): number {
    return this.attrs.get(key) as number;
  }

  // ---- typed accessors --------------------------------------------------------------------------------------

  /** `hidden_size`, which every model family has (under its attribute_map name where that differs, as in Python). */
  get hiddenSize(): number {
    return this.num(this.attrName('hidden_size'));
  }
  set hiddenSize(v: number) {
    this.setAttr(this.attrName('hidden_size'), v);
  }

  /**
   * The attention kernel: `'eager'` (transformers 4.31's softmax, dropout and matmul; its dropout draws match
   * Python's), `'sdpa'` (scaled_dot_product_attention, libtorch 2.x), or null until a model is built from the
   * config, which then sets the default: `'sdpa'` on libtorch 2.x, `'eager'` on 1.x.
   */
  get attnImplementation(): AttnImplementation | null {
    return this.attnImplementationValue;
  }
  set attnImplementation(v: AttnImplementation | null) {
    if (v !== null && !ATTN_IMPLEMENTATIONS.includes(v)) {
      throw new TypeError(this.where(`attnImplementation ${JSON.stringify(v)} is not one of ${ATTN_IMPLEMENTATIONS.map((n) => `'${n}'`).join(', ')}`));
    }
    this.attnImplementationValue = v;
  }


  get modelType(): string {
    return (this.constructor as typeof PretrainedConfig).modelType;
  }
  get numLabels(): number {
    const m = this.attrs.get('id2label') as Record<number, string> | null;
    return m === null ? 0 : Object.keys(m).length;
  }
  /** Python's setter: a different count replaces id2label/label2id by `LABEL_0…LABEL_{n-1}`. */
  set numLabels(n: number) {
    this.checkNumLabels(n);
    if (this.attrs.get('id2label') === null || this.numLabels !== n) {
      const { id2label, label2id } = labelsFor(n);
      this.setAttr('id2label', id2label);
      this.setAttr('label2id', label2id);
    }
  }
  get id2label(): Record<number, string> {
    return this.attrs.get('id2label') as Record<number, string>;
  }
  /** Sets id2label only (label2id is left as is, as in Python). */
  set id2label(v: Record<number, string>) {
    this.setAttr('id2label', this.checkId2label(v));
  }
  get label2id(): Record<string, number> | null {
    return this.attrs.get('label2id') as Record<string, number> | null;
  }
  set label2id(v: Record<string, number> | null) {
    this.setAttr('label2id', v);
  }
  get problemType(): ProblemType | null {
    return this.attrs.get('problem_type') as ProblemType | null;
  }
  set problemType(v: ProblemType | null) {
    this.setAttr('problem_type', this.checkProblemType(v));
  }
  get architectures(): string[] | null {
    return this.attrs.get('architectures') as string[] | null;
  }
  set architectures(v: string[] | null) {
    this.setAttr('architectures', v);
  }
  get finetuningTask(): string | null {
    return this.attrs.get('finetuning_task') as string | null;
  }
  get padTokenId(): number | null {
    return this.attrs.get('pad_token_id') as number | null;
  }
  set padTokenId(v: number | null) {
    this.setAttr('pad_token_id', v);
  }
  get bosTokenId(): number | null {
    return this.attrs.get('bos_token_id') as number | null;
  }
  get eosTokenId(): number | null {
    return this.attrs.get('eos_token_id') as number | null;
  }
  get sepTokenId(): number | null {
    return this.attrs.get('sep_token_id') as number | null;
  }
  get torchDtype(): string | null {
    return this.attrs.get('torch_dtype') as string | null;
  }
  set torchDtype(v: string | null) {
    this.setAttr('torch_dtype', v);
  }
  get returnDict(): boolean {
    return this.attrs.get('return_dict') as boolean;
  }
  get useReturnDict(): boolean {
    return Boolean(this.attrs.get('return_dict')) && !this.attrs.get('torchscript');
  }
  get outputHiddenStates(): boolean {
    return this.attrs.get('output_hidden_states') as boolean;
  }
  set outputHiddenStates(v: boolean) {
    this.setAttr('output_hidden_states', v);
  }
  get outputAttentions(): boolean {
    return this.attrs.get('output_attentions') as boolean;
  }
  set outputAttentions(v: boolean) {
    this.setAttr('output_attentions', v);
  }
  get isDecoder(): boolean {
    return this.attrs.get('is_decoder') as boolean;
  }
  get addCrossAttention(): boolean {
    return this.attrs.get('add_cross_attention') as boolean;
  }
  get tieWordEmbeddings(): boolean {
    return this.attrs.get('tie_word_embeddings') as boolean;
  }
  get chunkSizeFeedForward(): number {
    return this.num('chunk_size_feed_forward');
  }
  get nameOrPath(): string {
    return this.attrs.get('_name_or_path') as string;
  }
  set nameOrPath(v: string) {
    this.setAttr('_name_or_path', String(v));
  }
  /** The `transformers_version` of the file this config came from (null when built in code). */
  get transformersVersion(): string | null {
    return this.attrs.get('transformers_version') as string | null;
  }

  // ---- serialisation ----------------------------------------------------------------------------------------

  /** Python's `to_dict()`: every attribute, snake_case, plus `model_type` and `transformers_version`. */
  toDict(): ConfigDict {
    const out: ConfigDict = {};
    for (const [k, v] of this.attrs) if (k !== 'model_type') out[k] = clone(v);
    out.model_type = this.modelType;
    // Like transformers, the writer records its own version (the file's stays readable as `transformersVersion`).
    out.transformers_version = TRANSFORMERS_COMPAT_VERSION;
    return out;
  }

  /** Python's `to_diff_dict()`: what `save_pretrained` writes — attributes that differ from the defaults. */
  toDiffDict(): ConfigDict {
    const dict = this.toDict();
    const base = new PretrainedConfig().toDict();
    const ctor = this.constructor as new () => PretrainedConfig;
    const own = new ctor().toDict();
    const out: ConfigDict = {};
    for (const [k, v] of Object.entries(dict)) {
      const inBase = Object.prototype.hasOwnProperty.call(base, k);
      const inOwn = Object.prototype.hasOwnProperty.call(own, k);
      if (!inBase || k === 'transformers_version' || !pyEqual(v, base[k]) || (inOwn && !pyEqual(v, own[k]))) out[k] = v;
    }
    return out;
  }

  /** The snake_case object `save_pretrained` writes (so that `JSON.stringify(config)` gives config.json's content). */
  toJSON(): ConfigDict {
    return this.toDiffDict();
  }

  /** config.json's text exactly as transformers writes it: `json.dumps(d, indent=2, sort_keys=True) + "\n"`. */
  toJSONString(useDiff = true): string {
    const dict = useDiff ? this.toDiffDict() : this.toDict();
    // Python holds id2label with int keys: they sort as numbers.
    const id2label = dict.id2label;
    const value: Record<string, unknown> = { ...dict };
    if (id2label !== null && typeof id2label === 'object') {
      value.id2label = new Map(Object.entries(id2label as Record<string, unknown>).map(([k, v]) => [Number(k), v]));
    }
    return `${dumpsPythonJson(value, { indent: 2, sortKeys: true, isFloat: (p) => this.isFloatAt(p) })}\n`;
  }

  private isFloatAt(pointer: JsonPointer): boolean {
    const top = pointer.split('/')[1]!.replaceAll('~1', '/').replaceAll('~0', '~');
    if (this.parsedKeys.has(top)) return this.parsedFloats.has(pointer);
    const own = (this.constructor as typeof PretrainedConfig).floatKeys;
    return pointer === pointerJoin('', top) && (FLOAT_KEYS.has(top) || own.has(top));
  }

  /** Writes `<dir>/config.json` (atomically), as `save_pretrained` does. */
  savePretrained(dir: string): string {
    const path = `${dir.replace(/[\\/]+$/, '')}/${CONFIG_NAME}`;
    this.toJSONFile(path);
    return path;
  }

  /** Writes the config to a JSON file (atomically). */
  toJSONFile(path: string, useDiff = true): void {
    writeFileAtomic(path, [Buffer.from(this.toJSONString(useDiff), 'utf8')]);
  }

  // ---- construction from files ------------------------------------------------------------------------------

  /**
   * Python's `from_dict(config_dict, **kwargs)`: builds the config from the file's snake_case dict, then sets
   * each override that names an existing attribute. Returns the overrides that did not.
   */
  static fromDictWithUnused<C extends PretrainedConfig>(
    this: new (kwargs?: ConfigOverrides, internal?: RawConstruction) => C,
    dict: ConfigDict,
    overrides: ConfigOverrides = {},
    source: { file?: string; floatPaths?: Set<JsonPointer> } = {},
  ): FromPretrainedResult<C> {
    const config = new this(dict, { file: source.file ?? null, floatPaths: source.floatPaths ?? new Set() });
    config.validate();

    const kw = PretrainedConfig.normalize(overrides);
    if ('num_labels' in kw && 'id2label' in kw && kw.id2label !== undefined) {
      const n = kw.id2label === null ? 0 : Object.keys(kw.id2label as object).length;
      if (n !== kw.num_labels) {
        throw new TypeError(
          `You passed along \`numLabels: ${String(kw.num_labels)}\` with an incompatible id to label map (${n} labels). ` +
            'Since those options are inconsistent with each other, you should remove one of them.',
        );
      }
    }
    const unusedKwargs: Record<string, unknown> = {};
    for (const [original, value] of Object.entries(overrides)) {
      const key = snakeCase(original);
      if (config.has(key) && key !== 'model_type' && key !== 'use_return_dict') config.set(key, value);
      else unusedKwargs[original] = value;
    }
    config.validate();
    return { config, unusedKwargs };
  }

  /** `fromDictWithUnused` for callers that pass only config attributes: an unknown override is an error. */
  static fromDict<C extends PretrainedConfig>(
    this: (new (kwargs?: ConfigOverrides, internal?: RawConstruction) => C) & typeof PretrainedConfig,
    dict: ConfigDict,
    overrides: ConfigOverrides = {},
  ): C {
    const { config, unusedKwargs } = this.fromDictWithUnused(dict, overrides);
    rejectUnused(unusedKwargs, this.name);
    return config as C;
  }

  private markParsed(keys: string[], floats: Set<JsonPointer>): void {
    for (const k of keys) this.parsedKeys.add(k === 'name_or_path' ? '_name_or_path' : k);
    this.parsedFloats = floats;
  }

  /** Reads a config.json file (no overrides). */
  static fromJSONFile<C extends PretrainedConfig>(this: (new (kwargs?: ConfigOverrides, internal?: RawConstruction) => C) & typeof PretrainedConfig, path: string): C {
    const { dict, floatPaths } = readConfigFile(path);
    return this.fromDictWithUnused(dict, {}, { file: path, floatPaths }).config as C;
  }

  /**
   * Python's `<Class>.from_pretrained(id_or_path, **kwargs)`: reads config.json from a local folder, a JSON file or
   * a hub repo (hub options: revision, cacheDir, token, endpoint, localFilesOnly, subfolder, forceDownload), then
   * applies the remaining options as attribute overrides. An option that is neither is an error.
   */
  static async fromPretrained<C extends PretrainedConfig>(
    this: (new (kwargs?: ConfigOverrides, internal?: RawConstruction) => C) & typeof PretrainedConfig,
    idOrPath: string,
    options: ConfigHubOptions & ConfigOverrides = {},
  ): Promise<C> {
    const { hub, overrides } = splitOptions(options);
    const { path, dict, floatPaths } = await loadConfigDict(idOrPath, hub);
    if (dict.model_type !== undefined && this.modelType !== '' && dict.model_type !== this.modelType) {
      throw new TypeError(`${path} is a config of model type "${String(dict.model_type)}", not "${this.modelType}" (${this.name})`);
    }
    const { config, unusedKwargs } = this.fromDictWithUnused(dict, overrides, { file: path, floatPaths });
    rejectUnused(unusedKwargs, this.name);
    return config as C;
  }

  /** Checks the attributes; subclasses add their own rules. Throws naming the attribute and the file. */
  validate(): void {
    const labels = this.attrs.get('id2label');
    if (labels === null || typeof labels !== 'object') throw new TypeError(this.where('id2label must be an object'));
    for (const key of ['pad_token_id', 'bos_token_id', 'eos_token_id', 'sep_token_id', 'decoder_start_token_id']) {
      const v = this.attrs.get(key);
      if (v !== null && v !== undefined && !Number.isSafeInteger(v)) throw new TypeError(this.where(`${key} must be an integer or null, got ${JSON.stringify(v)}`));
    }
  }
}

/** ` (did you mean 'x'?)` for a typo of one of `known`, else ''. */
export function hintFor(key: string, known: readonly string[]): string {
  const hint = closestKey(key, known);
  return hint ? ` (did you mean '${hint}'?)` : '';
}

export function rejectUnused(unused: Record<string, unknown>, className: string): void {
  const names = Object.keys(unused);
  if (names.length > 0) {
    throw new TypeError(
      `${className}.fromPretrained: unknown option${names.length > 1 ? 's' : ''} ${names.map((n) => `"${n}"`).join(', ')}${hintFor(names[0]!, HUB_OPTION_KEYS)} ` +
        `(neither a hub option (${HUB_OPTION_KEYS.join(', ')}) nor a config attribute)`,
    );
  }
}

export function splitOptions(options: Record<string, unknown>): { hub: ConfigHubOptions; overrides: ConfigOverrides } {
  const hub: Record<string, unknown> = {};
  const overrides: ConfigOverrides = {};
  for (const [k, v] of Object.entries(options)) {
    if ((HUB_OPTION_KEYS as readonly string[]).includes(k)) {
      if (v !== undefined) hub[k] = v;
    } else overrides[k] = v;
  }
  return { hub: hub as ConfigHubOptions, overrides };
}

function readConfigFile(path: string): { dict: ConfigDict; floatPaths: Set<JsonPointer> } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read config ${path}: ${(err as Error).message}`);
  }
  const { value, floatPaths } = parsePythonJson(text, path);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`invalid config ${path}: the file must hold a JSON object`);
  return { dict: value as ConfigDict, floatPaths };
}

/** Finds config.json (a `.json` path is used as is) and reads it. */
export async function loadConfigDict(
  idOrPath: string,
  hub: ConfigHubOptions,
): Promise<{ path: string; dict: ConfigDict; floatPaths: Set<JsonPointer> }> {
  let path: string | null;
  if (idOrPath.endsWith('.json')) path = idOrPath;
  else {
    path = await resolveRepoFile(idOrPath, CONFIG_NAME, hub);
    if (path === null) throw new Error(`${idOrPath} does not appear to have a file named ${CONFIG_NAME}`);
  }
  return { path, ...readConfigFile(path) };
}
