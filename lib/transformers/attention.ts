// Which attention kernel a model runs, as transformers' `_autoset_attn_implementation`: the config's choice,
// else SDPA where libtorch has it (2.x) and eager otherwise. Asking for SDPA on libtorch 1.x is an error.
import { native } from '../native.js';
import type { AttnImplementation, PretrainedConfig } from './configuration_utils.js';

/** Whether the loaded libtorch has scaled_dot_product_attention (2.x). */
export function sdpaAvailable(): boolean {
  return native.buildInfo().sdpaAvailable === true;
}

/** The attention a model built now from this config would run: the config's choice, else the default here. */
export function defaultAttnImplementation(): AttnImplementation {
  return sdpaAvailable() ? 'sdpa' : 'eager';
}

/** Resolves `config.attnImplementation` for a model being built (and records it, as transformers does). */
export function resolveAttnImplementation(config: PretrainedConfig, className: string): AttnImplementation {
  const requested = config.attnImplementation;
  if (requested === 'sdpa' && !sdpaAvailable()) {
    throw new Error(
      `${className}: attnImplementation 'sdpa' needs libtorch 2.x (scaled_dot_product_attention), but the loaded ` +
        `libtorch is ${String(native.buildInfo().torchVersion)}; use attnImplementation: 'eager' (the default there)`,
    );
  }
  const resolved = requested ?? defaultAttnImplementation();
  config.attnImplementation = resolved;
  return resolved;
}
