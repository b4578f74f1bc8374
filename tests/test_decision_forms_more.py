"""Decisions written in forms the register missed on unseen minutes (twelfth session): a
hanging-indent PDF layout with a two-line proposer form, a body's recommendation to another
body, a vote between "It was agreed" and its text, an election "declared", "There being no
other nomination, this was AGREED.", a passive agreement with a clause after it, a parish
finance list with a bracket of its own, "Resolved by a majority (6 for, …)", a report only
received, an NSW division under its decision, a Mayoral Minute's lone mover, a disposal moved
without "that", a body agreeing "on the motion of" its movers, and "Abstention (0)." after a
division. Each fails without its change."""

from __future__ import annotations

from ingest.decisions import extract_decisions
from ingest.parsers.minutes import split_minutes
from tests.test_decision_formats import _read


def test_a_two_line_proposer_form_goes_to_the_decision_under_it_in_a_hanging_indent() -> None:
    text = (
        "KMD/25/301  Minutes\n"
        "            Proposed: Cllr. Orla Brady\n"
        "            Seconded: Cllr. Pat Kinsella\n"
        "            The minutes of the meeting held on 4th March 2025 were\n"
        "            adopted.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.mover, d.seconder) for d in found] == [
        ("agreed", "approved", "Cllr. Orla Brady", "Cllr. Pat Kinsella")
    ]
    assert " ".join(text[found[0].start : found[0].end].split()).startswith("The minutes of")


def test_a_name_wrapped_onto_an_indented_line_is_read_whole() -> None:
    text = (
        "KMD/25/302  Roads Grants 2025\n"
        "            On the proposal of Cllr. Pat Kinsella, seconded by Cllr. Orla\n"
        "            Brady, the Members adopted the schedule of roads grants as\n"
        "            circulated.\n"
    )
    assert _read(text) == [("agreed", "approved", None, "Cllr. Pat Kinsella", "Cllr. Orla Brady")]


def test_a_body_recommending_to_another_body_is_a_recommendation() -> None:
    text = (
        "4. Draft Street Trading Bye-laws\n"
        "Members discussed the hours at the Market Square.\n"
        "The SPC RECOMMENDED to the Council that the draft Street Trading Bye-laws be adopted.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.to_body) for d in found] == [
        ("recommended", "approved", "Council")
    ]


def test_a_passive_agreement_for_a_purpose_or_with_a_clause_is_a_decision() -> None:
    consultation = (
        "5. Heritage Plan\n"
        "The draft Heritage Plan, as amended, was agreed for public consultation.\n"
    )
    clause = (
        "6. Work Programme\n"
        "The work programme was agreed, with a session on the new audit code added for March.\n"
    )
    assert _read(consultation) == [("agreed", "approved", None, None, None)]
    assert _read(clause) == [("agreed", "approved", None, None, None)]


def test_a_vote_between_it_was_agreed_and_its_text_is_the_decisions_vote() -> None:
    text = (
        "7. Shopfront Grants\n"
        "It was agreed, by 8 votes to 2, that the maximum shopfront grant be €4,000 per premises.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.result.votes) for d in found] == [
        ("agreed", "carried", (8, 2, None))
    ]
    assert text[found[0].start :].startswith("that the maximum")


def test_an_election_declared_is_a_decision_whatever_the_initial() -> None:
    text = (
        "1. Election of Cathaoirleach\n"
        "Cllr. Ita Byrne proposed Cllr. Úna Moran, seconded by Cllr. Joe Hayes. There being no "
        "other nominations, Cllr. Úna Moran was declared elected Cathaoirleach for 2025/2026.\n"
    )
    assert _read(text) == [("agreed", "approved", None, "Cllr. Ita Byrne", "Cllr. Joe Hayes")]


def test_there_being_no_other_nomination_this_was_agreed_decides_the_motion() -> None:
    text = (
        "C.12  APPOINTMENTS TO OUTSIDE BODIES\n"
        "It was moved by Councillor Ames and seconded by Councillor Bell\n"
        "that Councillor Cope be appointed to the board of the Leisure Trust in place of\n"
        "Councillor Dale. There being no other nomination, this was AGREED.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.mover) for d in found] == [
        ("agreed", "approved", "Councillor Ames")
    ]
    assert text[found[0].start :].startswith("that Councillor Cope")


def test_a_bracket_that_is_a_sentence_ends_before_the_next_list_entry() -> None:
    text = (
        "TC/25/88 FINANCE\n"
        "(a) The schedule of payments for May totalling £9,120.40 was approved. (Prop. Cllr Hale, "
        "sec. Cllr Ince, unanimous)\n"
        "(b) The bank reconciliation to 31 May 2025 was noted.\n"
    )
    assert [(k, o) for k, o, *_ in _read(text)] == [("agreed", "carried"), ("noted", "noted")]


def test_resolved_by_a_majority_with_its_counts_in_brackets() -> None:
    text = (
        "TC/25/89 CHRISTMAS LIGHTS\n"
        "Resolved by a majority (6 for, 3 against, 1 abstention) to accept the quotation of "
        "Starbright Ltd of £6,200 plus VAT.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.result.votes) for d in found] == [
        ("resolved", "carried", (6, 3, 1))
    ]
    assert text[found[0].start :].startswith("to accept")


def test_a_title_in_capitals_may_start_with_a_figure() -> None:
    text = (
        "TC/25/90 ALLOTMENTS\nThe rents were agreed.\n\n"
        "TC/25/91 20MPH LIMIT\nMembers discussed the limit.\n\n"
        "TC/25/92 TOWN CLERK'S REPORT\nThe report was received.\n"
    )
    assert [s.item.item_number for s in split_minutes(text)] == [
        "TC/25/90",
        "TC/25/91",
        "TC/25/92",
    ]


def test_welsh_minute_numbers_given_in_both_languages_are_items() -> None:
    text = (
        "Cofnod 41 / Minute 41  Ymddiheuriadau / Apologies\nCllr Ann Rees.\n\n"
        "Cofnod 42 / Minute 42  Cofnodion / Minutes\n"
        "PENDERFYNWYD / RESOLVED: that the minutes be approved.\n\n"
        "Cofnod 43 / Minute 43  Grantiau / Grants\nThe grants were agreed.\n"
    )
    items = split_minutes(text)
    assert [(s.item.item_number, s.item.title) for s in items] == [
        ("41", "Ymddiheuriadau / Apologies"),
        ("42", "Cofnodion / Minutes"),
        ("43", "Grantiau / Grants"),
    ]


def test_a_report_only_received_or_received_and_noted_is_noted() -> None:
    received = (
        "5.3 Chief Executive's Report\nMoved: Cr Ruru\nSeconded: Cr Tane\n"
        "That the Council receives the Chief Executive's Report for May 2025.\nCARRIED\n"
    )
    noted = (
        "10.2 INVESTMENT REPORT\nRESOLVED (Cr Ohlsen/Cr Pike) OC 25/118\n"
        "That Council receive and note the Investment Report for April 2025.\n"
    )
    more = (
        "5.4 Annual Plan\nMoved: Cr Ruru\nSeconded: Cr Tane\n"
        "That the Council receives the report and approves the Annual Plan 2025/26.\nCARRIED\n"
    )
    assert [o for _, o, *_ in _read(received)] == ["noted"]
    assert [o for _, o, *_ in _read(noted)] == ["noted"]
    assert [o for _, o, *_ in _read(more)] == ["carried"]


def test_an_nsw_division_under_a_lost_motion_and_under_a_resolution() -> None:
    text = (
        "9.1 DA 2025/77 – DUAL OCCUPANCY, 3 BANKSIA STREET\n"
        "MOTION (Cr Ohlsen/Cr Pike)\n"
        "That Council refuse DA 2025/77 on the grounds of insufficient parking.\n"
        "The MOTION on being put to the meeting was declared LOST.\n"
        "DIVISION\n"
        "For the Motion: Crs Ohlsen, Pike and Quade\n"
        "Against the Motion: Crs Ruse, Stott, Tully and Vane\n\n"
        "RESOLVED (Cr Vane/Cr Ruse) OC 25/120\n"
        "That Council approve DA 2025/77 subject to the conditions in Attachment 1.\n"
        "DIVISION\n"
        "For the Motion: Crs Ruse, Stott, Tully and Vane\n"
        "Against the Motion: Crs Ohlsen, Pike and Quade\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.result.votes, d.mover) for d in found] == [
        ("motion", "lost", (3, 4, None), "Cr Ohlsen"),
        ("resolved", "carried", (4, 3, None), "Cr Vane"),
    ]
    assert found[1].result.names["against"] == ["Ohlsen", "Pike", "Quade"]
    assert text[found[1].start :].startswith("That Council approve")


def test_a_mayoral_minute_resolved_with_one_mover_and_its_number() -> None:
    text = (
        "3. MAYORAL MINUTE – SCHOOL CENTENARY\n"
        "RESOLVED (Cr Ohlsen) OC 25/119\n"
        "That Council donate $1,000 towards the centenary history project.\n"
        "CARRIED UNANIMOUSLY\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.mover, d.seconder) for d in found] == [
        ("resolved", "carried", "Cr Ohlsen", None)
    ]
    assert text[found[0].start :].startswith("That Council donate")


def test_a_disposal_moved_and_seconded_without_that_is_the_motions_text() -> None:
    text = (
        "2. Disposal of Property – Section 183\n"
        "Cllr. Ger Daly proposed, and Cllr. Ann Hurley seconded, the disposal of 0.2 hectares at "
        "Kilbeg to Kilbeg Community CLG for the sum of €1, in accordance with the notice "
        "circulated.\n"
        "FOR: 20     AGAINST: 5     ABSTAIN: 0\n"
        "The Cathaoirleach declared the proposal carried.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.result.votes, d.mover, d.seconder) for d in found] == [
        ("motion", "carried", (20, 5, 0), "Cllr. Ger Daly", "Cllr. Ann Hurley")
    ]
    assert text[found[0].start :].startswith("the disposal of")


def test_a_body_agreeing_on_the_motion_of_its_movers_is_an_agreement() -> None:
    text = (
        "7. 25/00123/LBC – 4 Kirk Wynd\n"
        "Decision\n"
        "The Committee thereafter agreed, on the motion of Councillor Kerr, seconded by "
        "Councillor Watt, to refuse listed building consent.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.mover, d.seconder) for d in found] == [
        ("agreed", "approved", "Councillor Kerr", "Councillor Watt")
    ]
    assert text[found[0].start :].startswith("to refuse")


def test_abstention_nil_after_a_division_completes_both_sides() -> None:
    text = (
        "4. CARERS\n"
        'Councillor Dewar, seconded by Councillor Fyfe, moved:- "Council agrees to fund free '
        'travel for young carers."\n'
        'Councillor Sim, seconded by Councillor Orr, moved as an amendment:- "Council instructs '
        'the Director to report on costs."\n'
        "On a roll call vote being taken, there voted:-\n"
        "For the motion (3) – Councillors Abbot, Baird and Dewar.\n"
        "For the amendment (2) – Councillors Orr and Sim.\n"
        "Abstention (0).\n"
        "The motion was accordingly carried.\n"
    )
    assert [(k, o, v) for k, o, v, *_ in _read(text)] == [
        ("motion", "carried", (3, 2, 0)),
        ("amendment", "lost", (2, 3, 0)),
    ]


def test_one_heading_with_two_files_moved_alike_keeps_both_votes() -> None:
    # (Legistar: the same words under two file numbers, moved by other members, are two
    # motions, not a block repeated under "Decision:"; a tie announced before its lists)
    text = (
        "5. REGULAR AGENDA\n\n"
        "25-0301 Resolution awarding a grant to the Housing Trust\n\n"
        "A motion was made by Commissioner Vale, seconded by Commissioner Ruiz, that this "
        "Resolution be adopted. The motion carried by the following vote:\n\n"
        "Aye: 4 - Commissioner Vale, Commissioner Ruiz, Commissioner Hale and Commissioner Ito\n"
        "Nay: 1 - Commissioner Oduya\n\n"
        "25-0302 Resolution establishing a burn ban\n\n"
        "A motion was made by Commissioner Hale, seconded by Commissioner Ito, that this "
        "Resolution be adopted. The motion failed on a tie vote:\n\n"
        "Aye: 2 - Commissioner Hale and Commissioner Ito\n"
        "Nay: 2 - Commissioner Vale and Commissioner Oduya\n\n"
        "25-0303 Quarterly Investment Report\n\nThis Report was received and filed.\n"
    )
    assert _read(text) == [
        ("motion", "carried", (4, 1, None), "Commissioner Vale", "Commissioner Ruiz"),
        ("motion", "lost", (2, 2, None), "Commissioner Hale", "Commissioner Ito"),
        ("noted", "noted", None, None, None),
    ]


def test_a_vote_on_a_recommendation_moved_without_text_is_not_the_next_motions() -> None:
    # (the officer recommendation fell; the motion moved after it was carried and recorded by
    # the RESOLVED block, with its own movers and vote)
    text = (
        "8. 24/0410/FUL - The Crown, 12 High Road\n"
        "The Chair moved the officer recommendation to grant permission. On a vote, there were "
        "3 votes in favour and 6 against, and the recommendation was not agreed.\n"
        "Cllr Amos then moved that permission be refused on the grounds that the loss of the "
        "public house had not been justified. This was seconded by Cllr Bray. Following a vote "
        "with 6 votes in favour and 3 against, it was\n"
        "RESOLVED\n"
        "That planning permission be REFUSED for the reasons set out above.\n"
    )
    assert _read(text) == [("resolved", "carried", (6, 3, None), "Cllr Amos", "Cllr Bray")]


def test_a_vote_another_meeting_held_is_no_result_of_this_one() -> None:
    text = (
        "6. Budget 2025/26\n"
        "The Chairman of the Scrutiny Board reported that an amendment proposed at the Board to "
        "remove the general increase had been lost by 3 votes to 8.\n"
        "RESOLVED - That the Executive recommends the budget to the County Council.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.result.votes) for d in found] == [("resolved", "approved", None)]
