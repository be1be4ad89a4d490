// Collectives of JS values: each is JSON-serialised into a uint8 tensor (PyTorch pickles), padded to the
// longest one so every rank sends the same shape, and decoded on arrival.
import { tensor, zeros } from '../creation.js';
import { Tensor } from '../tensor.js';
import { allGather, broadcast } from './collectives.js';
import { getRank, getWorldSize } from './process-group.js';

function encode(caller: string, value: unknown): Uint8Array {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`torch.distributed.${caller}: the object must be JSON-serialisable, got ${typeof value}`);
  return new TextEncoder().encode(json);
}

function decode(t: Tensor, length: number): unknown {
  const bytes = t.data() as Uint8Array;
  return JSON.parse(new TextDecoder().decode(bytes.subarray(0, length)));
}

function gatherLengths(n: number): number[] {
  const mine = tensor([n], { dtype: 'int64' });
  const all = Array.from({ length: getWorldSize() }, () => zeros([1], { dtype: 'int64' }));
  allGather(all, mine);
  const lengths = all.map((t) => Number((t.data() as BigInt64Array)[0]));
  for (const t of [mine, ...all]) t.dispose();
  return lengths;
}

/** Fills `objectList[r]` with rank r's `obj` on every rank (and returns the list). */
export function allGatherObject(objectList: unknown[], obj: unknown): unknown[] {
  if (!Array.isArray(objectList)) throw new TypeError('torch.distributed.allGatherObject: objectList must be an array');
  const bytes = encode('allGatherObject', obj);
  const lengths = gatherLengths(bytes.length);
  const max = Math.max(...lengths);
  const padded = new Uint8Array(max);
  padded.set(bytes);
  const mine = tensor(padded, { dtype: 'uint8' });
  const all = lengths.map(() => zeros([max], { dtype: 'uint8' }));
  allGather(all, mine);
  objectList.length = lengths.length;
  lengths.forEach((n, r) => (objectList[r] = decode(all[r]!, n)));
  for (const t of [mine, ...all]) t.dispose();
  return objectList;
}

/** Replaces every rank's `objectList` entries with rank `src`'s (default 0); the lists must have the same length. */
export function broadcastObjectList(objectList: unknown[], options: { src?: number } = {}): unknown[] {
  if (!Array.isArray(objectList)) throw new TypeError('torch.distributed.broadcastObjectList: objectList must be an array');
  const src = options.src ?? 0;
  const isSrc = getRank() === src;
  const encoded = isSrc ? objectList.map((o) => encode('broadcastObjectList', o)) : [];
  const sizes = tensor(isSrc ? encoded.map((b) => b.length) : objectList.map(() => 0), { dtype: 'int64' });
  broadcast(sizes, { src });
  const lengths = Array.from(sizes.data() as BigInt64Array, Number);
  sizes.dispose();
  const total = lengths.reduce((a, b) => a + b, 0);
  const flat = new Uint8Array(total);
  if (isSrc) {
    let at = 0;
    for (const b of encoded) {
      flat.set(b, at);
      at += b.length;
    }
  }
  const t = tensor(flat, { dtype: 'uint8' });
  broadcast(t, { src });
  const bytes = t.data() as Uint8Array;
  let at = 0;
  lengths.forEach((n, i) => {
    objectList[i] = JSON.parse(new TextDecoder().decode(bytes.subarray(at, at + n)));
    at += n;
  });
  t.dispose();
  return objectList;
}
