// A forward call's inputs for the TypeScript-written models, bound as Python's `model(**batch)`: camelCase or
// snake_case keys, a DataLoader batch as is (its methods skipped), an error for any key the forward lacks.
import { Tensor } from '../tensor.js';
import { snakeCase } from './configuration_utils.js';

const FLAGS = new Set(['output_hidden_states', 'output_attentions', 'interpolate_pos_encoding']);

export type ForwardArgs = Map<string, Tensor | boolean>;

export function readInputs(className: string, accepted: readonly string[], required: string, inputs: unknown): ForwardArgs {
  const where = `${className}.forward()`;
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs) || inputs instanceof Tensor) {
    throw new TypeError(`${where} takes an object of inputs ({ ${required}, ... } or a DataLoader batch), got ${inputs instanceof Tensor ? 'a Tensor' : typeof inputs}`);
  }
  const out: ForwardArgs = new Map();
  for (const [key, value] of Object.entries(inputs)) {
    if (value === undefined || value === null || typeof value === 'function') continue;
    const name = snakeCase(key);
    if (!accepted.includes(name)) throw new TypeError(`${where} got an unexpected keyword argument '${key}'; it takes ${accepted.join(', ')}`);
    if (out.has(name)) throw new TypeError(`${where} got multiple values for argument '${name}'`);
    if (FLAGS.has(name) ? typeof value !== 'boolean' : !(value instanceof Tensor)) {
      throw new TypeError(`${where}: ${key} must be ${FLAGS.has(name) ? 'a boolean' : 'a Tensor'}, got ${typeof value}`);
    }
    out.set(name, value as Tensor | boolean);
  }
  if (!out.has(required)) throw new TypeError(`${where} missing the required input '${required}'`);
  return out;
}
