import { describe, expect, it } from 'vitest';
import { DataLoader } from 'tstorch/utils/data';
import { AutoTokenizer, DataCollatorWithPadding } from 'tstorch/transformers';
import { fixture } from './helpers/fixtures.js';

describe('DataCollatorWithPadding', () => {
  it('pads each batch to its own longest row and renames label to labels', async () => {
    const tokenizer = await AutoTokenizer.fromPretrained(fixture('bert-base-cased'));
    const texts = ['Hello world', 'A much longer sentence than the first one', 'Short'];
    const rows = texts.map((text, i) => ({ ...tokenizer(text), label: i }));
    const loader = new DataLoader({ length: rows.length, at: (i) => rows[i]! }, { batchSize: 2, collateFn: new DataCollatorWithPadding(tokenizer) });
    const [first, second] = [...loader];
    const longest = Math.max(rows[0]!.input_ids.length, rows[1]!.input_ids.length);
    expect(first!.input_ids!.shape).toEqual([2, longest]);
    expect(first!.attention_mask!.sum(1).toArray()).toEqual([rows[0]!.input_ids.length, rows[1]!.input_ids.length]);
    expect(first!.labels!.toArray()).toEqual([0, 1]);
    expect(second!.input_ids!.shape).toEqual([1, rows[2]!.input_ids.length]);
    const multiple = new DataCollatorWithPadding(tokenizer, { padToMultipleOf: 8 });
    expect(multiple(rows.slice(0, 1)).input_ids!.shape[1]! % 8).toBe(0);
    expect(() => new DataCollatorWithPadding(tokenizer, { pad: 8 } as never)).toThrow(/unknown option 'pad'/);
  });
});
