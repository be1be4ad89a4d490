// vocab.txt, the one-token-per-line vocabulary of BERT checkpoints (transformers' load_vocab / save_vocabulary).

/**
 * token → id, where the id is the line number. Like Python's `load_vocab`, only the "\n" is stripped from each
 * line, and a token that occurs twice keeps the id of its last line.
 */
export function parseVocabTxt(text: string): Map<string, number> {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const vocab = new Map<string, number>();
  lines.forEach((token, id) => vocab.set(token, id));
  return vocab;
}

/**
 * vocab.txt text: tokens ordered by id, one per line, as the Rust WordPiece model saves it. A line number is the id,
 * so ids with gaps cannot come back the same: like transformers, this warns and writes them in order anyway.
 */
export function serializeVocabTxt(vocab: Map<string, number>, where: string): string {
  const entries = [...vocab].sort((a, b) => a[1] - b[1]);
  for (const [token, id] of entries) {
    if (token.includes('\n')) throw new RangeError(`${where}: token ${id} (${JSON.stringify(token)}) contains a line break`);
  }
  if (entries.some(([, id], line) => id !== line)) {
    console.warn(`${where}: vocabulary indices are not consecutive; vocab.txt line numbers will not equal the ids.`);
  }
  return entries.map(([token]) => `${token}\n`).join('');
}
