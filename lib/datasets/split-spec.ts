// The `split` argument of load_dataset: "train", "train+test", "train[:100]", "train[10%:20%]", "test[-50:]".

export interface SplitPart {
  name: string;
  /** [start, end) rows for a split of n rows. */
  range(n: number): [number, number];
}

const PART = /^\s*([\w.-]+)\s*(?:\[\s*([+-]?\d+%?)?\s*:\s*([+-]?\d+%?)?\s*\])?\s*$/;

export function parseSplit(spec: string): SplitPart[] {
  return spec.split('+').map((part) => {
    const m = PART.exec(part);
    if (!m) throw new TypeError(`split ${JSON.stringify(spec)} is not a split name or slice like "train", "train[:100]", "test[10%:20%]"`);
    const [, name, from, to] = m;
    return {
      name: name!,
      range(n: number): [number, number] {
        const at = (v: string | undefined, dflt: number) => {
          if (v === undefined) return dflt;
          // Percent boundaries round to the closest row, as datasets' ReadInstruction does by default.
          const x = v.endsWith('%') ? Math.round((Number(v.slice(0, -1)) * n) / 100) : Number(v);
          return Math.min(Math.max(x < 0 ? n + x : x, 0), n);
        };
        const start = at(from, 0);
        return [start, Math.max(start, at(to, n))];
      },
    };
  });
}

export function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, k) => start + k);
}
