// Builds tokenizer.json from a sentencepiece `.model`, as transformers 4.31's SpmConverter subclasses do
// (convert_slow_tokenizer.py) for repos without tokenizer.json: DeBERTa-v2/v3 (spm.model) and XLM-RoBERTa
// (sentencepiece.bpe.model, with fairseq's id offset). Like the fast tokenizers, byte fallback is not applied:
// characters outside the vocabulary become the unknown token.
import type { SentencePieceModel } from './sentencepiece-model.js';
import { specialAddedToken, templateProcessing } from './template-json.js';
import type { AddedTokenJson, ComponentJson, TokenizerJson } from './tokenizer-json.js';

export type SpmFamily = 'deberta-v2' | 'xlm-roberta';

/** The vocabulary file name of each family's slow tokenizer. */
export const SPM_VOCAB_FILES: Readonly<Record<SpmFamily, string>> = { 'deberta-v2': 'spm.model', 'xlm-roberta': 'sentencepiece.bpe.model' };

const METASPACE = { replacement: '\u2581', add_prefix_space: true };
const COLLAPSE_SPACES: ComponentJson = { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' };

function charsmap(model: SentencePieceModel): ComponentJson[] {
  const map = model.precompiledCharsmap;
  return map.length === 0 ? [] : [{ type: 'Precompiled', precompiled_charsmap: Buffer.from(map).toString('base64') }];
}

function unigram(vocab: Array<[string, number]>, unkId: number, source: string, model: SentencePieceModel): TokenizerJson['model'] {
  if (model.modelType !== 1) {
    throw new Error(`${source}: sentencepiece model type ${model.modelType} is not supported (only unigram models, type 1, convert to tokenizer.json here)`);
  }
  return { type: 'Unigram', unk_id: unkId, vocab };
}

type Parts = Pick<TokenizerJson, 'added_tokens' | 'normalizer' | 'pre_tokenizer' | 'model' | 'post_processor'>;

function assemble(parts: Parts): TokenizerJson {
  return { version: '1.0', truncation: null, padding: null, ...parts, decoder: { type: 'Metaspace', ...METASPACE } };
}

/** DebertaV2Converter: lowercase (do_lower_case), strip, charsmap, Metaspace (after Punctuation with split_by_punct). */
function debertaV2(model: SentencePieceModel, config: Record<string, unknown>, source: string): TokenizerJson {
  const vocab = model.pieces.map((p): [string, number] => [p.piece, p.score]);
  const idOf = new Map(vocab.map(([piece], i) => [piece, i]));
  const added: AddedTokenJson[] = [];
  for (const token of ['[PAD]', '[CLS]', '[SEP]', '[UNK]', '[MASK]']) {
    const id = idOf.get(token) ?? vocab.length + added.filter((t) => t.id >= vocab.length).length;
    added.push(specialAddedToken(id, token));
  }
  const id = (token: string) => added.find((t) => t.content === token)!.id;
  const normalizers: ComponentJson[] = [
    ...(config.do_lower_case === true ? [{ type: 'Lowercase' }] : []),
    { type: 'Strip', strip_left: true, strip_right: true },
    ...charsmap(model),
    COLLAPSE_SPACES,
  ];
  const pretokenizers: ComponentJson[] = [
    ...(config.split_by_punct === true ? [{ type: 'Punctuation', behavior: 'Isolated' }] : []),
    { type: 'Metaspace', ...METASPACE },
  ];
  return assemble({
    added_tokens: added.sort((a, b) => a.id - b.id),
    normalizer: { type: 'Sequence', normalizers },
    pre_tokenizer: { type: 'Sequence', pretokenizers },
    model: unigram(vocab, model.unkId, source, model),
    post_processor: templateProcessing('[CLS]:0 $A:0 [SEP]:0', '[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1', [
      ['[CLS]', id('[CLS]')],
      ['[SEP]', id('[SEP]')],
    ]),
  });
}

/** XLMRobertaConverter: fairseq's four specials first, the pieces from the fourth on, then `<mask>` (lstrip). */
function xlmRoberta(model: SentencePieceModel, source: string): TokenizerJson {
  const specials: Array<[string, number]> = [['<s>', 0], ['<pad>', 0], ['</s>', 0], ['<unk>', 0]];
  const vocab: Array<[string, number]> = [...specials, ...model.pieces.slice(3).map((p): [string, number] => [p.piece, p.score]), ['<mask>', 0]];
  const mask = vocab.length - 1;
  return assemble({
    added_tokens: [
      ...specials.map(([token], i) => specialAddedToken(i, token)),
      specialAddedToken(mask, '<mask>', { lstrip: true }),
    ],
    normalizer: { type: 'Sequence', normalizers: [...charsmap(model), COLLAPSE_SPACES] },
    pre_tokenizer: { type: 'Metaspace', ...METASPACE },
    model: unigram(vocab, 3, source, model),
    post_processor: templateProcessing('<s>:0 $A:0 </s>:0', '<s>:0 $A:0 </s>:0 </s>:0 $B:0 </s>:0', [
      ['<s>', 0],
      ['</s>', 2],
    ]),
  });
}

/** tokenizer.json for `family` from its sentencepiece model; `config` is tokenizer_config.json. */
export function spmTokenizerJson(family: SpmFamily, model: SentencePieceModel, config: Record<string, unknown>, source: string): TokenizerJson {
  return family === 'deberta-v2' ? debertaV2(model, config, source) : xlmRoberta(model, source);
}
