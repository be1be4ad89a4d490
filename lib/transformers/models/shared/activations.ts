// transformers' ACT2FN for the activations the TS-written families use, by config name.
import type { Tensor } from '../../../tensor.js';

const ACTIVATIONS: Readonly<Record<string, (x: Tensor) => Tensor>> = {
  gelu: (x) => x.gelu(),
  gelu_pytorch_tanh: (x) => x.gelu('tanh'),
  relu: (x) => x.relu(),
  tanh: (x) => x.tanh(),
  sigmoid: (x) => x.sigmoid(),
  silu: (x) => x.silu(),
  swish: (x) => x.silu(),
};

export function activation(name: string, where: string): (x: Tensor) => Tensor {
  const fn = ACTIVATIONS[name];
  if (fn === undefined) throw new TypeError(`${where}: activation "${name}" is not supported by tstorch's TS models; supported: ${Object.keys(ACTIVATIONS).join(', ')}`);
  return fn;
}
