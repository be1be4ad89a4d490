// Checkpoint key → model key matching as transformers does it, and the messages it prints.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import {
  fixLegacyKey,
  formatLoadWarnings,
  mapCheckpointKeys,
  pyListRepr,
  pyRepr,
  sizeMismatchError,
} from '../lib/serialization/checkpoint-keys.js';
import { readSafetensorsHeader } from '../lib/serialization/safetensors.js';
import { readTorchZip } from '../lib/serialization/torch-zip.js';
import { fixture } from './helpers/fixtures.js';

/** name → shape of a safetensors file (header only). */
function shapes(...parts: string[]): Map<string, number[]> {
  return new Map([...readSafetensorsHeader(fixture(...parts)).tensors].map(([k, v]) => [k, v.shape]));
}
/** The state-dict keys of BertForSequenceClassification for hf-tiny-bert (exactly what model/ holds). */
const seqClsModel = () => shapes('hf-tiny-bert', 'model', 'model.safetensors');
/** BertModel: no prefix, no classifier. */
const baseModel = () =>
  new Map([...seqClsModel()].filter(([k]) => k.startsWith('bert.')).map(([k, v]) => [k.slice('bert.'.length), v]));

/** BertPreTrainedModel's base-model prefix and non-persistent buffers. */
const BERT = { basePrefix: 'bert', buffers: ['embeddings.position_ids', 'embeddings.token_type_ids'] };

describe('mapCheckpointKeys', () => {
  it('maps the legacy gamma/beta checkpoint as transformers 4.31 did (forward.json legacy_gamma_beta)', () => {
    const ref = JSON.parse(readFileSync(fixture('hf-tiny-bert', 'references', 'forward.json'), 'utf8')).legacy_gamma_beta;
    const checkpoint = shapes('hf-tiny-bert', 'model-legacy-gamma-beta', 'model.safetensors');
    const report = mapCheckpointKeys(checkpoint, seqClsModel(), BERT);
    expect(report.missingKeys).toEqual(ref.transformers_loading_info.missing_keys);
    expect(report.unexpectedKeys).toEqual(ref.transformers_loading_info.unexpected_keys);
    expect(report.mismatchedKeys).toEqual(ref.transformers_loading_info.mismatched_keys);
    expect(report.mapping.size).toBe(41);
    for (const [legacyKey, modelKey] of Object.entries(ref.renamed_keys as Record<string, string>)) {
      expect(report.mapping.get(modelKey)).toBe(legacyKey);
    }
    expect(report.mapping.get('classifier.weight')).toBe('classifier.weight');
  });

  it('fixes gamma/beta as plain substring replacement, beta first', () => {
    expect(fixLegacyKey('bert.embeddings.LayerNorm.gamma')).toBe('bert.embeddings.LayerNorm.weight');
    expect(fixLegacyKey('bert.embeddings.LayerNorm.beta')).toBe('bert.embeddings.LayerNorm.bias');
    expect(fixLegacyKey('gamma.beta')).toBe('gamma.bias');
    expect(fixLegacyKey('alphabeta.betamax')).toBe('alphabias.biasmax');
    expect(fixLegacyKey('classifier.weight')).toBe('classifier.weight');
  });

  it('strips the bert. prefix when loading a BertModel from a BertForSequenceClassification checkpoint', () => {
    const report = mapCheckpointKeys(seqClsModel(), baseModel(), BERT);
    expect(report.missingKeys).toEqual([]);
    expect(report.unexpectedKeys).toEqual(['classifier.bias', 'classifier.weight']);
    expect(report.mapping.get('embeddings.word_embeddings.weight')).toBe('bert.embeddings.word_embeddings.weight');
    expect(report.mapping.size).toBe(39);
  });

  it('adds the prefix when loading a head model from a BertModel checkpoint; the new head is missing', () => {
    const report = mapCheckpointKeys(baseModel(), seqClsModel(), BERT);
    expect(report.missingKeys).toEqual(['classifier.bias', 'classifier.weight']);
    expect(report.unexpectedKeys).toEqual([]);
    expect(report.mapping.get('bert.pooler.dense.weight')).toBe('pooler.dense.weight');
  });

  it('loads the camphr token-classification checkpoint into a 5-label sequence classifier', () => {
    const checkpoint = readTorchZip(fixture('tiny-bert-camphr-ner', 'pytorch_model.bin')).tensors;
    // BertForSequenceClassification with the camphr config and 5 labels: same encoder, a pooler, classifier [5, 16].
    const model = new Map<string, number[]>();
    for (const [k, t] of checkpoint) if (!k.endsWith('position_ids') && !k.startsWith('classifier')) model.set(k, t.shape);
    model.set('bert.pooler.dense.weight', [16, 16]).set('bert.pooler.dense.bias', [16]);
    model.set('classifier.weight', [5, 16]).set('classifier.bias', [5]);

    const report = mapCheckpointKeys(checkpoint, model, BERT);
    expect(report.unexpectedKeys).toEqual([]); // position_ids is a buffer of the model
    expect(report.missingKeys).toEqual(['bert.pooler.dense.bias', 'bert.pooler.dense.weight']);
    expect(report.mismatchedKeys).toEqual([
      { checkpointKey: 'classifier.bias', modelKey: 'classifier.bias', checkpointShape: [9], modelShape: [5] },
      { checkpointKey: 'classifier.weight', modelKey: 'classifier.weight', checkpointShape: [9, 16], modelShape: [5, 16] },
    ]);
    expect(report.mapping.has('classifier.weight')).toBe(false);
    expect(report.mapping.size).toBe(model.size - 4);

    const path = '/models/camphr';
    const messages = formatLoadWarnings('BertForSequenceClassification', path, report, ['BertForTokenClassification']);
    expect(messages).toEqual([
      { level: 'info', message: 'All model checkpoint weights were used when initializing BertForSequenceClassification.\n' },
      {
        level: 'warning',
        message:
          "Some weights of BertForSequenceClassification were not initialized from the model checkpoint at /models/camphr and are newly initialized: ['bert.pooler.dense.bias', 'bert.pooler.dense.weight']\n" +
          'You should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.',
      },
      {
        level: 'warning',
        message:
          'Some weights of BertForSequenceClassification were not initialized from the model checkpoint at /models/camphr and are newly initialized because the shapes did not match:\n' +
          '- classifier.bias: found shape torch.Size([9]) in the checkpoint and torch.Size([5]) in the model instantiated\n' +
          '- classifier.weight: found shape torch.Size([9, 16]) in the checkpoint and torch.Size([5, 16]) in the model instantiated\n' +
          'You should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.',
      },
    ]);
    expect(sizeMismatchError('BertForSequenceClassification', report)!.message).toBe(
      'Error(s) in loading state_dict for BertForSequenceClassification:\n' +
        '\tsize mismatch for classifier.bias: copying a param with shape torch.Size([9]) from checkpoint, the shape in current model is torch.Size([5]).\n' +
        '\tsize mismatch for classifier.weight: copying a param with shape torch.Size([9, 16]) from checkpoint, the shape in current model is torch.Size([5, 16]).\n' +
        '\tYou may consider adding `ignoreMismatchedSizes: true` in the model `fromPretrained` options.',
    );
  });

  it('reports a position_ids key as unexpected only when the model has no such buffer', () => {
    const checkpoint = new Map([...baseModel(), ['embeddings.position_ids', [1, 128]]]);
    expect(mapCheckpointKeys(checkpoint, baseModel(), BERT).unexpectedKeys).toEqual([]);
    expect(mapCheckpointKeys(checkpoint, baseModel(), { ...BERT, buffers: [] }).unexpectedKeys).toEqual(['embeddings.position_ids']);
  });

  it('applies keys-to-ignore patterns and tied weight groups', () => {
    const model = new Map([...seqClsModel(), ['cls.predictions.decoder.weight', [300, 32]]]);
    const checkpoint = new Map([...seqClsModel(), ['cls.seq_relationship.weight', [2, 32]]]);
    const plain = mapCheckpointKeys(checkpoint, model, BERT);
    expect(plain.missingKeys).toEqual(['cls.predictions.decoder.weight']);
    expect(plain.unexpectedKeys).toEqual(['cls.seq_relationship.weight']);
    const tuned = mapCheckpointKeys(checkpoint, model, {
      ...BERT,
      tiedKeys: [['cls.predictions.decoder.weight', 'bert.embeddings.word_embeddings.weight']],
      keysToIgnoreOnLoadUnexpected: [/seq_relationship/g],
    });
    expect(tuned.missingKeys).toEqual([]);
    expect(tuned.unexpectedKeys).toEqual([]);
  });

  it('rejects a checkpoint without the prefix that holds a head key, as transformers does', () => {
    const checkpoint = new Map([...baseModel(), ['classifier.weight', [5, 32]]]);
    expect(() => mapCheckpointKeys(checkpoint, seqClsModel(), BERT)).toThrow(
      'The state dictionary of the model you are trying to load is corrupted. Are you sure it was properly saved?',
    );
  });
});

describe('formatLoadWarnings', () => {
  const report = { missingKeys: ['classifier.bias', 'classifier.weight'], unexpectedKeys: [], mismatchedKeys: [] };

  it('prints the newly-initialized warning exactly as transformers', () => {
    expect(formatLoadWarnings('BertForSequenceClassification', 'bert-base-cased', report)).toEqual([
      { level: 'info', message: 'All model checkpoint weights were used when initializing BertForSequenceClassification.\n' },
      {
        level: 'warning',
        message:
          "Some weights of BertForSequenceClassification were not initialized from the model checkpoint at bert-base-cased and are newly initialized: ['classifier.bias', 'classifier.weight']\n" +
          'You should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.',
      },
    ]);
  });

  it('prints the unused-weights message; a warning only when the class is among the architectures', () => {
    const r = { missingKeys: [], unexpectedKeys: ['cls.predictions.bias', "it's"], mismatchedKeys: [] };
    const [unused, all] = formatLoadWarnings('BertModel', 'bert-base-uncased', r, ['BertForMaskedLM']);
    expect(unused).toEqual({
      level: 'info',
      message:
        `Some weights of the model checkpoint at bert-base-uncased were not used when initializing BertModel: ['cls.predictions.bias', "it's"]\n` +
        '- This IS expected if you are initializing BertModel from the checkpoint of a model trained on another task or with another architecture (e.g. initializing a BertForSequenceClassification model from a BertForPreTraining model).\n' +
        '- This IS NOT expected if you are initializing BertModel from the checkpoint of a model that you expect to be exactly identical (initializing a BertForSequenceClassification model from a BertForSequenceClassification model).',
    });
    expect(all).toEqual({
      level: 'info',
      message:
        'All the weights of BertModel were initialized from the model checkpoint at bert-base-uncased.\n' +
        'If your task is similar to the task the model of the checkpoint was trained on, you can already use BertModel for predictions without further training.',
    });
    expect(formatLoadWarnings('BertModel', 'x', r, ['BertModel'])[0]!.level).toBe('warning');
  });

  it('quotes strings as Python repr does', () => {
    expect(pyRepr('a')).toBe("'a'");
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr(`both ' and "`)).toBe(`'both \\' and "'`);
    expect(pyRepr('tab\tnew\nline\\')).toBe("'tab\\tnew\\nline\\\\'");
    expect(pyListRepr([])).toBe('[]');
    expect(sizeMismatchError('X', { mismatchedKeys: [] })).toBeNull();
  });
});
