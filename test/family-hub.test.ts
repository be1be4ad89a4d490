// Every TS-written family loads from the hub (the loopback server of test/helpers/hub-server.ts): the Auto class
// picks the family from the downloaded config.json, the weights come once and then from the cache, and the model
// equals the one loaded from the local folder; a RoBERTa repo's tokenizer loads from the hub the same way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import { AutoModelForSequenceClassification, AutoTokenizer } from '../lib/transformers/index.js';
import { batchInputs, type Model } from './helpers/family-parity.js';
import { fixture } from './helpers/fixtures.js';
import { filesFromFolder, pointHubEnvAt, startHubServer, type HubServer } from './helpers/hub-server.js';
import { readReference } from './helpers/reference-tensors.js';

const FAMILIES: Record<string, string> = {
  roberta: 'RobertaForSequenceClassification',
  'xlm-roberta': 'XLMRobertaForSequenceClassification',
  distilbert: 'DistilBertForSequenceClassification',
  electra: 'ElectraForSequenceClassification',
  'deberta-v2': 'DebertaV2ForSequenceClassification',
};

let hub: HubServer;
const cacheDir = mkdtempSync(join(tmpdir(), 'tstorch-family-hub-'));
let restoreEnv = () => {};
beforeAll(async () => {
  hub = await startHubServer({
    repos: [
      ...Object.keys(FAMILIES).map((family) => ({ id: `org/tiny-${family}`, files: filesFromFolder(fixture(`hf-tiny-${family}`, 'model')) })),
      {
        id: 'org/roberta-tokenizer',
        files: {
          ...filesFromFolder(fixture('roberta-base'), { exclude: /\.md$|references\.json|\.txt$/ }),
          'merges.txt': { path: fixture('roberta-base', 'merges.txt') },
          'config.json': JSON.stringify({ model_type: 'roberta' }),
        },
      },
    ],
  });
  restoreEnv = pointHubEnvAt(hub.url, cacheDir);
});
afterAll(async () => {
  restoreEnv();
  await hub.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe.each(Object.entries(FAMILIES))('%s from the hub', (family, className) => {
  it('downloads once, then loads from the cache; the model equals the local one', async () => {
    const id = `org/tiny-${family}`;
    const downloads = () => hub.count({ method: 'GET', path: '/cdn/' });
    const before = downloads();
    const first = (await AutoModelForSequenceClassification.fromPretrained(id)) as unknown as Model;
    expect(downloads()).toBe(before + 1); // model.safetensors, through the LFS redirect
    const second = (await AutoModelForSequenceClassification.fromPretrained(id)) as unknown as Model;
    expect(downloads()).toBe(before + 1); // from the cache
    expect(first.constructor.name).toBe(className);
    const local = (await AutoModelForSequenceClassification.fromPretrained(fixture(`hf-tiny-${family}`, 'model'))) as unknown as Model;
    const batch = Object.values(readReference<{ batches: Record<string, Parameters<typeof batchInputs>[0]> }>(`hf-tiny-${family}`, 'references', 'forward.json').batches)[0]!;
    const logits = (m: Model) => torch.noGrad(() => m.eval().forward(batchInputs(batch)).logits as torch.Tensor);
    const expected = logits(local);
    expect(logits(first).sub(expected).abs().max().item()).toBe(0);
    expect(logits(second).sub(expected).abs().max().item()).toBe(0);
  });
});

describe('a family tokenizer from the hub', () => {
  it("AutoTokenizer picks RoBERTa's byte-level BPE from the repo's config.json and encodes as the local copy", async () => {
    const fromHub = await AutoTokenizer.fromPretrained('org/roberta-tokenizer');
    const local = await AutoTokenizer.fromPretrained(fixture('roberta-base'));
    const text = ['Hello world, a tokenizer from the hub.', 'And a pair'];
    const a = fromHub(text[0]!, { textPair: text[1]! });
    const b = local(text[0]!, { textPair: text[1]! });
    expect(a.input_ids).toEqual(b.input_ids);
    const got = a.input_ids as number[];
    expect(got[0]).toBe(0); // <s>
    expect(got[got.indexOf(2) + 1]).toBe(2); // </s></s> between the pair
    expect(a).not.toHaveProperty('token_type_ids');
  });
});
