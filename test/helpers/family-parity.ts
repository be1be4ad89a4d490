// Parity checks shared by the test/family-*.test.ts files: every hf-tiny-<family> fixture was made by the same
// script (forward.json, gradients.json, train_manual.json; see each README), so one set of checks serves all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import * as torch from '../../lib/index.js';
import { getScheduler } from '../../lib/transformers/index.js';
import type { FromPretrainedOptions, PreTrainedModel } from '../../lib/transformers/modeling_utils.js';
import { readSafetensors } from '../../lib/serialization/safetensors.js';
import { fixture } from './fixtures.js';
import { ids, maxAbsDiff, readReference, type RefTensor } from './reference-tensors.js';

export type Model = PreTrainedModel & { forward(inputs: Record<string, unknown>): Record<string, unknown> };
export interface ModelClass {
  fromPretrained(dir: string, options?: FromPretrainedOptions): Promise<object>;
}

interface BatchRef {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids: number[][] | null;
  labels: number[];
  logits: RefTensor;
  loss: number;
  hidden_states: RefTensor[];
  attentions_layer0: RefTensor;
}

const tensorOf = (t: unknown): torch.Tensor => t as torch.Tensor;

/** The model inputs of a reference batch (token types only where the family's tokenizer returns them). */
export function batchInputs(b: { input_ids: number[][]; attention_mask: number[][]; token_type_ids?: number[][] | null }): Record<string, torch.Tensor> {
  const out: Record<string, torch.Tensor> = { input_ids: ids(b.input_ids), attention_mask: ids(b.attention_mask) };
  if (b.token_type_ids) out.token_type_ids = ids(b.token_type_ids);
  return out;
}

/** Largest |a - b| relative to 1e-6 + 1e-5·|b| over the reference (the READMEs' suggested tolerance). */
function scaledDiff(a: torch.Tensor, ref: RefTensor, rtol: number, atol: number): number {
  const b = torch.tensor(Float32Array.from(ref.data), { shape: ref.shape });
  return a.detach().float().sub(b).abs().div(b.abs().mul(rtol).add(atol)).max().item();
}

// The issue's 1e-5 floor, not the fixtures' suggested 1e-6: which sgemm kernel OpenBLAS dispatches to moves the
// outputs by more than 1e-6. On 1.13, Haswell's kernels stay within 1e-6 of the references, while the SSE3
// (Prescott) and SkylakeX kernels, which an AVX-512 VM that hides its CPU model gets, differ by up to 1.6e-6
// (OPENBLAS_CORETYPE=... npx vitest run test/family-distilbert.test.ts). libtorch 2.x's kernels differ by ~2e-6.
const ATOL = 1e-5;

export function expectClose(a: torch.Tensor, ref: RefTensor, tol = { rtol: 1e-5, atol: ATOL }): void {
  expect(scaledDiff(a, ref, tol.rtol, tol.atol)).toBeLessThanOrEqual(1);
}

/** Eval-mode logits, loss, every hidden state and layer 0's attentions of each batch of forward.json. */
export async function checkForward(family: string, cls: ModelClass): Promise<{ logits: number; hidden: number; attentions: number; loss: number }> {
  const ref = readReference<{ batches: Record<string, BatchRef> }>(`hf-tiny-${family}`, 'references', 'forward.json');
  const model = (await cls.fromPretrained(fixture(`hf-tiny-${family}`, 'model'))) as unknown as Model;
  const worst = { logits: 0, hidden: 0, attentions: 0, loss: 0 };
  for (const b of Object.values(ref.batches)) {
    const out = torch.noGrad(() => model.forward({ ...batchInputs(b), labels: ids(b.labels), outputHiddenStates: true, outputAttentions: true }));
    expectClose(tensorOf(out.logits), b.logits);
    worst.logits = Math.max(worst.logits, maxAbsDiff(tensorOf(out.logits), b.logits));
    const loss = tensorOf(out.loss).item();
    expect(Math.abs(loss - b.loss)).toBeLessThan(1e-5);
    worst.loss = Math.max(worst.loss, Math.abs(loss - b.loss));
    const hidden = out.hiddenStates as torch.Tensor[];
    expect(hidden.length).toBe(b.hidden_states.length);
    hidden.forEach((h, i) => {
      expectClose(h, b.hidden_states[i]!);
      worst.hidden = Math.max(worst.hidden, maxAbsDiff(h, b.hidden_states[i]!));
    });
    const att = (out.attentions as torch.Tensor[])[0]!;
    expect(maxAbsDiff(att, b.attentions_layer0)).toBeLessThan(1e-6);
    worst.attentions = Math.max(worst.attentions, maxAbsDiff(att, b.attentions_layer0));
  }
  model.dispose();
  return worst;
}

interface HeadRef {
  input_ids?: number[][];
  labels?: number[][];
  logits?: RefTensor;
  start_logits?: RefTensor;
  end_logits?: RefTensor;
  start_positions?: number[];
  end_positions?: number[];
  loss?: number;
  batch?: string;
}

/** The other heads' logits and losses (forward.json `heads`), each from its own folder. */
export async function checkHead(family: string, head: string, cls: ModelClass, batchName: string): Promise<number> {
  const ref = readReference<{ batches: Record<string, BatchRef>; heads: Record<string, HeadRef> }>(`hf-tiny-${family}`, 'references', 'forward.json');
  const h = ref.heads[head]!;
  const batch = ref.batches[batchName]!;
  const model = (await cls.fromPretrained(fixture(`hf-tiny-${family}`, `model-${head}`))) as unknown as Model;
  const inputs: Record<string, unknown> = batchInputs({ ...batch, input_ids: h.input_ids ?? batch.input_ids });
  if (h.labels) inputs.labels = ids(h.labels);
  if (h.start_positions) inputs.start_positions = ids(h.start_positions);
  if (h.end_positions) inputs.end_positions = ids(h.end_positions);
  const out = torch.noGrad(() => model.forward(inputs));
  let worst = 0;
  for (const [key, name] of [['logits', 'logits'], ['start_logits', 'startLogits'], ['end_logits', 'endLogits']] as const) {
    const r = h[key];
    if (r === undefined) continue;
    expectClose(tensorOf(out[name]), r);
    worst = Math.max(worst, maxAbsDiff(tensorOf(out[name]), r));
  }
  if (h.loss !== undefined) expect(Math.abs(tensorOf(out.loss).item() - h.loss)).toBeLessThan(1e-5);
  model.dispose();
  return worst;
}

/** Train-mode gradients with dropout off (gradients.json): every parameter's grad norm to 1e-4 relative. */
export async function checkGradients(family: string, cls: ModelClass): Promise<number> {
  const ref = readReference<{ grad_l2_norm: Record<string, number>; total_grad_l2_norm: number; loss: number }>(`hf-tiny-${family}`, 'references', 'gradients.json');
  const fwd = readReference<{ batches: Record<string, BatchRef> }>(`hf-tiny-${family}`, 'references', 'forward.json');
  const b = fwd.batches.b_single!;
  const model = (await cls.fromPretrained(fixture(`hf-tiny-${family}`, 'model'), dropoutOff(family))) as unknown as Model;
  model.train();
  const loss = tensorOf(model.forward({ ...batchInputs(b), labels: ids(b.labels) }).loss);
  expect(Math.abs(loss.item() - ref.loss)).toBeLessThan(1e-5);
  loss.backward();
  let worst = 0;
  const params = new Map(model.namedParameters());
  for (const [name, norm] of Object.entries(ref.grad_l2_norm)) {
    const p = params.get(name);
    expect(p, name).toBeDefined();
    const got = p!.grad === null ? 0 : p!.grad.norm().item();
    const rel = Math.abs(got - norm) / Math.max(norm, 1e-3);
    worst = Math.max(worst, rel);
    expect(rel, name).toBeLessThan(1e-4);
  }
  model.dispose();
  return worst;
}

/** The options gradients.json loaded the model with (DistilBERT names its dropouts differently). */
function dropoutOff(family: string): FromPretrainedOptions {
  return family === 'distilbert' ? { dropout: 0, attentionDropout: 0, seqClassifDropout: 0, qaDropout: 0 } : { hiddenDropoutProb: 0, attentionProbsDropoutProb: 0 };
}

interface RunRef {
  config_overrides: Record<string, number>;
  max_grad_norm: number;
  steps: Array<{ loss: number; lr: number; grad_norm_before_clip: number }>;
  final_eval: { logits: RefTensor; loss: number };
}

/** One 12-step AdamW run of train_manual.json, step for step (loss, lr, pre-clip norm) and the final eval. */
export async function checkTrainRun(family: string, cls: ModelClass, run: 'dropout0' | 'default_dropout'): Promise<number> {
  const ref = readReference<{ runs: Record<string, RunRef>; data: { step_batch_order: string[]; eval_batch: string } }>(`hf-tiny-${family}`, 'references', 'train_manual.json');
  const fwd = readReference<{ batches: Record<string, BatchRef> }>(`hf-tiny-${family}`, 'references', 'forward.json');
  const r = ref.runs[run]!;
  const overrides = Object.fromEntries(Object.entries(r.config_overrides).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
  const model = (await cls.fromPretrained(fixture(`hf-tiny-${family}`, 'model'), overrides)) as unknown as Model;
  const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01 });
  const scheduler = getScheduler('linear', { optimizer, numWarmupSteps: 2, numTrainingSteps: 12 });
  torch.manualSeed(0);
  model.train();
  let worst = 0;
  ref.data.step_batch_order.forEach((name, i) => {
    const b = fwd.batches[name]!;
    const lr = optimizer.paramGroups[0]!.lr;
    const loss = tensorOf(model.forward({ ...batchInputs(b), labels: ids(b.labels) }).loss);
    loss.backward();
    const norm = torch.nn.utils.clipGradNorm(model.parameters(), r.max_grad_norm).item();
    optimizer.step();
    scheduler.step();
    model.zeroGrad();
    const step = r.steps[i]!;
    expect(Math.abs(lr - step.lr)).toBeLessThan(1e-12);
    worst = Math.max(worst, Math.abs(loss.item() - step.loss));
    expect(Math.abs(loss.item() - step.loss), `step ${i + 1} loss`).toBeLessThan(1e-5);
    expect(Math.abs(norm - step.grad_norm_before_clip) / step.grad_norm_before_clip, `step ${i + 1} grad norm`).toBeLessThan(1e-4);
  });
  model.eval();
  const e = fwd.batches[ref.data.eval_batch]!;
  const out = torch.noGrad(() => model.forward({ ...batchInputs(e), labels: ids(e.labels) }));
  expect(maxAbsDiff(tensorOf(out.logits), r.final_eval.logits)).toBeLessThan(1e-5);
  expect(Math.abs(tensorOf(out.loss).item() - r.final_eval.loss)).toBeLessThan(1e-5);
  model.dispose();
  return worst;
}

/** savePretrained → fromPretrained gives the same tensors bit for bit, and the file holds what transformers writes. */
export async function checkSaveRoundTrip(family: string, folder: string, cls: ModelClass): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `tstorch-${family}-`));
  try {
    const model = (await cls.fromPretrained(fixture(`hf-tiny-${family}`, folder))) as Model;
    model.savePretrained(dir);
    const again = (await cls.fromPretrained(dir)) as Model;
    const a = model.stateDict();
    const b = again.stateDict();
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const [k, t] of Object.entries(a)) expect(t.equal(b[k]!), k).toBe(true);
    const written = [...readSafetensors(join(dir, 'model.safetensors')).tensors.keys()].sort();
    const original = [...readSafetensors(fixture(`hf-tiny-${family}`, folder, 'model.safetensors')).tensors.keys()].sort();
    expect(written).toEqual(original);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    const originalConfig = JSON.parse(readFileSync(fixture(`hf-tiny-${family}`, folder, 'config.json'), 'utf8'));
    expect({ ...config, _name_or_path: undefined }).toEqual({ ...originalConfig, _name_or_path: undefined });
    model.dispose();
    again.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
