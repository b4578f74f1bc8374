"""Motions set out under a heading that names their member, movers written after the decision
they belong to, and the smaller forms of parish and Irish minutes."""

from __future__ import annotations

from ingest.decisions import extract_item_decisions
from ingest.parsers.minutes import split_minutes
from tests.test_decision_formats import Row, _read


def _read_items(text: str) -> list[tuple[str | None, Row]]:
    """(item number, row) of each decision, read item by item as ingest reads them."""
    spans = split_minutes(text)
    found = extract_item_decisions(text, [(s.start, s.end) for s in spans])
    return [
        (spans[i].item.item_number, (d.kind, d.outcome, d.result.votes, d.mover, d.seconder))
        for i, d in found
    ]


def test_a_motion_under_a_heading_that_names_its_member_in_brackets() -> None:
    text = (
        "318/25 MOTION – LIBRARY OPENING HOURS (Cllr. Síle Ní Dhonnchadha)\n"
        '"That the Council restores Saturday opening at Quay Street Library."\n'
        "The motion was seconded by Cllr. Brennan. Following debate, 8 Members voted for the "
        "motion, 11 against and 1 abstained. The Cathaoirleach declared the motion lost.\n"
    )
    assert _read(text) == [
        ("motion", "lost", (8, 11, 1), "Cllr. Síle Ní Dhonnchadha", "Cllr. Brennan")
    ]


def test_a_notice_of_motion_set_out_without_quotes_and_withdrawn() -> None:
    text = (
        "122. Rhybudd o Gynnig / Notice of Motion – Cllr Gwenllian Rees\n"
        "That this Council asks the County Council to return the B4999 to a 30mph limit.\n"
        "With the consent of the meeting Cllr Rees withdrew the motion before it was seconded.\n"
    )
    assert _read(text) == [("motion", "withdrawn", None, "Cllr Gwenllian Rees", None)]


def test_a_headed_motion_is_completed_by_its_member_s_mover_line_after_the_advice() -> None:
    text = (
        "4.1 Motion MA-09 (Cllrs. Dolan and Keane)\n"
        '"That the lands at Corrbeg be zoned New Residential."\n'
        "Chief Executive's recommendation: Do not accept. The Senior Planner advised that the "
        "zoning would be contrary to the Core Strategy. Proposed by Cllr. Dolan, seconded by "
        "Cllr. Keane. A vote was taken: For 5, Against 9, Abstain 1. The Cathaoirleach declared "
        "the motion defeated.\n"
    )
    assert _read(text) == [("motion", "lost", (5, 9, 1), "Cllr. Dolan", "Cllr. Keane")]


def test_a_member_s_new_text_about_their_own_motion_supersedes_it() -> None:
    text = (
        "4.2 Motion MA-12 (Cllr. Hourigan)\n"
        '"That Objective TR-4 provide for a park and ride at Ballyduff Cross."\n'
        "Chief Executive's recommendation: Accept with modification. Cllr. Hourigan proposed, "
        "seconded by Cllr. Tynan, that the motion be accepted as modified by the Chief "
        "Executive. This was agreed.\n"
    )
    rows = _read(text)
    assert len(rows) == 1 and rows[0][3:] == ("Cllr. Hourigan", "Cllr. Tynan")


def test_vote_lists_with_the_count_before_the_bracketed_names() -> None:
    text = (
        "Cllr. Walsh proposed that the Members make the Speed Limit Bye-Laws 2026 as presented. "
        "Cllr. Kiely seconded the proposal.\n"
        "Cllr. Hynes called for a vote. FOR: 4 (Cllrs. Walsh, Kiely, Ryan, Nolan). AGAINST: 3 "
        "(Cllrs. Hynes, Daly, Moran). The Cathaoirleach declared the motion carried.\n"
    )
    assert _read(text) == [("motion", "carried", (4, 3, None), "Cllr. Walsh", "Cllr. Kiely")]


def test_a_nomination_names_the_mover_of_an_election() -> None:
    text = (
        "The Clerk opened the meeting. Councillor Ashby was nominated by Councillor Pell and "
        "seconded by Councillor Vane. There being no other nominations, it was RESOLVED that "
        "Councillor Ashby be elected Chair for the 2026/27 municipal year.\n"
    )
    assert _read(text) == [("resolved", "approved", None, "Councillor Pell", "Councillor Vane")]


def test_movers_after_the_decision_when_the_item_ends_before_another() -> None:
    text = (
        "1. Confirmation of Minutes\n"
        "The minutes of the May meeting, having been circulated, were confirmed. Proposer: "
        "Cllr. Lydon; Seconder: Cllr. Devane.\n\n"
        "2. Payments\n"
        "RESOLVED to approve the payments listed below, totalling £1,052.40.\n\n"
        "  Payee                  Detail              Net £     VAT £    Gross £\n"
        "  Tidy Verges Ltd        Grass cutting       702.00    140.40     842.40\n"
        "  Village Hall           Room hire           210.00      0.00     210.00\n"
        "                                                        Total   1,052.40\n\n"
        "Proposed: Cllr Pengelly  Seconded: Cllr Hurd.  Unanimous.\n\n"
        "3. Allotments\n"
        "Cllr Rowse proposed that allotment rents be frozen. No seconder; the proposal fell.\n"
    )
    assert _read_items(text) == [
        ("1", ("agreed", "approved", None, "Cllr. Lydon", "Cllr. Devane")),
        ("2", ("resolved", "carried", None, "Cllr Pengelly", "Cllr Hurd")),
        ("3", ("motion", "lost", None, "Cllr Rowse", None)),
    ]


def test_movers_after_an_unread_sentence_are_not_given_to_the_decision_before_it() -> None:
    text = (
        "(a) RESOLVED that the payments listed in Appendix A be approved.\n"
        "(b) The clerk reported on the playground inspection and the repairs it had found.\n"
        "Proposed Cllr Snell, seconded Cllr Whitmore, all in favour.\n"
    )
    assert _read(text)[0] == ("resolved", "approved", None, None, None)


def test_a_statement_approved_and_signed_by_two_officers_with_its_movers_after() -> None:
    text = (
        "(a) RESOLVED that the payments listed in Appendix A be approved.\n"
        "(b) The Annual Governance Statement 2025/26 was approved and signed by the Chairman "
        "and the Clerk. Proposed Cllr Snell, seconded Cllr Whitmore, all in favour.\n"
    )
    assert _read(text) == [
        ("resolved", "approved", None, None, None),
        ("agreed", "carried", None, "Cllr Snell", "Cllr Whitmore"),
    ]


def test_a_vote_stated_before_the_members_adopted_a_plan() -> None:
    text = (
        "Following a vote, in which six Members voted in favour and three against, the Members "
        "adopted the draft Budgetary Plan for 2027 for consideration at the Budget Meeting.\n"
    )
    assert _read(text) == [("agreed", "carried", (6, 3, None), None, None)]


def test_parish_movers_as_a_pair_in_brackets_with_the_vote_after_them() -> None:
    text = (
        "MINUTE 12/26 – MINUTES\n"
        "The minutes of the meeting held on 9 December 2025 were approved and signed by the "
        "Town Mayor. (Rhydwen/Tudno)\n\n"
        "MINUTE 13/26 – GRANTS\n"
        "It was RESOLVED that grants be awarded to the Carnival Committee (£500) and the Youth "
        "Club (£750). (Bodfan/Llifon) 8 votes for, 1 against.\n\n"
        "MINUTE 14/26 – ALLOTMENT RENTS\n"
        "RESOLVED to increase allotment rents to £44 per full plot. (Cllr Cynfal/Cllr Garmon) "
        "Unanimous.\n\n"
        "MINUTE 15/26 – STAFFING\n"
        "RESOLVED that the Clerk's hours be increased from 25 to 30 per week from 1 April 2026 "
        "(proposed Cllr Hywel-Bryn, seconded Cllr Cadfan; 6 votes for, 2 against, 2 "
        "abstentions).\n"
    )
    assert [row for _, row in _read_items(text)] == [
        ("agreed", "approved", None, "Rhydwen", "Tudno"),
        ("resolved", "carried", (8, 1, None), "Bodfan", "Llifon"),
        ("resolved", "carried", None, "Cllr Cynfal", "Cllr Garmon"),
        ("resolved", "carried", (6, 2, 2), "Cllr Hywel-Bryn", "Cllr Cadfan"),
    ]


def test_payments_approved_with_their_movers_in_brackets_at_the_sentence_end() -> None:
    text = (
        "a) Payments totalling £3,870.15 as listed below were approved for payment (proposed "
        "Cllr Kneale, seconded Cllr Chuter, nem con).\n"
        "b) The bank reconciliation for January 2026 was noted.\n"
    )
    assert _read(text) == [
        ("agreed", "carried", None, "Cllr Kneale", "Cllr Chuter"),
        ("noted", "noted", None, None, None),
    ]


def test_a_member_who_proposed_another_for_election_is_the_mover() -> None:
    text = (
        "Cllr. Fennelly proposed Cllr. Kinsale, seconded by Cllr. Whelan. There being no other "
        "nominations, Cllr. Kinsale was elected Leas-Chathaoirleach for the remainder of the "
        "year.\n"
    )
    assert _read(text)[0][3:] == ("Cllr. Fennelly", "Cllr. Whelan")


def test_a_bilingual_form_line_names_the_proposer_and_seconder_in_columns() -> None:
    text = (
        "RESOLVED: That the minutes of the meeting held on 9 March 2026 be accepted as a true "
        "record.\n"
        "Cynigydd / Proposer: Cllr Llinos Brynmor   Eilydd / Seconder: Cllr Emyr Tegid\n"
    )
    assert _read(text) == [("resolved", "approved", None, "Cllr Llinos Brynmor", "Cllr Emyr Tegid")]


def test_movers_in_brackets_after_a_full_stop_end_with_their_line() -> None:
    text = (
        "The schedule of payments totalling £12,410.60 was approved. (Prop. Cllr Stainton, sec. "
        "Cllr Tebb)\n"
        "The bank reconciliation to 28 February 2026 was noted.\n"
    )
    assert _read(text) == [
        ("agreed", "approved", None, "Cllr Stainton", "Cllr Tebb"),
        ("noted", "noted", None, None, None),
    ]
