// Collectives of JSON-serializable values (PyTorch pickles; tstorch writes JSON): each value travels as UTF-8
// bytes in a uint8 tensor, padded to the longest, with the lengths gathered first.
import { fromBytes, tensor, zeros } from '../creation.js';
import { allGather, broadcast } from './collectives.js';
import { group } from './process-group.js';

function encode(name: string, value: unknown): Uint8Array {
  const text = JSON.stringify(value === undefined ? null : value);
  if (text === undefined) throw new TypeError(`torch.distributed.${name}: the value is not JSON-serializable`);
  return new TextEncoder().encode(text);
}
const decode = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));

/** Fills `objectList` with every rank's `obj`, in rank order, and returns it. */
export function allGatherObject<T>(objectList: T[], obj: T): T[] {
  const size = group('torch.distributed.allGatherObject').worldSize;
  const bytes = encode('allGatherObject', obj);
  const lengths = Array.from({ length: size }, () => zeros([1], { dtype: 'int64' }));
  allGather(lengths, tensor([bytes.length], { dtype: 'int64' }));
  const sizes = lengths.map((t) => Number(t.item()));
  const longest = Math.max(...sizes);
  const padded = new Uint8Array(longest);
  padded.set(bytes);
  const outputs = sizes.map(() => zeros([longest], { dtype: 'uint8' }));
  allGather(outputs, fromBytes(padded, 'uint8', [longest]));
  objectList.length = 0;
  outputs.forEach((t, r) => objectList.push(decode((t.data() as Uint8Array).subarray(0, sizes[r])) as T));
  return objectList;
}

/** Replaces every rank's `objectList` items with rank `src`'s, and returns it. */
export function broadcastObjectList<T>(objectList: T[], options: { src?: number } = {}): T[] {
  for (const k of Object.keys(options)) if (k !== 'src') throw new TypeError(`torch.distributed.broadcastObjectList: unknown option '${k}'; expected src`);
  const src = options.src ?? 0;
  const g = group('torch.distributed.broadcastObjectList');
  const bytes = g.rank === src ? encode('broadcastObjectList', objectList) : new Uint8Array(0);
  const length = tensor([bytes.length], { dtype: 'int64' });
  broadcast(length, { src });
  const n = Number(length.item());
  const data = g.rank === src ? fromBytes(bytes, 'uint8', [n]) : zeros([n], { dtype: 'uint8' });
  broadcast(data, { src });
  if (g.rank !== src) {
    const items = decode(data.data() as Uint8Array) as T[];
    if (items.length !== objectList.length)
      throw new RangeError(`torch.distributed.broadcastObjectList: rank ${src} sent ${items.length} objects but this rank's list has ${objectList.length}`);
    objectList.splice(0, objectList.length, ...items);
  }
  return objectList;
}
