"""Counting word pieces the way an embedder truncates, fast (the chunker counts every block,
sentence and passage, so this is most of its time)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["TokenCounter", "additive_tokenizer", "fast_encoder"]

# Tokenizer parts that work character by character (normalisers) or split at least at every
# whitespace (pre-tokenisers): with them, and a model that encodes each word on its own, the
# word pieces of "a b" are those of "a" plus those of "b".
_PER_CHAR_NORMALIZERS = {"BertNormalizer", "Lowercase", "NFD", "NFKD", "StripAccents", "Strip"}
_WHITESPACE_SPLITTERS = {"BertPreTokenizer", "Whitespace", "WhitespaceSplit"}
_FINER_SPLITTERS = _WHITESPACE_SPLITTERS | {"Punctuation", "Digits"}


def _parts(spec: dict[str, Any] | None, key: str) -> list[str]:
    if not spec:
        return []
    if spec.get("type") == "Sequence":
        return [str(part.get("type")) for part in spec.get(key, [])]
    return [str(spec.get("type"))]


def additive_tokenizer(spec: dict[str, Any]) -> bool:
    """Whether counts add up over whitespace: ``count(a + " " + b) == count(a) + count(b)``.

    True for WordPiece models with BERT-style normalisers and whitespace pre-tokenisers
    (MiniLM, BERT, MPNet's tokenizers among them); False for anything else, e.g. SentencePiece
    or byte-level BPE, whose pieces may cross a space. The chunker sums counts of blocks and
    sentences (split at whitespace) and skips recounting its finished passages when this holds.
    """
    model = (spec.get("model") or {}).get("type")
    normalizers = _parts(spec.get("normalizer"), "normalizers")
    splitters = _parts(spec.get("pre_tokenizer"), "pretokenizers")
    return (
        model == "WordPiece"
        and all(n in _PER_CHAR_NORMALIZERS for n in normalizers)
        and bool(splitters)
        and any(p in _WHITESPACE_SPLITTERS for p in splitters)
        and all(p in _FINER_SPLITTERS for p in splitters)
    )


def fast_encoder(tokenizer: Any) -> Callable[..., list[Any]]:
    """``tokenizer.encode_batch_fast`` (tokenizers >= 0.20: no character offsets, which nothing
    here reads), else ``encode_batch``."""
    return getattr(tokenizer, "encode_batch_fast", tokenizer.encode_batch)  # type: ignore[no-any-return]


class TokenCounter:
    """Word pieces per text, without special tokens or truncation, counted by a Rust
    ``tokenizers.Tokenizer`` directly: no offsets, no Python-side encodings."""

    def __init__(self, tokenizer: Any) -> None:
        from tokenizers import Tokenizer

        spec = tokenizer.to_str()
        self._tokenizer = Tokenizer.from_str(spec)  # a copy: settings are shared
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self.additive = additive_tokenizer(json.loads(spec))
        self._encode = fast_encoder(self._tokenizer)

    def __call__(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        return [len(e.ids) for e in self._encode(list(texts), add_special_tokens=False)]
