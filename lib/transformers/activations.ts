// transformers' ACT2FN for the TypeScript-written models: the activation a config's hidden_act names. (The native
// BERT computes every name of HIDDEN_ACTIVATIONS, both generated from cpp/models/activations.table.)
import type { Tensor } from '../tensor.js';

const ACTIVATIONS: Readonly<Record<string, (x: Tensor) => Tensor>> = {
  gelu: (x) => x.gelu(),
  gelu_new: (x) => x.gelu('tanh'),
  gelu_pytorch_tanh: (x) => x.gelu('tanh'),
  relu: (x) => x.relu(),
  silu: (x) => x.silu(),
  swish: (x) => x.silu(),
  tanh: (x) => x.tanh(),
  sigmoid: (x) => x.sigmoid(),
  linear: (x) => x,
};

export function activation(name: string, where: string): (x: Tensor) => Tensor {
  const fn = ACTIVATIONS[name];
  if (fn === undefined) throw new TypeError(`${where}: hidden_act "${name}" is not supported by tstorch's TS models; supported: ${Object.keys(ACTIVATIONS).join(', ')}`);
  return fn;
}
