"""Register answers that went wrong on final21 (development since its second look, in the
sixteenth session): a vote question answered by a decision that states no count, what a
question says would be replaced taken as its topic, a question for the vote count answered
"Carried", "did the Board grant it?" of a carried refusal, and "how did the amendment fare?"
read as asking for a date. The decisions are written for these tests; each fails without its
change."""

from __future__ import annotations

from rag.answers.from_register import register_picks
from rag.answers.short import question_kinds
from tests.test_register_questions import _registered


def test_a_vote_question_prefers_the_decision_that_states_a_count() -> None:
    """Two decisions on the same charges: a motion to defer them that fell unseconded, and the
    recommendation to Cabinet carried "Nine votes for, two against". "How did they vote on
    recommending the charges to Cabinet?" asks for the count, which only the second states
    (and only it is addressed to Cabinet)."""
    deferral = "that the proposed increase in on-street parking charges be deferred for a year."
    recommendation = "the on-street parking charges in Appendix C be approved from 1 April."
    doc = (
        f"Councillor Dent moved {deferral} The motion was not seconded.\n"
        f"RECOMMENDED to Cabinet that {recommendation} (Nine votes for, two against)"
    )
    common = {
        "doc": doc,
        "meeting": "HIGHWAYS AND TRANSPORT COMMITTEE, 20 October 2026",
        "item": "HT/49 On-street parking charges",
        "title": "On-street parking charges",
        "item_id": "item-49",
    }
    fell = _registered(
        "fell",
        deferral,
        kind="motion",
        outcome="lost",
        said="The motion was not seconded.\n",
        said_as="outcome",
        mover="Councillor Dent",
        **common,
    )
    carried = _registered(
        "carried",
        recommendation,
        kind="recommended",
        outcome="carried",
        said="(Nine votes for, two against)",
        said_as="votes",
        **common,
    ).model_copy(update={"to_body": "Cabinet"})
    asked = (
        "How did the committee vote on recommending the new on-street parking charges to Cabinet?"
    )
    assert register_picks(asked, [fell, carried])[0].decision.decision_id == "carried"


def test_what_a_question_says_would_be_replaced_is_not_its_topic() -> None:
    """ "Who wanted the meeting held in Kilbride rather than Ballyduff?" asks for the mover of
    the amendment for Kilbride, not of the proposal for Ballyduff that names more of the
    question's words."""
    text = (
        "Cllr. Lynch proposed, seconded by Mr. Doyle, that the Committee's annual public "
        "meeting be held in Ballyduff Community Centre in June. Cllr. Kiely proposed an "
        "amendment, seconded by Cllr. Hayes, that the meeting be held in Kilbride instead. On "
        "a show of hands the amendment was defeated, 4 voting in favour and 9 against. The "
        "proposal was then agreed."
    )
    common = {
        "doc": text,
        "meeting": "TULLYMORE JOINT POLICING COMMITTEE, 3 March 2025",
        "item": "4. Public Meeting 2025",
        "title": "Public Meeting 2025",
        "item_id": "item-4",
    }
    proposal = _registered(
        "proposal",
        "that the Committee's annual public meeting be held in Ballyduff Community Centre in June.",
        kind="agreed",
        mover="Cllr. Lynch",
        **common,
    )
    amendment = _registered(
        "amendment",
        "that the meeting be held in Kilbride instead.",
        kind="amendment",
        outcome="lost",
        mover="Cllr. Kiely",
        **common,
    )
    asked = (
        "At Tullymore's Joint Policing Committee, who wanted the annual public meeting held in "
        "Kilbride rather than Ballyduff?"
    )
    assert register_picks(asked, [proposal, amendment])[0].decision.mover == "Cllr. Kiely"


def test_a_question_for_the_vote_count_is_not_answered_by_a_result_without_one() -> None:
    text = "THAT By-law 2026-031 be confirmed. Carried"
    confirmed = _registered(
        "bylaw",
        "THAT By-law 2026-031 be confirmed.",
        kind="motion",
        outcome="carried",
        doc=text,
        said="Carried",
        said_as="outcome",
        meeting="TOWN OF HALLOWMEAD COUNCIL, 5 May 2026",
        item="9. Confirmatory By-law",
        title="Confirmatory By-law",
    )
    assert (
        register_picks("What was the vote count on Hallowmead's by-law 2026-031?", [confirmed])
        == []
    )
    assert register_picks("What was the vote on Hallowmead's by-law 2026-031?", [confirmed])


def test_did_the_body_grant_it_is_answered_by_what_the_carried_motion_did() -> None:
    """ "Did the Board grant the licence?" is answered by the carried motion's own words ("that
    the application be refused …"), not by "the motion was accordingly carried"; "Was the
    motion to refuse carried?" still gets the result as stated."""
    doc = (
        "Councillor Reid, seconded by Councillor Moffat, moved that the application be refused on "
        "the ground of overprovision. On a division, 5 members voted for the motion and 3 for "
        "the amendment, and the motion was accordingly carried."
    )
    motion = "that the application be refused on the ground of overprovision."
    refused = _registered(
        "refused",
        motion,
        kind="motion",
        outcome="carried",
        doc=doc,
        said="On a division",
        meeting="KINLOCHARD LICENSING BOARD, 14 April 2026",
        item="2. Off-sales premises licence, The Corner Shop, Bridge Street",
        title="Off-sales premises licence, The Corner Shop",
    )

    def answer(question: str) -> str:
        pick = register_picks(question, [refused])[0]
        return doc[pick.start : pick.end]

    assert answer(
        "Did Kinlochard Licensing Board grant the off-sales licence for The Corner Shop?"
    ).startswith("that the application be refused")
    assert answer(
        "Was the motion to refuse the Corner Shop's off-sales licence at Kinlochard carried?"
    ).startswith("On a division")


def test_a_yes_or_no_question_about_what_the_motion_did_gets_its_result() -> None:
    """ "Was Variation No. 4 made?" of a carried motion "that Variation No. 4 … be made": the
    result as stated answers it (the motion did what is asked)."""
    doc = (
        "Cllr. Duane proposed that Variation No. 4 (Harbour Quarter) be made as recommended. "
        "The Cathaoirleach declared the proposal carried and Variation No. 4 made."
    )
    made = _registered(
        "made",
        "that Variation No. 4 (Harbour Quarter) be made as recommended.",
        kind="motion",
        outcome="carried",
        doc=doc,
        said="The Cathaoirleach declared",
        meeting="ARDGLASS CITY COUNCIL, 12 May 2026",
        item="7. Variation No. 4 of the City Development Plan",
        title="Variation No. 4 of the City Development Plan",
    )
    pick = register_picks("Was Variation No. 4 of Ardglass's city development plan made?", [made])[
        0
    ]
    assert doc[pick.start : pick.end].startswith("The Cathaoirleach declared")


def test_how_did_an_amendment_fare_asks_its_outcome_not_a_date() -> None:
    asked = (
        "When the Marlow Combined Authority took its final tram decision in May 2026, how did "
        "Councillor Reeve's amendment asking for an audit fare?"
    )
    assert question_kinds(asked) == ("outcome",)
    assert question_kinds("How did the bus fare rise go down with members?") != ("outcome",)
