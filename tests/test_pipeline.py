"""Ingest end to end with the fake embedder: incremental runs, pruning, bad input, filters."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pypdf import PdfWriter

from ingest.pipeline import ingest
from rag.models import Filters
from rag.search import open_searcher
from rag.settings import Settings
from tests.fakes import FakeEmbedder
from tests.pdfgen import write_text_pdf

MINUTES = """MINUTES of a meeting of the Cabinet held on Tuesday, 14 March 2023

1. Apologies for absence
Apologies were received from Councillor Smith.

2. Agency staffing
The Director reported that spending on agency social workers had risen to £2.1m and that a
recruitment campaign for permanent staff would start in April.

RESOLVED:
1. That the report be noted;
2. That a further update come to the June meeting.

3. Bin collections
Members discussed the new fortnightly collection timetable.
"""


def searchable(settings: Settings, index: Path, query: str, **filters: object) -> list[str]:
    searcher = open_searcher(index, settings)
    try:
        return [p.text for p in searcher.search(query, Filters(**filters), k=5)]
    finally:
        searcher.close()


def test_sample_corpus_then_unchanged_reingest_embeds_nothing(
    sample_corpus: Path, settings: Settings, fake_embedder: FakeEmbedder
) -> None:
    index = settings.index.root / "sample"
    first = ingest([sample_corpus], index, settings)
    assert first.files_new == 5 and first.skipped == []
    assert first.items >= 5 and first.chunks >= first.items
    assert first.chunks_embedded == first.chunks
    embedded_before = fake_embedder.embedded

    second = ingest([sample_corpus], index, settings)
    assert second.files_unchanged == 5
    assert second.files_new == second.files_changed == 0
    assert second.chunks_embedded == 0
    assert fake_embedder.embedded == embedded_before


def test_changed_file_is_replaced_and_only_new_chunks_embedded(
    tmp_path: Path, settings: Settings
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "cabinet.txt").write_text(MINUTES)
    index = settings.index.root / "i"
    first = ingest([corpus], index, settings)
    assert first.files_new == 1

    (corpus / "cabinet.txt").write_text(
        MINUTES.replace("fortnightly collection timetable", "weekly glass recycling trial")
    )
    second = ingest([corpus], index, settings)
    assert second.files_changed == 1
    assert 0 < second.chunks_embedded < first.chunks_embedded + 1
    assert second.chunks_cached >= 1
    texts = " ".join(searchable(settings, index, "glass recycling trial"))
    assert "weekly glass recycling" in texts
    assert "fortnightly" not in " ".join(searchable(settings, index, "fortnightly timetable"))


def test_prune_removes_documents_whose_files_are_gone(
    sample_corpus: Path, settings: Settings
) -> None:
    index = settings.index.root / "p"
    ingest([sample_corpus], index, settings)
    gone = next(sample_corpus.glob("002_*.txt"))
    gone.unlink()
    kept = ingest([sample_corpus], index, settings)
    assert kept.files_removed == 0  # without --prune nothing is dropped
    pruned = ingest([sample_corpus], index, settings, prune=True)
    assert pruned.files_removed == 1
    assert not any("Trafford" in t for t in searchable(settings, index, "Trafford Shadow Board"))


def test_bad_inputs_each_get_a_reason_and_the_run_goes_on(
    tmp_path: Path, settings: Settings
) -> None:
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    (corpus / "good.txt").write_text(MINUTES)
    (corpus / "empty.txt").write_text("   \n")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "latin1.txt").write_bytes("Café budget £3m agreed by the Cabinet.".encode("cp1252"))
    (corpus / "page.html").write_text(
        "<html><head><script>alert('owned')</script></head><body><h1>5. Parks</h1>"
        "<p>The committee agreed the parks strategy.</p><script>steal()</script></body></html>"
    )
    (corpus / "corrupt.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with open(corpus / "scanned.pdf", "wb") as handle:
        writer.write(handle)
    write_text_pdf(corpus / "locked.pdf", ["Secret report about agency staff"])
    from pypdf import PdfReader

    locked = PdfWriter(clone_from=PdfReader(corpus / "locked.pdf"))
    locked.encrypt("user-password")
    with open(corpus / "locked.pdf", "wb") as handle:
        locked.write(handle)
    (corpus / "items.jsonl").write_text(
        json.dumps({"council": "Leeds", "title": "Libraries", "text": "Library hours extended."})
        + "\n{not json\n"
    )
    (corpus / "photo.png").write_bytes(b"\x89PNG")

    report = ingest([corpus, tmp_path / "does-not-exist"], settings.index.root / "b", settings)
    reasons = {Path(f).name: r for f, r in report.skipped}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "corrupt" in reasons["corrupt.pdf"]
    assert "encrypted" in reasons["locked.pdf"]
    assert "scanned, no text" in reasons["scanned.pdf"]
    assert "no such file" in reasons["does-not-exist"]
    assert report.ignored_types[".png"] == 1
    assert any("Windows-1252" in w for w in report.warnings)
    assert any("items.jsonl:2" in w for w in report.warnings)
    assert report.files_new == 4  # good.txt, latin1.txt, page.html, items.jsonl
    assert report.ok
    everything = " ".join(searchable(settings, settings.index.root / "b", "parks strategy alert"))
    assert "parks strategy" in everything
    assert "alert" not in everything and "steal" not in everything


def test_a_file_that_turns_bad_keeps_its_indexed_version(
    tmp_path: Path, settings: Settings
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "cabinet.txt").write_text(MINUTES)
    index = settings.index.root / "k"
    ingest([corpus], index, settings)
    (corpus / "cabinet.txt").write_bytes(b"\x00\x01\x02" * 100)
    report = ingest([corpus], index, settings)
    assert "previous version kept" in report.skipped[0][1]
    assert any("agency social workers" in t for t in searchable(settings, index, "agency social"))


def test_nothing_ingestible_is_not_ok(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "empty.txt").write_text("")
    report = ingest([tmp_path / "empty.txt"], settings.index.root / "n", settings)
    assert not report.ok


def test_a_directory_with_thousands_of_files(tmp_path: Path, settings: Settings) -> None:
    corpus = tmp_path / "many"
    for n in range(2000):
        folder = corpus / f"{n // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"item{n}.txt").write_text(f"Item {n}. The committee noted report number {n}.")
    report = ingest([corpus], settings.index.root / "many", settings)
    assert report.files_new == 2000 and report.skipped == []
    again = ingest([corpus], settings.index.root / "many", settings)
    assert again.files_unchanged == 2000 and again.chunks_embedded == 0


def test_filters_are_applied_inside_retrieval(tmp_path: Path, settings: Settings) -> None:
    """Council B's one passage shares no words with the query and would never reach an
    unfiltered top-k; a filtered search must still return it."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    rows = [
        {
            "council": "Alpha",
            "committee": "Scrutiny",
            "meeting_date": f"2023-01-{d:02d}",
            "item_number": str(d),
            "title": f"Agency staffing {d}",
            "text": f"Agency staffing costs and agency social workers, report {d}.",
        }
        for d in range(1, 29)
    ]
    rows.append(
        {
            "council": "Beta",
            "committee": "Planning",
            "meeting_date": "2019-05-02",
            "item_number": "9",
            "title": "Harbour wall",
            "text": "Harbour wall repairs.",
        }
    )
    (corpus / "items.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    settings.search.candidates = 5
    index = settings.index.root / "f"
    ingest([corpus], index, settings)
    searcher = open_searcher(index, settings)
    try:
        hits = searcher.search("agency staffing", Filters(council="beta"), k=3)
        assert [h.citation.council for h in hits] == ["Beta"]
        dated = searcher.search("agency staffing", Filters(until=date(2020, 1, 1)), k=3)
        assert [h.citation.item_title for h in dated] == ["Harbour wall"]
        assert searcher.search("agency", Filters(council="Gamma"), k=3) == []
    finally:
        searcher.close()
