/** Shared argument checks, so every factory reports the option name and the function it belongs to. */

export function requireCount(who: string, name: string, v: unknown): number {
  if (v === undefined || v === null) throw new TypeError(`${who} requires \`${name}\`, please provide that argument.`);
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new RangeError(`${who}: \`${name}\` must be a finite number >= 0, got ${String(v)}`);
  }
  return v;
}

export function optionalNumber(who: string, name: string, v: unknown, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`${who}: \`${name}\` must be a number, got ${String(v)}`);
  return v;
}

export function optionalLastEpoch(who: string, v: unknown): number {
  const e = optionalNumber(who, 'lastEpoch', v, -1);
  if (!Number.isInteger(e) || e < -1) throw new RangeError(`${who}: \`lastEpoch\` must be an integer >= -1, got ${e}`);
  return e;
}
