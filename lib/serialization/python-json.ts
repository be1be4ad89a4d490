/**
 * JSON as Python's `json` module reads and writes it, for files that must round-trip byte for byte with
 * transformers (config.json is `json.dumps(d, indent=2, sort_keys=True) + "\n"`):
 * - Python tells `1` (int) from `1.0` (float); JavaScript does not. The parser reports which integer-valued
 *   numbers were written as floats, and the writer asks which to write as floats.
 * - Floats are written like Python's `repr(float)` (`1e-05`, `1e-12`, `0.1`, `1.0`, `1e+16`).
 * - Strings are escaped with `ensure_ascii=True`; keys are sorted by code point; dicts with integer keys
 *   (a JavaScript `Map` with number keys, such as `id2label`) are sorted numerically.
 * - `NaN`, `Infinity` and `-Infinity` are read and written as Python does.
 */

/** A JSON pointer (RFC 6901) to a value, e.g. `/task_specific_params/summarization/length_penalty`. */
export type JsonPointer = string;

export function pointerJoin(base: JsonPointer, key: string | number): JsonPointer {
  return `${base}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

export interface ParsedPythonJson {
  value: unknown;
  /** Pointers of the integer-valued numbers that were written as floats (`0.0`, `1e5`). */
  floatPaths: Set<JsonPointer>;
}

/** Parses JSON text as Python's `json.loads` does (also `NaN`/`Infinity`); `file` names it in errors. */
export function parsePythonJson(text: string, file = '<json>'): ParsedPythonJson {
  const floatPaths = new Set<JsonPointer>();
  let i = 0;
  const fail = (what: string): never => {
    const lineNo = text.slice(0, i).split('\n').length;
    throw new SyntaxError(`invalid JSON in ${file}: ${what} (line ${lineNo}, offset ${i})`);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string, value: unknown): unknown => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return value;
    }
    return fail(`unexpected character ${JSON.stringify(text[i] ?? 'end of input')}`);
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('control character in a string');
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const number = (path: JsonPointer): number => {
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null) return fail('invalid number');
    i += m[0].length;
    const v = Number(m[0]);
    if (Number.isInteger(v) && (m[1] !== undefined || m[2] !== undefined)) floatPaths.add(path);
    return v;
  };
  const value = (path: JsonPointer): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a string key');
        const key = string();
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        const child = pointerJoin(path, key);
        for (const p of [...floatPaths]) if (p === child || p.startsWith(`${child}/`)) floatPaths.delete(p); // duplicate key: last wins
        Object.defineProperty(obj, key, { value: value(child), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(pointerJoin(path, arr.length)));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true', true);
    if (c === 'f') return literal('false', false);
    if (c === 'n') return literal('null', null);
    if (c === 'N') return literal('NaN', NaN);
    if (c === 'I') return literal('Infinity', Infinity);
    if (c === '-' && text.startsWith('-Infinity', i)) return literal('-Infinity', -Infinity);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number(path);
    return fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
  };
  const result = value('');
  ws();
  if (i < text.length) fail('extra data after the JSON value');
  return { value: result, floatPaths };
}

/** Python's `repr(float)`. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest digits that round-trip, as Python's repr does.
  const [mant, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  const decpt = exp + 1; // position of the decimal point relative to the digits
  if (decpt > 16 || decpt < -3) {
    const m = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** A JSON string as `json.dumps(..., ensure_ascii=True)` writes it. */
export function pythonJsonString(s: string): string {
  let out = '"';
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    const ch = s[k]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`; // UTF-16 units: surrogate pairs as Python writes them
    else out += ch;
  }
  return `${out}"`;
}

function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

export interface DumpOptions {
  /** Spaces per level (Python `indent`); `null` for compact `", "` / `": "` separators. Default 2. */
  indent?: number | null;
  /** Python `sort_keys`. Default true. */
  sortKeys?: boolean;
  /** Whether the integer-valued number at `path` is a Python float (written `1.0`). Default: never. */
  isFloat?: (path: JsonPointer) => boolean;
}

/**
 * `json.dumps(value, indent=2, sort_keys=True)` for JSON-like values: null, booleans, numbers, strings, arrays,
 * plain objects, and `Map`s (a Map with number keys is a Python dict with int keys).
 */
export function dumpsPythonJson(value: unknown, options: DumpOptions = {}): string {
  const indent = options.indent === undefined ? 2 : options.indent;
  const sortKeys = options.sortKeys ?? true;
  const isFloat = options.isFloat ?? (() => false);

  const write = (v: unknown, path: JsonPointer, depth: number): string => {
    if (v === null || v === undefined) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'number') return Number.isInteger(v) && !isFloat(path) ? String(v) : pythonFloatRepr(v);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'string') return pythonJsonString(v);
    const open = (items: string[], o: string, c: string): string => {
      if (items.length === 0) return `${o}${c}`;
      if (indent === null) return `${o}${items.join(', ')}${c}`;
      const pad = '\n' + ' '.repeat(indent * (depth + 1));
      return `${o}${pad}${items.join(`,${pad}`)}\n${' '.repeat(indent * depth)}${c}`;
    };
    if (Array.isArray(v)) return open(v.map((x, k) => write(x, pointerJoin(path, k), depth + 1)), '[', ']');
    if (typeof v === 'object') {
      let entries: Array<[string | number, unknown]> = v instanceof Map ? [...(v as Map<string | number, unknown>)] : Object.entries(v as object);
      if (sortKeys) {
        entries = entries.sort(([a], [b]) =>
          typeof a === 'number' && typeof b === 'number' ? a - b : compareCodePoints(String(a), String(b)),
        );
      }
      const sep = indent === null ? ': ' : ': ';
      return open(
        entries.map(([k, x]) => `${pythonJsonString(String(k))}${sep}${write(x, pointerJoin(path, k), depth + 1)}`),
        '{',
        '}',
      );
    }
    throw new TypeError(`cannot write a ${typeof v} as JSON (at ${path || '/'})`);
  };
  return write(value, '', 0);
}
