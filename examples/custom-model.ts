// torch.nn in TypeScript: modules a user writes, the way a PyTorch user writes them — the script of
// ../shared/tutorial/custom-model.ts. Online it uses bert-base-cased and AG News; offline, point MODEL / DATA at
// local files. OUT_DIR (default: the current folder) receives bag-of-words.safetensors and custom-trainer/.
//   npx tsx --conditions=source examples/custom-model.ts
import * as torch from 'tstorch';
import { DataLoader } from 'tstorch/utils/data';
import { AutoModel, AutoTokenizer, Trainer, TrainingArguments, type PreTrainedModel } from 'tstorch/transformers';
import { loadDataset } from 'tstorch/datasets';

const { nn } = torch;
const F = torch.nn.functional;

// 1. A model written from layers. Submodules and parameters assigned as fields are registered, in
//    definition order, under their field names: stateDict() keys read "embed.weight", "blocks.0.fc1.weight", ...
class Block extends nn.Module {
  fc1 = new nn.Linear(64, 128);
  fc2 = new nn.Linear(128, 64);
  norm = new nn.LayerNorm(64);
  dropout = new nn.Dropout(0.1);
  forward(x: torch.Tensor): torch.Tensor {
    return this.norm.forward(x.add(this.dropout.forward(this.fc2.forward(F.gelu(this.fc1.forward(x))))));
  }
}

class BagOfWords extends nn.Module {
  embed: torch.nn.Embedding;
  blocks: torch.nn.ModuleList<Block>;
  head = new nn.Sequential(new nn.Linear(64, 32), new nn.Tanh(), new nn.Linear(32, 4));
  scale = new nn.Parameter(torch.ones([1]));
  constructor(vocabSize: number) {
    super();
    this.embed = new nn.Embedding(vocabSize, 64, { paddingIdx: 0 });
    this.blocks = new nn.ModuleList([new Block(), new Block()]);
  }
  forward(inputIds: torch.Tensor, attentionMask: torch.Tensor): torch.Tensor {
    const mask = attentionMask.unsqueeze(-1).float();
    let h = this.embed.forward(inputIds).mul(mask).sum(1).div(mask.sum(1)).mul(this.scale);
    for (const block of this.blocks) h = block.forward(h);
    return this.head.forward(h);
  }
}

const MODEL = process.env.MODEL ?? 'google-bert/bert-base-cased';
const DATA = process.env.DATA;
const OUT_DIR = process.env.OUT_DIR ?? '.';
const dataset = DATA
  ? await loadDataset('csv', { dataFiles: { train: `${DATA}/train.csv`, test: `${DATA}/test.csv` } })
  : await loadDataset('ag_news');
const tokenizer = await AutoTokenizer.fromPretrained(MODEL);
const tokenized = (await dataset.map((ex: { text: string[] }) => tokenizer(ex.text, { padding: 'max_length', truncation: true, maxLength: 64 }), { batched: true }))
  .removeColumns(['text'])
  .renameColumn('label', 'labels');
tokenized.setFormat('torch');
const train = tokenized.train.shuffle({ seed: 42 }).select([...Array(512).keys()]);

torch.manualSeed(0); // the same initial weights as PyTorch's after torch.manual_seed(0)
const model = new BagOfWords(tokenizer.vocabSize);
console.log(model.numParameters(), Object.keys(model.stateDict()).slice(0, 4));
const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 1e-3 });
const lossFn = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 });
model.train();
for (let epoch = 0; epoch < 2; epoch++) {
  for (const batch of new DataLoader(train, { batchSize: 16, shuffle: true })) {
    const loss = lossFn.forward(model.forward(batch.input_ids, batch.attention_mask), batch.labels);
    loss.backward();
    optimizer.step();
    optimizer.zeroGrad();
  }
}
torch.save(model.stateDict(), `${OUT_DIR}/bag-of-words.safetensors`);
const reloaded = new BagOfWords(tokenizer.vocabSize);
reloaded.loadStateDict(torch.load(`${OUT_DIR}/bag-of-words.safetensors`));

// 2. A pretrained encoder (native BERT) inside a user module, trained by the Trainer. parameters(), to(),
//    train()/eval(), stateDict() and savePretrained-style checkpoints cover the whole tree.
class MeanPooledClassifier extends nn.Module {
  constructor(
    public encoder: PreTrainedModel, // a torch.nn.Module like any other
    public classifier = new nn.Linear(encoder.config.hiddenSize, 4),
  ) {
    super();
  }
  forward(batch: { input_ids: torch.Tensor; attention_mask: torch.Tensor; labels?: torch.Tensor }) {
    const hidden = this.encoder.forward({ input_ids: batch.input_ids, attention_mask: batch.attention_mask }).lastHiddenState!;
    const mask = batch.attention_mask.unsqueeze(-1).float();
    const logits = this.classifier.forward(hidden.mul(mask).sum(1).div(mask.sum(1)));
    return { logits, loss: batch.labels ? F.crossEntropy(logits, batch.labels) : undefined };
  }
}
const custom = new MeanPooledClassifier(await AutoModel.fromPretrained(MODEL));
const trainer = new Trainer({
  model: custom,
  args: new TrainingArguments({ outputDir: `${OUT_DIR}/custom-trainer`, numTrainEpochs: 1, perDeviceTrainBatchSize: 8, reportTo: 'none' }),
  trainDataset: train.select([...Array(64).keys()]),
});
await trainer.train();
