// Writes the demo model folder (tiny BERT config + a WordPiece vocabulary from the generator's words) and the
// demo data set (train.csv / test.csv) into a cache folder; the model weights start from random init.
import { mkdirSync, renameSync, writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { corpusWords, generateExamples, LABELS } from './corpus.js';

const VERSION = 'v2';
export const EMBEDDED_TRAIN_SIZE = 2000;
export const EMBEDDED_TEST_SIZE = 400;

function cacheRoot(): string {
  return join(process.env.TSTORCH_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'tstorch'), `embedded-${VERSION}`);
}

function vocabulary(): string[] {
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const chars = [...'abcdefghijklmnopqrstuvwxyz0123456789.,!?\'"-'];
  // a Set: single-letter words of the corpus ('a') are also characters
  return [...new Set([...specials, ...chars, ...chars.filter((c) => /[a-z0-9]/.test(c)).map((c) => `##${c}`), ...corpusWords()])];
}

function csv(rows: { text: string; label: number }[]): string {
  return `text,label\n${rows.map((r) => `"${r.text.replaceAll('"', '""')}",${r.label}`).join('\n')}\n`;
}

/** The folders `{ model, data }`; written once (atomically), then reused. */
export function embeddedFolders(): { model: string; data: string } {
  const root = cacheRoot();
  if (!existsSync(join(root, 'model', 'config.json'))) {
    mkdirSync(join(root, '..'), { recursive: true });
    const tmp = mkdtempSync(`${root}.tmp-`);
    const vocab = vocabulary();
    mkdirSync(join(tmp, 'model'));
    writeFileSync(join(tmp, 'model', 'vocab.txt'), `${vocab.join('\n')}\n`);
    writeFileSync(join(tmp, 'model', 'tokenizer_config.json'), JSON.stringify({ do_lower_case: true, model_max_length: 64, tokenizer_class: 'BertTokenizer' }, null, 2));
    const config = {
      architectures: ['BertForSequenceClassification'],
      model_type: 'bert',
      vocab_size: vocab.length,
      hidden_size: 64,
      num_hidden_layers: 2,
      num_attention_heads: 2,
      intermediate_size: 128,
      max_position_embeddings: 64,
      id2label: Object.fromEntries(LABELS.map((l, i) => [String(i), l])),
      label2id: Object.fromEntries(LABELS.map((l, i) => [l, i])),
    };
    writeFileSync(join(tmp, 'model', 'config.json'), JSON.stringify(config, null, 2));
    mkdirSync(join(tmp, 'data'));
    writeFileSync(join(tmp, 'data', 'train.csv'), csv(generateExamples(EMBEDDED_TRAIN_SIZE, 1)));
    writeFileSync(join(tmp, 'data', 'test.csv'), csv(generateExamples(EMBEDDED_TEST_SIZE, 2)));
    try {
      renameSync(tmp, root);
    } catch (e) {
      if (!existsSync(join(root, 'model', 'config.json'))) throw e; // another process won the race
    }
  }
  return { model: join(root, 'model'), data: join(root, 'data') };
}
