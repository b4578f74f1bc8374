"""Short answers: the general failure classes found on unseen fact sets (line-end hyphens
inside a fact, "of 38 units", the next meeting's date, an amendment's vote against the
motion's, numbered resolutions, question phrasings), each read for real through the
extractive answerer or the index with the deterministic fake embedder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from rag.answers import Asker
from rag.answers.extractive import ExtractiveAnswerer, other_councils, short_candidates
from rag.answers.from_register import register_picks
from rag.answers.short import Candidate, best_span, question_kinds, short_answer_spans
from rag.models import Citation, Decision
from rag.settings import Settings
from rag.text import quote_text, unhyphenated
from rag.timefilter import read_time
from tests.fakes import FakeEmbedder
from tests.short_spans import best_of_one as _best_of_one
from tests.test_short_answers import passage, spans


def test_unhyphenated_maps_every_character_back() -> None:
    raw = "held on Monday 19th Feb-\nruary 2024; eco-  \n  nomic growth; well-being; 2023-\n24"
    joined, where = unhyphenated(raw)
    assert joined == "held on Monday 19th February 2024; economic growth; well-being; 2023-\n24"
    assert len(where) == len(joined) + 1 and where[-1] == len(raw)
    assert all(raw[where[i]] == joined[i] for i in range(len(joined)))


def test_a_fact_hyphenated_at_a_line_end_is_read_and_quoted_exactly() -> None:
    text = "The next meeting of the Parish Council will be held on Monday 19th Feb-\nruary 2024."
    candidates = [Candidate(1, 0, len(text), 0.6)]
    found = best_span("When is the parish council next due to meet?", candidates, [text])
    assert found is not None
    span, _ = found
    # Exact offsets of the stored text; quoted as a reader sees it.
    assert text[span.start : span.end] == "Monday 19th Feb-\nruary 2024"
    assert quote_text(text[span.start : span.end]) == "Monday 19th February 2024"


def test_a_count_after_of_is_a_count_not_a_reference() -> None:
    text = (
        "The Director presented the report under Part 8 of the Regulations 2001 on the "
        "construction of 38 social housing units at Church Road."
    )
    found = spans("How many social housing units were proposed under Part 8?", text)
    assert found[0].startswith("38 social")
    assert "8" not in found  # "Part 8" is a reference, and given in the question


def test_the_next_meetings_date_not_the_previous_ones() -> None:
    text = (
        "The minutes of the previous meeting held on 11 July 2023 were confirmed.\n"
        "The next meeting of the Committee will be held on 12 October 2023 at 2.00 pm."
    )
    assert spans("When is the committee next due to meet?", text)[0] == "12 October 2023"
    # Asked about something else, the date is not taken for being the next meeting's.
    assert spans("When were the minutes of the previous meeting held?", text)[0] == "11 July 2023"


def test_next_meeting_after_a_date_reads_that_dates_minutes() -> None:
    asked = read_time("When was Barnsley's next full Council meeting after 29 November 2023?")
    assert (asked.since, asked.until) == (date(2023, 11, 29), date(2023, 11, 29))
    assert "after" not in asked.question
    # Anything else "after" a date still means the meetings after it.
    later = read_time("What was decided about parking after 29 November 2023?")
    assert (later.since, later.until) == (date(2023, 11, 30), None)
    moved = read_time("What happened at the next meeting after 29 November 2023?")
    assert moved.since == date(2023, 11, 30)


def test_the_motions_vote_not_the_amendments_unless_asked() -> None:
    text = (
        "Cllr Barrett proposed, as an amendment, that the rate be retained.\n"
        "The Cathaoirleach put the amendment to the meeting.\n"
        "A vote was called, which resulted as follows: For: 14; Against: 31; Abstain: 0.\n"
        "The Cathaoirleach then put the proposal of Cllr O'Flynn to the meeting.\n"
        "A vote was called, which resulted as follows: For: 31; Against: 13; Abstain: 1."
    )
    motion = spans("What was the vote on the proposal to increase the tax?", text)
    assert motion[0] == "For: 31; Against: 13; Abstain: 1"
    amendment = spans("What was the vote on the amendment to keep the rate?", text)
    assert amendment[0] == "For: 14; Against: 31; Abstain: 0"


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("Who was chairing the committee when it dealt with the footpath claim?", ("person",)),
        ("How did the division go on the harbour dues?", ("vote",)),
        ("What was the pension fund worth at the end of September?", ("amount",)),
        ("How big was the administration backlog?", ("amount", "count")),
        ("What view did the parish council take of the plan?", ("outcome",)),
        ("What happened to the budget amendment to hire four wardens?", ("outcome",)),
        ("What was the result of the proposal to raise the tax to 4%?", ("outcome",)),
        ("What happened to the recycling rate in 2023?", ("percentage",)),
        ("When the call-in was considered, how was the vote split?", ("vote",)),
        ("What was the final count when the council adopted its 2025 budget?", ("vote",)),
    ],
)
def test_more_ways_of_asking_for_one_fact(question: str, kinds: tuple[str, ...]) -> None:
    assert question_kinds(question) == kinds


def test_a_tally_far_down_the_leading_passage_is_read(fake_embedder: FakeEmbedder) -> None:
    names = ("Ahern", "Barry", "Cronin", "Daly", "Egan", "Foley", "Glynn", "Hayes")
    topics = ("roads", "libraries", "parks")
    filler = " ".join(
        f"Councillor {name} spoke about the local property tax and {topic} budgets."
        for name in names
        for topic in topics
    )
    text = f"{filler} A vote was called, which resulted as follows: For: 31; Against: 13."
    p = passage("a", text)
    answerer = ExtractiveAnswerer(fake_embedder)
    question = "What was the vote on the local property tax?"
    ranked = answerer.candidates(question, [p])
    assert len(ranked) > 20
    read = short_candidates(question, ranked, [p])
    tally = text.index("A vote was called")
    assert any(c.start == tally for c in read)  # beyond the 20 best, but holds a tally
    found = short_answer_spans(question, read, [text])
    assert text[found[0][1].start : found[0][1].end] == "For: 31; Against: 13"


TOWN_COUNCIL = """PENARTH TOWN COUNCIL
Minutes of the meeting of the Full Council held on 15 January 2024

Present: Cllr Talbot (Mayor), Cllr Morgan (Deputy Mayor), Cllrs Ahmed, Bevan, Collins,
Davies, Evans, Fairweather, Griffiths, Hughes, Jenkins, Lloyd, Owen, Price and Rees.
In attendance: the Town Clerk, the Deputy Town Clerk and the Responsible Finance Officer.

23/24-111  APOLOGIES FOR ABSENCE

Apologies were received from Cllrs Williams and Thomas.

23/24-112  DECLARATIONS OF INTEREST

There were no declarations of interest.

23/24-113  MINUTES

It was proposed by Cllr Talbot, seconded by Cllr Morgan and agreed that the minutes
of the meeting held on 11 December 2023 be approved and signed as a correct record.

23/24-114  PUBLIC PARTICIPATION

Three residents addressed the Council in support of public water refill stations on the
Esplanade and asked the Council to adopt the motion.

23/24-119  MOTION - PUBLIC WATER REFILL STATIONS

Cllr Talbot moved the motion on public water refill stations at the Esplanade.

RESOLVED - That the motion be referred to the Environment and Amenities Committee for
costings and a report.
"""


def test_confirming_last_meetings_minutes_answers_no_topic_question(
    settings: Settings, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "penarth_full-council_2024-01-15.txt").write_text(TOWN_COUNCIL, encoding="utf-8")
    index = settings.index.root / "town"
    ingest([corpus], index, settings)
    with Asker.open(index, settings) as asker:
        topic = asker.ask("What did the town council do with the motion on water refill stations?")
        minutes = asker.ask("What was decided about the minutes of the December meeting?")
    assert topic.short_answer is not None
    assert "referred" in topic.short_answer.text and "minutes" not in topic.short_answer.text
    # Asked about the minutes themselves, confirming them is the answer.
    assert minutes.short_answer is not None and "minutes" in minutes.short_answer.text


def test_a_share_asked_as_a_share_is_a_percentage() -> None:
    question = "How large was the forecast overspend as a share of the net budget?"
    assert question_kinds(question) == ("percentage",)
    text = "The forecast overspend of £18.4 million was 6.1% of the net budget of £301 million."
    assert spans(question, text)[0] == "6.1%"


def _decision(did: str, text: str, title: str, item_opening: str) -> Decision:
    citation = Citation(id=did, item_title=title, source="tewkesbury_planning_2023-08-22.txt")
    return Decision(
        decision_id=did,
        item_id=f"item-{did}",
        kind="resolved",
        outcome="approved",
        text=text,
        start=0,
        end=len(text),
        evidence={"text": (0, len(text))},
        citation=citation,
    ).with_openings("TEWKESBURY BOROUGH COUNCIL Planning Committee", item_opening)


def test_the_register_never_answers_a_topic_with_confirming_the_minutes() -> None:
    """An item split badly (paragraph "34.1" taken for an item) can put the application's
    words next to the minutes being confirmed; that decision still answers no topic."""
    opening = "34.1 The Minutes of the meeting held on 25 July were approved. 35.1 Bredon Road"
    minutes = _decision(
        "m",
        "The Minutes of the meeting held on 25 July 2023 were approved as a correct record.",
        "The Minutes of the meeting held on 25 July 2023",
        opening + ", Mitton: outline application for housing.",
    )
    refused = _decision(
        "r",
        "That the application be REFUSED on the grounds of highway safety.",
        "Upon being put to the vote",
        "35.5 Upon being put to the vote on the Bredon Road application",
    )
    question = "What did the committee decide on the Bredon Road, Mitton housing application?"
    picks = register_picks(question, [minutes, refused])
    assert [p.decision.decision_id for p in picks] == ["r"]
    asked = register_picks("Were the minutes of the July meeting approved?", [minutes, refused])
    assert asked and asked[0].decision.decision_id == "m"


def test_a_question_naming_a_council_is_answered_from_its_minutes(
    fake_embedder: FakeEmbedder,
) -> None:
    stockport = passage(
        "s",
        "The budget recommendations at the council meeting were seconded by Cllr Harvey Stanworth.",
        council="Stockport",
    )
    knowsley = passage(
        "k",
        "The budget recommendations were seconded by Cllr Maureen Ashcroft.",
        item="7",
        council="Knowsley",
        rank=2,
    )
    answerer = ExtractiveAnswerer(fake_embedder)
    question = "Who seconded the budget recommendations at Knowsley's council meeting?"
    assert other_councils(question, [stockport, knowsley]) == frozenset({1})
    answer = answerer.answer(question, [stockport, knowsley])
    assert answer.short_answer is not None
    assert answer.short_answer.text == "Cllr Maureen Ashcroft"
    # Naming no council (or a lower-case word that happens to be one) filters nothing.
    assert other_councils("Who seconded the budget recommendations?", [stockport, knowsley]) == (
        frozenset()
    )
    reading = passage("r", "Cllr Ann Lee seconded.", council="Reading")
    assert other_councils("Who seconded after reading the report?", [reading, knowsley]) == (
        frozenset()
    )


def test_a_resolutions_answer_is_never_its_formula_and_that_alone() -> None:
    """ "RESOLVED that" over a blank line and a lettered list: the answer runs into the list
    (it was "RESOLVED that" and nothing else)."""
    from rag.answers.register_fields import field_span

    document = (
        "RESOLVED that\n\n  (a) the Audit Results Report for 2022/23 be noted;\n\n"
        "  (b) the audited Statement of Accounts for 2022/23 be approved; and\n"
    )
    start = document.index("that")
    text = document[start:]
    dec = Decision(
        decision_id="d",
        item_id="i",
        kind="resolved",
        outcome="approved",
        text=text,
        start=start,
        end=len(document),
        evidence={"text": (start, len(document)), "formula": (0, len("RESOLVED"))},
    )
    span = field_span(dec, ("outcome",), "What did the committee resolve on the accounts?")
    assert span is not None
    kind, a, b = span
    assert kind == "outcome" and a == 0
    assert "Audit Results Report" in document[a:b]


def _register_decision(
    did: str, kind: str, text: str, mover: str, votes: tuple[int, int]
) -> Decision:
    from rag.models import Votes

    doc = f"Moved by {mover}. {text} Votes: {votes[0]}-{votes[1]}."
    start = doc.index(text)
    at = doc.index("Votes:")
    return Decision(
        decision_id=did,
        item_id="item-7",
        kind=kind,
        outcome="carried" if votes[0] > votes[1] else "lost",
        text=text,
        start=start,
        end=start + len(text),
        mover=mover,
        votes=Votes(in_favour=votes[0], against=votes[1]),
        evidence={"text": (start, start + len(text)), "votes": (at, len(doc) - 1)},
        citation=Citation(id=did, item_title="Community Grants 2025/26", source="t.txt"),
    ).with_openings("WEXMOOR TOWN COUNCIL Full Council", "7. Community Grants 2025/26")


def _grant_and_amendment(amendment: str) -> list[Decision]:
    """Wexmoor's grant motion (carried 7-3) and an amendment to it (lost 3-7)."""
    motion = _register_decision(
        "m",
        "motion",
        "That a grant of £2,500 be awarded to Wexmoor in Bloom for 2025/26.",
        "Councillor Ash",
        (7, 3),
    )
    return [motion, _register_decision("a", "amendment", amendment, "Councillor Birch", (3, 7))]


def test_an_amendment_answers_about_its_own_words_and_never_for_the_motion() -> None:
    decisions = _grant_and_amendment(
        "That the grant be reduced to £1,500 with the balance held for the autumn round."
    )
    asked = "What was the vote on the attempt to reduce the grant and hold the balance for autumn?"
    assert register_picks(asked, decisions)[0].decision.decision_id == "a"
    asked = "What was the vote on the motion to award the Wexmoor in Bloom grant?"
    assert [p.decision.decision_id for p in register_picks(asked, decisions)] == ["m"]
    asked = "What was the vote on the Wexmoor in Bloom grant?"
    assert register_picks(asked, decisions)[0].decision.decision_id == "m"


def test_how_many_asks_for_the_counts_not_the_result() -> None:
    """ "How many members backed the motion?" is answered by the counts; a decision whose
    counts were not recorded ("CARRIED") gives no answer rather than the word."""
    counted = _register_decision(
        "m", "motion", "That a grant of £2,500 be awarded to Wexmoor in Bloom.", "Cllr Ash", (7, 3)
    )
    asked = "How many members backed the motion on the Wexmoor in Bloom grant?"
    pick = register_picks(asked, [counted])[0]
    assert (pick.start, pick.end) == counted.evidence["votes"]
    uncounted = counted.model_copy(
        update={"votes": None, "evidence": {**counted.evidence, "outcome": (0, 5)}}
    )
    del uncounted.evidence["votes"]
    assert register_picks(asked, [uncounted]) == []
    assert register_picks("What was the vote on the Wexmoor in Bloom grant?", [uncounted])


def test_an_amendment_that_only_dates_the_question_leaves_it_about_the_motion() -> None:
    decisions = _grant_and_amendment(
        "That the grant to Wexmoor in Bloom be reduced to £1,500 for 2025/26."
    )
    asked = (
        "What was the final vote on the Wexmoor in Bloom grant for 2025/26, after the amendment "
        "to reduce it had been dealt with?"
    )
    assert [p.decision.decision_id for p in register_picks(asked, decisions)] == ["m"]
    asked = "What was the vote on the change to the Wexmoor in Bloom grant motion?"
    assert register_picks(asked, decisions)[0].decision.decision_id == "a"


def test_a_procedural_motion_answers_only_a_question_about_procedure() -> None:
    tax = _register_decision(
        "m",
        "motion",
        "That the Council varies the basic rate of Local Property Tax for 2025 by +10%.",
        "Cllr. Hayes",
        (13, 8),
    )
    adjourn = _register_decision(
        "p",
        "motion",
        "That the meeting be adjourned for fifteen minutes to allow party groups to meet.",
        "Cllr. Ward",
        (4, 17),
    )
    asked = "What was the final vote on Lisnagree County Council's 10% property tax increase?"
    assert [p.decision.decision_id for p in register_picks(asked, [adjourn, tax])] == ["m"]
    asked = "What was the vote on adjourning the meeting to allow party groups to meet?"
    assert register_picks(asked, [adjourn, tax])[0].decision.decision_id == "p"


def test_a_decision_of_a_meeting_the_question_does_not_name_is_passed_over() -> None:
    ours = _register_decision(
        "k",
        "motion",
        "That the recommendations of the Cabinet on the budget be approved.",
        "Councillor Moorhead",
        (34, 4),
    ).with_openings("KNOWSBY COUNCIL Budget Council", "7. Budget 2024/25")
    theirs = _register_decision(
        "e",
        "motion",
        "That the revenue budget for 2024/25 of £75.04 million be approved.",
        "Councillor Ashe",
        (2, 6),
    ).with_openings("EAST WEALD WASTE AUTHORITY Authority Meeting", "5. Budget 2024/25")
    asked = "What was the final tally when Knowsby Council voted on the 2024/25 budget motion?"
    assert [p.decision.decision_id for p in register_picks(asked, [theirs, ours])] == ["k"]


def test_what_happened_to_a_moved_motion_is_its_stated_result() -> None:
    """ "What happened to the motion …?" is answered by how it was decided ("carried on a show
    of hands"), not by the motion's own words; a motion whose words are what was done (to
    defer) still answers with them."""
    carried = _register_decision(
        "m", "motion", "That a grant of £2,500 be awarded to Wexmoor in Bloom.", "Cllr Ash", (7, 3)
    )
    said = (300, 350)  # "The motion was then put and carried on a show of hands."
    carried = carried.model_copy(
        update={"evidence": {**carried.evidence, "outcome": (320, 327), "statement": said}}
    )
    asked = "What happened to the motion on the Wexmoor in Bloom grant?"
    pick = register_picks(asked, [carried])[0]
    assert (pick.start, pick.end) == said
    deferred = carried.model_copy(update={"outcome": "deferred"})
    pick = register_picks(asked, [deferred])[0]
    assert (pick.start, pick.end) != said


@pytest.mark.parametrize(
    ("asked", "kind"),
    [
        ("Who tried to reduce the Wexmoor in Bloom grant?", "amendment"),
        ("Whose amendment to reduce the Wexmoor in Bloom grant was lost?", "amendment"),
        ("Who suggested the Wexmoor in Bloom grant?", "motion"),
    ],
)
def test_who_tried_or_whose_amendment_asks_for_the_mover(asked: str, kind: str) -> None:
    text = {
        "amendment": "That the grant to Wexmoor in Bloom be reduced to £1,500.",
        "motion": "That a grant of £2,500 be awarded to Wexmoor in Bloom.",
    }[kind]
    decision = _register_decision("d", kind, text, "Cllr Ash", (3, 7))
    doc_mover = (9, 17)  # "Cllr Ash" in "Moved by Cllr Ash. …"
    decision = decision.model_copy(update={"evidence": {**decision.evidence, "mover": doc_mover}})
    pick = register_picks(asked, [decision])[0]
    assert (pick.kind, pick.start, pick.end) == ("person", *doc_mover)


def test_an_officer_named_without_a_title_by_the_role_after_the_name() -> None:
    text = (
        "The Committee received the report on internal audit work, which was presented by "
        "Laura Kimber, Audit Manager, Weald Audit Partnership."
    )
    assert _best_of_one("Who presented the internal audit report?", text) == "Laura Kimber"
    lead = "Owen Ruddock, Counter Fraud Lead, presented the update on counter fraud activity."
    assert _best_of_one("Who presented the counter fraud update?", lead) == "Owen Ruddock"
    # (capitalised words that no role follows are no one: "by Public Sector Audit Appointments")
    body = "The scale fee was set by Public Sector Audit Appointments, which had consulted."
    assert _best_of_one("Who set the scale fee?", body) is None


def test_officers_named_after_their_role_and_who_presented() -> None:
    auditor = (
        "The Committee received the interim report of the internal auditor, Helen Marsh, "
        "following her visit in December."
    )
    assert _best_of_one("Who is the town council's internal auditor?", auditor) == "Helen Marsh"
    cited = (
        "The Service Delivery Manager: Housing Solutions, A Treloar, presented the report on "
        "temporary accommodation."
    )
    assert _best_of_one("Which officer presented the housing report?", cited) == "A Treloar"
    # the one who presented, not a member named before
    text = (
        "Following questions from Councillor Quayle, Gemma Royle, Senior Licensing Officer, "
        "presented a report on compliance checks."
    )
    assert _best_of_one("Who reported on compliance checks?", text) == "Gemma Royle"


def test_numbers_of_references_and_unit_rates_are_no_answer() -> None:
    annex = "(a) approve the Transport Policy 2025/26 as set out in Annex 1 to the report."
    assert _best_of_one("How many people responded to the consultation?", annex) is None
    rounds = "The purchase of 14 homes using Round 2 of the Housing Fund be approved."
    assert _best_of_one("How many homes would the council buy?", rounds) == "14 homes"
    rate = (
        "The uplift reflected the National Living Wage of £11.44 an hour. The total cost of the "
        "uplift was £3.9 million."
    )
    assert _best_of_one("How much would the fee increase cost in total?", rate) == "£3.9 million"


def test_agreed_by_a_body_on_a_date_is_no_deadline() -> None:
    texts = [
        "The Director presented the budget for 2025/26, which had been agreed by Cabinet on "
        "24 February 2025.",
        "The second phase of the budget consultation had run from 18 November 2024 to "
        "6 January 2025 and had received 2,744 responses.",
    ]
    candidates = [Candidate(1, 0, len(texts[0]), 1.0), Candidate(2, 0, len(texts[1]), 0.7)]
    found = best_span("When did the second phase of the consultation close?", candidates, texts)
    assert found is not None
    span, candidate = found
    assert texts[candidate.passage - 1][span.start : span.end] == "6 January 2025"
