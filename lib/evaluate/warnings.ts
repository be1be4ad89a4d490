/** sklearn's warnings surface as Node process warnings of the same category name. */
export function warn(message: string, type: 'UndefinedMetricWarning' | 'UserWarning'): void {
  process.emitWarning(message, { type });
}
