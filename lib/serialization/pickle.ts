/**
 * A restricted Python unpickler: it understands the opcodes of protocols 2 to 5 that plain data needs, and it never
 * runs code. A global (class or function) is accepted only when the caller lists it; any other global stops the
 * load with an error naming it. Calls (REDUCE, NEWOBJ) and BUILD are handed to the allowed global's own handler.
 */

/** A global the pickle may use, with what calling it (REDUCE / NEWOBJ) produces. */
export interface AllowedGlobal {
  /** `module.name`, e.g. `collections.OrderedDict`. */
  readonly fullName: string;
  /** Called for REDUCE / NEWOBJ with the argument tuple. Absent: the global is a value only (e.g. a storage type). */
  readonly call?: (args: unknown[]) => unknown;
}

/** Marks a global reference on the unpickler's stack. */
export class PyGlobal {
  constructor(readonly fullName: string, readonly allowed: AllowedGlobal) {}
}

/** A Python dict (also OrderedDict). Keys are strings, numbers, bigints, booleans or null. */
export class PyDict {
  readonly items = new Map<unknown, unknown>();
  /** Attributes set by BUILD (e.g. the `_metadata` of a state dict). */
  readonly attributes = new Map<string, unknown>();
}

/** A Python tuple (kept apart from lists so that callers can check what they got). */
export class PyTuple {
  constructor(readonly items: unknown[]) {}
}

export interface UnpickleOptions {
  /** The file name for error messages. */
  file: string;
  /** `module.name` → what it may do. */
  globals: ReadonlyMap<string, AllowedGlobal>;
  /** Resolves BINPERSID / PERSID ids (torch storages). Absent: a persistent id is an error. */
  persistentLoad?: (pid: unknown) => unknown;
  /** Called for BUILD on objects that are not PyDicts; return the built object. Absent: such a BUILD is an error. */
  build?: (target: unknown, state: unknown) => unknown;
}

export interface UnpickleResult {
  value: unknown;
  /** Offset just after the STOP opcode (legacy torch files hold several pickles back to back). */
  end: number;
}

const OPCODE_NAMES: Record<number, string> = {
  0x49: 'INT',
  0x4c: 'LONG',
  0x46: 'FLOAT',
  0x53: 'STRING',
  0x56: 'UNICODE',
  0x64: 'DICT',
  0x6c: 'LIST',
  0x69: 'INST',
  0x6f: 'OBJ',
  0x67: 'GET',
  0x70: 'PUT',
  0x82: 'EXT1',
  0x83: 'EXT2',
  0x84: 'EXT4',
  0x96: 'BYTEARRAY8',
  0x97: 'NEXT_BUFFER',
  0x98: 'READONLY_BUFFER',
};

export function describePyValue(v: unknown): string {
  if (v === null) return 'None';
  if (v instanceof PyDict) return 'dict';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PyGlobal) return v.fullName;
  if (Array.isArray(v)) return 'list';
  if (v instanceof Uint8Array) return 'bytes';
  return typeof v === 'object' ? (v as object).constructor?.name ?? 'object' : typeof v;
}

/** Unpickles one pickle starting at `start`. Throws on a disallowed global, an unknown opcode or truncated data. */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions, start = 0): UnpickleResult {
  const { file } = options;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const latin1 = new TextDecoder('latin1');
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  let pos = start;

  const fail = (what: string): never => {
    throw new Error(`cannot unpickle ${file}: ${what} (at byte ${pos})`);
  };
  const need = (n: number): void => {
    if (pos + n > bytes.byteLength) fail('unexpected end of pickle data');
  };
  const u8 = (): number => {
    need(1);
    return bytes[pos++]!;
  };
  const u16 = (): number => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = (): number => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = (): number => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(`length ${v} is too large`);
    return Number(v);
  };
  const take = (n: number): Uint8Array => {
    need(n);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const line = (): string => {
    const nl = bytes.indexOf(0x0a, pos);
    if (nl < 0) fail('unexpected end of pickle data (unterminated text argument)');
    const text = latin1.decode(bytes.subarray(pos, nl));
    pos = nl + 1;
    return text;
  };
  const text = (n: number): string => {
    try {
      return utf8.decode(take(n));
    } catch {
      return fail('invalid UTF-8 in a string');
    }
  };
  const pop = (): unknown => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1]!)) fail('stack underflow');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1]!)) fail('stack underflow');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const m = marks.pop();
    if (m === undefined) fail('MARK expected');
    return stack.splice(m!);
  };
  const findGlobal = (module: string, name: string): PyGlobal => {
    const fullName = `${module}.${name}`;
    const allowed = options.globals.get(fullName);
    if (allowed === undefined) {
      throw new Error(`refusing to load ${file}: pickle references ${fullName}, which is not allowed (weights-only loader)`);
    }
    return new PyGlobal(fullName, allowed);
  };
  const call = (fn: unknown, args: unknown): unknown => {
    if (!(fn instanceof PyGlobal)) fail(`cannot call a ${describePyValue(fn)}`);
    const g = fn as PyGlobal;
    if (!(args instanceof PyTuple)) fail(`arguments of ${g.fullName} must be a tuple`);
    if (g.allowed.call === undefined) fail(`${g.fullName} cannot be called`);
    return g.allowed.call!((args as PyTuple).items);
  };
  const setItems = (target: unknown, kv: unknown[]): void => {
    if (!(target instanceof PyDict)) fail(`SETITEM(S) on a ${describePyValue(target)}`);
    if (kv.length % 2 !== 0) fail('SETITEMS with an odd number of values');
    for (let i = 0; i < kv.length; i += 2) {
      const key = kv[i];
      if (key !== null && typeof key === 'object') fail(`unsupported dict key of type ${describePyValue(key)}`);
      (target as PyDict).items.set(key, kv[i + 1]);
    }
  };
  const append = (target: unknown, values: unknown[]): void => {
    if (!Array.isArray(target)) fail(`APPEND(S) on a ${describePyValue(target)}`);
    (target as unknown[]).push(...values);
  };
  const long = (n: number): number | bigint => {
    if (n === 0) return 0;
    const b = take(n);
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };

  for (;;) {
    const opAt = pos;
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail('pickle protocol above 5');
        break;
      case 0x95: // FRAME
        u64();
        break;
      case 0x2e: // STOP
        if (stack.length !== 1 || marks.length !== 0) fail('malformed pickle: STOP with a stack that does not hold exactly one value');
        return { value: stack[0], end: pos };
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new PyDict());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new PyTuple([]));
        break;
      case 0x8f: // EMPTY_SET
        stack.push([]);
        break;
      case 0x90: // ADDITEMS
      case 0x65: {
        // APPENDS
        const items = popMark();
        append(top(), items);
        break;
      }
      case 0x91: // FROZENSET
        stack.push(popMark());
        break;
      case 0x61: {
        // APPEND
        const v = pop();
        append(top(), [v]);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const kv = popMark();
        setItems(top(), kv);
        break;
      }
      case 0x74: // TUPLE
        stack.push(new PyTuple(popMark()));
        break;
      case 0x85: // TUPLE1
        stack.push(new PyTuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        const a = pop();
        stack.push(new PyTuple([a, b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push(new PyTuple([a, b, c]));
        break;
      }
      case 0x58: // BINUNICODE
        stack.push(text(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(u8()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text(u64()));
        break;
      case 0x55: // SHORT_BINSTRING (Python 2 str)
        stack.push(latin1.decode(take(u8())));
        break;
      case 0x54: // BINSTRING
        stack.push(latin1.decode(take(u32())));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()));
        break;
      case 0x8e: // BINBYTES8
        stack.push(take(u64()));
        break;
      case 0x4a: // BININT
        need(4);
        stack.push(view.getInt32(pos, true));
        pos += 4;
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
        stack.push(long(u8()));
        break;
      case 0x8b: {
        // LONG4
        const n = u32();
        if (n > 64) fail(`LONG4 of ${n} bytes is too large`);
        stack.push(long(n));
        break;
      }
      case 0x47: // BINFLOAT (big-endian double)
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const idx = op === 0x68 ? u8() : u32();
        if (!memo.has(idx)) fail(`memo entry ${idx} is not defined`);
        stack.push(memo.get(idx));
        break;
      }
      case 0x30: // POP
        if (marks.length > 0 && stack.length === marks[marks.length - 1]) marks.pop();
        else pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        const name = line();
        stack.push(findGlobal(module, name));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL needs two strings');
        stack.push(findGlobal(module as string, name as string));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        stack.push(call(fn, args));
        break;
      }
      case 0x81: {
        // NEWOBJ: cls.__new__(cls, *args); allowed classes are constructed by their handler
        const args = pop();
        const cls = pop();
        stack.push(call(cls, args));
        break;
      }
      case 0x92: {
        // NEWOBJ_EX
        const kwargs = pop();
        const args = pop();
        const cls = pop();
        if (!(kwargs instanceof PyDict) || kwargs.items.size > 0) fail('NEWOBJ_EX with keyword arguments is not supported');
        stack.push(call(cls, args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const target = pop();
        stack.push(build(target, state));
        break;
      }
      case 0x51: {
        // BINPERSID
        const pid = pop();
        if (options.persistentLoad === undefined) fail('persistent id in a pickle that should have none');
        stack.push(options.persistentLoad!(pid));
        break;
      }
      case 0x50: {
        // PERSID
        const pid = line();
        if (options.persistentLoad === undefined) fail('persistent id in a pickle that should have none');
        stack.push(options.persistentLoad!(pid));
        break;
      }
      default:
        pos = opAt;
        fail(`unsupported pickle opcode 0x${op.toString(16).padStart(2, '0')}${OPCODE_NAMES[op] ? ` (${OPCODE_NAMES[op]})` : ''}`);
    }
  }

  function build(target: unknown, state: unknown): unknown {
    if (target instanceof PyDict) {
      // Python: setstate(state) or, for (state, slotstate), both dicts become attributes.
      const dicts = state instanceof PyTuple ? state.items : [state];
      for (const d of dicts) {
        if (d === null) continue;
        if (!(d instanceof PyDict)) fail(`BUILD state for a dict must be a dict, got ${describePyValue(d)}`);
        for (const [k, v] of (d as PyDict).items) {
          if (typeof k !== 'string') fail('BUILD attribute names must be strings');
          target.attributes.set(k as string, v);
        }
      }
      return target;
    }
    if (options.build === undefined) fail(`BUILD on a ${describePyValue(target)} is not supported`);
    return options.build!(target, state);
  }
}
