"""Timelines: one issue across four meetings, linked by report numbers, a minute reference and
titles, in date order, with the items that only share words left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.apps.cli import main
from rag.timeline import references
from tests.fakes import FakeEmbedder

FIXTURE = Path(__file__).parent / "fixtures" / "timeline"


def test_reference_numbers_are_read_and_dates_are_not() -> None:
    text = (
        "Report CAB/2024/017 on application 23/04412/FUL (PA23/08811, DC/23/0921), report "
        "PL-2024-22 and By-law 2024-27 were considered on 14/03/2023 at 6.30pm."
    )
    assert references(text) == {
        "CAB/2024/017",
        "23/04412/FUL",
        "PA23/08811",
        "DC/23/0921",
        "PL-2024-22",
        "By-law 2024-27",
    }


@pytest.fixture
def timeline_index(fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]) -> str:
    files = [str(p) for p in sorted(FIXTURE.glob("*.txt"))]
    assert main(["ingest", *files, "--index", "t", "--quiet"]) == 0
    capsys.readouterr()
    return "t"


@pytest.mark.parametrize(
    "topic", ["Millbrook Lane car park", "sale of the car park to Harbury Homes"]
)
def test_the_issue_in_date_order_and_nothing_else(
    timeline_index: str, topic: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["timeline", topic, "--index", timeline_index, "--json"]) == 0
    timeline = json.loads(capsys.readouterr().out)
    entries = timeline["entries"]
    got = [(e["citation"]["meeting_date"], e["citation"]["item_number"]) for e in entries]
    assert got == [
        ("2024-01-16", "7"),
        ("2024-02-20", "19"),
        ("2024-03-05", "31"),
        ("2024-04-09", "40"),
    ]
    assert [e["outcome"] for e in entries] == [
        "Deferred",
        "Carried (For 5, Against 1)",
        "Call-in: Approved",
        "Confirmed",
    ]
    reasons = [reason for e in entries for reason in e["linked_by"]]
    assert "reference CAB/2024/017" in reasons and "minute reference" in reasons
    assert entries[1]["decisions"][0]["mover"] == "Councillor Dalby"


def test_the_terminal_timeline_and_its_filters(
    timeline_index: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["timeline", "Millbrook Lane car park", "--index", timeline_index]) == 0
    out = capsys.readouterr().out
    assert out.index("16 Jan 2024") < out.index("20 Feb 2024") < out.index("9 Apr 2024")
    assert "SCHOOL CROSSING" not in out and "REAR EXTENSION" not in out
    assert (
        main(
            [
                "timeline",
                "Millbrook Lane car park",
                "--index",
                timeline_index,
                "--since",
                "2024-03-01",
            ]
        )
        == 0
    )
    later = capsys.readouterr().out
    assert "16 Jan 2024" not in later and "9 Apr 2024" in later
    assert main(["timeline", "  ", "--index", timeline_index]) == 2
    assert "give a topic" in capsys.readouterr().err
    assert main(["timeline", "zebra crossings in Antarctica", "--index", timeline_index]) == 0
    assert "No agenda items found" in capsys.readouterr().out
