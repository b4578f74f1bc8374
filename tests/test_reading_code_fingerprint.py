"""A new version of the code that reads files redoes them at the next ingest: the decision
reader changed in many releases while the pipeline version stayed the same, and an index built
before kept the old register for every file whose bytes had not changed (an evaluation that
reused its index measured the old reader). The fingerprint is of the code itself, so no one has
to remember a bump."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import pipeline
from ingest.pipeline import code_fingerprint, ingest
from rag.index import IndexStore
from rag.settings import Settings
from tests.fakes import FakeEmbedder

MINUTES = """MINUTES of a meeting of the Licensing Sub-Committee held on 4 March 2027

3. Review of a Premises Licence – The Anchor, Quay Street
The Sub-Committee determined to suspend the premises licence for four weeks.
"""


def test_the_fingerprint_follows_the_code_and_ignores_caches_and_skipped_parts(
    tmp_path: Path,
) -> None:
    (tmp_path / "pkg" / "fetch").mkdir(parents=True)
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "reader.py").write_text("RULES = 1\n")
    (tmp_path / "pkg" / "fetch" / "client.py").write_text("TIMEOUT = 1\n")
    (tmp_path / "helpers.py").write_text("X = 1\n")
    parts, skip = ("pkg", "helpers.py"), ("pkg/fetch",)
    first = code_fingerprint(tmp_path, parts, skip)
    assert first and first == code_fingerprint(tmp_path, parts, skip)

    (tmp_path / "pkg" / "__pycache__" / "reader.cpython-311.pyc").write_bytes(b"\0compiled")
    (tmp_path / "pkg" / "fetch" / "client.py").write_text("TIMEOUT = 2\n")
    assert code_fingerprint(tmp_path, parts, skip) == first  # (caches, fetching: not reading)

    (tmp_path / "pkg" / "reader.py").write_text("RULES = 2\n")
    assert code_fingerprint(tmp_path, parts, skip) != first
    assert code_fingerprint(tmp_path, ("missing",)) == ""  # (no sources installed)


def test_the_shipped_reading_code_has_a_fingerprint() -> None:
    pipeline._reading_code.cache_clear()
    assert len(pipeline._reading_code()) == 16


def test_a_changed_reader_redoes_an_unchanged_file(
    tmp_path: Path,
    settings: Settings,
    fake_embedder: FakeEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "anchor.txt").write_text(MINUTES)
    index = settings.index.root / "x"
    first = ingest([corpus], index, settings)
    assert first.files_new == 1
    same = ingest([corpus], index, settings)
    assert same.files_unchanged == 1

    # Another version of the reader: the file is read again (its passages' vectors are reused).
    monkeypatch.setattr(pipeline, "_reading_code", lambda: "another-reader")
    again = ingest([corpus], index, settings)
    assert again.files_unchanged == 0 and again.files_changed == 1
    assert again.chunks_embedded == 0
    store = IndexStore.open(index)
    try:
        kinds = [d.kind for d in store.decisions()]
    finally:
        store.close()
    assert kinds == ["agreed"]
