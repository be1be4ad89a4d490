// The Trainer's loops give the event loop a turn between steps (timers, I/O, Ctrl-C, native finalizers, another
// run in the same process), but not after every step: a turn, with the swap of random streams around it, cost
// ~80 µs, 2 % of hf-tiny-bert's training step (bench/RESULTS.md, "Trainer overhead"). Steps longer than the
// interval still get a turn after each one.
import { awaitOutsideRun } from './rng-scope.js';

/** At most this long between two turns of the event loop (half the 50 ms a task may take before it is "long"). */
const TURN_EVERY_MS = 25;

export class LoopTurns {
  #last = performance.now();

  /**
   * A turn of the event loop to await when the last one was TURN_EVERY_MS or more ago, else undefined: nothing to
   * await, since inside a run every await must swap the random streams (rng-scope.ts).
   */
  due(): Promise<void> | undefined {
    if (performance.now() - this.#last < TURN_EVERY_MS) return undefined;
    return awaitOutsideRun(new Promise<void>((r) => setImmediate(r))).then(() => {
      this.#last = performance.now();
    });
  }
}
