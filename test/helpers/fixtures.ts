import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared, read-only fixtures folder: `$TSTORCH_FIXTURES`, else `../shared/fixtures` beside the repo. */
export const fixturesDir = process.env.TSTORCH_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures');

export function fixture(...parts: string[]): string {
  const path = join(fixturesDir, ...parts);
  if (!existsSync(path)) throw new Error(`fixture not found: ${path} (set TSTORCH_FIXTURES to the fixtures folder)`);
  return path;
}
