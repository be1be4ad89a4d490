// PreTrainedTokenizerFast: a callable tokenizer over a tokenizer.json, with transformers' Python API in camelCase.
import type { Tokenizer } from '@huggingface/tokenizers';
import { loadBackendTokenizer } from './backend.js';
import { Callable } from './callable.js';
import { encodeBatch, type CallResult } from './encode-batch.js';
import { DEFAULT_MODEL_INPUT_NAMES, type TokenizerFamily } from './families.js';
import { describe, toIdList, toPlain } from './inputs.js';
import { padFeatures } from './pad.js';
import { saveTokenizer } from './save.js';
import type { TokenizerSettings } from './settings.js';
import { SpecialTokensTemplate } from './special-template.js';
import { SPECIAL_TOKEN_NAMES, type SpecialTokenName, type SpecialTokens } from './special-tokens.js';
import { createTextEncoder, type EncodeText } from './text-encoder.js';
import { jsonDefaults, modelVocab, type TokenizerJson } from './tokenizer-json.js';
import type { TruncationSide } from './truncation.js';
import type {
  BatchEncoding,
  DecodeOptions,
  EncodeOptions,
  PadFeature,
  PaddingOptions,
  PaddingSide,
  Tensor,
  TokenIds,
} from './types.js';

/** transformers' VERY_LARGE_INTEGER (int(1e30)): the model_max_length of a tokenizer without a limit. */
export const NO_MAX_LENGTH = 1e30;

export interface TokenizerInit {
  json: TokenizerJson;
  config: Record<string, unknown>;
  specialTokens: SpecialTokens;
  family: TokenizerFamily | null;
  /** Where the files came from, for error messages. */
  source: string;
  modelMaxLength?: number;
  paddingSide?: PaddingSide;
  truncationSide?: TruncationSide;
}

type ListOptions = EncodeOptions & { returnTensors?: null };
type TensorOptions = EncodeOptions & { returnTensors: 'pt' };

/** The call signatures: one text gives one row (number[]), a list gives rows (number[][]), 'pt' gives tensors. */
export interface TokenizerCall {
  (text: string, options?: ListOptions): BatchEncoding<number[]>;
  (text: string[], options?: ListOptions): BatchEncoding<number[][]>;
  (text: string | string[], options: TensorOptions): BatchEncoding<Tensor>;
  (text: string | string[], options?: EncodeOptions): CallResult;
}

function sideOption<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (!allowed.includes(value as T)) throw new TypeError(`${name} must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  return value as T;
}

export interface PreTrainedTokenizerFast extends TokenizerCall {}

export class PreTrainedTokenizerFast extends Callable<[string | string[], EncodeOptions?], CallResult> implements TokenizerSettings {
  readonly encodeText: EncodeText;
  readonly template: SpecialTokensTemplate;
  modelMaxLength: number;
  paddingSide: PaddingSide;
  truncationSide: TruncationSide;
  readonly modelInputNames: readonly string[];
  readonly padTokenTypeId: number;
  /** The @huggingface/tokenizers tokenizer this one runs on. */
  readonly backendTokenizer: Tokenizer;
  private readonly json: TokenizerJson;
  private readonly config: Record<string, unknown>;
  private readonly special: SpecialTokens;
  private readonly family: TokenizerFamily | null;
  private readonly warned = new Set<string>();

  constructor(init: TokenizerInit) {
    super();
    const { json, config } = init;
    this.json = json;
    this.config = config;
    this.special = { ...init.specialTokens, additional_special_tokens: [...init.specialTokens.additional_special_tokens] };
    this.family = init.family;
    this.backendTokenizer = loadBackendTokenizer(json, config);
    this.encodeText = createTextEncoder(this.backendTokenizer, json, config, `${init.source}: tokenizer.json`);
    this.template = SpecialTokensTemplate.fromTokenizer(this.backendTokenizer, json.post_processor, (t) =>
      this.backendTokenizer.token_to_id(t),
    );
    const configMax = config.model_max_length;
    if (configMax !== undefined && configMax !== null && (typeof configMax !== 'number' || !(configMax > 0))) {
      throw new TypeError(`${init.source}: tokenizer_config.json model_max_length must be a positive number, got ${describe(configMax)}`);
    }
    this.modelMaxLength = init.modelMaxLength ?? (configMax as number | undefined) ?? NO_MAX_LENGTH;
    const fromJson = jsonDefaults(json);
    this.paddingSide =
      init.paddingSide ?? sideOption('padding_side', config.padding_side, ['right', 'left']) ?? fromJson.paddingSide ?? 'right';
    this.truncationSide =
      init.truncationSide ?? sideOption('truncation_side', config.truncation_side, ['right', 'left']) ?? fromJson.truncationSide ?? 'right';
    const names = config.model_input_names;
    this.modelInputNames = Array.isArray(names) ? (names as string[]) : (init.family?.modelInputNames ?? DEFAULT_MODEL_INPUT_NAMES);
    this.padTokenTypeId = typeof config.pad_token_type_id === 'number' ? config.pad_token_type_id : (fromJson.padTypeId ?? 0);
  }

  protected _call(text: string | string[], options: EncodeOptions = {}): CallResult {
    return encodeBatch(this, text, options);
  }

  warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    console.warn(message);
  }

  /** The input_ids of one text (or pair), with special tokens unless `addSpecialTokens: false`. */
  encode(text: string, options: Omit<EncodeOptions, 'returnTensors'> = {}): number[] {
    if (typeof text !== 'string') throw new TypeError(`encode: text must be a string, got ${describe(text)}`);
    return (encodeBatch(this, text, { ...options, returnTensors: null }) as BatchEncoding<number[]>).input_ids;
  }

  /** The tokens of a text (no special tokens unless asked), e.g. ['Hello', ',', 'wo', '##rld']. */
  tokenize(text: string, options: { textPair?: string; addSpecialTokens?: boolean } = {}): string[] {
    const ids = this.encode(text, { textPair: options.textPair, addSpecialTokens: options.addSpecialTokens ?? false });
    return ids.map((id) => this.backendTokenizer.id_to_token(id) ?? this.special.unk_token ?? '');
  }

  decode(ids: TokenIds, options: DecodeOptions = {}): string {
    const list = toIdList(ids, 'decode: ids');
    if (list.length === 0) return '';
    return this.backendTokenizer.decode(list, {
      skip_special_tokens: options.skipSpecialTokens ?? false,
      clean_up_tokenization_spaces: options.cleanUpTokenizationSpaces ?? null,
    });
  }

  batchDecode(sequences: readonly TokenIds[] | Tensor, options: DecodeOptions = {}): string[] {
    const rows = toPlain(sequences);
    if (!Array.isArray(rows)) throw new TypeError(`batchDecode: sequences must be a list of id lists, got ${describe(sequences)}`);
    return rows.map((row, i) => this.decode(toIdList(row, `batchDecode: sequences[${i}]`), options));
  }

  /** Id of each token (unknown tokens give unkTokenId, or null without an unk token), as in Python. */
  convertTokensToIds(tokens: string): number | null;
  convertTokensToIds(tokens: string[]): (number | null)[];
  convertTokensToIds(tokens: string | string[]): number | null | (number | null)[] {
    const one = (t: unknown, where: string): number | null => {
      if (typeof t !== 'string') throw new TypeError(`convertTokensToIds: ${where} must be a string, got ${describe(t)}`);
      return this.backendTokenizer.token_to_id(t) ?? this.unkTokenId;
    };
    return Array.isArray(tokens) ? tokens.map((t, i) => one(t, `tokens[${i}]`)) : one(tokens, 'token');
  }

  /** Token of each id (null for an id outside the vocabulary); `skipSpecialTokens` drops special ones. */
  convertIdsToTokens(ids: number, options?: { skipSpecialTokens?: boolean }): string | null;
  convertIdsToTokens(ids: number[], options?: { skipSpecialTokens?: boolean }): (string | null)[];
  convertIdsToTokens(ids: number | number[], options: { skipSpecialTokens?: boolean } = {}): string | null | (string | null)[] {
    if (typeof ids === 'number') return this.backendTokenizer.id_to_token(toIdList([ids], 'convertIdsToTokens: id')[0]!) ?? null;
    const special = new Set(this.allSpecialIds);
    return toIdList(ids, 'convertIdsToTokens: ids')
      .filter((id) => !(options.skipSpecialTokens && special.has(id)))
      .map((id) => this.backendTokenizer.id_to_token(id) ?? null);
  }

  /** token → id, added tokens included. */
  getVocab(): Record<string, number> {
    return Object.fromEntries(this.backendTokenizer.get_vocab(true));
  }

  /** Size of the model's vocabulary without added tokens (Python `vocab_size`). */
  get vocabSize(): number {
    return modelVocab(this.json.model).size;
  }

  /** Pads encoded examples to one length (what DataCollatorWithPadding uses); padding defaults to true. */
  pad(features: PadFeature[] | Record<string, unknown>, options: PaddingOptions & { returnTensors: 'pt' }): BatchEncoding<Tensor>;
  pad(features: PadFeature[] | Record<string, unknown>, options?: PaddingOptions & { returnTensors?: null }): BatchEncoding<number[][]>;
  pad(features: PadFeature[] | Record<string, unknown>, options: PaddingOptions = {}): BatchEncoding<number[][]> | BatchEncoding<Tensor> {
    return padFeatures(this, features, options);
  }

  /** Writes tokenizer.json, tokenizer_config.json, special_tokens_map.json (and vocab.txt for WordPiece). */
  async savePretrained(dir: string): Promise<string[]> {
    const config: Record<string, unknown> = { ...this.config };
    config.tokenizer_class ??= this.family?.className ?? 'PreTrainedTokenizerFast';
    if (this.paddingSide !== 'right' || 'padding_side' in config) config.padding_side = this.paddingSide;
    if (this.truncationSide !== 'right' || 'truncation_side' in config) config.truncation_side = this.truncationSide;
    return saveTokenizer(dir, { json: this.json, config, specialTokens: this.special, modelMaxLength: this.modelMaxLength });
  }

  // ---- special tokens -------------------------------------------------------------------------------------

  private getToken(name: SpecialTokenName): string | null {
    return this.special[name] ?? null;
  }
  private setToken(name: SpecialTokenName, value: string | null): void {
    if (value !== null && typeof value !== 'string') throw new TypeError(`${name} must be a string or null, got ${describe(value)}`);
    if (value === null) delete this.special[name];
    else this.special[name] = value;
  }
  private idOf(name: SpecialTokenName): number | null {
    const token = this.special[name];
    return token === undefined ? null : this.convertTokensToIds(token);
  }

  get padToken(): string | null { return this.getToken('pad_token'); }
  set padToken(v: string | null) { this.setToken('pad_token', v); }
  get clsToken(): string | null { return this.getToken('cls_token'); }
  set clsToken(v: string | null) { this.setToken('cls_token', v); }
  get sepToken(): string | null { return this.getToken('sep_token'); }
  set sepToken(v: string | null) { this.setToken('sep_token', v); }
  get unkToken(): string | null { return this.getToken('unk_token'); }
  set unkToken(v: string | null) { this.setToken('unk_token', v); }
  get maskToken(): string | null { return this.getToken('mask_token'); }
  set maskToken(v: string | null) { this.setToken('mask_token', v); }
  get bosToken(): string | null { return this.getToken('bos_token'); }
  set bosToken(v: string | null) { this.setToken('bos_token', v); }
  get eosToken(): string | null { return this.getToken('eos_token'); }
  set eosToken(v: string | null) { this.setToken('eos_token', v); }

  get padTokenId(): number | null { return this.idOf('pad_token'); }
  get clsTokenId(): number | null { return this.idOf('cls_token'); }
  get sepTokenId(): number | null { return this.idOf('sep_token'); }
  get unkTokenId(): number | null {
    const token = this.special.unk_token;
    return token === undefined ? null : (this.backendTokenizer.token_to_id(token) ?? null);
  }
  get maskTokenId(): number | null { return this.idOf('mask_token'); }
  get bosTokenId(): number | null { return this.idOf('bos_token'); }
  get eosTokenId(): number | null { return this.idOf('eos_token'); }

  get additionalSpecialTokens(): string[] {
    return [...this.special.additional_special_tokens];
  }

  /** The special tokens in transformers' order (bos, eos, unk, sep, pad, cls, mask, additional), without repeats. */
  get allSpecialTokens(): string[] {
    const all = [...SPECIAL_TOKEN_NAMES.map((n) => this.special[n]), ...this.special.additional_special_tokens];
    return [...new Set(all.filter((t): t is string => t !== undefined))];
  }

  get allSpecialIds(): number[] {
    return this.allSpecialTokens.map((t) => this.convertTokensToIds(t)).filter((id): id is number => id !== null);
  }
}
