// `tstorch finetune --task image-classification | audio-classification`: fine-tunes a ViT or Wav2Vec2-style
// checkpoint on an imagefolder / audiofolder (one sub-folder per class; train/test split folders optional).
import { existsSync, readdirSync } from 'node:fs';
import { loadDataset, Audio, type Dataset, type DatasetDict } from '../datasets/index.js';
import { manualSeed } from '../runtime.js';
import {
  AutoFeatureExtractor, AutoImageProcessor, AutoModelForAudioClassification, AutoModelForImageClassification,
  Trainer, type AudioArray, type RawImage,
} from '../transformers/index.js';
import { intOption, numberOption, parse, UsageError } from './args.js';
import { accuracyMetrics, finetuneArguments } from './finetune-common.js';

export const MEDIA_TASKS = ['image-classification', 'audio-classification'] as const;
type MediaTask = (typeof MEDIA_TASKS)[number];

const USAGE = `usage: tstorch finetune --task image-classification|audio-classification --model ID|DIR --dataset DIR [options]

  --dataset DIR            an imagefolder / audiofolder: one sub-folder per class (optionally under train/ and test/)
  --max-duration SECONDS   audio: clips are cut (or padded) to this length (default: 1)
  --epochs N (3)  --batch-size N (8)  --lr X (5e-5)  --seed N (42)  --device cpu|cuda
  --output-dir DIR         where the fine-tuned model is written (default: tstorch-finetuned)
  --overwrite-output-dir   allow a non-empty output folder
  --no-progress
`;

const OPTIONS = {
  task: { type: 'string' },
  model: { type: 'string' },
  dataset: { type: 'string' },
  'max-duration': { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  seed: { type: 'string' },
  device: { type: 'string' },
  'output-dir': { type: 'string' },
  'overwrite-output-dir': { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function finetuneMediaCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, OPTIONS, USAGE);
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const task = values.task as MediaTask;
  if (!MEDIA_TASKS.includes(task)) throw new UsageError(`--task must be ${MEDIA_TASKS.join(' or ')}, got '${values.task}'`);
  if (!values.model) throw new UsageError(`--task ${task} needs --model (a hub id or a folder with config.json and preprocessor_config.json)`);
  if (!values.dataset) throw new UsageError(`--task ${task} needs --dataset: a folder with one sub-folder per class`);
  if (values.device && values.device !== 'cpu' && values.device !== 'cuda') throw new UsageError(`--device must be cpu or cuda, got '${values.device}'`);
  const outputDir = values['output-dir'] ?? 'tstorch-finetuned';
  if (existsSync(outputDir) && readdirSync(outputDir).length > 0 && !values['overwrite-output-dir']) {
    throw new UsageError(`output folder ${outputDir} is not empty; pass --overwrite-output-dir or another --output-dir`);
  }
  const seed = intOption(values.seed, 'seed', 42, 0);
  const started = Date.now();

  const data = (await loadDataset(task === 'image-classification' ? 'imagefolder' : 'audiofolder', { dataDir: values.dataset })) as DatasetDict;
  const train = data.get('train');
  if (!train) throw new UsageError(`${values.dataset} has no train split (splits: ${data.keys().join(', ')})`);
  const labelFeature = train.features.label as { names?: string[] } | undefined;
  if (!labelFeature?.names) throw new UsageError(`${values.dataset} needs at least two class sub-folders, each holding the files of one class`);
  const names = labelFeature.names;
  const id2label = Object.fromEntries(names.map((n, i) => [i, n]));
  const label2id = Object.fromEntries(names.map((n, i) => [n, i]));
  const test = data.has('test') ? data.get('test') : data.has('validation') ? data.get('validation') : undefined;

  let trainDataset: Dataset;
  let evalDataset: Dataset | undefined;
  let model;
  let save: (dir: string) => void;
  manualSeed(seed);
  const modelOptions = { numLabels: names.length, id2label, label2id, ignoreMismatchedSizes: true };
  if (task === 'image-classification') {
    const processor = await AutoImageProcessor.fromPretrained(values.model);
    const transform = (b: Record<string, unknown[]>) => ({ pixel_values: processor(b.image as RawImage[], { returnTensors: 'pt' }).pixel_values, labels: b.label });
    trainDataset = train.withTransform(transform);
    evalDataset = test?.withTransform(transform);
    model = await AutoModelForImageClassification.fromPretrained(values.model, modelOptions);
    save = (dir) => processor.savePretrained(dir);
  } else {
    const extractor = await AutoFeatureExtractor.fromPretrained(values.model);
    const maxLength = Math.round(numberOption(values['max-duration'], 'max-duration', 1) * extractor.samplingRate);
    const prepare = async (ds: Dataset) =>
      (
        await ds.castColumn('audio', new Audio({ samplingRate: extractor.samplingRate })).map(
          (b: { audio: AudioArray[] }) => extractor(b.audio.map((a) => a.array), { samplingRate: extractor.samplingRate, maxLength, truncation: true, padding: 'max_length' }),
          { batched: true, removeColumns: ['audio'], desc: 'Extracting features', disableProgress: values['no-progress'] },
        )
      ).renameColumn('label', 'labels');
    trainDataset = await prepare(train);
    evalDataset = test ? await prepare(test) : undefined;
    model = await AutoModelForAudioClassification.fromPretrained(values.model, modelOptions);
    save = (dir) => extractor.savePretrained(dir);
  }

  const args = finetuneArguments(values, { outputDir, seed, evaluate: evalDataset !== undefined, defaultLr: 5e-5 }, {
    removeUnusedColumns: task !== 'image-classification',
  });
  const trainer = new Trainer({ model, args, trainDataset, evalDataset, computeMetrics: accuracyMetrics() });
  const result = await trainer.train();
  const metrics = evalDataset ? await trainer.evaluate() : {};
  trainer.saveModel(outputDir);
  save(outputDir);
  const summary = {
    task,
    accuracy: metrics.eval_accuracy,
    eval_loss: metrics.eval_loss,
    train_loss: result.metrics?.train_loss,
    train_samples: trainDataset.length,
    labels: names,
    output_dir: outputDir,
    seconds: (Date.now() - started) / 1000,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return 0;
}
