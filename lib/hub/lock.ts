// A per-blob lock file, so two processes sharing a cache do not write the same `.incomplete` file at once
// (huggingface_hub uses <cache>/.locks/<repo folder>/<etag>.lock the same way). The holder's pid is inside;
// a lock whose process is gone is stale and taken over.
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `fn` while holding the lock file `path`, waiting (polling) while another live process holds it. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, pollMs = 100): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      // Empty file: the holder is between open and write; give it a moment.
      if (holder && holder !== process.pid && !alive(holder)) await rm(path, { force: true });
      else await sleep(pollMs);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
