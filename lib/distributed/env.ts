// torchrun's environment (what `tstorch run` sets for each rank), read once where a default is needed.

export interface LaunchEnv {
  rank?: number;
  localRank?: number;
  worldSize?: number;
  localWorldSize?: number;
  masterAddr?: string;
  masterPort?: number;
}

function intVar(name: string, env: NodeJS.ProcessEnv, min: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new RangeError(`environment variable ${name}=${JSON.stringify(raw)}: expected an integer >= ${min}`);
  return v;
}

export function launchEnv(env: NodeJS.ProcessEnv = process.env): LaunchEnv {
  return {
    rank: intVar('RANK', env, 0),
    localRank: intVar('LOCAL_RANK', env, 0),
    worldSize: intVar('WORLD_SIZE', env, 1),
    localWorldSize: intVar('LOCAL_WORLD_SIZE', env, 1),
    masterAddr: env.MASTER_ADDR || undefined,
    masterPort: intVar('MASTER_PORT', env, 1),
  };
}

/** Loopback addresses: the Gloo device then binds 127.0.0.1 too, so a one-machine job never leaves it. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || /^127\./.test(host) || host === '::1';
}
