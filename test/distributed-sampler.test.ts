// DistributedSampler against torch.utils.data.DistributedSampler's indices (test/ddp/reference.json, made by
// test/ddp/make_reference.py): sizes 0..101, 1 to 4 replicas, every rank, shuffle on/off, seeds, dropLast, epochs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DistributedSampler } from 'tstorch/utils/data';

interface Case {
  n: number;
  numReplicas: number;
  dropLast: boolean;
  shuffle: boolean;
  seed: number;
  epoch: number;
  indices: number[][];
}
const cases = (JSON.parse(readFileSync(new URL('./ddp/reference.json', import.meta.url), 'utf8')) as { sampler: Case[] }).sampler;

describe('DistributedSampler', () => {
  it(`gives torch's indices on every rank (${cases.length} cases)`, () => {
    for (const c of cases) {
      c.indices.forEach((expected, rank) => {
        const sampler = new DistributedSampler(c.n, { numReplicas: c.numReplicas, rank, shuffle: c.shuffle, seed: c.seed, dropLast: c.dropLast });
        sampler.setEpoch(c.epoch);
        expect([...sampler], JSON.stringify({ ...c, indices: undefined, rank })).toEqual(expected);
        expect(sampler.length).toBe(expected.length);
      });
    }
  });

  it('takes a data set with a length, and rejects bad options clearly', () => {
    expect(new DistributedSampler({ length: 10 }, { numReplicas: 3, rank: 2, shuffle: false }).length).toBe(4);
    expect(() => new DistributedSampler(10, { numReplicas: 2, rank: 2 })).toThrow(/invalid rank 2, rank should be in the interval \[0, 1\]/);
    expect(() => new DistributedSampler(10, { numReplicas: 2, rank: 0, drop_last: true } as never)).toThrow(/unknown option 'drop_last'/);
    expect(() => new DistributedSampler(10)).toThrow(/DistributedSampler \(numReplicas not given\): the default process group is not initialized; call initProcessGroup\(\) first/);
    expect(() => new DistributedSampler({} as never, { numReplicas: 1, rank: 0 })).toThrow(/must have a length/);
  });
});
