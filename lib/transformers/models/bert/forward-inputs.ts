// Reads a forward call's inputs the way Python's `model(**batch)` binds keyword arguments: camelCase or
// transformers' snake_case names, a DataLoader batch as is (its methods, such as `to`, are skipped), and a clear
// "unexpected keyword argument" for any other key.
import { Tensor } from '../../../tensor.js';

const SNAKE: Readonly<Record<string, string>> = {
  inputIds: 'input_ids',
  attentionMask: 'attention_mask',
  tokenTypeIds: 'token_type_ids',
  positionIds: 'position_ids',
  labels: 'labels',
  startPositions: 'start_positions',
  endPositions: 'end_positions',
  outputHiddenStates: 'output_hidden_states',
  outputAttentions: 'output_attentions',
};
const FLAGS = new Set(['output_hidden_states', 'output_attentions']);

export interface BertForwardInputs {
  inputIds?: Tensor;
  input_ids?: Tensor;
  attentionMask?: Tensor | null;
  attention_mask?: Tensor | null;
  tokenTypeIds?: Tensor | null;
  token_type_ids?: Tensor | null;
  positionIds?: Tensor | null;
  position_ids?: Tensor | null;
  /** Default: the config's `output_hidden_states`. */
  outputHiddenStates?: boolean;
  output_hidden_states?: boolean;
  outputAttentions?: boolean;
  output_attentions?: boolean;
}
export interface BertLabelInputs extends BertForwardInputs {
  labels?: Tensor | null;
}
export interface BertQuestionAnsweringInputs extends BertForwardInputs {
  startPositions?: Tensor | null;
  start_positions?: Tensor | null;
  endPositions?: Tensor | null;
  end_positions?: Tensor | null;
}

/** Inputs by snake_case name: tensors and the two output flags. */
export type ReadInputs = Map<string, Tensor | boolean>;

/** `accepted` lists the snake_case names this model's forward takes. */
export function readForwardInputs(className: string, accepted: readonly string[], inputs: unknown): ReadInputs {
  const where = `${className}.forward()`;
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs) || inputs instanceof Tensor) {
    throw new TypeError(`${where} takes an object of inputs ({ inputIds, attentionMask, ... } or a DataLoader batch), got ${describe(inputs)}`);
  }
  const out: ReadInputs = new Map();
  for (const key of Object.keys(inputs)) {
    const value = (inputs as Record<string, unknown>)[key];
    if (value === undefined || typeof value === 'function') continue;
    const name = SNAKE[key] ?? key;
    if (!accepted.includes(name)) throw new TypeError(`${where} got an unexpected keyword argument '${key}'`);
    if (out.has(name)) throw new TypeError(`${where} got multiple values for argument '${name}'`);
    if (value === null) continue;
    if (FLAGS.has(name)) {
      if (typeof value !== 'boolean') throw new TypeError(`${where}: ${key} must be a boolean, got ${describe(value)}`);
    } else if (!(value instanceof Tensor)) {
      throw new TypeError(`${where}: ${key} must be a Tensor, got ${describe(value)}`);
    }
    out.set(name, value as Tensor | boolean);
  }
  if (!out.has('input_ids')) throw new TypeError(`${where} missing the required input 'input_ids' (inputIds)`);
  const ids = out.get('input_ids') as Tensor;
  if (!ids.isDisposed && ids.ndim === 2 && ids.shape[1] === 0)
    throw new RangeError(`${where}: input_ids has shape [${ids.shape.join(', ')}]: the sequence is empty; each row needs at least one token`);
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Tensor) return 'a Tensor';
  return typeof v;
}
