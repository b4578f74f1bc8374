"""The decision register: extraction from the labelled fixtures (through a real index), the
scorer's own sanity checks, storage with its item, the `decisions` command, and answers."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from ingest.decisions import extract_decisions
from ingest.pipeline import ingest
from rag.apps.cli import main
from rag.apps.decision_view import decisions_csv
from rag.apps.evaluation.decisions import (
    FIELDS,
    load_labelled,
    perfect_predictions,
    predictions_from_index,
    score_decisions,
)
from rag.index import IndexStore
from rag.models import Citation, Decision, Filters
from rag.settings import Settings
from tests.fakes import FakeEmbedder

FIXTURES = Path(__file__).parent / "fixtures" / "decisions"


def _one(text: str) -> list[tuple[str, str, object, object, object]]:
    return [
        (d.kind, d.outcome, d.mover, d.seconder, d.result.votes) for d in extract_decisions(text)
    ]


def test_uk_vote_merged_with_the_resolution_it_records() -> None:
    text = (
        "Proposed by Councillor Osei, seconded by Councillor Carrick, that the application be "
        "approved.\n\nOn being put to the vote the motion was CARRIED (For 7, Against 3, "
        "Abstentions 1).\n\nRESOLVED: That planning permission be GRANTED subject to conditions.\n"
    )
    assert _one(text) == [
        ("resolved", "carried", "Councillor Osei", "Councillor Carrick", (7, 3, 1))
    ]


def test_escribe_recorded_vote_names_and_counts() -> None:
    text = (
        "Moved by: Councillor Mendes\nSeconded by: Councillor Oyelaran\n\nThat the report be "
        "adopted.\n\nYeas: (2): Mayor Thibault, and Councillor Rivers\n\nNays: (1): Councillor "
        "Lake\n\nMotion Passed (2 to 1)\n"
    )
    (found,) = extract_decisions(text)
    assert (found.kind, found.outcome, found.result.votes) == ("motion", "carried", (2, 1, None))
    assert found.result.names == {
        "for": ["Mayor Thibault", "Councillor Rivers"],
        "against": ["Councillor Lake"],
    }


def test_a_tie_decided_by_casting_vote_is_carried_with_the_counts_unchanged() -> None:
    text = (
        "Councillor Fairhurst moved that Ms Okeke be appointed, and Councillor Gorman seconded "
        "the motion.\n\nUpon a vote being taken, 5 voted in favour and 5 against. The Chair used "
        "his casting vote in favour of the motion, which was declared CARRIED.\n\nRESOLVED – That "
        "Ms Okeke be appointed.\n"
    )
    assert _one(text) == [
        ("resolved", "carried", "Councillor Fairhurst", "Councillor Gorman", (5, 5, None))
    ]


def test_discussion_words_are_not_decisions() -> None:
    text = (
        "Members agreed that the report was clear. The officer agreed to circulate the figures. "
        "The Council had resolved in 2021 to review the policy. The matter had still not been "
        "resolved. Councillor Bell noted that the motion carried at Council in 2022 had asked "
        "for a report.\n"
    )
    assert extract_decisions(text) == []


def test_scorer_perfect_is_one_shuffled_falls_and_nothing_scores_zero() -> None:
    labelled = load_labelled([FIXTURES])
    perfect = score_decisions(labelled, perfect_predictions(labelled))["all"]
    assert all(perfect[f]["f1"] == 1.0 for f in FIELDS if perfect[f]["labelled"])
    shuffled = score_decisions(labelled, perfect_predictions(labelled), shuffle_seed=1)["all"]
    assert shuffled["mover"]["precision"] < 0.2 and shuffled["votes"]["precision"] < 0.3
    assert shuffled["outcome"]["precision"] < 0.5
    empty = score_decisions(labelled, {})["all"]
    assert all(empty[f]["recall"] == 0.0 for f in FIELDS)


def test_fixtures_scored_through_a_real_index(settings: Settings) -> None:
    """Regression guard on the development fixtures (held-out scores are in eval/results)."""
    labelled = load_labelled([FIXTURES])
    report = score_decisions(labelled, predictions_from_index(labelled, [FIXTURES], settings))
    scores = report["all"]
    assert scores["decision"]["precision"] >= 0.97 and scores["decision"]["recall"] >= 0.95
    assert scores["outcome"]["precision"] >= 0.95 and scores["votes"]["precision"] >= 0.97
    assert scores["mover"]["precision"] >= 0.97 and scores["seconder"]["recall"] >= 0.9


def test_decisions_are_replaced_with_their_file(tmp_path: Path, settings: Settings) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(FIXTURES / "mg_vote_counts.txt", corpus / "a.txt")
    index = tmp_path / "idx"
    ingest([corpus], index, settings)
    with IndexStore.open(index) as store:
        first = store.decisions()
    assert [d.outcome for d in first] == ["carried", "carried"]
    assert (
        first[0].votes is not None and first[0].votes.label() == "For 7, Against 3, Abstentions 1"
    )
    assert first[0].citation is not None and first[0].citation.item_number == "113"
    # Every field's evidence points at the words it was read from.
    doc = (corpus / "a.txt").read_text()
    start, end = first[0].evidence["mover"]
    assert doc[start:end] == "Councillor Osei"
    (corpus / "a.txt").write_text(doc.replace("(For 7, Against 3", "(For 8, Against 2"))
    ingest([corpus], index, settings)
    with IndexStore.open(index) as store:
        again = store.decisions()
        assert store.decision_count() == 2
        assert store.decisions(Filters(since=date(2024, 2, 1)), outcomes=["carried"]) == again
        assert store.decisions(Filters(until=date(2023, 12, 31))) == []
        assert store.decisions(person="osei") == again[:1]
        assert store.decisions(outcomes=["lost"]) == []
    assert again[0].votes is not None and again[0].votes.in_favour == 8


def test_decisions_command_table_json_csv_and_filters(
    tmp_path: Path, fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name in ("escribe_council_motions", "mg_motion_lost", "mg_agreed_noted"):
        shutil.copy(FIXTURES / f"{name}.txt", corpus / f"{name}.txt")
    assert main(["ingest", str(corpus), "--index", "d", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["decisions", "--index", "d", "--outcome", "lost", "--json"]) == 0
    lost = json.loads(capsys.readouterr().out)
    assert lost and {d["outcome"] for d in lost} == {"lost"}
    assert any(d["votes"] == {"in_favour": 4, "against": 10, "abstain": None} for d in lost)
    assert main(["decisions", "--index", "d", "--mover", "Rivers", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["mover"] for r in rows] == ["A. Rivers"] and rows[0]["votes_for"] == "12"
    assert main(["decisions", "--index", "d", "--topic", "Quarry Road surplus land"]) == 0
    table = capsys.readouterr().out
    assert "Motion failed" not in table and "Lost (For 4, Against 10)" in table
    assert "Rivers" not in table  # the transit terminal is another item
    assert main(["decisions", "--index", "d", "--limit", "0"]) == 2
    assert "--limit" in capsys.readouterr().err


def test_csv_cells_that_look_like_formulas_are_text() -> None:
    dec = Decision(
        decision_id="x", item_id="i", kind="noted", outcome="noted", text="=HYPERLINK(1)",
        start=0, end=13, citation=Citation(id="x", source="a.txt"),
    )  # fmt: skip
    row = next(csv.DictReader(io.StringIO(decisions_csv([dec]))))
    assert row["text"] == "'=HYPERLINK(1)"


def test_ask_reads_votes_and_seconders_from_the_register(
    tmp_path: Path, fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name in ("escribe_council_motions", "mg_amendment_lost"):
        shutil.copy(FIXTURES / f"{name}.txt", corpus / f"{name}.txt")
    assert main(["ingest", str(corpus), "--index", "d", "--quiet"]) == 0
    # Item 8.2 holds two motions: keeping 118 Quarry Road (lost on a recorded vote) and
    # selling it (carried). Each question gets the motion whose own words it asks about.
    question = "What was the result of the vote on keeping 118 Quarry Road for affordable housing?"
    assert main(["ask", question, "--index", "d", "--json"]) == 0
    short = json.loads(capsys.readouterr().out)["short_answer"]
    assert short["text"] == "Motion Failed (4 to 10)" and short["kind"] == "vote"
    assert short["decision"]["outcome"] == "lost"
    question = "What was the result of the vote on listing 118 Quarry Road for sale as surplus?"
    assert main(["ask", question, "--index", "d", "--json"]) == 0
    short = json.loads(capsys.readouterr().out)["short_answer"]
    assert short["text"] == "Carried" and short["decision"]["outcome"] == "carried"
    question = "Who seconded the amendment on 20 mph speed limits?"
    assert main(["ask", question, "--index", "d", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["short_answer"]["text"] == "Councillor Kemp"


def test_an_item_the_reader_fails_on_is_indexed_with_a_warning(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in the decision reader on one odd item must not cost the file its passages."""
    import ingest.decisions.extract as extract

    def broken(text: str) -> list[object]:
        raise IndexError("no such group")

    monkeypatch.setattr(extract, "extract_decisions", broken)
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(FIXTURES / "mg_vote_counts.txt", corpus / "a.txt")
    report = ingest([corpus], tmp_path / "idx", settings)
    assert report.ok and report.chunks > 0 and not report.skipped
    assert any("decisions of" in w and "could not be read" in w for w in report.warnings)
    with IndexStore.open(tmp_path / "idx") as store:
        assert store.decisions() == [] and store.chunk_count() > 0


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # Australian / New Zealand
            "Moved Cr Morrow / Seconded Cr Sione\nThat the minutes be confirmed.\nCARRIED 5/2\n",
            ("motion", "carried", "Cr Morrow", "Cr Sione", (5, 2, None)),
        ),
        (  # United States
            "Motion by Commissioner Estrada, second by Commissioner Vollmer, to approve the agenda "
            "as presented; motion passed 5-0.\n",
            ("motion", "carried", "Commissioner Estrada", "Commissioner Vollmer", (5, 0, None)),
        ),
        (  # town council shorthand
            "MOTION (Jones/Smith) That the contract be awarded to Brightway Ltd.\nLOST (4 for, 7 "
            "against)\n",
            ("motion", "lost", "Jones", "Smith", (4, 7, None)),
        ),
        (  # planning committee form
            "Proposer: Cllr Bright      Seconder: Cllr Gupta\nVotes: 7-3-1\nDecision: Approved "
            "subject to the conditions in the report.\n",
            ("agreed", "carried", "Cllr Bright", "Cllr Gupta", (7, 3, 1)),
        ),
        (  # a table
            "| Proposal: | That the Members consent to the disposal of the depot. |\n|---|---|\n"
            "| Proposed by: | Cllr. Fergal Keogh |\n| Seconded by: | Cllr. Siobhán Quirke |\n"
            "| Result: | Agreed |\n",
            ("agreed", "approved", "Cllr. Fergal Keogh", "Cllr. Siobhán Quirke", None),
        ),
        (  # named lists headed "Members voting for …"
            "Proposed by Councillor Abbott, seconded by Councillor Baker, that the plan be adopted."
            "\n\nMembers voting for the motion: Councillors Abbott, Baker and Cole. Members voting "
            "against: Councillors Dean and Eyre.\n",
            ("motion", "carried", "Councillor Abbott", "Councillor Baker", (3, 2, None)),
        ),
    ],
)
def test_layouts_of_other_councils(text: str, want: tuple[object, ...]) -> None:
    (found,) = extract_decisions(text)
    got = (found.kind, found.outcome, found.mover, found.seconder, found.result.votes)
    assert got == want
