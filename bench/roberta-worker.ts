// The tstorch side of bench/roberta.ts: the TS-written RobertaForSequenceClassification (lib/transformers/models/
// roberta, on tstorch.nn) of one shape, its eval and train steps served by bench/serve-steps.ts.
import * as torch from 'tstorch';
import { RobertaConfig, RobertaForSequenceClassification } from 'tstorch/transformers';
import type { Case } from './bert-protocol.js';
import { serveSteps } from './serve-steps.js';

function setup(c: Case) {
  torch.manualSeed(0);
  const model = new RobertaForSequenceClassification(new RobertaConfig({
    vocabSize: c.vocab, hiddenSize: c.hidden, numHiddenLayers: c.layers, numAttentionHeads: c.heads,
    intermediateSize: c.intermediate, numLabels: c.labels, maxPositionEmbeddings: 514, typeVocabSize: 1, padTokenId: 1,
  }));
  // half the rows padded (id 1) over their last quarter, as in bench/roberta.py
  const mask = torch.ones([c.batch, c.seq], { dtype: 'int64' });
  torch.noGrad(() => mask.slice(0, c.batch / 2).slice(1, (c.seq * 3) / 4).fill_(0));
  const ids = torch.randint(3, c.vocab, [c.batch, c.seq]).mul(mask).add(mask.neg().add(1));
  const features = { input_ids: ids, attention_mask: mask };
  const labels = torch.randint(0, c.labels, [c.batch]);
  return {
    eval: () => void torch.noGrad(() => model.eval().forward(features)),
    train: () => {
      model.train();
      model.forward({ ...features, labels }).loss!.backward();
      model.zeroGrad();
    },
  };
}

await serveSteps(setup);
