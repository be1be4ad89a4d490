// transformers' evaluation_loop: the model in eval mode over a data loader, each batch's loss (repeated per
// example), logits and labels gathered on the CPU, then computeMetrics and `<prefix>_loss`.
import { full } from '../../creation.js';
import { keep, tidy } from '../../memory.js';
import { cat } from '../../ops.js';
import { Tensor } from '../../tensor.js';
import type { TrainerModel } from './model.js';
import type { ComputeMetrics, Metrics } from './types.js';
import { LoopTurns } from './loop-turns.js';
import { awaitOutsideRun } from './rng-scope.js';

export type PredictionStepResult = [loss: Tensor | null, logits: Tensor | null, labels: Tensor | null];

export interface EvaluationContext {
  model: TrainerModel;
  computeMetrics: ComputeMetrics | null;
  prepareInputs(batch: Record<string, unknown>): Record<string, unknown>;
  predictionStep(model: TrainerModel, inputs: Record<string, unknown>, predictionLossOnly: boolean, ignoreKeys: readonly string[]): PredictionStepResult;
  onPredictionStep(dataloader: unknown): void;
  /** Under DDP: every rank's outputs of a step (all ranks call it), without the padding duplicates on the last step. */
  gather?: GatherForMetrics;
}

export interface GatherForMetrics {
  /** Every rank's rows of `t`, in rank order; on the last step only the real ones. */
  all(t: Tensor, last: boolean): Tensor;
  /** How many real rows a step of `batchSize` rows per rank has over all ranks. */
  rows(batchSize: number, last: boolean): number;
}

export interface EvalLoopOutput {
  predictions: Tensor | null;
  labelIds: Tensor | null;
  metrics: Metrics;
  numSamples: number;
}

/** Rows of the batch: the first dimension of its first tensor (transformers' find_batch_size). */
export function findBatchSize(inputs: Record<string, unknown>): number {
  for (const v of Object.values(inputs)) if (v instanceof Tensor && v.ndim > 0) return v.shape[0]!;
  return 0;
}

/** Concatenates on dim 0; rows of different lengths on dim 1 are padded with -100 (transformers' nested_concat). */
export function padAndConcat(parts: Tensor[], paddingIndex = -100): Tensor {
  const first = parts[0]!;
  if (first.ndim < 2 || parts.every((p) => p.shape[1] === first.shape[1])) return cat(parts, 0);
  const width = Math.max(...parts.map((p) => p.shape[1]!));
  return tidy(() =>
    cat(
      parts.map((p) => {
        const out = full([p.shape[0]!, width, ...p.shape.slice(2)], paddingIndex, { dtype: p.dtype });
        out.narrow(1, 0, p.shape[1]!).copy_(p);
        return out;
      }),
      0,
    ),
  );
}

/** Metric values as plain numbers (0-dim tensors read out), as transformers' denumpify_detensorize. */
function plainMetrics(raw: Record<string, unknown>): Metrics {
  const out: Metrics = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'number') out[k] = v;
    else if (typeof v === 'boolean') out[k] = Number(v);
    else if (v instanceof Tensor && v.numel() === 1) out[k] = v.item();
    else if (v !== undefined) throw new TypeError(`computeMetrics returned '${k}' = ${String(v)}; metrics must be numbers`);
  }
  return out;
}

export async function evaluationLoop(
  ctx: EvaluationContext,
  dataloader: Iterable<Record<string, unknown>>,
  predictionLossOnly: boolean,
  ignoreKeys: readonly string[],
  metricKeyPrefix: string,
): Promise<EvalLoopOutput> {
  ctx.model.eval();
  const losses: Tensor[] = [];
  const preds: Tensor[] = [];
  const labels: Tensor[] = [];
  let numSamples = 0;
  const steps = (dataloader as { length?: unknown }).length;
  let step = 0;
  const iterator = dataloader[Symbol.iterator]();
  const turns = new LoopTurns();
  try {
    for (;;) {
      const done = tidy(() => {
        const next = iterator.next();
        if (next.done) return true;
        const inputs = ctx.prepareInputs(next.value);
        const batchSize = findBatchSize(inputs);
        const last = typeof steps === 'number' && step === steps - 1;
        step += 1;
        const gathered = (t: Tensor): Tensor => (ctx.gather ? ctx.gather.all(t, last) : t);
        numSamples += ctx.gather ? ctx.gather.rows(batchSize, last) : batchSize;
        const [loss, logits, labelIds] = ctx.predictionStep(ctx.model, inputs, predictionLossOnly, ignoreKeys);
        // kept past this scope: detached copies on the CPU
        if (loss !== null) losses.push(keepOut(gathered(loss.detach().reshape([1]).repeat(batchSize))));
        if (logits !== null) preds.push(keepOut(gathered(logits.detach())));
        if (labelIds !== null) labels.push(keepOut(gathered(labelIds.detach())));
        ctx.onPredictionStep(dataloader);
        return false;
      });
      if (done) break;
      const turn = turns.due();
      if (turn) await turn;
    }
    const allLosses = losses.length > 0 ? cat(losses, 0) : null;
    const predictions = preds.length > 0 ? padAndConcat(preds) : null;
    const labelIds = labels.length > 0 ? padAndConcat(labels) : null;
    let metrics: Metrics = {};
    if (ctx.computeMetrics !== null && predictions !== null && labelIds !== null) {
      metrics = plainMetrics(await awaitOutsideRun(ctx.computeMetrics({ predictions, labelIds })));
    }
    if (allLosses !== null) {
      metrics[`${metricKeyPrefix}_loss`] = allLosses.mean().item();
      allLosses.dispose();
    }
    // prefix every metric (moving it to the end, as Python's pop-and-set does)
    for (const key of Object.keys(metrics)) {
      if (key.startsWith(`${metricKeyPrefix}_`)) continue;
      const v = metrics[key]!;
      delete metrics[key];
      metrics[`${metricKeyPrefix}_${key}`] = v;
    }
    return { predictions, labelIds, metrics, numSamples };
  } finally {
    for (const t of [...losses, ...preds, ...labels]) t.dispose(); // cat copied them
  }
}

/** A CPU copy that outlives the tidy scope of its batch. */
function keepOut(t: Tensor): Tensor {
  return keep(t.device.type === 'cpu' ? t.clone() : t.cpu());
}
