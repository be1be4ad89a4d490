// cpp/natives.table is the addon's one description: the generated files match it, the addon exports exactly its
// functions, and the arity it declares is enforced.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { BertConfig, BertModel } from 'tstorch/transformers';
import { HIDDEN_ACTIVATIONS } from '../lib/transformers/configuration_utils.js';
import { native } from '../lib/native.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tableLines = readFileSync(join(root, 'cpp/natives.table'), 'utf8').split('\n');
const tableNames = [
  ...new Set(
    tableLines
      .map((l) => /^([A-Za-z]\w*)\(/.exec(l.trim())?.[1])
      .filter((n): n is string => n !== undefined),
  ),
].sort();

describe('the native surface', () => {
  it('has generated files up to date with cpp/natives.table', () => {
    expect(() => execFileSync(process.execPath, [join(root, 'scripts/gen-natives.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('exports exactly the functions of the table', () => {
    expect(Object.keys(native).sort()).toEqual(tableNames);
  });

  it('rejects more arguments than the table declares, naming the function', () => {
    const call = native.neg as unknown as (...args: unknown[]) => unknown;
    const x = torch.ones(2);
    expect(() => call(x._h, 1)).toThrow(TypeError);
    expect(() => call(x._h, 1)).toThrow(/tstorch\.neg: takes at most 1 argument\(s\), got 2/);
    expect(torch.neg(x).toArray()).toEqual([-1, -1]);
  });

  it('gives Tensor the generated forwarding methods', () => {
    const x = torch.tensor([1, -2, 3]);
    expect(x.abs().toArray()).toEqual([1, 2, 3]);
    expect(x.clone().abs_().toArray()).toEqual([1, 2, 3]);
    expect(x.clamp(null, 2).toArray()).toEqual([1, -2, 2]);
    const methods = tableLines.filter((l) => /\s{2,}method$/.test(l)).map((l) => l.slice(0, l.indexOf('(')));
    expect(methods.length).toBeGreaterThan(50);
    expect(methods.filter((m) => typeof (torch.Tensor.prototype as unknown as Record<string, unknown>)[m] !== 'function')).toEqual([]);
  });

  it('builds a native BERT for every activation a BertConfig accepts (HIDDEN_ACTIVATIONS and the C++ names are both generated from cpp/models/activations.table)', () => {
    const x = torch.tensor([[2, 5, 3]], { dtype: 'int64' });
    for (const hiddenAct of HIDDEN_ACTIVATIONS) {
      const config = new BertConfig({ vocabSize: 10, hiddenSize: 4, numHiddenLayers: 1, numAttentionHeads: 1, intermediateSize: 8, hiddenAct });
      const m = new BertModel(config).eval();
      expect(m.forward({ inputIds: x }).lastHiddenState.shape).toEqual([1, 3, 4]);
      m.dispose();
    }
  });
});
