// A plain forward/backward/AdamW loop (no dispose, no tidy) on hf-tiny-bert must not grow with the step count: the
// outputs of each step pin ~1 MB of native memory that V8 did not see (cpp/handle.cc explains the cause and the
// fix). Each loop runs in its own child process (test/helpers/plain-loop-rss.ts), so RSS is the loop's own.
// Before the fix the plain loop grew ~1 MB per step (+1000 MB by step 1000). Now V8 collects and RSS cycles,
// measured +30 to +490 MB above the tidy loop (issue 16's target of +100 MB is not reached yet: V8 starts its
// collection late in a loop that never yields); the bound below catches the old linear growth.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers/fixtures.js';

interface Sample {
  step: number;
  rssMb: number;
}

function run(mode: 'plain' | 'tidy', steps: number): Sample[] {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', 'test/helpers/plain-loop-rss.ts', mode, String(steps), '100', fixture('hf-tiny-bert', 'model')],
    { encoding: 'utf8', timeout: 120_000 },
  );
  return out.trim().split('\n').map((line) => JSON.parse(line) as Sample);
}

describe('memory of a plain training loop', () => {
  it('does not grow with the step count (1000 steps)', { timeout: 300_000 }, () => {
    const steps = 1000;
    const tidy = run('tidy', steps);
    const plain = run('plain', steps);
    console.log(`RSS MB by step — tidy: ${tidy.map((s) => s.rssMb).join(' ')}; plain: ${plain.map((s) => s.rssMb).join(' ')}`);
    expect(plain).toHaveLength(steps / 100);
    const tidyMax = Math.max(...tidy.map((s) => s.rssMb));
    for (const s of plain) expect(s.rssMb, `step ${s.step}`).toBeLessThanOrEqual(tidyMax + 850);
    // and no growth with the step count: either V8 collected (RSS fell by 100 MB after its peak), or, with the
    // caching CPU allocator, the loop sat flat (the second half within the first half's range + 100 MB). A loop
    // that grows with the steps does neither.
    const peak = plain.reduce((i, s, k) => (s.rssMb > plain[i]!.rssMb ? k : i), 0);
    const fell = Math.min(...plain.slice(peak).map((s) => s.rssMb)) < plain[peak]!.rssMb - 100;
    const half = plain.length / 2;
    const firstMax = Math.max(...plain.slice(0, half).map((s) => s.rssMb));
    const flat = plain.slice(half).every((s) => s.rssMb <= firstMax + 100);
    expect(fell || flat, 'RSS neither fell after its peak nor stayed flat').toBe(true);
  });
});
