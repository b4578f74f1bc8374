"""Issue 14 item 6, one test each: the abstention and `minutes info` count meetings alike; one
date style for users; --quiet prints only the result; a missing default index names the ones
that exist; a comparison downloads as comparison.csv."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from rag.apps.cli import main
from rag.apps.web import support as sup
from rag.dates import day_label, range_label, time_label
from rag.index import IndexStore
from rag.models import Answer, Citation
from tests.fakes import FakeEmbedder

AGENCY = "what was said about agency staffing?"
BINS = "what was decided about bin collections?"
COUNTED = re.compile(r"(\d+) agenda items? in (\d+) meetings?")


@pytest.fixture
def sample(sample_corpus: Path, fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]) -> str:
    """The sample corpus ingested as index 's' (output discarded)."""
    assert main(["ingest", str(sample_corpus), "--index", "s"]) == 0
    capsys.readouterr()
    return "s"


# ---------------------------------------------------------------------------- 1. counts
def test_abstention_and_info_count_meetings_the_same_way(
    sample: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["info", "--index", sample]) == 0
    info = capsys.readouterr().out
    assert main(["ask", BINS, "--index", sample]) == 0
    abstained = capsys.readouterr().out
    assert abstained.startswith("The indexed minutes do not discuss bin collections.")
    info_counts, searched = COUNTED.search(info), COUNTED.search(abstained)
    assert info_counts and searched
    assert info_counts.groups() == searched.groups() == ("5", "5")
    assert "(s)" not in info + abstained
    assert "(1 meeting undated)" in info  # the one document that gives no date
    assert main(["info", "--index", sample, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["meetings"], data["dated_meetings"]) == (5, 4)


def test_the_sidebar_counts_as_info_does(sample: str, index_root: Path) -> None:
    with IndexStore.open(index_root / sample) as store:
        lines = sup.stats_lines(store.stats(), store.scope())
    assert lines[0] == "3 councils: BCP, Croydon, Trafford"
    counted = COUNTED.search(lines[1])
    assert lines[1].startswith("5 documents, ") and counted and counted.groups() == ("5", "5")
    assert lines[2] == "Dates: 2017 – 22 Nov 2022 (1 meeting undated)"
    assert re.fullmatch(r"Built \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d UTC", lines[3])


# ---------------------------------------------------------------------------- 2. dates
def test_date_labels() -> None:
    assert day_label(date(2022, 11, 2)) == "2 Nov 2022"
    assert day_label("2022-11-22") == "22 Nov 2022"
    assert day_label("2017") == "2017" and day_label(None) == ""
    assert range_label("2017", "2022-11-22") == "2017 – 22 Nov 2022"
    assert range_label("2022-11-22", "2022-11-22") == "22 Nov 2022"
    assert range_label(None, None) == ""
    assert time_label("2026-11-30T06:14:38+00:00") == "30 Nov 2026 06:14 UTC"
    assert time_label("not a time") == "not a time"


def test_users_see_one_date_style_and_json_keeps_iso(
    sample: str, capsys: pytest.CaptureFixture[str]
) -> None:
    iso = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
    assert main(["info", "--index", sample]) == 0
    info = capsys.readouterr().out
    assert "2017 – 22 Nov 2022" in info and not iso.search(info.split("\n", 1)[1])
    assert main(["search", "agency staff", "--index", sample, "--since", "2022-11-01"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Filters: since=1 Nov 2022\n") and not iso.search(shown)
    assert main(["ask", AGENCY, "--index", sample, "--since", "2022-11-01"]) == 0
    shown = capsys.readouterr().out
    assert "22 Nov 2022" in shown and "since=1 Nov 2022" in shown and not iso.search(shown)
    assert main(["ask", AGENCY, "--index", sample, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "2022-11-22" in {c["meeting_date"] for c in data["citations"]}


def test_exports_show_dates_as_users_read_them() -> None:
    citation = Citation(
        id="a", marker=1, council="BCP", meeting_date=date(2022, 11, 22), item_title="Update"
    )
    answer = Answer(question=AGENCY, text="Found. [1]", citations=[citation])
    row = next(csv.DictReader(io.StringIO(sup.answer_csv(answer))))
    assert row["meeting_date"] == "22 Nov 2022"
    assert "meeting_date: 22 Nov 2022" in sup.answer_markdown(answer)
    year_only = citation.model_copy(update={"meeting_date": None, "year": 2017})
    answer = answer.model_copy(update={"citations": [year_only]})
    assert next(csv.DictReader(io.StringIO(sup.answer_csv(answer))))["meeting_date"] == "2017"


# ---------------------------------------------------------------------------- 3. --quiet
def test_quiet_prints_only_the_result(
    sample_corpus: Path, fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(sample_corpus), "--index", "q", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["ask", AGENCY, "--index", "q", "--json"]) == 0
    expected = json.loads(capsys.readouterr().out)["answer"]
    assert main(["ask", AGENCY, "--index", "q", "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert out == expected + "\n" and err == ""
    assert "Sources:" not in out


def test_quiet_still_reports_failures_on_stderr(
    tmp_path: Path, fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.txt").write_text("")
    assert main(["ingest", str(tmp_path / "empty.txt"), "--index", "e", "--quiet"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "empty.txt" in err and "nothing could be ingested" in err


# ---------------------------------------------------------------------------- 4. index
def test_a_missing_default_index_names_the_ones_that_exist(
    sample_corpus: Path,
    fake_env: FakeEmbedder,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("MINUTES_INDEX__NAME", raising=False)
    assert main(["ingest", str(sample_corpus), "--index", "sample", "--quiet"]) == 0
    for command in (["ask", AGENCY], ["search", "agency"], ["info"]):
        assert main(command) == 3
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
        assert "no index 'default'" in err
        assert err.rstrip().endswith("indexes here: sample — pass --index sample")


def test_with_no_index_at_all_the_error_says_how_to_build_one(
    fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", AGENCY, "--index", "nowhere"]) == 3
    err = capsys.readouterr().err
    assert "build one with: minutes ingest" in err and "indexes here" not in err


# ---------------------------------------------------------------------------- 5. downloads
def test_a_comparison_downloads_as_comparison_files() -> None:
    from rag.answers import Comparison

    assert sup.download_names(Comparison(question=AGENCY)) == ("comparison.md", "comparison.csv")
    assert sup.download_names(Answer(question=AGENCY, text="")) == ("answer.md", "citations.csv")
