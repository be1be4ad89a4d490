// tqdm's text: `format_meter`, `format_interval`, `format_num` and the Bar, reproduced so that logs
// read the same as Python's (`45%|████▌     | 45/100 [00:10<00:12,  4.50it/s, loss=0.123]`).

export interface MeterState {
  n: number;
  total: number | null;
  /** Seconds since the start. */
  elapsed: number;
  /** Iterations per second; null when unknown (nothing measured yet: shown as '?'). */
  rate: number | null;
  /** Description, shown as `desc: ` in front. */
  desc: string;
  unit: string;
  /** Already formatted, e.g. `loss=0.123`. */
  postfix: string;
  /** Total line width; the bar fills what the text leaves. null: a 10-character bar. */
  ncols: number | null;
  ascii: boolean;
}

const UTF_BLOCKS = ' ▏▎▍▌▋▊▉█';
const ASCII_BLOCKS = ' 123456789#';

export function formatMeter(s: MeterState): string {
  const elapsedStr = formatInterval(s.elapsed);
  const rate = s.rate;
  const invRate = rate ? 1 / rate : null;
  const rateFmt =
    invRate && invRate > 1 ? `${fixed5(invRate)}s/${s.unit}` : `${rate ? fixed5(rate) : '?'}${s.unit}/s`;
  const postfix = s.postfix ? `, ${s.postfix}` : '';
  const prefix = s.desc ? (s.desc.endsWith(': ') ? s.desc : `${s.desc}: `) : '';
  if (!s.total) return `${prefix}${s.n}${s.unit} [${elapsedStr}, ${rateFmt}${postfix}]`;

  const remaining = rate ? Math.max(0, (s.total - s.n) / rate) : 0;
  const remainingStr = rate ? formatInterval(remaining) : '?';
  const frac = s.n / s.total;
  const lBar = `${prefix}${pyFixed0(frac * 100).padStart(3)}%|`;
  const rBar = `| ${s.n}/${s.total} [${elapsedStr}<${remainingStr}, ${rateFmt}${postfix}]`;
  if (s.ncols === 0) return lBar.slice(0, -1) + rBar.slice(1);
  const width = s.ncols ? Math.max(1, s.ncols - lBar.length - rBar.length) : 10;
  return lBar + bar(frac, width, s.ascii ? ASCII_BLOCKS : UTF_BLOCKS) + rBar;
}

/** tqdm's Bar: full blocks, one partial block in eighths (tenths for ASCII), then spaces. */
export function bar(frac: number, width: number, charset: string): string {
  const f = Math.min(1, Math.max(0, frac));
  const nsyms = charset.length - 1;
  const cells = Math.trunc(f * width * nsyms);
  const full = Math.floor(cells / nsyms);
  const part = cells % nsyms;
  let res = charset[nsyms]!.repeat(full);
  if (full < width) res += charset[part]! + charset[0]!.repeat(width - full - 1);
  return res;
}

/** `format_interval`: [H:]MM:SS. */
export function formatInterval(seconds: number): string {
  const t = Math.trunc(seconds);
  const s = t % 60;
  const mins = Math.trunc(t / 60);
  const m = mins % 60;
  const h = Math.trunc(mins / 60);
  const two = (v: number) => String(v).padStart(2, '0');
  return h ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** `format_num`: the shorter of '{:.3g}' (exponent without leading zero) and str(n). */
export function formatNum(n: number): string {
  const g = pyGeneral3(n).replace('+0', '+').replace('-0', '-');
  const str = pyStr(n);
  return g.length < str.length ? g : str;
}

/** Python `'{:5.2f}'.format(x)`. */
function fixed5(x: number): string {
  return x.toFixed(2).padStart(5);
}

/** Python `'{:.0f}'` rounds exact halves to even (JS toFixed rounds them up). */
function pyFixed0(x: number): string {
  const r = Math.round(x);
  return String(r - x === 0.5 && r % 2 !== 0 ? r - 1 : r);
}

/** Python `'{:.3g}'.format(x)`. */
function pyGeneral3(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, expStr] = x.toExponential(2).split('e') as [string, string];
  const exp = Number(expStr);
  if (exp < -4 || exp >= 3) {
    const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const fixed = x.toFixed(Math.max(0, 2 - exp));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Python `str()` of a number: integers as ints, floats by repr (scientific below 1e-4 and from 1e16). */
function pyStr(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return String(x);
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e16) return String(x);
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  const e = Number(exp);
  return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}
