"""Decisions and results written in forms the register first missed on unseen minutes: minutes
confirmed in one line, grants "awarded towards", items "held over", "postponed" or "to be
reconsidered", a passive decision with a trailing clause, a Northern Irish "AGREED (n For, m
Against) – that", votes "having voted" or "with n abstentions", a motion "therefore not
carried", and adjournments that put business off."""

from __future__ import annotations

from ingest.decisions import extract_decisions
from ingest.decisions.results import read_result
from tests.test_decision_formats import _read


def test_minutes_confirmed_in_one_line_are_a_decision() -> None:
    assert [row[:2] for row in _read("Minutes of the meeting of 3 June 2025 – confirmed.\n")] == [
        ("agreed", "approved")
    ]
    rows = _read(
        "Minutes of the Annual Meeting of 12 May 2025 approved and signed. "
        "Prop. Cllr Hale, sec. Cllr Ward.\n"
    )
    assert rows == [("agreed", "approved", None, "Cllr Hale", "Cllr Ward")]


def test_parish_grant_lines_awarded_towards_or_reconsidered_later() -> None:
    text = (
        "31/25 Grant requests:\n"
        "Pentre Bowls Club: £250 awarded towards new mats.\n"
        "Pentre Players: to be reconsidered once a budget is supplied.\n"
    )
    assert [row[:2] for row in _read(text)] == [("agreed", "approved"), ("agreed", "deferred")]


def test_an_item_held_over_or_postponed_is_deferred() -> None:
    assert [row[:2] for row in _read("Held over to the March meeting.\n")] == [
        ("agreed", "deferred")
    ]
    text = (
        "Consideration of the draft Tree Strategy was postponed to the next meeting at the "
        "request of the Portfolio Holder.\n"
    )
    assert [row[:2] for row in _read(text)] == [("agreed", "deferred")]
    text = "It was agreed to hold over this item to the April meeting.\n"
    assert [row[1] for row in _read(text)] == ["deferred"]


def test_adjourning_a_hearing_or_the_meeting_to_a_later_date_defers() -> None:
    text = (
        "The Sub-Committee granted the request and adjourned the hearing to 2.00 pm on 9 "
        "September 2025.\n"
    )
    assert [row[1] for row in _read(text)] == ["deferred"]
    text = (
        "The Council AGREED at 10.05 pm to adjourn the meeting to 6.30 pm on Monday 3 "
        "November 2025 to finish its business.\n"
    )
    assert [row[1] for row in _read(text)] == ["deferred"]


def test_a_passive_decision_with_a_clause_after_its_verb() -> None:
    text = (
        "The procurement strategy was agreed following discussion, subject to the removal of "
        "section 5.1.\n"
    )
    assert [row[:2] for row in _read(text)] == [("agreed", "approved")]
    text = "The calendar of meetings for 2026 was adopted, with the June meeting moved forward.\n"
    assert [row[:2] for row in _read(text)] == [("agreed", "approved")]


def test_northern_irish_agreed_with_its_vote_before_the_dash() -> None:
    text = (
        "Proposed by Councillor Rankin,\n"
        "Seconded by Alderman Lyttle and AGREED (8 For, 4 Against, 2 Abstain) – that the "
        "application be refused for the reasons in the officer's report.\n"
    )
    assert _read(text) == [("agreed", "carried", (8, 4, 2), "Councillor Rankin", "Alderman Lyttle")]


def test_vote_phrasings() -> None:
    lost = read_result(
        "The motion was declared LOST, 19 Members having voted in favour and 24 against."
    )
    assert (lost.outcome, lost.votes) == ("lost", (19, 24, None))
    abstained = read_result("There voted for 30, against 12, with 3 abstentions, and it was")
    assert abstained.votes == (30, 12, 3)
    tied = read_result(
        "Four members voted for and four against. The Chair did not use a casting vote and the "
        "motion was therefore not carried."
    )
    assert (tied.outcome, tied.votes) == ("lost", (4, 4, None))
    dashed = read_result("Vote: 2 for, 7 against – not carried.")
    assert (dashed.outcome, dashed.votes) == ("lost", (2, 7, None))
    assert read_result("Prop. Cllr Ames, sec. Cllr Bell; 6 for, 2 abstentions.").votes == (
        6,
        None,
        2,
    )
    # (what the words stood for before: a carried motion is still carried)
    assert read_result("The motion was carried.").outcome == "carried"


def test_a_table_of_amendments_converted_to_text_is_read_row_by_row() -> None:
    text = (
        "7. 2027 Operating Budget\n"
        "Moved by: Councillor Amari\nSeconded by: Councillor Wenzel\n"
        "That the 2027 Operating Budget be approved.\n\n"
        "The following amendments were considered:\n\n"
        "Item   Moved / Seconded                       Amendment                          "
        "         Result\n"
        "A-1    Councillor Lund / Councillor Price     That $12,000 be added for tree planting"
        "     Carried (7 to 2)\n"
        "A-2    Councillor Moss / Councillor Amari     That the arena fee increase be 2 per cent"
        "   Lost (3 to 6)\n"
        "A-3    Councillor Price / Councillor Lund     That the transit review be deferred"
        "         Withdrawn\n"
    )
    rows = [row for row in _read(text) if row[0] == "amendment"]
    assert rows == [
        ("amendment", "carried", (7, 2, None), "Councillor Lund", "Councillor Price"),
        ("amendment", "lost", (3, 6, None), "Councillor Moss", "Councillor Amari"),
        ("amendment", "withdrawn", None, "Councillor Price", "Councillor Lund"),
    ]
    # (one line of prose with "That …" and a result word is no table)
    assert not any(
        row[0] == "amendment"
        for row in _read("Councillor Lund said That was Carried last year.\nIt was noted.\n")
    )


def test_legistar_motion_to_amend_and_the_main_motion_each_get_their_vote() -> None:
    text = (
        "4.\t90112\tAmending Section 8.20 to set sidewalk cafe permit fees\n"
        "Staff presented the proposal.\n"
        "A motion was made by Ortiz, seconded by Huang, to RECOMMEND TO COUNCIL TO ADOPT.\n"
        "A motion was made by Brandt, seconded by Ortiz, to Amend the main motion to waive the "
        "fee for 2025. The motion to amend failed by the following vote:\n"
        "Ayes: 2 - Brandt and Ortiz\n"
        "Noes: 6 - Huang; Keller; Lutz; Moreno; Pike and Sauer\n"
        "The main motion then passed by the following vote:\n"
        "Ayes: 7 - Huang; Keller; Lutz; Moreno; Ortiz; Pike and Sauer\n"
        "Noes: 1 - Brandt\n"
        "A motion was made by Keller, seconded by Pike, to Adjourn. The motion passed by voice "
        "vote/other.\n"
    )
    assert _read(text) == [
        ("motion", "carried", (7, 1, None), "Ortiz", "Huang"),
        ("amendment", "lost", (2, 6, None), "Brandt", "Ortiz"),
        ("motion", "carried", None, "Keller", "Pike"),
    ]
    # the count a label states after it is part of what answers "how many voted for?"
    amendment = extract_decisions(text)[1]
    said = {k: text[a:b] for k, (a, b) in amendment.result.evidence.items()}
    assert said["count_for"] == "Ayes: 2"
    assert said["count_against"] == "Noes: 6"
    assert said["votes"] == "Ayes: 2"


def test_a_record_of_voting_after_the_result_is_that_results_counts() -> None:
    text = (
        "Councillor Amos proposed that the application be refused, and this was seconded by "
        "Councillor Brook. On being put to the vote the proposal was LOST.\n"
        "Record of Voting - for 4, against 8, abstentions 1.\n"
        "Councillor Cole then proposed that the officer recommendation be accepted, seconded by "
        "Councillor Dale.\n"
        "RESOLVED: That the application be PERMITTED subject to conditions.\n"
        "Record of Voting - for 9, against 3, abstentions 1.\n"
    )
    rows = _read(text)
    assert rows[0] == ("motion", "lost", (4, 8, 1), "Councillor Amos", "Councillor Brook")
    assert rows[1][1:] == ("carried", (9, 3, 1), "Councillor Cole", "Councillor Dale")


def test_a_count_reported_in_prose_before_the_resolution_is_its_vote() -> None:
    text = (
        "On its return, the Chair reported that 9 members had supported the appointment and 3 "
        "had opposed it, and accordingly the Panel\n\n"
        "RESOLVED – to endorse the proposed appointment of Ms Ada Byrne as Chief Fire Officer.\n"
    )
    assert _read(text) == [("resolved", "carried", (9, 3, None), None, None)]
    # (support without a count against is no vote)
    assert _read(
        "Members had supported the appointment.\n\nRESOLVED – to endorse the appointment.\n"
    ) == [("resolved", "approved", None, None, None)]


def test_a_contested_election_gives_each_nomination_its_candidates_votes() -> None:
    text = (
        "1. ELECTION OF CATHAOIRLEACH\n"
        "It was proposed by Cllr. Boyle, seconded by Cllr. Nestor, that Cllr. Aine Ruane be "
        "elected Cathaoirleach for the coming year.\n"
        "It was proposed by Cllr. Keane, seconded by Cllr. Walsh, that Cllr. Tomas Hanley be "
        "elected Cathaoirleach for the coming year.\n"
        "There being two nominations, a vote was taken, with the following result:\n"
        "For Cllr. Ruane: Cllrs. Boyle, Nestor, Ruane, Quinn (4)\n"
        "For Cllr. Hanley: Cllrs. Keane, Walsh, Hanley, Moran, Ward, Joyce (6)\n"
        "Cllr. Hanley was declared elected.\n"
    )
    assert _read(text)[:2] == [
        ("motion", "lost", (4, 6, None), "Cllr. Boyle", "Cllr. Nestor"),
        ("motion", "carried", (6, 4, None), "Cllr. Keane", "Cllr. Walsh"),
    ]
    uk = (
        "Councillor Amis moved and Councillor Brett seconded that Councillor Joan Carr be "
        "elected Mayor for the municipal year.\n"
        "Councillor Dale moved and Councillor Eyre seconded that Councillor Ravi Faulds be "
        "elected Mayor for the municipal year.\n"
        "On a vote being taken the result was:\n"
        "Councillor Carr – 27 votes\n"
        "Councillor Faulds – 21 votes\n"
    )
    read = _read(uk)
    assert ("carried", (27, 21, None)) in [(r[1], r[2]) for r in read]
    assert ("lost", (21, 27, None)) in [(r[1], r[2]) for r in read]
