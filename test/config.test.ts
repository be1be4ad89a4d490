// BertConfig / AutoConfig: config.json as transformers reads and writes it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { dumpsPythonJson, parsePythonJson, pythonFloatRepr, pythonJsonString } from '../lib/serialization/python-json.js';
import { AutoConfig, BertConfig, PretrainedConfig } from '../lib/transformers/config.js';
import { fixture } from './helpers/fixtures.js';
import { startHubServer, type HubServer } from './helpers/hub-server.js';

let dir: string;
let hub: HubServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tstorch-config-'));
  hub = await startHubServer({
    repos: [
      {
        id: 'org/tiny-bert',
        files: { 'config.json': { path: fixture('hf-tiny-bert', 'model', 'config.json') } },
        revisions: { v1: { files: { 'config.json': '{"model_type": "bert", "hidden_size": 64, "num_attention_heads": 2}' } } },
      },
      { id: 'org/gpt', files: { 'config.json': '{"model_type": "gpt2", "n_embd": 8}' } },
    ],
  });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await hub.close();
});

const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('BertConfig', () => {
  it("has transformers' defaults", () => {
    const c = new BertConfig();
    expect([c.vocabSize, c.hiddenSize, c.numHiddenLayers, c.numAttentionHeads, c.intermediateSize]).toEqual([30522, 768, 12, 12, 3072]);
    expect([c.hiddenAct, c.hiddenDropoutProb, c.attentionProbsDropoutProb, c.maxPositionEmbeddings, c.typeVocabSize]).toEqual(['gelu', 0.1, 0.1, 512, 2]);
    expect([c.initializerRange, c.layerNormEps, c.padTokenId, c.positionEmbeddingType, c.classifierDropout, c.problemType]).toEqual([
      0.02, 1e-12, 0, 'absolute', null, null,
    ]);
    expect(c.numLabels).toBe(2);
    expect(c.id2label).toEqual({ 0: 'LABEL_0', 1: 'LABEL_1' });
    expect(c.label2id).toEqual({ LABEL_0: 0, LABEL_1: 1 });
    expect(c.modelType).toBe('bert');
    expect(c.useReturnDict).toBe(true);
  });

  it('takes camelCase or snake_case options; numLabels generates LABEL_i maps', () => {
    const c = new BertConfig({ hiddenSize: 64, num_attention_heads: 4, numLabels: 3 });
    expect(c.hiddenSize).toBe(64);
    expect(c.numAttentionHeads).toBe(4);
    expect(c.id2label).toEqual({ 0: 'LABEL_0', 1: 'LABEL_1', 2: 'LABEL_2' });
    expect(c.label2id).toEqual({ LABEL_0: 0, LABEL_1: 1, LABEL_2: 2 });
    c.numLabels = 3; // same count: maps kept
    c.id2label = { 0: 'neg', 1: 'neu', 2: 'pos' };
    c.numLabels = 3;
    expect(c.id2label[2]).toBe('pos');
    c.numLabels = 2;
    expect(c.id2label).toEqual({ 0: 'LABEL_0', 1: 'LABEL_1' });
    expect(() => new BertConfig({ hiddenSize: 8, hidden_size: 8 })).toThrow('config option "hidden_size" is given twice');
  });

  it('reads the hf-tiny-bert config and writes it back byte for byte', () => {
    for (const path of [fixture('hf-tiny-bert', 'model', 'config.json'), fixture('tiny-random-bert-cased', 'config.json')]) {
      const c = BertConfig.fromJSONFile(path);
      expect(c.toJSONString()).toBe(readFileSync(path, 'utf8'));
      expect(JSON.parse(JSON.stringify(c))).toEqual(JSON.parse(readFileSync(path, 'utf8')));
    }
    const c = BertConfig.fromJSONFile(fixture('hf-tiny-bert', 'model', 'config.json'));
    expect(c.numLabels).toBe(5);
    expect(c.id2label).toEqual({ 0: 'sports', 1: 'food', 2: 'weather', 3: 'technology', 4: 'music' });
    expect(c.label2id).toEqual({ food: 1, music: 4, sports: 0, technology: 3, weather: 2 });
    expect(c.hiddenDropoutProb).toBe(0);
    expect(c.torchDtype).toBe('float32');
    expect(c.architectures).toEqual(['BertForSequenceClassification']);
  });

  it('keeps extra attributes of an older config and re-saves it as transformers 4.31 would', () => {
    const path = fixture('tiny-bert-camphr-ner', 'config.json');
    const c = BertConfig.fromJSONFile(path);
    expect(c.get('_num_labels')).toBe(9);
    expect(c.get('outputPast')).toBe(true);
    expect(c.transformersVersion).toBe('4.8.2');
    expect(c.numLabels).toBe(9);
    const original = JSON.parse(readFileSync(path, 'utf8'));
    const saved = JSON.parse(c.toJSONString());
    expect(saved).toEqual({ ...original, classifier_dropout: null, transformers_version: '4.31.0' });
  });

  it('keeps Python int/float distinctions and float formatting on a round trip', () => {
    const text = readFileSync(fixture('hf-tiny-bert', 'model', 'config.json'), 'utf8')
      .replace('"attention_probs_dropout_prob": 0.0', '"attention_probs_dropout_prob": 0')
      .replace('"layer_norm_eps": 1e-12', '"layer_norm_eps": 1e-05');
    const path = write('ints.json', text);
    const c = BertConfig.fromJSONFile(path);
    expect(c.toJSONString()).toBe(text);
    c.attentionProbsDropoutProb = 0; // set from TypeScript: a float attribute, written as Python writes 0.0
    expect(c.toJSONString()).toContain('"attention_probs_dropout_prob": 0.0,');
  });

  it('sorts id2label numerically (Python int keys) and label2id by string', () => {
    const id2label = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i, `c${i}`]));
    const label2id = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`c${i}`, i]));
    const text = new BertConfig({ id2label, label2id }).toJSONString();
    const idKeys = [...text.slice(text.indexOf('"id2label"'), text.indexOf('}')).matchAll(/"(\d+)":/g)].map((m) => m[1]);
    expect(idKeys).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
    const labelKeys = [...text.slice(text.indexOf('"label2id"')).matchAll(/"(c\d+)":/g)].map((m) => m[1]);
    expect(labelKeys.slice(0, 4)).toEqual(['c0', 'c1', 'c10', 'c11']);
  });

  it('writes only what differs from the defaults, plus the BERT attributes (save_pretrained)', () => {
    const c = new BertConfig({ numLabels: 2, outputAttentions: true });
    const saved = JSON.parse(c.toJSONString());
    expect(saved.output_attentions).toBe(true);
    expect('id2label' in saved).toBe(false); // 2 labels is the default
    expect('return_dict' in saved).toBe(false);
    expect(saved.vocab_size).toBe(30522);
    expect(saved.model_type).toBe('bert');
    expect(saved.transformers_version).toBe('4.31.0');
    const full = JSON.parse(c.toJSONString(false));
    expect(full.return_dict).toBe(true);
    expect(full.id2label).toEqual({ 0: 'LABEL_0', 1: 'LABEL_1' });
    expect(c.toJSONString(false)).toContain('"temperature": 1.0,');

    const out = c.savePretrained(dir);
    expect(readFileSync(out, 'utf8')).toBe(c.toJSONString());
    expect(BertConfig.fromJSONFile(out).outputAttentions).toBe(true);
  });

  it.each([
    [{ hiddenSize: 10, numAttentionHeads: 3 }, 'the hidden size (10) is not a multiple of the number of attention heads (3)'],
    [{ vocabSize: -1 }, 'vocab_size must be a positive integer, got -1'],
    [{ numHiddenLayers: 1.5 }, 'num_hidden_layers must be a positive integer, got 1.5'],
    [{ hiddenDropoutProb: 1.5 }, 'hidden_dropout_prob must be a probability in [0, 1], got 1.5'],
    [{ classifierDropout: 'x' }, 'classifier_dropout must be a probability in [0, 1], got "x"'],
    [{ layerNormEps: 0 }, 'layer_norm_eps must be a positive number, got 0'],
    [{ hiddenAct: 'swishy' }, 'hidden_act "swishy" is not one of gelu'],
    [{ positionEmbeddingType: 'rotary' }, 'position_embedding_type "rotary" is not one of absolute'],
    [{ padTokenId: 30522 }, 'pad_token_id 30522 is outside the vocabulary (vocab_size 30522)'],
    [{ problemType: 'ranking' }, 'problem_type "ranking" is not one of regression'],
    [{ id2label: { a: 'x' } }, 'id2label key "a" is not an integer'],
    [{ numLabels: -2 }, 'num_labels must be a non-negative integer, got -2'],
  ])('rejects %o', (options, message) => {
    expect(() => new BertConfig(options)).toThrow(message);
  });

  it('names the file in validation errors', () => {
    const path = write('bad.json', '{"model_type": "bert", "hidden_size": 10, "num_attention_heads": 4}');
    expect(() => BertConfig.fromJSONFile(path)).toThrow(`invalid config ${path}: the hidden size (10) is not a multiple`);
    const broken = write('broken.json', '{"model_type": "bert",');
    expect(() => BertConfig.fromJSONFile(broken)).toThrow(`invalid JSON in ${broken}`);
  });
});

describe('AutoConfig.fromPretrained', () => {
  it('reads a local folder, dispatches on model_type, applies overrides and records the path', async () => {
    const folder = fixture('hf-tiny-bert', 'model');
    const c = await AutoConfig.fromPretrained(folder, { numLabels: 3, problemType: 'multi_label_classification' });
    expect(c).toBeInstanceOf(BertConfig);
    expect(c.numLabels).toBe(3);
    expect(c.id2label).toEqual({ 0: 'LABEL_0', 1: 'LABEL_1', 2: 'LABEL_2' });
    expect(c.label2id).toEqual({ LABEL_0: 0, LABEL_1: 1, LABEL_2: 2 });
    expect(c.problemType).toBe('multi_label_classification');
    expect(c.nameOrPath).toBe(folder);
    expect(JSON.parse(c.toJSONString())._name_or_path).toBe(folder);

    const relabelled = await AutoConfig.fromPretrained(folder, { id2label: { 0: 'no', 1: 'yes' }, label2id: { no: 0, yes: 1 } });
    expect(relabelled.numLabels).toBe(2);
    expect(relabelled.label2id).toEqual({ no: 0, yes: 1 });
    await expect(AutoConfig.fromPretrained(folder, { numLabels: 3, id2label: { 0: 'a' } })).rejects.toThrow(
      'You passed along `numLabels: 3` with an incompatible id to label map (1 labels)',
    );
  });

  it('rejects unknown options, or returns them with fromPretrainedWithUnused', async () => {
    const folder = fixture('hf-tiny-bert', 'model');
    await expect(AutoConfig.fromPretrained(folder, { numLabel: 3 })).rejects.toThrow('unknown option "numLabel"');
    const { config, unusedKwargs } = await AutoConfig.fromPretrainedWithUnused(folder, { ignoreMismatchedSizes: true, hiddenDropoutProb: 0.2 });
    expect(unusedKwargs).toEqual({ ignoreMismatchedSizes: true });
    expect((config as BertConfig).hiddenDropoutProb).toBe(0.2);
  });

  it('downloads config.json from a hub repo, honouring revision and cacheDir', async () => {
    const cacheDir = join(dir, 'hub-cache');
    const main = await AutoConfig.fromPretrained('org/tiny-bert', { endpoint: hub.url, cacheDir });
    expect((main as BertConfig).hiddenSize).toBe(32);
    expect(main.nameOrPath).toBe('org/tiny-bert');
    const v1 = await AutoConfig.fromPretrained('org/tiny-bert', { endpoint: hub.url, cacheDir, revision: 'v1' });
    expect((v1 as BertConfig).hiddenSize).toBe(64);
    expect(hub.count({ path: /org\/tiny-bert\/resolve\/v1\/config.json/ })).toBeGreaterThan(0);
    const bert = await BertConfig.fromPretrained('org/tiny-bert', { endpoint: hub.url, cacheDir, numLabels: 4 });
    expect(bert.numLabels).toBe(4);
    expect(bert.nameOrPath).toBe('');
  });

  it('refuses model types tstorch does not support, listing the supported ones', async () => {
    await expect(AutoConfig.fromPretrained('org/gpt', { endpoint: hub.url, cacheDir: join(dir, 'hub-cache') })).rejects.toThrow(
      'has model type "gpt2", which tstorch does not support; supported model types: bert, roberta, xlm-roberta, distilbert, electra, deberta-v2',
    );
    const noType = mkdtempSync(join(dir, 'albert-'));
    writeFileSync(join(noType, 'config.json'), '{"embedding_size": 8}');
    await expect(AutoConfig.fromPretrained(noType)).rejects.toThrow('Unrecognized model in');
    const bertNamed = mkdtempSync(join(dir, 'my-bert-'));
    writeFileSync(join(bertNamed, 'config.json'), '{"hidden_size": 8, "num_attention_heads": 2}');
    expect(await AutoConfig.fromPretrained(bertNamed)).toBeInstanceOf(BertConfig);
    await expect(AutoConfig.fromPretrained(join(dir, 'missing-folder'))).rejects.toThrow();
    expect(AutoConfig.forModel('bert', { hiddenSize: 16, numAttentionHeads: 2 })).toBeInstanceOf(BertConfig);
    expect(() => AutoConfig.forModel('t5')).toThrow('supported model types: bert, roberta');
  });

  it('PretrainedConfig keeps unknown attributes and its own defaults', () => {
    const c = new PretrainedConfig({ custom_thing: [1, 2] });
    expect(c.get('customThing')).toEqual([1, 2]);
    expect(c.padTokenId).toBeNull();
    expect(JSON.parse(c.toJSONString())).toEqual({ custom_thing: [1, 2], transformers_version: '4.31.0' });
  });
});

describe('Python JSON', () => {
  it('formats floats as repr(float)', () => {
    const cases: Array<[number, string]> = [
      [0.1, '0.1'], [1, '1.0'], [0, '0.0'], [-0, '-0.0'], [1e-5, '1e-05'], [0.0001, '0.0001'], [1e-12, '1e-12'],
      [1.5e-7, '1.5e-07'], [123.456, '123.456'], [1e15, '1000000000000000.0'], [1e16, '1e+16'], [2.5e20, '2.5e+20'],
      [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'], [NaN, 'NaN'], [-Infinity, '-Infinity'], [0.02, '0.02'],
    ];
    for (const [x, repr] of cases) expect(pythonFloatRepr(x), String(x)).toBe(repr);
  });

  it('escapes like ensure_ascii and indents like json.dumps(indent=2)', () => {
    expect(pythonJsonString('é☃😀\u0001"\\\n\u007f')).toBe('"\\u00e9\\u2603\\ud83d\\ude00\\u0001\\"\\\\\\n\\u007f"');
    expect(dumpsPythonJson({ b: [], a: {}, c: [1, { d: null }] })).toBe('{\n  "a": {},\n  "b": [],\n  "c": [\n    1,\n    {\n      "d": null\n    }\n  ]\n}');
    expect(dumpsPythonJson({ b: 1, a: 2 }, { indent: null })).toBe('{"a": 2, "b": 1}');
  });

  it('parses NaN/Infinity and records integer-valued floats', () => {
    const { value, floatPaths } = parsePythonJson('{"a": 1.0, "b": 1, "c": [2e3, NaN, -Infinity], "d/e": {"f": 0.0}}');
    expect(value).toEqual({ a: 1, b: 1, c: [2000, NaN, -Infinity], 'd/e': { f: 0 } });
    expect([...floatPaths].sort()).toEqual(['/a', '/c/0', '/d~1e/f']);
    expect(() => parsePythonJson('{"a": 1,}', 'x.json')).toThrow('invalid JSON in x.json: expected a string key');
    expect(() => parsePythonJson('{"a": 01}', 'x.json')).toThrow('invalid JSON in x.json');
  });
});
