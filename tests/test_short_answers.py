"""Short answers, whole-sentence quotes and source numbering (issue 14, items 1–3).

The extractive answerer runs for real over hand-written passages with the deterministic fake
embedder; every offset the answer reports is checked against the passage text it names.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from rag.answers import Asker
from rag.answers.extractive import ExtractiveAnswerer
from rag.answers.short import Candidate, question_kinds, short_answer_spans
from rag.models import Answer, Citation, Passage
from rag.search import open_searcher
from rag.settings import Settings
from rag.text import quote_text
from tests.fakes import FakeEmbedder


def passage(
    pid: str, text: str, item: str = "5", council: str = "Kingston upon Thames", rank: int = 1
) -> Passage:
    citation = Citation(
        id=pid,
        council=council,
        committee="Planning Committee",
        meeting_date=date(2023, 3, 14),
        item_number=item,
        item_title=f"Item {item}",
        source=f"{council}.txt",
    )
    return Passage(rank=rank, score=1.0, text=text, source=citation.source, citation=citation)


def spans(question: str, text: str) -> list[str]:
    """The short-answer spans of one sentence-per-line text, best first."""
    candidates, at = [], 0
    for line in text.split("\n"):
        candidates.append(Candidate(1, at, at + len(line), 0.5))
        at += len(line) + 1
    return [text[s.start : s.end] for _, s, _ in short_answer_spans(question, candidates, [text])]


# --- what a question asks for ------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("How many appeals were dismissed?", ("count",)),
        ("How much did the scheme cost?", ("amount",)),
        ("What overspend was forecast for 2023/24?", ("amount",)),
        ("What share of the homes would be affordable?", ("percentage",)),
        ("By how much did exclusions fall?", ("percentage", "amount")),
        ("What return did the pension fund make over the quarter?", ("percentage", "amount")),
        ("When is the committee next due to meet?", ("date",)),
        ("What is the closing date for submissions?", ("date",)),
        ("Who seconded the motion?", ("person",)),
        ("Which Cabinet member proposed the change?", ("person",)),
        ("What was the vote on the budget?", ("vote",)),
        ("How did the council vote on the amendment?", ("vote",)),
        ("What did the committee decide about parking?", ("outcome",)),
        ("Was the licence granted?", ("outcome",)),
        ("What was said about agency staffing?", ()),
    ],
)
def test_question_kinds(question: str, kinds: tuple[str, ...]) -> None:
    assert question_kinds(question) == kinds


# --- which span answers ------------------------------------------------------------------


def test_the_seconder_is_the_name_after_seconded_by_even_behind_a_role() -> None:
    text = (
        "The Leader of the Council (Cllr Owen Brackenbury) moved the recommendations.\n"
        "The recommendations were seconded by the Deputy Leader (Cllr Fiona Gallimore)."
    )
    assert spans("Who seconded the recommendations?", text)[0] == "Cllr Fiona Gallimore"
    assert spans("Who moved the recommendations?", text)[0] == "Cllr Owen Brackenbury"


def test_mover_before_seconded_by_clause_is_the_mover() -> None:
    text = "Councillor Donald Arnot, seconded by Councillor Ian Moncrieff, moved an amendment."
    assert spans("Who moved the amendment?", text)[0] == "Councillor Donald Arnot"
    assert spans("Who seconded the amendment?", text)[0] == "Councillor Ian Moncrieff"


def test_amount_is_the_one_its_own_clause_describes() -> None:
    text = (
        "Against a net revenue budget of £212.6 million, the forecast outturn was an "
        "overspend of £3.84 million."
    )
    assert spans("What overspend was forecast?", text)[0] == "£3.84 million"
    listing = "A payment of £450,000 to the carbon offset fund, £62,500 towards health."
    assert spans("How much was paid to the carbon offset fund?", listing)[0] == "£450,000"


def test_a_figure_given_for_the_period_asked_beats_its_neighbours() -> None:
    """Minutes set a figure beside last year's and last quarter's: the period each figure is
    given for ("at 31 December 2023") tells them apart; the meeting's own date does not."""
    text = (
        "She said that the value of the Fund had risen to £7.9bn at 31 December 2023, from "
        "£7.5bn at 30 September 2023 and £7.8bn at 31 December 2022."
    )
    asked = "What was the Fund worth at the end of December 2023, as reported on 20 March 2024?"
    assert spans(asked, text)[0] == "£7.9bn"
    asked = "What was the Fund worth at the end of September 2023?"
    assert spans(asked, text)[0] == "£7.5bn"
    asked = "What was the Fund worth in December 2022, by the committee's meeting on 1 March 2024?"
    assert spans(asked, text)[0] == "£7.8bn"
    rates = "The return was 6.1% in 2022/23 against 8.4% in 2023/24."
    assert spans("What percentage return was made in 2023/24?", rates)[0] == "8.4%"
    assert spans("What percentage return was made in the 2022/23 year?", rates)[0] == "6.1%"


def test_count_prefers_the_current_value_and_keeps_the_thing_counted() -> None:
    text = "Placements had risen from 41 to 53 since the end of March."
    assert spans("How many placements were there?", text)[0] == "53"
    days = "Objectors have 21 days to respond, after 3 reminders."
    assert spans("How many days do objectors have to respond?", days)[0] == "21 days"


def test_numbers_the_question_already_gives_are_not_the_answer() -> None:
    text = "A building at 1148 Silvercreek Parkway North with 142 residential units."
    assert spans("How many units at 1148 Silvercreek Parkway North?", text)[0] == (
        "142 residential units"
    )


def test_a_member_the_question_names_as_its_own_is_not_the_answer() -> None:
    """ "Who seconded Councillor Hepplewhite's appointment?" names Hepplewhite (a possessive
    is its word): the sentence that names only Hepplewhite does not say who seconded."""
    text = "It was AGREED that Councillor Hepplewhite be appointed to the Licensing Committee."
    assert spans("Who seconded Councillor Hepplewhite's appointment?", text) == []


def test_vote_tallies_in_every_common_layout() -> None:
    question = "What was the vote?"
    assert spans(question, "The motion was CARRIED (For 7, Against 3, Abstentions 1).") == [
        "CARRIED (For 7, Against 3, Abstentions 1)"
    ]
    assert spans(question, "Motion Passed (10 to 3)") == ["Motion Passed (10 to 3)"]
    assert spans(question, "The result was: For: 19; Against: 6; Abstain: 1.") == [
        "For: 19; Against: 6; Abstain: 1"
    ]
    assert spans(question, "It was carried by 37 votes to 11, with 2 abstentions.") == [
        "37 votes to 11, with 2 abstentions"
    ]


def test_outcome_is_the_decision_not_the_verb_that_introduces_it() -> None:
    text = "It was agreed that the motion be referred to the Roads Committee."
    assert spans("What happened to the motion?", text)[0] == "referred"


# --- the answer ---------------------------------------------------------------------------

ITEM_5A = (
    "The Head of Planning introduced the report on the Ewell Road scheme.\n"
    "The scheme would provide 35 per cent affordable housing by habitable\n"
    "room, split 70:30 between rent and shared ownership.\n"
    "Page 2 of 9\n"
)
ITEM_5B = (
    "Members **welcomed** the affordable housing offer at Ewell Road, which was\n"
    "above the level secured on comparable sites in Surbiton.\n"
)
OTHER = "The committee noted the appeals report for the quarter and its costs.\n"


@pytest.fixture
def answerer(fake_embedder: FakeEmbedder) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(fake_embedder)


def test_short_answer_first_with_exact_offsets_and_json(answerer: ExtractiveAnswerer) -> None:
    passages = [passage("a", ITEM_5A), passage("b", OTHER, item="7"), passage("c", ITEM_5B)]
    answer = answerer.answer("What share of the Ewell Road scheme is affordable housing?", passages)
    short = answer.short_answer
    assert short is not None and short.kind == "percentage"
    assert short.text == "35 per cent"
    assert ITEM_5A[short.start : short.end] == "35 per cent"
    assert answer.text.splitlines()[0].startswith("35 per cent — Kingston upon Thames")
    assert answer.text.splitlines()[0].endswith(f"[{short.marker}]")
    as_json = json.loads(json.dumps(answer.to_json()))
    assert as_json["short_answer"]["text"] == "35 per cent"
    assert as_json["short_answer"]["passage_id"] == "a"
    assert as_json["evidence"] == ["a", "b", "c"]


def test_no_short_answer_when_the_question_asks_for_none_or_evidence_is_weak(
    answerer: ExtractiveAnswerer,
) -> None:
    passages = [passage("a", ITEM_5A), passage("c", ITEM_5B)]
    assert answerer.answer("What was said about affordable housing?", passages).short_answer is None
    # Asks for a sum; the minutes hold none about gritting: no short answer, quotes only.
    weak = answerer.answer("How much was budgeted for winter gritting?", passages)
    assert weak.short_answer is None
    assert json.loads(json.dumps(weak.to_json()))["short_answer"] is None


def test_quotes_are_whole_clean_sentences_that_map_back(answerer: ExtractiveAnswerer) -> None:
    passages = [passage("a", ITEM_5A), passage("c", ITEM_5B)]
    answer = answerer.answer("affordable housing Ewell Road scheme", passages)
    texts = {p.citation.id: p.text for p in passages}
    quoted = [c.text for c in answer.claims]
    assert (
        "The scheme would provide 35 per cent affordable housing by habitable room, split 70:30 "
        "between rent and shared ownership." in quoted
    )
    for claim in answer.claims:
        assert claim.passage_id is not None and claim.start is not None
        raw = texts[claim.passage_id][claim.start : claim.end]
        assert quote_text(raw) == claim.text
        assert "\n" not in claim.text and "*" not in claim.text and "Page 2" not in claim.text
        assert claim.text.endswith((".", "!", "?", ":", ";"))


def test_sources_numbered_one_to_n_one_per_agenda_item(answerer: ExtractiveAnswerer) -> None:
    # Passages a and c are the same agenda item; b is another: two sources, [1] and [2].
    passages = [passage("a", ITEM_5A), passage("b", OTHER, item="7"), passage("c", ITEM_5B)]
    answer = answerer.answer(
        "affordable housing Ewell Road scheme and the appeals report", passages
    )
    assert [c.marker for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    items = [(c.item_number, c.source) for c in answer.citations]
    assert len(items) == len(set(items))  # one source per agenda item
    item_5 = next(c for c in answer.citations if c.item_number == "5")
    assert set(item_5.passage_ids) <= {"a", "c"} and item_5.passage_ids
    markers = sorted({m for c in answer.claims for m in c.markers})
    assert markers == [c.marker for c in answer.citations]
    # The text's markers are the sources' numbers, first appearance first.
    first_seen: list[int] = []
    for number in (int(n) for n in re.findall(r"\[(\d+)\]", answer.text)):
        if number not in first_seen:
            first_seen.append(number)
    assert first_seen == sorted(first_seen)


# --- ask keeps the search ranking ---------------------------------------------------------


def test_ask_passages_are_the_search_ranking(settings: Settings, sample_corpus: Path) -> None:
    index = settings.index.root / "s"
    ingest([sample_corpus], index, settings)
    question = "what did Ofsted find?"
    searcher = open_searcher(index, settings)
    try:
        ranking = [p.citation.id for p in searcher.search(question, k=settings.search.k)]
    finally:
        searcher.close()
    with Asker.open(index, settings) as asker:
        answer: Answer = asker.ask(question)
    assert [p.citation.id for p in answer.passages] == ranking
    assert [p.rank for p in answer.passages] == list(range(1, len(ranking) + 1))
    assert {p.citation.id for p in answer.evidence} <= set(ranking)
