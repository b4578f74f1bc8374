"""Forms the register and its answers missed on final18 (development since its second look, in
the thirteenth session): a recorded vote read out after a lost deferral, a recorded vote's
columns of marks cut by a page break and closed by a "Totals" row, the Irish "STAON" count, a
parish council's running minute numbers past 999, and questions that ask for a vote in other
words ("By what vote …", "the totals in the recorded vote", "how many … backed"), and (from
facts u, development too) a "by" inside a date question. Each fails without its change."""

from __future__ import annotations

import pytest

from ingest.decisions import extract_decisions
from ingest.decisions.results import read_result
from ingest.parsers.minutes import split_minutes
from rag.answers.from_register import register_picks
from rag.answers.persons import role_asked
from rag.answers.register_fields import field_span
from rag.answers.short import question_kinds
from rag.models import Citation, Decision


def _decision_with(
    kind: str, outcome: str, title: str, evidence: dict[str, tuple[int, int]]
) -> Decision:
    """A register decision whose fields were read at ``evidence`` (offsets in the test's
    text): what ``field_span`` quotes from."""
    return Decision(
        decision_id="d",
        item_id="item-1",
        kind=kind,
        outcome=outcome,
        text="the decision",
        start=0,
        end=10,
        evidence=evidence,
        citation=Citation(id="d", item_title=title, source="d.txt"),
    )


def test_a_recorded_vote_after_a_lost_deferral_is_the_substantive_motions() -> None:
    text = (
        'Councillor Fegan proposed, and Councillor Lavery seconded, that "this Council\n'
        'freezes leisure centre membership charges for 2027/28."\n'
        "Alderman Cromie proposed that the motion be deferred to the Leisure and Development\n"
        "Committee for a costed report. This was seconded by Councillor Stewart, put, and\n"
        "declared lost (13 For, 22 Against).\n"
        "On a recorded vote being taken on the motion, the result was as follows:\n"
        "For (22):     Aldermen Boyd and McKeown; Councillors Adair, Breen, Carleton and\n"
        "              Walsh.\n"
        "Against (13): Aldermen Cromie and Wilson; Councillors Anderson and Watt.\n"
        "Abstain (1):  Councillor Ní Chuinn.\n"
        "The motion was declared carried.\n"
    )
    found = extract_decisions(text)
    assert [(d.outcome, d.mover, d.result.votes) for d in found] == [
        ("carried", "Councillor Fegan", (22, 13, 1)),
        ("lost", "Alderman Cromie", (13, 22, None)),
    ]


_PAGE_BROKEN_TABLE = (
    "TC/26/081  COMMUNITY FRIDGE - GRANT REQUEST\n"
    "Councillor Deane proposed, and Councillor Mistry seconded, that the grant\n"
    "be increased from £1,500 to £2,500. On a recorded vote:\n"
    "\n"
    "  Councillor          For      Against     Abstain\n"
    "  P. Aldred            X\n"
    "  J. Bellamy                      X\n"
    "  R. Deane             X\n"
    "\n"
    "------------------------------------------------------------------------\n"
    "Ashby Wolds Town Council        Full Council 14.10.2026        Page 1 of 3\n"
    "------------------------------------------------------------------------\n"
    "MINUTES - FULL COUNCIL                                   14 OCTOBER 2026\n"
    "\n"
    "  A. Okonedo           X\n"
    "  L. Pennock                                  X\n"
    "  Totals               3          1           1\n"
    "\n"
    "The motion was CARRIED and it was\n"
    "RESOLVED: That a grant of £2,500 be made to the Community Fridge.\n"
)


def test_a_table_of_marks_cut_by_a_page_break_is_read_whole_to_its_totals() -> None:
    found = extract_decisions(_PAGE_BROKEN_TABLE)
    assert [(d.outcome, d.result.votes) for d in found] == [("carried", (3, 1, 1))]
    start, end = found[0].result.evidence["votes"]
    assert " ".join(_PAGE_BROKEN_TABLE[start:end].split()) == "Totals 3 1 1"


def test_a_table_of_marks_ends_at_a_blank_line_with_no_page_break() -> None:
    text = _PAGE_BROKEN_TABLE.replace("Page 1 of 3", "Minutes of the Council").replace(
        "-" * 72, "Councillor Okonedo then spoke."
    )
    found = extract_decisions(text)
    assert found and found[0].result.votes != (3, 1, 1)


def test_staon_counts_those_abstaining() -> None:
    assert read_result("A vote was requested: FOR 21, AGAINST 9, STAON 2.").votes == (21, 9, 2)


def test_running_minute_numbers_past_999_are_items_and_years_are_not() -> None:
    text = (
        "PETTISFORD PARISH COUNCIL\nMinutes of the Ordinary Meeting\n\n"
        "1052. Apologies – Cllr Cheeseman (work commitments). Apologies accepted.\n\n"
        "1053. Finance\nIt was RESOLVED to approve payments of £4,218.37.\n\n"
        "2026. The year ahead was discussed.\n\n"
        "1054. Planning\nMembers made no comment on WD/26/1187.\n"
    )
    items = split_minutes(text)
    assert [s.item.item_number for s in items if s.item.item_number] == ["1052", "1053", "1054"]


@pytest.mark.parametrize(
    "question",
    [
        "By what vote did Carrigmore City Council raise its Local Property Tax rate?",
        "What were the totals in the recorded vote on the Community Fridge grant increase?",
    ],
)
def test_other_words_that_ask_for_a_vote(question: str) -> None:
    assert question_kinds(question) == ("vote",)


def test_how_many_backed_a_motion_is_the_count_of_those_for_it() -> None:
    text = (
        "Councillor Ross moved the motion, seconded by Councillor Kerr.\n"
        "On a roll call vote:\n"
        "For the motion (13): Councillors Aitken, Crombie and Wishart.\n"
        "Against the motion (15): Councillors Bain, Sinclair and Young.\n"
        "The motion was declared lost.\n"
    )
    decision = _decision_with(
        "motion",
        "lost",
        "Active travel",
        {
            "count_for": (text.index("For the"), text.index(":", text.index("For the"))),
            "votes": (text.index("For the"), len(text)),
        },
    )
    span = field_span(decision, ("vote",), "How many councillors backed Councillor Ross's motion?")
    assert span is not None
    assert text[span[1] : span[2]] == "For the motion (13)"


def test_the_successful_motion_is_the_one_carried_and_the_unsuccessful_the_one_lost() -> None:
    text = (
        "That DA 2026/118 be refused because the access road is unsuitable for coaches. "
        "That DA 2026/118 be approved subject to the conditions in Attachment 1."
    )
    cut = text.index("That DA", 1)

    def decision(i: str, outcome: str, start: int, end: int, mover: str) -> Decision:
        return Decision(
            decision_id=i,
            item_id="item-4",
            kind="motion",
            outcome=outcome,
            text=text[start:end],
            start=start,
            end=end,
            mover=mover,
            evidence={"text": (start, end), "mover": (start, start + 2)},
            citation=Citation(id=i, item_title="DA 2026/118 rural tourist facility", source="w"),
        )

    decisions = [
        decision("a", "lost", 0, cut - 1, "Cr McInnes"),
        decision("b", "carried", cut, len(text), "Cr Menon"),
    ]
    asked = "Who moved the {} motion on DA 2026/118 for the rural tourist facility?"
    assert register_picks(asked.format("successful"), decisions)[0].decision.mover == "Cr Menon"
    assert register_picks(asked.format("unsuccessful"), decisions)[0].decision.mover == (
        "Cr McInnes"
    )


def test_a_decision_moved_by_the_person_the_question_names_answers_for_their_bid() -> None:
    text = (
        "Councillor Bellamy proposed that the contract be awarded to Festive Spark Ltd as the "
        "lowest tenderer. The proposal fell for want of a seconder. RESOLVED: That the contract "
        "for the supply, installation and removal of the Christmas lights for 2026 to 2028 be "
        "awarded to Lumenbright Ltd at a cost of £14,860 a year."
    )
    cut = text.index("That the contract")
    moved = text.index("that the")
    title = "Christmas lights contract"
    lost = Decision(
        decision_id="a",
        item_id="item-83",
        kind="motion",
        outcome="lost",
        text=text[moved : text.index(" The proposal")],
        start=moved,
        end=text.index(" The proposal"),
        mover="Councillor Bellamy",
        evidence={"outcome": (text.index("fell"), text.index(" for want"))},
        citation=Citation(id="a", item_title=title, source="w"),
    )
    won = Decision(
        decision_id="b",
        item_id="item-83",
        kind="resolved",
        outcome="approved",
        text=text[cut:],
        start=cut,
        end=len(text),
        evidence={"formula": (cut - 10, cut - 2), "outcome": (cut - 10, cut - 2)},
        citation=Citation(id="b", item_title=title, source="w"),
    )
    # (read from an index, both carry their item's opening words, which name Bellamy)
    for dec in (lost, won):
        dec._openings = ("", "CHRISTMAS LIGHTS CONTRACT " + text[:cut])
    picks = register_picks(
        "What happened to Councillor Bellamy's bid to give the Christmas lights contract to "
        "the cheapest bidder?",
        [lost, won],
    )
    assert picks[0].decision.decision_id == "a"
    # A question naming no one still takes the resolution
    picks = register_picks("What was decided about the Christmas lights contract?", [lost, won])
    assert picks[0].decision.decision_id == "b"


def test_a_vote_quoted_with_the_sentence_that_states_its_counts() -> None:
    text = (
        "Motion - 6 votes\n"
        "Amendment - 4 votes\n"
        "\n"
        "The Motion was accordingly carried by 6 votes to 4.\n"
    )
    said = text.index("The Motion")
    decision = _decision_with(
        "agreed",
        "carried",
        "Community benefit",
        {
            "votes": (0, text.index("\n\n")),
            "outcome": (text.index("carried"), text.index(" by 6")),
            "statement": (said, len(text) - 1),
        },
    )
    span = field_span(decision, ("vote",), "By what vote was the rate kept at £5,000?")
    assert span is not None
    assert text[span[1] : span[2]].endswith("carried by 6 votes to 4.")
    assert text[span[1] : span[2]].startswith("Motion - 6 votes")


def test_a_table_of_resolutions_under_resolved_as_follows_is_read_row_by_row() -> None:
    text = (
        "1056. Finance\n"
        "It was RESOLVED as follows:\n"
        "\n"
        "Ref\tResolution\tProp.\tSec.\tFor/Ag/Abs\n"
        "1056a\tTo approve payments totalling £4,218.37 (schedule attached)\tOM\tNE\t7/0/0\n"
        "1056b\tTo adopt the revised Financial Regulations (2026 model)\tFJ\tWY\t6/0/1\n"
        "1056c\tTo create a CIL earmarked reserve of £12,000\tKL\tOM\t4/3/0\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.mover, d.seconder, d.result.votes) for d in found] == [
        ("resolved", "carried", "OM", "NE", (7, 0, 0)),
        ("resolved", "carried", "FJ", "WY", (6, 0, 1)),
        ("resolved", "carried", "KL", "OM", (4, 3, 0)),
    ]
    assert text[found[2].start : found[2].end] == "To create a CIL earmarked reserve of £12,000"


@pytest.mark.parametrize(
    ("sentence", "mover", "outcome", "words"),
    [
        (
            "A further proposal by RT, to move the Council's accounts to Unity Trust Bank, "
            "was not seconded.",
            "RT",
            "lost",
            "to move the Council's accounts to Unity Trust Bank",
        ),
        (
            "A motion by Councillor Ames that the grant be doubled was withdrawn.",
            "Councillor Ames",
            "withdrawn",
            "that the grant be doubled",
        ),
    ],
)
def test_a_proposal_by_a_member_with_its_fate_in_one_sentence(
    sentence: str, mover: str, outcome: str, words: str
) -> None:
    text = f"1057. Banking\n{sentence}\n"
    found = extract_decisions(text)
    assert [(d.kind, d.mover, d.outcome) for d in found] == [("motion", mover, outcome)]
    assert text[found[0].start : found[0].end] == words


def test_a_proposal_not_seconded_is_lost() -> None:
    text = (
        "7. Banking\nCouncillor Reed proposed that the accounts move to Unity Trust Bank. "
        "This was not seconded.\n"
    )
    assert [(d.mover, d.outcome) for d in extract_decisions(text)] == [("Councillor Reed", "lost")]


@pytest.mark.parametrize(
    "question",
    [
        "Who nominated the new Vice-Chair of the East Marwick Joint Waste Authority?",
        "Whose notice of motion asked Glenarrow Council to spend £400,000 on the cycle path?",
    ],
)
def test_who_nominated_and_whose_notice_of_motion_ask_for_the_mover(question: str) -> None:
    assert role_asked(question) == "moved"


def test_did_anyone_abstain_is_answered_with_the_side_and_its_names() -> None:
    text = (
        "For (6) Cllrs Amos, Birch and Cole\nAgainst (3) Cllrs Dean\nAbstained (1) Cllr Threlkeld\n"
    )
    at = text.index("Abstained")
    decision = _decision_with(
        "agreed",
        "carried",
        "Precept",
        {
            "count_abstain": (at, at + len("Abstained (1)")),
            "names_abstain": (at + len("Abstained (1) "), len(text) - 1),
            "votes": (0, len(text) - 1),
        },
    )
    question = "Did anyone abstain in the recorded vote on the precept consultation?"
    assert question_kinds(question) == ("person",)
    span = field_span(decision, question_kinds(question), question)
    assert span is not None
    assert text[span[1] : span[2]] == "Abstained (1) Cllr Threlkeld"
    # "Who abstained?" is the names alone
    span = field_span(decision, ("person",), "Who abstained in the vote on the precept?")
    assert span is not None
    assert text[span[1] : span[2]] == "Cllr Threlkeld"


def test_a_resolved_column_table_is_read_past_a_cell_that_ends_a_sentence() -> None:
    text = (
        "91/26 Finance\n"
        "The bank reconciliation to 31 October was noted.\n"
        "\tRESOLVED\tProp.\tSec.\tVote\n"
        "\tTo approve payments totalling £1,942.15 as listed\tJH\tTC\tUnan.\n"
        "\tTo accept the quotation of £2,750 for grass cutting in 2027\tDW\tPL\t8/1/0\n"
        "\tTo move £5,000 to the earmarked reserve for the pavilion roof\tTC\tMM\t6/2/1\n"
        "\n"
        "92/26 Planning\n"
    )
    rows = [
        (d.kind, d.mover, d.seconder, d.result.votes, d.result.unanimous)
        for d in extract_decisions(text)
        if d.kind != "noted"
    ]
    assert rows == [
        ("resolved", "JH", "TC", None, True),
        ("resolved", "DW", "PL", (8, 1, 0), False),
        ("resolved", "TC", "MM", (6, 2, 1), False),
    ]


def test_a_table_head_cut_from_its_line_is_not_read_as_columns() -> None:
    # (the sentence splitter ends a sentence at "No." so the head's first column is cut off;
    # read from there its columns would be one to the left of the rows')
    text = (
        "4. Motions on the Draft Plan\n"
        "The Members considered the motions set out below.\n"
        "\n"
        "No. | Motion | Proposer | Seconder | Decision\n"
        "M1 | That the lands at Tullaghcor be zoned Existing Residential instead of Open "
        "Space. | Cllr. Bonar | Cllr. Carbery | Carried (4 votes to 2)\n"
        "M2 | That the Meenacloy Road link be deleted from the plan. | Cllr. Sweeney-Shovlin | "
        "Cllr. Mac Aoidh | Not carried (2 votes to 4)\n"
    )
    found = extract_decisions(text)
    assert not [d for d in found if d.mover is not None and not d.mover.startswith("Cllr.")]
    assert not [d for d in found if text[d.start : d.end].startswith("Cllr.")]


def test_an_election_on_a_members_nomination_names_its_mover_and_seconder() -> None:
    text = (
        "EMWA/20  Vice-Chair\n"
        "Councillor Ashdown was elected Vice-Chair for the remainder of 2026/27 on the nomination\n"
        "of Councillor Fenwick, seconded by Councillor Okeke.\n"
    )
    assert [(d.kind, d.mover, d.seconder) for d in extract_decisions(text)] == [
        ("agreed", "Councillor Fenwick", "Councillor Okeke")
    ]


def test_who_nominated_the_losing_candidate_is_the_mover_of_the_lost_nomination() -> None:
    text = (
        "It was proposed by Cllr. Geraghty that Cllr. Deirdre Munnelly be elected Cathaoirleach. "
        "It was proposed by Cllr. Carolan that Cllr. Pádraic Lally be elected Cathaoirleach."
    )
    cut = text.index("It was", 1)

    def nomination(i: str, outcome: str, start: int, end: int, mover: str) -> Decision:
        words = text.index("that", start)
        return Decision(
            decision_id=i,
            item_id="item-2",
            kind="motion",
            outcome=outcome,
            text=text[words:end],
            start=words,
            end=end,
            mover=mover,
            evidence={"mover": (text.index(mover), text.index(mover) + len(mover))},
            citation=Citation(id=i, item_title="Election of Cathaoirleach", source="t"),
        )

    decisions = [
        nomination("a", "carried", 0, cut - 1, "Cllr. Geraghty"),
        nomination("b", "lost", cut, len(text), "Cllr. Carolan"),
    ]
    picks = register_picks("Who nominated the losing candidate for Cathaoirleach?", decisions)
    assert picks[0].decision.mover == "Cllr. Carolan"
    picks = register_picks("Who nominated the winning candidate for Cathaoirleach?", decisions)
    assert picks[0].decision.mover == "Cllr. Geraghty"


def test_a_bill_or_a_body_that_proposed_something_is_no_mover() -> None:
    from ingest.decisions.movers import read_movers

    said = (
        "The Head of Legal Services reported that the Welsh Government's Bill proposed a levy "
        "of £1.25 per person per night."
    )
    assert read_movers(said, 0).mover is None
    assert read_movers("Jane Amos proposed that the report be noted.", 0).mover == "Jane Amos"


def test_the_member_who_submitted_a_notice_of_motion_moved_it() -> None:
    from rag.answers.persons import _named_role

    text = "Cabinet considered a notice of motion submitted by Councillor Ieuan Dinas and …"
    at = text.index("Councillor")
    assert _named_role(text, at, at + len("Councillor Ieuan Dinas")) == "moved"
    text = "The report submitted by Mr Jones was noted."
    at = text.index("Mr")
    assert _named_role(text, at, at + len("Mr Jones")) is None


def test_a_northern_ireland_requisition_is_a_call_in() -> None:
    text = (
        "C190/26  GLENARD HARBOUR SLIPWAY\n"
        "RESOLVED: That the Council grant a 25-year lease of the slipway to Glenard Sailing\n"
        "Club at a peppercorn rent.\n"
        "Note: A requisition under Section 41 of the Local Government Act (Northern Ireland)\n"
        "2014 was subsequently received in respect of this decision.\n"
    )
    (found,) = extract_decisions(text)
    assert found.outcome == "called_in"
    start, end = found.evidence["outcome"]
    assert text[start:end].startswith("Note: A requisition under Section 41")


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        (
            "How did Port Caradoc council deal with the curling club's request to waive hall "
            "rental fees?",
            ("outcome",),
        ),
        ("How did the committee respond to the petition on parking?", ("outcome",)),
        ("How did members vote on the budget?", ("vote",)),
    ],
)
def test_how_a_body_dealt_with_a_request_asks_for_the_outcome(
    question: str, kinds: tuple[str, ...]
) -> None:
    assert question_kinds(question) == kinds


def test_what_became_of_a_decision_asks_what_happened_after_it() -> None:
    from rag.answers.from_register import _CAME_AFTER

    asked = "What became of Wessingham Cabinet's November 2026 decision to award the contract?"
    assert _CAME_AFTER.search(asked) is not None
    assert _CAME_AFTER.search("What became of the proposal to close the library?") is None


def test_which_commissioner_tried_to_asks_for_the_mover() -> None:
    asked = "Which Oxbow County commissioner tried to move $250,000 into the Road Fund?"
    assert role_asked(asked) == "moved"


@pytest.mark.parametrize(
    ("question", "role"),
    [
        (
            "From what date will employers start paying the contribution rates set by the 2025 "
            "valuation?",
            "start",
        ),
        ("What date must responses be in by?", "end"),
        ("By what date must responses be received?", "end"),
        ("When was the policy agreed by Cabinet?", None),
    ],
)
def test_a_by_inside_a_date_question_names_an_agent_not_a_deadline(
    question: str, role: str | None
) -> None:
    from rag.answers.short import _date_role

    assert _date_role(question) == role
