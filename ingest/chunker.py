"""Structure-first chunking of agenda-item text into citable passages.

No chunk crosses an agenda-item boundary. An item's text is cut into blocks (paragraphs, list
entries, decisions) packed greedily into chunks of at most ``max_tokens`` word pieces, title prefix
included; an over-long block becomes overlapping sentence windows (an over-long sentence, word
windows). A decision ("RESOLVED:" and its list) stays whole up to ``decision_max_tokens``.
Blocks and sentences are counted once, in batched ``count_tokens`` calls, and summed, with one
token of slack per join; the final chunks are recounted in one call, unless the tokenizer's
counts add up over whitespace (``additive``: every piece boundary is whitespace, so the sums are
already upper bounds). Chunk text is exactly ``document.text[char_start:char_end]``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rag.models import AgendaItem, Chunk, ParsedDocument, content_hash, stable_id
from rag.settings import ChunkerSettings
from rag.text import BULLET_MARKER, LIST_MARKER, Span, continues_after, split_sentences

__all__ = ["CHARS_PER_TOKEN_CAP", "TokenCounter", "chunk_document", "item_id_for"]

TokenCounter = Callable[[Sequence[str]], list[int]]

_JOIN = 1  # tokens allowed for joining two separately counted texts
CHARS_PER_TOKEN_CAP = 16
"""A passage holds at most this many characters per token of its limit (240 tokens: 3,840
characters; prose runs at 4-6). Token counts alone cannot bound a passage: a WordPiece
tokenizer reads any word over 100 characters as one ``[UNK]``, so a megabyte without a space
would count as one token and become one giant passage; past the cap a passage is cut, if need
be inside a word."""
_TITLE_ONLY_BUDGET = 16  # text budget when the item title alone fills max_tokens
_LIST_RE = re.compile(rf"\s*{LIST_MARKER}(?=\s)")
_BULLET_RE = re.compile(rf"\s*{BULLET_MARKER}(?=\s)")
_BOILER_RE = re.compile(
    r"(?:minutes|supporting documents?|additional documents?|agenda item|issue - meetings)\s*:?",
    re.I,
)
# "RESOLVED that", "Resolved:", "AGREED (unanimously)"; not "Agreed actions", "Decision-making"
_DECISION_RE = re.compile(
    r"\s*(?:it\s+was\s+)?(?:(?-i:RESOLVED|AGREED|DECISION|RECOMMENDED)(?=\s)"
    r"|(?:resolved|agreed|decision|recommended)"
    r"(?=\s*(?:$|[:(.,;]|[-–—]\s|(?:that|unanimously|to|by|accordingly)\b)))",
    re.I,
)
_HEAD_ONLY_RE = re.compile(
    r"\s*(?:it\s+was\s+)?(?:resolved|agreed|decision|recommended)\s*(?:\([^)]*\))?"
    r"\s*[:.\-–—]?\s*(?:that)?\s*[:\-–—]?\s*",
    re.I,
)
_THAT_RE = re.compile(r"\s*that\b", re.I)
_END_RE = re.compile(r"[.!?:;][\"'”’)\]]*$")


def item_id_for(doc_id: str, index: int, item: AgendaItem) -> str:
    """Stable id of the ``index``-th agenda item of a document."""
    return stable_id(doc_id, index, item.item_number, item.title)


def _trim(text: str, start: int, end: int) -> Span:
    seg = text[start:end]
    first = start + len(seg) - len(seg.lstrip())
    return first, max(first, start + len(seg.rstrip()))


@dataclass
class _Block:
    start: int
    end: int
    text: str
    entry: bool = False  # a list entry
    boiler: bool = False  # boilerplate only: never chunked on its own
    tokens: int = 0
    gap: int = 0  # tokens of boilerplate between this block and the previous one


@dataclass
class _Piece:
    start: int
    end: int
    tokens: int
    cap: int  # largest chunk this piece may end up in (the decision budget for a big decision)
    overlap: int = 0  # tokens shared with the previous piece (sentence-window overlap)
    gap: int = 0


@dataclass
class _Item:
    pos: int
    item_id: str
    title: str
    blocks: list[_Block]
    budget: int = 0
    dbudget: int = 0


def _blocks(text: str, start: int, end: int) -> list[_Block]:
    """Paragraphs (blank-line separated, or lines ending a sentence), list entries and
    boilerplate lines. A numbered line continues the paragraph when the line before it ends
    mid-sentence (wrapped text: "… Road to / 14.5 metres."), and a page break's furniture
    inside an unfinished sentence stays inside its block (:func:`rag.text.continues_after`)."""
    blocks: list[_Block] = []
    lines: list[Span] = []
    prev = ""

    def flush() -> None:
        if lines:
            s, e = lines[0][0], lines[-1][1]
            body = text[s:e]
            boiler = _BOILER_RE.fullmatch(body) is not None
            blocks.append(_Block(s, e, body, bool(_LIST_RE.match(body)), boiler))
            lines.clear()

    pos = start
    resume = -1  # a page break's furniture inside an unfinished sentence runs up to here
    for raw in text[start:end].splitlines(keepends=True):
        s, e = _trim(text, pos, pos + len(raw))
        pos += len(raw)
        if s == e:
            if pos <= resume:
                continue
            back = None if not lines or _END_RE.search(prev) else continues_after(text, pos)
            if back is not None and back < end:
                resume = back  # the sentence goes on after the furniture: one block
                continue
            flush()
            continue
        line = text[s:e]
        if s < resume:
            lines.append((s, e))
            continue
        entry = _LIST_RE.match(line) and (
            _END_RE.search(prev)
            or _BULLET_RE.match(line)
            or (lines and _LIST_RE.match(text, lines[0][0]))
        )
        if (
            _END_RE.search(prev)
            or entry
            or _BOILER_RE.fullmatch(line)
            or _BOILER_RE.fullmatch(prev)
            or _DECISION_RE.match(line)
        ):
            flush()
        lines.append((s, e))
        prev = line
    flush()
    return blocks


def _windows(units: Sequence[int], limit: int, overlap: int) -> list[Span]:
    """Greedy [i, j) windows over unit token counts, each ≤ limit (a lone big unit excepted)."""
    out: list[Span] = []
    i = 0
    while i < len(units):
        j, total = i + 1, units[i]
        while j < len(units) and total + _JOIN + units[j] <= limit:
            total += _JOIN + units[j]
            j += 1
        out.append((i, j))
        if j >= len(units):
            break
        i = max(j - overlap, i + 1)
        while i < j and sum(units[i : j + 1]) + _JOIN * (j - i) > limit:
            i += 1  # less overlap rather than a window holding nothing new
    return out


def _balanced(units: Sequence[int], limit: int, overlap: int) -> list[Span]:
    """As few windows as greedy packing needs, but of even size (no tiny last window)."""
    best = _windows(units, limit, overlap)
    if len(best) > 1:
        target = math.ceil(sum(units) / len(best))
        while target < limit:
            trial = _windows(units, target, overlap)
            if len(trial) <= len(best):
                return trial
            target += max(1, limit // 40)
    return best


class _Chunker:
    def __init__(
        self,
        parsed: ParsedDocument,
        count: TokenCounter,
        settings: ChunkerSettings,
        additive: bool = False,
    ):
        self.doc = parsed.document
        self.additive = additive
        self.text = parsed.document.text
        self.settings = settings
        self._count = count
        self.counts: dict[str, int] = {}  # text → tokens, filled by batched calls
        self.items: list[_Item] = []
        n = len(self.text)
        for pos, span in enumerate(parsed.items):
            start, end = max(0, min(span.start, n)), max(0, min(span.end, n))
            item_id = item_id_for(self.doc.doc_id, pos, span.item)
            blocks = _blocks(self.text, start, end) if start < end else []
            self.items.append(_Item(pos, item_id, span.item.title.strip(), blocks))

    def prime(self, texts: Iterable[str]) -> None:
        todo = [t for t in dict.fromkeys(texts) if t not in self.counts]
        if todo:
            sizes = self._count(todo)
            if len(sizes) != len(todo):
                raise ValueError("count_tokens returned a wrong number of counts")
            self.counts.update(zip(todo, sizes, strict=True))

    def embed_text(self, item: _Item, start: int, end: int) -> str:
        body = self.text[start:end]
        return f"{item.title}\n{body}" if item.title else body

    def title_cost(self, item: _Item) -> int:
        return self.counts[item.title] + _JOIN if item.title else 0

    def run(self) -> list[tuple[str, Chunk]]:
        blocks = [b for it in self.items for b in it.blocks]
        self.prime([it.title for it in self.items if it.title] + [b.text for b in blocks])
        for it in self.items:
            cost = self.title_cost(it)
            room = self.settings.max_tokens - cost
            it.budget = room if room > 0 else _TITLE_ONLY_BUDGET
            it.dbudget = max(self.settings.decision_max_tokens - cost, it.budget)
            gap = 0
            for b in it.blocks:
                b.tokens = self.counts[b.text]
                b.gap, gap = gap, (gap + b.tokens + _JOIN if b.boiler else 0)
        # Sentences of over-long blocks, then words of over-long sentences: one call each.
        for level in (self._sentences, self._words):
            self.prime(
                [self.text[s:e] for it in self.items for b in it.blocks for s, e in level(it, b)]
            )
        packed = [(it, _pack(self._pieces(it), it.budget)) for it in self.items]
        chunks = [(it, c) for it, cs in packed for c in self._merge_small(cs)]
        if not self.additive:
            return self._verify(chunks)
        # The sums bound the real counts: only a chunk whose sum is over its limit (one word
        # longer than the budget: a URL, a table row without spaces) is counted and cut.
        fits = [
            c.tokens <= self._limit(big) and c.end - c.start <= self._char_limit(big)
            for it, c in chunks
            for big in (c.cap > it.budget,)
        ]
        over = [chunk for chunk, ok in zip(chunks, fits, strict=True) if not ok]
        done = [(it, c.start, c.end) for (it, c), ok in zip(chunks, fits, strict=True) if ok]
        return self._verify(over, done)

    def _sentences(self, it: _Item, b: _Block) -> list[Span]:
        if b.boiler or b.tokens <= it.budget:
            return []
        return [(b.start + s, b.start + e) for s, e in split_sentences(b.text)]

    def _words(self, it: _Item, b: _Block) -> list[Span]:
        return [
            (s + m.start(), s + m.end())
            for s, e in self._sentences(it, b)
            if self.counts[self.text[s:e]] > it.budget
            for m in re.finditer(r"\S+", self.text[s:e])
        ]

    def _units(self, it: _Item, b: _Block) -> tuple[list[Span], list[int]]:
        """Sentences of a block (an over-long one cut into word windows) and their tokens."""
        spans: list[Span] = []
        sizes: list[int] = []
        for s, e in self._sentences(it, b):
            if (n := self.counts[self.text[s:e]]) <= it.budget:
                spans.append((s, e))
                sizes.append(n)
                continue
            words = [(s + m.start(), s + m.end()) for m in re.finditer(r"\S+", self.text[s:e])]
            counts = [self.counts[self.text[a:z]] for a, z in words]
            for i, j in _balanced(counts, it.budget, 0):
                spans.append((words[i][0], words[j - 1][1]))
                sizes.append(sum(counts[i:j]) + _JOIN * (j - i - 1))
        return spans, sizes

    def _block_pieces(self, it: _Item, b: _Block) -> list[_Piece]:
        if b.tokens <= it.budget:
            return [_Piece(b.start, b.end, b.tokens, it.budget, gap=b.gap)]
        spans, sizes = self._units(it, b)
        pieces: list[_Piece] = []
        prev_j = 0
        for i, j in _balanced(sizes, it.budget, self.settings.overlap_sentences):
            shared = sizes[i:prev_j]
            overlap = sum(shared) + _JOIN * max(len(shared) - 1, 0)
            tokens = sum(sizes[i:j]) + _JOIN * (j - i - 1)
            gap = 0 if pieces else b.gap
            pieces.append(_Piece(spans[i][0], spans[j - 1][1], tokens, it.budget, overlap, gap))
            prev_j = j
        return pieces

    def _pieces(self, it: _Item) -> list[_Piece]:
        """Atomic units: a decision with its list, a lead-in with its entries, or one block."""
        blocks, i = it.blocks, 0
        out: list[_Piece] = []
        while i < len(blocks):
            b, j = blocks[i], i + 1
            if b.boiler:
                i += 1
                continue
            decision = _DECISION_RE.match(b.text) is not None
            if decision:
                need = bool(_HEAD_ONLY_RE.fullmatch(b.text)) or b.text.endswith(":")
                while j < len(blocks) and not blocks[j].boiler:
                    nxt = blocks[j]
                    if not (need or nxt.entry or _THAT_RE.match(nxt.text)):
                        break
                    need, j = nxt.text.endswith(":"), j + 1
            elif b.text.endswith(":") and not b.entry:
                while j < len(blocks) and blocks[j].entry:
                    j += 1
            group = blocks[i:j]
            total = sum(g.tokens for g in group) + sum(_JOIN + g.gap for g in group[1:])
            cap = it.dbudget if decision else it.budget
            if total <= cap:
                cap = cap if total > it.budget else it.budget
                out.append(_Piece(b.start, group[-1].end, total, cap, gap=b.gap))
            else:
                parts = [p for g in group for p in self._block_pieces(it, g)]
                if len(group) > 1 and parts[1].overlap == 0:  # keep the lead-in with entry 1
                    glued = _join(parts[0], parts[1])
                    if glued.tokens <= it.budget:
                        parts[:2] = [glued]
                out += parts
            i = j
        return out

    def _merge_small(self, chunks: list[_Piece]) -> list[_Piece]:
        """Merge a chunk under min_tokens into its predecessor (the first into its successor)."""
        out: list[_Piece] = []
        small = self.settings.min_tokens
        for c in chunks:
            if out and (c.tokens < small or (len(out) == 1 and out[0].tokens < small)):
                merged = _join(out[-1], c)
                if merged.tokens <= merged.cap:
                    out[-1] = merged
                    continue
            out.append(c)
        return out

    def _limit(self, decision: bool) -> int:
        return self.settings.decision_max_tokens if decision else self.settings.max_tokens

    def _char_limit(self, decision: bool) -> int:
        return self._limit(decision) * CHARS_PER_TOKEN_CAP

    def _verify(
        self,
        chunks: list[tuple[_Item, _Piece]],
        done: list[tuple[_Item, int, int]] | None = None,
    ) -> list[tuple[str, Chunk]]:
        """Count every final embed text in one call; split the rare chunk that overflows.
        ``done``: chunks known to fit, returned with the others in text order."""
        todo = [(it, c.start, c.end, c.cap > it.budget) for it, c in chunks]
        done = list(done or [])
        while todo:
            self.prime([self.embed_text(it, a, z) for it, a, z, _ in todo])
            again = []
            for it, a, z, big in todo:
                limit = self._limit(big)
                too_long = z - a > self._char_limit(big)  # a giant "word" (see the cap)
                over = self.counts[self.embed_text(it, a, z)] > limit
                fixable = too_long or (over and self.title_cost(it) < limit)
                cut = _split_point(self.text, a, z) if fixable else None
                if cut is None:
                    done.append((it, a, z))
                    continue
                for lo, hi in ((a, cut), (cut, z)):
                    again.append((it, *_trim(self.text, lo, hi), False))
            todo = again
        done.sort(key=lambda t: (t[0].pos, t[1], t[2]))
        return [(it.item_id, self._chunk(it, a, z)) for it, a, z in done]

    def _chunk(self, it: _Item, start: int, end: int) -> Chunk:
        embed = self.embed_text(it, start, end)
        return Chunk(
            chunk_id=stable_id(self.doc.doc_id, start, end),
            doc_id=self.doc.doc_id,
            item_id=it.item_id,
            text=self.text[start:end],
            char_start=start,
            char_end=end,
            page=self.doc.page_at(start),
            hash=content_hash(embed),
            embed_text=embed,
        )


def _pack(pieces: list[_Piece], budget: int) -> list[_Piece]:
    chunks: list[_Piece] = []
    for p in pieces:
        if chunks and not (p.overlap or p.gap) and _join(chunks[-1], p).tokens <= budget:
            chunks[-1] = _join(chunks[-1], p)
        else:
            chunks.append(_Piece(p.start, p.end, p.tokens, p.cap, p.overlap, p.gap))
    return chunks


def _join(a: _Piece, b: _Piece) -> _Piece:
    extra = -b.overlap if b.overlap else _JOIN + b.gap
    return _Piece(a.start, b.end, a.tokens + b.tokens + extra, max(a.cap, b.cap), a.overlap, a.gap)


def _split_point(text: str, start: int, end: int) -> int | None:
    """Where to halve text[start:end]: a line break, else a sentence, word or character nearest
    the middle; None when it cannot be split."""
    body, mid = text[start:end], (end - start) / 2
    tiers = (
        [m.end() for m in re.finditer(r"\n\s*", body)],
        [a for a, _ in split_sentences(body)[1:]],
        [m.end() for m in re.finditer(r"\s+", body)],
        [len(body) // 2] if len(body) > 1 else [],
    )
    for tier in tiers:
        inside = [c for c in tier if 0 < c < len(body)]
        if inside:
            return start + min(inside, key=lambda c: (abs(c - mid), c))
    return None


def chunk_document(
    parsed: ParsedDocument,
    count_tokens: TokenCounter,
    settings: ChunkerSettings,
    additive: bool = False,
) -> list[tuple[str, Chunk]]:
    """Chunk every agenda item of ``parsed``; returns ``(item_id, chunk)`` pairs in text order.

    ``count_tokens`` counts word pieces of a batch of texts (``Embedder.count_tokens``); it is
    called a handful of times per document. ``additive``: its counts add up over whitespace
    (``Embedder.additive_counts``), so finished passages need no recount. Same input → same
    chunks and ids.
    """
    return _Chunker(parsed, count_tokens, settings, additive).run()
