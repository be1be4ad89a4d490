// nn.Module: registration from fields, traversal order, buffers, shared parameters, state dicts (compared with
// what Python torch reports for the same tree: test/scripts/nn_module_reference.py), loads, hooks, moves.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { Lin } from './helpers/nn-modules.js';

const { nn } = torch;
const ref = JSON.parse(readFileSync(new URL('./data/nn-module-reference.json', import.meta.url), 'utf8')) as {
  named_parameters: string[];
  num_parameters: number;
  state_dict: [string, number[], string][];
  named_buffers: string[];
  named_modules: string[];
  named_children: string[];
  repr_block: string;
  repr_seq: string;
  block_pt_sums: Record<string, number>;
};

// The same classes as the Python script, written as a TS user writes them.
class Norm extends nn.Module {
  weight = new nn.Parameter(torch.ones([8]));
  bias: torch.nn.Parameter;
  constructor() {
    super();
    this.registerBuffer('running_mean', torch.zeros([8]));
    this.registerBuffer('scratch', torch.zeros([8]), { persistent: false });
    this.bias = new nn.Parameter(torch.zeros([8]));
    this.registerBuffer('num_batches_tracked', torch.tensor(0, { dtype: 'int64' }));
  }
}
class Block extends nn.Module {
  fc1 = new Lin(4, 8);
  norm = new Norm();
  fc2 = new Lin(8, 4);
}
class Net extends nn.Module {
  embed = new Lin(10, 4);
  scale = new nn.Parameter(torch.ones([1]));
  blocks = new nn.ModuleList([new Block(), new Block()]);
  heads = new nn.ModuleDict({ b: new Lin(4, 2), a: new Lin(4, 3) });
  seq = new nn.Sequential(new Lin(4, 4), new nn.Identity(), new nn.Flatten());
  named_seq = new nn.Sequential({ first: new Lin(4, 4), second: new Lin(4, 4) });
  tied: Lin;
  constructor() {
    super();
    this.tied = new Lin(10, 4);
    this.tied.weight = this.embed.weight;
    this.registerBuffer('step', torch.zeros([]));
  }
}

describe('nn.Module registration and traversal (Python torch 1.13 reference)', () => {
  const net = new Net();
  it('namedParameters: own first, then children in definition order; a shared parameter once', () => {
    expect(net.namedParameters().map(([n]) => n)).toEqual(ref.named_parameters);
    expect(net.numParameters()).toBe(ref.num_parameters);
    expect(net.parameters().every((p) => p instanceof nn.Parameter && p instanceof torch.Tensor && p.requiresGrad)).toBe(true);
  });
  it('stateDict: keys, order, shapes and dtypes as PyTorch (buffers after own parameters, shared under both names)', () => {
    const sd = net.stateDict();
    expect(Object.entries(sd).map(([k, v]) => [k, v.shape, v.dtype])).toEqual(ref.state_dict);
    expect(sd['tied.weight']!.requiresGrad).toBe(false); // detached, as state_dict()
  });
  it('buffers, modules and children', () => {
    expect(net.namedBuffers().map(([n]) => n)).toEqual(ref.named_buffers);
    expect(net.namedModules().map(([n]) => n)).toEqual(ref.named_modules);
    expect(net.namedChildren().map(([n]) => n)).toEqual(ref.named_children);
    expect(net.buffers(false)).toHaveLength(1);
    expect(net.parameters(false)).toHaveLength(1);
  });
  it('toString prints as PyTorch repr', () => {
    expect(String(net.blocks.at(0))).toBe(ref.repr_block);
    expect(String(net.seq)).toBe(ref.repr_seq);
  });
  it('replacing a field keeps its place; a non-module field is not a member', () => {
    const b = new Block();
    b.norm = new Norm();
    (b as unknown as { note: string }).note = 'x';
    expect(b.namedChildren().map(([n]) => n)).toEqual(['fc1', 'norm', 'fc2']);
  });
  it('registration errors', () => {
    const m = new Lin(2, 2);
    expect(() => m.registerBuffer('weight', torch.zeros([2]))).not.toThrow(); // a Tensor field may become a buffer
    expect(() => m.registerBuffer('forward', torch.zeros([2]))).toThrow(/attribute "forward" already exists on Lin/);
    expect(() => m.registerBuffer('a.b', torch.zeros([2]))).toThrow(/can't contain "\."/);
    expect(() => m.registerParameter('p', torch.zeros([2]) as never)).toThrow(/wrap it in nn.Parameter/);
    expect(() => m.registerBuffer('b', torch.zeros([2]), { persistant: false } as never)).toThrow(/unknown option 'persistant'; expected persistent/);
    expect(() => new nn.Parameter(torch.zeros([2], { dtype: 'int64' }))).toThrow(/only floating point tensors can require gradients, got int64/);
    expect(new nn.Parameter(torch.zeros([2], { dtype: 'int64' }), false).requiresGrad).toBe(false);
    expect(() => new nn.Parameter([1, 2] as never)).toThrow(/takes a Tensor/);
  });
});

describe('loadStateDict', () => {
  it('copies in place and round-trips through torch.save / torch.load', () => {
    torch.manualSeed(0);
    const a = new Net();
    for (const p of a.parameters()) torch.noGrad(() => p.normal_());
    const b = new Net();
    const before = b.embed.weight;
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.embed.weight).toBe(before);
    expect(b.embed.weight.equal(a.embed.weight)).toBe(true);
    expect(b.tied.weight).toBe(b.embed.weight);
  });
  it('strict: missing and unexpected keys are errors naming them; non-strict returns them', () => {
    const m = new Block();
    const sd = m.stateDict();
    delete sd['fc1.bias'];
    sd['extra.weight'] = torch.zeros([1]);
    expect(() => m.loadStateDict(sd)).toThrow(/Error\(s\) in loading state_dict for Block:\n\tUnexpected key\(s\) in state_dict: "extra.weight". \n\tMissing key\(s\) in state_dict: "fc1.bias"/);
    expect(m.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ['fc1.bias'], unexpectedKeys: ['extra.weight'] });
  });
  it('a wrong shape is an error naming the key and both shapes, strict or not, and nothing is copied', () => {
    const m = new Block();
    const sd = m.stateDict();
    sd['fc1.bias'] = torch.ones([8]);
    sd['fc2.weight'] = torch.ones([4, 9]);
    expect(() => m.loadStateDict(sd, { strict: false })).toThrow(
      /size mismatch for fc2.weight: copying a param with shape torch.Size\(\[4, 9\]\) from checkpoint, the shape in current model is torch.Size\(\[4, 8\]\)/,
    );
    expect(m.fc1.bias.sum().item()).toBe(0);
    expect(() => m.loadStateDict({ 'fc1.bias': 3 as never }, { strict: false })).toThrow(/"fc1.bias" must be a Tensor/);
  });
});

describe('torch.save / torch.load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tstorch-nn-save-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('loads a state dict PyTorch saved (.pt) into the same structure', () => {
    const sd = torch.load(fileURLToPath(new URL('./data/nn-block.pt', import.meta.url)));
    expect(Object.keys(sd)).toEqual(Object.keys(ref.block_pt_sums));
    const m = new Block();
    expect(m.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    for (const [k, v] of Object.entries(m.stateDict())) expect(v.double().sum().item(), k).toBeCloseTo(ref.block_pt_sums[k]!, 5);
    expect(m.stateDict()['norm.num_batches_tracked']!.dtype).toBe('int64');
  });
  it('round-trips a state dict through safetensors (dtypes kept)', () => {
    const m = new Block();
    torch.noGrad(() => m.fc1.weight.normal_());
    const file = join(dir, 'block.safetensors');
    torch.save(m.stateDict(), file);
    const back = torch.load(file);
    expect(Object.keys(back).sort()).toEqual(Object.keys(m.stateDict()).sort());
    expect(back['fc1.weight']!.equal(m.fc1.weight)).toBe(true);
    expect(back['norm.num_batches_tracked']!.dtype).toBe('int64');
  });
  it('errors name the file', () => {
    expect(() => torch.load(join(dir, 'missing.safetensors'))).toThrow(/torch.load: cannot read ".*missing.safetensors"/);
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'not a checkpoint at all');
    expect(() => torch.load(junk)).toThrow(/junk\.bin/);
    expect(() => torch.save({ a: 3 } as never, join(dir, 'x.safetensors'))).toThrow(/torch.save\(".*x.safetensors"\): "a" must be a Tensor/);
  });
});

describe('modes, grads, moves, hooks', () => {
  it('train/eval reach every module; requiresGrad_ and zeroGrad', () => {
    const net = new Net();
    expect(net.training).toBe(true);
    net.eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.blocks.at(1).norm.training).toBe(true);
    net.requiresGrad_(false);
    expect(net.numParameters({ onlyTrainable: true })).toBe(0);
    net.requiresGrad_(true);
    const x = torch.ones([2, 4]);
    net.seq.forward(x).sum().backward();
    expect(net.seq.at(0).parameters()[0]!.grad).not.toBeNull();
    net.zeroGrad({ setToNone: false });
    expect(net.seq.at(0).parameters()[0]!.grad!.abs().sum().item()).toBe(0);
    net.zeroGrad();
    expect(net.seq.at(0).parameters()[0]!.grad).toBeNull();
  });
  it('to(dtype) keeps the Parameter objects (an optimizer keeps working); integer buffers keep their dtype', () => {
    const net = new Net();
    const params = net.parameters();
    const opt = new torch.optim.SGD(params, { lr: 0.1 });
    net.to('float64');
    expect(net.parameters()).toEqual(params);
    expect(net.parameters().every((p, i) => p === params[i] && p.dtype === 'float64')).toBe(true);
    const norm = net.blocks.at(0).norm as unknown as Record<string, torch.Tensor>;
    expect(norm.running_mean!.dtype).toBe('float64');
    expect(norm.num_batches_tracked!.dtype).toBe('int64');
    net.seq.forward(torch.ones([2, 4], { dtype: 'float64' })).sum().backward();
    const w = net.seq.at(0).parameters()[0]!;
    const before = w.clone();
    opt.step();
    expect(w.sub(before).abs().sum().item()).toBeGreaterThan(0);
    expect(() => net.to('int64')).toThrow(/only accepts floating point dtypes/);
    expect(() => net.to({ dtype: 'float32', devcie: 'cpu' } as never)).toThrow(/unknown option 'devcie'/);
  });
  it('call() runs forward pre-hooks and hooks; handles remove them', () => {
    const lin = new Lin(2, 2);
    const seen: string[] = [];
    const pre = lin.registerForwardPreHook((_m, args) => {
      seen.push('pre');
      return [(args[0] as torch.Tensor).mul(2)];
    });
    const post = lin.registerForwardHook((_m, _args, out) => {
      seen.push('post');
      return (out as torch.Tensor).add(1);
    });
    const out = lin.call(torch.ones([1, 2]));
    expect(seen).toEqual(['pre', 'post']);
    expect(out.toArray()).toEqual([[1, 1]]);
    pre.remove();
    post.remove();
    expect(lin.call(torch.ones([1, 2])).toArray()).toEqual([[0, 0]]);
    expect(seen).toHaveLength(2);
  });
  it('apply visits children before the parent', () => {
    const names: string[] = [];
    new Block().apply((m) => names.push(m.constructor.name));
    expect(names).toEqual(['Lin', 'Norm', 'Lin', 'Block']);
  });
  it('parameters are untracked: a tidy scope around construction does not free them', () => {
    const m = torch.tidy(() => new Lin(3, 3));
    expect(m.weight.isDisposed).toBe(false);
    m.dispose();
    expect(m.weight.isDisposed).toBe(true);
  });
});

describe('containers', () => {
  it('Sequential: indexable, iterable, append, forward chains with hooks', () => {
    const seq = new nn.Sequential(new Lin(2, 3), new nn.Identity());
    expect(seq.length).toBe(2);
    expect(seq[0]).toBe(seq.at(0));
    expect(seq.at(-1)).toBeInstanceOf(nn.Identity);
    expect([...seq]).toHaveLength(2);
    seq.append(new Lin(3, 1));
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(seq.forward(torch.ones([4, 2])).shape).toEqual([4, 1]);
    expect(() => seq.at(3)).toThrow(/index out of range for 3 modules/);
    expect(() => new nn.Sequential(new Lin(1, 1), 3 as never)).toThrow(/entry 1 must be an nn.Module/);
  });
  it('ModuleList: generic, push/extend/insert renumber; ModuleDict keys apart from methods', () => {
    const list = new nn.ModuleList<Lin>();
    list.push(new Lin(1, 1), new Lin(1, 2));
    list.extend([new Lin(1, 3)]);
    list.insert(0, new Lin(1, 4));
    expect([...list].map((l) => l.bias.shape[0])).toEqual([4, 1, 2, 3]);
    expect(list.namedChildren().map(([n]) => n)).toEqual(['0', '1', '2', '3']);
    const dict = new nn.ModuleDict({ train: new Lin(1, 1) });
    expect(dict.get('train')).toBeInstanceOf(Lin);
    expect(typeof dict.train).toBe('function');
    expect([...dict]).toEqual(['train']);
    expect(Object.keys(dict.stateDict())).toEqual(['train.weight', 'train.bias']);
  });
  it('Flatten and Identity', () => {
    expect(new nn.Flatten().forward(torch.zeros([2, 3, 4])).shape).toEqual([2, 12]);
    expect(new nn.Flatten(0, 1).forward(torch.zeros([2, 3, 4])).shape).toEqual([6, 4]);
    const x = torch.zeros([1]);
    expect(new nn.Identity(5, 'ignored').forward(x)).toBe(x);
  });
});
