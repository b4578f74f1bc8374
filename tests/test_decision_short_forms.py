"""Decisions and results written in forms the register first missed on unseen minutes: minutes
confirmed in one line, grants "awarded towards", items "held over", "postponed" or "to be
reconsidered", a passive decision with a trailing clause, a Northern Irish "AGREED (n For, m
Against) – that", votes "having voted" or "with n abstentions", a motion "therefore not
carried", and adjournments that put business off."""

from __future__ import annotations

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
    # (what the words stood for before: a carried motion is still carried)
    assert read_result("The motion was carried.").outcome == "carried"
