// No bad input passes silently (issue 16), by class: each table below covers one class of input, and every entry
// must be a clear error naming the function, the argument and what was expected (or PyTorch's behaviour).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { loadDataset, Dataset } from 'tstorch/datasets';
import {
  AutoModelForSequenceClassification,
  AutoTokenizer,
  DataCollatorWithPadding,
  getScheduler,
  Trainer,
  TrainingArguments,
  type PreTrainedTokenizerFast,
} from 'tstorch/transformers';
import { BatchSampler, DataLoader, RandomSampler, SequentialSampler } from 'tstorch/utils/data';
import { readWeightsSafetensors, writeSafetensors } from '../lib/serialization/safetensors.js';
import { fixture } from './helpers/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'tstorch-bad-input-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tensor data that is not numeric', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a string', 'abc', /tensor\(\): data is a string \("abc"\); expected a number, boolean or bigint/],
    ['an object', { a: 1 }, /tensor\(\): data is an object \(Object\); expected a number/],
    ['undefined', undefined, /tensor\(\): data is undefined; expected a number/],
    ['null', null, /tensor\(\): data is null; expected a number/],
    ['a string inside', [[1, 2], ['x', 3]], /tensor\(\): data\[1\]\[0\] is a string \("x"\)/],
    ['undefined inside', [1, undefined], /tensor\(\): data\[1\] is undefined/],
    ['an object inside', [[{}]], /tensor\(\): data\[0\]\[0\] is an object/],
    ['a function', () => 1, /tensor\(\): data is function/],
    ['a Symbol', Symbol('s'), /tensor\(\): data is symbol/],
  ];
  it.each(cases)('%s is a TypeError naming the position', (_name, data, message) => {
    expect(() => torch.tensor(data as never)).toThrow(TypeError);
    expect(() => torch.tensor(data as never)).toThrow(message);
  });
});

describe('tensor data out of range for its dtype', () => {
  // PyTorch raises for all of these ("value cannot be converted to type uint8 without overflow", "Overflow when
  // unpacking long"); it wraps negatives into uint8, which tstorch refuses too.
  const cases: [string, () => unknown, RegExp][] = [
    ['a bigint beyond int64', () => torch.tensor([1n, 2n ** 70n]), /data\[1\] = 1180591620717411303424n does not fit int64/],
    ['a negative bigint beyond int64', () => torch.tensor([-(2n ** 63n) - 1n]), /data\[0\] = -9223372036854775809n does not fit int64/],
    ['2**63 into int64', () => torch.tensor([2 ** 63], { dtype: 'int64' }), /data\[0\] = 9223372036854776000 does not fit int64/],
    ['300 into uint8', () => torch.tensor([300], { dtype: 'uint8' }), /data\[0\] = 300 does not fit uint8 \(0 to 255\)/],
    ['-1 into uint8', () => torch.tensor([[0, -1]], { dtype: 'uint8' }), /data\[0\]\[1\] = -1 does not fit uint8/],
    ['Infinity into int32', () => torch.tensor([Infinity], { dtype: 'int32' }), /data\[0\] = Infinity does not fit int32/],
    ['NaN into int64', () => torch.tensor([NaN], { dtype: 'int64' }), /data\[0\] = NaN does not fit int64/],
    ['NaN as a scalar into int16', () => torch.tensor(NaN, { dtype: 'int16' }), /tensor\(\): data = NaN does not fit int16/],
    ['40000 into int16', () => torch.tensor([40000], { dtype: 'int16' }), /does not fit int16 \(-32768 to 32767\)/],
    ['a bigint into int8', () => torch.tensor([200n], { dtype: 'int8' }), /data\[0\] = 200n does not fit int8/],
    ['a Float64Array into uint8', () => torch.tensor(new Float64Array([1, 300]), { dtype: 'uint8' }), /data\[1\] = 300 does not fit uint8/],
    ['an Int32Array into int8', () => torch.tensor(new Int32Array([1000]), { dtype: 'int8' }), /data\[0\] = 1000 does not fit int8/],
    ['a BigInt64Array into int32', () => torch.tensor(new BigInt64Array([2n ** 40n]), { dtype: 'int32' }), /does not fit int32/],
  ];
  it.each(cases)('%s is a RangeError', (_name, fn, message) => {
    expect(fn).toThrow(RangeError);
    expect(fn).toThrow(message);
  });
  it('values that fit still convert as in PyTorch (fractions truncate, extremes kept)', () => {
    expect(torch.tensor([255, 0], { dtype: 'uint8' }).toArray()).toEqual([255, 0]);
    expect(torch.tensor([2.7, -2.7], { dtype: 'int64' }).toArray()).toEqual([2, -2]);
    expect([...torch.tensor([-(2n ** 63n), 2n ** 63n - 1n]).data()]).toEqual([-(2n ** 63n), 2n ** 63n - 1n]);
    expect(torch.tensor([1e40], { dtype: 'float32' }).item()).toBe(Infinity);
    expect(torch.tensor(new Int8Array([-5]), { dtype: 'int64' }).toArray()).toEqual([-5]);
    expect(torch.tensor([1n, 0.5]).dtype).toBe('float32');
  });
});

describe('sizes given as bigints (as PyTorch takes Python ints)', () => {
  it.each([
    ['zeros([2n, 3])', () => torch.zeros([2n, 3]).shape],
    ['ones(2n, 3n)', () => torch.ones(2n, 3n).shape],
    ['view([2n, 3n])', () => torch.ones(6).view([2n, 3n] as never).shape],
    ['reshape(2n, -1)', () => torch.ones(6).reshape(2n as never, -1).shape],
  ])('%s', (_name, fn) => expect(fn()).toEqual([2, 3]));
  it('a size that is not an integer names the element', () => {
    expect(() => torch.zeros([2, 1.5])).toThrow(/tstorch\.zeros: argument 1 must be an array of integers \(numbers or bigints\), but element 1 is not an integer/);
    expect(() => torch.zeros([2 ** 64])).toThrow(/element 0 is not an integer within int64 range/);
    expect(() => torch.zeros([2n ** 64n] as never)).toThrow(/element 0 is bigint/);
    expect(() => torch.zeros(['2'] as never)).toThrow(/element 0 is string/);
  });
});

describe('disposed handles reaching a native function', () => {
  const disposed = (): torch.Tensor => {
    const t = torch.ones(2, 2);
    t.dispose();
    return t;
  };
  const live = torch.ones(2, 2);
  // [native function name, call with a disposed tensor]
  const calls: [string, (d: torch.Tensor) => unknown][] = [
    ['add', (d) => d.add(1)],
    ['add', (d) => live.add(d)],
    ['mul', (d) => live.mul(d)],
    ['matmul', (d) => d.matmul(live)],
    ['matmul', (d) => live.matmul(d)],
    ['sum', (d) => d.sum()],
    ['mean', (d) => d.mean()],
    ['softmax', (d) => d.softmax(-1)],
    ['reshape', (d) => d.reshape([4])],
    ['view', (d) => d.view(4)],
    ['transpose', (d) => d.transpose(0, 1)],
    ['clone', (d) => d.clone()],
    ['to', (d) => d.to('float64')],
    ['item', (d) => d.sum().item()],
    ['maskedFill', (d) => live.maskedFill(d.bool(), 0)],
    ['where', (d) => live.where(d.bool(), 0)],
    ['index', (d) => live.index([d.long()])],
    ['cat', (d) => torch.cat([live, d])],
    ['stack', (d) => torch.stack([d, live])],
    ['gather', (d) => live.gather(0, d.long())],
    ['crossEntropy', (d) => torch.nn.functional.crossEntropy(d, torch.tensor([0, 1]))],
    ['crossEntropy', (d) => torch.nn.functional.crossEntropy(live, d)],
    ['backward', (d) => d.backward()],
    ['copy_', (d) => live.clone().copy_(d)],
    ['eq', (d) => d.eq(live)],
    ['argmax', (d) => d.argmax(-1)],
  ];
  it.each(calls)('%s', (name, call) => {
    const d = disposed();
    expect(() => call(d)).toThrow(new RegExp(`tstorch\\.\\w+: argument [\\d\\[\\]]+ is a Tensor that was disposed`));
    try {
      call(d);
    } catch (err) {
      // the error names the native function that got the disposed tensor
      expect((err as Error).message.startsWith(`tstorch.`)).toBe(true);
      void name;
    }
  });
  it('data(), toArray() and String() of a disposed tensor are clear too', () => {
    expect(() => disposed().toArray()).toThrow(/was disposed/);
    expect(() => disposed().data()).toThrow(/was disposed/);
    expect(() => String(disposed())).toThrow(/was disposed/);
  });

  let model: Awaited<ReturnType<typeof AutoModelForSequenceClassification.fromPretrained>>;
  beforeAll(async () => {
    model = await AutoModelForSequenceClassification.fromPretrained(fixture('hf-tiny-bert', 'model'));
  });
  it('optimizer.step() after model.dispose() is an error, not an update of freed parameters', async () => {
    const m = await AutoModelForSequenceClassification.fromPretrained(fixture('hf-tiny-bert', 'model'));
    const opt = new torch.optim.AdamW(m.parameters());
    m.dispose();
    expect(() => opt.step()).toThrow(/AdamW\.step: tensor was disposed: parameter 0 of param group 0/);
    expect(() => opt.zeroGrad()).toThrow(/AdamW\.zeroGrad: tensor was disposed/);
    expect(() => m.forward({ inputIds: torch.tensor([[1, 2]]) })).toThrow(/was disposed/);
  });
  it('optimizer.step() after x.dispose() of one parameter is an error', () => {
    const w = torch.ones(2, { requiresGrad: true });
    const b = torch.ones(2, { requiresGrad: true });
    const opt = new torch.optim.SGD([w, b], { lr: 0.1 });
    b.dispose();
    expect(() => opt.step()).toThrow(/SGD\.step: tensor was disposed: parameter 1 of param group 0/);
  });
  it('forward() with a disposed input names the input', () => {
    const ids = torch.tensor([[1, 2]]);
    ids.dispose();
    expect(() => model.forward({ inputIds: ids })).toThrow(/disposed/);
  });
});

describe('masks and boolean indexing', () => {
  const x = torch.tensor([1, 2, 3]);
  it('maskedFill with a non-bool mask is an error, as in PyTorch 2', () => {
    expect(() => x.maskedFill(torch.tensor([1, 0, 1]), 0)).toThrow(/tstorch\.maskedFill: the mask must be a bool tensor, got int64/);
    expect(() => x.clone().maskedFill_(torch.tensor([0.5, 0, 1]), 0)).toThrow(/tstorch\.maskedFill_: the mask must be a bool tensor, got float32/);
    expect(x.maskedFill(torch.tensor([true, false, true]), 0).toArray()).toEqual([0, 2, 0]);
  });
  it('index() takes one tensor, as x[mask] and x[idx] in PyTorch', () => {
    expect(x.index(torch.tensor([true, false, true])).toArray()).toEqual([1, 3]);
    expect(x.index(torch.tensor([2, 0])).toArray()).toEqual([3, 1]);
    expect(x.index([torch.tensor([true, false, true])]).toArray()).toEqual([1, 3]);
  });
  it('index() with something else says what it expects', () => {
    expect(() => x.index(5 as never)).toThrow(/index: indices must be a Tensor or an array of Tensors \(null for a full slice\), got number/);
    expect(() => x.index([[0]] as never)).toThrow(/index: indices\[0\] must be a Tensor or null, got object/);
  });
});

describe('samplers and the DataLoader take PyTorch-style arguments', () => {
  const rows = Array.from({ length: 5 }, (_, i) => ({ x: i }));
  const data = { length: rows.length, at: (i: number) => rows[i]! };
  const order = (loader: DataLoader) => [...loader].map((b) => (b.x as torch.Tensor).toArray());

  it('new SequentialSampler(dataset) and DataLoader({ sampler }) give every row', () => {
    expect([...new SequentialSampler(data)]).toEqual([0, 1, 2, 3, 4]);
    expect(order(new DataLoader(data, { sampler: new SequentialSampler(data), batchSize: 2 }))).toEqual([[0, 1], [2, 3], [4]]);
  });
  it("new RandomSampler(dataset, { replacement, numSamples, generator }) draws PyTorch's indices", () => {
    // torch.utils.data.RandomSampler(range(5), replacement=True, num_samples=40, generator=torch.Generator().manual_seed(3))
    expect([...new RandomSampler(data, { replacement: true, numSamples: 40, generator: new torch.Generator(3) })]).toEqual([
      1, 3, 2, 2, 0, 0, 0, 0, 1, 4, 4, 1, 0, 4, 1, 4, 0, 4, 0, 4, 1, 4, 1, 1, 2, 3, 2, 4, 4, 0, 0, 1, 4, 3, 4, 2, 3, 0, 2, 1,
    ]);
    // RandomSampler(range(5), num_samples=7, generator=torch.Generator().manual_seed(3))
    expect([...new RandomSampler(data, { numSamples: 7, generator: new torch.Generator(3) })]).toEqual([1, 0, 3, 4, 2, 0, 1]);
    expect(new RandomSampler(data, { numSamples: 7 }).length).toBe(7);
  });
  it('BatchSampler(sampler, batchSize, dropLast) and DataLoader({ batchSampler })', () => {
    const batches = new BatchSampler(new SequentialSampler(data), 2, true);
    expect([...batches]).toEqual([[0, 1], [2, 3]]);
    expect(batches.length).toBe(2);
    const loader = new DataLoader(data, { batchSampler: batches });
    expect(loader.length).toBe(2);
    expect(order(loader)).toEqual([[0, 1], [2, 3]]);
  });
  const errors: [string, () => unknown, RegExp][] = [
    ['batchSize as a string', () => new DataLoader(data, { batchSize: '2' as never }), /DataLoader: batchSize must be a positive integer \(a number\), got the string '2'/],
    ['batchSize 0', () => new DataLoader(data, { batchSize: 0 }), /DataLoader: batchSize must be a positive integer/],
    ['shuffle as a string', () => new DataLoader(data, { shuffle: 'yes' as never }), /DataLoader: shuffle must be a boolean, got yes/],
    ['a sampler that is not iterable', () => new DataLoader(data, { sampler: 3 as never }), /DataLoader: sampler must be a Sampler \(e\.g\. new SequentialSampler\(dataset\)\)/],
    ['batchSampler with batchSize', () => new DataLoader(data, { batchSampler: [[0]], batchSize: 2 }), /DataLoader: batchSampler excludes batchSize/],
    ['an out-of-range sampler index', () => [...new DataLoader(data, { sampler: [0, 7] })], /DataLoader: the sampler yielded index 7, but the data set has 5 rows \(expected integers 0 to 4\)/],
    ['a negative sampler index', () => [...new DataLoader(data, { sampler: [-1] })], /the sampler yielded index -1/],
    ['a fractional sampler index', () => [...new DataLoader(data, { sampler: [0.5] })], /the sampler yielded index 0.5/],
    ['SequentialSampler of nothing', () => new SequentialSampler(undefined as never), /SequentialSampler: dataSource must be a data set with a length/],
    ['RandomSampler of an object without length', () => new RandomSampler({} as never), /RandomSampler: dataSource must be a data set with a length \(or a non-negative integer count\), got Object without a numeric length/],
    ['RandomSampler of an empty data set', () => new RandomSampler([]), /RandomSampler: the data source is empty/],
    ['RandomSampler numSamples 0', () => new RandomSampler(data, { numSamples: 0 }), /RandomSampler: numSamples must be a positive integer/],
    ['RandomSampler replacement as a number', () => new RandomSampler(data, { replacement: 1 as never }), /RandomSampler: replacement must be a boolean/],
    ['RandomSampler generator as a seed', () => new RandomSampler(data, { generator: 42 as never }), /RandomSampler: generator must be a torch\.Generator/],
    ['BatchSampler batchSize as a string', () => new BatchSampler([0, 1], '2' as never, false), /BatchSampler: batchSize must be a positive integer/],
    ['BatchSampler dropLast missing', () => new BatchSampler([0, 1], 2, undefined as never), /BatchSampler: dropLast must be a boolean/],
    ['BatchSampler of a number', () => new BatchSampler(5 as never, 2, false), /BatchSampler: sampler must be an iterable of indices/],
  ];
  it.each(errors)('%s', (_name, fn, message) => expect(fn).toThrow(message));
});

describe('unknown option keys on every options object of the public API', () => {
  let tokenizer: PreTrainedTokenizerFast;
  let trainer: Trainer;
  let model: Awaited<ReturnType<typeof AutoModelForSequenceClassification.fromPretrained>>;
  beforeAll(async () => {
    tokenizer = await AutoTokenizer.fromPretrained(fixture('hf-tiny-bert', 'model'));
    model = await AutoModelForSequenceClassification.fromPretrained(fixture('hf-tiny-bert', 'model'));
    const args = new TrainingArguments({ outputDir: join(root, 'trainer'), reportTo: 'none', disableTqdm: true, saveStrategy: 'no' });
    trainer = new Trainer({ model, args, trainDataset: Dataset.fromDict({ input_ids: [[1, 2]], label: [0] }) });
  });
  const w = () => torch.ones(1, { requiresGrad: true });
  const sync: [string, () => unknown, string, string | null][] = [
    ['tensor', () => torch.tensor([1], { dtpye: 'int32' } as never), 'dtpye', 'dtype'],
    ['zeros', () => torch.zeros([1], { requiresgrad: true } as never), 'requiresgrad', 'requiresGrad'],
    ['randn', () => torch.randn(2, { devcie: 'cpu' } as never), 'devcie', 'device'],
    ['full', () => torch.full([1], 0, { dtype: 'float32', shape: [1] } as never), 'shape', null],
    ['arange', () => torch.arange(3, { dtyp: 'int64' } as never), 'dtyp', 'dtype'],
    ['DataLoader', () => new DataLoader({ length: 1, at: () => ({}) }, { batch_size: 2 } as never), 'batch_size', 'batchSize'],
    ['DataLoader shufle', () => new DataLoader({ length: 1, at: () => ({}) }, { shufle: true } as never), 'shufle', 'shuffle'],
    ['RandomSampler', () => new RandomSampler(3, { num_samples: 2 } as never), 'num_samples', 'numSamples'],
    ['AdamW', () => new torch.optim.AdamW([w()], { weight_decay: 0.1 } as never), 'weight_decay', 'weightDecay'],
    ['AdamW param group', () => new torch.optim.AdamW([{ params: [w()], lrr: 1 } as never]), 'lrr', 'lr'],
    ['SGD', () => new torch.optim.SGD([w()], { lr: 0.1, momentun: 0.9 } as never), 'momentun', 'momentum'],
    ['zeroGrad', () => new torch.optim.SGD([w()], { lr: 0.1 }).zeroGrad({ setToNon: true } as never), 'setToNon', 'setToNone'],
    ['getScheduler', () => getScheduler('linear', { optimizer: new torch.optim.SGD([w()], { lr: 0.1 }), numWarmupSteps: 0, numTrainingStep: 3 } as never), 'numTrainingStep', 'numTrainingSteps'],
    ['TrainingArguments', () => new TrainingArguments({ outputDir: 'o', learningrate: 1 } as never), 'learningrate', 'learningRate'],
    ['TrainingArguments renamed', () => new TrainingArguments({ outputDir: 'o', evaluationStrategy: 'epoch' } as never), 'evaluationStrategy', 'evalStrategy'],
    ['Trainer', () => new Trainer({ model, trainDataSet: [] } as never), 'trainDataSet', 'trainDataset'],
    ['tokenizer call', () => tokenizer('hi', { paddding: 'max_length' } as never), 'paddding', 'padding'],
    ['tokenizer call snake_case', () => tokenizer('hi', { max_length: 8 } as never), 'max_length', 'maxLength'],
    ['tokenizer.encode', () => tokenizer.encode('hi', { truncaton: true } as never), 'truncaton', 'truncation'],
    ['tokenizer.pad', () => tokenizer.pad([{ input_ids: [1] }], { padToMultiple: 8 } as never), 'padToMultiple', 'padToMultipleOf'],
    ['DataCollatorWithPadding', () => new DataCollatorWithPadding(tokenizer, { maxlength: 8 } as never), 'maxlength', 'maxLength'],
  ];
  it.each(sync)('%s', (_name, fn, key, hint) => {
    const message = `unknown option '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`;
    expect(fn).toThrow(TypeError);
    expect(fn).toThrow(message);
  });
  const asyncCases: [string, () => Promise<unknown>, RegExp][] = [
    ['trainer.train', () => trainer.train({ resumeFromCheckpiont: true } as never), /Trainer\.train: unknown option 'resumeFromCheckpiont' \(did you mean 'resumeFromCheckpoint'\?\)/],
    ['trainer.evaluate', () => trainer.evaluate({ metricKeyPrefx: 'x' } as never), /Trainer\.evaluate: unknown option 'metricKeyPrefx' \(did you mean 'metricKeyPrefix'\?\)/],
    ['trainer.predict', () => trainer.predict(Dataset.fromDict({ input_ids: [[1]] }), { ignoreKey: [] } as never), /Trainer\.predict: unknown option 'ignoreKey' \(did you mean 'ignoreKeys'\?\)/],
    ['AutoTokenizer.fromPretrained', () => AutoTokenizer.fromPretrained(fixture('hf-tiny-bert', 'model'), { revison: 'main' } as never), /unknown option 'revison' \(did you mean 'revision'\?\)/],
    ['fromPretrained (model)', () => AutoModelForSequenceClassification.fromPretrained(fixture('hf-tiny-bert', 'model'), { numLabel: 3 }), /unknown option "numLabel" \(did you mean 'numLabels'\?\)/],
    ['loadDataset', () => loadDataset('csv', { dataFiles: 'x.csv', delimeter: ';' } as never), /loadDataset: unknown option 'delimeter' \(did you mean 'delimiter'\?\)/],
    ['map', () => Dataset.fromDict({ a: [1] }).map((r) => r, { batchsize: 2 } as never), /map: unknown option 'batchsize' \(did you mean 'batchSize'\?\)/],
  ];
  it.each(asyncCases)('%s', async (_name, fn, message) => {
    await expect(fn()).rejects.toThrow(message);
  });
});

describe('other inputs that must not pass silently', () => {
  it('a safetensors model file whose format is not "pt" is refused, as transformers 4.31 does', () => {
    const tensors = { w: { dtype: 'F32' as const, shape: [1], data: new Uint8Array(4) } };
    const tf = join(root, 'tf.safetensors');
    writeSafetensors(tf, tensors, { format: 'tf' });
    expect(() => readWeightsSafetensors(tf)).toThrow(/Conversion from a tf safetensors archive to PyTorch is not implemented yet \(.*tf\.safetensors/);
    const none = join(root, 'none.safetensors');
    writeSafetensors(none, tensors, null);
    expect(() => readWeightsSafetensors(none)).toThrow(/The safetensors archive passed at .*none\.safetensors does not contain the valid metadata: __metadata__\.format must be "pt", got none/);
    const odd = join(root, 'odd.safetensors');
    writeSafetensors(odd, tensors, { format: 'np' });
    expect(() => readWeightsSafetensors(odd)).toThrow(/got "np"/);
  });
  it('fromPretrained refuses such a model folder', async () => {
    const dir = mkdtempSync(join(root, 'model-'));
    copyFileSync(fixture('hf-tiny-bert', 'model', 'config.json'), join(dir, 'config.json'));
    const bytes = readFileSync(fixture('hf-tiny-bert', 'model', 'model.safetensors'));
    // same length: the header's {"format":"pt"} becomes {"format":"tf"}
    writeFileSync(join(dir, 'model.safetensors'), Buffer.from(bytes.toString('latin1').replace('"format":"pt"', '"format":"tf"'), 'latin1'));
    await expect(AutoModelForSequenceClassification.fromPretrained(dir)).rejects.toThrow(/Conversion from a tf safetensors archive/);
  });
  it('new AdamW(undefined) says what params must be', () => {
    expect(() => new torch.optim.AdamW(undefined as never)).toThrow(/AdamW: params must be an iterable of Tensors \(e\.g\. model\.parameters\(\)\) or of param groups/);
    expect(() => new torch.optim.SGD(5 as never, { lr: 1 })).toThrow(/SGD: params must be an iterable/);
    expect(() => new torch.optim.AdamW([])).toThrow(/AdamW: optimizer got an empty parameter list/);
  });
  it('forward() with an empty sequence says so', async () => {
    const model = await AutoModelForSequenceClassification.fromPretrained(fixture('hf-tiny-bert', 'model'));
    expect(() => model.forward({ inputIds: torch.zeros([1, 0], { dtype: 'int64' }) })).toThrow(
      /forward\(\): input_ids has shape \[1, 0\]: the sequence is empty; each row needs at least one token/,
    );
  });
});
