// tokenizer.json pieces the converters share: a TemplateProcessing post-processor and special added tokens.
import type { AddedTokenJson, ComponentJson } from './tokenizer-json.js';

/** `"[CLS]:0 $A:0 [SEP]:0"` → TemplateProcessing items (`$A`/`$B` are the sequences; every item has its type id). */
function items(template: string): unknown[] {
  return template.split(' ').map((item) => {
    const colon = item.lastIndexOf(':');
    const name = item.slice(0, colon);
    const type_id = Number(item.slice(colon + 1));
    return name === '$A' || name === '$B' ? { Sequence: { id: name.slice(1), type_id } } : { SpecialToken: { id: name, type_id } };
  });
}

/** transformers' `processors.TemplateProcessing(single=..., pair=..., special_tokens=[(token, id)...])`. */
export function templateProcessing(single: string, pair: string, specialTokens: ReadonlyArray<readonly [string, number]>): ComponentJson {
  return {
    type: 'TemplateProcessing',
    single: items(single),
    pair: items(pair),
    special_tokens: Object.fromEntries(specialTokens.map(([token, id]) => [token, { id: token, ids: [id], tokens: [token] }])),
  };
}

/** A special added token as `tokenizer.add_special_tokens` stores it (not normalized). */
export function specialAddedToken(id: number, content: string, options: { lstrip?: boolean } = {}): AddedTokenJson {
  return { id, content, single_word: false, lstrip: options.lstrip ?? false, rstrip: false, normalized: false, special: true };
}
