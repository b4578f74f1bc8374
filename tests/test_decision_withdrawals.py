"""Motions withdrawn under their heading, Scottish motions quoted as the council's own words,
divisions counted side by side (and tied), alternative proposals, and the lists and names
around them."""

from __future__ import annotations

from ingest.decisions import extract_decisions
from ingest.decisions.names import read_name, read_name_list
from tests.test_decision_formats import _read
from tests.test_decision_notices import _read_items


def test_a_numbered_motion_heading_names_the_member_who_then_withdraws_it() -> None:
    text = (
        "9. Motion No. 7 – Cllr. Ní Fhlannagáin\n"
        '"That the District install a bus shelter at Cnoc na Rí."\n'
        "The Area Engineer agreed to fund the shelter from the 2026 minor works budget. "
        "Cllr. Ní Fhlannagáin then withdrew the motion before it was seconded.\n\n"
        "10. Correspondence\n"
        "The letter from the National Transport Authority was noted.\n"
    )
    assert _read_items(text) == [
        ("9", ("motion", "withdrawn", None, "Cllr. Ní Fhlannagáin", None)),
        ("10", ("noted", "noted", None, None, None)),
    ]


def test_a_single_quoted_notice_of_motion_in_capitals_withdrawn_with_consent() -> None:
    text = (
        "31.  NOTICE OF MOTION – COUNCILLOR ASHWORTH – PUBLIC TOILETS\n\n"
        "'That this Council asks the Cabinet to reopen the public toilets in Market Square.'\n\n"
        "With the consent of the Council, Councillor Ashworth withdrew the motion before it\n"
        "was seconded.\n"
    )
    rows = _read(text)
    assert [r[:3] for r in rows] == [("motion", "withdrawn", None)]
    assert str(rows[0][3]).lower() == "councillor ashworth"


def test_a_scottish_motion_quoted_as_the_council_s_words_and_its_division() -> None:
    text = (
        "6. MOTION – LOCAL BUS NETWORK\n"
        "Bailie Munro, seconded by Councillor Pryde, moved:-\n"
        '"Council agrees to establish a short-life working group on the local bus network."\n\n'
        "Councillor Soutar, seconded by Councillor Imrie, moved as an amendment:-\n"
        '"Council notes the Regional Transport Strategy and takes no further action."\n\n'
        "On a division, 14 members voted for the motion and 9 for the amendment.\n"
        "The motion was accordingly carried.\n"
    )
    assert _read(text) == [
        ("motion", "carried", (14, 9, None), "Bailie Munro", "Councillor Pryde"),
        ("amendment", "lost", (9, 14, None), "Councillor Soutar", "Councillor Imrie"),
    ]


def test_a_division_s_abstentions_count_for_both_sides() -> None:
    text = (
        "Councillor Hay, seconded by Councillor Muir, moved that the Council extend free "
        "school transport.\n\n"
        "Councillor Orr, seconded by Councillor Lang, moved as an amendment that the Council "
        "note the cost.\n\n"
        "On a division, 19 members voted for the motion and 14 for the amendment, with 2 "
        "abstentions.\n\nThe motion was accordingly carried.\n"
    )
    assert [r[:3] for r in _read(text)] == [
        ("motion", "carried", (19, 14, 2)),
        ("amendment", "lost", (14, 19, 2)),
    ]


def test_a_tied_division_settled_by_the_convener_s_casting_vote() -> None:
    text = (
        "Councillor Lyall, seconded by Councillor Gow, moved that the Committee approve the "
        "closure of the Kirkhill depot.\n\n"
        "Councillor Baird, seconded by Councillor Reid, moved as an amendment that the depot "
        "remain open until March 2027.\n\n"
        "On a division, 5 members voted for the motion and 5 for the amendment. There being an "
        "equality of votes, the Convener used his casting vote in favour of the motion, which "
        "was accordingly carried.\n"
    )
    assert _read(text) == [
        ("motion", "carried", (5, 5, None), "Councillor Lyall", "Councillor Gow"),
        ("amendment", "lost", (5, 5, None), "Councillor Baird", "Councillor Reid"),
    ]


def test_an_amendment_that_became_the_substantive_motion_keeps_its_own_vote() -> None:
    text = (
        "Cynigiwyd / Proposed:  Councillor Rhodri ap Gwilym\n"
        "Eiliwyd / Seconded:    Councillor Elen Morgan\n\n"
        "Councillor Hughes moved, and Councillor Pugh seconded, an amendment to replace "
        "'20mph' with '30mph'. Upon a vote being taken, the amendment was carried by 25 votes "
        "to 20 with 2 abstentions, and it became the substantive motion.\n\n"
        "The substantive motion was carried by 28 votes to 17 with 2 abstentions, and it was\n\n"
        "RESOLVED that the speed limit on the A4999 be reduced to 30mph.\n"
    )
    rows = _read(text)
    assert rows[0] == ("amendment", "carried", (25, 20, 2), "Councillor Hughes", "Councillor Pugh")
    assert rows[1][:4] == ("resolved", "carried", (28, 17, 2), "Councillor Rhodri ap Gwilym")


def test_a_decision_list_under_a_heading_and_a_decision_label() -> None:
    text = (
        "4. HOUSING REVENUE ACCOUNT CAPITAL PROGRAMME\n"
        "Decision: The Council agreed:-\n"
        "(a) to approve the revised programme as set out in Appendix 2;\n"
        "(b) to note the slippage of £1.3 million into 2026/27.\n"
    )
    rows = _read(text)
    assert [r[:2] for r in rows] == [("agreed", "approved")]


def test_an_appointment_agreed_in_the_subjunctive_but_not_a_view() -> None:
    assert _read(
        "The Council agreed that Councillor Dow replace Councillor Hay on the Audit Committee."
    ) == [("agreed", "approved", None, None, None)]
    assert (
        _read("The Committee agreed that the Council would continue to lobby the Minister.") == []
    )
    assert _read("Members agreed that more work needed to continue on the strategy.") == []


def test_a_motion_that_amends_the_work_programme_is_not_swallowed_by_it() -> None:
    text = (
        "Councillor Ferris proposed that the item on school transport be deferred to the July "
        "meeting; this was seconded by Councillor Lund and AGREED. The work programme, as "
        "amended, was AGREED.\n"
    )
    rows = _read(text)
    assert len(rows) == 2
    assert rows[0][1:4] == ("deferred", None, "Councillor Ferris")
    assert rows[1] == ("agreed", "approved", None, None, None)


def test_deferrals_named_by_a_motion_s_member_or_under_a_heading() -> None:
    assert _read(
        "Motion No. 9 in the name of Cllr. Ó Súilleabháin was deferred to the December meeting."
    ) == [("agreed", "deferred", None, None, None)]
    assert _read(
        "8. ANNUAL WORK PLAN\nConsideration of the annual work plan was deferred to the next "
        "meeting.\n"
    ) == [("agreed", "deferred", None, None, None)]
    assert _read("It was agreed that Motion No. 6 be held over to the March meeting.") == [
        ("agreed", "deferred", None, None, None)
    ]


def test_a_body_that_recommended_a_plan_to_the_full_council() -> None:
    found = extract_decisions(
        "The SPC recommended the draft Heritage Plan 2026–2030 to the full Council for adoption."
    )
    assert [(f.kind, f.outcome, f.to_body) for f in found] == [
        ("recommended", "approved", "full Council")
    ]
    assert extract_decisions("Officers recommended that the application be refused.") == []


def test_an_alternative_proposal_and_the_division_between_the_two() -> None:
    text = (
        "Cllr. Moran proposed that the grant go to the Cloonee playground. This was seconded "
        "by Cllr. Duffy. Cllr. Kenny proposed as an alternative that the grant go to the "
        "Rathbeg hall. This was seconded by Cllr. Walsh. The two proposals were put to the "
        "meeting:\nFor the original proposal: 5\nFor the alternative proposal: 2\n"
        "The Cathaoirleach declared the original proposal carried.\n"
    )
    assert _read(text) == [
        ("motion", "carried", (5, 2, None), "Cllr. Moran", "Cllr. Duffy"),
        ("amendment", "lost", (2, 5, None), "Cllr. Kenny", "Cllr. Walsh"),
    ]


def test_an_alternative_proposal_that_fell_when_the_first_was_carried() -> None:
    text = (
        "Cllr. Doyle proposed that the road be named 'Bóthar na Trá'. This was seconded by "
        "Cllr. Nolan.\nCllr. Carey proposed, as an alternative, that the road be named 'Slí an "
        "Chuain'. This was seconded by Cllr. Byrne.\nA roll call vote was taken on Cllr. Doyle's "
        "proposal:\nFor: Cllrs. Doyle, Nolan, Quinn, Ryan (4)\nAgainst: Cllrs. Byrne, Carey (2)\n"
        "Abstain: None\nThe Cathaoirleach declared the proposal carried and the alternative "
        "proposal fell.\n"
    )
    assert _read(text) == [
        ("motion", "carried", (4, 2, 0), "Cllr. Doyle", "Cllr. Nolan"),
        ("amendment", "lost", None, "Cllr. Carey", "Cllr. Byrne"),
    ]


def test_vote_lists_drop_group_titles_wherever_they_stand() -> None:
    assert read_name_list("- Provost Orr, Bailie Lamb, Councillors Adie, Bell and Craw") == [
        "Provost Orr",
        "Bailie Lamb",
        "Adie",
        "Bell",
        "Craw",
    ]
    assert read_name_list("Alderman Boyd Councillors Kerr, Shiels") == ["Boyd", "Kerr", "Shiels"]
    assert read_name_list("County Councillors Aspinall, Emlyn and Garnon") == [
        "Aspinall",
        "Emlyn",
        "Garnon",
    ]
    # titles written before each name, with no group title, stay
    assert read_name_list("Councillor Abbott, Councillor Chu") == [
        "Councillor Abbott",
        "Councillor Chu",
    ]


def test_a_welsh_name_with_its_particle_stops_before_the_next_line_s_label() -> None:
    text = "Proposed:  Councillor Siân ap Rhys\nEiliwyd / Seconded: Councillor Lloyd"
    name = read_name(text, text.index("Councillor"))
    assert name is not None and name[0] == "Councillor Siân ap Rhys"


def test_withdrawals_said_in_other_words_and_a_question_about_one() -> None:
    agreed_to = (
        "14. Notice of Motion – Cllr. Geraghty\n\n"
        '"That this Council resurfaces the Mill Lane car park in 2026."\n\n'
        "The motion was seconded by Cllr. Daly. The Director said the works were already "
        "programmed. Cllr. Geraghty agreed to withdraw the motion.\n"
    )
    assert [r[:3] for r in _read(agreed_to)] == [("motion", "withdrawn", None)]
    leave = (
        "Moved: Cr Ashby\nSeconded: Cr Vella\n"
        "That Council requests a report on shade sails at Pioneer Park.\n"
        "Cr Ashby sought and was granted leave of the meeting to withdraw the motion.\n"
    )
    assert _read(leave) == [("motion", "withdrawn", None, "Cr Ashby", "Cr Vella")]
    escribe = (
        "Moved by: Councillor Okafor\nSeconded by: Councillor Lemieux\n"
        "That staff report on a winter parking ban by 2027.\n"
        "Councillor Okafor noted that staff were already reviewing the by-law.\nWithdrawn\n"
    )
    assert _read(escribe) == [
        ("motion", "withdrawn", None, "Councillor Okafor", "Councillor Lemieux")
    ]
    asked = (
        "Moved by: Councillor Roy\nSeconded by: Councillor Tan\n"
        "That the arena grant request be referred to the 2027 budget.\n"
        "Councillor Ibe asked whether the motion could be withdrawn so that staff could report "
        "first. With the consent of the mover and seconder, the motion was withdrawn.\n"
    )
    assert _read(asked) == [("motion", "withdrawn", None, "Councillor Roy", "Councillor Tan")]


def test_a_motion_in_the_name_of_a_member_completed_by_its_proposer_line() -> None:
    text = (
        "5. Motions\n5.1 Motion in the name of Cllr. Síle Darcy\n"
        '"That the District requests a school warden at Scoil Bhríde, Ardmore."\n'
        "Proposed: Cllr. Síle Darcy\n"
        "No seconder was forthcoming and the motion fell.\n\n"
        "5.2 Motion in the name of Cllr. Tom Furlong\n"
        '"That the Members approve €3,000 towards the Ardmore festival."\n'
        "Proposed: Cllr. Tom Furlong     Seconded: Cllr. Ann Kehoe\nAgreed.\n"
    )
    assert _read(text) == [
        ("motion", "lost", None, "Cllr. Síle Darcy", None),
        ("agreed", "approved", None, "Cllr. Tom Furlong", "Cllr. Ann Kehoe"),
    ]


def test_a_motion_submitted_by_a_member_and_withdrawn_with_consent() -> None:
    text = (
        "71. MOTION ON NOTICE – LIBRARY HOURS\n\n"
        "The following motion had been submitted by Councillor Pemberton:\n\n"
        "“This Council calls on the Cabinet to restore Saturday opening at Eastfield Library.”\n\n"
        "Councillor Pemberton informed the Council that funding had been found and, with the "
        "consent of the Council, withdrew the motion.\n"
    )
    assert _read(text) == [("motion", "withdrawn", None, "Councillor Pemberton", None)]


def test_the_words_that_state_a_withdrawal_are_its_evidence() -> None:
    """ "… agreed to withdraw his motion … The motion was withdrawn.": the second states the
    outcome, and is what a short answer quotes."""
    text = (
        "4. Notice of Motion – Cllr. Hehir\n"
        '"That the District introduces 30 km/h limits outside all schools."\n'
        "Cllr. Hehir thanked the Engineer and, having regard to the county-wide review, agreed "
        "to withdraw his motion until the draft Bye-Laws were published. The motion was "
        "withdrawn.\n"
    )
    (found,) = extract_decisions(text)
    assert found.outcome == "withdrawn"
    a, b = found.evidence["outcome"]
    assert text[a:b] == "The motion was withdrawn."


def test_a_motion_whose_words_are_inside_the_sentence_that_reports_it() -> None:
    notice = (
        "C.88 NOTICE OF MOTION – LIBRARY HOURS\n\n"
        "Councillor Quinlan had given notice of a motion that this Council calls on the "
        "Education Authority to keep Carrow library open on Saturdays. Having been told that "
        "the Authority had changed its plans, Councillor Quinlan withdrew the motion.\n"
    )
    assert _read(notice) == [("motion", "withdrawn", None, "Councillor Quinlan", None)]
    inside = (
        "43. NOTICE OF MOTION – Councillor Oduya – Evening Parking\n\n"
        "Before the motion was seconded, Councillor Oduya informed the Council that the "
        "Cabinet would review the charges and, with the consent of the Council, withdrew his "
        "motion that this Council abolishes evening parking charges from 1 April 2026.\n"
    )
    (found,) = extract_decisions(inside)
    assert (found.kind, found.outcome, found.mover) == ("motion", "withdrawn", "Councillor Oduya")
    assert inside[found.start : found.end].startswith("that this Council abolishes")
