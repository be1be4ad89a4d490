// transformers' ACT2FN for the TypeScript-written models: the activation a config's hidden_act names.
import * as F from '../nn/functional.js';
import type { Tensor } from '../tensor.js';

const ACTIVATIONS: Record<string, (x: Tensor) => Tensor> = {
  gelu: (x) => F.gelu(x),
  gelu_new: (x) => F.gelu(x, { approximate: 'tanh' }),
  gelu_pytorch_tanh: (x) => F.gelu(x, { approximate: 'tanh' }),
  relu: F.relu,
  silu: F.silu,
  swish: F.silu,
  tanh: F.tanh,
  sigmoid: F.sigmoid,
  linear: (x) => x,
};

export function activation(name: string, where: string): (x: Tensor) => Tensor {
  const fn = ACTIVATIONS[name];
  if (!fn) throw new TypeError(`${where}: hidden_act "${name}" is not implemented here; supported: ${Object.keys(ACTIVATIONS).join(', ')}`);
  return fn;
}
