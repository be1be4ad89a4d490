"""Slow-tokenizer references for XLM-RoBERTa on transformers' own test sentencepiece model.

Writes test/data/sentencepiece/xlm-roberta-references.json: for each text (and pair), what transformers 4.31's
slow XLMRobertaTokenizer returns (input_ids, attention_mask) and its tokens. Run from the repository root:

  PYTHONPATH=/tmp/hfref/site HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 /usr/bin/python3 \
    test/scripts/make_xlm_roberta_tokenizer_refs.py

Needs Debian's python3-sentencepiece. transformers 4.31 falls back to a bare AddedToken when the Rust `tokenizers`
package is missing; as in ../shared/fixtures (make_tokenizer_refs.py), that fallback is given tokenizers.AddedToken's
semantics (str() = content, ==/hash by content) before the tokenizer is built. Nothing else is patched.
"""
import json
import tempfile
import shutil

import transformers.tokenization_utils_base as tub


def _patch_added_token():
    cls = tub.AddedToken
    cls.__str__ = lambda self: self.content
    cls.__eq__ = lambda self, other: str(self) == str(other)
    cls.__hash__ = lambda self: hash(self.content)


_patch_added_token()

from transformers import XLMRobertaTokenizer  # noqa: E402

MODEL = "test/data/sentencepiece/test_sentencepiece.model"
SINGLES = [
    "This is a test",
    "I was born in 92000, and this is falsé.",
    "Hello world! How are you?",
    "  leading and   repeated   spaces  ",
    "tabs\tand\nnewlines",
    "",
    " ",
    "The capital of France is <mask>.",
    "<s> and </s> in the text",
    "Ünïcödé àccents and NFKC ﬁ ligature",
    "東京 and 😀 are outside this vocabulary",
    "unbelievably long words like antidisestablishmentarianism",
]
PAIRS = [
    ("This is a test", "and this is the second sequence."),
    ("", "empty first"),
    ("Hello world!", ""),
]


def main():
    tmp = tempfile.mkdtemp()
    try:
        shutil.copy(MODEL, f"{tmp}/sentencepiece.bpe.model")
        tok = XLMRobertaTokenizer.from_pretrained(tmp)
        out = {
            "meta": {
                "generator": "test/scripts/make_xlm_roberta_tokenizer_refs.py",
                "tokenizer_class": type(tok).__name__,
                "model": MODEL,
                "vocab_size": tok.vocab_size,
                "mask_token_id": tok.mask_token_id,
                "model_input_names": tok.model_input_names,
            },
            "singles": [
                {"text": t, "encoding": dict(tok(t)), "tokens": tok.tokenize(t)} for t in SINGLES
            ],
            "pairs": [{"a": a, "b": b, "encoding": dict(tok(a, b))} for a, b in PAIRS],
        }
    finally:
        shutil.rmtree(tmp)
    with open("test/data/sentencepiece/xlm-roberta-references.json", "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
