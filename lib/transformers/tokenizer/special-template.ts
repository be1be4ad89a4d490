// Where the post-processor puts special tokens ([CLS] A [SEP] B [SEP]) and which token type each part gets,
// applied to id lists. Knowing the count of added tokens up front is what truncation needs.
import type { Tokenizer } from '@huggingface/tokenizers';
import type { ComponentJson } from './tokenizer-json.js';

export type Piece = { sequence: 'A' | 'B'; typeId: number } | { ids: number[]; typeId: number };

/** A number[] or a typed array, written by index. */
export type Writable = { [index: number]: number };

export class SpecialTokensTemplate {
  constructor(
    private readonly single: Piece[],
    private readonly pair: Piece[],
  ) {
    const count = (pieces: Piece[], s: 'A' | 'B') => pieces.filter((p) => 'sequence' in p && p.sequence === s).length;
    if (count(single, 'A') !== 1 || count(single, 'B') !== 0 || count(pair, 'A') !== 1 || count(pair, 'B') !== 1) {
      throw new Error('tokenizer.json: the post_processor must place each sequence exactly once');
    }
  }

  /** From tokenizer.json's post_processor: TemplateProcessing is read directly, other kinds are probed. */
  static fromTokenizer(lib: Tokenizer, postProcessor: ComponentJson | null, tokenToId: (t: string) => number | undefined): SpecialTokensTemplate {
    if (postProcessor === null) {
      return new SpecialTokensTemplate([{ sequence: 'A', typeId: 0 }], [{ sequence: 'A', typeId: 0 }, { sequence: 'B', typeId: 0 }]);
    }
    if (postProcessor.type === 'TemplateProcessing') return fromTemplateJson(postProcessor);
    return probe(lib, tokenToId);
  }

  numSpecialTokens(isPair: boolean): number {
    let n = 0;
    for (const piece of isPair ? this.pair : this.single) if ('ids' in piece) n += piece.ids.length;
    return n;
  }

  /** Length of the row that `write` produces. */
  length(a: number[], b: number[] | null, addSpecialTokens: boolean): number {
    return a.length + (b?.length ?? 0) + (addSpecialTokens ? this.numSpecialTokens(b !== null) : 0);
  }

  /**
   * Writes the row (special tokens around the sequences) into `ids` and `typeIds` from `offset` on. Writing into
   * preallocated arrays (lists of the padded length, or a tensor's Int32Array) avoids a copy per row.
   */
  write(a: number[], b: number[] | null, addSpecialTokens: boolean, ids: Writable, typeIds: Writable | null, offset: number): void {
    let at = offset;
    for (const piece of b === null ? this.single : this.pair) {
      if ('ids' in piece) {
        if (!addSpecialTokens) continue;
        for (const id of piece.ids) {
          if (typeIds !== null) typeIds[at] = piece.typeId;
          ids[at++] = id;
        }
      } else {
        const seq = piece.sequence === 'A' ? a : b!;
        if (typeIds !== null) for (let i = 0; i < seq.length; i++) typeIds[at + i] = piece.typeId;
        for (let i = 0; i < seq.length; i++) ids[at + i] = seq[i]!;
        at += seq.length;
      }
    }
  }
}

interface TemplateJson {
  single: TemplateItem[];
  pair: TemplateItem[];
  special_tokens: Record<string, { ids: number[] }>;
}
type TemplateItem = { SpecialToken: { id: string; type_id: number } } | { Sequence: { id: 'A' | 'B'; type_id: number } };

function fromTemplateJson(json: ComponentJson): SpecialTokensTemplate {
  const t = json as unknown as TemplateJson;
  const pieces = (items: TemplateItem[]): Piece[] =>
    items.map((item) => {
      if ('Sequence' in item) return { sequence: item.Sequence.id, typeId: item.Sequence.type_id };
      const special = t.special_tokens?.[item.SpecialToken.id];
      if (!special) {
        throw new Error(`tokenizer.json: post_processor template uses ${item.SpecialToken.id}, which is not in its special_tokens`);
      }
      return { ids: special.ids, typeId: item.SpecialToken.type_id };
    });
  return new SpecialTokensTemplate(pieces(t.single), pieces(t.pair));
}

const PLACEHOLDER_A = '\uE000A\uE000';
const PLACEHOLDER_B = '\uE000B\uE000';

/** Runs the library's post-processor on one placeholder token per sequence and reads the layout off the result. */
function probe(lib: Tokenizer, tokenToId: (t: string) => number | undefined): SpecialTokensTemplate {
  const pp = lib.post_processor!;
  const layout = (out: { tokens: string[]; tokens_pair?: string[]; token_type_ids?: number[] }): Piece[] => {
    const tokens = out.tokens_pair ? [...out.tokens, ...out.tokens_pair] : out.tokens;
    return tokens.map((token, i) => {
      const typeId = out.token_type_ids?.[i] ?? 0;
      if (token === PLACEHOLDER_A) return { sequence: 'A', typeId };
      if (token === PLACEHOLDER_B) return { sequence: 'B', typeId };
      const id = tokenToId(token);
      if (id === undefined) throw new Error(`tokenizer.json: the post_processor adds ${JSON.stringify(token)}, which has no id`);
      return { ids: [id], typeId };
    });
  };
  return new SpecialTokensTemplate(layout(pp.post_process([PLACEHOLDER_A], null, true)), layout(pp.post_process([PLACEHOLDER_A], [PLACEHOLDER_B], true)));
}
