// Where this process stands in a distributed job, as transformers' TrainingArguments sees it: the initialized
// default process group when there is one, else torchrun's environment (WORLD_SIZE, RANK, LOCAL_RANK) that
// `tstorch run` sets, else a single process.
import { getRank, getWorldSize, isInitialized } from '../distributed/process-group.js';

export interface DistributedEnv {
  worldSize: number;
  rank: number;
  localRank: number;
}

function envInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`TrainingArguments: the environment variable ${name} must be a non-negative integer, got '${text}' (set by tstorch run)`);
  return n;
}

export function distributedEnv(): DistributedEnv {
  const localRank = envInt('LOCAL_RANK', 0);
  if (isInitialized()) return { worldSize: getWorldSize(), rank: getRank(), localRank };
  const worldSize = envInt('WORLD_SIZE', 1);
  const rank = envInt('RANK', 0);
  if (worldSize < 1 || rank >= worldSize) throw new RangeError(`TrainingArguments: RANK ${rank} is out of range for WORLD_SIZE ${worldSize}; expected 0 <= RANK < WORLD_SIZE`);
  return { worldSize, rank, localRank };
}
