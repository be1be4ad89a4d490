import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';

// Each bad input must give a JS error saying what was wrong, and the process must stay alive.
const a = torch.ones(2, 3);
const cases: [string, () => unknown, RegExp][] = [
  ['matmul with mismatched shapes', () => a.matmul(torch.ones(2, 3)), /tstorch\.matmul: mat1 and mat2 shapes cannot be multiplied \(2x3 and 2x3\)/],
  ['add of unbroadcastable shapes', () => a.add(torch.ones(4)), /tstorch\.add: The size of tensor a \(3\) must match the size of tensor b \(4\)/],
  ['add of a string', () => a.add('x' as unknown as number), /tstorch\.add: argument 2 \(other\) must be a Tensor or a scalar \(number, boolean or bigint\), got string/],
  ['unknown dtype', () => torch.zeros([2], { dtype: 'float8' as torch.DType }), /dtype must be one of float32, .*got "float8"/],
  ['view of an incompatible size', () => a.view(4), /tstorch\.view: shape '\[4\]' is invalid for input of size 6/],
  ['select out of range', () => a.select(0, 5), /tstorch\.select: .*index 5 out of range/],
  ['item of many elements', () => a.item(), /tstorch\.item: item\(\) needs a tensor with exactly one element, got shape \[2, 3\]/],
  ['backward of a non-scalar without gradient', () => torch.ones(2, { requiresGrad: true }).mul(2).backward(), /backward\(\) without a gradient needs a scalar/],
  ['backward without requiresGrad', () => torch.ones(1).backward(), /tstorch\.backward: element 0 of tensors does not require grad/],
  ['a disposed tensor', () => { const t = torch.ones(1); t.dispose(); return t.add(1); }, /tstorch\.add: argument 1 is a Tensor that was disposed/],
  ['a plain object as tensor', () => a.matmul({} as torch.Tensor), /tstorch\.matmul: argument 2 \(other\) must be a Tensor, got undefined/],
  ['ragged nested array', () => torch.tensor([[1, 2], [3]]), /ragged nested array: data\[1\] has 1 elements, expected 2/],
  ['null inside data', () => torch.tensor([1, null as unknown as number]), /tensor\(\): data\[1\] is null; expected a number, boolean or bigint/],
  ['TypedArray length vs shape', () => torch.tensor(new Float32Array(5), { shape: [2, 3] }), /data has 5 elements but shape \[2, 3\] needs 6/],
  ['invalid device string', () => torch.device('gpu'), /invalid device "gpu"; expected 'cpu', 'cuda' or 'cuda:N'/],
  ['CUDA where there is none', () => a.to('cuda'), /CUDA is not available/],
  ['a CUDA device index that does not exist', () => torch.zeros([1], { device: 'cuda:7' }), /CUDA is not available|does not exist/],
  ['cat of mixed dtypes and shapes', () => torch.cat([a, torch.ones(3)]), /tstorch\.cat: Tensors must have same number of dimensions/],
  ['cat of non-tensors', () => torch.cat([a, 3 as unknown as torch.Tensor]), /element 1 is number/],
  ['negative sizes', () => torch.zeros([-1]), /tstorch\.zeros: .*negative/i],
  ['setNumThreads(0)', () => torch.setNumThreads(0), /needs a positive number of threads/],
  ['crossEntropy with float targets of the wrong shape', () => torch.nn.functional.crossEntropy(a, torch.ones(5)), /tstorch\.crossEntropy/],
  ['tidy with an async function', () => torch.tidy(async () => 1), /tidy\(\) takes a synchronous function/],
  ['manualSeed with a fraction', () => torch.manualSeed(1.5), /manualSeed needs a non-negative integer/],
];

describe('errors', () => {
  it.each(cases)('%s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
  it('keeps working after every error', () => {
    expect(a.sum().item()).toBe(6);
  });
});
