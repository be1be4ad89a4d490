// Loading and saving BERT checkpoints as transformers does: warnings for newly initialized and mismatched
// weights (exact text on stderr), a pytorch_model.bin from the wild, savePretrained round trips, the hub.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as torch from '../lib/index.js';
import { readTorchZip } from '../lib/serialization/torch-zip.js';
import {
  AutoModel,
  AutoModelForMaskedLM,
  AutoModelForSequenceClassification,
  AutoModelForTokenClassification,
  BertConfig,
  BertForMaskedLM,
  BertForSequenceClassification,
  BertForTokenClassification,
  BertModel,
  logging,
} from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';
import { startHubServer, type HubServer } from './helpers/hub-server.js';
import { manualEncode } from './helpers/manual-bert.js';
import { ids, maxAbsDiff } from './helpers/reference-tensors.js';

const TINY = fixture('hf-tiny-bert', 'model');
const NER = fixture('tiny-bert-camphr-ner');
const TRAIN_MSG = 'You should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.';
const sample = { input_ids: ids([[2, 86, 197, 158, 86, 31, 3, 0], [2, 40, 50, 60, 3, 0, 0, 0]]), attention_mask: ids([[1, 1, 1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 0, 0, 0]]) };

const tmpDirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'tstorch-bert-'));
  tmpDirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

/** Runs `fn` and returns what it wrote to stderr. */
async function stderrOf(fn: () => Promise<unknown>): Promise<string> {
  let text = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return text;
}

afterEach(() => logging.setVerbosity('warning'));

describe('heads missing from the checkpoint', () => {
  let baseDir: string;
  beforeAll(async () => {
    baseDir = tmp();
    (await BertModel.fromPretrained(TINY)).savePretrained(baseDir);
  });

  it('a classifier from a base-model checkpoint: transformers warning, normal(0, 0.02) weights, zero bias', async () => {
    let model!: BertForSequenceClassification;
    const err = await stderrOf(async () => {
      model = await AutoModelForSequenceClassification.fromPretrained(baseDir, { numLabels: 3 });
    });
    expect(err).toBe(
      `Some weights of BertForSequenceClassification were not initialized from the model checkpoint at ${baseDir} and are ` +
        `newly initialized: ['classifier.bias', 'classifier.weight']\n${TRAIN_MSG}\n`,
    );
    expect(model).toBeInstanceOf(BertForSequenceClassification);
    const params = Object.fromEntries(model.namedParameters());
    expect(params['classifier.weight']!.shape).toEqual([3, 32]);
    expect(params['classifier.bias']!.abs().max().item()).toBe(0);
    const std = params['classifier.weight']!.std().item();
    expect(std).toBeGreaterThan(0.01);
    expect(std).toBeLessThan(0.03);
    // everything else came from the checkpoint (the base model's names gained the bert. prefix)
    const base = await BertModel.fromPretrained(TINY);
    for (const [n, p] of base.namedParameters()) expect(params[`bert.${n}`]!.equal(p), n).toBe(true);
  });

  it('unexpected keys are logged at info level when the class is not the checkpoint architecture', async () => {
    logging.setVerbosity('info');
    const err = await stderrOf(() => BertForTokenClassification.fromPretrained(TINY));
    expect(err).toContain(
      `Some weights of the model checkpoint at ${TINY} were not used when initializing BertForTokenClassification: ` +
        `['bert.pooler.dense.bias', 'bert.pooler.dense.weight']\n- This IS expected`,
    );
    logging.setVerbosity('warning');
    expect(await stderrOf(() => BertForTokenClassification.fromPretrained(TINY))).toBe('');
  });

  it('a fully covered checkpoint prints nothing', async () => {
    expect(await stderrOf(() => BertForSequenceClassification.fromPretrained(TINY))).toBe('');
    expect(await stderrOf(() => AutoModel.fromPretrained(TINY))).toBe('');
  });
});

describe('tiny-bert-camphr-ner (pytorch_model.bin written by transformers 4.8.2)', () => {
  it('loads as BertForTokenClassification silently (the position_ids buffer in the file is ignored)', async () => {
    let model!: BertForTokenClassification;
    expect(await stderrOf(async () => (model = await AutoModelForTokenClassification.fromPretrained(NER)))).toBe('');
    expect(model.config.numLabels).toBe(9);
    expect(model.config.id2label[3]).toBe('B-PER');
    expect(model.numParameters()).toBe(10_201 - 16); // SOURCE.md counts the int64 position_ids buffer too
  });

  it('forward equals an independent implementation with tensor ops on the checkpoint tensors', async () => {
    const model = await BertForTokenClassification.fromPretrained(NER);
    const raw = readTorchZip(join(NER, 'pytorch_model.bin')).tensors;
    const w = (name: string): torch.Tensor => {
      const r = raw.get(name)!;
      return torch.fromBytes(r.data, 'float32', r.shape);
    };
    const F = torch.nn.functional;
    const input = ids([[101, 150, 200, 250, 102, 0], [101, 300, 102, 0, 0, 0]]);
    const mask = ids([[1, 1, 1, 1, 1, 0], [1, 1, 1, 0, 0, 0]]);
    const labels = ids([[-100, 3, 4, 0, -100, -100], [-100, 7, -100, -100, -100, -100]]);
    const sd = Object.fromEntries([...raw.keys()].filter((k) => k !== 'bert.embeddings.position_ids').map((k) => [k, w(k)]));
    const hidden = manualEncode(sd, { hiddenSize: 16, numHeads: 1, numLayers: 1, act: 'gelu', prefix: 'bert.' }, input, mask);
    const manual = F.linear(hidden, sd['classifier.weight']!, sd['classifier.bias']);
    const out = torch.noGrad(() => model.forward({ inputIds: input, attentionMask: mask, labels }));
    const diff = maxAbsDiff(out.logits, manual);
    console.log('camphr NER logits vs tensor-op implementation: max abs diff', diff);
    expect(diff).toBeLessThanOrEqual(1e-5);
    const loss = F.crossEntropy(manual.view(-1, 9), labels.view(-1)).item();
    expect(Math.abs(out.loss!.item() - loss)).toBeLessThanOrEqual(1e-6);
  });

  it('its vocab.txt has 3 ids beyond the embedding rows: such ids are a clear error, not a crash', async () => {
    const vocab = readFileSync(join(NER, 'vocab.txt'), 'utf8').trimEnd().split('\n');
    expect(vocab.length).toBe(405);
    const model = await BertForTokenClassification.fromPretrained(NER);
    expect(() => model.forward({ inputIds: ids([[101, 403, 102]]) })).toThrow(
      'BertForTokenClassification.forward: input_ids holds 403, outside the vocabulary [0, 402)',
    );
    expect(() => model.forward({ inputIds: ids([Array(17).fill(101)]) })).toThrow(/17 tokens per sequence but the model takes at most 16/);
  });

  it('into a 5-label BertForSequenceClassification: size mismatch error, or warnings with ignoreMismatchedSizes', async () => {
    await expect(BertForSequenceClassification.fromPretrained(NER, { numLabels: 5 })).rejects.toThrow(
      'Error(s) in loading state_dict for BertForSequenceClassification:\n\tsize mismatch for classifier.bias: copying a param ' +
        'with shape torch.Size([9]) from checkpoint, the shape in current model is torch.Size([5]).',
    );
    let model!: BertForSequenceClassification;
    const err = await stderrOf(async () => {
      model = await BertForSequenceClassification.fromPretrained(NER, { numLabels: 5, ignoreMismatchedSizes: true });
    });
    expect(err).toBe(
      `Some weights of BertForSequenceClassification were not initialized from the model checkpoint at ${NER} and are newly ` +
        `initialized: ['bert.pooler.dense.bias', 'bert.pooler.dense.weight']\n${TRAIN_MSG}\n` +
        `Some weights of BertForSequenceClassification were not initialized from the model checkpoint at ${NER} and are newly ` +
        `initialized because the shapes did not match:\n` +
        `- classifier.bias: found shape torch.Size([9]) in the checkpoint and torch.Size([5]) in the model instantiated\n` +
        `- classifier.weight: found shape torch.Size([9, 16]) in the checkpoint and torch.Size([5, 16]) in the model instantiated\n` +
        `${TRAIN_MSG}\n`,
    );
    expect(model.forward({ inputIds: ids([[101, 150, 102]]) }).logits.shape).toEqual([1, 5]);
  });
});

describe('savePretrained', () => {
  it('writes config.json and model.safetensors that load back bit for bit', async () => {
    const model = await BertForSequenceClassification.fromPretrained(TINY);
    const dir = join(tmp(), 'out', 'nested');
    expect(model.savePretrained(dir)).toBe(dir);
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'model.safetensors']); // no temporary files left

    // the safetensors header, parsed here: u64 little-endian length, JSON, then the data section
    const bytes = readFileSync(join(dir, 'model.safetensors'));
    const n = Number(bytes.readBigUInt64LE(0));
    expect(n % 8).toBe(0);
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
    expect(header.__metadata__).toEqual({ format: 'pt' });
    const params = new Map(model.namedParameters());
    const names = Object.keys(header).filter((k) => k !== '__metadata__');
    expect(names.sort()).toEqual([...params.keys()].sort());
    const data = bytes.subarray(8 + n);
    const spans = names.map((k) => header[k]!.data_offsets).sort((a, b) => a[0] - b[0]);
    expect(spans[0]![0]).toBe(0);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBe(spans[i - 1]![1]);
    expect(spans[spans.length - 1]![1]).toBe(data.length);
    for (const k of names) {
      const { dtype, shape, data_offsets: [b, e] } = header[k]!;
      expect(dtype).toBe('F32');
      expect(shape).toEqual(params.get(k)!.shape);
      const stored = new Float32Array(data.buffer.slice(data.byteOffset + b, data.byteOffset + e));
      expect(stored).toEqual(params.get(k)!.data());
    }

    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config.architectures).toEqual(['BertForSequenceClassification']);
    expect(config.torch_dtype).toBe('float32');
    expect(config.id2label['4']).toBe('music');

    let again!: BertForSequenceClassification;
    expect(await stderrOf(async () => (again = await BertForSequenceClassification.fromPretrained(dir)))).toBe('');
    for (const [name, p] of again.namedParameters()) expect(p.equal(params.get(name)!), name).toBe(true);
    expect(maxAbsDiff(again.forward(sample).logits, model.forward(sample).logits)).toBe(0);
  });

  it('BertForMaskedLM: the tied decoder weight and bias are written once and tied again on load', async () => {
    const config = new BertConfig({ vocabSize: 300, hiddenSize: 32, numHiddenLayers: 1, numAttentionHeads: 4, intermediateSize: 64 });
    torch.manualSeed(1);
    const model = BertForMaskedLM.fromConfig(config);
    model.eval();
    expect(Object.keys(model.stateDict())).toEqual(expect.arrayContaining(['cls.predictions.decoder.weight', 'cls.predictions.decoder.bias']));
    const dir = tmp();
    model.savePretrained(dir);
    const bytes = readFileSync(join(dir, 'model.safetensors'));
    const header = JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString('utf8'));
    expect(header).toHaveProperty(['cls.predictions.bias']);
    expect(header).not.toHaveProperty(['cls.predictions.decoder.weight']);
    expect(header).not.toHaveProperty(['cls.predictions.decoder.bias']);

    let again!: BertForMaskedLM;
    expect(await stderrOf(async () => (again = await AutoModelForMaskedLM.fromPretrained(dir)))).toBe('');
    expect(maxAbsDiff(again.forward(sample).logits, model.forward(sample).logits)).toBe(0);
  });
});

describe('the hub (loopback server)', () => {
  let hub: HubServer;
  let cacheDir: string;
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    hub = await startHubServer({
      repos: [
        { id: 'org/tiny-bert', files: { 'config.json': { path: join(TINY, 'config.json') }, 'model.safetensors': { path: join(TINY, 'model.safetensors') } } },
        { id: 'org/ner', files: { 'config.json': { path: join(NER, 'config.json') }, 'pytorch_model.bin': { path: join(NER, 'pytorch_model.bin') } } },
        { id: 'org/no-weights', files: { 'config.json': { path: join(TINY, 'config.json') } } },
      ],
    });
    cacheDir = tmp();
    for (const k of ['HF_ENDPOINT', 'HF_HUB_CACHE', 'HF_HOME', 'HF_TOKEN', 'HF_HUB_OFFLINE']) saved[k] = process.env[k];
    process.env.HF_ENDPOINT = hub.url;
    process.env.HF_HUB_CACHE = cacheDir;
    process.env.HF_HOME = join(cacheDir, 'home');
    delete process.env.HF_TOKEN;
    delete process.env.HF_HUB_OFFLINE;
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await hub.close();
  });

  it('downloads once, then loads from the cache; the model equals the local one', async () => {
    const first = await AutoModelForSequenceClassification.fromPretrained('org/tiny-bert');
    expect(hub.count({ method: 'GET', path: '/cdn/' })).toBe(1);
    const second = await AutoModelForSequenceClassification.fromPretrained('org/tiny-bert');
    expect(hub.count({ method: 'GET', path: '/cdn/' })).toBe(1); // the weights came from the cache
    const local = await BertForSequenceClassification.fromPretrained(TINY);
    const expected = local.forward(sample).logits;
    expect(maxAbsDiff(first.forward(sample).logits, expected)).toBe(0);
    expect(maxAbsDiff(second.forward(sample).logits, expected)).toBe(0);
  });

  it('falls back to pytorch_model.bin when the repo has no safetensors', async () => {
    const model = await AutoModelForTokenClassification.fromPretrained('org/ner');
    expect(model.config.numLabels).toBe(9);
  });

  it('a repo without weights is a clear error', async () => {
    await expect(BertModel.fromPretrained('org/no-weights')).rejects.toThrow(
      'org/no-weights does not appear to have a file named model.safetensors, model.safetensors.index.json, pytorch_model.bin or pytorch_model.bin.index.json.',
    );
  });
});

describe('errors', () => {
  it('an unsupported model_type lists the supported ones', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'albert', embedding_size: 32 }));
    await expect(AutoModelForSequenceClassification.fromPretrained(dir)).rejects.toThrow(/model type "albert".*supported model types: bert, /);
  });

  it('a folder without weights names the files looked for', async () => {
    const dir = tmp();
    copyFileSync(join(TINY, 'config.json'), join(dir, 'config.json'));
    await expect(AutoModel.fromPretrained(dir)).rejects.toThrow(
      `Error no file named model.safetensors, model.safetensors.index.json, pytorch_model.bin or pytorch_model.bin.index.json found in directory ${dir}.`,
    );
  });

  it('an unknown option is rejected', async () => {
    await expect(BertForSequenceClassification.fromPretrained(TINY, { numLabel: 3 })).rejects.toThrow(/unknown option "numLabel"/);
  });
});
