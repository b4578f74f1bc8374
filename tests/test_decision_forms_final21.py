"""Forms the register missed on final21 (development since its second look, in the sixteenth
session): motions "MOVED and SECONDED" by members the minutes do not name (British Columbia),
a recorded vote whose list is "For the proposal (5)", a contested election with two
nominations and each candidate's votes, a mover titled "Deputy Chair", movers before a subject
and its passive verb, and a body's verb before the proposal it was made on. The texts are
written for these tests; each fails without its change."""

from __future__ import annotations

from ingest.decisions import extract_decisions


def _read(text: str) -> list[tuple[str, str, str | None, str | None, object, str]]:
    return [
        (d.kind, d.outcome, d.mover, d.seconder, d.result.votes, text[d.start : d.end])
        for d in extract_decisions(text)
    ]


def test_motions_moved_and_seconded_by_members_not_named() -> None:
    text = (
        "3. ADOPTION OF MINUTES\n"
        "It was MOVED and SECONDED\n"
        "THAT the minutes of the Regular Council meeting held March 3, 2027 be adopted.\n"
        "CARRIED UNANIMOUSLY\n"
        "\n"
        "4. BYLAWS\n"
        "4.1 Zoning Amendment Bylaw No. 3310, 2027 (55 Cedar Lane)\n"
        "It was MOVED and SECONDED\n"
        'THAT "Zoning Amendment Bylaw No. 3310, 2027" be given first and second reading.\n'
        "CARRIED\n"
        "It was moved and seconded\n"
        "THAT the main motion be amended by deleting its second clause.\n"
        "DEFEATED\n"
    )
    assert [row[:5] for row in _read(text)] == [
        ("motion", "carried", None, None, None),
        ("motion", "carried", None, None, None),  # (the word in the bylaw's title moves nothing)
        ("amendment", "lost", None, None, None),
    ]


def test_a_withdrawal_read_before_a_motion_moved_by_members_not_named_is_not_its_result() -> None:
    text = (
        "6. NEW BUSINESS\n"
        "Councillor Arnesen withdrew his request for a report on dock moorage fees.\n"
        "\n"
        "7. CLOSED MEETING\n"
        "It was MOVED and SECONDED\n"
        "THAT the meeting be closed to the public under Section 90(1)(c).\n"
        "CARRIED UNANIMOUSLY\n"
    )
    assert [row[1] for row in _read(text)] == ["carried"]


def test_a_recorded_vote_for_the_proposal_counts_its_list() -> None:
    text = (
        "Councillor Rhys proposed that the application be refused on highway grounds.\n"
        "Councillor Lewis seconded the proposal. A recorded vote was taken:\n"
        "\n"
        "For the proposal (4): Councillors Bevan, Lewis, Morgan and Rhys\n"
        "Against (7): Councillors Ash, Bell, Cole, Dale, Eden, Ford and Gray\n"
        "Abstain (1): Councillor Hale\n"
        "\n"
        "The proposal was LOST.\n"
    )
    (row,) = _read(text)
    assert row[:5] == ("motion", "lost", "Councillor Rhys", "Councillor Lewis", (4, 7, 1))


def test_a_contested_election_takes_the_winners_nomination_and_votes() -> None:
    text = (
        "12/01 ELECTION OF CHAIRMAN 2027/28\n"
        "\n"
        "Councillor Pryor was nominated by Councillor Amos and seconded by Councillor Blythe. "
        "Councillor Quince was nominated by Councillor Carrick and seconded by Councillor "
        "Dorey. A vote was taken by a show of hands: Councillor Pryor received 6 votes and "
        "Councillor Quince received 9 votes.\n"
        "\n"
        "RESOLVED: That Councillor Tobias Quince be elected Chairman for 2027/28.\n"
    )
    (row,) = _read(text)
    assert row[1:5] == ("carried", "Councillor Carrick", "Councillor Dorey", (9, 6, None))


def test_a_mover_titled_deputy_chair_keeps_the_title() -> None:
    text = (
        "Resolution number KRC/2026/04\n"
        "Moved: Deputy Chair Tamihana\n"
        "Seconded: Cr Lowery\n"
        "That the minutes of the meeting held on 4 February 2026 be confirmed.\n"
        "CARRIED\n"
    )
    assert [row[2:4] for row in _read(text)] == [("Deputy Chair Tamihana", "Cr Lowery")]


def test_movers_before_a_subject_and_its_passive_verb() -> None:
    text = (
        "BMD/26/12 Minutes\n"
        "Proposed by Cllr. Furlong, seconded by Cllr. Keogh, the minutes of the meeting of "
        "9th February 2026 were adopted.\n"
    )
    (row,) = _read(text)
    assert row[:4] == ("agreed", "approved", "Cllr. Furlong", "Cllr. Keogh")
    assert row[5].startswith("the minutes of the meeting")


def test_a_body_verb_then_the_proposal_it_was_made_on() -> None:
    text = (
        "5. Corporate Plan 2026\n"
        "The Members approved the draft Corporate Plan for 2026 on the proposal of Cllr. Nagle, "
        "seconded by Cllr. Dineen. The Director agreed to circulate the final version.\n"
    )
    (row,) = _read(text)
    assert row[:4] == ("agreed", "approved", "Cllr. Nagle", "Cllr. Dineen")
    assert row[5].startswith("The Members approved")
