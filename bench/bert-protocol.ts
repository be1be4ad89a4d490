// What bench/bert.ts and its two workers (bench/bert-worker.ts, bench/bert.py) say to each other, one JSON object a
// line: the driver sends {setup: Case} once (answer {ready, torch, threads}), then {mode, steps} per round (answer a
// RoundResult: per-step means over the round's steps).
export interface Case {
  name: string;
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  batch: number;
  seq: number;
  vocab: number;
  labels: number;
}
/**
 * eval: forward under no-grad in eval mode. train: forward with labels + backward + model zero-grad (defaults).
 * adamw: train + AdamW step + optimizer zero-grad. loop: the tutorial's native loop (DataLoader batch, forward,
 * backward, AdamW, linear schedule, zero-grad).
 */
export type Mode = 'eval' | 'train' | 'adamw' | 'loop';
export const MODES: Mode[] = ['eval', 'train', 'adamw', 'loop'];
export interface RoundResult {
  /** Wall milliseconds per step. */
  wallMs: number;
  /** Process CPU milliseconds (user + system, all threads) per step. */
  cpuMs: number;
  /** Minor page faults per step. */
  minflt: number;
}
