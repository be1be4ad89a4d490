import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';

describe('devices', () => {
  it('parses device specs like torch.device', () => {
    expect(torch.device('cpu').type).toBe('cpu');
    expect(torch.device('cuda').index).toBeNull();
    const d = torch.device('cuda:1');
    expect([d.type, d.index, String(d)]).toEqual(['cuda', 1, 'cuda:1']);
    expect(torch.device('cuda', 2).toString()).toBe('cuda:2');
    expect(torch.ones(1).device.equals('cpu')).toBe(true);
  });

  it('answers CUDA queries the way PyTorch does on a machine without CUDA', () => {
    const info = torch.buildInfo();
    if (info.hasCuda) return; // a GPU machine runs scripts/device-check.sh instead
    expect(torch.cuda.isAvailable()).toBe(false);
    expect(torch.cuda.deviceCount()).toBe(0);
    expect(torch.cuda.memoryAllocated()).toBe(0);
    expect(() => torch.cuda.emptyCache()).not.toThrow();
    expect(() => torch.ones(1, { device: 'cuda' })).toThrow(/CUDA is not available/);
    expect(() => torch.ones(1).cuda()).toThrow(/CUDA is not available/);
    expect(() => torch.cuda.synchronize()).toThrow(/CUDA is not available/);
    expect(torch.availableDevices()).toEqual(['cpu']);
  });

  it('never falls back to the CPU when a model is asked to go to an absent device', async () => {
    if (torch.cuda.isAvailable()) return;
    const { BertModel } = await import('tstorch/transformers');
    const { fixture } = await import('./helpers/fixtures.js');
    await expect(BertModel.fromPretrained(fixture('hf-tiny-bert', 'model'), { device: 'cuda' })).rejects.toThrow(/CUDA is not available/);
    const model = BertModel.fromConfig({ vocabSize: 10, hiddenSize: 8, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 8 });
    expect(() => model.to('cuda')).toThrow(/CUDA is not available/);
    expect(model.parameters()[0]!.device.type).toBe('cpu');
  });

  it('reports the libtorch it runs on and sets threads', () => {
    const info = torch.buildInfo();
    expect(info.torchVersion).toMatch(/^\d+\.\d+/);
    const n = torch.getNumThreads();
    torch.setNumThreads(1);
    expect(torch.getNumThreads()).toBe(1);
    torch.setNumThreads(n);
  });
});
