// Checks of what users pass in (texts, id lists), with errors that name the position and the type found.

/** "number (42)", "null", "array", "object (Map)", ... for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} (${String(value)})`;
    case 'object': {
      const name = (value as object).constructor?.name;
      return name && name !== 'Object' ? `object (${name})` : 'object';
    }
    default:
      return typeof value;
  }
}

export interface TextBatch {
  texts: string[];
  pairs: string[] | null;
  /** False for a single string: the result then holds one row, not a list of rows. */
  batched: boolean;
}

function checkStrings(values: unknown[], name: string): string[] {
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'string') {
      const hint = Array.isArray(values[i]) ? ' (pre-tokenized input, a list of words, is not supported)' : '';
      throw new TypeError(`${name}[${i}] must be a string, got ${describe(values[i])}${hint}`);
    }
  }
  return values as string[];
}

export function checkTextInput(text: unknown, textPair: unknown): TextBatch {
  const hasPair = textPair !== undefined && textPair !== null;
  if (typeof text === 'string') {
    if (hasPair && typeof textPair !== 'string') {
      throw new TypeError(`textPair must be a string when text is a string, got ${describe(textPair)}`);
    }
    return { texts: [text], pairs: hasPair ? [textPair as string] : null, batched: false };
  }
  if (!Array.isArray(text)) {
    throw new TypeError(`text must be a string or an array of strings, got ${describe(text)}`);
  }
  const texts = checkStrings(text, 'text');
  if (!hasPair) return { texts, pairs: null, batched: true };
  if (!Array.isArray(textPair)) {
    throw new TypeError(`textPair must be an array of strings when text is an array, got ${describe(textPair)}`);
  }
  if (textPair.length !== texts.length) {
    throw new RangeError(`batch length of text (${texts.length}) does not match batch length of textPair (${textPair.length})`);
  }
  return { texts, pairs: checkStrings(textPair, 'textPair'), batched: true };
}

type ListLike = { tolist(): unknown };
const hasToList = (v: unknown): v is ListLike => typeof v === 'object' && v !== null && typeof (v as ListLike).tolist === 'function';

/** Plain values of an id list: arrays, typed arrays (also BigInt64Array) or tensors (anything with `tolist()`). */
export function toPlain(value: unknown): unknown {
  if (hasToList(value)) return value.tolist();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number | bigint>);
  return value;
}

/** A flat list of token ids as numbers; `where` names the argument in errors. */
export function toIdList(value: unknown, where: string): number[] {
  const plain = toPlain(value);
  if (!Array.isArray(plain)) throw new TypeError(`${where} must be a list of token ids, got ${describe(value)}`);
  return plain.map((id, i) => {
    const n = typeof id === 'bigint' ? Number(id) : id;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new TypeError(`${where}[${i}] must be a non-negative integer token id, got ${describe(id)}`);
    }
    return n;
  });
}
