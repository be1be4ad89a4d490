// One model tree: a TS module holding a native BertModel. Parameters, state dicts, train/eval, to(), an
// optimizer, and the Trainer (checkpoints that load back, resume) cover the whole tree.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { BertModel, Trainer, TrainingArguments, logging } from 'tstorch/transformers';
import { fixture } from './helpers/fixtures.js';
import { Lin } from './helpers/nn-modules.js';
import { syntheticDataset } from './trainer-helpers.js';

const { nn } = torch;
const MODEL = fixture('tiny-random-bert-cased');
const out = mkdtempSync(join(tmpdir(), 'tstorch-nn-tree-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

class MeanPooledClassifier extends nn.Module {
  constructor(
    public encoder: BertModel,
    public classifier = new Lin(encoder.config.hiddenSize, 3, 0.1),
  ) {
    super();
  }
  forward(batch: { input_ids: torch.Tensor; attention_mask: torch.Tensor; labels?: torch.Tensor }) {
    const hidden = this.encoder.forward({ input_ids: batch.input_ids, attention_mask: batch.attention_mask }).lastHiddenState;
    const mask = batch.attention_mask.unsqueeze(-1).float();
    const logits = this.classifier.forward(hidden.mul(mask).sum(1).div(mask.sum(1)));
    return { logits, loss: batch.labels ? torch.nn.functional.crossEntropy(logits, batch.labels) : undefined };
  }
}

async function build(): Promise<MeanPooledClassifier> {
  logging.setVerbosity('error');
  torch.manualSeed(0);
  return new MeanPooledClassifier(await BertModel.fromPretrained(MODEL));
}

const batch = () => ({ input_ids: torch.tensor([[2, 5, 7, 9, 3, 0]], { dtype: 'int64' }), attention_mask: torch.tensor([[1, 1, 1, 1, 1, 0]], { dtype: 'int64' }) });

describe('a TS module holding a native BertModel', () => {
  it('sees the encoder parameters under "encoder." (the same Parameter objects), then its own', async () => {
    const m = await build();
    const names = m.namedParameters().map(([n]) => n);
    const enc = m.encoder.namedParameters();
    expect(names).toEqual([...enc.map(([n]) => `encoder.${n}`), 'classifier.weight', 'classifier.bias']);
    expect(m.parameters().slice(0, enc.length)).toEqual(enc.map(([, p]) => p));
    expect(m.parameters()[0]).toBeInstanceOf(nn.Parameter);
    expect(Object.keys(m.stateDict())).toEqual([...Object.keys(m.encoder.stateDict()).map((k) => `encoder.${k}`), 'classifier.weight', 'classifier.bias']);
    expect(m.namedModules().map(([n]) => n)).toEqual(['', 'encoder', 'classifier']);
    expect(m.numParameters()).toBe(m.encoder.numParameters() + 32 * 3 + 3);
  });

  it('train()/eval() reach the native model (dropout on, then off)', async () => {
    const m = await build();
    m.train();
    expect(m.encoder.training).toBe(true);
    const a = m.forward(batch()).logits;
    const b = m.forward(batch()).logits;
    expect(a.equal(b)).toBe(false);
    m.eval();
    expect(m.encoder.training).toBe(false);
    expect(m.forward(batch()).logits.equal(m.forward(batch()).logits)).toBe(true);
  });

  it('to(dtype) moves the native and the TS parameters in place; an optimizer over the tree updates both', async () => {
    const m = await build();
    const params = m.parameters();
    m.to('float64');
    expect(m.parameters().every((p, i) => p === params[i] && p.dtype === 'float64')).toBe(true);
    m.to('float32');
    const opt = new torch.optim.AdamW(m.parameters(), { lr: 1e-2 });
    const before = m.stateDict();
    const snapshot = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, v.clone()]));
    m.forward({ ...batch(), labels: torch.tensor([1], { dtype: 'int64' }) }).loss!.backward();
    opt.step();
    const after = m.stateDict();
    expect(after['encoder.embeddings.word_embeddings.weight']!.equal(snapshot['encoder.embeddings.word_embeddings.weight']!)).toBe(false);
    expect(after['classifier.weight']!.equal(snapshot['classifier.weight']!)).toBe(false);
  });

  it('loadStateDict restores the whole tree; torch.save / torch.load round-trip it', async () => {
    const a = await build();
    for (const p of a.parameters()) torch.noGrad(() => p.add_(0.01));
    const file = join(out, 'tree.safetensors');
    torch.save(a.stateDict(), file);
    const b = await build();
    expect(b.loadStateDict(torch.load(file))).toEqual({ missingKeys: [], unexpectedKeys: [] });
    for (const [[n, p], [, q]] of a.namedParameters().map((e, i) => [e, b.namedParameters()[i]!] as const)) expect(q.equal(p), n).toBe(true);
    a.eval();
    b.eval();
    expect(b.forward(batch()).logits.allclose(a.forward(batch()).logits)).toBe(true);
  });

  it('the Trainer trains it, writes checkpoints of the whole tree that load back, and resumes', async () => {
    const model = await build();
    const data = syntheticDataset(24, { vocab: 90, seqLen: 8 });
    const args = () =>
      new TrainingArguments({ outputDir: join(out, 'trainer'), numTrainEpochs: 2, perDeviceTrainBatchSize: 4, saveSteps: 6, reportTo: 'none', disableTqdm: true, learningRate: 1e-3 });
    const first = new Trainer({ model, args: args(), trainDataset: data });
    const before = model.classifier.weight.clone();
    await first.train();
    expect(model.classifier.weight.equal(before)).toBe(false);
    const ckpt = join(out, 'trainer', 'checkpoint-6');
    expect(existsSync(join(ckpt, 'model.safetensors'))).toBe(true);
    expect(existsSync(join(ckpt, 'config.json'))).toBe(false); // not a PreTrainedModel: the state dict only, as transformers
    const saved = torch.load(join(ckpt, 'model.safetensors'));
    expect(Object.keys(saved).sort()).toEqual(Object.keys(model.stateDict()).sort());
    const fresh = await build();
    expect(fresh.loadStateDict(saved)).toEqual({ missingKeys: [], unexpectedKeys: [] });

    const final = model.stateDict();
    const again = await build();
    await new Trainer({ model: again, args: args(), trainDataset: data }).train({ resumeFromCheckpoint: ckpt });
    const resumed = again.stateDict();
    for (const k of Object.keys(final)) expect(resumed[k]!.allclose(final[k]!, { atol: 1e-6 }), k).toBe(true);
  });

  it('gradientCheckpointing: a clear error for a tree without checkpointable layers', async () => {
    const model = await build();
    const t = new Trainer({ model, args: new TrainingArguments({ outputDir: join(out, 'gc'), gradientCheckpointing: true, reportTo: 'none', disableTqdm: true }), trainDataset: syntheticDataset(4) });
    await expect(t.train()).rejects.toThrow(/MeanPooledClassifier does not support gradient checkpointing/);
    expect(() => model.encoder.gradientCheckpointingEnable()).toThrow(/BertModel does not support gradient checkpointing in tstorch/);
  });
});
