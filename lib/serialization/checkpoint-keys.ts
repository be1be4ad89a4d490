/**
 * Matching checkpoint keys to a model's keys the way transformers (4.31, `_load_pretrained_model`) does, and the
 * messages it prints about the result.
 *
 * - Legacy names: a checkpoint key containing `beta` has it replaced by `bias`, else `gamma` by `weight`
 *   (transformers' `_fix_key`, a plain substring replacement of every occurrence).
 * - Base-model prefix: when the checkpoint has no key starting with the prefix (`bert`, `roberta`, `distilbert`…)
 *   but the model does, the model's keys lose it; when the checkpoint has it and the model has not, they gain it.
 * - Missing keys are named as the (renamed) model keys, unexpected keys as the (fixed) checkpoint keys. The
 *   model's non-persistent buffers (e.g. `embeddings.position_ids`) are never unexpected, so older checkpoints
 *   that still hold them load silently.
 * - Lists are sorted (transformers 4.31 prints them in set order, which varies from run to run; later versions sort).
 */

type ShapeSource = readonly number[] | { readonly shape: readonly number[] };

export interface MismatchedKey {
  /** The key as written in the checkpoint. */
  checkpointKey: string;
  /** The model's key it would have loaded into. */
  modelKey: string;
  checkpointShape: number[];
  modelShape: number[];
}

export interface LoadReport {
  /** Model key → checkpoint key, for every model key that is loaded (same shape). */
  mapping: Map<string, string>;
  /** Model keys the checkpoint does not provide, named as transformers names them (prefix-adjusted). */
  missingKeys: string[];
  /** Checkpoint keys the model does not use (after the gamma/beta fix). */
  unexpectedKeys: string[];
  /** Keys present on both sides with different shapes; they are not in `mapping`. */
  mismatchedKeys: MismatchedKey[];
}

export interface KeyMappingOptions {
  /** The model class's `base_model_prefix`; `''` for none. */
  basePrefix: string;
  /**
   * The model's non-persistent buffer names, relative to the base model (`embeddings.position_ids`), that a
   * checkpoint may hold without them being "unexpected" (transformers drops every `named_buffers()` name).
   */
  buffers?: Iterable<string>;
  /** The class's `_keys_to_ignore_on_load_missing` (regular expressions, searched anywhere in the key). */
  keysToIgnoreOnLoadMissing?: readonly (RegExp | string)[];
  /** The class's `_keys_to_ignore_on_load_unexpected`. */
  keysToIgnoreOnLoadUnexpected?: readonly (RegExp | string)[];
  /**
   * Groups of model keys that share one tensor (tied weights, e.g. the MLM decoder and the word embeddings):
   * a key of a group is not missing when another key of the group is loaded.
   */
  tiedKeys?: readonly (readonly string[])[];
}

function shapeOf(v: ShapeSource): number[] {
  return [...(Array.isArray(v) ? (v as readonly number[]) : (v as { shape: readonly number[] }).shape)];
}

function toEntries(source: ReadonlyMap<string, ShapeSource> | Readonly<Record<string, ShapeSource>>): Array<[string, number[]]> {
  const list = source instanceof Map ? [...source] : Object.entries(source);
  return list.map(([k, v]) => [k, shapeOf(v as ShapeSource)]);
}

/** transformers' `_fix_key`: `beta` → `bias`, else `gamma` → `weight` (every occurrence). */
export function fixLegacyKey(key: string): string {
  if (key.includes('beta')) return key.replaceAll('beta', 'bias');
  if (key.includes('gamma')) return key.replaceAll('gamma', 'weight');
  return key;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

const compile = (patterns: readonly (RegExp | string)[] | undefined): RegExp[] =>
  (patterns ?? []).map((p) => (typeof p === 'string' ? new RegExp(p) : new RegExp(p.source, p.flags.replace(/[gy]/g, ''))));

/**
 * Matches checkpoint tensors to model parameters. `checkpoint` and `model` map names to shapes (or to anything
 * with a `shape`, such as RawTensors); `model` holds the model's state-dict keys (parameters and persistent
 * buffers). Throws transformers' "state dictionary … corrupted" error when a checkpoint without the prefix
 * holds a head key (e.g. `classifier.weight`) that only the prefixed model has.
 */
export function mapCheckpointKeys(
  checkpoint: ReadonlyMap<string, ShapeSource> | Readonly<Record<string, ShapeSource>>,
  model: ReadonlyMap<string, ShapeSource> | Readonly<Record<string, ShapeSource>>,
  options: KeyMappingOptions,
): LoadReport {
  const prefix = options.basePrefix;
  const dotted = `${prefix}.`;
  const loaded = toEntries(checkpoint).map(([original, shape]) => ({ original, key: fixLegacyKey(original), shape }));
  const modelEntries = toEntries(model);
  const modelShapes = new Map(modelEntries);

  const hasPrefix = prefix.length > 0 && loaded.some((l) => l.key.startsWith(prefix));
  const expectsPrefix = prefix.length > 0 && modelEntries.some(([k]) => k.startsWith(prefix));
  const removePrefix = !hasPrefix && expectsPrefix;
  const addPrefix = hasPrefix && !expectsPrefix;
  /** Model key → the name transformers compares with the checkpoint. */
  const rename = (k: string): string => (removePrefix ? (k.startsWith(dotted) ? k.slice(dotted.length) : k) : addPrefix ? dotted + k : k);

  const expected = new Map<string, string>(); // renamed → model key
  for (const [k] of modelEntries) expected.set(rename(k), k);

  if (removePrefix) {
    // transformers loads into `model.bert` then: a checkpoint key naming a head parameter would be lost.
    const notPrefixed = new Set(modelEntries.map(([k]) => k).filter((k) => !k.startsWith(dotted)));
    const corrupt = loaded.filter((l) => notPrefixed.has(l.key));
    if (corrupt.length > 0) {
      throw new Error(
        `The state dictionary of the model you are trying to load is corrupted. Are you sure it was properly saved? ` +
          `(the checkpoint has no "${dotted}" keys but holds ${corrupt.map((l) => `"${l.original}"`).join(', ')}, which only the model with the head has)`,
      );
    }
  }

  // A renamed key (gamma → weight) wins over a key that already had the new name, as in transformers.
  const byKey = new Map<string, (typeof loaded)[number]>();
  for (const l of loaded) if (!byKey.has(l.key) || l.original !== l.key) byKey.set(l.key, l);

  const buffers = new Set([...(options.buffers ?? [])].map((b) => rename(expectsPrefix ? dotted + b : b)));

  let missing = [...expected.keys()].filter((k) => !byKey.has(k));
  let unexpected = [...byKey.keys()].filter((k) => !expected.has(k) && !buffers.has(k));

  for (const group of options.tiedKeys ?? []) {
    const renamed = group.map(rename);
    const missingInGroup = missing.filter((k) => renamed.includes(k));
    if (missingInGroup.length > 0 && missingInGroup.length < renamed.length) missing = missing.filter((k) => !missingInGroup.includes(k));
  }
  for (const re of compile(options.keysToIgnoreOnLoadMissing)) missing = missing.filter((k) => !re.test(k));
  for (const re of compile(options.keysToIgnoreOnLoadUnexpected)) unexpected = unexpected.filter((k) => !re.test(k));

  const mapping = new Map<string, string>();
  const mismatchedKeys: MismatchedKey[] = [];
  for (const [key, l] of byKey) {
    const modelKey = expected.get(key);
    if (modelKey === undefined) continue;
    const modelShape = modelShapes.get(modelKey)!;
    if (sameShape(l.shape, modelShape)) mapping.set(modelKey, l.original);
    else mismatchedKeys.push({ checkpointKey: l.original, modelKey, checkpointShape: l.shape, modelShape: [...modelShape] });
  }
  mismatchedKeys.sort((a, b) => (a.checkpointKey < b.checkpointKey ? -1 : a.checkpointKey > b.checkpointKey ? 1 : 0));

  return { mapping, missingKeys: missing.sort(), unexpectedKeys: unexpected.sort(), mismatchedKeys };
}

/** Python's `repr(str)`: single quotes unless the text has a single quote and no double quote. */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's `repr(list_of_str)`, e.g. `['classifier.bias', 'classifier.weight']`. */
export function pyListRepr(items: readonly string[]): string {
  return `[${items.map(pyRepr).join(', ')}]`;
}

/** `torch.Size([9, 16])`, as a shape prints in transformers' messages. */
export function torchSizeRepr(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

export interface LoadMessage {
  level: 'warning' | 'info';
  message: string;
}

/**
 * The messages transformers logs after loading `className` from `checkpointPath` (in its order and with its
 * levels). `architectures` is the checkpoint config's `architectures`: unexpected keys are a warning only when
 * `className` is one of them, otherwise they are expected and logged at info level.
 */
export function formatLoadWarnings(
  className: string,
  checkpointPath: string,
  report: Pick<LoadReport, 'missingKeys' | 'unexpectedKeys' | 'mismatchedKeys'>,
  architectures: readonly string[] | null = null,
): LoadMessage[] {
  const out: LoadMessage[] = [];
  if (report.unexpectedKeys.length > 0) {
    out.push({
      level: architectures?.includes(className) ? 'warning' : 'info',
      message:
        `Some weights of the model checkpoint at ${checkpointPath} were not used when initializing ${className}: ` +
        `${pyListRepr(report.unexpectedKeys)}\n- This IS expected if you are initializing ${className} from the checkpoint ` +
        'of a model trained on another task or with another architecture (e.g. initializing a BertForSequenceClassification ' +
        'model from a BertForPreTraining model).\n- This IS NOT expected if you are initializing ' +
        `${className} from the checkpoint of a model that you expect to be exactly identical (initializing a ` +
        'BertForSequenceClassification model from a BertForSequenceClassification model).',
    });
  } else {
    out.push({ level: 'info', message: `All model checkpoint weights were used when initializing ${className}.\n` });
  }
  if (report.missingKeys.length > 0) {
    out.push({
      level: 'warning',
      message:
        `Some weights of ${className} were not initialized from the model checkpoint at ${checkpointPath} and are newly ` +
        `initialized: ${pyListRepr(report.missingKeys)}\nYou should probably TRAIN this model on a down-stream task to be ` +
        'able to use it for predictions and inference.',
    });
  } else if (report.mismatchedKeys.length === 0) {
    out.push({
      level: 'info',
      message:
        `All the weights of ${className} were initialized from the model checkpoint at ${checkpointPath}.\nIf your task ` +
        `is similar to the task the model of the checkpoint was trained on, you can already use ${className} for ` +
        'predictions without further training.',
    });
  }
  if (report.mismatchedKeys.length > 0) {
    const lines = report.mismatchedKeys
      .map((m) => `- ${m.checkpointKey}: found shape ${torchSizeRepr(m.checkpointShape)} in the checkpoint and ${torchSizeRepr(m.modelShape)} in the model instantiated`)
      .join('\n');
    out.push({
      level: 'warning',
      message:
        `Some weights of ${className} were not initialized from the model checkpoint at ${checkpointPath} and are newly ` +
        `initialized because the shapes did not match:\n${lines}\nYou should probably TRAIN this model on a down-stream ` +
        'task to be able to use it for predictions and inference.',
    });
  }
  return out;
}

/**
 * transformers' error when shapes differ and `ignoreMismatchedSizes` is off (what `load_state_dict` reports),
 * or null when every shape matches.
 */
export function sizeMismatchError(className: string, report: Pick<LoadReport, 'mismatchedKeys'>): Error | null {
  if (report.mismatchedKeys.length === 0) return null;
  const msgs = report.mismatchedKeys.map(
    (m) =>
      `size mismatch for ${fixLegacyKey(m.checkpointKey)}: copying a param with shape ${torchSizeRepr(m.checkpointShape)} from checkpoint, ` +
      `the shape in current model is ${torchSizeRepr(m.modelShape)}.`,
  );
  msgs.push('You may consider adding `ignoreMismatchedSizes: true` in the model `fromPretrained` options.');
  return new Error(`Error(s) in loading state_dict for ${className}:\n\t${msgs.join('\n\t')}`);
}
