// PyTorch-style repr: `tensor([[1.0000, 2.5000], ...], dtype=torch.float64, requires_grad=True)`,
// following torch/_tensor_str.py's rules (precision 4, int mode, sci mode, summarizing above 1000 elements).
import type { Tensor } from './tensor.js';

const PRECISION = 4;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 80;
const DEFAULT_DTYPES = new Set(['float32', 'int64', 'bool']);

function pythonExp(v: number, digits: number): string {
  return v.toExponential(digits).replace(/e([+-])(\d)$/, 'e$10$2');
}

function pythonFloat(v: number, digits: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return v.toFixed(digits);
}

/** Chooses one format for all shown values, as torch's _Formatter does. */
function makeFormatter(values: number[], kind: 'float' | 'int' | 'bool'): (v: number) => string {
  if (kind === 'bool') return (v) => (v ? 'True' : 'False');
  if (kind === 'int') return (v) => String(v);
  const finite = values.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  const intMode = values.every((v) => !Number.isFinite(v) || Math.ceil(v) === v);
  const max = finite.length ? Math.max(...finite) : 0;
  const min = finite.length ? Math.min(...finite) : 0;
  let sci = false;
  if (finite.length) sci = intMode ? max / min > 1000 || max > 1e8 : max / min > 1000 || max > 1e8 || min < 1e-4;
  if (sci) return (v) => (Number.isFinite(v) ? pythonExp(v, PRECISION) : pythonFloat(v, 0));
  if (intMode) return (v) => (Number.isFinite(v) ? `${v.toFixed(0)}.` : pythonFloat(v, 0));
  return (v) => pythonFloat(v, PRECISION);
}

export function formatTensor(t: Tensor): string {
  const shape = t.shape;
  const dtype = t.dtype;
  const numel = t.numel();
  const summarize = numel > THRESHOLD;
  const flat = numel ? Array.from(t.data() as ArrayLike<number | bigint>, Number) : [];
  const kind = dtype === 'bool' ? 'bool' : /^(int|uint)/.test(dtype) ? 'int' : 'float';

  // indices shown along each dim (all, or edge items around '...')
  const shown = (n: number): (number | null)[] =>
    summarize && n > 2 * EDGE_ITEMS
      ? [...Array(EDGE_ITEMS).keys(), null, ...Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i)]
      : [...Array(n).keys()];
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const visible: number[] = [];
  const gather = (d: number, offset: number): void => {
    if (d === shape.length) {
      visible.push(flat[offset]!);
      return;
    }
    for (const i of shown(shape[d]!)) if (i !== null) gather(d + 1, offset + i * strides[d]!);
  };
  if (numel) gather(0, 0);
  const fmt = makeFormatter(visible, kind);
  const width = Math.max(1, ...visible.map((v) => fmt(v).length));
  const cell = (v: number): string => fmt(v).padStart(width);

  const render = (d: number, offset: number, indent: number): string => {
    if (d === shape.length) return cell(flat[offset]!);
    // torch marks skipped elements with ' ...' in the last dim and '...' for skipped rows
    const skipped = d === shape.length - 1 ? ' ...' : '...';
    const items = shown(shape[d]!).map((i) => (i === null ? skipped : render(d + 1, offset + i * strides[d]!, indent + 1)));
    if (d === shape.length - 1) {
      const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
      return `[${lines.join(',\n' + ' '.repeat(indent + 1))}]`;
    }
    const sep = ',' + '\n'.repeat(shape.length - d - 1) + ' '.repeat(indent + 1);
    return `[${items.join(sep)}]`;
  };

  let body: string;
  if (shape.length === 0) body = cell(flat[0]!);
  else if (numel === 0) body = '[]';
  else body = render(0, 0, 'tensor('.length);

  const suffixes: string[] = [];
  if (numel === 0 && shape.length > 1) suffixes.push(`size=(${shape.join(', ')})`);
  const device = t.device.toString();
  if (device !== 'cpu') suffixes.push(`device='${device}'`);
  if (!DEFAULT_DTYPES.has(dtype) || (numel === 0 && dtype !== 'float32')) suffixes.push(`dtype=torch.${dtype}`);
  const gradFn = t.gradFn;
  if (gradFn) suffixes.push(`grad_fn=<${gradFn}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return `tensor(${[body, ...suffixes].join(', ')})`;
}
