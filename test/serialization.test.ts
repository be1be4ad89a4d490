// safetensors: reading the fixtures, writing byte-exact files, and rejecting corrupt ones with clear errors.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  parseSafetensors,
  readSafetensors,
  readSafetensorsHeader,
  readSafetensorsIndex,
  serializeSafetensors,
  writeSafetensors,
} from '../lib/serialization/safetensors.js';
import type { RawTensor } from '../lib/serialization/raw-tensor.js';
import { fixture } from './helpers/fixtures.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tstorch-safetensors-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An independent parse of the header: 8-byte length, JSON. */
function rawHeader(bytes: Uint8Array): { n: number; json: Record<string, any>; text: string } {
  const n = Number(Buffer.from(bytes.buffer, bytes.byteOffset, 8).readBigUInt64LE(0));
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + 8, n).toString('utf8');
  return { n, json: JSON.parse(text), text };
}

const f32 = (t: RawTensor): Float32Array => new Float32Array(Uint8Array.from(t.data).buffer);
const f32bytes = (values: number[]): Uint8Array => new Uint8Array(new Float32Array(values).buffer);

describe('readSafetensors on the fixtures', () => {
  const modelPath = () => fixture('hf-tiny-bert', 'model', 'model.safetensors');

  it('reads hf-tiny-bert: 41 F32 tensors with the shapes of its config, metadata {format: pt}', () => {
    const { tensors, metadata } = readSafetensors(modelPath());
    expect(metadata).toEqual({ format: 'pt' });
    expect(tensors.size).toBe(41);
    expect([...tensors.keys()].filter((k) => !k.startsWith('bert.')).sort()).toEqual(['classifier.bias', 'classifier.weight']);
    const config = JSON.parse(readFileSync(fixture('hf-tiny-bert', 'model', 'config.json'), 'utf8'));
    const H = config.hidden_size;
    expect(tensors.get('bert.embeddings.word_embeddings.weight')!.shape).toEqual([config.vocab_size, H]);
    expect(tensors.get('bert.embeddings.position_embeddings.weight')!.shape).toEqual([config.max_position_embeddings, H]);
    expect(tensors.get('bert.embeddings.token_type_embeddings.weight')!.shape).toEqual([config.type_vocab_size, H]);
    expect(tensors.get('bert.encoder.layer.1.intermediate.dense.weight')!.shape).toEqual([config.intermediate_size, H]);
    expect(tensors.get('bert.encoder.layer.1.output.dense.weight')!.shape).toEqual([H, config.intermediate_size]);
    expect(tensors.get('classifier.weight')!.shape).toEqual([5, H]);
    expect(tensors.get('classifier.bias')!.shape).toEqual([5]);
    expect(tensors.has('bert.embeddings.position_ids')).toBe(false);
    for (const t of tensors.values()) expect(t.dtype).toBe('F32');
  });

  it('returns views into one buffer, at the offsets the header names', () => {
    const bytes = readFileSync(modelPath());
    const { n, json } = rawHeader(bytes);
    const { tensors } = readSafetensors(modelPath());
    const buffers = new Set([...tensors.values()].map((t) => t.data.buffer));
    expect(buffers.size).toBe(1);
    for (const [name, t] of tensors) {
      const [b, e] = json[name].data_offsets;
      expect(Buffer.from(t.data).equals(bytes.subarray(8 + n + b, 8 + n + e))).toBe(true);
    }
  });

  it('holds the values transformers initialised: LayerNorm 1/0, zero biases, zero [PAD] embedding row', () => {
    const { tensors } = readSafetensors(modelPath());
    for (const [name, t] of tensors) {
      const v = f32(t);
      if (name.endsWith('LayerNorm.weight')) expect([...v].every((x) => x === 1)).toBe(true);
      if (name.endsWith('.bias')) expect([...v].every((x) => x === 0)).toBe(true);
    }
    const emb = f32(tensors.get('bert.embeddings.word_embeddings.weight')!);
    expect([...emb.subarray(0, 32)].every((x) => x === 0)).toBe(true); // nn.Embedding(padding_idx=0)
    expect([...emb.subarray(32, 64)].some((x) => x !== 0)).toBe(true);
  });

  it('gives the embedding output transformers computed (forward.json hidden_states[0]) from the weights read', () => {
    const { tensors } = readSafetensors(modelPath());
    const forward = JSON.parse(readFileSync(fixture('hf-tiny-bert', 'references', 'forward.json'), 'utf8'));
    const batch = forward.batches.a_single_nopad;
    const emb0 = batch.base_model.hidden_states[0]; // [B, T, 32]: LayerNorm(word + position + token type), LN = 1/0
    const [, T, H] = emb0.shape as number[];
    const word = f32(tensors.get('bert.embeddings.word_embeddings.weight')!);
    const pos = f32(tensors.get('bert.embeddings.position_embeddings.weight')!);
    const type = f32(tensors.get('bert.embeddings.token_type_embeddings.weight')!);
    let maxDiff = 0;
    for (let b = 0; b < 2; b++) {
      for (let t = 0; t < T!; t++) {
        const id = batch.input_ids[b][t];
        const tt = batch.token_type_ids[b][t];
        const x = Array.from({ length: H! }, (_, h) => word[id * H! + h]! + pos[t * H! + h]! + type[tt * H! + h]!);
        const mean = x.reduce((a, c) => a + c, 0) / H!;
        const variance = x.reduce((a, c) => a + (c - mean) ** 2, 0) / H!;
        for (let h = 0; h < H!; h++) {
          const expected = emb0.data[(b * T! + t) * H! + h];
          maxDiff = Math.max(maxDiff, Math.abs((x[h]! - mean) / Math.sqrt(variance + 1e-12) - expected));
        }
      }
    }
    expect(maxDiff).toBeLessThan(1e-5);
  });

  it('the legacy gamma/beta fixture holds the same bytes under the renamed keys', () => {
    const model = readSafetensors(modelPath()).tensors;
    const legacy = readSafetensors(fixture('hf-tiny-bert', 'model-legacy-gamma-beta', 'model.safetensors')).tensors;
    expect(legacy.size).toBe(model.size);
    const renamed = [...legacy.keys()].filter((k) => /\.(gamma|beta)$/.test(k));
    expect(renamed).toHaveLength(10);
    for (const [k, t] of legacy) {
      const modelKey = k.replace(/\.gamma$/, '.weight').replace(/\.beta$/, '.bias');
      expect(Buffer.from(t.data).equals(Buffer.from(model.get(modelKey)!.data))).toBe(true);
    }
  });

  it('reads tiny-random-bert-cased (41 tensors, 971,013 parameters) and honours onlyNames', () => {
    const path = fixture('tiny-random-bert-cased', 'model.safetensors');
    const { tensors } = readSafetensors(path);
    expect(tensors.size).toBe(41);
    const params = [...tensors.values()].reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
    expect(params).toBe(971_013);
    expect(tensors.get('bert.embeddings.word_embeddings.weight')!.shape).toEqual([28996, 32]);

    const some = readSafetensors(path, { onlyNames: ['classifier.bias', 'bert.pooler.dense.weight'] });
    expect([...some.tensors.keys()]).toEqual(['classifier.bias', 'bert.pooler.dense.weight']);
    expect(Buffer.from(some.tensors.get('bert.pooler.dense.weight')!.data).equals(Buffer.from(tensors.get('bert.pooler.dense.weight')!.data))).toBe(true);
    expect(() => readSafetensors(path, { onlyNames: ['nope'] })).toThrow(`tensor "nope" not found in safetensors file ${path}`);
  });

  it('readSafetensorsHeader gives names, dtypes, shapes and offsets without the data', () => {
    const { tensors, metadata } = readSafetensorsHeader(modelPath());
    expect(metadata).toEqual({ format: 'pt' });
    expect(tensors.get('classifier.bias')).toEqual({ dtype: 'F32', shape: [5], dataOffsets: expect.any(Array) });
    const [b, e] = tensors.get('classifier.bias')!.dataOffsets;
    expect(e - b).toBe(20);
  });
});

describe('writeSafetensors', () => {
  const tensors = (): Map<string, RawTensor> =>
    new Map<string, RawTensor>([
      ['z.small', { dtype: 'U8', shape: [3], data: new Uint8Array([1, 2, 3]) }],
      ['b.float', { dtype: 'F32', shape: [2, 2], data: f32bytes([0.5, -1, 2, 3.25]) }],
      ['a.float', { dtype: 'F32', shape: [1], data: f32bytes([7]) }],
      ['ids', { dtype: 'I64', shape: [2], data: new Uint8Array(new BigInt64Array([5n, -1n]).buffer) }],
      ['half', { dtype: 'F16', shape: [1], data: new Uint8Array([0x00, 0x3c]) }],
      ['mask', { dtype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) }],
      ['scalar', { dtype: 'F64', shape: [], data: new Uint8Array(new Float64Array([Math.PI]).buffer) }],
      ['empty', { dtype: 'I32', shape: [0, 4], data: new Uint8Array(0) }],
      ['7', { dtype: 'BF16', shape: [1], data: new Uint8Array([0x80, 0x3f]) }],
    ]);

  it('matches the Rust crate byte for byte on its own test vector', () => {
    // safetensors/src/tensor.rs `test_serialization`: {"attn.0": F32 [1,2,3] = 0..5}, no metadata.
    const out = serializeSafetensors({ 'attn.0': { dtype: 'F32', shape: [1, 2, 3], data: f32bytes([0, 1, 2, 3, 4, 5]) } }, null);
    expect([...out]).toEqual([
      64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100, 116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44,
      34, 115, 104, 97, 112, 101, 34, 58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115, 101, 116, 115, 34,
      58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
    ]);
    // test_empty with metadata {"framework": "pt"}
    expect([...serializeSafetensors({}, { framework: 'pt' })]).toEqual([
      40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95, 95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119,
      111, 114, 107, 34, 58, 34, 112, 116, 34, 125, 125, 32, 32, 32, 32, 32,
    ]);
  });

  it('round-trips bit-identically; header padded to 8 bytes; sorted by dtype (desc) then name', () => {
    const path = join(dir, 'roundtrip.safetensors');
    writeSafetensors(path, tensors(), { format: 'pt', note: 'é "quoted"' });
    const bytes = readFileSync(path);
    const { n, json, text } = rawHeader(bytes);
    expect(n % 8).toBe(0);
    expect(text).toMatch(/^\{"__metadata__":\{"format":"pt","note":"é \\"quoted\\""\},"ids":/);
    expect(text.trimEnd().length).toBeGreaterThan(n - 8);
    expect(/ *$/.exec(text)![0].length).toBe(n - Buffer.byteLength(text.trimEnd()));
    // Order in the header and in the data: I64, F64, F32 (a, b), BF16, F16, I32, U8, BOOL.
    const order = [...text.matchAll(/"([^"]+)":\{"(?:dtype|format)"/g)].map((m) => m[1]);
    expect(order).toEqual(['__metadata__', 'ids', 'scalar', 'a.float', 'b.float', 'empty', '7', 'half', 'z.small', 'mask']);
    const offsets = order.slice(1).map((k) => json[k!].data_offsets);
    expect(offsets).toEqual([[0, 16], [16, 24], [24, 28], [28, 44], [44, 44], [44, 46], [46, 48], [48, 51], [51, 53]]);
    expect(bytes.byteLength).toBe(8 + n + 53);

    const back = readSafetensors(path);
    expect(back.metadata).toEqual({ format: 'pt', note: 'é "quoted"' });
    for (const [name, t] of tensors()) {
      const r = back.tensors.get(name)!;
      expect(r.dtype).toBe(t.dtype);
      expect(r.shape).toEqual(t.shape);
      expect(Buffer.from(r.data).equals(Buffer.from(t.data))).toBe(true);
    }
    // Writing what was read gives the same file again.
    const again = join(dir, 'again.safetensors');
    writeSafetensors(again, back.tensors, back.metadata);
    expect(readFileSync(again).equals(bytes)).toBe(true);
  });

  it('rewrites the hf-tiny-bert checkpoint with the same tensors (the data is byte-identical)', () => {
    const src = readSafetensors(fixture('hf-tiny-bert', 'model', 'model.safetensors'));
    const path = join(dir, 'tiny.safetensors');
    writeSafetensors(path, src.tensors);
    const back = parseSafetensors(readFileSync(path), path);
    expect([...back.tensors.keys()].sort()).toEqual([...src.tensors.keys()].sort());
    for (const [k, t] of src.tensors) expect(Buffer.from(back.tensors.get(k)!.data).equals(Buffer.from(t.data))).toBe(true);
  });

  it('writes atomically: no temporary file is left, and a failed write keeps the old file', () => {
    const path = join(dir, 'atomic.safetensors');
    writeSafetensors(path, { x: { dtype: 'U8', shape: [1], data: new Uint8Array([9]) } });
    const before = readFileSync(path);
    expect(() => writeSafetensors(path, { x: { dtype: 'F32', shape: [2], data: new Uint8Array(4) } })).toThrow(
      'tensor "x": data has 4 bytes but dtype F32 with shape [2] needs 8',
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('rejects invalid input', () => {
    const p = join(dir, 'bad.safetensors');
    expect(() => writeSafetensors(p, { x: { dtype: 'F31' as 'F32', shape: [1], data: new Uint8Array(4) } })).toThrow('dtype "F31" is not one of');
    expect(() => writeSafetensors(p, { x: { dtype: 'U8', shape: [-1], data: new Uint8Array(0) } })).toThrow('shape must be a list of non-negative integers');
    expect(() => writeSafetensors(p, { __metadata__: { dtype: 'U8', shape: [0], data: new Uint8Array(0) } })).toThrow('cannot be named "__metadata__"');
    expect(() => writeSafetensors(p, {}, { n: 1 as unknown as string })).toThrow('safetensors metadata["n"] must be a string');
  });
});

describe('readSafetensorsIndex', () => {
  it('loads every shard named by model.safetensors.index.json', () => {
    const shardDir = mkdtempSync(join(dir, 'sharded-'));
    writeSafetensors(join(shardDir, 'model-00001-of-00002.safetensors'), { a: { dtype: 'U8', shape: [2], data: new Uint8Array([1, 2]) } });
    writeSafetensors(join(shardDir, 'model-00002-of-00002.safetensors'), {
      b: { dtype: 'I32', shape: [1], data: new Uint8Array([3, 0, 0, 0]) },
      c: { dtype: 'U8', shape: [0], data: new Uint8Array(0) },
    });
    const index = { metadata: { total_size: 6 }, weight_map: { a: 'model-00001-of-00002.safetensors', b: 'model-00002-of-00002.safetensors', c: 'model-00002-of-00002.safetensors' } };
    writeFileSync(join(shardDir, 'model.safetensors.index.json'), JSON.stringify(index));
    const r = readSafetensorsIndex(shardDir);
    expect([...r.tensors.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect([...r.tensors.get('b')!.data]).toEqual([3, 0, 0, 0]);
    expect(r.indexMetadata).toEqual({ total_size: 6 });
    expect(r.metadata).toEqual({ format: 'pt' });
    expect(r.shards).toHaveLength(2);

    writeFileSync(join(shardDir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { a: 'model-00002-of-00002.safetensors' } }));
    expect(() => readSafetensorsIndex(shardDir)).toThrow('maps "a" to');
    writeFileSync(join(shardDir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { a: '../outside.safetensors' } }));
    expect(() => readSafetensorsIndex(shardDir)).toThrow('is outside the checkpoint folder');
    writeFileSync(join(shardDir, 'model.safetensors.index.json'), JSON.stringify({ weights: {} }));
    expect(() => readSafetensorsIndex(shardDir)).toThrow('"weight_map" must be an object');
    expect(() => readSafetensorsIndex(join(dir, 'nowhere'))).toThrow('safetensors index not found');
  });
});

describe('corrupt safetensors files', () => {
  /** A file from a header (object or raw text) and data bytes; `n` overrides the length prefix. */
  function file(header: unknown, data: Uint8Array = new Uint8Array(0), n?: bigint): Uint8Array {
    const text = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
    const out = new Uint8Array(8 + text.byteLength + data.byteLength);
    new DataView(out.buffer).setBigUint64(0, n ?? BigInt(text.byteLength), true);
    out.set(text, 8);
    out.set(data, 8 + text.byteLength);
    return out;
  }
  const t = (dtype: string, shape: unknown, offsets: unknown) => ({ dtype, shape, data_offsets: offsets });
  const valid = file({ a: t('F32', [2], [0, 8]), b: t('U8', [2], [8, 10]) }, new Uint8Array(10));

  const cases: Array<[string, Uint8Array, string]> = [
    ['an empty file', new Uint8Array(0), 'the file has 0 bytes, fewer than the 8-byte header length'],
    ['a 5-byte file', new Uint8Array(5), 'the file has 5 bytes, fewer than the 8-byte header length'],
    ['a header length past the end', file({}, new Uint8Array(0), 1000n), 'header length 1000 runs past the end of the file (10 bytes)'],
    ['a huge header length', file({}, new Uint8Array(0), 1n << 40n), 'header length 1099511627776 is over the 100000000-byte limit'],
    ['a header that is not UTF-8', file('{"\xff"}').map((b, i) => (i === 10 ? 0xff : b)), 'the header is not valid UTF-8'],
    ['invalid JSON', file('{"a": '), 'the header is not valid JSON'],
    ['a JSON array', file('[1, 2]'), 'the header is not a JSON object'],
    ['an unknown dtype', file({ a: t('F31', [1], [0, 4]) }, new Uint8Array(4)), 'tensor "a" has unknown dtype "F31"'],
    ['an unsupported dtype', file({ a: t('U16', [1], [0, 2]) }, new Uint8Array(2)), 'tensor "a" has dtype U16, which tstorch does not support'],
    ['a negative dimension', file({ a: t('U8', [-1], [0, 0]) }), 'tensor "a" has shape [-1], expected a list of non-negative integers'],
    ['a fractional dimension', file({ a: t('U8', [1.5], [0, 0]) }), 'tensor "a" has shape [1.5]'],
    ['a shape that is not a list', file({ a: t('U8', 3, [0, 3]) }, new Uint8Array(3)), 'tensor "a" has shape 3'],
    ['offsets that are not a pair', file({ a: t('U8', [1], [0]) }, new Uint8Array(1)), 'tensor "a" has data_offsets [0], expected [begin, end]'],
    ['offsets that are not integers', file({ a: t('U8', [1], ['0', 1]) }, new Uint8Array(1)), 'tensor "a" has data_offsets ["0",1]'],
    ['end before begin', file({ a: t('U8', [0], [4, 0]) }, new Uint8Array(4)), 'tensor "a" has data_offsets [4, 0] with end before begin'],
    ['a byte count that does not match the shape', file({ a: t('F32', [2], [0, 4]) }, new Uint8Array(4)), 'tensor "a" (F32, shape [2]) needs 8 bytes but data_offsets [0, 4] span 4'],
    ['offsets past the data', file({ a: t('U8', [4], [0, 4]) }, new Uint8Array(2)), 'tensor offsets reach byte 4 but the data section has only 2 bytes'],
    ['overlapping tensors', file({ a: t('U8', [4], [0, 4]), b: t('U8', [4], [2, 6]) }, new Uint8Array(6)), 'tensor "b" has data_offsets [2, 6], which overlaps the previous tensor'],
    ['a hole between tensors', file({ a: t('U8', [2], [0, 2]), b: t('U8', [2], [4, 6]) }, new Uint8Array(6)), 'tensor "b" has data_offsets [4, 6], which leaves a hole of 2 bytes before it'],
    ['trailing bytes', file({ a: t('U8', [2], [0, 2]) }, new Uint8Array(5)), 'the tensors cover 2 bytes but the data section has 5 (3 trailing bytes)'],
    ['a truncated data section', valid.subarray(0, valid.byteLength - 3), 'tensor offsets reach byte 10 but the data section has only 7 bytes (truncated file?)'],
    ['non-string metadata', file({ __metadata__: { format: 'pt', n: 1 } }), '__metadata__["n"] must be a string, got 1'],
    ['metadata that is not an object', file({ __metadata__: 'pt' }), '__metadata__ must be an object of strings'],
    ['a tensor entry that is not an object', file({ a: [1] }), 'tensor "a" must be an object {dtype, shape, data_offsets}'],
  ];

  it.each(cases)('rejects %s', (_what, bytes, message) => {
    const path = join(dir, 'corrupt.safetensors');
    writeFileSync(path, bytes);
    expect(() => readSafetensors(path)).toThrow(`invalid safetensors file ${path}: ${message}`);
    expect(() => parseSafetensors(bytes, 'mem')).toThrow(`invalid safetensors file mem: ${message}`);
  });

  it('accepts the valid file the corrupt ones are made from', () => {
    expect([...parseSafetensors(valid).tensors.keys()]).toEqual(['a', 'b']);
  });
});
