// DistributedDataParallel on the device: `tstorch run` starts this file once per GPU (up to 2) over NCCL, or as 2
// Gloo ranks on the CPU dry run (a rank is this file with RANK set). Each rank takes a different batch; after one
// DDP backward every rank must hold the mean of the ranks' local gradients (an unwrapped copy's gradients,
// all-reduced by hand), the same on every rank.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as torch from '../../dist/index.js';
import { AutoModelForSequenceClassification, BertConfig } from '../../dist/transformers/index.js';

const onGpu = (process.env.DEVICE ?? 'cuda').startsWith('cuda');

/** One rank: prints one JSON line. */
function rankMain() {
  const dist = torch.distributed;
  dist.initProcessGroup({ backend: onGpu ? 'nccl' : 'gloo', timeout: 120000 });
  const rank = dist.getRank();
  const device = onGpu ? `cuda:${process.env.LOCAL_RANK}` : 'cpu';
  function tinyModel() {
    torch.manualSeed(0);
    const config = new BertConfig({ vocabSize: 100, hiddenSize: 32, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 64, numLabels: 3, hiddenDropoutProb: 0, attentionProbsDropoutProb: 0 });
    return AutoModelForSequenceClassification.fromConfig(config).to(device);
  }
  torch.manualSeed(100 + rank);
  const batch = Object.fromEntries(
    Object.entries({ input_ids: torch.randint(1, 100, [4, 16]), attention_mask: torch.ones([4, 16], { dtype: 'int64' }), labels: torch.randint(0, 3, [4]) }).map(([k, v]) => [k, v.to(device)]),
  );
  const model = tinyModel();
  const local = tinyModel();
  const ddp = new torch.nn.parallel.DistributedDataParallel(model, { bucketCapMb: 0.01 });
  ddp.forward(batch).loss.backward();
  local.forward(batch).loss.backward();
  let maxDiff = 0;
  const localGrads = local.parameters().map((p) => p.grad.clone());
  for (const g of localGrads) dist.allReduce(g);
  model.parameters().forEach((p, i) => {
    maxDiff = Math.max(maxDiff, p.grad.sub(localGrads[i].div(dist.getWorldSize())).abs().max().item());
  });
  const firstGrad = Array.from(model.parameters()[0].grad.flatten().slice(0, 0, 8).cpu().data());
  console.log(JSON.stringify({ rank, world: dist.getWorldSize(), backend: dist.getBackend(), device, maxDiff, firstGrad }));
  ddp.dispose();
  dist.destroyProcessGroup();
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

if (process.env.RANK !== undefined) rankMain();
else
  test('DDP averages gradients across ranks (NCCL on CUDA, Gloo on the CPU)', async () => {
    if (onGpu) assert.ok(torch.distributed.availableBackends().includes('nccl'), `NCCL is not compiled in (backends: ${torch.distributed.availableBackends().join(', ')})`);
    const nproc = onGpu ? Math.min(2, torch.cuda.deviceCount()) : 2;
    const port = String(await freePort());
    const args = ['dist/cli/index.js', 'run', '--nproc-per-node', String(nproc), '--master-port', port, fileURLToPath(import.meta.url)];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 300000 });
    assert.equal(r.status, 0, r.stderr);
    const lines = [...r.stdout.matchAll(/^\[rank(\d+)\]: (\{.*\})$/gm)].map((m) => JSON.parse(m[2]));
    assert.equal(lines.length, nproc, r.stdout);
    for (const l of lines) {
      assert.equal(l.world, nproc);
      assert.equal(l.backend, onGpu ? 'nccl' : 'gloo');
      assert.ok(l.maxDiff < 1e-6, `rank ${l.rank}: the DDP gradient differs from the mean of local gradients by ${l.maxDiff}`);
    }
    assert.deepEqual(lines[0].firstGrad, lines[lines.length - 1].firstGrad);
  });
