// Dispatch checks every argument's JS kind against cpp/natives.table before a native's body runs: a wrong kind is
// a TypeError naming the native, the argument (position and name), what it expected and what it got.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { native } from '../lib/native.js';

type AnyNative = (...args: unknown[]) => unknown;
const call = (name: string, ...args: unknown[]) => (native as unknown as Record<string, AnyNative>)[name]!(...args);
const x = torch.ones(2);

const cases: [string, () => unknown, RegExp][] = [
  ['a string for a Tensor', () => call('neg', 'x'), /^tstorch\.neg: argument 1 \(self\) must be a Tensor, got string$/],
  ['a plain object for a Tensor', () => call('matmul', x._h, {}), /^tstorch\.matmul: argument 2 \(other\) must be a Tensor, got object$/],
  ['a generator handle for a Tensor', () => call('neg', native.generatorNew(1)), /^tstorch\.neg: argument 1 \(self\) must be a Tensor, got object$/],
  ['a string for a Tensor or scalar', () => call('add', x._h, 'x'), /^tstorch\.add: argument 2 \(other\) must be a Tensor or a scalar \(number, boolean or bigint\), got string$/],
  ['a string for an int', () => call('unsqueeze', x._h, '0'), /^tstorch\.unsqueeze: argument 2 \(dim\) must be an integer \(number or bigint\), got string$/],
  ['a number for an int list', () => call('reshape', x._h, 2), /^tstorch\.reshape: argument 2 \(shape\) must be an array of integers, got number$/],
  ['a number for a boolean', () => call('setRequiresGrad', x._h, 1), /^tstorch\.setRequiresGrad: argument 2 \(value\) must be a boolean, got number$/],
  ['a number for a dtype', () => call('zeros', [2], 7), /^tstorch\.zeros: argument 2 \(dtype\) must be a dtype name \(string\), null or undefined, got number$/],
  ['an array for a typed array', () => call('fromTypedArray', [1, 2], [2]), /^tstorch\.fromTypedArray: argument 1 \(data\) must be a typed array, got array$/],
  ['an object for a function', () => call('attachJsBackward', [x._h], [x._h], {}), /^tstorch\.attachJsBackward: argument 3 \(backward\) must be a function, got object$/],
  ['a string for a native handle', () => call('optimStep', 'adam'), /^tstorch\.optimStep: argument 1 \(optimizer\) must be a native handle, got string$/],
  ['a boolean for a string union', () => call('div', x._h, x._h, true), /^tstorch\.div: argument 3 \(roundingMode\) must be 'trunc', 'floor', null or undefined, got boolean$/],
  ['a number for a size union', () => call('conv1d', x._h, x._h, undefined, [1], 1, [1], 1), /^tstorch\.conv1d: argument 5 \(padding\) must be an array of integers, 'same' or 'valid', got number$/],
  ['a missing required argument', () => call('transpose', x._h, 0), /^tstorch\.transpose: argument 3 \(dim1\) must be an integer \(number or bigint\), got undefined$/],
  ['a string for an overload\'s optional dim', () => call('max', x._h, 'a'), /^tstorch\.max: argument 2 \(dim\) must be an integer \(number or bigint\), null or undefined, got string$/],
];

describe('native argument kinds', () => {
  it.each(cases)('%s is a TypeError naming the native and the argument', (_name, fn, message) => {
    expect(fn).toThrow(TypeError);
    expect(fn).toThrow(message);
  });

  it('accepts what the table allows: null for optional arguments, every member of a union', () => {
    const wrap = (h: unknown) => new torch.Tensor(h as never);
    expect(wrap(call('add', x._h, x._h, null)).toArray()).toEqual([2, 2]);
    expect(wrap(call('add', x._h, 2n)).toArray()).toEqual([3, 3]);
    expect(wrap(call('add', x._h, true)).toArray()).toEqual([2, 2]);
    expect(wrap(call('sum', x._h, [0])).item()).toBe(2);
    expect(wrap(call('sum', x._h, 0)).item()).toBe(2);
    expect(wrap(call('max', x._h)).item()).toBe(1);
  });

  it('checks the first argument of every native that requires one', () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..');
    const required = readFileSync(join(root, 'cpp/natives.table'), 'utf8')
      .split('\n')
      .map((l) => /^([A-Za-z]\w*)\((\w+):/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!] as const);
    expect(required.length).toBeGreaterThan(200);
    for (const [name, param] of new Map(required)) {
      // an overload may leave the first argument optional: then undefined passes and the next check or body decides
      expect(() => call(name), name).toThrow(new RegExp(`^tstorch\\.${name}: argument 1 \\(${param}\\) must be .*, got undefined$`));
    }
  });
});
