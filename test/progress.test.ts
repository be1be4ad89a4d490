// ProgressBar vs tqdm's output format (tqdm/std.py format_meter, format_interval, format_num, Bar),
// on fake TTY and non-TTY streams with a fake clock.
import { describe, expect, it } from 'vitest';
import { ProgressBar, type ProgressBarOptions } from '../lib/utils/index.js';
import { formatInterval, formatNum } from '../lib/utils/progress-format.js';

function fakeStream(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (s: string) => writes.push(s), text: () => writes.join('') };
}
function setup(isTTY: boolean, options: ProgressBarOptions = {}, columns?: number) {
  let t = 1000;
  const file = fakeStream(isTTY, columns);
  const bar = new ProgressBar({ total: 100, file, clock: () => t, ...options });
  return { bar, file, at: (seconds: number) => (t = 1000 + seconds) };
}

describe('ProgressBar on a TTY', () => {
  it("draws tqdm's line in place: percent, eighth-block bar, count, elapsed<remaining, rate, postfix", () => {
    const { bar, file, at } = setup(true);
    expect(file.writes).toEqual(['\r  0%|          | 0/100 [00:00<?, ?it/s]']);
    at(10);
    bar.update(45);
    // 45% of a 10-cell bar = 4 full cells + 4/8 of the next ('▌'); rate 45/10 = 4.5/s; 55 left -> 12.2 s
    expect(file.writes.at(-1)).toBe('\r 45%|████▌     | 45/100 [00:10<00:12,  4.50it/s]');
    bar.setPostfix({ loss: 0.123, lr: 5e-5, step: 45 });
    expect(file.writes.at(-1)).toBe('\r 45%|████▌     | 45/100 [00:10<00:12,  4.50it/s, loss=0.123, lr=5e-5, step=45]');
    expect(bar.n).toBe(45);
    expect(bar.total).toBe(100);
  });

  it('throttles redraws to mininterval and smooths the rate (EMA 0.3, bias-corrected)', () => {
    const { bar, file, at } = setup(true);
    at(0.05);
    bar.update();
    expect(file.writes).toHaveLength(1); // < 0.1 s since the last draw
    at(1);
    bar.update(9); // first measurement: 10 in 1 s
    expect(file.writes.at(-1)).toContain('10/100 [00:01<00:09, 10.00it/s]');
    at(3);
    bar.update(10); // 10 in 2 s; EMA: dn (0.3·10 + 0.7·3)/0.51 = 10, dt (0.3·2 + 0.7·0.3)/0.51 = 1.588… -> 6.30/s
    expect(file.writes.at(-1)).toContain('20/100 [00:03<00:12,  6.30it/s]');
  });

  it('close() keeps the final line with the overall average rate and ends it with a newline', () => {
    const { bar, file, at } = setup(true, { desc: 'train' });
    at(20);
    bar.update(100);
    at(25);
    bar.close();
    expect(file.writes.at(-1)).toBe('\rtrain: 100%|██████████| 100/100 [00:25<00:00,  4.00it/s]\n');
    bar.update(5);
    bar.close();
    expect(file.writes.at(-1)).toBe('\rtrain: 100%|██████████| 100/100 [00:25<00:00,  4.00it/s]\n');
  });

  it('fills the terminal width and never writes a line longer than it', () => {
    const { bar, file, at } = setup(true, {}, 60);
    at(2);
    bar.update(33);
    const line = file.writes.at(-1)!.slice(1);
    expect(line).toHaveLength(60);
    // the text takes 5 + 33 characters, leaving 22 cells: 0.33·22·8 = 58 eighths = 7 full cells + 2/8 ('▎')
    expect(line).toBe(' 33%|███████▎              | 33/100 [00:02<00:04, 16.50it/s]');
    bar.setDescription('a very long description that does not fit');
    expect(file.writes.at(-1)!.slice(1)).toHaveLength(60);
  });

  it('pads over a longer previous line; leave: false erases the bar', () => {
    const { bar, file } = setup(true, { leave: false, total: null });
    bar.setPostfixStr('a long postfix text');
    const long = file.writes.at(-1)!.length;
    bar.setPostfixStr('');
    expect(file.writes.at(-1)!.length).toBe(long);
    bar.close();
    expect(file.writes.at(-1)).toMatch(/^\r +\r$/);
  });

  it('slow loops show s/it; no total shows counts only; long runs show hours', () => {
    const slow = setup(true);
    slow.at(4);
    slow.bar.update(2);
    expect(slow.file.writes.at(-1)).toBe('\r  2%|▏         | 2/100 [00:04<03:16,  2.00s/it]');
    const open = setup(true, { total: null, unit: 'batch' });
    open.at(3);
    open.bar.update(12);
    expect(open.file.writes.at(-1)).toBe('\r12batch [00:03,  4.00batch/s]');
    const long = setup(true);
    long.at(3725);
    long.bar.update(50);
    // 50 in 3725 s = 74.5 s per iteration, 50 more to go
    expect(long.file.writes.at(-1)).toBe('\r 50%|█████     | 50/100 [1:02:05<1:02:05, 74.50s/it]');
  });

  it('ASCII bars', () => {
    const { bar, file, at } = setup(true, { ascii: true });
    at(1);
    bar.update(37);
    expect(file.writes.at(-1)).toContain(' 37%|###7      |');
  });
});

describe('ProgressBar on a non-TTY stream (logs, CI)', () => {
  it('writes no carriage returns and only one line, at close', () => {
    const { bar, file, at } = setup(false);
    for (let i = 1; i <= 100; i++) {
      at(i * 0.25);
      bar.update();
      if (i === 50) bar.setPostfix({ loss: 1.6084 });
    }
    expect(file.writes).toEqual([]);
    bar.close();
    expect(file.writes).toEqual(['100%|██████████| 100/100 [00:25<00:00,  4.00it/s, loss=1.61]\n']);
    expect(file.text()).not.toContain('\r');
  });

  it('with logInterval, at most one line per interval', () => {
    const { bar, file, at } = setup(false, { logInterval: 30 });
    for (let s = 1; s <= 100; s++) {
      at(s);
      bar.update();
    }
    bar.close();
    expect(file.writes).toHaveLength(4); // at 30 s, 60 s, 90 s, and the final line
    expect(file.writes[0]).toBe(' 30%|███       | 30/100 [00:30<01:10,  1.00it/s]\n');
    expect(file.text()).not.toContain('\r');
  });

  it('leave: false prints nothing; disable prints nothing on either kind of stream but still counts', () => {
    const quiet = setup(false, { leave: false });
    quiet.bar.update(3);
    quiet.bar.close();
    expect(quiet.file.writes).toEqual([]);
    for (const tty of [true, false]) {
      const off = setup(tty, { disable: true });
      off.bar.update(7);
      off.bar.setPostfix({ loss: 1 });
      off.bar.close();
      expect(off.file.writes).toEqual([]);
      expect(off.bar.n).toBe(7);
    }
  });

  it('defaults to process.stderr', () => {
    const writes: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((s: string) => writes.push(s) > 0) as typeof process.stderr.write;
    try {
      const bar = new ProgressBar({ total: 2, leave: true });
      bar.update(2);
      bar.close();
    } finally {
      process.stderr.write = original;
    }
    expect(writes.join('')).toMatch(/100%\|██████████\| 2\/2 \[00:00<(00:00|\?), .*it\/s\]\n$/);
  });
});

describe("tqdm's number and time formatting", () => {
  it('format_num: the shorter of 3 significant digits and str()', () => {
    expect(formatNum(0.123)).toBe('0.123');
    expect(formatNum(1.6084)).toBe('1.61');
    expect(formatNum(5e-5)).toBe('5e-5');
    expect(formatNum(0.000123456)).toBe('0.000123');
    expect(formatNum(12345)).toBe('12345');
    expect(formatNum(123456.7)).toBe('1.23e+5');
    expect(formatNum(2)).toBe('2');
  });

  it('format_interval: MM:SS below an hour, H:MM:SS above', () => {
    expect(formatInterval(0)).toBe('00:00');
    expect(formatInterval(59.9)).toBe('00:59');
    expect(formatInterval(61)).toBe('01:01');
    expect(formatInterval(3600)).toBe('1:00:00');
    expect(formatInterval(36061)).toBe('10:01:01');
  });
});
