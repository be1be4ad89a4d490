// transformers' weight-decay grouping: decay every weight except biases and normalization layers' weights
// (get_decay_parameter_names), matched by name as transformers does since it stopped walking module types.
import type { Tensor } from '../../tensor.js';

const NO_DECAY = [/bias/, /layernorm/, /rmsnorm/, /(?:^|\.)norm(?:$|\.)/, /_norm(?:$|\.)/];

/** Whether weight decay applies to the parameter `name` (case-insensitive, as transformers lowercases). */
export function appliesWeightDecay(name: string): boolean {
  const lower = name.toLowerCase();
  return !NO_DECAY.some((re) => re.test(lower));
}

/** Two param groups, as create_optimizer: [decayed (weightDecay), not decayed (0)]; frozen parameters are left out. */
export function decayParamGroups(named: ReadonlyArray<readonly [string, Tensor]>, weightDecay: number): [{ params: Tensor[]; weightDecay: number }, { params: Tensor[]; weightDecay: number }] {
  const decay: Tensor[] = [];
  const noDecay: Tensor[] = [];
  for (const [name, p] of named) {
    if (!p.requiresGrad) continue;
    (appliesWeightDecay(name) ? decay : noDecay).push(p);
  }
  return [
    { params: decay, weightDecay },
    { params: noDecay, weightDecay: 0.0 },
  ];
}
