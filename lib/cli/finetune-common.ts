// What both `tstorch finetune` commands (text, and image/audio) set up alike: the accuracy metric and the
// TrainingArguments of their shared options (one evaluation and one log per epoch, no checkpoints).
import * as evaluate from '../evaluate/index.js';
import { argmax } from '../ops.js';
import { TrainingArguments, type EvalPrediction, type TrainingArgumentsOptions } from '../transformers/index.js';
import { intOption, numberOption } from './args.js';

/** The command-line options both commands take, as parseArgs returns them. */
export interface CommonFinetuneValues {
  epochs?: string;
  'batch-size'?: string;
  lr?: string;
  device?: string;
  'overwrite-output-dir'?: boolean;
  'no-progress'?: boolean;
}

/** computeMetrics for a classifier: accuracy of the argmax over the logits. */
export function accuracyMetrics(): (p: EvalPrediction) => Record<string, unknown> {
  const metric = evaluate.load('accuracy');
  return ({ predictions, labelIds }) => metric.compute({ predictions: argmax(predictions, -1), references: labelIds });
}

export function finetuneArguments(
  values: CommonFinetuneValues,
  run: { outputDir: string; seed: number; evaluate: boolean; defaultLr: number },
  extra: Partial<TrainingArgumentsOptions> = {},
): TrainingArguments {
  return new TrainingArguments({
    outputDir: run.outputDir,
    overwriteOutputDir: values['overwrite-output-dir'] ?? false,
    numTrainEpochs: intOption(values.epochs, 'epochs', 3),
    perDeviceTrainBatchSize: intOption(values['batch-size'], 'batch-size', 8),
    perDeviceEvalBatchSize: intOption(values['batch-size'], 'batch-size', 8),
    learningRate: numberOption(values.lr, 'lr', run.defaultLr),
    evalStrategy: run.evaluate ? 'epoch' : 'no',
    saveStrategy: 'no',
    loggingStrategy: 'epoch',
    seed: run.seed,
    useCpu: values.device === 'cpu',
    disableTqdm: values['no-progress'] ?? false,
    reportTo: 'none',
    ...extra,
  });
}
