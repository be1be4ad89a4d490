// A tqdm-style progress bar for training loops.
//
// Hand-written rather than on cli-progress: cli-progress redraws from a setTimeout timer (which does not
// fire inside a synchronous training loop and keeps the process alive until stop()), draws whole-cell bars
// with its own ETA/duration text, and on a non-TTY stream either prints nothing at all or a line every few
// seconds. tqdm's exact line (eighth-block bar, [elapsed<remaining, rate, postfix], EMA-smoothed rate) is
// a small pure function (progress-format.ts); the rest here is throttling and where to write.
import { formatMeter, formatNum } from './progress-format.js';

/** The part of a stream the bar uses: process.stderr / process.stdout or anything with write(). */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBarOptions {
  /** Expected number of iterations; null/undefined shows counts and rate without a bar. */
  total?: number | null;
  /** Prefix, shown as `desc: `. */
  desc?: string;
  /** No output at all (counting still works). */
  disable?: boolean;
  /** Unit name in the rate, default 'it' (it/s). */
  unit?: string;
  /** Where to draw; default process.stderr. */
  file?: ProgressStream;
  /** Keep the final line when closed (default true); false erases it on a TTY and prints nothing otherwise. */
  leave?: boolean;
  /** Total line width; default: the terminal's width on a TTY, else a 10-character bar. */
  ncols?: number;
  /** Minimum seconds between redraws on a TTY (tqdm's mininterval), default 0.1. */
  mininterval?: number;
  /** Non-TTY streams: also print a line every this many seconds (0, the default: only at close). */
  logInterval?: number;
  /** Draw the bar with ASCII digits and '#'. */
  ascii?: boolean;
  /** Starting count, default 0. */
  initial?: number;
  /** Weight of the latest speed in the displayed rate (tqdm's smoothing), 0 = overall average. Default 0.3. */
  smoothing?: number;
  /** Clock in seconds (for tests); default performance.now() / 1000. */
  clock?: () => number;
}

/** Exponential moving average with tqdm's bias correction. */
class Ema {
  private last = 0;
  private calls = 0;
  constructor(private readonly alpha: number) {}
  push(x: number): void {
    this.last = this.alpha * x + (1 - this.alpha) * this.last;
    this.calls += 1;
  }
  value(): number {
    return this.calls ? this.last / (1 - (1 - this.alpha) ** this.calls) : this.last;
  }
}

export class ProgressBar {
  n: number;
  total: number | null;
  private initial: number;
  private desc: string;
  private postfix = '';
  private readonly unit: string;
  private readonly file: ProgressStream;
  private readonly tty: boolean;
  private readonly leave: boolean;
  private readonly ncols: number | undefined;
  private readonly mininterval: number;
  private readonly logInterval: number;
  private readonly ascii: boolean;
  private readonly smoothing: number;
  private readonly clock: () => number;
  private readonly disabled: boolean;
  private closed = false;
  private startT: number;
  private lastPrintN: number;
  private lastPrintT: number;
  private lastLen = 0;
  private emaDn: Ema;
  private emaDt: Ema;

  constructor(options: ProgressBarOptions = {}) {
    this.total = options.total ?? null;
    if (this.total !== null && !(this.total >= 0)) throw new RangeError(`ProgressBar: total must be >= 0, got ${this.total}`);
    this.desc = options.desc ?? '';
    this.unit = options.unit ?? 'it';
    this.file = options.file ?? process.stderr;
    this.tty = this.file.isTTY === true;
    this.leave = options.leave ?? true;
    this.ncols = options.ncols;
    this.mininterval = options.mininterval ?? 0.1;
    this.logInterval = options.logInterval ?? 0;
    this.ascii = options.ascii ?? false;
    this.smoothing = options.smoothing ?? 0.3;
    this.clock = options.clock ?? (() => performance.now() / 1000);
    this.disabled = options.disable ?? false;
    this.n = options.initial ?? 0;
    this.initial = this.n;
    this.startT = this.clock();
    this.lastPrintN = this.n;
    this.lastPrintT = this.startT;
    this.emaDn = new Ema(this.smoothing);
    this.emaDt = new Ema(this.smoothing);
    this.draw(); // like tqdm, show the empty bar at once (TTY only)
  }

  /** Advance by n (default 1); redraws at most every `mininterval` seconds. */
  update(n = 1): void {
    if (this.closed) return;
    this.n += n;
    if (this.disabled) return;
    const now = this.clock();
    const dt = now - this.lastPrintT;
    const due = this.tty ? dt >= this.mininterval : this.logInterval > 0 && dt >= this.logInterval;
    if (!due) return;
    const dn = this.n - this.lastPrintN;
    if (this.smoothing && dt && dn) {
      this.emaDn.push(dn);
      this.emaDt.push(dt);
    }
    if (this.tty) this.draw();
    else this.writeLine(this.line(false) + '\n');
    this.lastPrintN = this.n;
    this.lastPrintT = now;
  }

  /** Show `key=value` pairs after the rate (numbers formatted like tqdm: 3 significant digits when shorter). */
  setPostfix(values: Record<string, unknown>, refresh = true): void {
    this.postfix = Object.entries(values)
      .map(([k, v]) => `${k}=${(typeof v === 'number' ? formatNum(v) : String(v)).trim()}`)
      .join(', ');
    if (refresh) this.refresh();
  }

  setPostfixStr(s: string, refresh = true): void {
    this.postfix = s;
    if (refresh) this.refresh();
  }

  setDescription(desc: string, refresh = true): void {
    this.desc = desc;
    if (refresh) this.refresh();
  }

  /** Redraw now (TTY only: a non-TTY stream only gets whole lines). */
  refresh(): void {
    if (!this.closed) this.draw();
  }

  /** Start over at 0, optionally with a new total. */
  reset(total?: number | null): void {
    this.n = 0;
    this.initial = 0;
    if (total !== undefined) this.total = total;
    this.startT = this.clock();
    this.lastPrintN = 0;
    this.lastPrintT = this.startT;
    this.emaDn = new Ema(this.smoothing);
    this.emaDt = new Ema(this.smoothing);
    this.refresh();
  }

  /** Finish: the final line (overall average rate) stays if `leave`, then a newline. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.disabled) return;
    if (this.leave) {
      const final = this.line(true);
      this.writeLine(this.tty ? this.overwrite(final) + '\n' : final + '\n');
    } else if (this.tty && this.lastLen) {
      this.writeLine(this.overwrite('') + '\r');
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** The current line, as it would be drawn. */
  toString(): string {
    return this.line(false);
  }

  private line(overallRate: boolean): string {
    const columns = this.ncols ?? (this.tty && this.file.columns ? this.file.columns : null);
    const elapsed = this.clock() - this.startT;
    const emaDt = this.emaDt.value();
    // at close tqdm reports the overall average, otherwise the smoothed recent speed
    const average = elapsed ? (this.n - this.initial) / elapsed : null;
    const text = formatMeter({
      n: this.n,
      total: this.total,
      elapsed,
      rate: overallRate || !this.smoothing || !emaDt ? average : this.emaDn.value() / emaDt,
      desc: this.desc,
      unit: this.unit,
      postfix: this.postfix,
      ncols: columns,
      ascii: this.ascii,
    });
    // a line longer than the terminal would wrap and '\r' could not redraw it: cut it
    return columns && text.length > columns ? text.slice(0, columns) : text;
  }

  private draw(): void {
    if (this.disabled || !this.tty) return;
    this.writeLine(this.overwrite(this.line(false)));
  }

  /** '\r' + text, padded with spaces over whatever longer line was there. */
  private overwrite(text: string): string {
    const pad = ' '.repeat(Math.max(0, this.lastLen - text.length));
    this.lastLen = text.length;
    return `\r${text}${pad}`;
  }

  private writeLine(s: string): void {
    this.file.write(s);
  }
}
