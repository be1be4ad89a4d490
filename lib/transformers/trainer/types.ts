// The result types of train / evaluate / predict, as transformers' trainer_utils.
import type { Tensor } from '../../tensor.js';

/** What computeMetrics receives: all predictions (logits) and labels of the evaluation, on the CPU. */
export interface EvalPrediction {
  predictions: Tensor;
  labelIds: Tensor;
}

export type Metrics = Record<string, number>;

export interface TrainOutput {
  globalStep: number;
  trainingLoss: number;
  metrics: Metrics;
}

export interface PredictionOutput {
  /** The model's first output after the loss (the logits), for every example; null with predictionLossOnly. */
  predictions: Tensor | null;
  labelIds: Tensor | null;
  metrics: Metrics;
}

export type ComputeMetrics = (p: EvalPrediction) => Record<string, unknown> | Promise<Record<string, unknown>>;
