// `tstorch predict --model DIR "text" ...`: classifies texts with a fine-tuned folder.
import { noGrad } from '../autograd.js';
import { AutoModelForSequenceClassification, AutoTokenizer } from '../transformers/index.js';
import { parse, UsageError } from './args.js';

const USAGE = `usage: tstorch predict --model DIR [--json] [--batch-size N] "text" ["text" ...]
  reads texts from standard input, one per line, when none are given`;

export interface Prediction {
  text: string;
  label: string;
  labelId: number;
  score: number;
}

export async function predictTexts(modelDir: string, texts: string[], batchSize = 32): Promise<Prediction[]> {
  const tokenizer = await AutoTokenizer.fromPretrained(modelDir);
  const model = await AutoModelForSequenceClassification.fromPretrained(modelDir);
  model.eval();
  const id2label = model.config.id2label as Record<string, string>;
  const out: Prediction[] = [];
  for (let i = 0; i < texts.length; i += batchSize) {
    const chunk = texts.slice(i, i + batchSize);
    const inputs = tokenizer(chunk, { padding: true, truncation: true, returnTensors: 'pt' });
    const probs = noGrad(() => model.forward(inputs).logits.softmax(-1));
    const [scores, ids] = probs.max(-1);
    const s = scores.toArray() as number[];
    const k = ids.toArray() as number[];
    chunk.forEach((text, j) => out.push({ text, label: id2label[String(k[j])] ?? `LABEL_${k[j]}`, labelId: k[j]!, score: s[j]! }));
  }
  return out;
}

export async function predictCommand(argv: string[]): Promise<number> {
  const options = { model: { type: 'string' }, json: { type: 'boolean' }, 'batch-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
  const { values, positionals } = parse(argv, options, USAGE);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.model) throw new UsageError(`--model is required\n\n${USAGE}`);
  let texts = positionals;
  if (texts.length === 0) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    texts = Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l.trim() !== '');
  }
  if (texts.length === 0) throw new UsageError(`no texts to classify\n\n${USAGE}`);
  const predictions = await predictTexts(values.model, texts, values['batch-size'] ? Number(values['batch-size']) : 32);
  if (values.json) console.log(JSON.stringify(predictions));
  else for (const p of predictions) console.log(`${p.label}\t${p.score.toFixed(4)}\t${p.text}`);
  return 0;
}
