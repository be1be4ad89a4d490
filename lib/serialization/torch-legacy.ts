/**
 * The legacy `torch.save` format (torch < 1.6, or `_use_new_zipfile_serialization=False`): pickles back to back —
 * the magic number, the protocol version (1001), a sys-info dict, the state dict (storages as persistent ids
 * `('storage', type, key, location, numel, view_metadata)`), the list of storage keys — followed by each storage
 * in that order as an int64 element count and the raw little-endian bytes.
 */
import { unpickle, PyDict, PyTuple } from './pickle.js';
import { DTYPE_SIZE } from './raw-tensor.js';
import { stateDictFromPickle, type TorchStorage, unpickleStateDict } from './torch-state-dict.js';
import type { TorchCheckpoint } from './torch-zip.js';

const MAGIC_NUMBER = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;
/** PROTO 2, LONG1 of 10 bytes: the start of the pickled magic number. */
const LEGACY_PREFIX = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

export function isLegacyTorchFile(bytes: Uint8Array): boolean {
  return LEGACY_PREFIX.every((b, i) => bytes[i] === b);
}

export function readLegacyTorchBytes(bytes: Uint8Array, file: string): TorchCheckpoint {
  const plain = { file, globals: new Map() };
  const magic = unpickle(bytes, plain, 0);
  if (magic.value !== MAGIC_NUMBER) throw new Error(`invalid torch checkpoint ${file}: wrong magic number`);
  const protocol = unpickle(bytes, plain, magic.end);
  if (protocol.value !== PROTOCOL_VERSION) {
    throw new Error(`invalid torch checkpoint ${file}: legacy protocol version ${String(protocol.value)} is not supported (expected ${PROTOCOL_VERSION})`);
  }
  const sysInfo = unpickle(bytes, plain, protocol.end);
  if (sysInfo.value instanceof PyDict && sysInfo.value.items.get('little_endian') === false) {
    throw new Error(`cannot load ${file}: it was saved on a big-endian machine in the legacy torch format; re-save it with torch >= 1.6`);
  }

  // Storages are created empty here and filled once their bytes (after the pickles) are read.
  const roots = new Map<string, { storage: TorchStorage; filled: boolean }>();
  const views = new Map<string, TorchStorage>();
  const loadStorage = ({ dtype, key, numel, rest }: { dtype: TorchStorage['dtype']; key: string; numel: number; rest: unknown[] }): TorchStorage => {
    let root = roots.get(key);
    if (root === undefined) {
      root = { storage: { kind: 'storage', key, dtype, numel, data: new Uint8Array(numel * DTYPE_SIZE[dtype]) }, filled: false };
      roots.set(key, root);
    } else if (root.storage.dtype !== dtype || root.storage.numel !== numel) {
      throw new Error(`invalid torch checkpoint ${file}: storage ${key} is declared twice with different types or sizes`);
    }
    const viewMeta = rest[0];
    if (viewMeta === undefined || viewMeta === null) return root.storage;
    // (view_key, offset, view_size), in elements of the root storage.
    const [viewKey, offset, size] = viewMeta instanceof PyTuple ? viewMeta.items : [];
    if (typeof viewKey !== 'string' || !Number.isSafeInteger(offset) || !Number.isSafeInteger(size)) {
      throw new Error(`invalid torch checkpoint ${file}: malformed storage view of ${key}`);
    }
    const o = offset as number;
    const n = size as number;
    if (o < 0 || n < 0 || o + n > numel) throw new Error(`invalid torch checkpoint ${file}: storage view ${viewKey} is outside storage ${key}`);
    let view = views.get(viewKey);
    if (view === undefined) {
      const itemsize = DTYPE_SIZE[dtype];
      view = { kind: 'storage', key: viewKey, dtype, numel: n, data: root.storage.data.subarray(o * itemsize, (o + n) * itemsize) };
      views.set(viewKey, view);
    }
    return view;
  };
  const main = unpickleStateDict(bytes, file, loadStorage, sysInfo.end);
  const keys = unpickle(bytes, plain, main.end);
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string')) {
    throw new Error(`invalid torch checkpoint ${file}: the storage key list is not a list of strings`);
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = keys.end;
  for (const key of keys.value as string[]) {
    const root = roots.get(key);
    if (root === undefined) throw new Error(`invalid torch checkpoint ${file}: storage ${key} is listed but no tensor uses it`);
    if (pos + 8 > bytes.byteLength) throw new Error(`invalid torch checkpoint ${file}: truncated before storage ${key}`);
    const count = view.getBigInt64(pos, true);
    pos += 8;
    if (count !== BigInt(root.storage.numel)) {
      throw new Error(`invalid torch checkpoint ${file}: storage ${key} holds ${count} elements, the pickle says ${root.storage.numel}`);
    }
    const n = root.storage.data.byteLength;
    if (pos + n > bytes.byteLength) throw new Error(`invalid torch checkpoint ${file}: truncated inside storage ${key}`);
    root.storage.data.set(bytes.subarray(pos, pos + n));
    root.filled = true;
    pos += n;
  }
  const unfilled = [...roots].filter(([, r]) => !r.filled).map(([k]) => k);
  if (unfilled.length > 0) throw new Error(`invalid torch checkpoint ${file}: no data for storage ${unfilled.join(', ')}`);
  return { tensors: stateDictFromPickle(main.value, file) };
}
