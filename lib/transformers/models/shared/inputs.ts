// Reading a TS-written model's forward inputs (camelCase or snake_case keys, a DataLoader batch as is) and the
// output flags, with BERT's reader.
import type { Tensor } from '../../../tensor.js';
import type { PretrainedConfig } from '../../configuration_utils.js';
import { readForwardInputs } from '../bert/forward-inputs.js';

export interface ForwardArgs {
  tensor(name: string): Tensor | null;
  hiddenStates: boolean;
  attentions: boolean;
}

/** `accepted` lists the snake_case names the class's forward takes. */
export function forwardArgs(className: string, accepted: readonly string[], inputs: unknown, config: PretrainedConfig): ForwardArgs {
  const read = readForwardInputs(className, accepted, inputs);
  const flag = (name: string, dflt: boolean) => (read.get(name) as boolean | undefined) ?? dflt;
  return {
    tensor: (name) => (read.get(name) as Tensor | undefined) ?? null,
    hiddenStates: flag('output_hidden_states', config.outputHiddenStates),
    attentions: flag('output_attentions', config.outputAttentions),
  };
}
