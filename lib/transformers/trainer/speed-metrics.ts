// transformers' speed_metrics: runtime and throughput of a train / eval / predict run.
import { pyRound } from './py-format.js';

export function speedMetrics(split: string, startTime: number, numSamples?: number, numSteps?: number): Record<string, number> {
  const runtime = (performance.now() - startTime) / 1000;
  const out: Record<string, number> = { [`${split}_runtime`]: pyRound(runtime, 4) };
  if (runtime === 0) return out;
  if (numSamples !== undefined) out[`${split}_samples_per_second`] = pyRound(numSamples / runtime, 3);
  if (numSteps !== undefined) out[`${split}_steps_per_second`] = pyRound(numSteps / runtime, 3);
  return out;
}
