// Convolution gradients against float64 on every libtorch. Trixie's libtorch 2.6 (system oneDNN 3.6) gives a
// wrong float32 input gradient for stride-1, ungrouped convolutions through oneDNN, in Python torch too;
// tstorch checks at its first CPU convolution and turns oneDNN off there (cpp/conv_backend_check.cc).
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';

const F = torch.nn.functional;
type T = torch.Tensor;

// [input shape, output channels, kernel, options]: the failing shapes on AVX-512 and AVX2, and their neighbours
const cases: Array<[number[], number, number[], { padding?: number[]; stride?: number[]; groups?: number }]> = [
  [[2, 1, 5], 1, [3], { padding: [1] }],
  [[2, 3, 5], 5, [3], { padding: [1] }],
  [[2, 8, 7], 8, [3], { padding: [1] }],
  [[4, 8, 9], 8, [5], { padding: [2] }],
  [[2, 16, 6], 16, [3], { padding: [0] }],
  [[2, 8, 9], 8, [3], { stride: [2] }],
  [[2, 8, 9], 8, [3], { padding: [1], groups: 2 }],
  [[2, 8, 6, 6], 8, [3, 3], { padding: [1, 1] }],
  [[2, 3, 6, 5], 4, [3, 2], {}],
];

describe('convolution gradients on the CPU equal float64 (stride 1 and ungrouped included)', () => {
  for (const [shape, cout, kernel, options] of cases) {
    it(`conv${kernel.length}d ${JSON.stringify(shape)} -> ${cout} channels, kernel ${kernel}, ${JSON.stringify(options)}`, () => {
      torch.manualSeed(shape.length * 100 + cout);
      const groups = options.groups ?? 1;
      const x = torch.randn(shape);
      const w = torch.randn([cout, shape[1]! / groups, ...kernel]);
      const conv = kernel.length === 1 ? F.conv1d : F.conv2d;
      const grads = (dtype: 'float32' | 'float64'): [T, T] => {
        const xi = (dtype === 'float64' ? x.double() : x.clone()).requiresGrad_();
        const wi = (dtype === 'float64' ? w.double() : w.clone()).requiresGrad_();
        const y = conv(xi, wi, null, options);
        y.backward(torch.arange(y.numel(), { dtype }).sin().reshape(y.shape));
        return [xi.grad!, wi.grad!];
      };
      const [gx, gw] = grads('float32');
      const [rx, rw] = grads('float64');
      expect(gx.double().sub(rx).abs().max().item(), 'input gradient').toBeLessThan(1e-4);
      expect(gw.double().sub(rw).abs().max().item(), 'weight gradient').toBeLessThan(1e-4);
    });
  }
});
