// torch.utils.checkpoint: activation checkpointing. The forward runs without recording a graph (its
// activations are not kept); one autograd node stands for it, whose backward (a JS function, see
// cpp/js_function.cc) reruns the forward with grad on, from the same RNG state, and backpropagates through it.
// This trades compute for memory. Backward must run on the JS thread: libtorch does that for CPU tensors.
import { enableGrad, isGradEnabled, noGrad } from '../autograd.js';
import { native, type Handle } from '../native.js';
import { getRngState, setRngState } from '../runtime.js';
import { handles, Tensor } from '../tensor.js';

function outputList(where: string, out: unknown): Tensor[] {
  if (out instanceof Tensor) return [out];
  if (Array.isArray(out) && out.length > 0 && out.every((t) => t instanceof Tensor)) return out as Tensor[];
  throw new TypeError(`${where}: the checkpointed function must return a Tensor or a non-empty array of Tensors`);
}

/**
 * `checkpoint(fn, ...args)`: `fn(...args)`, without keeping its intermediate activations; the backward
 * recomputes them. Gradients reach the tensor arguments and every parameter `fn` uses. `fn` must return a
 * Tensor or an array of Tensors (floating point) and must not depend on state that changes before backward.
 */
export function checkpoint<A extends unknown[], R extends Tensor | Tensor[]>(fn: (...args: A) => R, ...args: A): R {
  if (typeof fn !== 'function') throw new TypeError(`checkpoint(fn, ...args): fn must be a function, got ${typeof fn}`);
  if (!isGradEnabled()) return fn(...args);
  const rng = getRngState();
  const out = noGrad(() => fn(...args));
  const outs = outputList('checkpoint', out);
  const tensorArgs = args.filter((a): a is Tensor => a instanceof Tensor);

  const backward = (gradHandles: (Handle | null)[]): (Handle | null)[] => {
    const grads = gradHandles.map((h) => (h === null ? null : new Tensor(h)));
    const detached = args.map((a) => (a instanceof Tensor ? a.detach().requiresGrad_(a.requiresGrad) : a)) as A;
    const current = getRngState();
    let recomputed: Tensor[];
    try {
      setRngState(rng);
      recomputed = outputList('checkpoint (recomputation)', enableGrad(() => fn(...detached)));
    } finally {
      setRngState(current);
      current.dispose();
    }
    const pairs = recomputed.map((o, i) => [o, grads[i]] as const).filter(([o, g]) => g !== null && o.requiresGrad);
    if (pairs.length > 0) native.autogradBackward(handles(pairs.map(([o]) => o)), pairs.map(([, g]) => g!._h));
    for (const t of [...recomputed, ...grads]) t?.dispose();
    return detached.filter((a): a is Tensor => a instanceof Tensor).map((d) => (d.requiresGrad ? native.grad(d._h) : null));
  };

  const attached = (native.attachJsBackward(handles(tensorArgs), handles(outs), backward) as Handle[]).map((h) => new Tensor(h));
  for (const o of outs) if (!tensorArgs.includes(o)) o.dispose(); // the attached tensors alias their storage
  return (out instanceof Tensor ? attached[0] : attached) as R;
}

/** A module tree that checkpoints its layers when asked: modules with a boolean `gradientCheckpointing` field. */
interface CheckpointableTree {
  gradientCheckpointingEnable?(): void;
  modules?(): object[];
  constructor: { name: string };
}

/**
 * transformers' `gradient_checkpointing_enable()` for any module: the model's own method when it has one, else
 * every submodule with a boolean `gradientCheckpointing` field gets it set (their forward then uses checkpoint()).
 * A model with neither does not support it: an error naming it.
 */
export function enableGradientCheckpointing(model: CheckpointableTree): void {
  if (typeof model.gradientCheckpointingEnable === 'function') {
    model.gradientCheckpointingEnable();
    return;
  }
  const flagged = (model.modules?.() ?? [model]).filter((m) => typeof (m as { gradientCheckpointing?: unknown }).gradientCheckpointing === 'boolean');
  if (flagged.length === 0)
    throw new TypeError(
      `${model.constructor.name} does not support gradient checkpointing: none of its modules has a \`gradientCheckpointing\` flag ` +
        '(a module supports it by declaring `gradientCheckpointing = false` and wrapping its layers in torch.utils.checkpoint.checkpoint when it is set)',
    );
  for (const m of flagged) (m as { gradientCheckpointing: boolean }).gradientCheckpointing = true;
}
