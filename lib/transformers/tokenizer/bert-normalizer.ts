// BertNormalizer as a few whole-string regex passes: the same output as @huggingface/tokenizers' BertNormalizer,
// which tests each character with its own regex (about 10x slower on review-length text).
import type { ComponentJson } from './tokenizer-json.js';

/** 0, U+FFFD and control characters (Cc, Cf, Co, Cs) other than tab, newline and carriage return. */
const DROPPED = /(?![\t\n\r])[\0\uFFFD\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu;
const WHITESPACE = /\s/g;
// The library checks CJK per UTF-16 unit, so only the BMP blocks take effect; kept identical on purpose.
const CJK = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/g;
const MARKS = /\p{Mn}/gu;

const stripAccents = (text: string) => text.normalize('NFD').replace(MARKS, '');

export function bertNormalizer(config: ComponentJson): (text: string) => string {
  const { clean_text: clean, handle_chinese_chars: chinese, lowercase, strip_accents: strip } = config;
  return (text) => {
    if (clean) text = text.replace(DROPPED, '').replace(WHITESPACE, ' ');
    if (chinese) text = text.replace(CJK, ' $& ');
    if (lowercase) {
      text = text.toLowerCase();
      if (strip !== false) text = stripAccents(text);
    } else if (strip) {
      text = stripAccents(text);
    }
    return text;
  };
}
