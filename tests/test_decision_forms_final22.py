"""Forms the register missed on final22 (development since its second look, in the seventeenth
session): a body that "voted 7-0 to …", "DECIDED:" as a line's formula, a licensing panel that
"determined to revoke …", an item "pulled from the agenda", passive decisions with their tally
("… was approved by seven votes to three", "… on a show of hands, 22 in favour and 5
against") unless the sentence is only the result of the decision written next, "NOTED –",
minutes whose movers are inside their sentence, movers in a "Following a proposal by …" lead,
a deferral that wraps onto the next line, and "the hearing was adjourned" after a clause that
says "had been". The texts are written for these tests; each fails without its change."""

from __future__ import annotations

from ingest.decisions import extract_decisions


def _read(text: str) -> list[tuple[str, str, str | None, str | None, object, str]]:
    return [
        (d.kind, d.outcome, d.mover, d.seconder, d.result.votes, text[d.start : d.end])
        for d in extract_decisions(text)
    ]


def test_a_body_that_voted_to_act_carries_its_count() -> None:
    text = (
        "7A. Appointments\n"
        "Council voted 6-1 to appoint Mara Quist to the Library Board for a term ending 2028.\n"
        "\n"
        "7B. Allotments\n"
        "Members voted 4:2 to hold the water charge at £18 per plot.\n"
        "\n"
        "7C. Land at Orme Lane\n"
        "Members voted to defer the application for a site visit, the vote being 8-3.\n"
        "\n"
        "7D. Play area\n"
        "Members voted against the idea of a second play area, saying it was too costly.\n"
    )
    rows = _read(text)
    assert [(*row[:2], row[4]) for row in rows] == [
        ("agreed", "carried", (6, 1, None)),
        ("agreed", "carried", (4, 2, None)),
        ("agreed", "deferred", (8, 3, None)),  # (a view "voted against the idea" is none)
    ]


def test_decided_opens_a_decision_as_agreed_does() -> None:
    text = (
        "14. ANNUAL GOVERNANCE STATEMENT\n"
        "\n"
        "DECIDED: That the Annual Governance Statement 2026/27 be approved for signature.\n"
        "\n"
        "15. RISK REGISTER\n"
        "\n"
        "Decided: That the risk register be noted.\n"
    )
    assert [row[:2] for row in _read(text)] == [("agreed", "approved"), ("agreed", "noted")]


def test_a_panel_that_determined_to_revoke_or_suspend_decided() -> None:
    text = (
        "4. Review of a Premises Licence – The Anchor, Quay Street\n"
        "The Sub-Committee determined to suspend the premises licence for four weeks.\n"
        "\n"
        "5. Private Hire Driver – Driver C\n"
        "The Panel determined to revoke the licence with immediate effect.\n"
    )
    assert [row[:2] for row in _read(text)] == [("agreed", "approved"), ("agreed", "approved")]


def test_an_item_pulled_from_the_agenda_is_withdrawn() -> None:
    text = "Item 9C was pulled from the agenda by the Clerk and will return in March.\n"
    assert [row[:2] for row in _read(text)] == [("agreed", "withdrawn")]


def test_a_passive_decision_keeps_its_tally_unless_it_is_the_next_decisions_result() -> None:
    pay = (
        "12. Pay Award\n"
        "The recommendation that the pay award be met from the contingency reserve was\n"
        "approved by nine votes to two.\n"
    )
    plan = (
        "13. Waste Plan\n"
        "The draft Waste Plan 2027-2031 was adopted on a show of hands, 19 in favour and 4\n"
        "against.\n"
    )
    budget = (
        "14. Budget\n"
        "Upon a vote, the recommendations were approved by 5 votes to 2.\n"
        "RESOLVED: That the draft budget for 2027/28 be approved for consultation.\n"
    )
    assert [(*row[:2], row[4]) for row in _read(pay)] == [("agreed", "carried", (9, 2, None))]
    assert [(*row[:2], row[4]) for row in _read(plan)] == [("agreed", "carried", (19, 4, None))]
    rows = _read(budget)
    assert [(*row[:2], row[4]) for row in rows] == [("resolved", "carried", (5, 2, None))]
    assert rows[0][5].startswith("That the draft budget")


def test_noted_with_a_dash_records_a_note() -> None:
    text = "NOTED – the report on visitor numbers at the Harbour Museum.\n"
    assert [row[:2] for row in _read(text)] == [("noted", "noted")]


def test_minutes_whose_movers_are_inside_their_sentence() -> None:
    text = (
        "1. Minutes\n"
        "The minutes of the meeting held on 4th March 2027 were proposed by Cllr. Nuala Breen,\n"
        "seconded by Mr. Tomás Keane and agreed.\n"
        "\n"
        "2. Minutes of the Sub-Group\n"
        "The minutes of the Sub-Group of 11th March 2027 were adopted, proposed by Ms. Áine Dolan\n"
        "and seconded by Mr. Peadar Roe.\n"
        "\n"
        "3. Minutes of previous meeting\n"
        "It was proposed by Cllr. Kavanagh, seconded by Ms. Breen, that the minutes be adopted.\n"
    )
    rows = _read(text)
    assert [row[:4] for row in rows][:2] == [
        ("agreed", "approved", "Cllr. Nuala Breen", "Mr. Tomás Keane"),
        ("agreed", "approved", "Ms. Áine Dolan", "Mr. Peadar Roe"),
    ]
    assert rows[0][5].startswith("The minutes of the meeting held on 4th March")
    # ("It was proposed by …" is a motion's mover line, not minutes "were proposed")
    assert not any(row[5].startswith("Minutes of previous meeting") for row in rows)


def test_movers_in_a_following_a_proposal_lead_and_agreement_before_the_subject() -> None:
    text = (
        "5. Taking in Charge – Birch Grove\n"
        "Following a proposal by Cllr Devane, seconded by Cllr Mullins, the Members unanimously\n"
        "supported the taking in charge of Birch Grove housing estate.\n"
        "\n"
        "6. Minutes\n"
        "Proposed by Cllr Rua Hession, seconded by Cllr Orla Lynch and agreed, the minutes of the\n"
        "meeting held on 2nd February 2027 were adopted.\n"
        "\n"
        "7. Planning – 27/00114/HOU\n"
        "Upon being proposed by Councillor Amin and seconded by Councillor Royle, Members voted\n"
        "unanimously to grant planning permission subject to conditions.\n"
    )
    assert [row[:4] for row in _read(text)] == [
        ("agreed", "carried", "Cllr Devane", "Cllr Mullins"),
        ("agreed", "approved", "Cllr Rua Hession", "Cllr Orla Lynch"),
        ("agreed", "carried", "Councillor Amin", "Councillor Royle"),
    ]


def test_a_deferral_whose_subject_wraps_and_a_hearing_adjourned_after_had_been() -> None:
    text = (
        "    CM 27/031  MOTION – Cllr. Eoin Tierney\n"
        "\n"
        "    At the request of Cllr. Tierney, the motion regarding the Kilbride Road\n"
        "    footpath was deferred to the May meeting.\n"
        "\n"
        "6. Application for a Personal Licence – Ms R. Okafor\n"
        "\n"
        "As the applicant, who had been delayed by a train cancellation, was not present, the\n"
        "hearing was adjourned to Tuesday 9 March 2027 at 10.00 am.\n"
    )
    assert [row[:2] for row in _read(text)] == [("agreed", "deferred"), ("agreed", "deferred")]


def test_the_lcdc_directs_and_consents_as_a_body() -> None:
    text = (
        "3. Community Programme\n"
        "The LCDC approved the following allocations under the Community Programme 2027.\n"
        "\n"
        "4. Parking\n"
        "Council directed the Town Manager to bring back options for residents' parking.\n"
        "\n"
        "5. Disposal\n"
        "The Members consented to the disposal of the former library at Church Street.\n"
    )
    assert [row[:2] for row in _read(text)] == [("agreed", "approved")] * 3


def test_an_amendment_the_mover_accepted_is_approved_and_the_vote_is_the_motions() -> None:
    text = (
        "Councillor Ames moved that the Authority write to the Minister about retained crews.\n"
        'Councillor Bell moved an amendment, seconded by Councillor Cole, to add "and copy the\n'
        'letter to every MP in the county". The amendment was accepted by the mover. The motion\n'
        "as amended was seconded by Councillor Dunn and carried unanimously.\n"
        "\n"
        "Cllr. Kehoe proposed, seconded by Cllr. Lyons, that the bus route be extended. Cllr.\n"
        'Brady proposed an amendment, seconded by Cllr. Moran, to add at the end: "and run on\n'
        'Sundays". Cllr. Kehoe accepted the amendment. The motion, as amended, was then agreed.\n'
    )
    rows = _read(text)
    assert [row[:4] for row in rows] == [
        ("motion", "carried", "Councillor Ames", "Councillor Dunn"),
        ("amendment", "approved", "Councillor Bell", "Councillor Cole"),
        ("agreed", "approved", "Cllr. Kehoe", "Cllr. Lyons"),
        ("amendment", "approved", "Cllr. Brady", "Cllr. Moran"),
    ]
