// A Trainer that records the exact loss of every training step, as the Python references' recording subclasses do.
import { Trainer, type TrainerModel } from 'tstorch/transformers';

export class RecordingTrainer extends Trainer {
  readonly losses: number[] = [];
  override trainingStep(model: TrainerModel, inputs: Record<string, unknown>): number {
    const loss = super.trainingStep(model, inputs);
    this.losses.push(loss);
    return loss;
  }
}
