// Validates a tokenizer.json at load against the schema the Rust `tokenizers` library reads: the model (WordPiece,
// BPE, Unigram, WordLevel) with its vocab and merges, and every normalizer, pre-tokenizer, post-processor and
// decoder (Sequence ones recursively). A bad file fails here with the file and the field's JSON path
// ("tokenizer.json: model.vocab["hello"] must be ..."), not later inside tokenize() or decode() with a message
// from deep inside the tokenizer runtime.

import * as runtime from '@huggingface/tokenizers';

type Check = (v: unknown, path: string) => void;

class SchemaError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}...` : v)}`;
  return isObject(v) ? 'an object' : `${typeof v} ${String(v)}`;
}

const fail = (path: string, expected: string, v: unknown): never => {
  throw new SchemaError(`${path} must be ${expected}, got ${describe(v)}`);
};

const str: Check = (v, p) => void (typeof v === 'string' || fail(p, 'a string', v));
const bool: Check = (v, p) => void (typeof v === 'boolean' || fail(p, 'a boolean', v));
const count: Check = (v, p) => void ((Number.isSafeInteger(v) && (v as number) >= 0) || fail(p, 'a non-negative integer', v));
const num: Check = (v, p) => void ((typeof v === 'number' && Number.isFinite(v)) || fail(p, 'a finite number', v));
const nullable = (c: Check): Check => (v, p) => (v === null ? undefined : c(v, p));
const oneOf = (...values: string[]): Check => (v, p) => void (values.includes(v as string) || fail(p, `one of ${values.map((x) => `"${x}"`).join(', ')}`, v));
const listOf = (c: Check): Check => (v, p) => {
  if (!Array.isArray(v)) fail(p, 'a list', v);
  (v as unknown[]).forEach((x, i) => c(x, `${p}[${i}]`));
};
const pair = (a: Check, b: Check): Check => (v, p) => {
  if (!Array.isArray(v) || v.length !== 2) fail(p, 'a pair [token, id]', v);
  a((v as unknown[])[0], `${p}[0]`);
  b((v as unknown[])[1], `${p}[1]`);
};
/** An object whose listed fields, when present, pass their checks (other fields are kept, as serde ignores them). */
const fields = (spec: Record<string, Check>): Check => (v, p) => {
  if (!isObject(v)) fail(p, 'an object', v);
  for (const [key, check] of Object.entries(spec)) {
    const value = (v as Record<string, unknown>)[key];
    if (value !== undefined) check(value, `${p}.${key}`);
  }
};
const required = (...keys: string[]): Check => (v, p) => {
  for (const key of keys) if ((v as Record<string, unknown>)[key] === undefined) throw new SchemaError(`${p} has no "${key}"`);
};
const all = (...checks: Check[]): Check => (v, p) => checks.forEach((c) => c(v, p));

/** A Split/Replace pattern: `{ "String": s }` or `{ "Regex": r }`, the regex compiled now rather than at tokenize time. */
const pattern: Check = (v, p) => {
  if (!isObject(v) || (typeof v.String !== 'string' && typeof v.Regex !== 'string')) fail(p, 'a pattern {"String": ...} or {"Regex": ...}', v);
  const regex = (v as Record<string, unknown>).Regex;
  if (typeof regex === 'string') compileRegex(regex, `${p}.Regex`);
};

/**
 * Compiles a tokenizers (Oniguruma) regex exactly as the tokenizer runtime will, through its Split pre-tokenizer
 * (which rewrites Oniguruma syntax that JavaScript lacks): an invalid one fails here, naming its field.
 */
// exported by the runtime though not in its type declarations; without it the runtime's own load reports the file
const SplitPreTokenizer = (runtime as unknown as { SplitPreTokenizer?: new (config: unknown) => unknown }).SplitPreTokenizer;

function compileRegex(source: string, path: string): void {
  if (!SplitPreTokenizer) return;
  try {
    new SplitPreTokenizer({ type: 'Split', pattern: { Regex: source }, behavior: 'Isolated', invert: false } as never);
  } catch (err) {
    throw new SchemaError(`${path} is not a valid regular expression: ${(err as Error).message}`);
  }
}

/** A component object (`{"type": ...}`) of one of `types`; Sequence components hold a list of the same kind. */
function component(kind: string, types: Record<string, Check>, sequenceKey: string): Check {
  const check: Check = (v, p) => {
    if (!isObject(v)) fail(p, `a ${kind} object with a "type"`, v);
    const type = (v as Record<string, unknown>).type;
    if (type === 'Sequence') return listOf(check)((v as Record<string, unknown>)[sequenceKey], `${p}.${sequenceKey}`);
    const own = types[type as string];
    if (!own) fail(`${p}.type`, `a ${kind} type (one of ${['Sequence', ...Object.keys(types)].join(', ')})`, type);
    own!(v, p);
  };
  return check;
}

const NORMALIZERS: Record<string, Check> = {
  BertNormalizer: fields({ clean_text: bool, handle_chinese_chars: bool, strip_accents: nullable(bool), lowercase: bool }),
  Lowercase: fields({}),
  NFC: fields({}),
  NFD: fields({}),
  NFKC: fields({}),
  NFKD: fields({}),
  Nmt: fields({}),
  StripAccents: fields({}),
  Strip: fields({ strip_left: bool, strip_right: bool }),
  Prepend: all(required('prepend'), fields({ prepend: str })),
  Replace: all(required('pattern', 'content'), fields({ pattern, content: str })),
  Precompiled: fields({ precompiled_charsmap: nullable(str) }),
  ByteLevel: fields({}),
};

const SPLIT_BEHAVIOR = oneOf('Removed', 'Isolated', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous');
const PRE_TOKENIZERS: Record<string, Check> = {
  BertPreTokenizer: fields({}),
  Whitespace: fields({}),
  WhitespaceSplit: fields({}),
  ByteLevel: fields({ add_prefix_space: bool, trim_offsets: bool, use_regex: bool }),
  Metaspace: all(required('replacement'), fields({ replacement: str, add_prefix_space: bool, prepend_scheme: oneOf('always', 'never', 'first'), split: bool })),
  Split: all(required('pattern'), fields({ pattern, behavior: SPLIT_BEHAVIOR, invert: bool })),
  Punctuation: fields({ behavior: SPLIT_BEHAVIOR }),
  Digits: fields({ individual_digits: bool }),
  Replace: all(required('pattern', 'content'), fields({ pattern, content: str })),
  CharDelimiterSplit: all(required('delimiter'), fields({ delimiter: str })),
  UnicodeScripts: fields({}),
  FixedLength: fields({ length: count }),
};

const templatePiece: Check = (v, p) => {
  if (!isObject(v)) return fail(p, 'a template piece {"SpecialToken": ...} or {"Sequence": ...}', v);
  if (isObject(v.SpecialToken)) return fields({ id: str, type_id: count })(v.SpecialToken, `${p}.SpecialToken`);
  if (isObject(v.Sequence)) return fields({ id: oneOf('A', 'B'), type_id: count })(v.Sequence, `${p}.Sequence`);
  fail(p, 'a template piece {"SpecialToken": ...} or {"Sequence": ...}', v);
};
const specialTokens: Check = (v, p) => {
  if (!isObject(v)) fail(p, 'an object of special tokens', v);
  for (const [name, t] of Object.entries(v as Record<string, unknown>))
    all(required('id', 'ids', 'tokens'), fields({ id: str, ids: listOf(count), tokens: listOf(str) }))(t, `${p}["${name}"]`);
};
const POST_PROCESSORS: Record<string, Check> = {
  TemplateProcessing: all(required('single', 'pair', 'special_tokens'), fields({ single: listOf(templatePiece), pair: listOf(templatePiece), special_tokens: specialTokens })),
  BertProcessing: all(required('sep', 'cls'), fields({ sep: pair(str, count), cls: pair(str, count) })),
  RobertaProcessing: all(required('sep', 'cls'), fields({ sep: pair(str, count), cls: pair(str, count), trim_offsets: bool, add_prefix_space: bool })),
  ByteLevel: fields({ add_prefix_space: bool, trim_offsets: bool, use_regex: bool }),
};

const DECODERS: Record<string, Check> = {
  ByteLevel: fields({}),
  WordPiece: fields({ prefix: str, cleanup: bool }),
  Metaspace: all(required('replacement'), fields({ replacement: str, add_prefix_space: bool, prepend_scheme: oneOf('always', 'never', 'first'), split: bool })),
  BPEDecoder: fields({ suffix: str }),
  CTC: fields({ pad_token: str, word_delimiter_token: str, cleanup: bool }),
  Replace: all(required('pattern', 'content'), fields({ pattern, content: str })),
  Fuse: fields({}),
  Strip: fields({ content: str, start: count, stop: count }),
  ByteFallback: fields({}),
};

const tokenToId: Check = (v, p) => {
  if (!isObject(v)) fail(p, 'an object {token: id}', v);
  for (const [token, id] of Object.entries(v as Record<string, unknown>)) count(id, `${p}[${JSON.stringify(token)}]`);
};
/** BPE merges: "a b" strings (tokenizers < 0.20) or [a, b] pairs. */
const merge: Check = (v, p) => {
  if (typeof v === 'string') return void (v.split(' ').length === 2 || fail(p, 'a merge "left right" (two tokens split by one space)', v));
  pair(str, str)(v, p);
};
const MODELS: Record<string, Check> = {
  WordPiece: all(required('vocab'), fields({ vocab: tokenToId, unk_token: str, continuing_subword_prefix: str, max_input_chars_per_word: count })),
  WordLevel: all(required('vocab'), fields({ vocab: tokenToId, unk_token: nullable(str) })),
  BPE: all(
    required('vocab', 'merges'),
    fields({
      vocab: tokenToId,
      merges: listOf(merge),
      dropout: nullable(num),
      unk_token: nullable(str),
      continuing_subword_prefix: nullable(str),
      end_of_word_suffix: nullable(str),
      fuse_unk: bool,
      byte_fallback: bool,
      ignore_merges: bool,
    }),
  ),
  Unigram: all(required('vocab'), fields({ vocab: listOf(pair(str, num)), unk_id: nullable(count), byte_fallback: bool })),
};

const addedToken = all(
  required('id', 'content'),
  fields({ id: count, content: str, single_word: bool, lstrip: bool, rstrip: bool, normalized: bool, special: bool }),
);

const TOKENIZER_JSON = fields({
  version: str,
  truncation: nullable(fields({ max_length: count, stride: count, strategy: str, direction: oneOf('Left', 'Right') })),
  padding: nullable(fields({ pad_id: count, pad_type_id: count, pad_token: str, direction: oneOf('Left', 'Right'), pad_to_multiple_of: nullable(count) })),
  added_tokens: listOf(addedToken),
  normalizer: nullable(component('normalizer', NORMALIZERS, 'normalizers')),
  pre_tokenizer: nullable(component('pre-tokenizer', PRE_TOKENIZERS, 'pretokenizers')),
  post_processor: nullable(component('post-processor', POST_PROCESSORS, 'processors')),
  decoder: nullable(component('decoder', DECODERS, 'decoders')),
});

/**
 * Throws an Error naming `where` (the file) and the JSON path of the first field that does not fit the schema.
 * `modelType` is the model's type, given or inferred (see inferModelType).
 */
export function validateTokenizerJson(json: Record<string, unknown>, modelType: string, where: string): void {
  try {
    TOKENIZER_JSON(json, '');
    const model = MODELS[modelType];
    if (!model) fail('model.type', `one of ${Object.keys(MODELS).join(', ')}`, modelType);
    model!(json.model, 'model');
    checkVocabRefs(json, modelType);
  } catch (err) {
    if (!(err instanceof SchemaError)) throw err;
    throw new Error(`${where}: ${err.message.replace(/^\./, '')}`);
  }
}

/** Ids and tokens that point into the vocabulary must exist there. */
function checkVocabRefs(json: Record<string, unknown>, modelType: string): void {
  const model = json.model as Record<string, unknown>;
  if (modelType === 'Unigram') {
    const size = (model.vocab as unknown[]).length;
    if (typeof model.unk_id === 'number' && model.unk_id >= size) fail('model.unk_id', `an id below the vocab size ${size}`, model.unk_id);
    return;
  }
  const vocab = model.vocab as Record<string, number>;
  // the runtime maps unknown text to unk_token's id: one outside the vocabulary has none
  if (typeof model.unk_token === 'string' && !Object.hasOwn(vocab, model.unk_token)) fail('model.unk_token', 'a token of model.vocab', model.unk_token);
  if (modelType === 'BPE') {
    (model.merges as unknown[]).forEach((m, i) => {
      const [a, b] = typeof m === 'string' ? m.split(' ') : (m as string[]);
      for (const t of [a!, b!]) if (!Object.hasOwn(vocab, t)) fail(`model.merges[${i}]`, `a merge of tokens in model.vocab ("${t}" is not)`, m);
    });
  }
}
