// The tutorial's scripts (examples/trainer.ts, examples/native-loop.ts) and `tstorch finetune --model` run offline
// on a tiny model of every TS-written family, with that family's real tokenizer; and Python transformers 4.31
// loads what savePretrained writes (when the reference environment at /tmp/hfref is there).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import { AutoConfig, AutoModelForSequenceClassification, AutoTokenizer } from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';
import { nodeSync } from './helpers/launch.js';

const root = mkdtempSync(join(tmpdir(), 'tstorch-family-tutorial-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * A spread-out sample of the ag-news-tutorial fixture (every k-th row, one row a line there), written once: each of
 * the 15 runs tokenizes the whole data set before taking its 16 + 8 rows, so 96 + 48 rows instead of 7600 make
 * the runs cheap and change none of what they check.
 */
const DATA = join(root, 'ag-news-sample');
mkdirSync(DATA);
for (const [split, rows] of [['train', 96], ['test', 48]] as const) {
  const [header, ...lines] = readFileSync(fixture('ag-news-tutorial', `${split}.csv`), 'utf8').trimEnd().split('\n');
  const every = Math.floor(lines.length / rows);
  writeFileSync(join(DATA, `${split}.csv`), [header, ...lines.filter((_, i) => i % every === 0).slice(0, rows)].join('\n') + '\n');
}

/** The tokenizer files of each family (fixtures), and the hf-tiny config the model is built from. */
const FAMILIES: Record<string, { tokenizer: Array<[string, string]>; modelType: string }> = {
  roberta: { tokenizer: ['tokenizer.json', 'vocab.json', 'merges.txt'].map((f) => [fixture('roberta-base', f), f]), modelType: 'roberta' },
  'xlm-roberta': { tokenizer: [[join(import.meta.dirname, 'data', 'sentencepiece', 'test_sentencepiece.model'), 'sentencepiece.bpe.model']], modelType: 'xlm-roberta' },
  distilbert: { tokenizer: [[fixture('distilbert-base-uncased', 'tokenizer.json'), 'tokenizer.json']], modelType: 'distilbert' },
  electra: { tokenizer: [[fixture('electra-small-discriminator', 'tokenizer.json'), 'tokenizer.json']], modelType: 'electra' },
  'deberta-v2': { tokenizer: [[fixture('deberta-v3-base', 'spm.model'), 'spm.model']], modelType: 'deberta-v2' },
};

/** A tiny random model of the family (hf-tiny config, the tokenizer's vocabulary, 5 labels as the examples ask) with its tokenizer. */
async function tinyRepo(family: string): Promise<string> {
  const dir = join(root, family);
  if (existsSync(join(dir, 'model.safetensors'))) return dir;
  const { tokenizer, modelType } = FAMILIES[family]!;
  const tokDir = join(root, `${family}-tokenizer`);
  rmSync(tokDir, { recursive: true, force: true });
  mkdirSync(tokDir, { recursive: true });
  for (const [from, name] of tokenizer) copyFileSync(from, join(tokDir, name));
  writeFileSync(join(tokDir, 'config.json'), JSON.stringify({ model_type: modelType }));
  writeFileSync(join(tokDir, 'tokenizer_config.json'), JSON.stringify({ model_max_length: 64 }));
  const tok = await AutoTokenizer.fromPretrained(tokDir);
  const vocabSize = Object.keys(tok.getVocab()).length;
  const config = await AutoConfig.fromPretrained(fixture(`hf-tiny-${family}`, 'model'), { vocabSize, maxPositionEmbeddings: 66, numLabels: 5 });
  torch.manualSeed(0);
  const model = AutoModelForSequenceClassification.fromConfig(config);
  model.savePretrained(dir);
  tok.savePretrained(dir);
  return dir;
}

function runExample(script: string, model: string, out: string) {
  return nodeSync([script], { env: { MODEL: model, DATA, TRAIN_SAMPLES: '16', EVAL_SAMPLES: '8', EPOCHS: '1', OUTPUT_DIR: out } });
}

const PY = '/usr/bin/python3';
const HF = '/tmp/hfref/site';
const pythonAvailable = existsSync(HF) && existsSync(PY);
const IDS = [[0, 5, 9, 17, 2, 1, 1], [0, 7, 8, 2, 1, 1, 1]];
const MASK = IDS.map((row) => row.map((id, i) => (i === 0 || id !== 1 ? 1 : 0)));

/** One Python process loads every family's saved folder (one interpreter start instead of five): class and logits by family. */
let pythonRun: Promise<Record<string, { cls: string; logits: number[][] }>> | undefined;
function pythonLogits(): Promise<Record<string, { cls: string; logits: number[][] }>> {
  pythonRun ??= (async () => {
    const dirs: Record<string, string> = {};
    for (const family of Object.keys(FAMILIES)) dirs[family] = await tinyRepo(family);
    const code = [
      'import json, sys, torch',
      'from transformers import AutoModelForSequenceClassification',
      'dirs = json.loads(sys.argv[1]); ids = torch.tensor(json.loads(sys.argv[2])); mask = torch.tensor(json.loads(sys.argv[3])); out = {}',
      'for family, d in dirs.items():',
      '    m = AutoModelForSequenceClassification.from_pretrained(d).eval()',
      '    with torch.no_grad(): out[family] = {"cls": type(m).__name__, "logits": m(input_ids=ids, attention_mask=mask).logits.tolist()}',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync(PY, ['-c', code, JSON.stringify(dirs), JSON.stringify(IDS), JSON.stringify(MASK)], {
      env: { ...process.env, PYTHONPATH: HF, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1', OMP_NUM_THREADS: '1' },
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (r.status !== 0) throw new Error(`Python transformers failed (status ${r.status}):\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, { cls: string; logits: number[][] }>;
  })();
  return pythonRun;
}

describe.each(Object.keys(FAMILIES))('%s', (family) => {
  it('examples/trainer.ts fine-tunes and evaluates offline', async () => {
    const r = runExample('examples/trainer.ts', await tinyRepo(family), join(root, `${family}-trainer`));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\{'eval_loss': [\d.]+, 'eval_accuracy': [\d.]+,/);
    expect(r.stdout).toMatch(/'train_loss': [\d.]+, 'epoch': 1\.0\}/);
  });

  it('examples/native-loop.ts trains and evaluates offline', async () => {
    const r = runExample('examples/native-loop.ts', await tinyRepo(family), join(root, `${family}-loop`));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/accuracy/);
  });

  it.skipIf(!pythonAvailable)('Python transformers 4.31 loads what savePretrained wrote, with the same logits', async () => {
    const dir = await tinyRepo(family);
    const model = await AutoModelForSequenceClassification.fromPretrained(dir);
    const logits = torch.noGrad(() => model.forward({ input_ids: torch.tensor(IDS, { dtype: 'int64' }), attention_mask: torch.tensor(MASK, { dtype: 'int64' }) }).logits);
    const py = (await pythonLogits())[family]!;
    expect(py.cls).toBe(model.constructor.name);
    const diff = logits.sub(torch.tensor(py.logits)).abs().max().item();
    expect(diff).toBeLessThan(1e-5);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).architectures).toEqual([py.cls]);
  });
});

describe('tstorch finetune --model', () => {
  it.each(Object.keys(FAMILIES))('%s', async (family) => {
    const out = join(root, `${family}-finetuned`);
    const r = nodeSync(['lib/cli/index.ts', 'finetune', '--model', await tinyRepo(family), '--dataset', DATA, '--epochs', '1', '--max-length', '32', '--train-samples', '16', '--eval-samples', '8', '--output-dir', out, '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
  });
});
