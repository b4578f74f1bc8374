"""Issue 16, items 8-11 and the CLI parts of 14: an index on a read-only drive can be searched, a
lost manifest never empties the vectors, every index problem is one line and an exit code with
nothing lost, nothing printed can drive the terminal, bad -k and empty questions are refused, CSV
cells are never formulas, and index files are private by default.

The CLI runs in real subprocesses where the point is what a user sees (no traceback, one line,
the exit code); the read-only drive is a real one: a user without write permission (when the
tests run as root, which writes anything, an unprivileged user namespace stands in for that
user; where none can be made, the test is skipped and says why).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import resource
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from rag.apps.cli import main
from rag.apps.decision_view import decisions_csv
from rag.apps.render import render_passages
from rag.apps.spreadsheet import safe_cell
from rag.apps.web import support as sup
from rag.errors import ConfigError
from rag.models import Answer, Citation, Decision, Passage
from rag.search import open_searcher
from rag.settings import EmbedderSettings, IndexSettings, Settings
from rag.text import printable
from tests.conftest import REPO, SAMPLE_CORPUS
from tests.fakes import FAKE_NAME, register
from tests.openai_stub import OpenAIStub

RUN_FAKE = (
    "import sys, tests.fakes as f; f.register(); from rag.apps.cli import main; "
    "sys.exit(main(sys.argv[1:]))"
)
# Any control character but newline and tab, 7-bit or 8-bit (ESC, CSI, BEL, CR, ...).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# ------------------------------------------------------------------------------------ helpers
@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested once (fake embedder); tests work on copies of it."""
    root = tmp_path_factory.mktemp("built")
    register()
    settings = Settings(embedder=EmbedderSettings(model=FAKE_NAME), index=IndexSettings(root=root))
    report = ingest([SAMPLE_CORPUS], root / "s", settings)
    assert report.ok and report.chunks > 0
    return root / "s"


@pytest.fixture
def index(built: Path, tmp_path: Path) -> Path:
    target = tmp_path / "indexes" / "s"
    shutil.copytree(built, target)
    return target


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def environment(root: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(MINUTES_EMBEDDER__MODEL=FAKE_NAME, MINUTES_INDEX__ROOT=str(root), **extra)
    env["PYTHONPATH"] = str(REPO)
    env.pop("MINUTES_LLM_BASE_URL", None)
    return env


def cli(
    args: list[str],
    root: Path,
    *,
    prefix: list[str] | None = None,
    limit: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The real ``minutes`` command in a subprocess (with the fake embedder)."""
    return subprocess.run(
        [*(prefix or []), sys.executable, "-c", RUN_FAKE, *args],
        cwd=REPO,
        env=environment(root),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
    )


def one_line_error(run: subprocess.CompletedProcess[str], code: int) -> str:
    """The run failed with ``code`` and said why in one line, without a traceback."""
    assert "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("minutes: error: "), run.stderr
    assert run.returncode == code, run.stderr
    return lines[0]


def unprivileged() -> list[str]:
    """A command prefix that runs as a user without write access to files it does not own
    with write permission: nothing as a normal user; as root, an unprivileged user namespace
    (root's files look like that user's own, so permissions apply as to their owner)."""
    if os.geteuid() != 0:
        return []
    prefix = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    if shutil.which("unshare") is None:
        pytest.skip("running as root, and unshare(1) is not installed to drop the privilege")
    probe = subprocess.run([*prefix, "id", "-u"], capture_output=True, text=True)
    if probe.returncode != 0 or probe.stdout.strip() != "1000":
        pytest.skip(f"running as root, and no user namespace can be made: {probe.stderr.strip()}")
    return prefix


def make_read_only(path: Path) -> None:
    """Like a published share: everyone may read, nobody may write."""
    for item in [path, *path.rglob("*")]:
        mode = 0o555 if item.is_dir() else 0o444
        item.chmod(mode)


@pytest.fixture
def read_only_index(index: Path) -> Iterator[Path]:
    make_read_only(index.parent)
    yield index
    for item in [index.parent, *index.parent.rglob("*")]:
        item.chmod(0o755 if item.is_dir() else 0o644)  # so pytest can clean up


# ------------------------------------------------------------------- 8. read-only index
@pytest.mark.slow
def test_a_read_only_index_can_be_searched_asked_and_described(read_only_index: Path) -> None:
    prefix = unprivileged()
    root, before = read_only_index.parent, digests(read_only_index)
    for args in (
        ["search", "agency staff", "--index", "s", "-k", "2"],
        ["ask", "what was said about agency staff?", "--index", "s"],
        ["info", "--index", "s"],
    ):
        run = cli(args, root, prefix=prefix)
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
        assert run.stdout.strip()
    assert "[1] " in cli(["search", "agency", "--index", "s"], root, prefix=prefix).stdout
    # Adding to it is refused in one line, and nothing in it changes.
    added = cli(["ingest", str(SAMPLE_CORPUS), "--index", "s"], root, prefix=prefix)
    assert "read-only" in one_line_error(added, 3)
    assert digests(read_only_index) == before


def test_a_reader_never_writes(index: Path) -> None:
    """Opened for reading, the connection refuses writes (so no WAL switch, no tidying) and
    the search still works."""
    register()
    settings = Settings(
        embedder=EmbedderSettings(model=FAKE_NAME), index=IndexSettings(root=index.parent)
    )
    searcher = open_searcher(index, settings)
    try:
        assert searcher.search("agency staff", k=2)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            searcher.store.conn.execute("INSERT INTO meta VALUES ('x', 'y')")
    finally:
        searcher.close()


# ---------------------------------------------------------------- 9. missing manifest.json
def sources(index: Path, query: str = "agency staff") -> list[tuple[str, int | None]]:
    register()
    settings = Settings(
        embedder=EmbedderSettings(model=FAKE_NAME), index=IndexSettings(root=index.parent)
    )
    searcher = open_searcher(index, settings)
    try:
        chunks = searcher.store.chunk_count()
        assert searcher.store.vectors().size == chunks > 0
        return [(p.source, p.dense_rank) for p in searcher.search(query, k=5)]
    finally:
        searcher.close()


def test_a_lost_manifest_is_rebuilt_from_sqlite_never_emptied(
    index: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    register()
    monkeypatch.setenv("MINUTES_EMBEDDER__MODEL", FAKE_NAME)
    monkeypatch.setenv("MINUTES_INDEX__ROOT", str(index.parent))
    expected = sources(index)
    assert all(dense is not None for _, dense in expected)
    (index / "manifest.json").unlink()

    # Searching says what is wrong and what to do (not "no index here").
    assert main(["search", "agency staff", "--index", "s"]) == 3
    err = capsys.readouterr().err
    assert "manifest.json is missing" in err and "minutes ingest" in err

    # Ingest rebuilds the manifest and the vectors from the embedding cache, and says so.
    assert main(["ingest", str(SAMPLE_CORPUS), "--index", "s"]) == 0
    out = capsys.readouterr()
    assert "5 unchanged" in out.out and "manifest.json was missing" in out.err
    assert sources(index) == expected  # dense search as before: every passage has its vector


def test_a_lost_manifest_of_an_index_that_does_not_name_its_embedder_is_refused(
    index: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index written before the embedder was kept in SQLite: the vectors' model cannot be
    known, so nothing is rebuilt, nothing overwritten."""
    register()
    monkeypatch.setenv("MINUTES_EMBEDDER__MODEL", FAKE_NAME)
    monkeypatch.setenv("MINUTES_INDEX__ROOT", str(index.parent))
    (index / "manifest.json").unlink()
    with sqlite3.connect(index / "index.sqlite") as conn:
        conn.execute("DELETE FROM meta WHERE key IN ('embedder', 'dimension')")
    conn.close()
    before = digests(index)
    assert main(["ingest", str(SAMPLE_CORPUS), "--index", "s"]) == 3
    err = capsys.readouterr().err
    assert "manifest.json is missing" in err and "embedder" in err
    assert digests(index) == before


@pytest.mark.parametrize("broken", ['{"embedder": 5', '{"embedder": "x"}', "\udcff"])
def test_an_unreadable_manifest_is_one_line_saying_what_to_do(
    index: Path, broken: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINUTES_INDEX__ROOT", str(index.parent))
    (index / "manifest.json").write_bytes(broken.encode("utf-8", "surrogateescape"))
    assert main(["info", "--index", "s"]) == 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "manifest.json is unreadable" in err


def test_an_older_index_learns_its_embedder_on_any_ingest(
    index: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """So an index built before the embedder was kept in SQLite can be recovered after one
    ingest, even one that changes nothing."""
    register()
    monkeypatch.setenv("MINUTES_EMBEDDER__MODEL", FAKE_NAME)
    monkeypatch.setenv("MINUTES_INDEX__ROOT", str(index.parent))
    with sqlite3.connect(index / "index.sqlite") as conn:
        conn.execute("DELETE FROM meta WHERE key IN ('embedder', 'dimension')")
    conn.close()
    assert main(["ingest", str(SAMPLE_CORPUS), "--index", "s"]) == 0
    assert "5 unchanged" in capsys.readouterr().out
    (index / "manifest.json").unlink()
    assert main(["ingest", str(SAMPLE_CORPUS), "--index", "s"]) == 0
    assert "manifest.json was missing" in capsys.readouterr().err
    assert (index / "manifest.json").is_file()


def test_a_published_empty_vectors_file_is_rebuilt_or_reported(
    index: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index damaged before this fix (an empty vectors.faiss published over the real one):
    the reader rebuilds the vectors from the cache; with no cache either, it says dense search
    is off and why instead of silently ranking by keywords only."""
    from rag.index.vectors import VectorIndex

    register()
    monkeypatch.setenv("MINUTES_EMBEDDER__MODEL", FAKE_NAME)
    monkeypatch.setenv("MINUTES_INDEX__ROOT", str(index.parent))
    expected = sources(index)
    VectorIndex(64).save(index / "vectors.faiss")
    assert sources(index) == expected

    with sqlite3.connect(index / "index.sqlite") as conn:
        conn.execute("DELETE FROM embeddings")
    conn.close()
    assert main(["search", "agency staff", "--index", "s", "-k", "1"]) == 0
    err = capsys.readouterr().err
    assert "dense search is off" in err and "vectors.faiss" in err


# ------------------------------------------------------------ 10. one-line index errors
@pytest.mark.slow
def test_index_paths_that_are_files_are_one_line_errors(tmp_path: Path, index: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("not an index")
    for target in (a_file, a_file / "under"):
        run = cli(["ingest", str(SAMPLE_CORPUS), "--index", str(target)], tmp_path)
        assert "file" in one_line_error(run, 3)
        assert a_file.read_text() == "not an index"
    run = cli(["search", "agency", "--index", str(a_file)], index.parent)
    one_line_error(run, 3)


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_sqlite_file_is_a_one_line_error_saying_how_to_rebuild(
    index: Path, damage: str
) -> None:
    db = index / "index.sqlite"
    data = db.read_bytes()
    db.write_bytes(os.urandom(5000) if damage == "garbage" else data[: len(data) // 2])
    before = digests(index)
    for args in (
        ["search", "agency", "--index", "s"],
        ["info", "--index", "s"],
        ["ingest", str(SAMPLE_CORPUS), "--index", "s"],
    ):
        message = one_line_error(cli(args, index.parent), 3)
        assert "damaged" in message and "minutes ingest" in message
        assert digests(index) == before


@pytest.mark.slow
def test_a_read_only_sqlite_file_on_ingest_is_a_one_line_error(index: Path) -> None:
    prefix = unprivileged()
    for item in [index.parent, *index.parent.rglob("*")]:
        item.chmod(0o777 if item.is_dir() else 0o666)
    (index / "index.sqlite").chmod(0o444)
    before = digests(index)
    run = cli(
        ["ingest", str(REPO / "samples" / "corpus"), "--index", "s"], index.parent, prefix=prefix
    )
    assert "read-only" in one_line_error(run, 3)
    assert digests(index) == before


def more_minutes(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"m{n:03d}.txt").write_text(
            f"1. Highways report {n}\n" + f"Pothole repairs on route {n} were agreed. " * 60
        )
    return folder


@pytest.mark.slow
def test_a_full_disk_is_a_one_line_error_and_the_index_keeps_its_state(
    index: Path, tmp_path: Path
) -> None:
    """RLIMIT_FSIZE stands in for a full disk: no file may grow past 300 kB (writes fail with
    EFBIG as they would with ENOSPC). Embeddings finished before the failure may stay cached
    (by design, so the next run resumes); what a search sees does not change."""
    extra = more_minutes(tmp_path / "extra", 40)
    db = index / "index.sqlite"
    kept = {name: digests(index)[name] for name in ("manifest.json", "vectors.faiss")}
    with sqlite3.connect(db) as conn:
        state = conn.execute("SELECT path, file_hash FROM files ORDER BY path").fetchall()
    conn.close()
    expected = sources(index)
    limit = 300_000
    assert db.stat().st_size < limit

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    run = cli(["ingest", str(extra), "--index", "s"], index.parent, limit=small_disk)
    message = one_line_error(run, 3)
    assert "could not write" in message and "last complete state" in message
    assert {name: digests(index)[name] for name in kept} == kept
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT path, file_hash FROM files ORDER BY path").fetchall() == state
    conn.close()
    assert sources(index) == expected
    # With room again, the same ingest completes.
    again = cli(["ingest", str(extra), "--index", "s"], index.parent)
    assert again.returncode == 0 and "40 new files" in again.stdout, again.stderr


# ------------------------------------------------------------------ 11. terminal escapes
def test_printable_removes_escape_sequences_and_controls() -> None:
    assert printable("a\x1b[2Jb\x1b[1;31mc") == "abc"
    assert printable("x\x1b]0;owned\x07y\x1b]8;;http://e.example\x1b\\z") == "xyz"
    assert printable("a\x9b2Jb\x9d0;t\x9cc") == "abc"
    assert printable("line\rover\x08\x00\x7f") == "lineover"
    assert printable("keep\tthis\nLlŷn café — £5") == "keep\tthis\nLlŷn café — £5"
    assert (
        printable("stray \x1b]0;unterminated and the rest") == "stray 0;unterminated and the rest"
    )


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of minutes with escape sequences in the text, the metadata and a file name,
    ingested as index 'h' (the CLI in process, fake embedder)."""
    register()
    monkeypatch.setenv("MINUTES_EMBEDDER__MODEL", FAKE_NAME)
    monkeypatch.setenv("MINUTES_INDEX__ROOT", str(tmp_path / "indexes"))
    folder = tmp_path / "hostile"
    folder.mkdir()
    name = "evil\x1b[2J\x1b]0;pwned\x07.txt"
    (folder / name).write_text(
        "Minutes of the Planning Committee\n\n"
        "5. Agency staffing \x1b[2J\x1b[31m\n"
        "The committee discussed agency staffing costs \x9b2J of £2.1m.\x07\x1b]8;;http://x\x1b\\\n"
        "RESOLVED that the agency staffing report be noted.\n"
    )
    (folder / (name + ".meta.json")).write_text(
        json.dumps(
            {
                "council": "Evil\x1b[2J Council",
                "committee": "Plan\x1b]0;t\x07ning",
                "meeting_date": "2023-05-04",
                "title": "Agency \x1b[5mstaffing",
                "url": "https://example.org/\x1b[2J",
            }
        )
    )
    (folder / "empty\x1b[2J.txt").write_text("")  # skipped: its name is in the message
    return folder


def test_nothing_printed_can_drive_the_terminal(
    hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(hostile), "--index", "h"]) == 0
    shown = capsys.readouterr()
    assert "empty" in shown.err and "skipped" in shown.err
    outputs = [shown.out + shown.err]
    for args in (
        ["search", "agency staffing", "--index", "h"],
        ["ask", "what was said about agency staffing?", "--index", "h"],
        ["ask", "agency staffing", "--index", "h", "--by", "council"],
        ["info", "--index", "h"],
        ["decisions", "--index", "h"],
        ["decisions", "--index", "h", "--csv"],
        ["timeline", "agency staffing", "--index", "h"],
        ["search", "agency staffing", "--index", "h", "--json"],
    ):
        assert main(args) == 0, args
        shown = capsys.readouterr()
        outputs.append(shown.out + shown.err)
    for text in outputs:
        assert not CONTROL.search(text), text
    assert "Evil Council" in outputs[4]  # info: the council, cleaned, still shown
    # The JSON still parses; metadata values lose their escape sequences at reading.
    assert json.loads(outputs[-1])[0]["council"] == "Evil Council"

    # And no control character reaches the index text itself.
    with sqlite3.connect(tmp_path / "indexes" / "h" / "index.sqlite") as conn:
        texts = [
            r[0]
            for r in conn.execute("SELECT text FROM documents UNION ALL SELECT text FROM chunks")
        ]
    conn.close()
    assert texts and not any(CONTROL.search(t) for t in texts)
    assert any("agency staffing costs" in t for t in texts)


def test_colour_highlights_are_the_only_escapes_in_search_output() -> None:
    passage = Passage(
        rank=1,
        score=1.0,
        text="Agency \x1b[2Jstaffing was discussed.",
        source="a\x1b]0;t\x07.txt",
        citation=Citation(id="c", source="a.txt", council="X\x1b[31m", item_title="T\x9b1m"),
    )
    shown = render_passages([passage], "agency staffing", color=True)
    assert set(re.findall(r"\x1b\[[0-9;]*m", shown)) == {"\x1b[1;33m", "\x1b[0m"}
    assert not CONTROL.search(re.sub(r"\x1b\[(?:1;33|0)m", "", shown))


def test_a_streamed_llm_draft_cannot_drive_the_terminal(
    index: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    register()
    monkeypatch.setenv("MINUTES_EMBEDDER__MODEL", FAKE_NAME)
    monkeypatch.setenv("MINUTES_INDEX__ROOT", str(index.parent))
    reply = ["Agency ", "staff \x1b", "[2J were ", "discussed \x1b]0;x\x07[1]."]
    with OpenAIStub(reply) as stub:
        monkeypatch.setenv("MINUTES_LLM_BASE_URL", stub.url)
        assert (
            main(["ask", "what was said about agency staff?", "--index", "s", "--mode", "llm"]) == 0
        )
    shown = capsys.readouterr()
    assert not CONTROL.search(shown.out + shown.err)


# ------------------------------------------------------------------ 14. CLI arguments
@pytest.mark.parametrize("k", ["-1", "0", "1001"])
def test_k_outside_one_to_a_thousand_is_refused(
    k: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MINUTES_INDEX__ROOT", str(tmp_path))
    assert main(["search", "agency", "-k", k]) == 2
    err = capsys.readouterr().err
    assert f"not {k}" in err and "1 to 1000" in err and "Traceback" not in err


@pytest.mark.parametrize("question", ["", "   ", "?!", "\t\n"])
@pytest.mark.parametrize("command", ["search", "ask"])
def test_an_empty_question_is_refused(
    command: str,
    question: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("MINUTES_INDEX__ROOT", str(tmp_path))
    assert main([command, question]) == 2
    assert "the question is empty" in capsys.readouterr().err


def test_the_searcher_refuses_bad_k_and_empty_queries(index: Path) -> None:
    register()
    settings = Settings(
        embedder=EmbedderSettings(model=FAKE_NAME), index=IndexSettings(root=index.parent)
    )
    searcher = open_searcher(index, settings)
    try:
        for k in (0, -1, 1001):
            with pytest.raises(ConfigError, match="1 to 1000"):
                searcher.search("agency", k=k)
        with pytest.raises(ConfigError, match="empty"):
            searcher.search("  ")
        assert len(searcher.search("agency", k=3)) == 3
    finally:
        searcher.close()


# ------------------------------------------------------------------------ 14. CSV cells
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", FORMULAS)
def test_csv_cells_that_a_spreadsheet_would_run_are_text(value: str) -> None:
    cell = safe_cell(value)
    assert isinstance(cell, str) and cell.startswith("'"), cell
    assert cell.lstrip("'\t") == value.lstrip("\t\r")  # only the prefix added, the CR dropped
    assert safe_cell("Llŷn council") == "Llŷn council" and safe_cell(3) == 3


def test_every_csv_export_guards_its_cells() -> None:
    citation = Citation(
        id="c1",
        source="a.txt",
        council='=HYPERLINK("http://evil.example","Report")',
        committee="@cmd",
        item_title="+title",
        url="-1",
        quote="\t=2+2",
    )
    decision = Decision(
        decision_id="x", item_id="i", kind="noted", outcome="noted", text="=1+1",
        start=0, end=4, citation=citation,
    )  # fmt: skip
    answer = Answer(question="q", text="The answer [1].", citations=[citation])
    exports = {
        "decisions": decisions_csv([decision]),
        "citations": sup.answer_csv(answer),
    }
    for name, text in exports.items():
        row = next(csv.DictReader(io.StringIO(text)))
        for key, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, key, value)
        assert row["council"] == "'" + citation.council, name  # type: ignore[operator]


# --------------------------------------------------------------------- 14. permissions
def modes(folder: Path) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}


def test_index_files_are_private_by_default_and_the_mode_is_a_setting(tmp_path: Path) -> None:
    register()
    private = Settings(
        embedder=EmbedderSettings(model=FAKE_NAME), index=IndexSettings(root=tmp_path)
    )
    assert ingest([SAMPLE_CORPUS], tmp_path / "p", private).ok
    assert stat.S_IMODE((tmp_path / "p").stat().st_mode) == 0o700
    assert set(modes(tmp_path / "p").values()) == {0o600}
    assert "0600" in (IndexSettings.model_fields["file_mode"].description or "")

    shared = Settings(
        embedder=EmbedderSettings(model=FAKE_NAME),
        index=IndexSettings(root=tmp_path, file_mode="0640"),
    )
    assert ingest([SAMPLE_CORPUS], tmp_path / "g", shared).ok
    assert stat.S_IMODE((tmp_path / "g").stat().st_mode) == 0o750
    assert set(modes(tmp_path / "g").values()) == {0o640}
    with pytest.raises(ValueError, match="file_mode"):
        IndexSettings(file_mode="rw-r--r--")
