// A training step's own memory (the activations its graph saves until backward, the gradients until zeroGrad) is
// not reported to V8 as garbage: a TS-written model's plain train loop does not run full GCs that free nothing.
// Before cpp/handle.cc reported the untracked memory once a step at its low, this loop ran 2 full GCs a step.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { RobertaConfig, RobertaForSequenceClassification } from 'tstorch/transformers';

describe('GC pressure of a TS-written model in a plain training loop', () => {
  it('runs well under one full GC a step (bench/roberta.ts small shape, 20 steps)', async () => {
    torch.manualSeed(0);
    const model = new RobertaForSequenceClassification(new RobertaConfig({
      vocabSize: 30522, hiddenSize: 256, numHiddenLayers: 4, numAttentionHeads: 4, intermediateSize: 1024,
      numLabels: 5, maxPositionEmbeddings: 514, typeVocabSize: 1, padTokenId: 1,
    }));
    const features = { input_ids: torch.randint(3, 30522, [8, 128]), attention_mask: torch.ones([8, 128], { dtype: 'int64' }), labels: torch.randint(0, 5, [8]) };
    const step = () => {
      model.forward(features).loss!.backward();
      model.zeroGrad();
    };
    for (let i = 0; i < 3; i++) step(); // warm-up: the allocator's cache and V8's limits settle
    let majors = 0;
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors++;
    });
    observer.observe({ entryTypes: ['gc'] });
    const steps = 20;
    for (let i = 0; i < steps; i++) step();
    await new Promise((r) => setTimeout(r, 50)); // the observer is told asynchronously
    observer.disconnect();
    expect(majors).toBeLessThan(steps);
  });
});
