// The types the addon's functions take and return (lib/native-functions.ts, generated from cpp/natives.table,
// refers to them). Handles are opaque: only lib/ code passes them back to the addon.
/** An opaque native tensor handle. */
export type Handle = { readonly __tstorchHandle: unique symbol };
/** An opaque native model handle. */
export type ModuleHandle = { readonly __tstorchModule: unique symbol };
/** An opaque native optimizer handle. */
export type OptimizerHandle = { readonly __tstorchOptimizer: unique symbol };
/** An opaque native torch.Generator handle. */
export type GeneratorHandle = { readonly __tstorchGenerator: unique symbol };
/** An opaque copy of every default generator's state (a Trainer run's random stream, put away). */
export type RngStashHandle = { readonly __tstorchRngStash: unique symbol };

/** A number the addon reads as a scalar: JS integers become integer scalars, as Python ints do. */
export type Scalar = number | boolean | bigint;
/** An integer: a number or a bigint within int64's range. */
export type Int = number | bigint;
export type IntList = readonly Int[];
export type Reduction = 'mean' | 'sum' | 'none';

/** attachJsBackward's backward: the incoming gradients (null where none) to the inputs' gradients. */
export type JsBackward = (gradients: (Handle | null)[]) => (Handle | null)[];

/** One param group for optimCreate: the parameters and the options libtorch's optimizer takes. */
export interface NativeParamGroup {
  params: readonly Handle[];
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
}
/** A parameter's optimizer state, with transformers' key names. */
export type NativeOptimizerState = Record<string, Handle | number | null>;

/** A config as the native model reads it: `config.toDict()` (snake_case) plus what lib/transformers resolved. */
export type NativeModelConfig = Readonly<Record<string, unknown>>;
/** A forward's inputs with transformers' snake_case names (tensors as handles). */
export type NativeModelInputs = Readonly<Record<string, unknown>>;
export interface NativeModelOutputs {
  loss?: Handle;
  logits?: Handle;
  startLogits?: Handle;
  endLogits?: Handle;
  lastHiddenState?: Handle;
  poolerOutput?: Handle;
  hiddenStates?: Handle[];
  attentions?: Handle[];
  problemType?: string;
}

/** torch.distributed's native objects (cpp/distributed): a c10d store, a process group, a collective's work, a DDP reducer. */
export type DistStoreHandle = { readonly __tstorchDistStore: unique symbol };
export type DistGroupHandle = { readonly __tstorchDistGroup: unique symbol };
export type DistWorkHandle = { readonly __tstorchDistWork: unique symbol };
export type DistReducerHandle = { readonly __tstorchDistReducer: unique symbol };
/** Where Gloo binds its connections: a hostname to resolve, or a network interface. */
export interface DistNetwork {
  hostname?: string;
  iface?: string;
}
