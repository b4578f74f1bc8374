"""Results and decisions said in words the register first missed on unseen minutes: a Scottish
roll call a side a line, a result in capitals alone on its line with no stop, a tie or a show of
hands before the counts, "For refusal - 5", "resolved, by a majority,", a body that notes and
approves in one sentence, a list headed by a body of several words, and an item or an
appointment withdrawn or deferred in plain words. Each fails without its change."""

from __future__ import annotations

from ingest.decisions import extract_decisions
from ingest.parsers.minutes import split_minutes
from tests.test_decision_formats import _read


def test_a_roll_call_a_side_a_line_decides_the_motion_and_its_amendment() -> None:
    text = (
        "7. PREMISES LICENCE – THE ANCHOR, HARBOUR ROW\n\n"
        "Councillor Imrie, seconded by Councillor Lyall, moved that the variation be refused.\n\n"
        "Councillor Baird, seconded by Councillor Orr, moved as an amendment that the variation "
        "be granted subject to a terminal hour of 11.00 pm.\n\n"
        "On a division, there voted:\n\n"
        "Motion (5) – Councillors Imrie, Kerr, Lyall, Munro and Souter.\n"
        "Amendment (2) – Councillors Baird and Orr.\n\n"
        "The motion was accordingly carried.\n\n"
        "Decision\n\n"
        "The Board agreed to refuse the variation.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.result.votes) for d in found] == [
        ("amendment", "lost", (2, 5, None)),
        ("agreed", "carried", (5, 2, None)),
    ]
    assert found[1].result.names == {
        "for": ["Imrie", "Kerr", "Lyall", "Munro", "Souter"],
        "against": ["Baird", "Orr"],
    }


def test_a_result_in_capitals_alone_on_its_line_ends_its_sentence() -> None:
    text = (
        "8.3 Library Hours\n"
        "Moved by: Councillor Pryce          Seconded by: Councillor Aubin\n"
        "THAT Council extend Saturday opening at the Main Branch to 5:00 p.m.\n"
        "DEFEATED\n"
        "8.4 Arena Grant\n"
        "Moved by: Councillor Aubin          Seconded by: Councillor Pryce\n"
        "THAT Council provide a grant of $1,200 to the Minor Hockey Association.\n"
        "WITHDRAWN\n"
        "The Treasurer advised that the Association had not yet applied.\n"
    )
    assert _read(text) == [
        ("motion", "lost", None, "Councillor Pryce", "Councillor Aubin"),
        ("motion", "withdrawn", None, "Councillor Aubin", "Councillor Pryce"),
    ]


def test_a_bare_result_line_after_the_lists_closes_the_vote_they_list() -> None:
    # (a "DEFEATED" line once closed the main motion: the amendment's outcome was only
    # guessed from its lists' counts, so the stated one went to the motion still open)
    text = (
        "6.1 Growth Targets (Report P-26-07)\nResolution No. COW-26-041\n"
        "Moved By Councillor Varga\nSeconded By Councillor Lindqvist\n"
        "THAT the Committee of the Whole recommend to Council that the growth targets in "
        "Report P-26-07 be endorsed.\n\n"
        "Amendment\nResolution No. COW-26-042\n"
        "Moved By Councillor Osei\nSeconded By Councillor Tran\n"
        'THAT the motion be amended by adding: "and that the target for Ward 4 be halved."\n'
        "Recorded Vote:\n"
        "For (2): Councillor Osei, Councillor Tran\n"
        "Against (6): Councillor Varga, Councillor Lindqvist, Councillor Moreau, "
        "Councillor Abbott, Councillor Ng, Councillor Pike\n"
        "DEFEATED\n\n"
        "Main Motion: CARRIED\n"
    )
    assert [(d.kind, d.outcome, d.result.votes) for d in extract_decisions(text)] == [
        ("motion", "carried", None),
        ("amendment", "lost", (2, 6, None)),
    ]


def test_counts_after_a_tie_or_a_show_of_hands_and_for_a_named_side() -> None:
    tie = (
        "Moved by: Councillor Fenn\nSeconded by: Councillor Dacosta\n"
        'That the motion be amended to replace "five storeys" with "three storeys".\n'
        "Lost on a tie vote (4 to 4)\n"
    )
    assert _read(tie) == [
        ("amendment", "lost", (4, 4, None), "Councillor Fenn", "Councillor Dacosta")
    ]
    named_side = (
        "Councillor Hurst moved refusal on the grounds of harm to highway safety, and "
        "Councillor Penn seconded. On a division there voted: For refusal - 6; Against - 3.\n\n"
        "RESOLVED - That, contrary to the officer recommendation, planning permission be "
        "REFUSED for the reason set out above.\n"
    )
    assert [(d.kind, d.outcome, d.result.votes) for d in extract_decisions(named_side)] == [
        ("resolved", "carried", (6, 3, None))
    ]


def test_resolved_by_a_majority_between_commas_is_a_vote_carried() -> None:
    text = (
        "2026/88 Precept 2027/28\n"
        "The Clerk presented the draft budget. It was resolved, by a majority, to refer the "
        "draft budget to the Finance Committee for further work.\n"
    )
    assert _read(text) == [("resolved", "carried", None, None, None)]


def test_putting_business_off_in_other_words_defers_it() -> None:
    council = (
        "Moved by: Councillor Gendreau          Seconded by: Councillor Hall\n"
        "THAT Council defer consideration of Site Plan SP-04-26 until the traffic study is "
        "received.\nCARRIED\n"
    )
    assert [d.outcome for d in extract_decisions(council)] == ["deferred"]
    board = "Decision\n\nThe Board agreed to continue the hearing to its meeting on 4 May 2026.\n"
    assert [d.outcome for d in extract_decisions(board)] == ["deferred"]
    parish = (
        "Grants were awarded to the Bowls Club (£300) and the Scouts (£250). An application "
        "from the Gala Committee was deferred until its accounts have been provided.\n"
    )
    assert ("agreed", "deferred") in [(d.kind, d.outcome) for d in extract_decisions(parish)]


def test_an_item_or_an_appointment_withdrawn_in_plain_words() -> None:
    callin = (
        "The Chair reported that the signatories had withdrawn their call-in on 3 June. "
        "This item was therefore withdrawn from the agenda.\n"
    )
    assert [(d.kind, d.outcome) for d in extract_decisions(callin)] == [("agreed", "withdrawn")]
    legistar = (
        "26-0512    Appointment: Library Board, District 2\nThis Appointment was Withdrawn.\n"
    )
    assert [(d.kind, d.outcome) for d in extract_decisions(legistar)] == [("agreed", "withdrawn")]
    # (a recommendation withdrawn before the motion is no result of that motion)
    before = (
        "Recommendation 3 was then withdrawn by Councillor Ash.\n\n"
        "It was moved by Councillor Bell and seconded by Councillor Cole that the remaining "
        "recommendations be endorsed.\n\nRESOLVED – That the remaining recommendations be "
        "endorsed.\n"
    )
    assert "withdrawn" not in [d.outcome for d in extract_decisions(before)]


def test_a_body_that_notes_one_thing_and_approves_another_agrees() -> None:
    text = (
        "Decision: The Combined Authority noted the allocation of £41.7m and approved the "
        "delivery plan at Appendix C.\n\n"
        "The Combined Authority received the recommendations of the Scrutiny Committee and "
        "agreed to respond within 28 days.\n\n"
        "The Board agreed (a) to approve the draft policy; and (b) to consult on it for twelve "
        "weeks.\n"
    )
    assert [(d.kind, d.outcome) for d in extract_decisions(text)] == [("agreed", "approved")] * 3


def test_a_list_headed_by_a_body_of_several_words() -> None:
    text = (
        "Decision: The Fire Authority:\n"
        "(i) approved the Community Risk Management Plan 2026–2030;\n"
        "(ii) approved the closure of the Eastgate training centre; and\n"
        "(iii) delegated authority to the Chief Fire Officer to agree the final timetable.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome) for d in found] == [("agreed", "approved")]
    assert text[found[0].start : found[0].end].rstrip().endswith("final timetable.")


def test_minute_numbers_with_an_ampersand_or_the_year_in_full() -> None:
    scrutiny = (
        "O&S/21 MINUTES\n\nThe minutes of the meeting held on 2 March were agreed.\n\n"
        "O&S/22 CALL-IN: LEISURE CENTRE CHARGES\n\nThe Committee considered the call-in.\n\n"
        "O&S/23 WORK PROGRAMME\n\nThe Committee agreed its work programme.\n"
    )
    assert [s.item.item_number for s in split_minutes(scrutiny)] == ["O&S/21", "O&S/22", "O&S/23"]
    city = (
        "CC/2026/140   MINUTES\n\nThe minutes were confirmed.\n\n"
        "CC/2026/141   LOCAL PROPERTY TAX\n\nThe Members considered the report.\n\n"
        "CC/2026/142   CORRESPONDENCE\n\nThe correspondence was noted.\n"
    )
    assert [s.item.item_number for s in split_minutes(city)] == [
        "CC/2026/140",
        "CC/2026/141",
        "CC/2026/142",
    ]


def test_it_was_further_agreed_is_a_decision_besides_the_motion() -> None:
    text = (
        "Cllr. Doyle proposed that the Committee write to the Minister seeking an increase in "
        "the Vacant Property Grant. This was seconded by Mr. Tiernan. A vote was taken: 7 in "
        "favour, 3 against. The proposal was carried.\n\n"
        "It was further agreed to invite the Vacant Homes Officer to the next meeting.\n"
    )
    assert _read(text) == [
        ("motion", "carried", (7, 3, None), "Cllr. Doyle", "Mr. Tiernan"),
        ("agreed", "approved", None, None, None),
    ]


def test_a_table_of_marks_under_heads_after_a_names_column_with_its_totals() -> None:
    table = (
        "Moved by Councillor Quarmby, seconded by Councillor Royce, that the recommendations "
        "be approved. A recorded vote was taken:\n\n"
        "   Member                   For     Against   Abstain\n"
        "   Cllr L. Quarmby           X\n"
        "   Cllr M. Royce             X\n"
        "   Cllr N. Sowerby                     X\n"
        "   Cllr P. Thwaite           X\n"
        "   Cllr R. Umpleby                               X\n"
        "   Total                     3         1         1\n\n"
        "RESOLVED that the budget for 2026/27 be approved.\n"
    )
    found = extract_decisions(table)
    assert [(d.kind, d.outcome, d.result.votes, d.mover) for d in found] == [
        ("resolved", "carried", (3, 1, 1), "Councillor Quarmby")
    ]
    assert found[0].result.names["against"] == ["Cllr N. Sowerby"]
    # marks whose count the Totals row contradicts are no reading of the table
    wrong = table.replace("3         1         1", "2         2         1")
    unread = [d.result.votes for d in extract_decisions(wrong)]
    assert unread and set(unread) == {None}
    headed = (
        "Moved by: Councillor Ouimet         Seconded by: Councillor Gagne\n"
        "THAT Council award Tender 2026-07 to Northway Ltd.\n\n"
        "Recorded Vote                 For      Against\n"
        "Mayor Belanger                 X\n"
        "Councillor Gagne               X\n"
        "Councillor Lavoie                        X\n"
        "Councillor Ouimet              X\n"
        "CARRIED (3-1)\n"
    )
    assert [d.result.names for d in extract_decisions(headed)] == [
        {
            "for": ["Mayor Belanger", "Councillor Gagne", "Councillor Ouimet"],
            "against": ["Councillor Lavoie"],
        }
    ]


def test_a_legistar_list_ends_at_the_next_labelled_line() -> None:
    text = (
        "A motion was made by Commissioner Lowe, seconded by Commissioner Park, that this "
        "Ordinance be Adopted. The motion carried by the following vote:\n"
        "Aye: 4 - Chair Munoz, Commissioner Lowe, Commissioner Park and Commissioner Reyes\n"
        "Nay: 2 - Commissioner Soto and Commissioner Tan\n"
        "Enactment No: ORD-2026-19\n"
    )
    found = extract_decisions(text)
    assert found[0].result.names["against"] == ["Commissioner Soto", "Commissioner Tan"]


def test_a_motion_agreed_with_a_clause_between_its_subject_and_verb() -> None:
    text = (
        "Motion No. 4 – Cllr. Egan\n"
        "Proposed by Cllr. Egan, seconded by Cllr. Foley:\n"
        '"That Objective TR 3 be amended to include a greenway to Ballyvor."\n'
        "Chief Executive's Recommendation: Make the amendment.\n"
        "The motion, incorporating the Chief Executive's wording, was agreed.\n"
    )
    assert _read(text) == [("agreed", "approved", None, "Cllr. Egan", "Cllr. Foley")]


def test_noted_and_agreed_that_something_be_done_is_an_agreement() -> None:
    text = (
        "The Committee noted the report and agreed that the Head of Audit circulate a briefing "
        "on the two cases.\n\n"
        "The Panel noted the update and agreed that it had been a useful exercise.\n"
    )
    assert [(d.kind, d.outcome) for d in extract_decisions(text)] == [
        ("agreed", "approved"),
        ("noted", "noted"),
    ]


def test_unanimously_approved_by_the_members_is_carried() -> None:
    text = (
        "Following a report from the Director of Services, the Members unanimously approved "
        "the naming of the new footbridge."
    )
    assert [d.outcome for d in extract_decisions(text)] == ["carried"]


def test_hearings_and_meetings_put_off_to_a_named_day() -> None:
    text = (
        "Decision\n\nThe Board agreed to continue the review hearing to its meeting on 9 June.\n\n"
        "At 1.15 p.m. it was agreed to adjourn the meeting to Thursday 11th September 2025 at "
        "10.00 a.m.\n"
    )
    assert [d.outcome for d in extract_decisions(text)] == ["deferred", "deferred"]


def test_an_item_withdrawn_for_a_reason_that_had_been_met() -> None:
    text = (
        "Item LSC/12/25 was withdrawn from the agenda as all representations had been withdrawn.\n"
    )
    assert [(d.kind, d.outcome) for d in extract_decisions(text)] == [("agreed", "withdrawn")]


def test_passive_approvals_of_the_agenda_notes_and_programme() -> None:
    for sentence in (
        "The work programme was approved as submitted.",
        "The agenda was approved by consensus, with the addition of item 7.2.",
        "The notes of the meeting held on 3 March 2025 were agreed as accurate.",
        "The minutes of the meeting held on 9 May 2025 were received and confirmed as\n"
        "a true record.",
    ):
        assert [(d.kind, d.outcome) for d in extract_decisions(sentence)] == [
            ("agreed", "approved")
        ], sentence


def test_moved_and_seconded_in_capitals_and_resolved_accordingly() -> None:
    text = (
        "Ms Hart, Associate Director, NHS Kernow, explained that NHS Kernow proposed to close "
        "the two units at 6pm from April 2025.\n\n"
        "Councillor Pascoe MOVED and Councillor Trebilcock SECONDED that a Spotlight Review be "
        "established to examine the proposed changes.\n\n"
        "On being put to the vote the motion was CARRIED (8 votes to 4).\n\n"
        "RESOLVED accordingly.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.result.votes, d.mover, d.seconder) for d in found] == [
        ("resolved", "carried", (8, 4, None), "Councillor Pascoe", "Councillor Trebilcock")
    ]
    # (the block that only points back takes the words of the motion it records)
    assert text[found[0].start : found[0].end].startswith("that a Spotlight Review be")


def test_a_vote_that_defers_the_item_is_the_vote_on_the_motion_to_defer() -> None:
    text = (
        "Cllr. Nolan proposed that consideration of the draft plan be deferred to the next "
        "meeting. This was seconded by Mr. Hayes. On a show of hands, 6 voted in favour and 2 "
        "against, and the item was deferred.\n"
    )
    assert _read(text) == [("motion", "deferred", (6, 2, None), "Cllr. Nolan", "Mr. Hayes")]


def test_a_motion_named_by_its_noun() -> None:
    text = (
        "Cllr. Furey proposed the suspension of Standing Orders to allow discussion of the "
        "closure of Ballyglass Garda Station. This was seconded by Cllr. Kirwan. On a show of "
        "hands, the proposal was defeated.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.mover) for d in found] == [("motion", "lost", "Cllr. Furey")]
    assert text[found[0].start :].startswith("the suspension of Standing Orders")


def test_received_and_noted_and_other_plain_statements() -> None:
    cases = {
        "The Committee RECEIVED and NOTED the internal audit progress report.": ("noted", "noted"),
        "As Cllr. Dunne had left the meeting, it was agreed to defer Motion No. 4 to the "
        "January meeting.": ("agreed", "deferred"),
        "The Committee resolved under Section 50A(4) of the Local Government (Scotland) Act "
        "1973 to exclude the press and public for the following item.": ("resolved", "approved"),
        "Gateway 2 approval for the Riverside Quarter scheme was deferred at the request of "
        "the district council.": ("agreed", "deferred"),
    }
    for text, expected in cases.items():
        assert [(d.kind, d.outcome) for d in extract_decisions(text)] == [expected], text
    # (but "had previously agreed" is still what another meeting did)
    assert extract_decisions("The Council had previously agreed to defer the item.") == []


def test_an_nsw_resolution_names_its_mover_and_seconder_in_brackets() -> None:
    text = (
        "RESOLVED (Cr Abbott/Cr Pham) 26/412\n"
        "That the minutes of the Ordinary Meeting of Council held on 18 November 2026 be "
        "confirmed as a true and accurate record.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.mover, d.seconder) for d in found] == [("resolved", "Cr Abbott", "Cr Pham")]
    assert text[found[0].start :].startswith("That the minutes")


def test_a_welsh_county_borough_councillor_is_one_title() -> None:
    text = (
        "County Borough Councillor B. Hughes moved an amendment that the Council Tax increase "
        "be limited to 3.9 per cent. The amendment was seconded by County Borough Councillor A.\n"
        "Pritchard, who said that households could not afford more.\n"
    )
    assert [(d.mover, d.seconder) for d in extract_decisions(text)] == [
        ("County Borough Councillor B. Hughes", "County Borough Councillor A. Pritchard")
    ]


def test_the_date_of_the_next_meeting_is_no_decision() -> None:
    text = (
        "It was agreed that the next meeting would take place on Tuesday 10th November 2026.\n\n"
        "RESOLVED that the next meeting of the Committee be held on Friday 15 March 2024.\n\n"
        "It was agreed that the next meeting's agenda include the budget.\n"
    )
    assert [text[d.start : d.end][:25] for d in extract_decisions(text)] == [
        "that the next meeting's a"
    ]


def test_a_motion_agreed_in_its_own_sentence_leaves_the_vote_to_the_resolution() -> None:
    text = (
        "At 8.05 p.m. Councillor Judd moved that the meeting be adjourned for ten minutes; this "
        "was agreed.\n\n"
        "On the meeting resuming, the substantive motion was put to a recorded vote: For 18, "
        "Against 11, Abstentions 1.\n\n"
        "RESOLVED – That the General Fund revenue budget for 2026/27 be approved.\n"
    )
    assert _read(text) == [
        ("agreed", "approved", None, "Councillor Judd", None),
        ("resolved", "carried", (18, 11, 1), None, None),
    ]


def test_a_quotation_that_ends_with_an_initial_ends_its_sentence() -> None:
    text = (
        "It was proposed by Cllr. Coughlan, seconded by Cllr. Tobin:\n"
        '"That the Council makes Variation No. 3 with the alteration set out in Appendix A."\n'
        "Cllr. Riordan, seconded by Cllr. Furey, proposed an amendment to omit the lands at "
        "Knockrea. Following a vote (For 10, Against 21) the amendment fell.\n"
    )
    assert [(d.kind, d.mover, d.result.votes) for d in extract_decisions(text)] == [
        ("motion", "Cllr. Coughlan", None),
        ("amendment", "Cllr. Riordan", (10, 21, None)),
    ]
