// Progress bars for map/filter, like `datasets`' tqdm bars: on stderr, only when it is a terminal.
import { ProgressBar } from '../utils/progress.js';

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
  const bar = new ProgressBar({ total, desc, unit: ' examples' });
  return {
    update(done) {
      bar.update(done - bar.n);
    },
    stop() {
      bar.close();
    },
  };
}
