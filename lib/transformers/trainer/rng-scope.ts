// Each Trainer run (train, evaluate, predict) draws from its own random stream, so two runs at once in one process
// (the API is async: a server may train two models) or a predict() during training give exactly the numbers each
// gives alone. libtorch has one global generator per device, which the sampler, dropout and init draw from; a run
// swaps its stream into those generators while its code runs, and out again at every await, where other code may
// run. A run starts from the global stream as it is (after its own setSeed) and, as a run alone does in PyTorch,
// leaves the global generators in its final state when it ends. Code outside any run (a plain training loop) keeps
// using the global generators directly: PyTorch's numbers.
import { AsyncLocalStorage } from 'node:async_hooks';
import { native } from '../../native.js';
import type { RngStashHandle } from '../../native-types.js';

/** Whose stream the global generators hold now (null: the process's own), and the process's while a run holds them. */
let owner: RngScope | null = null;
let outside: RngStashHandle | null = null;

// A swap is one native call that exchanges the global generators' states with a stash's (cpp/runtime.cc): at every
// event-loop turn of a training run (bench/RESULTS.md, "Trainer overhead").
class RngScope {
  /** This run's stream while it is put away; null before its first swap-out. */
  private stash: RngStashHandle | null = null;

  /** Puts this run's stream into the global generators (saving whoever's is there). */
  claim(): void {
    if (owner === this) return;
    owner?.release();
    if (this.stash) {
      native.rngStashSwap(this.stash); // the stash now holds the process's stream
      outside = this.stash;
      this.stash = null;
    } else outside = native.rngStashCapture(); // a first claim starts from the global stream as it is
    owner = this;
  }

  /** Saves this run's stream and gives the global generators back to the process. */
  release(): void {
    if (owner !== this) return;
    native.rngStashSwap(outside!); // the process's stream back; the stash now holds this run's
    this.stash = outside;
    outside = null;
    owner = null;
  }

  /** The run is over: the process continues from the run's final state, as after a run alone. */
  end(): void {
    this.claim();
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
