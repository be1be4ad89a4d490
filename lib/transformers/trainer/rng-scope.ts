// Each Trainer run (train, evaluate, predict) draws from its own random stream, so two runs at once in one process
// (the API is async: a server may train two models) or a predict() during training give exactly the numbers each
// gives alone. libtorch has one global generator per device, which the sampler, dropout and init draw from; a run
// swaps its stream into those generators while its code runs, and out again at every await, where other code may
// run. A run starts from the global stream as it is (after its own setSeed) and, as a run alone does in PyTorch,
// leaves the global generators in its final state when it ends. Code outside any run (a plain training loop) keeps
// using the global generators directly: PyTorch's numbers.
import { AsyncLocalStorage } from 'node:async_hooks';
import { cuda } from '../../device.js';
import { native } from '../../native.js';
import { Tensor } from '../../tensor.js';

/** The state of every global generator: the CPU one, then each CUDA device's. */
function capture(): Tensor[] {
  const states = [new Tensor(native.getRngState())];
  const gpus = cuda.isAvailable() ? cuda.deviceCount() : 0;
  for (let i = 0; i < gpus; i++) states.push(new Tensor(native.getRngState(i)));
  return states;
}

function restore(states: Tensor[]): void {
  states.forEach((s, i) => native.setRngState(s._h, i === 0 ? undefined : i - 1));
  for (const s of states) s.dispose();
}

/** Whose stream the global generators hold now (null: the process's own), and the process's while a run holds them. */
let owner: RngScope | null = null;
let outside: Tensor[] | null = null;

class RngScope {
  /** This run's stream while it is put away; null before its first swap-out. */
  private states: Tensor[] | null = null;

  /** Puts this run's stream into the global generators (saving whoever's is there). */
  claim(): void {
    if (owner === this) return;
    owner?.release();
    outside = capture();
    if (this.states) restore(this.states);
    this.states = null;
    owner = this;
  }

  /** Saves this run's stream and gives the global generators back to the process. */
  release(): void {
    if (owner !== this) return;
    this.states = capture();
    if (outside) restore(outside);
    outside = null;
    owner = null;
  }

  /** The run is over: the process continues from the run's final state, as after a run alone. */
  end(): void {
    this.claim();
    for (const s of outside ?? []) s.dispose();
    outside = null;
    owner = null;
  }
}

const current = new AsyncLocalStorage<RngScope>();

/** Runs `run` (a Trainer's train/evaluate/predict) on its own random stream; a nested call shares its caller's. */
export function inOwnRngStream<T>(run: () => Promise<T>): Promise<T> {
  if (current.getStore()) return run();
  const scope = new RngScope();
  return current.run(scope, async () => {
    scope.claim();
    try {
      return await run();
    } finally {
      scope.end();
    }
  });
}

/**
 * Awaits `wait` with the current run's stream put away, so whatever runs meanwhile (another run, the caller's own
 * code) neither draws from it nor sees it; the run's stream is back when this resolves. Every await inside a run
 * goes through here.
 */
export async function awaitOutsideRun<T>(wait: Promise<T> | T): Promise<T> {
  const scope = current.getStore();
  if (!scope) return wait;
  scope.release();
  try {
    return await wait;
  } finally {
    scope.claim();
  }
}
