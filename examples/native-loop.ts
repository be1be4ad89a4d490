// "Fine-tune a pretrained model" (Hugging Face tutorial), "Train in native PyTorch" section, in TypeScript with
// tstorch — the script of ../shared/tutorial/native-loop.ts. Online it uses the tutorial's own model and data set;
// offline, point MODEL / DATA at local files. Smaller runs: TRAIN_SAMPLES / EVAL_SAMPLES (default 1000), EPOCHS
// (default 3), MAX_LENGTH (default: the tokenizer's model_max_length, as the tutorial).
//   npx tsx --conditions=source examples/native-loop.ts
import * as torch from 'tstorch';
import { DataLoader } from 'tstorch/utils/data';
import { ProgressBar } from 'tstorch/utils';
import { loadDataset } from 'tstorch/datasets';
import * as evaluate from 'tstorch/evaluate';
import { AutoModelForSequenceClassification, AutoTokenizer, getScheduler } from 'tstorch/transformers';

const MODEL = process.env.MODEL ?? 'google-bert/bert-base-cased';
const TRAIN_SAMPLES = Number(process.env.TRAIN_SAMPLES ?? 1000);
const EVAL_SAMPLES = Number(process.env.EVAL_SAMPLES ?? 1000);
const MAX_LENGTH = process.env.MAX_LENGTH ? Number(process.env.MAX_LENGTH) : undefined;
const dataset = process.env.DATA
  ? await loadDataset('csv', { dataFiles: { train: `${process.env.DATA}/train.csv`, test: `${process.env.DATA}/test.csv` } })
  : await loadDataset('yelp_review_full');

const tokenizer = await AutoTokenizer.fromPretrained(MODEL);
let tokenizedDatasets = await dataset.map(
  (examples: { text: string[] }) => tokenizer(examples.text, { padding: 'max_length', truncation: true, maxLength: MAX_LENGTH }),
  { batched: true },
);

// 1-3: drop raw text, name the label column as the model expects, return tensors.
tokenizedDatasets = tokenizedDatasets.removeColumns(['text']);
tokenizedDatasets = tokenizedDatasets.renameColumn('label', 'labels');
tokenizedDatasets.setFormat('torch');

const smallTrainDataset = tokenizedDatasets.train.shuffle({ seed: 42 }).select([...Array(TRAIN_SAMPLES).keys()]);
const smallEvalDataset = tokenizedDatasets.test.shuffle({ seed: 42 }).select([...Array(EVAL_SAMPLES).keys()]);

// DataLoader
const trainDataloader = new DataLoader(smallTrainDataset, { shuffle: true, batchSize: 8 });
const evalDataloader = new DataLoader(smallEvalDataset, { batchSize: 8 });

const model = await AutoModelForSequenceClassification.fromPretrained(MODEL, { numLabels: 5 });

// Optimizer and learning rate scheduler
const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 5e-5 });
const numEpochs = Number(process.env.EPOCHS ?? 3);
const numTrainingSteps = numEpochs * trainDataloader.length;
const lrScheduler = getScheduler('linear', { optimizer, numWarmupSteps: 0, numTrainingSteps });

const device = torch.cuda.isAvailable() ? torch.device('cuda') : torch.device('cpu');
model.to(device);

// Training loop: plain code like this holds flat memory over thousands of steps
// (tensors are freed by the GC, or at once with torch.tidy / `using` / dispose()).
const progressBar = new ProgressBar({ total: numTrainingSteps });
model.train();
for (let epoch = 0; epoch < numEpochs; epoch++) {
  for (const batch of trainDataloader) {
    const inputs = batch.to(device);
    const outputs = model.forward(inputs);
    const loss = outputs.loss!;
    loss.backward();

    optimizer.step();
    lrScheduler.step();
    optimizer.zeroGrad();
    progressBar.update(1);
  }
}
progressBar.close();

// Evaluate
const metric = evaluate.load('accuracy');
model.eval();
for (const batch of evalDataloader) {
  const inputs = batch.to(device);
  const outputs = torch.noGrad(() => model.forward(inputs));
  const predictions = torch.argmax(outputs.logits, -1);
  metric.addBatch({ predictions, references: inputs.labels });
}
console.log(metric.compute()); // { accuracy: ... }
