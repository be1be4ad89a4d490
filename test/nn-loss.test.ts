// Loss modules and their options against Python torch 1.13 (scripts/gen-nn-references.py): value and input gradient.
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { expectClose, load, nnData, type RefTensor } from './helpers/nn-data.js';

const { nn } = torch;
interface LossCase {
  inputs: RefTensor[];
  loss: RefTensor;
  lossWeight: RefTensor;
  inputGrad: RefTensor;
}
const data = nnData<{ cases: Record<string, LossCase>; classWeight: RefTensor; posWeight: RefTensor; elementWeight: RefTensor }>('losses');
const w = load(data.classWeight);
const pw = load(data.posWeight);
const ew = load(data.elementWeight);

const LOSSES: Record<string, () => torch.nn.Module & { forward(a: torch.Tensor, b: torch.Tensor): torch.Tensor }> = {
  CrossEntropyLoss: () => new nn.CrossEntropyLoss(),
  CrossEntropyLoss_weight_ignore_sum: () => new nn.CrossEntropyLoss({ weight: w, reduction: 'sum' }),
  CrossEntropyLoss_ignoreIndex3_none: () => new nn.CrossEntropyLoss({ ignoreIndex: 3, reduction: 'none' }),
  CrossEntropyLoss_labelSmoothing_weight: () => new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.1 }),
  CrossEntropyLoss_kdim: () => new nn.CrossEntropyLoss(),
  CrossEntropyLoss_probTargets: () => new nn.CrossEntropyLoss({ labelSmoothing: 0.2 }),
  NLLLoss: () => new nn.NLLLoss(),
  NLLLoss_weight_ignore: () => new nn.NLLLoss({ weight: w, ignoreIndex: 3 }),
  NLLLoss_none: () => new nn.NLLLoss({ reduction: 'none' }),
  MSELoss_mean: () => new nn.MSELoss(),
  MSELoss_sum: () => new nn.MSELoss({ reduction: 'sum' }),
  MSELoss_none: () => new nn.MSELoss({ reduction: 'none' }),
  L1Loss_mean: () => new nn.L1Loss(),
  L1Loss_sum: () => new nn.L1Loss({ reduction: 'sum' }),
  L1Loss_none: () => new nn.L1Loss({ reduction: 'none' }),
  SmoothL1Loss: () => new nn.SmoothL1Loss(),
  SmoothL1Loss_beta_sum: () => new nn.SmoothL1Loss({ beta: 0.5, reduction: 'sum' }),
  BCEWithLogitsLoss: () => new nn.BCEWithLogitsLoss(),
  BCEWithLogitsLoss_posWeight_weight_sum: () => new nn.BCEWithLogitsLoss({ weight: ew, posWeight: pw, reduction: 'sum' }),
  BCELoss: () => new nn.BCELoss(),
  BCELoss_weight_none: () => new nn.BCELoss({ weight: ew, reduction: 'none' }),
};

describe('losses match PyTorch 1.13', () => {
  it('covers every case of the reference file', () => {
    expect(Object.keys(LOSSES).sort()).toEqual(Object.keys(data.cases).sort());
  });
  for (const [name, c] of Object.entries(data.cases)) {
    it(name, () => {
      const [input, target] = c.inputs.map(load) as [torch.Tensor, torch.Tensor];
      input.requiresGrad_();
      const loss = LOSSES[name]!().call(input, target);
      expectClose(loss, c.loss, 1e-5, 'loss');
      loss.mul(load(c.lossWeight)).sum().backward();
      expectClose(input.grad, c.inputGrad, 1e-5, 'input grad');
    });
  }

  it('class weights are buffers under PyTorch names (weight, pos_weight)', () => {
    expect(Object.keys(new nn.BCEWithLogitsLoss({ weight: ew, posWeight: pw }).stateDict())).toEqual(['weight', 'pos_weight']);
    expect(Object.keys(new nn.CrossEntropyLoss().stateDict())).toEqual([]);
  });
});
