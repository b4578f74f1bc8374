"""Layouts of decisions the register first missed on unseen minutes: an Irish municipal
district's motion set out before its "Proposed by:" / "Seconded by:" / "AGREED" lines, a US
Legistar export's "Aye: 5 - …" lists after "by the following vote:", a recorded vote one name a
line across a page break, a two-column table of minutes, a Scottish division that names each
side's members, a motion recorded by the RESOLVED block whose heading holds the vote, and the
plain words that note, defer or withdraw."""

from __future__ import annotations

from ingest.decisions import extract_decisions
from ingest.decisions.line import blank_side_column
from ingest.decisions.table_rows import _columns
from tests.test_decision_formats import _read


def test_a_motion_set_out_before_the_lines_that_name_its_movers() -> None:
    text = (
        "BMD 14/25 Annual Roads Programme\n"
        "That the Annual Roads Programme 2025 be adopted as circulated.\n"
        "Proposed by: Cllr. Aoife Brennan\n"
        "Seconded by: Cllr. Tadhg Roche\n"
        "AGREED\n\n"
        "BMD 15/25 Speed Limit Review\n"
        "That the draft Speed Limit Review be placed on public display.\n"
        "Proposed by: Cllr. Tadhg Roche\n"
        "Seconded by: Cllr. Nuala Keane\n"
        "A vote was taken. For: 6; Against: 3.\n"
        "CARRIED\n"
    )
    assert _read(text) == [
        ("agreed", "approved", None, "Cllr. Aoife Brennan", "Cllr. Tadhg Roche"),
        ("motion", "carried", (6, 3, None), "Cllr. Tadhg Roche", "Cllr. Nuala Keane"),
    ]


def test_a_motion_under_a_heading_that_names_its_member() -> None:
    agreed = (
        "BMD 18/25 Motion – Cllr. Nuala Keane\n"
        "That a bus shelter be provided at Main Street, Kilbrack.\n"
        "Seconded by: Cllr. Aoife Brennan\n"
        "AGREED\n"
    )
    assert _read(agreed) == [
        ("agreed", "approved", None, "Cllr. Nuala Keane", "Cllr. Aoife Brennan")
    ]
    fell = (
        "BMD 19/25 Motion – Cllr. Tadhg Roche\n"
        "That the library open on Sundays.\n"
        "No seconder. The motion fell.\n"
    )
    assert _read(fell) == [("motion", "lost", None, "Cllr. Tadhg Roche", None)]
    withdrawn = (
        "BMD 20/25 Motion – Cllr. Aoife Brennan\n"
        "That the car park charges be reviewed.\n"
        "Withdrawn by Cllr. Brennan.\n"
    )
    assert _read(withdrawn) == [("motion", "withdrawn", None, "Cllr. Aoife Brennan", None)]


def test_legistar_lists_after_the_result_that_announces_them() -> None:
    text = (
        "A motion was made by Council President Okonjo, seconded by Councilmember Reyes, that "
        "this Ordinance be Adopted. The motion carried by the following vote:\n\n"
        "Aye: 4 - Councilmember Reyes, Council President Okonjo, Councilmember Lutz and "
        "Councilmember Park\n"
        "Nay: 1 - Councilmember Vance\n\n"
        "25-0412    Resolution    A RESOLUTION naming the Riverside Trail\n\n"
        "A motion was made by Councilmember Park, seconded by Councilmember Lutz, that this "
        "Resolution be Adopted. The motion carried by the following vote:\n\n"
        "Aye: 5 - Councilmember Reyes, Council President Okonjo, Councilmember Lutz, "
        "Councilmember Park and Councilmember Vance\n\n"
        "25-0415    Report    Quarterly Budget Report\n\n"
        "A motion was made by Councilmember Vance, seconded by Councilmember Reyes, that this "
        "Report be Received and Filed. The motion carried by a voice vote.\n\n"
        "25-0419    Resolution    A RESOLUTION on parking fees\n\n"
        "This Resolution was Withdrawn.\n"
    )
    assert _read(text) == [
        ("motion", "carried", (4, 1, None), "Council President Okonjo", "Councilmember Reyes"),
        ("motion", "carried", (5, None, None), "Councilmember Park", "Councilmember Lutz"),
        ("motion", "noted", None, "Councilmember Vance", "Councilmember Reyes"),
        ("agreed", "withdrawn", None, None, None),
    ]
    first = extract_decisions(text)[0]
    assert first.result.names["against"] == ["Councilmember Vance"]


def test_a_recorded_vote_one_name_a_line_across_a_page_break() -> None:
    text = (
        "Moved by: Councillor Ashby\nSeconded by: Councillor Dhillon\n"
        "That the speed limit on Mill Road be reduced to 40 km/h.\n"
        "Recorded Vote:\n"
        "Yea: Councillor Dhillon\n\n"
        "Regular Council Meeting Minutes – May 5, 2025                         Page 4 of 6\n\n"
        "Yea: Councillor Ashby\n"
        "Nay: Mayor Quinlan\n"
        "Nay: Councillor Voss\n"
        "Nay: Councillor Oduya\n"
        "Defeated (2 to 3)\n"
    )
    assert _read(text) == [
        ("motion", "lost", (2, 3, None), "Councillor Ashby", "Councillor Dhillon")
    ]


def test_a_side_with_no_votes_stated_alone_on_its_line() -> None:
    text = (
        "Moved by: Councillor Ashby\nSeconded by: Councillor Voss\n"
        "That Council award the culvert contract to Northline Civil.\n"
        "Yeas (6): Mayor Quinlan, Councillor Ashby, Councillor Dhillon, Councillor Oduya, "
        "Councillor Pratt and Councillor Voss\n"
        "Nays (0)\n"
        "Motion Carried Unanimously (6 to 0)\n"
    )
    assert _read(text)[0][:3] == ("motion", "carried", (6, 0, None))
    abstained = (
        "The budget was put to a recorded vote:\n\n"
        "For (12): Councillors Allen, Baird, Cole, Dunn, Ellis, Ford, Gray, Hart, Innes, Joyce, "
        "Kerr and Lowe.\n\n"
        "Against (5): Councillors Moss, Nash, Owen, Pike and Quin.\n\n"
        "Abstain (0).\n\n"
        "The motion was CARRIED and it was\n\n"
        "RESOLVED – That the revenue budget for 2026/27 be approved.\n"
    )
    assert [row[:3] for row in _read(abstained)] == [("resolved", "carried", (12, 5, 0))]


def test_a_two_column_table_of_minutes_reads_its_right_hand_column() -> None:
    text = (
        "No.   Item                           Discussion and decision\n"
        "12    Internal Audit Progress        Two limited assurance reports were presented.\n"
        "                                     The Head of Audit will report again in May.\n\n"
        "                                     Noted.\n\n"
        "13    Risk Management Strategy       AGREED that the revised Risk Management\n"
        "                                     Strategy be recommended to Cabinet.\n\n"
        "14    Annual Governance Statement    Deferred to the June meeting so that the\n"
        "                                     outcome of the review can be included.\n"
    )
    blanked = blank_side_column(text)
    assert len(blanked) == len(text)  # (offsets hold)
    assert "Risk Management Strategy       AGREED" not in blanked
    assert [row[:2] for row in _read(text)] == [
        ("noted", "noted"),
        ("agreed", "approved"),
        ("agreed", "deferred"),
    ]
    # a table of votes has columns too: its names are not an item's cells
    votes = "FOR (2)                   AGAINST (1)\nCllr. Brady               Cllr. Bohan\n"
    assert blank_side_column(votes) == votes


def test_a_division_that_names_each_sides_members_and_its_abstention() -> None:
    text = (
        "Councillor Abbot, seconded by Councillor Dow, moved that the application be granted.\n\n"
        "Councillor Reid, seconded by Councillor Shaw, moved as an amendment that the "
        "application be refused.\n\n"
        "On a division, there voted for the motion 4 (Councillors Abbot, Dow, Ewing and Fyfe) "
        "and for the amendment 4 (Councillors Reid, Shaw, Tait and Urie), and there was 1 "
        "abstention. There being an equality of votes, the Convener gave her casting vote for "
        "the motion, which was accordingly carried.\n"
    )
    amendment = extract_decisions(text)[1]
    assert (amendment.kind, amendment.outcome, amendment.result.votes) == (
        "amendment",
        "lost",
        (4, 4, 1),
    )


def test_a_motion_recorded_by_the_block_whose_heading_holds_the_vote() -> None:
    text = (
        "Councillor Ibbotson then moved, and Councillor Jarrow seconded, that no further "
        "action be taken.\n\n"
        "RESOLVED (For 6, Against 2, Abstentions 1): That the Committee take no further action "
        "on the call-in.\n"
    )
    assert _read(text) == [
        ("resolved", "carried", (6, 2, 1), "Councillor Ibbotson", "Councillor Jarrow")
    ]
    text = (
        "It was then proposed by Councillor Kemp and seconded by Councillor Lyle that the "
        "officer recommendation be agreed. Upon a vote being taken, 9 members had voted in "
        "favour and 3 against, and it was\n\n"
        "RESOLVED – That planning permission be GRANTED subject to conditions.\n"
    )
    assert _read(text) == [
        ("resolved", "carried", (9, 3, None), "Councillor Kemp", "Councillor Lyle")
    ]


def test_a_block_repeated_under_decision_and_minutes_takes_the_debates_movers() -> None:
    text = (
        "Decision:\n\n"
        "RESOLVED: That the Housing Allocations Policy 2026 be adopted.\n\n"
        "Minutes:\n\n"
        "Councillor Mistry moved and Councillor Noor seconded the recommendation of Cabinet.\n\n"
        "The recommendation was put to the vote and was CARRIED (For 30, Against 6).\n\n"
        "RESOLVED: That the Housing Allocations Policy 2026 be adopted.\n"
    )
    assert _read(text) == [
        ("resolved", "carried", (30, 6, None), "Councillor Mistry", "Councillor Noor")
    ]


def test_the_original_motion_with_its_movers_then_agreed() -> None:
    text = (
        "Motion in the name of Cllr. Siobhán Dwyer:\n"
        '"That the Council calls on the Government to fund school meals for all pupils."\n'
        "Amendment proposed by Cllr. Liam Foley, seconded by Cllr. Ger Hynes: to delete "
        '"all pupils" and insert "primary pupils".\n'
        "On a show of hands the amendment was defeated, 9 votes in favour and 18 against.\n"
        "The original motion, proposed by Cllr. Siobhán Dwyer and seconded by Cllr. Pat Mulcahy, "
        "was then agreed.\n"
    )
    assert _read(text) == [
        ("agreed", "approved", None, "Cllr. Siobhán Dwyer", "Cllr. Pat Mulcahy"),
        ("amendment", "lost", (9, 18, None), "Cllr. Liam Foley", "Cllr. Ger Hynes"),
    ]


def test_a_referral_of_a_proposal_is_the_decision_not_the_proposal() -> None:
    text = (
        "Cllr. Ruairí Kinsella proposed that the Town Park be renamed Páirc an Bhaile. "
        "Following discussion it was agreed to refer the motion to the Community SPC.\n"
    )
    assert _read(text) == [("agreed", "approved", None, None, None)]


def test_plain_words_that_note_defer_or_withdraw() -> None:
    assert [row[1] for row in _read("The Council agreed to note the report.\n")] == ["noted"]
    assert [row[1] for row in _read("Clerk's report noted.\n")] == ["noted"]
    text = "The Board agreed to the agent's request that the application be withdrawn.\n"
    assert [row[1] for row in _read(text)] == ["withdrawn"]
    text = "The Board agreed to adjourn consideration of the application to its May meeting.\n"
    assert [row[1] for row in _read(text)] == ["deferred"]
    text = (
        "The Committee agreed that the application be re-advertised and reported to a future "
        "meeting.\n"
    )
    assert [row[1] for row in _read(text)] == ["deferred"]
    text = "The motion submitted by Councillor Pryce was deferred to the next meeting.\n"
    assert [row[1] for row in _read(text)] == ["deferred"]
    text = (
        "Moved by: Councillor Ames\nSeconded by: Councillor Bell\n"
        "That Report FS-25-11 regarding tax write-offs totalling $9,310.22 be received for "
        "information.\nCarried\n"
    )
    assert [row[1] for row in _read(text)] == ["noted"]


def test_a_recommendation_names_the_whole_body_it_goes_to() -> None:
    found = extract_decisions(
        "RECOMMENDED to the Full Council that the Part 8 scheme proceed as modified.\n"
    )
    assert [(d.kind, d.to_body) for d in found] == [("recommended", "Full Council")]


def test_a_result_after_names_lists_closes_the_amendment_they_listed() -> None:
    text = (
        "Moved by Councillor Ames\nSeconded by Councillor Bell\n\n"
        "That the skate park be built at Mill Park.\n\n"
        "Amendment:\nMoved by Councillor Cole\nSeconded by Councillor Dale\n\n"
        'That the motion be amended by replacing "Mill Park" with "Shore Park".\n\n'
        "Yeas (4): Councillor Ames, Councillor Cole, Councillor Dale, and Councillor Eke\n"
        "Nays (3): Mayor Fox, Councillor Bell, and Councillor Gil\n\n"
        "Carried (4 to 3)\n\n"
        "Main Motion as Amended:\nMoved by Councillor Ames\nSeconded by Councillor Bell\n\n"
        "That the skate park be built at Shore Park.\n\n"
        "Carried (6 to 1)\n"
    )
    assert [row[:3] for row in _read(text)] == [
        ("amendment", "carried", (4, 3, None)),
        ("motion", "carried", (6, 1, None)),
    ]


def test_a_motion_under_a_referenced_heading_in_capitals() -> None:
    text = (
        "MM/25/031 MOTION - CLLR. NIAMH DEVLIN\n"
        '"That this Council extends the beach lifeguard service to September."\n'
        "The motion was proposed by Cllr. Niamh Devlin and seconded by Cllr. Colm Reddy. "
        "The Director of Services replied that the cost would be €42,000.\n"
        "The motion was AGREED unanimously.\n"
    )
    assert _read(text) == [("agreed", "carried", None, "Cllr. Niamh Devlin", "Cllr. Colm Reddy")]


def test_counts_having_voted_for_each_side_and_unanimous_result_lines() -> None:
    text = (
        "Councillor Bain, seconded by Councillor Cree, moved that the report be approved.\n"
        "Councillor Dale, seconded by Councillor Esk, moved as an amendment that the sum be "
        "increased to £40,000.\n"
        "5 members having voted for the amendment and 8 members for the motion, the motion was "
        "accordingly declared carried.\n"
    )
    assert [row[:3] for row in _read(text)] == [
        ("motion", "carried", (8, 5, None)),
        ("amendment", "lost", (5, 8, None)),
    ]
    text = (
        "Moved by: Councillor Ashby\nSeconded by: Councillor Voss\n"
        "That the 2026 fleet purchases be approved.\n"
        "Motion Carried Unanimously (7 to 0)\n"
    )
    assert _read(text)[0][:3] == ("motion", "carried", (7, 0, None))


def test_a_table_whose_head_names_its_decision_proposer_seconder_and_vote_columns() -> None:
    text = (
        "The applications were determined as follows:\n\n"
        "Application\tSite and proposal\tDecision\tProposer\tSeconder\tVote (F-A-Ab)\n"
        "NP/25/0101\tHigh Barn – conversion to a dwelling\tApproved subject to conditions\t"
        "Cllr Ashe\tMr Birch\t8-1-0\n"
        "NP/25/0107\tQuarry Lane – extended hours\tRefused for the reasons in the report\t"
        "Mrs Cole\tCllr Dunn\t5-4-1\n"
        "NP/25/0110\tMill Cottage – new windows\tApproved as recommended\tMr Birch\tCllr Eyre\t"
        "Unanimous\n"
    )
    assert _read(text) == [
        ("agreed", "carried", (8, 1, 0), "Cllr Ashe", "Mr Birch"),
        ("agreed", "carried", (5, 4, 1), "Mrs Cole", "Cllr Dunn"),
        ("agreed", "carried", None, "Mr Birch", "Cllr Eyre"),
    ]
    head = "Application\tSite and proposal\tDecision\tProposer\tSeconder\tVote (F-A-Ab)"
    assert _columns(head) == {"decision": 2, "mover": 3, "seconder": 4, "vote": 5}
    # (a form's line that names a proposer and a seconder is no table head)
    assert _columns("Proposed: Cllr Ashe   Seconded: Cllr Dunn   Decision: agreed") is None


def test_receiving_a_report_or_a_delegation_for_information_notes_it() -> None:
    text = (
        "Moved by: Councillor Ames\nSeconded by: Councillor Bell\n"
        "That Council receive Report FS-25-04, Fire Master Plan Update, for information.\n"
        "Carried\n"
    )
    assert [row[:2] for row in _read(text)] == [("motion", "noted")]


def test_a_forms_mover_line_stands_apart_from_the_heading_and_the_decision() -> None:
    text = (
        "1.\r\nConfirmation of Minutes\r\nProposed: Cllr. Hogan     Seconded: Cllr. Brophy\r\n"
        "The minutes of the meeting held on 11th March 2025 were confirmed.\r\n"
    )
    assert _read(text) == [("agreed", "approved", None, "Cllr. Hogan", "Cllr. Brophy")]
    agreed = (
        "The minutes of the meeting held on 4th March 2025 were adopted.\n\n"
        "Proposed by:      Cllr. Hogan          Seconded by:      Cllr. Brophy\n"
        "Agreed.\n"
    )
    assert _read(agreed) == [("agreed", "approved", None, "Cllr. Hogan", "Cllr. Brophy")]


def test_a_plan_agreed_by_general_assent_and_sent_on() -> None:
    text = (
        "The Better Care Fund Plan 2025-26 was agreed by general assent and confirmed for "
        "submission to NHS England.\n"
    )
    assert [row[:2] for row in _read(text)] == [("agreed", "approved")]


def test_a_mover_supported_by_a_seconder_and_an_amendment_given_notice_of() -> None:
    text = (
        "The Leader of the Council, Councillor Okafor, supported by the Deputy Leader, "
        "Councillor\nBryce, proposed the recommendations set out in the report.\n\n"
        "Amendment 1\n\n"
        "The Leader of the Opposition, Councillor Dale, supported by Councillor Eames,\n"
        "proposed the following amendment: that the rise in car park charges be reversed.\n\n"
        "In accordance with Council Rule 12.6, a recorded vote on the amendment was taken:\n\n"
        "For: Councillors Dale, Eames and Ford (3)\n\n"
        "Against: Councillors Bryce, Gale, Hill, Okafor and Ives (5)\n\n"
        "There being 3 votes for and 5 against, the amendment was lost.\n\n"
        "Amendment 2\n\n"
        "Councillor Eames had given notice of an amendment to keep the libraries open on "
        "Sundays. Before the debate, Councillor Eames advised that the amendment was withdrawn.\n\n"
        "There being 5 votes for and 3 against, the substantive motion was carried.\n\n"
        "Decision:\n\n"
        "The Council approved the revenue budget for 2025/26 as recommended by the Cabinet.\n"
    )
    assert _read(text) == [
        ("amendment", "lost", (3, 5, None), "Councillor Dale", "Councillor Eames"),
        ("amendment", "withdrawn", None, "Councillor Eames", None),
        ("agreed", "carried", (5, 3, None), "Councillor Okafor", "Councillor Bryce"),
    ]
