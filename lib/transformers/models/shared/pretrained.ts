// The PreTrainedModel base of the TS-written families: the config from overrides, transformers' post_init, the
// family's `_init_weights` (BERT-style unless a family overrides `initModule`) with the fast-init rule, and the
// forward-input reader. Each family's `<Family>PreTrainedModel` sets its names, prefix and config class.
import type { Module } from '../../../nn/module.js';
import type { ConfigOverrides, PretrainedConfig } from '../../configuration_utils.js';
import { PreTrainedModel, type ModelInitOptions } from '../../modeling_utils.js';
import { forwardArgs, type ForwardArgs } from './inputs.js';
import { initBertStyleModule, initUnloadedModules } from './init.js';

export interface InitializedConfig extends PretrainedConfig {
  readonly initializerRange: number;
}

export abstract class FamilyPreTrainedModel<C extends InitializedConfig> extends PreTrainedModel<C> {
  /** The snake_case inputs the class's forward takes. */
  static readonly forwardArgNames: readonly string[] = [];

  protected constructor(config: C | ConfigOverrides) {
    const cls = new.target as unknown as typeof PreTrainedModel;
    super((config instanceof cls.configClass ? config : new (cls.configClass as new (c: ConfigOverrides) => PretrainedConfig)(config)) as C);
  }

  /** transformers' post_init: the family's init on every module (unless loading will do the fast init). */
  protected postInit(options: ModelInitOptions): void {
    if (options.initWeights ?? true) this._initWeights(null);
  }

  override _initWeights(loaded: readonly string[] | null): void {
    initUnloadedModules(this, loaded, (m) => this.initModule(m));
  }

  /** One module's `_init_weights`. */
  protected initModule(m: Module): void {
    initBertStyleModule(m, this.config.initializerRange);
  }

  protected args(inputs: unknown, accepted: readonly string[]): ForwardArgs {
    return forwardArgs((this.constructor as typeof PreTrainedModel).className, accepted, inputs, this.config);
  }
}
