// A plain synchronous loop, as users write it: no tidy, no dispose, no await. Prints peak RSS growth as JSON.
import * as torch from 'tstorch';

const kind = process.argv[2] ?? 'simple';
const iterations = Number(process.argv[3] ?? 2000);
const rss0 = process.memoryUsage().rss;
let peak = rss0;
if (kind === 'simple') {
  for (let i = 0; i < iterations; i++) {
    const x = torch.ones(1024, 1024); // 4 MiB
    x.mul(2).sum().item();
    peak = Math.max(peak, process.memoryUsage().rss);
  }
} else {
  // a small MLP training step with autograd: ~10 tensors, the largest 512 KiB, per step
  const w1 = torch.randn([256, 512], { requiresGrad: true });
  const w2 = torch.randn([512, 10], { requiresGrad: true });
  for (let i = 0; i < iterations; i++) {
    const x = torch.randn(128, 256);
    const y = torch.randint(0, 10, [128]);
    const loss = torch.nn.functional.crossEntropy(x.matmul(w1).relu().matmul(w2), y);
    loss.backward();
    torch.noGrad(() => {
      w1.sub_(w1.grad!, 1e-3);
      w2.sub_(w2.grad!, 1e-3);
    });
    w1.grad = null;
    w2.grad = null;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
}
console.log(JSON.stringify({ growthMB: (peak - rss0) / 2 ** 20, live: torch.memory() }));
