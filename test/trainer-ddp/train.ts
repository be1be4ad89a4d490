// The run of scripts/make_trainer_ddp_reference.py in tstorch, under `tstorch run --nproc-per-node 2`: the
// Trainer fine-tunes hf-tiny-bert on the same SST-2 slice with the same arguments; each rank writes its step
// losses and log history as JSON. Rank 1 runs with umask 077, so a file it wrote would show as mode 0600.
// usage: train.ts <fixtures dir> <out.json, '{rank}' replaced by the rank> <run>...
// Each run is JSON, { case: 'default' | 'gradient_accumulation', outputDir, resume? }, trained one after the other
// in this launch (the process group is kept); the out file holds the runs in that order.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as torch from 'tstorch';
import { Dataset } from 'tstorch/datasets';
import { AutoModelForSequenceClassification, AutoTokenizer, TrainingArguments } from 'tstorch/transformers';
import { RecordingTrainer } from '../helpers/recording-trainer.js';

const [fixtures, outPath, ...runs] = process.argv.slice(2) as [string, string, ...string[]];
const reference = JSON.parse(readFileSync(new URL('../references/trainer-ddp.json', import.meta.url), 'utf8'));
const s = reference.settings;
torch.setNumThreads(1);
const rank = Number(process.env.RANK);
if (rank !== 0) process.umask(0o077);

const modelDir = join(fixtures, 'hf-tiny-bert', 'model');
const tsv = readFileSync(join(fixtures, 'sst2', 'test.tsv'), 'utf8');
const rows = (parse(tsv, { delimiter: '\t', columns: true, quote: false }) as Array<{ sentence: string; label: string }>).slice(0, s.train_rows + s.eval_rows);
const tokenizer = await AutoTokenizer.fromPretrained(modelDir);
const encoded = tokenizer(
  rows.map((r) => r.sentence),
  { padding: 'max_length', truncation: true, maxLength: s.max_length },
);
const data = rows.map((r, i) => ({
  input_ids: encoded.input_ids[i]!,
  token_type_ids: encoded.token_type_ids![i]!,
  attention_mask: encoded.attention_mask![i]!,
  label: Number(r.label),
}));

/** One Trainer run: the reference's settings, with the case's changes (gradient accumulation). */
async function train(run: { case: 'default' | 'gradient_accumulation'; outputDir: string; resume?: string }) {
  const accumulation = run.case === 'gradient_accumulation' ? reference.gradient_accumulation.settings.gradient_accumulation_steps : 1;
  const args = new TrainingArguments({
    outputDir: run.outputDir,
    evalStrategy: 'epoch',
    saveStrategy: 'steps',
    saveSteps: 3,
    reportTo: 'jsonl',
    disableTqdm: true,
    dataloaderDropLast: false,
    ddpBackend: 'gloo',
    perDeviceTrainBatchSize: s.per_device_train_batch_size,
    perDeviceEvalBatchSize: s.per_device_eval_batch_size,
    gradientAccumulationSteps: accumulation,
    numTrainEpochs: s.num_train_epochs,
    learningRate: s.learning_rate,
    warmupSteps: s.warmup_steps,
    weightDecay: s.weight_decay,
    maxGradNorm: s.max_grad_norm,
    seed: s.seed,
    loggingSteps: s.logging_steps,
  });
  const model = await AutoModelForSequenceClassification.fromPretrained(modelDir);
  const trainer = new RecordingTrainer({
    model,
    args,
    trainDataset: Dataset.fromList(data.slice(0, s.train_rows)),
    evalDataset: Dataset.fromList(data.slice(s.train_rows)),
  });
  const out = await trainer.train(run.resume ? { resumeFromCheckpoint: run.resume } : {});
  return {
    rank: args.processIndex,
    worldSize: args.worldSize,
    localRank: args.localProcessIndex,
    inputIds: encoded.input_ids,
    stepLosses: trainer.losses,
    logHistory: trainer.state.logHistory,
    globalStep: out.globalStep,
    trainingLoss: out.trainingLoss,
  };
}

const results = [];
for (const run of runs) results.push(await train(JSON.parse(run)));
writeFileSync(outPath.replace('{rank}', String(rank)), JSON.stringify(results));
