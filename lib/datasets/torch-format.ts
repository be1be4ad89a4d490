// The only file that touches tstorch tensors: `setFormat('torch')` turns packed columns into tensors through
// `tensor(data, { dtype, shape })` of the tensor core. The core (and libtorch) is imported in the background
// when this module loads, so data sets work — without the torch format — where the native addon is absent.
import type { PackedColumn } from './batch-columns.js';

type TensorData = Int32Array | BigInt64Array | Float32Array | Float64Array | Uint8Array;
interface TensorCore {
  tensor(data: TensorData, opts?: { dtype?: string; shape?: number[] }): unknown;
}

// A variable specifier keeps the type checker and bundlers from requiring the core at build time.
const CORE = '../index.js';
let core: TensorCore | undefined;
let loadError: unknown;
const loading: Promise<void> = import(CORE).then(
  (m: TensorCore) => {
    core = m;
  },
  (err: unknown) => {
    loadError = err;
  },
);

/** Resolves when the tensor core is loaded (or failed to load); `setFormat('torch')` data needs it. */
export async function torchReady(): Promise<void> {
  await loading;
  if (!core) throw coreMissing();
}

function coreMissing(): Error {
  const why = loadError instanceof Error ? loadError.message : 'it is still loading; `await torchReady()` first';
  return new Error(`the torch format needs the tstorch tensor core, which is not available: ${why}`, { cause: loadError });
}

function tensorCore(): TensorCore {
  if (!core) throw coreMissing();
  return core;
}

/** A packed column as a tensor (strings and ragged lists stay arrays: one tensor per row for ragged lists). */
export function packedToTensor(p: PackedColumn): unknown {
  if (p.dtype === 'string' || p.dtype === 'object') return p.data;
  const { tensor } = tensorCore();
  const data = p.data as TensorData;
  if (!p.offsets) return tensor(data, { dtype: p.dtype, shape: p.shape });
  const rows: unknown[] = [];
  for (let r = 0; r + 1 < p.offsets.length; r++) {
    const row = data.subarray(p.offsets[r]!, p.offsets[r + 1]!);
    rows.push(tensor(row, { dtype: p.dtype, shape: [row.length] }));
  }
  return rows;
}

/** One row's value of a packed single-row column: a 0-d tensor for scalars, 1-d for lists. */
export function packedRowToTensor(p: PackedColumn): unknown {
  if (p.dtype === 'string' || p.dtype === 'object') return (p.data as unknown[])[0];
  const { tensor } = tensorCore();
  const data = p.data as TensorData;
  const shape = p.shape.length === 2 ? [p.shape[1]!] : p.offsets ? [data.length] : [];
  return tensor(data, { dtype: p.dtype, shape });
}
