// The files a slow (Python) tokenizer class reads, for repos without tokenizer.json, and their conversion to
// tokenizer.json as transformers' convert_slow_tokenizer does: vocab.txt (WordPiece), vocab.json + merges.txt
// (byte-level BPE), a sentencepiece model (DeBERTa-v2/v3, XLM-RoBERTa).
import { readFile } from 'node:fs/promises';
import { bertTokenizerJson } from './bert-converter.js';
import { byteLevelBpeTokenizerJson, parseMergesTxt, parseVocabJson } from './bpe-converter.js';
import { readSentencePieceModel, type SentencePieceModel } from './sentencepiece-model.js';
import type { SpecialTokens } from './special-tokens.js';
import { SPM_VOCAB_FILES, spmTokenizerJson, type SpmFamily } from './spm-converter.js';
import type { TokenizerJson } from './tokenizer-json.js';
import { parseVocabTxt } from './vocab-txt.js';

export type SlowVocab =
  | { kind: 'wordpiece'; vocab: Map<string, number> }
  | { kind: 'bpe'; vocab: Map<string, number>; merges: string[] }
  | { kind: 'sentencepiece'; family: SpmFamily; model: SentencePieceModel };

/** The family key (`debertav2`, `xlmroberta`, ...) → the sentencepiece family it converts as. */
const SPM_FAMILIES: Readonly<Record<string, SpmFamily>> = { debertav2: 'deberta-v2', xlmroberta: 'xlm-roberta' };

type Find = (filename: string) => Promise<string | null>;

/** Reads the first slow vocabulary the repo has, or throws naming what was looked for. */
export async function readSlowVocab(find: Find, familyKey: string | null, idOrPath: string): Promise<SlowVocab> {
  const spmFamily = familyKey === null ? undefined : SPM_FAMILIES[familyKey];
  if (spmFamily !== undefined) {
    const path = await find(SPM_VOCAB_FILES[spmFamily]);
    if (path !== null) return { kind: 'sentencepiece', family: spmFamily, model: readSentencePieceModel(await readFile(path), path) };
  }
  const vocabTxt = await find('vocab.txt');
  if (vocabTxt !== null) return { kind: 'wordpiece', vocab: parseVocabTxt(await readFile(vocabTxt, 'utf8')) };
  const [vocabJson, mergesTxt] = await Promise.all([find('vocab.json'), find('merges.txt')]);
  if (vocabJson !== null && mergesTxt !== null) {
    return {
      kind: 'bpe',
      vocab: parseVocabJson(await readFile(vocabJson, 'utf8'), vocabJson),
      merges: parseMergesTxt(await readFile(mergesTxt, 'utf8'), mergesTxt),
    };
  }
  throw new Error(
    `Can't load a tokenizer from ${JSON.stringify(idOrPath)}: it has no tokenizer.json, and none of the files a slow ` +
      'tokenizer reads: vocab.txt (WordPiece), vocab.json + merges.txt (byte-level BPE), or a sentencepiece model ' +
      `(${Object.values(SPM_VOCAB_FILES).join(', ')}, read when tokenizer_config.json's tokenizer_class or config.json's ` +
      'model_type names DeBERTa-v2 or XLM-RoBERTa).',
  );
}

/** tokenizer.json for a slow vocabulary; the special tokens must be resolved already. */
export function convertSlowVocab(slow: SlowVocab, config: Record<string, unknown>, specials: SpecialTokens, source: string): TokenizerJson {
  if (slow.kind === 'wordpiece') return bertTokenizerJson(slow.vocab, config, specials);
  if (slow.kind === 'bpe') return byteLevelBpeTokenizerJson(slow.vocab, slow.merges, config, specials);
  return spmTokenizerJson(slow.family, slow.model, config, source);
}
