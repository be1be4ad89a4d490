// `reportTo`: where the Trainer sends its logs besides the console. tstorch has one integration of its own,
// 'jsonl' (one JSON object per log in outputDir/trainer_log.jsonl). TensorBoard needs an event-file writer; no
// maintained one exists on npm, so asking for it is an error rather than a silent no-op.

export type ReportTarget = 'jsonl';
export const REPORT_TARGETS: readonly ReportTarget[] = ['jsonl'];

/** 'none' → [], 'all' → every integration tstorch has, a name or a list → that list (checked). */
export function resolveReportTo(value: string | readonly string[]): ReportTarget[] {
  const list = typeof value === 'string' ? [value] : [...value];
  if (list.length === 1 && list[0] === 'none') return [];
  if (list.length === 1 && list[0] === 'all') return [...REPORT_TARGETS];
  return list.map((name) => {
    if ((REPORT_TARGETS as readonly string[]).includes(name)) return name as ReportTarget;
    if (name === 'tensorboard') {
      throw new RangeError(
        "TrainingArguments: reportTo 'tensorboard' is not available: there is no maintained TensorBoard event writer for Node.js " +
          "that tstorch could use. Use reportTo: 'jsonl' (outputDir/trainer_log.jsonl) or a callback with onLog",
      );
    }
    throw new RangeError(`TrainingArguments: reportTo '${name}' is not supported; expected 'none', 'all' or ${REPORT_TARGETS.map((t) => `'${t}'`).join(', ')}`);
  });
}
