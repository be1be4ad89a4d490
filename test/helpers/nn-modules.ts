// Small modules written from nn.Parameter and tensor ops, for the Module tests (independent of the layer library).
import * as torch from 'tstorch';

const { nn } = torch;

/** y = x Wᵀ + b, W ~ N(0, std²) (zeros with std 0). */
export class Lin extends nn.Module {
  weight: torch.nn.Parameter;
  bias: torch.nn.Parameter;
  constructor(i: number, o: number, std = 0) {
    super();
    this.weight = new nn.Parameter(std === 0 ? torch.zeros([o, i]) : torch.randn([o, i]).mul(std));
    this.bias = new nn.Parameter(torch.zeros([o]));
  }
  forward(x: torch.Tensor): torch.Tensor {
    return x.matmul(this.weight.t()).add(this.bias);
  }
}
