// Builds the @huggingface/tokenizers runtime for a validated tokenizer.json and runs it once on a probe text, so
// anything the runtime cannot handle (a component it lacks, a pattern it cannot run) fails at load, naming the
// file (AutoTokenizer adds its path), instead of inside the first tokenize() or decode().
import { Tokenizer } from '@huggingface/tokenizers';
import type { TokenizerJson } from './tokenizer-json.js';

const PROBE = 'Hello, world! 123 tokenizers';

export function loadBackendTokenizer(json: TokenizerJson, config: Record<string, unknown>): Tokenizer {
  try {
    const tokenizer = new Tokenizer(json, config);
    tokenizer.decode(tokenizer.encode(PROBE).ids, { skip_special_tokens: false });
    return tokenizer;
  } catch (err) {
    throw new Error(`the tokenizer runtime cannot load this tokenizer.json: ${(err as Error).message}`, { cause: err });
  }
}
