// `tstorch finetune`: fine-tunes a sequence classifier end to end (the tutorial's Trainer flow). With no
// --model/--dataset it trains the embedded demo (a tiny BERT and generated data) offline in a few minutes.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, type Dataset, type DatasetDict } from '../datasets/index.js';
import { requireDevice } from '../device.js';
import { manualSeed } from '../runtime.js';
import { AutoConfig, AutoModelForSequenceClassification, AutoTokenizer, Trainer } from '../transformers/index.js';
import { intOption, parse, UsageError } from './args.js';
import { accuracyMetrics, finetuneArguments } from './finetune-common.js';
import { launch } from './run.js';
import { EMBEDDED_TEST_SIZE, EMBEDDED_TRAIN_SIZE, embeddedFolders } from './embedded/model-folder.js';

const USAGE = `usage: tstorch finetune [options]

  --model ID|DIR           hub model id or local folder (default: the embedded tiny BERT)
  --dataset NAME|FILES     hub data set name, or local files: a folder with train/test CSV|JSON(L)|Parquet,
                           or train=path,test=path (default: the embedded demo data)
  --text-column NAME       (default: text)          --label-column NAME   (default: label)
  --train-samples N        shuffled (seed 42) subset of the train split (default: all)
  --eval-samples N         shuffled (seed 42) subset of the test split (default: all)
  --epochs N (3)  --batch-size N (8)  --lr X (5e-5)  --max-length N (tokenizer's model_max_length)
  --device cpu|cuda        (default: cuda when available)
  --output-dir DIR         where the fine-tuned model is written (default: tstorch-finetuned)
  --overwrite-output-dir   allow a non-empty output folder
  --seed N (42)  --warmup-ratio X  --weight-decay X  --gradient-accumulation-steps N  --no-progress
  --nproc-per-node N       train on N processes with DistributedDataParallel, as \`tstorch run\` (default 1);
                           --batch-size is then per process
  --master-port P          the rendezvous port of those processes (default 29500)
`;

const OPTIONS = {
  model: { type: 'string' },
  dataset: { type: 'string' },
  'text-column': { type: 'string' },
  'label-column': { type: 'string' },
  'train-samples': { type: 'string' },
  'eval-samples': { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  'max-length': { type: 'string' },
  device: { type: 'string' },
  'output-dir': { type: 'string' },
  'overwrite-output-dir': { type: 'boolean' },
  seed: { type: 'string' },
  'warmup-ratio': { type: 'string' },
  'weight-decay': { type: 'string' },
  'gradient-accumulation-steps': { type: 'string' },
  'no-progress': { type: 'boolean' },
  'nproc-per-node': { type: 'string' },
  'master-port': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function loadData(spec: string): Promise<DatasetDict> {
  if (spec.includes('=')) {
    const files = Object.fromEntries(spec.split(',').map((kv) => kv.split('=') as [string, string]));
    const ext = Object.values(files)[0]!.split('.').pop()!;
    return (await loadDataset(builderFor(ext), { dataFiles: files })) as DatasetDict;
  }
  if (existsSync(spec)) {
    const files = readdirSync(spec);
    const find = (split: string) => files.find((f) => f.startsWith(split) && /\.(csv|tsv|jsonl?|parquet)$/.test(f));
    const train = find('train');
    const test = find('test') ?? find('validation') ?? find('dev');
    if (!train) throw new UsageError(`--dataset ${spec}: no train.* file (csv, tsv, json, jsonl, parquet) in the folder`);
    const dataFiles: Record<string, string> = { train: join(spec, train) };
    if (test) dataFiles.test = join(spec, test);
    return (await loadDataset(builderFor(train.split('.').pop()!), { dataFiles })) as DatasetDict;
  }
  return (await loadDataset(spec)) as DatasetDict;
}

function builderFor(ext: string): 'csv' | 'json' | 'parquet' {
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'json' || ext === 'jsonl') return 'json';
  if (ext === 'parquet') return 'parquet';
  throw new UsageError(`unsupported data file type '.${ext}'; use csv, tsv, json, jsonl or parquet`);
}

function subset(ds: Dataset, n: number | undefined): Dataset {
  if (n === undefined || n >= ds.length) return ds.shuffle({ seed: 42 });
  return ds.shuffle({ seed: 42 }).select([...Array(n).keys()]);
}

function checkOutputDir(dir: string, overwrite: boolean): void {
  if (existsSync(dir) && readdirSync(dir).length > 0 && !overwrite)
    throw new UsageError(`output folder ${dir} exists and is not empty; pass --overwrite-output-dir to write into it`);
}

function requireDeviceOption(spec: string): void {
  try {
    requireDevice(spec, '--device');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function finetuneCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, OPTIONS, USAGE);
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const nproc = intOption(values['nproc-per-node'], 'nproc-per-node', 1);
  // the launcher: this same command once per rank, with torchrun's environment (each rank sees WORLD_SIZE)
  if (nproc > 1 && process.env.WORLD_SIZE === undefined) {
    const masterPort = intOption(values['master-port'], 'master-port', 29500);
    if (masterPort > 65535) throw new UsageError(`--master-port must be at most 65535, got ${masterPort}`);
    return launch({ nproc, nnodes: 1, nodeRank: 0, masterAddr: '127.0.0.1', masterPort, prefix: true }, process.argv[1]!, ['finetune', ...argv]);
  }
  const mainProcess = (process.env.RANK ?? '0') === '0';
  const started = Date.now();
  const embedded = values.model === undefined && values.dataset === undefined;
  const folders = embedded ? embeddedFolders() : undefined;
  const modelId = values.model ?? folders?.model ?? embeddedFolders().model;
  const dataSpec = values.dataset ?? folders?.data ?? embeddedFolders().data;
  const textColumn = values['text-column'] ?? 'text';
  const labelColumn = values['label-column'] ?? 'label';
  const outputDir = values['output-dir'] ?? 'tstorch-finetuned';
  const seed = intOption(values.seed, 'seed', 42, 0);
  checkOutputDir(outputDir, values['overwrite-output-dir'] ?? false);
  // an absent device is an error before anything loads (TrainingArguments alone would train on the CPU)
  if (values.device && values.device !== 'cpu' && values.device !== 'cuda') throw new UsageError(`--device must be cpu or cuda, got '${values.device}'`);
  if (values.device) requireDeviceOption(values.device);

  console.error(`tstorch finetune: model ${modelId}, data ${dataSpec}${embedded ? ' (embedded demo)' : ''}`);
  const dataset = await loadData(dataSpec);
  const train = dataset.get('train');
  const test = dataset.has('test') ? dataset.get('test') : dataset.has('validation') ? dataset.get('validation') : undefined;
  if (!train) throw new UsageError(`the data set has no train split (splits: ${dataset.keys().join(', ')})`);
  for (const col of [textColumn, labelColumn])
    if (!train.columnNames.includes(col))
      throw new UsageError(`the data set has no column '${col}' (columns: ${train.columnNames.join(', ')}); use --text-column / --label-column`);

  const labels = Array.from(train.column(labelColumn) as ArrayLike<number>, Number);
  const config = await AutoConfig.fromPretrained(modelId);
  // a sequence classifier's head has a fixed number of labels; other checkpoints get a head sized by the data
  const hasHead = (config.architectures ?? []).some((a: string) => a.endsWith('ForSequenceClassification'));
  const numLabels = hasHead ? config.numLabels : Math.max(...labels) + 1;
  const bad = labels.find((l) => !Number.isInteger(l) || l < 0 || l >= numLabels);
  if (bad !== undefined)
    throw new UsageError(`label ${bad} in column '${labelColumn}' is outside 0..${numLabels - 1}${hasHead ? ` (the model's classifier has ${numLabels} labels)` : ''}`);

  const tokenizer = await AutoTokenizer.fromPretrained(modelId);
  const maxLength = values['max-length'] ? intOption(values['max-length'], 'max-length', 0) : undefined;
  const tokenize = (batch: Record<string, string[]>) => tokenizer(batch[textColumn]!, { padding: 'max_length', truncation: true, maxLength });
  const prepare = async (ds: Dataset, n: number | undefined) => {
    let out = await subset(ds, n).map(tokenize, { batched: true, desc: 'Tokenizing', disableProgress: values['no-progress'] });
    out = out.removeColumns(out.columnNames.filter((c) => ![labelColumn, 'input_ids', 'attention_mask', 'token_type_ids'].includes(c)));
    return labelColumn === 'labels' ? out : out.renameColumn(labelColumn, 'labels');
  };
  const trainDataset = await prepare(train, values['train-samples'] ? intOption(values['train-samples'], 'train-samples', 0) : undefined);
  const evalDataset = test ? await prepare(test, values['eval-samples'] ? intOption(values['eval-samples'], 'eval-samples', 0) : undefined) : undefined;

  manualSeed(seed);
  const withoutWeights = existsSync(modelId) && !readdirSync(modelId).some((f) => /^(model.*\.safetensors|pytorch_model.*\.bin|model\.safetensors\.index\.json)$/.test(f));
  const model = withoutWeights
    ? AutoModelForSequenceClassification.fromConfig(config)
    : await AutoModelForSequenceClassification.fromPretrained(modelId, hasHead ? {} : { numLabels });

  const args = finetuneArguments(values, { outputDir, seed, evaluate: evalDataset !== undefined, defaultLr: embedded ? 1e-3 : 5e-5 }, {
    warmupRatio: values['warmup-ratio'] ? Number(values['warmup-ratio']) : 0,
    weightDecay: values['weight-decay'] ? Number(values['weight-decay']) : 0,
    gradientAccumulationSteps: intOption(values['gradient-accumulation-steps'], 'gradient-accumulation-steps', 1),
  });
  const trainer = new Trainer({ model, args, trainDataset, evalDataset, processingClass: tokenizer, computeMetrics: accuracyMetrics() });
  const result = await trainer.train();
  const metrics = evalDataset ? await trainer.evaluate() : {};
  trainer.saveModel(outputDir);
  if (!mainProcess) return 0; // rank 0 writes the model and reports
  tokenizer.savePretrained(outputDir);

  const seconds = (Date.now() - started) / 1000;
  const summary = {
    accuracy: metrics.eval_accuracy,
    eval_loss: metrics.eval_loss,
    train_loss: result.metrics?.train_loss,
    train_samples: trainDataset.length,
    eval_samples: evalDataset?.length ?? 0,
    train_samples_per_second: result.metrics?.train_samples_per_second,
    wall_seconds: Math.round(seconds * 10) / 10,
    output_dir: outputDir,
  };
  console.log(JSON.stringify(summary));
  if (embedded) console.error(`(embedded demo: ${EMBEDDED_TRAIN_SIZE} train / ${EMBEDDED_TEST_SIZE} test generated examples, 4 labels, chance = 25%)`);
  return 0;
}
