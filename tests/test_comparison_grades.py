"""Comparing councils with grades (issue 14 item 4): each council's answer is "discussed",
"related only" or "no mention" by the question's key terms in its quotes, a row covers the items
with no council stated, and the CLI, JSON, app table and exports all say the same."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from rag.answers import Asker, Comparison
from rag.answers.grades import (
    DISCUSSED,
    NO_MENTION,
    RELATED,
    grade_answer,
    idf_weight,
    is_discussed,
    key_terms,
    terms_in,
)
from rag.apps.cli import main
from rag.apps.render import render_comparison
from rag.apps.web import support as sup
from rag.models import Answer, Claim, Filters
from rag.settings import Settings
from tests.fakes import FakeEmbedder

AGENCY = "what was said about agency staffing?"
BINS = "what was decided about bin collections?"


# ---------------------------------------------------------------------------- key terms
def test_key_terms_leave_out_ways_of_asking_and_council_names() -> None:
    assert key_terms(AGENCY) == ["agency", "staffing"]
    asked = "What did the Trafford council committee say in its meetings about agency staffing?"
    assert key_terms(asked, ["BCP", "Trafford"]) == ["agency", "staffing"]
    assert key_terms("what was discussed about co-production with parents?") == [
        "co-production",
        "parents",
    ]
    assert key_terms("what did the minutes say?") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Measures were being taken to recruit more staff.", ["staffing"]),
        ("The service was predominantly agency staffed.", ["agency", "staffing"]),
        ("Spending on agencies for staffing rose.", ["agency", "staffing"]),
        ("Reliance on agency-staff was reduced.", ["agency", "staffing"]),
        ("Partner agencies attended.", ["agency"]),
        ("Nothing about it.", []),
    ],
)
def test_a_term_is_found_by_its_variants(text: str, found: list[str]) -> None:
    assert terms_in(["agency", "staffing"], text)[0] == found


def test_compounds_match_either_way() -> None:
    assert terms_in(["child", "care"], "Childcare places were funded.") == (["child", "care"], [])
    assert terms_in(["childcare"], "Child care places were funded.") == (["childcare"], [])
    assert terms_in(["co-production"], "Coproduction with families.") == (["co-production"], [])


def test_discussed_needs_every_term_of_two_and_the_specific_ones_of_more() -> None:
    assert is_discussed(["agency", "staffing"], ["agency", "staffing"])
    assert not is_discussed(["agency", "staffing"], ["staffing"])
    terms = ["cost", "agency", "social", "workers"]
    # In an index of 1,000 passages: 'agency' in 20 of them, the others common.
    weights = {
        "cost": idf_weight(1000, 400),
        "agency": idf_weight(1000, 20),
        "social": idf_weight(1000, 300),
        "workers": idf_weight(1000, 350),
    }
    assert is_discussed(terms, ["agency", "social", "workers"], weights)  # without 'cost'
    assert not is_discussed(terms, ["cost", "social", "workers"], weights)  # without 'agency'
    assert is_discussed(terms, ["cost", "social", "workers"])  # unweighted: 3 of 4


def _answer(*sentences: str, abstained: bool = False) -> Answer:
    claims = [Claim(text=s, markers=[1]) for s in sentences]
    return Answer(question=AGENCY, text=" ".join(sentences), claims=claims, abstained=abstained)


def test_grades_of_answers() -> None:
    terms = ["agency", "staffing"]
    assert grade_answer(_answer(abstained=True), terms).grade == NO_MENTION
    trafford = grade_answer(_answer("Measures were taken to recruit more staff."), terms)
    assert (trafford.grade, trafford.found, trafford.missing) == (
        RELATED,
        ("staffing",),
        ("agency",),
    )
    # Both terms quoted, never in one sentence: other topics, only related.
    scattered = _answer("Partner agency attendance improved.", "Police brought in staffing.")
    assert grade_answer(scattered, terms).grade == RELATED
    assert grade_answer(scattered, terms).missing == ()
    croydon = _answer("Staffing was stable.", "The service was predominantly agency staffed.")
    graded = grade_answer(croydon, terms)
    assert graded.grade == DISCUSSED and graded.claim is not None
    assert graded.claim.text == "The service was predominantly agency staffed."


# ---------------------------------------------------------------------------- comparisons
@pytest.fixture
def asker(
    fake_env: FakeEmbedder, settings: Settings, sample_corpus: Path, index_root: Path
) -> Asker:
    ingest([sample_corpus], index_root / "s", settings, embedder=fake_env)
    return Asker.open("s", settings)


def test_trafford_is_not_said_to_discuss_agency_staffing(asker: Asker) -> None:
    with asker:
        comparison = asker.compare(AGENCY)
    assert comparison.key_terms == ["agency", "staffing"]
    rows = {r.name: r for r in comparison.rows}
    assert list(rows) == ["BCP", "Croydon", "Trafford", "Council not stated"]
    assert rows["BCP"].grade == rows["Croydon"].grade == DISCUSSED
    assert rows["BCP"].terms_found == ["agency", "staffing"]
    trafford = rows["Trafford"]
    assert trafford.grade == RELATED and not trafford.mentioned
    assert trafford.terms_missing == ["agency"] and trafford.terms_found == ["staffing"]
    assert "missing: agency" in trafford.explanation()
    # The items with no council stated are compared too, and graded the same way.
    unstated = rows["Council not stated"]
    assert unstated.council is None and unstated.scope.items == 2
    assert all(c.council is None for c in unstated.answer.citations)
    assert unstated.grade != DISCUSSED  # "partner agency" and police "staffing" only
    assert comparison.summary_line() == (
        "Compared 3 councils and the items with no council stated: "
        "2 discussed, 2 related only, 0 no mention."
    )


def test_no_mention_says_what_was_searched(asker: Asker) -> None:
    with asker:
        comparison = asker.compare(BINS, Filters(since=date(2015, 1, 1)))
    assert comparison.counts() == {DISCUSSED: 0, RELATED: 0, NO_MENTION: 4}
    bcp = comparison.rows[0]
    assert bcp.explanation() == (
        "nothing near in meaning or words: searched 1 agenda item in 1 meeting (Nov 2022) "
        "for the key terms bin, collections with filters since=1 Jan 2015"
    )
    assert bcp.citation is None and bcp.summary().startswith("No mention: searched 1 agenda")


def test_cli_table_and_json_carry_the_grades(
    sample_corpus: Path, fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(sample_corpus), "--index", "s", "--quiet"]) == 0
    assert main(["ask", AGENCY, "--index", "s", "--by", "council"]) == 0
    out = capsys.readouterr().out
    assert "Compared 3 councils and the items with no council stated: 2 discussed" in out
    lines = out.splitlines()
    trafford = next(i for i, line in enumerate(lines) if line.startswith("Trafford "))
    assert "related only" in lines[trafford]
    assert "Measures were being taken to recruit more staff" in lines[trafford + 1]
    assert "missing: agency" in "\n".join(lines[trafford + 1 : trafford + 4])
    assert any(line.startswith("Council not stated ") for line in lines)

    assert main(["ask", AGENCY, "--index", "s", "--by", "council", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["key_terms"] == ["agency", "staffing"]
    assert data["grades"] == {"discussed": 2, "related only": 2, "no mention": 0}
    rows = {r["label"]: r for r in data["councils"]}
    assert rows["Trafford"]["grade"] == "related only"
    assert rows["Trafford"]["terms_missing"] == ["agency"]
    assert rows["Trafford"]["mentioned"] is False and rows["BCP"]["mentioned"] is True
    assert rows["Council not stated"]["council"] is None


def test_exports_carry_the_grades(asker: Asker) -> None:
    with asker:
        comparison = asker.compare(AGENCY)
    table = list(csv.DictReader(io.StringIO(sup.comparison_csv(comparison))))
    assert list(table[0]) == list(sup.COMPARISON_FIELDS)
    trafford = next(r for r in table if r["council"] == "Trafford")
    assert (trafford["grade"], trafford["terms missing"]) == ("related only", "agency")
    markdown = sup.comparison_markdown(comparison)
    assert "Compared 3 councils and the items with no council stated: 2 discussed" in markdown
    assert "| Trafford | related only | staffing | agency |" in markdown
    assert "## Trafford: related only" in markdown and "_near in meaning, but missing" in markdown
    assert render_comparison(comparison, quiet=True).startswith("Compared 3 councils")


def test_an_empty_comparison_says_so() -> None:
    comparison = Comparison(question=AGENCY)
    assert comparison.summary_line().startswith("Nothing to compare")
    assert "Nothing to compare" in render_comparison(comparison)
    assert sup.comparison_rows(comparison) == []
