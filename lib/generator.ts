// torch.Generator: an independent CPU random stream (samplers, DataLoader shuffling).
import { native } from './native.js';
import type { GeneratorHandle } from './native-types.js';
import { Tensor } from './tensor.js';

export class Generator {
  /** @internal */
  readonly _h: GeneratorHandle;
  /** A generator seeded with `seed`, or (no seed) with a draw from the default generator. */
  constructor(seed?: number) {
    if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) throw new RangeError(`Generator seed must be a non-negative integer, got ${seed}`);
    this._h = native.generatorNew(seed);
  }
  manualSeed(seed: number): this {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`manualSeed needs a non-negative integer, got ${seed}`);
    native.generatorManualSeed(this._h, seed);
    return this;
  }
  initialSeed(): number {
    return native.generatorInitialSeed(this._h);
  }
  getState(): Tensor {
    return new Tensor(native.generatorGetState(this._h));
  }
  setState(state: Tensor): void {
    native.generatorSetState(this._h, state._h);
  }
}

/** A permutation of 0..n-1 drawn from `generator` (or the default generator), as torch.randperm. */
export function randpermIndices(n: number, generator?: Generator): Int32Array {
  const t = new Tensor(native.randpermWith(n, generator?._h));
  const out = Int32Array.from(t.data() as BigInt64Array, Number);
  t.dispose();
  return out;
}

/** Advances `generator` (or the default one) by one int64 draw, as DataLoader does for its base seed. */
export function drawSeed(generator?: Generator): void {
  native.generatorDrawSeed(generator?._h);
}
