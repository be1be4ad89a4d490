/**
 * What `torch.save(state_dict)` pickles, seen through the restricted unpickler: the allow-listed globals, storages
 * and the rebuild of (possibly strided) tensor views into contiguous RawTensors. Shared by the zip format
 * (torch >= 1.6) and the legacy format.
 */
import { type AllowedGlobal, describePyValue, PyDict, PyGlobal, PyTuple, unpickle } from './pickle.js';
import { DTYPE_SIZE, type RawDType, type RawTensor } from './raw-tensor.js';

/** torch's typed storage classes (as pickled in the persistent ids) and their element types. */
export const STORAGE_DTYPES: Readonly<Record<string, RawDType>> = {
  'torch.DoubleStorage': 'F64',
  'torch.FloatStorage': 'F32',
  'torch.HalfStorage': 'F16',
  'torch.BFloat16Storage': 'BF16',
  'torch.LongStorage': 'I64',
  'torch.IntStorage': 'I32',
  'torch.ShortStorage': 'I16',
  'torch.CharStorage': 'I8',
  'torch.ByteStorage': 'U8',
  'torch.BoolStorage': 'BOOL',
};

/** A storage loaded from the checkpoint: `numel` elements of `dtype`, little-endian. */
export interface TorchStorage {
  readonly kind: 'storage';
  readonly key: string;
  readonly dtype: RawDType;
  readonly numel: number;
  readonly data: Uint8Array;
}

/**
 * A tensor produced by `_rebuild_tensor_v2` / `_rebuild_parameter`: a view of a storage, turned into a RawTensor
 * only once the whole pickle is read (legacy files store the storages' bytes after the pickle).
 */
export class TorchTensorRecord {
  constructor(
    readonly storage: TorchStorage,
    readonly offset: number,
    readonly size: number[],
    readonly stride: number[],
  ) {}

  materialize(file: string): RawTensor {
    return rebuildTensorView(this.storage, this.offset, this.size, this.stride, file);
  }
}

function isStorage(v: unknown): v is TorchStorage {
  return typeof v === 'object' && v !== null && (v as TorchStorage).kind === 'storage';
}

function intTuple(v: unknown, what: string, file: string): number[] {
  const items = v instanceof PyTuple ? v.items : Array.isArray(v) ? v : null;
  if (items === null || !items.every((d) => Number.isSafeInteger(d))) {
    throw new Error(`invalid torch checkpoint ${file}: tensor ${what} must be a tuple of integers, got ${describePyValue(v)}`);
  }
  return items as number[];
}

/**
 * Copies the view `(offset, size, stride)` of a storage into a contiguous RawTensor. A view that is already
 * contiguous is returned as a subarray of the storage without a copy.
 */
export function rebuildTensorView(storage: TorchStorage, offset: number, size: number[], stride: number[], file: string): RawTensor {
  const where = `invalid torch checkpoint ${file}: tensor view of storage ${storage.key}`;
  if (size.length !== stride.length) throw new Error(`${where} has ${size.length} sizes but ${stride.length} strides`);
  if (size.some((d) => d < 0)) throw new Error(`${where} has a negative size [${size.join(', ')}]`);
  if (offset < 0) throw new Error(`${where} has a negative storage offset ${offset}`);
  const itemsize = DTYPE_SIZE[storage.dtype];
  const numel = size.reduce((a, b) => a * b, 1);
  const shape = [...size];
  if (numel === 0) return { dtype: storage.dtype, shape, data: new Uint8Array(0) };
  if (stride.some((s) => s < 0)) throw new Error(`${where} has a negative stride [${stride.join(', ')}]`);
  const last = offset + size.reduce((acc, d, i) => acc + (d - 1) * stride[i]!, 0);
  if (last >= storage.numel) {
    throw new Error(`${where} reaches element ${last} but the storage has ${storage.numel} elements`);
  }

  let contiguous = true;
  let expected = 1;
  for (let i = size.length - 1; i >= 0; i--) {
    if (size[i] !== 1 && stride[i] !== expected) contiguous = false;
    expected *= size[i]!;
  }
  if (contiguous) {
    return { dtype: storage.dtype, shape, data: storage.data.subarray(offset * itemsize, (offset + numel) * itemsize) };
  }

  const out = new Uint8Array(numel * itemsize);
  const index = new Array<number>(size.length).fill(0);
  let src = offset;
  for (let n = 0; n < numel; n++) {
    out.set(storage.data.subarray(src * itemsize, (src + 1) * itemsize), n * itemsize);
    for (let d = size.length - 1; d >= 0; d--) {
      index[d]!++;
      src += stride[d]!;
      if (index[d]! < size[d]!) break;
      src -= index[d]! * stride[d]!;
      index[d] = 0;
    }
  }
  return { dtype: storage.dtype, shape, data: out };
}

function rebuildTensorV2(file: string) {
  return (args: unknown[]): TorchTensorRecord => {
    // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    if (args.length < 4) throw new Error(`invalid torch checkpoint ${file}: _rebuild_tensor_v2 called with ${args.length} arguments`);
    const [storage, offset] = args;
    if (!isStorage(storage)) throw new Error(`invalid torch checkpoint ${file}: tensor storage is a ${describePyValue(storage)}`);
    if (!Number.isSafeInteger(offset)) throw new Error(`invalid torch checkpoint ${file}: storage offset must be an integer`);
    const size = intTuple(args[2], 'size', file);
    const stride = intTuple(args[3], 'stride', file);
    if (size.length !== stride.length) {
      throw new Error(`invalid torch checkpoint ${file}: tensor view has ${size.length} sizes but ${stride.length} strides`);
    }
    return new TorchTensorRecord(storage, offset as number, size, stride);
  };
}

function rebuildParameter(file: string) {
  return (args: unknown[]): TorchTensorRecord => {
    // (data, requires_grad, backward_hooks[, state])
    if (!(args[0] instanceof TorchTensorRecord)) throw new Error(`invalid torch checkpoint ${file}: _rebuild_parameter of a ${describePyValue(args[0])}`);
    return args[0];
  };
}

/** The globals a weights-only load of a state dict may reference. */
export function stateDictGlobals(file: string): Map<string, AllowedGlobal> {
  const entries: AllowedGlobal[] = [
    { fullName: 'collections.OrderedDict', call: () => new PyDict() },
    { fullName: 'builtins.dict', call: () => new PyDict() },
    { fullName: 'torch._utils._rebuild_tensor_v2', call: rebuildTensorV2(file) },
    { fullName: 'torch._utils._rebuild_parameter', call: rebuildParameter(file) },
    { fullName: 'torch._utils._rebuild_parameter_with_state', call: rebuildParameter(file) },
    // torch.device('cpu') can appear among the values; it is inert.
    { fullName: 'torch.device', call: (args) => `device(${args.map(String).join(', ')})` },
    ...Object.keys(STORAGE_DTYPES).map((fullName) => ({ fullName })),
  ];
  return new Map(entries.map((g) => [g.fullName, g]));
}

/** Parses a persistent id `('storage', storage_type, key, location, numel, ...)` into its parts. */
export function parseStoragePid(pid: unknown, file: string): { dtype: RawDType; key: string; numel: number; rest: unknown[] } {
  const items = pid instanceof PyTuple ? pid.items : null;
  if (items === null || items[0] !== 'storage' || items.length < 5) {
    throw new Error(`invalid torch checkpoint ${file}: unsupported persistent id ${describePyValue(pid)} (expected a ('storage', ...) tuple)`);
  }
  const [, type, key, , numel] = items;
  if (!(type instanceof PyGlobal)) throw new Error(`invalid torch checkpoint ${file}: storage type is a ${describePyValue(type)}`);
  const dtype = STORAGE_DTYPES[type.fullName];
  if (dtype === undefined) throw new Error(`invalid torch checkpoint ${file}: unsupported storage type ${type.fullName}`);
  if (typeof key !== 'string' && !Number.isSafeInteger(key)) throw new Error(`invalid torch checkpoint ${file}: storage key must be a string`);
  if (!Number.isSafeInteger(numel) || (numel as number) < 0) throw new Error(`invalid torch checkpoint ${file}: storage size must be a non-negative integer`);
  return { dtype, key: String(key), numel: numel as number, rest: items.slice(5) };
}

/** Turns the unpickled top-level object into name → RawTensor; it must be a dict of tensors. */
export function stateDictFromPickle(value: unknown, file: string): Map<string, RawTensor> {
  if (!(value instanceof PyDict)) {
    throw new Error(`invalid torch checkpoint ${file}: expected a state dict (a dict of tensors), got a ${describePyValue(value)}`);
  }
  const out = new Map<string, RawTensor>();
  for (const [k, v] of value.items) {
    if (typeof k !== 'string') throw new Error(`invalid torch checkpoint ${file}: state dict key ${String(k)} is not a string`);
    if (!(v instanceof TorchTensorRecord)) {
      throw new Error(`invalid torch checkpoint ${file}: state dict entry "${k}" is a ${describePyValue(v)}, not a tensor`);
    }
    out.set(k, v.materialize(file));
  }
  return out;
}

/**
 * Unpickles a state-dict pickle whose storages `loadStorage` provides. Returns the top-level value; pass it to
 * `stateDictFromPickle` once every storage holds its bytes.
 */
export function unpickleStateDict(
  bytes: Uint8Array,
  file: string,
  loadStorage: (pid: ReturnType<typeof parseStoragePid>) => TorchStorage,
  start = 0,
): { value: unknown; end: number } {
  const { value, end } = unpickle(
    bytes,
    {
      file,
      globals: stateDictGlobals(file),
      persistentLoad: (pid) => loadStorage(parseStoragePid(pid, file)),
      build: (target, _state) => {
        // Parameters and tensors may carry Python attributes; they do not change the data.
        if (target instanceof TorchTensorRecord) return target;
        throw new Error(`invalid torch checkpoint ${file}: BUILD on a ${describePyValue(target)}`);
      },
    },
    start,
  );
  return { value, end };
}
