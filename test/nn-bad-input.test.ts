// Bad input to nn layers, functional ops, losses and loads: each a clear JS error saying what, where and what was expected.
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';

const { nn } = torch;
const F = nn.functional;
const z = (...shape: number[]): torch.Tensor => torch.zeros(shape);
const ids = (rows: number[][]): torch.Tensor => torch.tensor(rows, { dtype: 'int64' });

const CASES: Array<[string, () => unknown, RegExp]> = [
  // wrong in-features / channels / shapes
  ['Linear in-features', () => new nn.Linear(4, 2).call(z(3, 5)), /nn\.Linear: expected input with last dim 4 \(inFeatures\), got shape \[3, 5\]/],
  ['Bilinear second input', () => new nn.Bilinear(2, 3, 1).call(z(4, 2), z(4, 2)), /nn\.Bilinear: expected input with last dim 3 \(in2Features\), got shape \[4, 2\]/],
  ['Conv2d channels', () => new nn.Conv2d(3, 8, 3).call(z(1, 4, 5, 5)), /nn\.Conv2d: expected input with 3 channels, got 4 \(input shape \[1, 4, 5, 5\]\)/],
  ['Conv1d rank', () => new nn.Conv1d(3, 8, 3).call(z(3)), /nn\.Conv1d: expected a 2-D \(unbatched\) or 3-D \(batched\) input, got shape \[3\]/],
  ['BatchNorm2d channels', () => new nn.BatchNorm2d(3).call(z(2, 4, 2, 2)), /nn\.BatchNorm2d: expected input with 3 features, got 4/],
  ['BatchNorm1d rank', () => new nn.BatchNorm1d(3).call(z(2, 3, 2, 2)), /nn\.BatchNorm1d: expected 2D or 3D input \(got 4D input\)/],
  ['BatchNorm one value per channel', () => new nn.BatchNorm1d(3).call(z(1, 3)), /more than 1 value per channel/],
  ['LayerNorm shape', () => new nn.LayerNorm([3, 4]).call(z(2, 4, 3)), /nn\.LayerNorm: expected input ending in normalizedShape \[3, 4\], got shape \[2, 4, 3\]/],
  ['GroupNorm channels', () => new nn.GroupNorm(2, 4).call(z(2, 6, 3)), /nn\.GroupNorm: expected input \(N, 4, \*\), got shape \[2, 6, 3\]/],
  ['MultiheadAttention embed dim', () => new nn.MultiheadAttention(8, 2).call(z(3, 2, 6), z(3, 2, 6), z(3, 2, 6)), /nn\.MultiheadAttention: expected query with last dim 8/],
  ['MultiheadAttention key padding mask', () => {
    const q = z(3, 2, 8);
    return new nn.MultiheadAttention(8, 2).call(q, q, q, { keyPaddingMask: torch.zeros([2, 4], { dtype: 'bool' }) });
  }, /expected keyPaddingMask of shape \[2, 3\], got \[2,4\]/],
  ['MultiheadAttention attn mask', () => {
    const q = z(3, 2, 8);
    return new nn.MultiheadAttention(8, 2).call(q, q, q, { attnMask: z(3, 4) });
  }, /the 2-D attnMask should be \[3, 3\], got \[3,4\]/],
  ['conv weight rank (native)', () => F.conv2d(z(1, 3, 5, 5), z(8, 3, 3)), /conv2d: weight must be 4-D, got 3-D/],
  ['max pool padding (native)', () => F.maxPool2d(z(1, 1, 4, 4), 2, { padding: 2 }), /maxPool2d: padding should be at most half of kernelSize/],
  ['pad of odd length (native)', () => F.pad(z(2, 3), [1]), /pad: pad must have an even number of values/],
  ['sdpa dropout (native)', () => F.scaledDotProductAttention(z(1, 2, 4), z(1, 2, 4), z(1, 2, 4), { dropoutP: 1.5 }), /dropoutP must be in \[0, 1\], got 1\.5/],
  ['batchNorm eval without stats (native)', () => F.batchNorm(z(2, 3), null, null), /batchNorm in eval mode needs runningMean and runningVar/],
  // negative or zero sizes
  ['Linear negative in-features', () => new nn.Linear(-1, 2), /nn\.Linear: inFeatures must be an integer >= 0, got -1/],
  ['Conv2d negative out-channels', () => new nn.Conv2d(3, -8, 3), /nn\.Conv2d: outChannels must be an integer >= 1, got -8/],
  ['Conv2d zero kernel', () => new nn.Conv2d(3, 8, 0), /nn\.Conv2d: kernelSize must be integer\(s\) >= 1, got 0/],
  ['Conv2d kernel arity', () => new nn.Conv2d(3, 8, [3, 3, 3]), /nn\.Conv2d: kernelSize must have 2 value\(s\), got \[3,3,3\]/],
  ['Embedding negative count', () => new nn.Embedding(-5, 3), /nn\.Embedding: numEmbeddings must be an integer >= 1, got -5/],
  ['LayerNorm negative shape', () => new nn.LayerNorm(-2), /nn\.LayerNorm: normalizedShape must be an integer >= 1, got -2/],
  ['BatchNorm1d zero features', () => new nn.BatchNorm1d(0), /nn\.BatchNorm1d: numFeatures must be an integer >= 1, got 0/],
  ['MaxPool2d zero kernel', () => new nn.MaxPool2d(0), /nn\.MaxPool2d: kernelSize must be integer\(s\) >= 1, got 0/],
  ['AvgPool1d negative kernel', () => new nn.AvgPool1d(-2), /nn\.AvgPool1d: kernelSize must be integer\(s\) >= 1, got -2/],
  ['F.maxPool2d zero kernel', () => F.maxPool2d(z(1, 1, 4, 4), [2, 0]), /F\.maxPool2d: kernelSize must be integer\(s\) >= 1, got \[2,0\]/],
  ['AdaptiveAvgPool2d zero output', () => new nn.AdaptiveAvgPool2d(0), /nn\.AdaptiveAvgPool2d: outputSize must be integer\(s\) >= 1/],
  // out-of-range embedding ids and indices
  ['Embedding id too large', () => new nn.Embedding(10, 4).call(ids([[3, 10]])), /F\.embedding: index 10 is out of range for 10 embeddings \(expected 0 <= id < 10\)/],
  ['Embedding negative id', () => new nn.Embedding(10, 4).call(ids([[-1, 2]])), /index -1 is out of range for 10 embeddings/],
  ['Embedding float ids', () => new nn.Embedding(10, 4).call(z(2)), /F\.embedding: indices must be int64 or int32, got float32/],
  ['Embedding paddingIdx', () => new nn.Embedding(10, 4, { paddingIdx: 10 }), /nn\.Embedding: paddingIdx must be within \[-10, 10\), got 10/],
  ['Embedding maxNorm', () => new nn.Embedding(10, 4, { maxNorm: 1 as unknown as null }), /maxNorm is not supported/],
  // probabilities outside [0, 1]
  ['Dropout p > 1', () => new nn.Dropout(1.5), /nn\.Dropout: p \(dropout probability\) must be in \[0, 1\], got 1\.5/],
  ['Dropout p < 0', () => new nn.Dropout(-0.1), /must be in \[0, 1\], got -0\.1/],
  ['F.dropout p', () => F.dropout(z(2), 2), /F\.dropout: p \(dropout probability\) must be in \[0, 1\], got 2/],
  ['MultiheadAttention dropout', () => new nn.MultiheadAttention(8, 2, { dropout: 2 }), /nn\.MultiheadAttention: dropout must be in \[0, 1\], got 2/],
  ['CrossEntropyLoss labelSmoothing', () => new nn.CrossEntropyLoss({ labelSmoothing: 1.5 }), /labelSmoothing must be in \[0, 1\], got 1\.5/],
  // inconsistent arguments
  ['MultiheadAttention heads', () => new nn.MultiheadAttention(10, 3), /embedDim \(10\) must be divisible by numHeads \(3\)/],
  ['GroupNorm groups', () => new nn.GroupNorm(3, 4), /numChannels \(4\) must be divisible by numGroups \(3\)/],
  ['Conv2d groups', () => new nn.Conv2d(3, 8, 3, { groups: 2 }), /inChannels \(3\) must be divisible by groups \(2\)/],
  ["Conv2d 'same' with stride", () => new nn.Conv2d(3, 8, 3, { padding: 'same', stride: 2 }), /padding 'same' is not supported for strided convolutions/],
  ['BatchNorm momentum', () => new nn.BatchNorm1d(3, { momentum: 2 }), /momentum must be in \[0, 1\] or null, got 2/],
  ['GELU approximate', () => new nn.GELU({ approximate: 'fast' as 'tanh' }), /nn\.GELU: approximate must be 'none' or 'tanh', got 'fast'/],
  ['TransformerEncoderLayer activation', () => new nn.TransformerEncoderLayer(8, 2, { activation: 'swish' as 'relu' }), /activation should be 'relu', 'gelu' or a function, not 'swish'/],
  ['loss reduction', () => new nn.MSELoss({ reduction: 'avg' as 'mean' }), /nn\.MSELoss: reduction must be 'mean', 'sum' or 'none', got 'avg'/],
  ['BCELoss target size', () => F.binaryCrossEntropy(z(3, 2), z(3)), /binaryCrossEntropy: target size \[3\] must be the same as input size \[3, 2\]/],
  // unknown options, with the camelCase hint
  ['Conv2d snake_case option', () => new nn.Conv2d(3, 8, 3, { padding_mode: 'zeros' } as object), /nn\.Conv2d: unknown option 'padding_mode' \(did you mean 'paddingMode'\?\)/],
  ['Embedding snake_case option', () => new nn.Embedding(3, 2, { padding_idx: 0 } as object), /unknown option 'padding_idx' \(did you mean 'paddingIdx'\?\)/],
  ['Linear unknown option', () => new nn.Linear(3, 2, { bais: false } as object), /nn\.Linear: unknown option 'bais'; expected one of bias, dtype, device/],
  ['MultiheadAttention forward option', () => {
    const q = z(3, 2, 8);
    return new nn.MultiheadAttention(8, 2).call(q, q, q, { key_padding_mask: null } as object);
  }, /unknown option 'key_padding_mask' \(did you mean 'keyPaddingMask'\?\)/],
  ['CrossEntropyLoss option', () => new nn.CrossEntropyLoss({ ignore_index: 1 } as object), /unknown option 'ignore_index' \(did you mean 'ignoreIndex'\?\)/],
  ['Dropout options', () => new nn.Dropout(0.1, { inplace: true }), /nn\.Dropout: unknown option 'inplace'/],
];

describe('bad input to nn gets a clear error', () => {
  for (const [name, fn, message] of CASES) {
    it(name, () => {
      expect(fn).toThrow(message);
    });
  }

  it('strict loads name the missing, unexpected and mis-shaped keys', () => {
    const m = new nn.Linear(3, 2);
    expect(() => m.loadStateDict({ weight: torch.zeros([2, 3]) })).toThrow(/bias/);
    expect(() => m.loadStateDict({ weight: torch.zeros([2, 3]), bias: torch.zeros([2]), extra: torch.zeros([1]) })).toThrow(/extra/);
    expect(() => m.loadStateDict({ weight: torch.zeros([3, 3]), bias: torch.zeros([2]) })).toThrow(/weight/);
    const bn = new nn.BatchNorm1d(3);
    expect(() => bn.loadStateDict({ ...bn.stateDict(), running_mean: torch.zeros([4]) })).toThrow(/running_mean/);
  });
});
