"""How the register answers questions asked in plain words: what kind of fact a question wants
when it says "when" in passing, which decision a parish minute's subject line names, and the
words that state a result read from the counts."""

from __future__ import annotations

import pytest

from ingest.decisions import extract_decisions
from rag.answers.from_register import register_picks
from rag.answers.short import Candidate, question_kinds, short_answer_spans
from rag.models import Citation, Decision, Passage
from tests.test_decision_formats import _read


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("What was the outcome when Harrowgate City Council voted on selling the lot?", ("vote",)),
        ("What were the figures when the council voted to dispose of the house?", ("vote",)),
        ("What was the recorded result when the region adopted the plan amendment?", ("vote",)),
        ("What was the fate of Cllr. Ryan's motion on a 30 km/h limit?", ("outcome",)),
        ("What was the outcome when the board considered the licence?", ("outcome",)),
        # "when" that asks for a date still does
        ("When did the council adopt its budget?", ("date",)),
        ("When will the new charges start?", ("date",)),
        ("The scheme opens, but when?", ("date",)),
    ],
)
def test_when_in_passing_does_not_ask_for_a_date(question: str, kinds: tuple[str, ...]) -> None:
    assert question_kinds(question) == kinds


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        (
            "What was the result of Cllr. Tansey's motion seeking lighting on the R476?",
            ("outcome",),
        ),
        ("What was the outcome of Mr. Byrne's amendment on the rates?", ("outcome",)),
        ("What was the result of Cllr. Byrne's vote on the budget?", ("vote",)),
    ],
)
def test_a_title_with_a_full_stop_still_asks_for_the_result(
    question: str, kinds: tuple[str, ...]
) -> None:
    """ "Cllr." and "Mr." are words of the question like any other: the result of a member's
    motion is still asked for."""
    assert question_kinds(question) == kinds


def _registered(
    did: str,
    text: str,
    *,
    meeting: str,
    item: str,
    title: str,
    kind: str = "resolved",
    outcome: str = "approved",
    doc: str | None = None,
    said: str | None = None,
    said_as: str = "statement",
    mover: str | None = None,
    item_id: str = "item-1",
    source: str = "t.txt",
    line_lead: str = "",
) -> Decision:
    """A decision as the register stores it: ``text`` found in ``doc`` (the text alone when
    none), the words that state its result (``said``, running to the end of ``doc``) recorded
    as ``said_as`` evidence, its mover where ``doc`` names them (else at its start)."""
    doc = text if doc is None else doc
    start = doc.index(text)
    evidence = {"text": (start, start + len(text))}
    if said is not None:
        evidence[said_as] = (doc.index(said), len(doc))
    if mover is not None:
        at = max(doc.find(mover), 0)
        evidence["mover"] = (at, at + len(mover))
    return Decision(
        decision_id=did,
        item_id=item_id,
        kind=kind,
        outcome=outcome,
        text=text,
        start=start,
        end=start + len(text),
        mover=mover,
        evidence=evidence,
        citation=Citation(id=did, item_title=title, source=source),
    ).with_openings(meeting, item, line_lead)


def _parish(did: str, text: str, line_lead: str) -> Decision:
    return _registered(
        did,
        text,
        kind="agreed",
        outcome="deferred" if text.startswith("deferred") else "approved",
        item_id="item-108",
        title="Grant applications",
        source="nant.txt",
        meeting="NANT TEIFI COMMUNITY COUNCIL Minutes of the Ordinary Meeting, October 2025",
        item="25/108 Grant applications (i) Ysgol Nant Teifi PTA: £300 towards the Christmas fair "
        "– approved. (ii) Capel Bethel roof appeal: deferred to the November meeting",
        line_lead=line_lead,
    )


def test_the_subject_a_parish_line_names_before_its_decision_tells_the_decisions_apart() -> None:
    fair = _parish(
        "fair", "£300 towards the Christmas fair – approved.", "(i) Ysgol Nant Teifi PTA: "
    )
    roof = _parish(
        "roof",
        "deferred to the November meeting pending receipt of accounts.",
        "(ii) Capel Bethel roof appeal: ",
    )
    asked = (
        "What did Nant Teifi Community Council decide when Capel Bethel asked for a grant "
        "towards its roof?"
    )
    assert register_picks(asked, [fair, roof])[0].decision.decision_id == "roof"
    asked = "What did Nant Teifi Community Council decide on the PTA's Christmas fair grant?"
    assert register_picks(asked, [fair, roof])[0].decision.decision_id == "fair"


def test_a_result_read_from_the_lists_takes_the_words_that_state_it() -> None:
    text = (
        "Alderman Crossan proposed, and Councillor Toal seconded, the following Notice of Motion: "
        '"That this Council establishes a hardship fund of £40,000 for rural halls."\n\n'
        "A recorded vote was requested and the voting was as follows:\n\n"
        "FOR (2): Alderman Crossan and Councillor Toal\n\n"
        "AGAINST (3): Councillors Boyle, Devine and Keenan\n\n"
        "The Notice of Motion therefore FELL.\n"
    )
    (motion,) = extract_decisions(text)
    assert motion.outcome == "lost" and motion.result.votes == (2, 3, None)
    a, b = motion.result.evidence["statement"]
    assert text[a:b] == "The Notice of Motion therefore FELL."
    assert _read(text) == [("motion", "lost", (2, 3, None), "Alderman Crossan", "Councillor Toal")]


@pytest.mark.parametrize(
    "question",
    [
        "At the Licensing Board on 6 November 2025, did the amendment to extend the hours succeed?",
        "Once the amendment had been dealt with, was the tree planting motion passed?",
    ],
)
def test_a_yes_or_no_question_after_a_lead_in_asks_for_the_outcome(question: str) -> None:
    assert question_kinds(question) == ("outcome",)


def test_a_yes_or_no_question_about_a_motion_is_answered_with_its_stated_result() -> None:
    text = "That this Council plants 5,000 trees by March 2027."
    doc = f"Moved by Councillor Ash. {text} The substantive motion was CARRIED."
    motion = _registered(
        "m",
        text,
        kind="motion",
        outcome="carried",
        doc=doc,
        said="The substantive motion was CARRIED.",
        mover="Councillor Ash",
        item_id="item-9",
        title="Motion - Tree planting",
        meeting="HAVERTON TOWN COUNCIL Full Council",
        item="9. Motion - Tree planting",
    )
    (pick,) = register_picks(
        "Once the amendment was dealt with, was the tree planting motion passed?", [motion]
    )
    assert doc[pick.start : pick.end] == "The substantive motion was CARRIED."


def test_a_recorded_vote_marked_with_crosses_under_for_and_against() -> None:
    text = (
        "Moved by Councillor Sauer\nSeconded by Councillor Lind\n\n"
        "That the tender be awarded to Culvert Works Ltd.\n\n"
        "Recorded Vote:\n\n"
        "                               For      Against\n"
        "Mayor Brandt                      X\n"
        "Deputy Mayor Kerr                           X\n"
        "Councillor Lind                   X\n"
        "Councillor Sauer                  X\n"
        "Councillor Tobin                            X\n\n"
        "Motion Carried (3 to 2)\n"
    )
    assert _read(text) == [
        ("motion", "carried", (3, 2, None), "Councillor Sauer", "Councillor Lind")
    ]


def test_how_many_voted_against_is_answered_with_that_sides_stated_count() -> None:
    text = (
        "Councillor Quinn proposed and Councillor Hegan seconded the following motion:\n\n"
        '"That this Council adopts a policy on bilingual street nameplates."\n\n'
        "A recorded vote was requested, with the following result:\n\n"
        "FOR (4): Councillors Boyd, Hegan, Quinn and Toner\n"
        "AGAINST (3): Councillors Agnew, Irwin and Vance\n"
        "ABSTAIN (1): Councillor Kerr\n"
    )
    (motion,) = extract_decisions(text)
    evidence = motion.result.evidence
    assert [
        text[a:b] for a, b in (evidence[f"count_{k}"] for k in ("for", "against", "abstain"))
    ] == [
        "FOR (4)",
        "AGAINST (3)",
        "ABSTAIN (1)",
    ]
    decision = Decision(
        decision_id="n",
        item_id="item-3",
        kind="motion",
        outcome=motion.outcome,
        text=text[motion.start : motion.end],
        start=motion.start,
        end=motion.end,
        evidence={**evidence, "text": (motion.start, motion.end)},
        citation=Citation(
            id="n", item_title="Notice of Motion - Street nameplates", source="c.txt"
        ),
    ).with_openings("BALLYKEEL BOROUGH COUNCIL Monthly Meeting", "3. Notice of Motion")
    asked = (
        "How many members of Ballykeel Borough Council voted against the street nameplates policy?"
    )
    assert question_kinds(asked) == ("vote",)
    (pick,) = register_picks(asked, [decision])
    assert text[pick.start : pick.end] == "AGAINST (3)"
    (pick,) = register_picks("How many councillors abstained on the nameplates policy?", [decision])
    assert text[pick.start : pick.end] == "ABSTAIN (1)"


def _cabinet(did: str, text: str, outcome: str, said: str) -> tuple[Decision, str]:
    doc = f"RESOLVED – {text} {said}"
    decision = _registered(
        did,
        text,
        outcome=outcome,
        doc=doc,
        said=said,
        said_as="outcome",
        item_id=f"item-{did}",
        title=did.upper(),
        source=f"{did}.txt",
        meeting="KETTERWICK DISTRICT COUNCIL Cabinet, 14 January 2026",
        item=did.upper(),
    )
    return decision, doc


def test_what_happened_after_a_decision_is_its_call_in_and_nothing_else() -> None:
    """ "What happened after Cabinet approved the tariffs?" asks for what came next: the
    call-in recorded on that decision, never the decision's own "approved"; a decision with no
    later event recorded gives no answer."""
    tariffs, doc = _cabinet(
        "tariffs",
        "That the revised car park tariffs be approved from 1 April 2026.",
        "called_in",
        "This decision was called in on 21 January 2026 by three councillors.",
    )
    asked = "What happened after Ketterwick's Cabinet approved new car park tariffs?"
    (pick,) = register_picks(asked, [tariffs])
    assert doc[pick.start : pick.end].startswith("This decision was called in")
    leases, _ = _cabinet(
        "leases",
        "That the new car park tariffs for the leisure centre be approved.",
        "approved",
        "Approved.",
    )
    assert register_picks(asked, [leases]) == []


def test_did_the_committee_support_asks_for_the_outcome_not_for_the_word_support() -> None:
    """ "Did the Committee support …?" frames a yes/no question: "support" is not a word the
    decision must hold to be the one asked about."""
    text = "That site plans be delegated to the Director."
    doc = f"Moved by Councillor Vukovic. {text} Motion Failed (3 to 4)"
    motion = _registered(
        "m",
        text,
        kind="motion",
        outcome="lost",
        doc=doc,
        said="Motion Failed (3 to 4)",
        item_id="item-4",
        title="Delegation of site plans",
        source="s.txt",
        meeting="Sorrel Falls Committee of the Whole",
        item="4. Delegation",
    )
    asked = "Did the Sorrel Falls committee support letting the Director approve small site plans?"
    (pick,) = register_picks(asked, [motion])
    assert doc[pick.start : pick.end] == "Motion Failed (3 to 4)"


def _planning(did: str, kind: str, outcome: str, text: str, mover: str) -> Decision:
    return _registered(
        did,
        text,
        kind=kind,
        outcome=outcome,
        mover=mover,
        item_id="item-7",
        title="Seasonal kiosk, harbour car park",
        source="p.txt",
        meeting="PENHALLOW COUNCIL Strategic Planning Committee",
        item="7. Seasonal kiosk",
    )


def test_who_tried_to_is_the_mover_of_the_bid_that_failed_never_of_the_motion_that_won() -> None:
    """ "At Penhallow's committee, who tried to have the kiosk refused?" asks for the mover of
    the failed bid; the mover of the permission granted is not an answer to it, and a sentence
    naming someone near "moved" is not read for it either."""
    granted = _planning(
        "granted",
        "resolved",
        "carried",
        "That temporary planning permission for the seasonal kiosk be granted.",
        "Cllr Tregear",
    )
    refusal = _planning(
        "refusal",
        "motion",
        "lost",
        "That the kiosk application be refused on the grounds of the loss of parking.",
        "Cllr Bolitho",
    )
    asked = "At Penhallow's planning committee, who tried to have the seasonal kiosk refused?"
    assert question_kinds(asked) == ("person",)
    assert [p.decision.decision_id for p in register_picks(asked, [granted, refusal])] == [
        "refusal"
    ]
    assert register_picks(asked, [granted]) == []
    sentence = "Cllr Tregear moved that temporary planning permission for the kiosk be granted."
    assert short_answer_spans(asked, [Candidate(1, 0, len(sentence), 0.9)], [sentence]) == []


def test_a_call_in_with_no_words_stating_it_gives_no_answer_to_what_happened_after() -> None:
    tariffs, _ = _cabinet(
        "tariffs", "That the new car park tariffs be approved.", "called_in", "(called in)"
    )
    tariffs = tariffs.model_copy(update={"evidence": {"text": tariffs.evidence["text"]}})
    asked = "What happened after Ketterwick's Cabinet approved new car park tariffs?"
    assert register_picks(asked, [tariffs]) == []


def test_who_moved_a_motion_is_its_mover_not_the_mover_of_what_became_of_it() -> None:
    """A motion not put to the vote but laid on the table by a later proposal: its fate is
    that proposal's, its mover is still its own."""
    motion_text = '"This Council calls on Essex County Council to introduce a 20mph limit."'
    table_text = "that the motion lie on the table until the speed survey results are received"
    doc = (
        f"The following motion was moved by Cllr Stansgate: {motion_text} "
        f"Cllr Featherstone proposed {table_text}."
    )

    def decision(did: str, kind: str, outcome: str, text: str, mover: str) -> Decision:
        return _registered(
            did,
            text,
            kind=kind,
            outcome=outcome,
            doc=doc,
            mover=mover,
            item_id="item-26",
            title="Motion: 20mph limit",
            source="s.txt",
            meeting="SAFFRON WALDEN TOWN COUNCIL Full Council",
            item="FC24/026 Motion",
        )

    motion = decision("motion", "motion", "unknown", motion_text, "Cllr Stansgate")
    tabled = decision("tabled", "resolved", "deferred", table_text, "Cllr Featherstone")
    asked = "Which councillor put forward the motion asking Essex for a 20mph limit?"
    pick = register_picks(asked, [motion, tabled])[0]
    assert doc[pick.start : pick.end] == "Cllr Stansgate"


def test_a_decision_that_records_an_outcome_answers_before_a_motion_whose_fate_is_unread() -> None:
    """Scottish minutes: the motion (to grant) with no result the reader could tie to it, and
    the Decision line stating what the Panel did; both name the application alike."""
    motion_text = "that planning permission for the distillery at Buchlyvie be granted."
    decided = (
        "The amendment was carried by 6 votes to 3 and the Panel agreed to refuse planning "
        "permission for the distillery at Buchlyvie."
    )

    def decision(did: str, kind: str, outcome: str, text: str) -> Decision:
        return _registered(
            did,
            text,
            kind=kind,
            outcome=outcome,
            item_id="item-46",
            title="Distillery, Buchlyvie",
            source="p.txt",
            meeting="STIRLING COUNCIL Planning Panel",
            item="PRP46 Distillery",
        )

    asked = "What did Stirling decide on the application for a distillery at Buchlyvie?"
    picks = register_picks(
        asked,
        [
            decision("motion", "motion", "unknown", motion_text),
            decision("decided", "agreed", "approved", decided),
        ],
    )
    assert picks[0].decision.decision_id == "decided"


def test_what_a_body_decided_on_a_call_in_is_what_it_did_not_the_motion_it_turned_down() -> None:
    """ "What did the Scrutiny Committee decide on the call-in?": the referral it voted down is
    a decision of the item, but what the committee decided is to take no further action. Asked
    what became of the referral motion, the lost motion still answers."""

    def decision(did: str, kind: str, outcome: str, text: str) -> Decision:
        return _registered(
            did,
            text,
            kind=kind,
            outcome=outcome,
            item_id="item-5",
            title="Call-in: library opening hours",
            source="n.txt",
            meeting="NORFOLK COUNTY COUNCIL Scrutiny Committee",
            item="5. Call-in",
        )

    refer = decision(
        "refer", "motion", "lost", "that the library opening hours decision be referred back."
    )
    kept = decision(
        "kept", "resolved", "carried", "that no further action be taken on the library call-in."
    )
    asked = "What did Norfolk's Scrutiny Committee decide on the call-in of the library hours?"
    assert register_picks(asked, [refer, kept])[0].decision.decision_id == "kept"
    asked = "What happened to the motion to refer the library opening hours decision back?"
    assert register_picks(asked, [refer, kept])[0].decision.decision_id == "refer"


def test_a_decision_that_names_its_matter_only_as_the_application_is_found_by_its_lead_in() -> None:
    """ "RESOLVED: To defer in order to undertake a site visit." names nothing; the passage
    found for the question says what it decides just before it. Without the passage the
    decision is not taken to be about the solar farm."""
    doc = (
        "5. Application C23/0412/FUL: 18MW solar farm at Fferm Bryn Gwynt, Efailnewydd.\n"
        "Members raised the loss of agricultural land and the glint on the Pwllheli road.\n"
        "RESOLVED: To defer in order to undertake a site inspection visit.\n"
    )
    defer = _registered(
        "defer",
        "To defer in order to undertake a site inspection visit.",
        outcome="deferred",
        doc=doc,
        item_id="item-5",
        title="Item 5",
        source="g.txt",
        meeting="GWYNEDD COUNCIL Planning Committee",
        item="5. Application C23/0412/FUL",
    )
    citation = Citation(id="item-5", item_title="Item 5", source="g.txt")
    passage = Passage(
        rank=1, score=1.0, text=doc, source="g.txt", citation=citation, char_end=len(doc)
    )
    asked = "What did Gwynedd's Planning Committee decide on the solar farm at Fferm Bryn Gwynt?"
    (pick,) = register_picks(asked, [defer], [passage])
    assert doc[pick.start : pick.end].startswith("To defer")
    assert register_picks(asked, [defer]) == []


def test_who_tried_to_finds_the_amendment_by_what_it_tried() -> None:
    """ "Which councillor tried to hold the precept rise down to 2.9%?" asks about a bid: an
    amendment whose own words ("that the increase be limited to 2.9%") hold only part of the
    question's words still answers it."""

    def decision(did: str, kind: str, outcome: str, text: str, mover: str) -> Decision:
        return _registered(
            did,
            text,
            kind=kind,
            outcome=outcome,
            mover=mover,
            item_id="item-64",
            title="Precept 2026/27",
            source="y.txt",
            meeting="YARLBURY TOWN COUNCIL Full Council",
            item="64/25 Precept 2026/27",
        )

    amendment = decision(
        "amend", "amendment", "lost", "that the increase be limited to 2.9%.", "Cllr Deverill"
    )
    precept = decision(
        "precept",
        "resolved",
        "carried",
        "that the precept for 2026/27 be set at £186,450, an increase of 4.1%.",
        "Cllr Rowe",
    )
    asked = "Which Yarlbury councillor tried to hold the 2026/27 precept rise down to 2.9%?"
    assert [p.decision.decision_id for p in register_picks(asked, [precept, amendment])] == [
        "amend"
    ]


def test_was_it_challenged_asks_for_the_call_in() -> None:
    tariffs, doc = _cabinet(
        "tariffs",
        "That the revised car park tariffs be approved from 1 April 2026.",
        "called_in",
        "This decision was called in on 21 January 2026 by three councillors.",
    )
    asked = (
        "Ketterwick's Cabinet approved the revised car park tariffs. Did that decision go "
        "through, or was it challenged?"
    )
    (pick,) = register_picks(asked, [tariffs])
    assert doc[pick.start : pick.end].startswith("This decision was called in")


def test_the_vote_on_a_plan_amendment_as_amended_is_the_motions() -> None:
    """ "Official Plan Amendment No. 18 as amended": the word names the plan change, and "as
    amended" the motion after its amendment; the amendment's own vote does not answer."""

    def decision(did: str, kind: str, text: str, said: str) -> Decision:
        return _registered(
            did,
            text,
            kind=kind,
            outcome="carried",
            doc=f"{text} {said}",
            said=said,
            said_as="outcome",
            item_id="item-6",
            title="Official Plan Amendment No. 18",
            source="b.txt",
            meeting="Beaumarais Region Planning Committee",
            item="6.1 Official Plan Amendment 18",
        )

    motion = decision(
        "motion",
        "motion",
        "That Council adopt Official Plan Amendment No. 18 to permit mid-rise housing.",
        "Motion Carried (8 to 1)",
    )
    amend = decision(
        "amend",
        "amendment",
        "That the motion be amended by adding a height limit of six storeys.",
        "Amendment Carried (6 to 3)",
    )
    asked = "How did the committee vote on Official Plan Amendment No. 18 as amended?"
    pick = register_picks(asked, [amend, motion])[0]
    assert pick.decision.decision_id == "motion"


def test_once_a_motion_had_failed_asks_for_what_was_moved_next() -> None:
    doc = (
        "PL/12 LAND AT HOLLINS FARM: erection of 24 dwellings. Councillor Ashby moved, and "
        "Councillor Brook seconded, that the application be refused. The motion to refuse was "
        "LOST. Councillor Crane then moved the officer recommendation, seconded by Councillor "
        "Dale, and it was RESOLVED – That planning permission be GRANTED subject to conditions."
    )
    meeting = "PENDLEBY BOROUGH COUNCIL Planning Committee, 4 June 2025"
    refuse = _registered(
        "refuse",
        "that the application be refused.",
        doc=doc,
        meeting=meeting,
        item="PL/12 LAND AT HOLLINS FARM",
        title="Land at Hollins Farm",
        kind="motion",
        outcome="lost",
        mover="Councillor Ashby",
    )
    grant = _registered(
        "grant",
        "That planning permission be GRANTED subject to conditions.",
        doc=doc,
        meeting=meeting,
        item="PL/12 LAND AT HOLLINS FARM",
        title="Land at Hollins Farm",
        outcome="carried",
        mover="Councillor Crane",
    )
    asked = (
        "At Pendleby's planning committee in June 2025, who moved approval of the Hollins Farm "
        "scheme once the refusal motion had failed?"
    )
    assert register_picks(asked, [refuse, grant])[0].decision.decision_id == "grant"
    # (asked about the motion that failed, it answers)
    asked = "At Pendleby's planning committee in June 2025, who moved refusing the Hollins plan?"
    assert register_picks(asked, [refuse, grant])[0].decision.decision_id == "refuse"


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("How did Maple Ferry council split on the resolution about policing costs?", ("vote",)),
        ("What happened to the suggestion to raise the allotment rent to £40?", ("outcome",)),
    ],
)
def test_a_split_or_a_suggestion_is_asked_about_in_plain_words(
    question: str, kinds: tuple[str, ...]
) -> None:
    assert question_kinds(question) == kinds
