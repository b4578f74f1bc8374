"""Plain words of a question meet the formal words of the minutes ("turned down" = refused,
"lorry" = HGV): the word classes, the phrase rewriting, and both readers that use them (the
span reader and the decision register), on fictional snippets."""

from __future__ import annotations

import pytest

from rag.answers.from_register import register_picks
from rag.answers.short import _key
from rag.models import Citation, Decision
from rag.synonyms import canonical_stem, plain_phrases
from tests.test_short_answers import spans
from tests.test_short_answers_more import _decision


@pytest.mark.parametrize(
    ("plain", "formal"),
    [
        ("rejected", "refused"),
        ("postponed", "deferred"),
        ("scrapping", "removed"),
        ("lorries", "HGVs"),
        ("raising", "increase"),
        ("cut", "reduction"),
        ("charges", "fees"),
        ("dwellings", "homes"),
        ("lengthen", "extension"),
        ("replies", "responses"),
        ("submissions", "responses"),
        ("altogether", "totalling"),
    ],
)
def test_words_of_one_class_meet(plain: str, formal: str) -> None:
    assert _key(plain) == _key(formal)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("refused", "approved"),
        ("deferred", "withdrawn"),
        ("increase", "reduction"),
        ("fee", "home"),
    ],
)
def test_words_of_different_classes_stay_apart(one: str, other: str) -> None:
    assert _key(one) != _key(other)


def test_a_stem_in_no_class_is_itself() -> None:
    assert canonical_stem("quarri") == "quarri"


@pytest.mark.parametrize(
    ("question", "rewritten"),
    [
        ("Who tried to turn down the quarry?", "Who tried to refuse the quarry?"),
        ("the bid to push back the start date", "the bid to defer the start date"),
        ("who wanted to hold off the contract", "who wanted to defer the contract"),
        ("extra heavy goods vehicles on the lane", "extra lorry on the lane"),
        ("Is the council going ahead with the plan?", "Is the council approve the plan?"),
        (
            "Who moved that the Panel block the precept?",
            "Who moved that the Panel veto the precept?",
        ),
    ],
)
def test_plain_phrases_become_the_minutes_word(question: str, rewritten: str) -> None:
    assert plain_phrases(question) == rewritten


def test_a_phrase_inside_other_words_is_left_alone() -> None:
    # "back" and "off" alone, or inside longer words, are no phrasal verb
    question = "What was the holdback on the offside kerb and the back office budget?"
    assert plain_phrases(question) == question
    flats = "How many homes are in block B and in the tower block?"
    assert plain_phrases(flats) == flats


def test_the_register_answers_a_question_in_plain_words() -> None:
    refused = _decision(
        "r",
        "that the application be refused on the grounds that the additional HGV movements "
        "would harm highway safety in Wenning Cross.",
        "Quarry extension",
        "PL.12 Extension of mineral working, Coldmere Quarry",
    )
    granted = _decision(
        "g",
        "That planning permission be granted subject to a Section 106 agreement on routing.",
        "Quarry extension",
        "PL.12 Extension of mineral working, Coldmere Quarry",
    )
    question = "What happened to the attempt to turn down the quarry over lorry traffic?"
    picks = register_picks(question, [granted, refused])
    assert picks and picks[0].decision.decision_id == "r"


def test_the_span_reader_prefers_the_sentence_in_the_minutes_words() -> None:
    text = (
        "The Committee noted that 14 letters of support had been received for the scheme.\n"
        "In all 37 objections were received, most citing the increase in HGV movements."
    )
    found = spans("How many people complained about extra lorries?", text)
    assert found and found[0].startswith("37")


def test_a_question_about_adding_words_to_a_motion_is_about_its_amendment() -> None:
    text = (
        "Councillor Ruddock proposed the motion that the Council supports bilingual signage "
        "at its leisure centres. Councillor Orr proposed an amendment to add Ulster-Scots to "
        "the signage, seconded by Councillor Kerr."
    )
    citation = Citation(id="c", item_title="Motion - Leisure centre signage", source="ni.txt")

    def made(did: str, kind: str, start: int, end: int, mover: str) -> Decision:
        at = text.index(mover)
        return Decision(
            decision_id=did,
            item_id="i",
            kind=kind,
            outcome="carried",
            text=text[start:end],
            start=start,
            end=end,
            mover=mover,
            evidence={"text": (start, end), "mover": (at, at + len(mover))},
            citation=citation,
        ).with_openings("Council meeting", "Motion - Leisure centre signage")

    split = text.index("Councillor Orr")
    motion = made("m", "motion", 0, split, "Councillor Ruddock")
    amendment = made("a", "amendment", split, len(text), "Councillor Orr")
    question = "Who proposed adding Ulster-Scots to the leisure centre signage motion?"
    picks = register_picks(question, [motion, amendment])
    assert picks and picks[0].decision.decision_id == "a"
