"""Saved-question watches (``minutes watch``): real SQLite indexes built by the real ingest
(fake embedder in-process); the CLI called in-process through ``main``."""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import time
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from rag.apps.cli import main
from rag.apps.service import MinutesService, WatchRequest, WatchResult
from rag.errors import ConfigError
from rag.index import IndexStore
from rag.models import Filters
from rag.settings import ChunkerSettings, Settings
from tests.fakes import FakeEmbedder

BUDGET = """1. Apologies for absence

Apologies were received from Councillor Hart and Councillor Singh.

2. Revenue budget monitoring

The Director of Finance presented the revenue budget monitoring report for the second
quarter. The forecast overspend on adult social care was noted.

3. Millbrook Lane car park

The Committee considered parking charges at the Millbrook Lane car park. Members agreed that
the parking charges should stay at their current level until a review in the spring.
"""

LIBRARIES = """1. Apologies for absence

There were no apologies.

2. Library opening hours

The Committee reviewed library opening hours across the borough and agreed to extend Saturday
opening at the central library.
"""

PARKING_NEWS = """1. Declarations of interest

None were declared.

2. Town centre parking charges

The Cabinet approved new parking charges for the town centre car parks, rising by ten per cent
from April, with free parking after six in the evening.
"""


def _write(folder: Path, name: str, text: str, council: str, committee: str, day: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")
    meta = {"council": council, "committee": committee, "meeting_date": day}
    (folder / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "minutes"
    folder.mkdir()
    _write(folder, "budget.txt", BUDGET, "Millbrook", "Resources Committee", "2025-01-14")
    _write(folder, "libraries.txt", LIBRARIES, "Millbrook", "Communities Committee", "2025-02-03")
    return folder


@pytest.fixture
def built(corpus: Path, settings: Settings, fake_embedder: FakeEmbedder) -> Path:
    path = settings.index.root / "town"
    ingest([corpus], path, settings, embedder=fake_embedder)
    return path


@pytest.fixture
def service(built: Path, settings: Settings, fake_embedder: FakeEmbedder) -> MinutesService:
    return MinutesService(settings, embedder=fake_embedder)


def _reingest(
    corpus: Path, built: Path, settings: Settings, fake: FakeEmbedder, prune: bool = False
) -> None:
    ingest([corpus], built, settings, embedder=fake, prune=prune)


def _cited_titles(result: WatchResult) -> set[str]:
    assert result.answer is not None
    return {c.item_title for c in result.answer.citations}


def _searched_titles(result: WatchResult) -> set[str]:
    assert result.answer is not None
    return {p.citation.item_title for p in [*result.answer.passages, *result.answer.evidence]}


def _run(service: MinutesService, name: str | None = None) -> list[WatchResult]:
    """A --since-last run whose report was delivered: the markers move."""
    results = service.run_watches("town", name, since_last=True)
    service.mark_watches(results, "town")
    return results


def test_first_run_reports_then_an_unchanged_reingest_reports_nothing(
    service: MinutesService,
    corpus: Path,
    built: Path,
    settings: Settings,
    fake_embedder: FakeEmbedder,
) -> None:
    watch = service.add_watch(WatchRequest(index="town", question="parking charges car park"))
    assert watch.name == "parking-charges-car-park"
    assert watch.last_generation is None

    (first,) = _run(service)
    assert first.since is None  # never run: every item
    assert first.items == 5
    assert _cited_titles(first) == {"Millbrook Lane car park"}
    citation = first.answer.citations[0] if first.answer else None
    assert citation is not None
    assert (citation.council, citation.committee, str(citation.meeting_date)) == (
        "Millbrook",
        "Resources Committee",
        "2025-01-14",
    )
    assert citation.item_number == "3"
    assert "parking charges" in citation.quote

    _reingest(corpus, built, settings, fake_embedder)  # nothing changed: no new build
    (second,) = _run(service)
    assert second.since == first.build
    assert (second.items, second.answer) == (0, None)

    # A re-ingest that re-reads every file (other chunker settings) stores the same items
    # again under a new build: still nothing new.
    rechunked = settings.model_copy(update={"chunker": ChunkerSettings(max_tokens=64)})
    _reingest(corpus, built, rechunked, fake_embedder)
    with IndexStore.open(built, read_only=True) as store:
        assert store.generation > second.build
    (third,) = _run(service)
    assert (third.items, third.answer) == (0, None)
    assert third.build > second.build


def test_a_changed_and_an_added_file_report_only_their_new_items(
    service: MinutesService,
    corpus: Path,
    built: Path,
    settings: Settings,
    fake_embedder: FakeEmbedder,
) -> None:
    service.add_watch(WatchRequest(index="town", question="parking charges", name="parking"))
    _run(service)

    changed = BUDGET.replace(
        "should stay at their current level until a review in the spring",
        "should rise by twenty pence an hour, with parking charges reviewed again in a year",
    )
    (corpus / "budget.txt").write_text(changed, encoding="utf-8")
    _write(corpus, "cabinet.txt", PARKING_NEWS, "Millbrook", "Cabinet", "2025-03-03")
    _reingest(corpus, built, settings, fake_embedder)

    (result,) = _run(service)
    # Item 3 of the changed file and both items of the new one; not the changed file's
    # unchanged items 1 and 2, nor the other file.
    assert result.items == 3
    assert _cited_titles(result) == {"Millbrook Lane car park", "Town centre parking charges"}
    assert _searched_titles(result) <= {
        "Millbrook Lane car park",
        "Town centre parking charges",
        "Declarations of interest",
    }
    assert result.answer is not None
    assert "twenty pence" in result.answer.text

    (after,) = _run(service)
    assert (after.items, after.answer) == (0, None)


def test_watches_survive_reingest_and_prune(
    service: MinutesService,
    corpus: Path,
    built: Path,
    settings: Settings,
    fake_embedder: FakeEmbedder,
) -> None:
    service.add_watch(WatchRequest(index="town", question="library opening hours", name="libs"))
    service.add_watch(
        WatchRequest(
            index="town",
            question="parking",
            name="parking",
            filters=Filters(council="millbrook", committee="resources"),
        )
    )
    _run(service)
    (corpus / "libraries.txt").unlink()
    (corpus / "libraries.txt.meta.json").unlink()
    _reingest(corpus, built, settings, fake_embedder, prune=True)

    watches = service.watches("town")
    assert [w.name for w in watches] == ["libs", "parking"]
    assert watches[1].filters.committee == "resources"
    assert all(w.last_generation is not None for w in watches)
    assert [(r.items, r.answer) for r in _run(service)] == [(0, None), (0, None)]
    with IndexStore.open(built, read_only=True) as store:  # the pruned items are forgotten
        (vanished,) = store.conn.execute(
            "SELECT count(*) FROM item_changes WHERE item_id NOT IN (SELECT item_id FROM items)"
        ).fetchone()
    assert vanished == 0

    # A file coming back after its removal is new again.
    _write(corpus, "libraries.txt", LIBRARIES, "Millbrook", "Communities Committee", "2025-02-03")
    _reingest(corpus, built, settings, fake_embedder)
    libs, parking = _run(service)
    assert libs.items == 2
    assert _cited_titles(libs) == {"Library opening hours"}
    assert (parking.items, parking.answer) == (0, None)  # other committee: outside its filters


def test_a_run_not_marked_reports_again(service: MinutesService) -> None:
    service.add_watch(WatchRequest(index="town", question="parking charges", name="parking"))
    first = service.run_watches("town", since_last=True)
    again = service.run_watches("town", since_last=True)  # the first was never delivered
    assert first[0].answer is not None and again[0].answer is not None
    assert again[0].since is None and again[0].items == first[0].items
    service.mark_watches(again, "town")
    assert service.run_watches("town", since_last=True)[0].answer is None
    # Without since_last: everything matching, whatever the marker says.
    (preview,) = service.run_watches("town")
    assert preview.since is None and _cited_titles(preview) == {"Millbrook Lane car park"}


def test_an_index_built_before_change_tracking_gets_it(
    corpus: Path, built: Path, settings: Settings, fake_embedder: FakeEmbedder
) -> None:
    with sqlite3.connect(built / "index.sqlite") as conn:  # as an index of an older version
        conn.execute("DROP TABLE item_changes")
    # An ingest (here of one changed file) creates the table: the items it did not touch are
    # stamped with the build they were in, the changed ones with the new build.
    (corpus / "libraries.txt").write_text(LIBRARIES + "\n3. Any other business\n\nNone.\n")
    _reingest(corpus, built, settings, fake_embedder)
    with IndexStore.open(built, read_only=True) as store:
        generation = store.generation
        stamps = dict(
            store.conn.execute(
                "SELECT i.title, c.generation FROM items i JOIN item_changes c USING (item_id)"
            ).fetchall()
        )
    assert stamps["Any other business"] == generation
    assert stamps["Millbrook Lane car park"] == generation - 1
    assert stamps["Library opening hours"] == generation - 1  # same text, re-read

    with sqlite3.connect(built / "index.sqlite") as conn:
        conn.execute("DROP TABLE item_changes")
    with MinutesService(settings, embedder=fake_embedder) as service:
        service.add_watch(WatchRequest(index="town", question="parking charges", name="p"))
        (first,) = _run(service)
        assert first.items == 6 and first.answer is not None
        assert service.run_watches("town", since_last=True)[0].items == 0


def test_adding_a_watch_waits_for_an_ingest_commit_not_its_lock(
    built: Path, service: MinutesService
) -> None:
    # An ingest holds the index's lock while it parses and embeds: watches can still change.
    with IndexStore.open(built) as ingesting:
        ingesting.acquire_lock()
        service.add_watch(WatchRequest(index="town", question="parking", name="during"))
        # While it commits (SQLite's write lock), a watch waits for the commit, then lands.
        ingesting.conn.execute("BEGIN IMMEDIATE")
        ingesting.conn.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'"
        )
        done: list[str] = []

        def add() -> None:
            done.append(
                service.add_watch(WatchRequest(index="town", question="ferry timetable")).name
            )

        adder = threading.Thread(target=add)
        adder.start()
        time.sleep(0.3)
        assert not done  # still waiting
        ingesting.conn.execute("COMMIT")
        adder.join(10)
    assert done == ["ferry-timetable"]
    assert [w.name for w in service.watches("town")] == ["during", "ferry-timetable"]


def test_names_are_checked(service: MinutesService) -> None:
    service.add_watch(WatchRequest(index="town", question="parking charges", name="parking"))
    with pytest.raises(ConfigError, match="already has a watch named 'parking'"):
        service.add_watch(WatchRequest(index="town", question="other", name="parking"))
    # A name made from the question skips the taken ones.
    assert service.add_watch(WatchRequest(index="town", question="parking")).name == "parking-2"
    with pytest.raises(ConfigError, match="a watch name is letters"):
        service.add_watch(WatchRequest(index="town", question="x", name="../etc"))
    with pytest.raises(ConfigError, match="no watch named 'nope'; its watches: parking, parking-2"):
        service.run_watches("town", "nope")
    assert service.remove_watch("parking", "town").question == "parking charges"
    assert [w.name for w in service.watches("town")] == ["parking-2"]


# ------------------------------------------------------------------------------ the CLI
@pytest.fixture
def cli_index(
    built: Path, fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> pytest.CaptureFixture[str]:
    """The index 'town' under the root the CLI reads (MINUTES_INDEX__ROOT), output captured."""
    return capsys


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["watch", *args, "--index", "town"])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_add_list_run_remove(cli_index: pytest.CaptureFixture[str]) -> None:
    capsys = cli_index
    code, out, _ = _cli(capsys, "add", "parking charges", "--council", "Millbrook", "--name", "p")
    assert (code, out) == (0, "Added watch p on index town\n")
    code, out, _ = _cli(capsys, "list")
    assert code == 0 and out.startswith("p: “parking charges” (council=Millbrook) — never run")

    code, out, _ = _cli(capsys, "run", "--since-last")
    assert code == 0
    assert "Watch p: “parking charges” (council=Millbrook)" in out
    assert "5 agenda items searched" in out
    assert (
        "Millbrook · Resources Committee · 14 Jan 2025 · item 3 — “Millbrook Lane car park”" in out
    )

    code, out, _ = _cli(capsys, "run", "--since-last", "--json")
    (result,) = json.loads(out)
    assert (code, result["watch"], result["matched"], result["items_considered"]) == (
        0,
        "p",
        False,
        0,
    )
    code, out, _ = _cli(capsys, "run", "p", "--json")  # a preview: everything, marker kept
    (result,) = json.loads(out)
    assert code == 0 and result["since_build"] is None and result["matched"]
    cited = result["answer"]["citations"][0]
    assert cited["item_number"] == "3" and cited["source"] == "budget.txt"
    assert "parking charges" in cited["quote"]
    code, out, _ = _cli(capsys, "list", "--json")
    assert code == 0 and json.loads(out)[0]["last_generation"] is not None

    code, out, _ = _cli(capsys, "remove", "p")
    assert (code, out) == (0, "Removed watch p: “parking charges”\n")
    code, out, err = _cli(capsys, "run")
    assert code == 0 and "no watches on this index" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("remove", "nope"), "index 'town' has no watches; add one with"),
        (("run", "nope"), "index 'town' has no watches"),
        (("add", "q", "--name", "a b"), "a watch name is letters, digits"),
        (("add", "   "), "the question is empty"),
        (("add", "q", "--name", "n" * 65), "watch name: String should have at most 64 characters"),
        (("add", "why " * 600), "watch question: String should have at most 2000 characters"),
    ],
)
def test_cli_errors_are_one_line(
    cli_index: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = _cli(cli_index, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("minutes: error: ") and message in err


def test_cli_unknown_watch_lists_the_others(cli_index: pytest.CaptureFixture[str]) -> None:
    _cli(cli_index, "add", "parking", "--name", "parking")
    code, _, err = _cli(cli_index, "remove", "parkin")
    assert code == 2
    assert err == "minutes: error: index 'town' has no watch named 'parkin'; its watches: parking\n"


def test_cli_markdown_digest_cites_and_escapes(
    cli_index: pytest.CaptureFixture[str], corpus: Path
) -> None:
    _cli(cli_index, "add", "parking charges", "--name", "parking")
    _cli(cli_index, "add", "library opening hours", "--name", "libs")
    _cli(cli_index, "run", "--since-last")
    hostile = PARKING_NEWS.replace(
        "free parking after six in the evening",
        "free parking <script>alert(1)</script> after six, see [form](javascript:alert(1))",
    )
    _write(corpus, "cabinet.txt", hostile, "Millbrook", "Cabinet", "2025-03-03")
    assert main(["ingest", str(corpus), "--index", "town", "--quiet"]) == 0

    code, out, _ = _cli(cli_index, "run", "--since-last", "--md")
    assert code == 0
    assert out.startswith("# Minutes watch digest: town, ")
    assert "2 watches, 1 with something new." in out
    parking, libs = out.split("## parking\n")[1].split("## libs\n")
    assert "*2 agenda items added or changed since the last run*" in parking
    assert (
        "**Millbrook · Cabinet · 3 Mar 2025 · item 2** — “Town centre parking charges”" in parking
    )
    assert "<script>" not in out and "](javascript" not in out
    assert "\\<script\\>" in out
    assert "Nothing on this question." in libs  # new items, none on libraries

    code, out, _ = _cli(cli_index, "run", "--since-last", "--md")
    assert "2 watches, 0 with something new." in out and out.count("Nothing new.") == 2


def test_cli_report_that_fails_to_write_is_not_marked(
    cli_index: pytest.CaptureFixture[str],
) -> None:
    _cli(cli_index, "add", "parking charges", "--name", "parking")

    class Full:
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

        def flush(self) -> None:
            raise OSError(28, "No space left on device")

    captured = sys.stdout
    sys.stdout = Full()
    try:
        assert main(["watch", "run", "--since-last", "--md", "--index", "town"]) == 1
    finally:
        sys.stdout = captured
    code, out, _ = _cli(cli_index, "run", "--since-last", "--json")
    (result,) = json.loads(out)
    assert code == 0 and result["since_build"] is None and result["matched"]  # reported again
