// Progress bars for map/filter, like `datasets`' tqdm bars: on stderr, only when it is a terminal.
import cliProgress from 'cli-progress';

let globallyDisabled = ['1', 'true', 'yes', 'on'].includes((process.env.HF_DATASETS_DISABLE_PROGRESS_BARS ?? '').toLowerCase());

/** Turns off every progress bar of tstorch/datasets (as `datasets.disable_progress_bars()`). */
export function disableProgressBars(): void {
  globallyDisabled = true;
}
export function enableProgressBars(): void {
  globallyDisabled = false;
}
export function areProgressBarsDisabled(): boolean {
  return globallyDisabled;
}

export interface Progress {
  update(done: number): void;
  stop(): void;
}

const NONE: Progress = { update() {}, stop() {} };

export function startProgress(total: number, desc: string, disable = false): Progress {
  if (disable || globallyDisabled || !process.stderr.isTTY || total === 0) return NONE;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${desc}: {percentage}% |{bar}| {value}/{total} examples [{duration_formatted}<{eta_formatted}, {rate} examples/s]`,
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { rate: '0' });
  return {
    update(done) {
      const secs = (Date.now() - started) / 1000;
      bar.update(done, { rate: secs > 0 ? (done / secs).toFixed(0) : '0' });
    },
    stop() {
      bar.stop();
    },
  };
}
