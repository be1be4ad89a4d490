// transformers' `_init_weights` of the BERT-style families (RoBERTa, DistilBERT, ELECTRA, DeBERTa-v2) and its
// fast-init rule: only modules whose parameters the checkpoint does not all provide are initialized.
import { noGrad } from '../../../autograd.js';
import type { Module } from '../../../nn/module.js';
import { Embedding, LayerNorm, Linear } from '../../../nn/layers/index.js';

/** Linear and Embedding weights ~ N(0, range²), biases and the padding row 0, LayerNorm 1 / 0. */
export function initBertStyleModule(module: Module, range: number): void {
  noGrad(() => {
    if (module instanceof Linear) {
      module.weight.normal_(0, range);
      module.bias?.zero_();
    } else if (module instanceof Embedding) {
      module.weight.normal_(0, range);
      if (module.paddingIdx !== null) module.weight.select(0, module.paddingIdx).zero_();
    } else if (module instanceof LayerNorm) {
      module.weight?.fill_(1);
      module.bias?.zero_();
    }
  });
}

/**
 * Applies `init` to every module of `model`, children first (the order of `model.apply`), except those whose
 * state-dict keys are all in `loaded`; `null` initializes every module.
 */
export function initUnloadedModules(model: Module, loaded: readonly string[] | null, init: (m: Module) => void): void {
  const done = loaded === null ? null : new Set(loaded);
  const visit = (m: Module, prefix: string): void => {
    for (const [name, child] of m.namedChildren()) visit(child, prefix === '' ? name : `${prefix}.${name}`);
    if (done !== null) {
      const state = m.stateDict({ prefix: prefix === '' ? '' : `${prefix}.` });
      const keys = Object.keys(state);
      for (const t of Object.values(state)) t.dispose();
      if (keys.length > 0 && keys.every((k) => done.has(k))) return;
    }
    init(m);
  };
  visit(model, '');
}
