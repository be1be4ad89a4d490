// Per-architecture tokenizer defaults that transformers keeps in its tokenizer classes, not in the files.
import type { SpecialTokenName } from './special-tokens.js';

export interface TokenizerFamily {
  /** transformers' slow class name, written to tokenizer_config.json as `tokenizer_class`. */
  className: string;
  specialTokens: Partial<Record<SpecialTokenName, string>>;
  modelInputNames: string[];
}

const WITH_TYPES = ['input_ids', 'token_type_ids', 'attention_mask'];
const WITHOUT_TYPES = ['input_ids', 'attention_mask'];

const BERT_TOKENS = {
  unk_token: '[UNK]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  cls_token: '[CLS]',
  mask_token: '[MASK]',
};
const ROBERTA_TOKENS = {
  bos_token: '<s>',
  eos_token: '</s>',
  sep_token: '</s>',
  cls_token: '<s>',
  unk_token: '<unk>',
  pad_token: '<pad>',
  mask_token: '<mask>',
};
const DEBERTA_V2_TOKENS = { ...BERT_TOKENS, bos_token: '[CLS]', eos_token: '[SEP]' };
const GPT2_TOKENS = { bos_token: '<|endoftext|>', eos_token: '<|endoftext|>', unk_token: '<|endoftext|>' };

const FAMILIES: Record<string, TokenizerFamily> = {
  bert: { className: 'BertTokenizer', specialTokens: BERT_TOKENS, modelInputNames: WITH_TYPES },
  electra: { className: 'ElectraTokenizer', specialTokens: BERT_TOKENS, modelInputNames: WITH_TYPES },
  mobilebert: { className: 'MobileBertTokenizer', specialTokens: BERT_TOKENS, modelInputNames: WITH_TYPES },
  squeezebert: { className: 'SqueezeBertTokenizer', specialTokens: BERT_TOKENS, modelInputNames: WITH_TYPES },
  convbert: { className: 'ConvBertTokenizer', specialTokens: BERT_TOKENS, modelInputNames: WITH_TYPES },
  layoutlm: { className: 'LayoutLMTokenizer', specialTokens: BERT_TOKENS, modelInputNames: WITH_TYPES },
  distilbert: { className: 'DistilBertTokenizer', specialTokens: BERT_TOKENS, modelInputNames: WITHOUT_TYPES },
  roberta: { className: 'RobertaTokenizer', specialTokens: ROBERTA_TOKENS, modelInputNames: WITHOUT_TYPES },
  longformer: { className: 'LongformerTokenizer', specialTokens: ROBERTA_TOKENS, modelInputNames: WITHOUT_TYPES },
  bart: { className: 'BartTokenizer', specialTokens: ROBERTA_TOKENS, modelInputNames: WITHOUT_TYPES },
  xlmroberta: { className: 'XLMRobertaTokenizer', specialTokens: ROBERTA_TOKENS, modelInputNames: WITHOUT_TYPES },
  camembert: { className: 'CamembertTokenizer', specialTokens: ROBERTA_TOKENS, modelInputNames: WITHOUT_TYPES },
  debertav2: { className: 'DebertaV2Tokenizer', specialTokens: DEBERTA_V2_TOKENS, modelInputNames: WITH_TYPES },
  gpt2: { className: 'GPT2Tokenizer', specialTokens: GPT2_TOKENS, modelInputNames: WITHOUT_TYPES },
};

/** "BertTokenizerFast" / "BertTokenizer" / "bert" / "xlm-roberta" → the family key. */
function familyKey(name: string): string {
  return name.replace(/(Tokenizer)?(Fast)?$/, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The key of the first known family among `tokenizer_class` and `model_type` (`debertav2`, `xlmroberta`), or null. */
export function knownFamilyKey(tokenizerClass: string | undefined, modelType: string | undefined): string | null {
  for (const name of [tokenizerClass, modelType]) {
    if (name !== undefined && FAMILIES[familyKey(name)] !== undefined) return familyKey(name);
  }
  return null;
}

/**
 * The family of `tokenizer_class` (tokenizer_config.json), else of `model_type` (config.json), else BERT when the
 * tokenizer is BERT-shaped (WordPiece model with the BERT pre-tokenizer), else null (no class defaults).
 */
export function findFamily(
  tokenizerClass: string | undefined,
  modelType: string | undefined,
  bertShaped: boolean,
): TokenizerFamily | null {
  const key = knownFamilyKey(tokenizerClass, modelType);
  if (key !== null) return FAMILIES[key]!;
  return bertShaped ? FAMILIES.bert! : null;
}

export const DEFAULT_MODEL_INPUT_NAMES = WITH_TYPES;
