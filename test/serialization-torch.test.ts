// pytorch_model.bin: the torch zip format (and the legacy one) through the restricted unpickler.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readTorchZip } from '../lib/serialization/torch-zip.js';
import { unpickle } from '../lib/serialization/pickle.js';
import type { RawTensor } from '../lib/serialization/raw-tensor.js';
import { fixture } from './helpers/fixtures.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tstorch-torchzip-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes pickle opcodes by hand (protocol 2), for test files built without Python. */
class Pickle {
  private readonly bytes: number[] = [];
  raw(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  private text(s: string): number[] {
    return [...Buffer.from(s, 'utf8')];
  }
  proto(): this {
    return this.raw(0x80, 2);
  }
  global(module: string, name: string): this {
    return this.raw(0x63, ...this.text(`${module}\n${name}\n`));
  }
  str(s: string): this {
    const b = this.text(s);
    return this.raw(0x58, b.length & 0xff, (b.length >> 8) & 0xff, 0, 0, ...b);
  }
  int(n: number): this {
    if (n >= 0 && n < 256) return this.raw(0x4b, n);
    if (n >= 0 && n < 65536) return this.raw(0x4d, n & 0xff, n >> 8);
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return this.raw(0x4a, ...b);
  }
  mark(): this {
    return this.raw(0x28);
  }
  tuple(): this {
    return this.raw(0x74);
  }
  tupleOf(...ints: number[]): this {
    this.mark();
    for (const i of ints) this.int(i);
    return this.tuple();
  }
  reduce(): this {
    return this.raw(0x52);
  }
  stop(): this {
    return this.raw(0x2e);
  }
  orderedDict(): this {
    return this.global('collections', 'OrderedDict').raw(0x29).reduce();
  }
  /** `_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())` with a persistent storage id. */
  tensor(storageType: string, key: string, numel: number, offset: number, size: number[], stride: number[], legacy = false): this {
    this.global('torch._utils', '_rebuild_tensor_v2').mark();
    this.mark().str('storage').global('torch', storageType).str(key).str('cpu').int(numel);
    if (legacy) this.raw(0x4e); // view_metadata None
    this.tuple().raw(0x51); // BINPERSID
    this.int(offset).tupleOf(...size).tupleOf(...stride).raw(0x89).orderedDict();
    return this.tuple().reduce();
  }
  build(): Uint8Array {
    return new Uint8Array(this.bytes);
  }
}

interface TensorSpec {
  name: string;
  type: string;
  key: string;
  numel: number;
  offset: number;
  size: number[];
  stride: number[];
  parameter?: boolean;
}

function stateDictPickle(specs: TensorSpec[], legacy = false): Uint8Array {
  const p = new Pickle().proto().orderedDict().mark();
  for (const s of specs) {
    p.str(s.name);
    if (s.parameter) p.global('torch._utils', '_rebuild_parameter').mark();
    p.tensor(s.type, s.key, s.numel, s.offset, s.size, s.stride, legacy);
    if (s.parameter) p.raw(0x88).orderedDict().tuple().reduce();
  }
  return p.raw(0x75).stop().build(); // SETITEMS
}

const f32bytes = (values: number[]): Uint8Array => new Uint8Array(new Float32Array(values).buffer);
const f32 = (t: RawTensor): number[] => [...new Float32Array(Uint8Array.from(t.data).buffer)];

function writeZip(name: string, entries: Record<string, Uint8Array>, level: 0 | 6 = 0): string {
  const path = join(dir, name);
  writeFileSync(path, zipSync(entries, { level }));
  return path;
}

// Storage "0": F32 0..5; storage "1": I64 [10, -20]; storage "2": F16 [1.0, -2.0].
const STORAGES: Record<string, Uint8Array> = {
  '0': f32bytes([0, 1, 2, 3, 4, 5]),
  '1': new Uint8Array(new BigInt64Array([10n, -20n]).buffer),
  '2': new Uint8Array([0x00, 0x3c, 0x00, 0xc0]),
};
const SPECS: TensorSpec[] = [
  { name: 'matrix', type: 'FloatStorage', key: '0', numel: 6, offset: 0, size: [2, 3], stride: [3, 1], parameter: true },
  { name: 'transposed', type: 'FloatStorage', key: '0', numel: 6, offset: 0, size: [3, 2], stride: [1, 3] },
  { name: 'strided_with_offset', type: 'FloatStorage', key: '0', numel: 6, offset: 1, size: [2], stride: [2] },
  { name: 'tail_view', type: 'FloatStorage', key: '0', numel: 6, offset: 4, size: [1, 2], stride: [2, 1] },
  { name: 'ids', type: 'LongStorage', key: '1', numel: 2, offset: 0, size: [2], stride: [1] },
  { name: 'half', type: 'HalfStorage', key: '2', numel: 2, offset: 0, size: [2], stride: [1] },
  { name: 'scalar', type: 'FloatStorage', key: '0', numel: 6, offset: 5, size: [], stride: [] },
  { name: 'empty', type: 'FloatStorage', key: '0', numel: 6, offset: 0, size: [0, 3], stride: [3, 1] },
];

function checkpointEntries(folder: string, specs = SPECS, storages = STORAGES): Record<string, Uint8Array> {
  const entries: Record<string, Uint8Array> = { [`${folder}/data.pkl`]: stateDictPickle(specs), [`${folder}/version`]: Buffer.from('3\n') };
  for (const [k, v] of Object.entries(storages)) entries[`${folder}/data/${k}`] = v;
  return entries;
}

function expectSpecValues(tensors: Map<string, RawTensor>): void {
  expect([...tensors.keys()]).toEqual(SPECS.map((s) => s.name));
  expect(tensors.get('matrix')).toMatchObject({ dtype: 'F32', shape: [2, 3] });
  expect(f32(tensors.get('matrix')!)).toEqual([0, 1, 2, 3, 4, 5]);
  expect(tensors.get('transposed')!.shape).toEqual([3, 2]);
  expect(f32(tensors.get('transposed')!)).toEqual([0, 3, 1, 4, 2, 5]);
  expect(f32(tensors.get('strided_with_offset')!)).toEqual([1, 3]);
  expect(f32(tensors.get('tail_view')!)).toEqual([4, 5]);
  expect(tensors.get('ids')!.dtype).toBe('I64');
  expect([...new BigInt64Array(Uint8Array.from(tensors.get('ids')!.data).buffer)]).toEqual([10n, -20n]);
  expect(tensors.get('half')).toMatchObject({ dtype: 'F16', shape: [2] });
  expect([...tensors.get('half')!.data]).toEqual([0x00, 0x3c, 0x00, 0xc0]);
  expect(tensors.get('scalar')!.shape).toEqual([]);
  expect(f32(tensors.get('scalar')!)).toEqual([5]);
  expect(tensors.get('empty')!.shape).toEqual([0, 3]);
  expect(tensors.get('empty')!.data.byteLength).toBe(0);
}

describe('readTorchZip on the camphr fixture (saved by transformers 4.8.2)', () => {
  const path = () => fixture('tiny-bert-camphr-ner', 'pytorch_model.bin');

  it('reads the 24 tensors with the shapes its config.json implies', () => {
    const config = JSON.parse(readFileSync(fixture('tiny-bert-camphr-ner', 'config.json'), 'utf8'));
    const H = config.hidden_size;
    const { tensors } = readTorchZip(path());
    expect(tensors.size).toBe(24);
    const expected: Record<string, number[]> = {
      'bert.embeddings.position_ids': [1, config.max_position_embeddings],
      'bert.embeddings.word_embeddings.weight': [config.vocab_size, H],
      'bert.embeddings.position_embeddings.weight': [config.max_position_embeddings, H],
      'bert.embeddings.token_type_embeddings.weight': [config.type_vocab_size, H],
      'bert.encoder.layer.0.attention.self.query.weight': [H, H],
      'bert.encoder.layer.0.intermediate.dense.weight': [config.intermediate_size, H],
      'bert.encoder.layer.0.output.dense.weight': [H, config.intermediate_size],
      'classifier.weight': [Object.keys(config.id2label).length, H],
      'classifier.bias': [Object.keys(config.id2label).length],
    };
    for (const [k, shape] of Object.entries(expected)) expect(tensors.get(k)?.shape, k).toEqual(shape);
    expect([...tensors.keys()].filter((k) => k.includes('pooler'))).toEqual([]);
    const elements = [...tensors.values()].reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
    expect(elements).toBe(10_201); // SOURCE.md's count, position_ids included
    for (const [k, t] of tensors) expect(t.dtype, k).toBe(k.endsWith('position_ids') ? 'I64' : 'F32');
  });

  it('holds the values BERT initialisation gives: position_ids 0..15, LayerNorm 1/0, zero [PAD] row', () => {
    const { tensors } = readTorchZip(path());
    expect([...new BigInt64Array(Uint8Array.from(tensors.get('bert.embeddings.position_ids')!.data).buffer)]).toEqual(
      Array.from({ length: 16 }, (_, i) => BigInt(i)),
    );
    expect(f32(tensors.get('bert.embeddings.LayerNorm.weight')!).every((x) => x === 1)).toBe(true);
    expect(f32(tensors.get('bert.embeddings.LayerNorm.bias')!).every((x) => x === 0)).toBe(true);
    expect(f32(tensors.get('bert.embeddings.word_embeddings.weight')!).slice(0, 16).every((x) => x === 0)).toBe(true);
  });

  it('each tensor holds the bytes of its archive/data/<key> entry (read independently with fflate)', () => {
    const entries = unzipSync(readFileSync(path()));
    const { tensors } = readTorchZip(path());
    const storages = Object.keys(entries).filter((k) => k.startsWith('archive/data/')).map((k) => entries[k]!);
    expect(storages).toHaveLength(24);
    for (const [k, t] of tensors) {
      const matches = storages.filter((s) => Buffer.from(s).equals(Buffer.from(t.data)));
      expect(matches.length, k).toBeGreaterThan(0);
    }
    const wordEmb = tensors.get('bert.embeddings.word_embeddings.weight')!;
    expect(Buffer.from(wordEmb.data).equals(Buffer.from(entries['archive/data/1']!))).toBe(true);
  });
});

describe('readTorchZip on hand-built checkpoints', () => {
  it('rebuilds contiguous, transposed, offset and strided views, parameters, F16 and I64 (stored zip)', () => {
    expectSpecValues(readTorchZip(writeZip('views.bin', checkpointEntries('archive'))).tensors);
  });

  it('accepts any top-level folder name and deflated entries', () => {
    expectSpecValues(readTorchZip(writeZip('folder.bin', checkpointEntries('pytorch_model'), 6)).tensors);
  });

  it('byte-swaps storages of a checkpoint saved on a big-endian machine', () => {
    const be = Object.fromEntries(
      Object.entries(STORAGES).map(([k, v]) => {
        const size = k === '0' ? 4 : k === '1' ? 8 : 2;
        const out = new Uint8Array(v.byteLength);
        for (let i = 0; i < v.byteLength; i += size) for (let j = 0; j < size; j++) out[i + j] = v[i + size - 1 - j]!;
        return [k, out];
      }),
    );
    const entries = checkpointEntries('archive', SPECS, be);
    entries['archive/byteorder'] = Buffer.from('big');
    expectSpecValues(readTorchZip(writeZip('big.bin', entries)).tensors);
  });

  it('reads the legacy (pre-1.6) format', () => {
    const magic = new Pickle().proto().raw(0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19).stop().build();
    const protocol = new Pickle().proto().int(1001).stop().build();
    const sysInfo = new Pickle().proto().raw(0x7d).mark().str('protocol_version').int(1001).str('little_endian').raw(0x88).raw(0x75).stop().build();
    const keys = new Pickle().proto().raw(0x5d).mark().str('0').str('1').str('2').raw(0x65).stop().build();
    const storages = ['0', '1', '2'].flatMap((k) => {
      const count = Buffer.alloc(8);
      count.writeBigInt64LE(BigInt(SPECS.find((s) => s.key === k)!.numel));
      return [count, STORAGES[k]!];
    });
    const path = join(dir, 'legacy.bin');
    writeFileSync(path, Buffer.concat([magic, protocol, sysInfo, stateDictPickle(SPECS, true), keys, ...storages]));
    expectSpecValues(readTorchZip(path).tensors);
    writeFileSync(path, Buffer.concat([magic, protocol, sysInfo, stateDictPickle(SPECS, true), keys, ...storages.slice(0, 4)]));
    expect(() => readTorchZip(path)).toThrow(`invalid torch checkpoint ${path}: truncated before storage 2`);
  });
});

describe('malicious and corrupt checkpoints', () => {
  const payloads: Array<[string, Uint8Array, string]> = [
    ['posix.system via GLOBAL + REDUCE', new Pickle().proto().global('posix', 'system').str('touch /tmp/pwned').raw(0x85).reduce().stop().build(), 'posix.system'],
    ['os.system via STACK_GLOBAL', new Pickle().proto().str('os').str('system').raw(0x93).str('id').raw(0x85).reduce().stop().build(), 'os.system'],
    ['builtins.eval', new Pickle().proto().global('builtins', 'eval').str('1+1').raw(0x85).reduce().stop().build(), 'builtins.eval'],
    ['a module class hidden in a state dict', new Pickle().proto().orderedDict().str('x').global('torch.nn.modules.linear', 'Linear').raw(0x29).reduce().raw(0x73).stop().build(), 'torch.nn.modules.linear.Linear'],
  ];

  it.each(payloads)('refuses %s and names the global', (_what, pkl, global) => {
    const path = writeZip('evil.bin', { 'archive/data.pkl': pkl, 'archive/version': Buffer.from('3\n') });
    expect(() => readTorchZip(path)).toThrow(`refusing to load ${path}: pickle references ${global}, which is not allowed (weights-only loader)`);
  });

  const corrupt: Array<[string, () => Record<string, Uint8Array> | Uint8Array, string]> = [
    ['bytes that are no checkpoint', () => new Uint8Array([1, 2, 3, 4, 5]), 'is not a torch checkpoint: it is neither a zip archive (torch >= 1.6) nor a legacy torch pickle'],
    ['a zip without data.pkl', () => ({ 'archive/version': Buffer.from('3\n') }), 'expected one <folder>/data.pkl in the zip archive, found none'],
    ['two data.pkl', () => ({ ...checkpointEntries('a'), ...checkpointEntries('b') }), 'found a/data.pkl, b/data.pkl'],
    ['a missing storage', () => { const e = checkpointEntries('archive'); delete e['archive/data/1']; return e; }, 'storage archive/data/1 is missing from the archive'],
    ['a storage of the wrong size', () => ({ ...checkpointEntries('archive'), 'archive/data/0': new Uint8Array(20) }), 'storage archive/data/0 has 20 bytes, expected 6 × 4 = 24'],
    ['a view past its storage', () => checkpointEntries('archive', [{ name: 'x', type: 'FloatStorage', key: '0', numel: 6, offset: 4, size: [3], stride: [1] }]), 'reaches element 6 but the storage has 6 elements'],
    ['an unknown storage type', () => checkpointEntries('archive', [{ name: 'x', type: 'ComplexFloatStorage', key: '0', numel: 6, offset: 0, size: [1], stride: [1] }]), 'torch.ComplexFloatStorage, which is not allowed'],
    ['a value that is not a tensor', () => ({ 'archive/data.pkl': new Pickle().proto().orderedDict().str('step').int(3).raw(0x73).stop().build() }), 'state dict entry "step" is a number, not a tensor'],
    ['a top level that is not a dict', () => ({ 'archive/data.pkl': new Pickle().proto().raw(0x5d).stop().build() }), 'expected a state dict (a dict of tensors), got a list'],
    ['a truncated pickle', () => ({ 'archive/data.pkl': stateDictPickle(SPECS).subarray(0, 60) }), 'unexpected end of pickle data'],
    ['an unsupported opcode', () => ({ 'archive/data.pkl': new Uint8Array([0x80, 0x02, 0x49, 0x31, 0x0a, 0x2e]) }), 'unsupported pickle opcode 0x49 (INT)'],
    ['a damaged zip', () => zipSync(checkpointEntries('archive'), { level: 6 }).map((b, i) => (i > 60 && i < 90 ? 0xff : b)), 'invalid torch checkpoint'],
  ];

  it.each(corrupt)('rejects %s', (_what, make, message) => {
    const made = make();
    const path = join(dir, 'corrupt.bin');
    writeFileSync(path, made instanceof Uint8Array ? made : zipSync(made, { level: 0 }));
    expect(() => readTorchZip(path)).toThrow(message);
    try {
      readTorchZip(path);
    } catch (err) {
      expect((err as Error).message).toContain(path);
    }
  });
});

describe('restricted unpickler', () => {
  it('reads the plain values state dicts use, and reports where the pickle ends', () => {
    const p = new Pickle()
      .proto()
      .raw(0x7d) // {}
      .mark()
      .str('ints').mark().int(7).int(300).int(-5).int(70000).tuple()
      .str('flags').raw(0x88, 0x89, 0x4e, 0x87) // (True, False, None)
      .str('float').raw(0x47, ...Buffer.from([0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a])) // 0.1 big-endian
      .str('long').raw(0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1) // 2**64
      .str('list').raw(0x5d, 0x71, 0x05).str('a').raw(0x61) // ['a'], memoised as 5
      .str('again').raw(0x68, 0x05) // BINGET 5: the same list
      .raw(0x75) // SETITEMS
      .stop()
      .build();
    const { value, end } = unpickle(p, { file: 't.pkl', globals: new Map() });
    expect(end).toBe(p.byteLength);
    const items = (value as { items: Map<string, unknown> }).items;
    expect((items.get('ints') as { items: number[] }).items).toEqual([7, 300, -5, 70000]);
    expect((items.get('flags') as { items: unknown[] }).items).toEqual([true, false, null]);
    expect(items.get('float')).toBe(0.1);
    expect(items.get('long')).toBe(2n ** 64n);
    expect(items.get('list')).toEqual(['a']);
    expect(items.get('again')).toBe(items.get('list'));
  });
});
