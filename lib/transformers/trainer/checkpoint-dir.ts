// Checkpoint folders: written whole into a hidden temporary folder in outputDir, every file fsynced, then
// renamed to checkpoint-<step> (a rename within a folder is atomic). A process killed mid-save leaves only the
// hidden folder, which later runs remove; the previous checkpoints are never touched until the new one exists.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

export const PREFIX_CHECKPOINT_DIR = 'checkpoint';
const TEMP_PREFIX = '.tmp-checkpoint-';
const CHECKPOINT_RE = /^checkpoint-(\d+)$/;

function fsyncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // folders cannot be opened for fsync on some platforms (Windows); the rename is still atomic there
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary folders left by processes that died while saving (or deleting) a checkpoint. */
export function removeStaleTemporaries(outputDir: string): void {
  if (!existsSync(outputDir)) return;
  for (const name of readdirSync(outputDir)) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const pid = Number(/-pid(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) continue;
    rmSync(join(outputDir, name), { recursive: true, force: true });
  }
}

/**
 * Writes a checkpoint folder: `fill(tempDir)` writes the files, then the folder is synced and renamed to
 * `outputDir/checkpoint-<step>` (replacing an existing folder of that name). Returns the final path.
 */
export function writeCheckpointDir(outputDir: string, step: number, fill: (dir: string) => void): string {
  mkdirSync(outputDir, { recursive: true });
  const finalDir = join(outputDir, `${PREFIX_CHECKPOINT_DIR}-${step}`);
  const temp = join(outputDir, `${TEMP_PREFIX}${step}-pid${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(temp);
  try {
    fill(temp);
    for (const name of readdirSync(temp)) fsyncPath(join(temp, name));
    fsyncPath(temp);
    if (existsSync(finalDir)) {
      // move the old folder out of the way first: checkpoint-<step> is then either the old or the new one
      const old = join(outputDir, `${TEMP_PREFIX}${step}-pid${process.pid}-old-${randomBytes(4).toString('hex')}`);
      renameSync(finalDir, old);
      renameSync(temp, finalDir);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(temp, finalDir);
    }
    fsyncPath(outputDir);
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    throw err;
  }
  return finalDir;
}

/** checkpoint-<n> folders of outputDir, oldest (lowest step) first; the best one moved next to the end, as transformers. */
export function sortedCheckpoints(outputDir: string, bestModelCheckpoint: string | null = null): string[] {
  if (!existsSync(outputDir)) return [];
  const found = readdirSync(outputDir)
    .map((name) => ({ name, m: CHECKPOINT_RE.exec(name) }))
    .filter(({ name, m }) => m !== null && statSync(join(outputDir, name)).isDirectory())
    .sort((a, b) => Number(a.m![1]) - Number(b.m![1]))
    .map(({ name }) => join(outputDir, name));
  if (bestModelCheckpoint !== null) {
    const best = found.findIndex((p) => resolve(p) === resolve(bestModelCheckpoint));
    // transformers' swap loop: the best checkpoint bubbles up to the second-to-last place, so rotation keeps it
    for (let i = best; best >= 0 && i < found.length - 2; i++) [found[i], found[i + 1]] = [found[i + 1]!, found[i]!];
  }
  return found;
}

/** Deletes the oldest checkpoints beyond saveTotalLimit, never the best one (transformers' _rotate_checkpoints). */
export function rotateCheckpoints(outputDir: string, saveTotalLimit: number | null, bestModelCheckpoint: string | null): string[] {
  if (saveTotalLimit === null || saveTotalLimit <= 0) return [];
  const sorted = sortedCheckpoints(outputDir, bestModelCheckpoint);
  if (sorted.length <= saveTotalLimit) return [];
  let limit = saveTotalLimit;
  // with a limit of 1 keep the last one too when it is not the best, so training can still be resumed
  if (bestModelCheckpoint !== null && saveTotalLimit === 1 && resolve(sorted[sorted.length - 1]!) !== resolve(bestModelCheckpoint)) limit = 2;
  const doomed = sorted.slice(0, Math.max(0, sorted.length - limit));
  for (const dir of doomed) deleteCheckpoint(dir);
  return doomed;
}

/** Renames first, so a half-deleted folder never looks like a checkpoint. */
export function deleteCheckpoint(dir: string): void {
  const parent = resolve(dir, '..');
  const trash = join(parent, `${TEMP_PREFIX}delete-pid${process.pid}-${randomBytes(4).toString('hex')}`);
  renameSync(dir, trash);
  rmSync(trash, { recursive: true, force: true });
}

/** The checkpoint folder with the highest step in `folder`, or null (transformers' get_last_checkpoint). */
export function getLastCheckpoint(folder: string): string | null {
  const all = sortedCheckpoints(folder);
  return all.length === 0 ? null : all[all.length - 1]!;
}
