// reportTo: 'jsonl': each log (losses, learning rates, eval metrics, the final summary) appended as one JSON
// line to outputDir/trainer_log.jsonl, with its step and epoch, so runs can be plotted or compared with any tool.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { TrainingArguments } from '../training-args.js';
import type { CallbackExtras, TrainerCallback } from './callbacks.js';
import type { TrainerControl, TrainerState } from './state.js';

export const JSONL_LOG_NAME = 'trainer_log.jsonl';

export class JsonlCallback implements TrainerCallback {
  onLog(args: TrainingArguments, state: TrainerState, _c: TrainerControl, extras: CallbackExtras): void {
    if (!state.isWorldProcessZero) return; // one log file per job, written by rank 0
    mkdirSync(args.outputDir, { recursive: true });
    const entry = { ...extras.logs, step: state.globalStep };
    appendFileSync(join(args.outputDir, JSONL_LOG_NAME), JSON.stringify(entry) + '\n');
  }
}
