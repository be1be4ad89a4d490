// "Fine-tune a pretrained model" (Hugging Face tutorial), Trainer section, in TypeScript with tstorch — the script
// of ../shared/tutorial/trainer.ts. Online it uses the tutorial's own model and data set; offline, point MODEL /
// DATA at local files. Smaller runs: TRAIN_SAMPLES / EVAL_SAMPLES (default 1000), EPOCHS (default 3, as
// TrainingArguments), OUTPUT_DIR (default test_trainer).
//   npx tsx --conditions=source examples/trainer.ts
import * as torch from 'tstorch';
import { loadDataset } from 'tstorch/datasets';
import * as evaluate from 'tstorch/evaluate';
import {
  AutoModelForSequenceClassification,
  AutoTokenizer,
  Trainer,
  TrainingArguments,
  type EvalPrediction,
} from 'tstorch/transformers';

const MODEL = process.env.MODEL ?? 'google-bert/bert-base-cased';
const TRAIN_SAMPLES = Number(process.env.TRAIN_SAMPLES ?? 1000);
const EVAL_SAMPLES = Number(process.env.EVAL_SAMPLES ?? 1000);
const dataset = process.env.DATA
  ? await loadDataset('csv', { dataFiles: { train: `${process.env.DATA}/train.csv`, test: `${process.env.DATA}/test.csv` } })
  : await loadDataset('yelp_review_full');

// Prepare a dataset
const tokenizer = await AutoTokenizer.fromPretrained(MODEL);
const tokenizeFunction = (examples: { text: string[] }) =>
  tokenizer(examples.text, { padding: 'max_length', truncation: true });
const tokenizedDatasets = await dataset.map(tokenizeFunction, { batched: true });

const smallTrainDataset = tokenizedDatasets.train.shuffle({ seed: 42 }).select([...Array(TRAIN_SAMPLES).keys()]);
const smallEvalDataset = tokenizedDatasets.test.shuffle({ seed: 42 }).select([...Array(EVAL_SAMPLES).keys()]);

// Train: the warning about newly initialized classifier weights is expected here, as in Python.
const model = await AutoModelForSequenceClassification.fromPretrained(MODEL, { numLabels: 5 });

const metric = evaluate.load('accuracy');
function computeMetrics({ predictions: logits, labelIds: labels }: EvalPrediction) {
  const predictions = torch.argmax(logits, -1);
  return metric.compute({ predictions, references: labels });
}

const trainingArgs = new TrainingArguments({
  outputDir: process.env.OUTPUT_DIR ?? 'test_trainer',
  evalStrategy: 'epoch',
  ...(process.env.EPOCHS ? { numTrainEpochs: Number(process.env.EPOCHS) } : {}),
});
const trainer = new Trainer({
  model,
  args: trainingArgs,
  trainDataset: smallTrainDataset,
  evalDataset: smallEvalDataset,
  computeMetrics,
});
await trainer.train();
console.log(await trainer.evaluate()); // { eval_loss, eval_accuracy, ... }
