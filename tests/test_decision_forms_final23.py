"""Forms the register missed on final23 (development since its second look, in the eighteenth
session): a planning commission's "Moved by Member X", receiving "as information", passive
deferrals ("held over", "continued to a date uncertain", "Consideration of … was adjourned to
the next meeting"), a US council's MOTION: / SECOND: / VOTE: fields, a count "in favour of
Cllr. X's proposal", a motion withdrawn by the member in whose name it stood, a "Budget
Amendment" that is a motion, a Scottish division in one sentence, named votes a row each with a
tab, a tab-separated For / Against / Abstain table, "notice of the following motion", an
amendment the proposer accepted, a mover who "said … and proposed instead", a form's movers over
"AGREED: That …", a deferral "to a reconvened meeting", a declared election after a ballot, and
the body a recommendation goes to when the thing recommended comes first. The texts are written
for these tests; each fails without its change."""

from __future__ import annotations

import re

from ingest.decisions import extract_decisions, extract_item_decisions
from ingest.decisions.found import FoundDecision


def _read(text: str) -> list[tuple[str, str, str | None, str | None, object]]:
    return [
        (d.kind, d.outcome, d.mover, d.seconder, d.result.votes) for d in extract_decisions(text)
    ]


def _items(text: str) -> list[FoundDecision]:
    """The decisions of each agenda item of ``text``, an item starting at each line "4A. …"
    (as the parser splits minutes into items)."""
    starts = [m.start() for m in re.finditer(r"(?m)^\d+[A-Z]\. ", text)]
    spans = list(zip(starts, [*starts[1:], len(text)], strict=True))
    return [found for _, found in extract_item_decisions(text, spans, [])]


def test_a_commission_member_moves_by_the_title_member() -> None:
    text = (
        "2. ADOPTION OF AGENDA\n"
        "MPC-25-041\tMoved by Member Okonkwo that the agenda be adopted as presented.\n"
        "CARRIED\n\n"
        "3. DEVELOPMENT PERMIT DP 25-019\n"
        "MPC-25-042\tMoved by Public Member Lindqvist that DP 25-019 be approved.\n"
        "DEFEATED\n"
    )
    assert _read(text) == [
        ("motion", "carried", "Member Okonkwo", None, None),
        ("motion", "lost", "Public Member Lindqvist", None, None),
    ]


def test_receiving_a_report_as_information_is_noting_it() -> None:
    accept = (
        "6. INFORMATION ITEMS\n"
        "Moved by Councillor Abara that the Commission accept the Planning Officer's report on "
        "permits issued in the second quarter as information.\n"
        "CARRIED\n"
    )
    listed = (
        "2. Reports for Information\n"
        "Moved by: Councillor Yip\nSeconded by: Councillor Hale\n"
        "That the following reports be received for information: 2.1 Report FN-25-11, Capital "
        "Variance; and 2.2 Report PL-25-04, Building Permit Activity.\n"
        "Carried\n"
    )
    assert [row[1] for row in _read(accept)] == ["noted"]
    assert [row[1] for row in _read(listed)] == ["noted"]


def test_passive_deferrals_and_a_letter_read_and_noted() -> None:
    text = (
        "4. Taking in Charge – Cnoc Bán\n"
        "Consideration of the taking in charge of the Cnoc Bán estate was held over to the "
        "January meeting.\n\n"
        "5. Strategic Risk Register\n"
        "The report was late. Consideration of the Strategic Risk Register was adjourned to the "
        "next meeting.\n\n"
        "6. Speed Survey\n"
        "Item 6B was continued to a date uncertain at the request of the City Manager.\n\n"
        "7. Needs Assessment\n"
        "The item was held over to the March meeting, as the survey had not closed.\n\n"
        "8. Correspondence\n"
        "A letter from the Department of Housing on the Town Renewal Scheme was read and noted.\n"
    )
    assert [row[:2] for row in _read(text)] == [
        ("agreed", "deferred"),
        ("agreed", "deferred"),
        ("agreed", "deferred"),
        ("agreed", "deferred"),
        ("noted", "noted"),
    ]


def test_a_us_councils_action_fields_each_decide_their_own_motion() -> None:
    text = (
        "4A. Appeal of Use Permit UP-25-3\n"
        "MOTION: Councilmember Ruiz moved to deny the appeal.\n"
        "SECOND: Councilmember Tan\n"
        "VOTE: Motion failed 2-3.\n"
        "AYES: Ruiz, Tan\n"
        "NOES: Ellison, Ford, Gupta\n"
        "MOTION: Councilmember Gupta moved to continue the hearing to May 6, 2026.\n"
        "SECOND: Mayor Ellison\n"
        "VOTE: Motion carried 3-2.\n"
        "AYES: Ellison, Ford, Gupta\n"
        "NOES: Ruiz, Tan\n\n"
        "5A. Ordinance No. 810\n"
        "MOTION: Councilmember Ford moved to adopt Ordinance No. 810.\n"
        "SECOND: Councilmember Tan\n"
        "VOTE: Motion carried 4-0.\n"
        "AYES: Ellison, Ford, Gupta, Tan\n"
        "NOES: None\n"
        "ABSTAIN: Ruiz\n\n"
        "5B. Consent Calendar\n"
        "MOTION: Councilmember Tan moved to approve the Consent Calendar.\n"
        "SECOND: Councilmember Ruiz\n"
        "VOTE: Motion carried 5-0.\n"
        "AYES: Ellison, Ford, Gupta, Ruiz, Tan\n"
        "NOES: None\n"
        "ABSTAIN: None\n"
    )
    got = [(d.outcome, d.mover, d.seconder, d.result.votes) for d in _items(text)]
    assert got == [
        ("lost", "Councilmember Ruiz", "Councilmember Tan", (2, 3, None)),
        ("deferred", "Councilmember Gupta", "Mayor Ellison", (3, 2, None)),
        ("carried", "Councilmember Ford", "Councilmember Tan", (4, 0, 1)),  # the lists' abstention
        ("carried", "Councilmember Tan", "Councilmember Ruiz", (5, 0, 0)),  # "ABSTAIN: None"
    ]


def test_a_count_in_favour_of_a_members_proposal_is_that_proposals() -> None:
    text = (
        "3. Municipal Allocation\n"
        "Cllr. Fahy proposed that €10,000 be ring-fenced for the Christmas festival. This was "
        "seconded by Cllr. Lowry.\n"
        "Cllr. Brennan proposed that the allocation be divided equally. There was no seconder "
        "and the counter-proposal fell.\n"
        "On a vote being taken, six members voted in favour of Cllr. Fahy's proposal and three "
        "against, and it was carried.\n"
    )
    assert _read(text) == [
        ("motion", "carried", "Cllr. Fahy", "Cllr. Lowry", (6, 3, None)),
        ("motion", "lost", "Cllr. Brennan", None, None),
    ]


def test_a_motion_withdrawn_by_the_member_in_whose_name_it_stood() -> None:
    withdrawn = (
        "6. Motions\n"
        "Motion No. 4 in the name of Cllr. Ní Bhriain, calling for a footpath at Ardagh, was "
        "withdrawn by Cllr. Ní Bhriain as the works had been funded.\n"
    )
    deferred = (
        "6. Motions\n"
        "Motion No. 5 in the name of Cllr. Nolan was deferred to the December meeting.\n"
    )
    assert _read(withdrawn) == [("motion", "withdrawn", "Cllr. Ní Bhriain", None, None)]
    assert _read(deferred) == [("agreed", "deferred", None, None, None)]  # (the meeting's act)


def test_a_budget_amendment_moved_is_a_motion_with_its_own_vote() -> None:
    text = (
        "25-0311  Appointment of R. Vance to the Library Board\n"
        "A motion was made by Commissioner Ames, seconded by Commissioner Bell, that this "
        "Appointment be approved. The motion carried by a voice vote.\n\n"
        "25-0318  Budget Amendment No. 2 to the Fiscal Year 2026 budget\n"
        "A motion was made by Commissioner Bell, seconded by Commissioner Cole, that this Budget "
        "Amendment be approved. The motion carried by the following vote:\n"
        "Aye: 3 - Ames, Bell and Cole\n"
        "Abstain: 1 - Diaz\n"
    )
    assert _read(text) == [
        ("motion", "carried", "Commissioner Ames", "Commissioner Bell", None),
        ("motion", "carried", "Commissioner Bell", "Commissioner Cole", (3, None, 1)),
    ]


def test_a_scottish_division_written_as_one_sentence() -> None:
    text = (
        "4. WAITING RESTRICTIONS ORDER\n"
        "Councillor Ross, seconded by Councillor Bain, moved that the Committee make the Order "
        "as advertised.\n"
        "Councillor Kerr, seconded by Councillor Muir, moved as an amendment that the Committee "
        "make the Order without the Quay Street restriction.\n"
        "On a division, there voted for the motion (5) Councillors Bain, Dow, Ross, Shaw and "
        "Tait; for the amendment (3) Councillors Kerr, Muir and Orr; abstained (1) Councillor "
        "Lamb.\n"
        "The motion was accordingly carried.\n"
    )
    assert _read(text) == [
        ("motion", "carried", "Councillor Ross", "Councillor Bain", (5, 3, 1)),
        ("amendment", "lost", "Councillor Kerr", "Councillor Muir", (3, 5, 1)),
    ]


def test_named_votes_a_row_each_split_by_one_tab() -> None:
    text = (
        "TC/25/040  ALLOTMENT RENTS\n"
        "Cllr Amis proposed, and Cllr Bragg seconded, that allotment rents be increased by 4%.\n"
        "A named vote was requested:\n"
        "Cllr A. Amis\tFor\n"
        "Cllr B. Bragg\tFor\n"
        "Cllr C. Crane\tAgainst\n"
        "Cllr D. Dove\tAgainst\n"
        "Cllr E. Eyre\tAgainst\n"
        "The proposal was defeated.\n"
    )
    assert _read(text) == [("motion", "lost", "Cllr Amis", "Cllr Bragg", (2, 3, None))]


def test_a_recorded_vote_in_tab_separated_columns_with_a_totals_row() -> None:
    text = (
        "C/40 Notice of Motion – Pavement Parking\n"
        'Councillor Ames moved and Councillor Bell seconded the following motion: "That this '
        'Council asks the Cabinet to ban pavement parking on the listed streets."\n'
        "Councillor Cole moved and Councillor Dunn seconded an amendment to delete "
        '"ban" and insert "consult on banning".\n'
        "A recorded vote was taken on the amendment:\n"
        "For\tAgainst\tAbstain\n"
        "Cole\tAmes\tFry\n"
        "Dunn\tBell\t\n"
        "\tEvans\t\n"
        "Total: 2\tTotal: 3\tTotal: 1\n"
        "The amendment was LOST. The original motion was then put to the vote and CARRIED on a "
        "show of hands.\n"
    )
    assert _read(text) == [
        ("motion", "carried", "Councillor Ames", "Councillor Bell", None),
        ("amendment", "lost", "Councillor Cole", "Councillor Dunn", (2, 3, 1)),
    ]


def test_notice_of_the_following_motion_then_withdrawn() -> None:
    text = (
        "C/41 Notice of Motion – Councillor Hale: Street Lighting\n"
        'Councillor Hale had given notice of the following motion: "That this Council switches '
        'all street lights to LED by 2027." The Leader said a programme was under way. With the '
        "consent of the Council, Councillor Hale withdrew the motion.\n"
    )
    assert _read(text) == [("motion", "withdrawn", "Councillor Hale", None, None)]


def test_an_amendment_the_proposer_and_seconder_accepted_is_approved() -> None:
    text = (
        "6. NOTICE OF MOTION NO. 9 – CLLR. AINE ROCHE\n"
        'Cllr. Roche proposed, and Cllr. Walsh seconded, the following motion: "That the '
        'Council calls on the Minister to fund a rail study."\n'
        'Cllr. Byrne proposed an amendment to add "including a park-and-ride site", which the '
        "proposer and seconder accepted.\n"
        "The motion, as amended, was agreed.\n"
    )
    kinds = [(row[0], row[1]) for row in _read(text)]
    assert ("amendment", "approved") in kinds


def test_a_mover_who_spoke_first_then_proposed_instead() -> None:
    text = (
        "CAB/30  Leisure Centre – Award of Contract\n"
        "The report recommended the lowest-priced tender. Councillor Drew said that the quality "
        "scores of the second tenderer were higher and proposed instead that the award be made "
        "to Holt & Sons; this was seconded by Councillor Ennis. On being put to the vote, the "
        "proposal was carried by four votes to one.\n"
        "RESOLVED – that the contract be awarded to Holt & Sons.\n"
    )
    assert _read(text) == [
        ("resolved", "carried", "Councillor Drew", "Councillor Ennis", (4, 1, None))
    ]


def test_a_forms_movers_over_agreed_that() -> None:
    text = (
        "JC 12  MINUTES\n"
        "Proposed: Councillor Finch\n"
        "Seconded: Councillor Gale\n"
        "AGREED: That the minutes of the meeting held on 2 June 2026 be approved and signed.\n"
    )
    assert _read(text) == [("agreed", "approved", "Councillor Finch", "Councillor Gale", None)]


def test_an_item_put_off_to_a_reconvened_meeting_is_deferred() -> None:
    text = (
        "JC 15  DRAFT BUDGET\n"
        "After the fire alarm it was AGREED, on the proposal of Councillor Finch, that the "
        "meeting be adjourned and that this item be considered at a reconvened meeting on "
        "12 November 2026.\n"
    )
    assert [row[:3] for row in _read(text)] == [("agreed", "deferred", "Councillor Finch")]


def test_an_election_declared_after_a_ballot_is_carried() -> None:
    text = (
        "CC/25/10  ELECTION OF DEPUTY MAYOR\n"
        "Two nominations were received: Cllr. Ciara Daly, proposed by Cllr. Egan and seconded by "
        "Cllr. Flynn; and Cllr. Tom Gill, proposed by Cllr. Hayes and seconded by Cllr. Ivers.\n"
        "A vote was taken with the following result: Cllr. Daly 17; Cllr. Gill 11.\n"
        "The Mayor declared Cllr. Ciara Daly elected Deputy Mayor for the remainder of the term.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome) for d in found] == [("agreed", "carried")]
    assert text[found[0].start :].startswith("The Mayor declared")


def test_the_body_a_recommendation_goes_to_when_the_thing_recommended_comes_first() -> None:
    texts = {
        "Following discussion, the SPC agreed to recommend the draft Litter Plan 2027 to the "
        "full Council for adoption.": "full Council",
        "The Board endorsed the refreshed Wellbeing Strategy and recommended it to the Cabinet "
        "for adoption.": "Cabinet",
        "RESOLVED: That the partner councils be recommended to introduce weekly food waste "
        "collections.": "partner councils",
    }
    for text, body in texts.items():
        assert [d.to_body for d in extract_decisions("5. Item\n" + text + "\n")] == [body], text
