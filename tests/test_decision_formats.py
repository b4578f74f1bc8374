"""The decision reader on formats met in minutes it had not seen: amendments known by their
text, votes written as tables, rows and columns (split by page breaks), counts in words, Irish
counter-proposals and notices of motion, Northern Irish "Proposed by / Seconded by and /
AGREED", WHEREAS motions, procedural motions, and the item headings these minutes use.

Every snippet is written for these tests (fictional councils and people)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.decisions import extract_decisions, extract_item_decisions
from ingest.decisions.names import names_agree
from ingest.parsers.minutes import split_minutes
from rag.apps.evaluation.decisions import load_labelled, perfect_predictions, score_decisions
from rag.text import page_breaks, split_sentences

Row = tuple[str, str, object, object, object]


def _read(text: str) -> list[Row]:
    """(kind, outcome, votes, mover, seconder) of each decision, in document order."""
    return [
        (d.kind, d.outcome, d.result.votes, d.mover, d.seconder) for d in extract_decisions(text)
    ]


def test_an_amendment_is_known_by_its_text_not_by_an_item_heading_above_its_movers() -> None:
    text = (
        "6.1 Official Plan Amendment Application OPA-3-25, 12 Wren Road\n"
        "Moved by: Councillor Achterberg\nSeconded by: Councillor Moss\n"
        "That Council approve Official Plan Amendment Application OPA-3-25.\n\n"
        "Moved by: Councillor Lum\nSeconded by: Councillor Ivers\n"
        'That the motion be amended to add: "That a holding provision apply."\n'
        "Amendment Lost (3 to 6)\n\n"
        "The question was called on the main motion.\n"
        "Motion Carried (6 to 3)\n"
    )
    assert _read(text) == [
        ("motion", "carried", (6, 3, None), "Councillor Achterberg", "Councillor Moss"),
        ("amendment", "lost", (3, 6, None), "Councillor Lum", "Councillor Ivers"),
    ]


def test_escribe_result_lines_after_names_lists_each_close_their_own_vote() -> None:
    text = (
        "Moved by: Councillor Brandt\nSeconded by: Councillor Oyelowo\n"
        "That Council approve the Sidewalk Cafe Program.\n"
        "Amendment:\nMoved by: Councillor Haas\nSeconded by: Councillor Lind\n"
        "That the program be limited to May to September.\n"
        "Yeas (2): Councillor Haas, and Councillor Lind\n"
        "Nays (5): Mayor Peel, Councillor Brandt, Councillor Oyelowo, Councillor Ruiz, and "
        "Councillor Tam\n"
        "Amendment Lost (2 to 5)\n"
        "Amendment:\nMoved by: Councillor Ruiz\nSeconded by: Councillor Tam\n"
        "That the permit fee be $150.\n"
        "Amendment Carried (6 to 1)\n"
        "Main Motion as Amended:\n"
        "That Council approve the Sidewalk Cafe Program with a permit fee of $150.\n"
        "Motion Carried as Amended (7 to 0)\n"
    )
    rows = _read(text)
    assert ("amendment", "lost", (2, 5, None), "Councillor Haas", "Councillor Lind") in rows
    assert ("amendment", "carried", (6, 1, None), "Councillor Ruiz", "Councillor Tam") in rows
    assert ("motion", "carried", (7, 0, None), "Councillor Brandt", "Councillor Oyelowo") in rows


def test_a_recorded_vote_table_of_rows_split_by_a_page_footer_is_one_vote() -> None:
    text = (
        "The recommendations were moved by Cllr Hale and seconded by Cllr Ode.\n\n"
        "A recorded vote was taken:\n\n"
        "    Member                 Vote\n"
        "    Cllr A. Abbot          For\n"
        "    Cllr B. Bell           For\n"
        "    Cllr C. Hale           For\n\n"
        "  ______________________________________________\n"
        "  Wexmoor Fire Authority – 01.02.25        Page 4\n\n"
        "    Cllr D. Ode            For\n"
        "    Cllr E. Penn           Against\n"
        "    Cllr F. Quill          Abstain\n\n"
        "RESOLVED – That the revenue budget for 2025/26 be approved.\n"
    )
    assert _read(text) == [("resolved", "carried", (4, 1, 1), "Cllr Hale", "Cllr Ode")]


def test_names_lists_split_by_a_page_break_stay_one_vote_on_the_substantive_motion() -> None:
    text = (
        "Councillor Mayhew (Leader) moved and Councillor Orr seconded the recommendations.\n"
        "Councillor Pike moved an amendment to defer the library closures. Councillor Pike "
        "withdrew the amendment.\n"
        "A recorded vote was taken on the substantive motion:\n"
        "For (4): Councillors Mayhew, Orr, Reid and\n"
        "--------------------------------------------\n"
        "                - 9 -          Council 3.3.25\n"
        "--------------------------------------------\n"
        "Shaw.\n"
        "Against (2): Councillors Pike and Quinn.\n"
        "Abstention (1): Councillor Tait.\n"
        "The motion was CARRIED.\n"
        "RESOLVED - That the budget for 2025/26 be approved.\n"
    )
    rows = _read(text)
    assert rows[-1] == ("resolved", "carried", (4, 2, 1), "Councillor Mayhew", "Councillor Orr")
    assert rows[0][:3] == ("amendment", "withdrawn", None)


@pytest.mark.parametrize(
    ("said", "votes"),
    [
        ("(9 in favour, 1 abstention)", (9, None, 1)),
        ("FOR (17)      AGAINST (12)      ABSTAIN (1)", (17, 12, 1)),
        ("The amendment was lost by eight votes to three.", (3, 8, None)),
        ("The amendment was lost by 3 votes to 8.", (3, 8, None)),
        ("This was carried by seven votes to three, with one absten-\ntion.", (7, 3, 1)),
        ("On a show of hands the amendment was carried, 4 votes to 3.", (4, 3, None)),
        (
            "The amendment was LOST, seven votes being cast in favour and nine against.",
            (7, 9, None),
        ),
        ("Motion Carried as Amended (5 to 2)", (5, 2, None)),
        (
            "| For | Against | Abstain |\n|-----|---------|---------|\n|  6  |    4    |    0    |",
            (6, 4, 0),
        ),
    ],
)
def test_vote_counts_as_minutes_write_them(said: str, votes: tuple[object, ...]) -> None:
    from ingest.decisions.results import read_result

    assert read_result(said).votes == votes


def test_names_in_columns_under_for_against_abstain_heads() -> None:
    from ingest.decisions.results import read_result

    said = (
        "     FOR                  AGAINST              ABSTAIN\n"
        "     Cllr Amis            Cllr Finch           Cllr Hume\n"
        "     Cllr Banks           Cllr Gale\n"
        "     Cllr Cole\n\n"
    )
    result = read_result(said)
    assert result.votes == (3, 2, 1)
    assert result.names["against"] == ["Cllr Finch", "Cllr Gale"]


def test_a_names_list_ends_at_its_stated_count() -> None:
    from ingest.decisions.results import read_result

    said = (
        "FOR: Councillors Amis and Banks (2)\n"
        "AGAINST: Councillors Cole, Dunn, Eyre,\nFinch and Gale (5)\n"
        "The amendment was declared LOST."
    )
    result = read_result(said)
    assert result.votes == (2, 5, None)
    assert result.names["against"][-1] == "Gale"


def test_division_lists_with_a_dash_count_for_motion_and_amendment() -> None:
    text = (
        "Motion\n\nCouncillor Dow, seconded by Councillor Kerr, moved that the Committee award "
        "£4,000.\n\nAmendment\n\nCouncillor Muir, seconded by Councillor Sim, moved as an "
        "amendment that the Committee award £2,000.\n\nOn a division, there voted:-\n\n"
        "For the motion (5) – Councillors Dow, Kerr, Lamb, Nairn and Ure.\n\n"
        "For the amendment (2) – Councillors Muir and Sim.\n\n"
        "The motion was accordingly carried.\n\nDecision\n\n"
        "The Committee agreed to award £4,000 to the Gala Committee.\n"
    )
    rows = _read(text)
    assert ("amendment", "lost", (2, 5, None), "Councillor Muir", "Councillor Sim") in rows
    assert rows[-1][:3] == ("agreed", "carried", (5, 2, None))


def test_results_stated_in_the_sentence_that_seconds_or_moves() -> None:
    text = (
        "At 9.55 pm Councillor Vance moved that the meeting be extended by 30 minutes. This was "
        "seconded by Councillor Webb and, on a show of hands, was agreed.\n"
    )
    assert _read(text) == [("motion", "carried", None, "Councillor Vance", "Councillor Webb")]
    text = (
        "It was moved by Councillor Lowe and seconded by Councillor Amin that the fares table be "
        "confirmed.\n\nAn amendment moved by Councillor Rudd and seconded by Councillor Sage, "
        "that the flag-fall rise be limited to 10p, was put to the vote and lost, 2 Members "
        "voting in favour and 7 against.\n\nThe motion was then put and carried, 7 votes to 2.\n"
    )
    assert _read(text) == [
        ("motion", "carried", (7, 2, None), "Councillor Lowe", "Councillor Amin"),
        ("amendment", "lost", (2, 7, None), "Councillor Rudd", "Councillor Sage"),
    ]


def test_irish_notice_of_motion_heading_joined_to_its_quoted_motion() -> None:
    text = (
        "88/25 NOTICE OF MOTION No. 4 – Cllr. Aoife Brennan\n"
        '"That Rathmoyle County Council calls on the Minister to fund the greenway."\n'
        "Seconded by Cllr. Doyle. A roll-call vote resulted as follows:\n"
        "FOR: Cllrs. Brennan, Doyle and Egan. (3)\n"
        "AGAINST: Cllrs. Fahy, Grant, Hogan and Ivers. (4)\n"
        "The Cathaoirleach declared the motion lost.\n"
    )
    assert _read(text) == [("motion", "lost", (3, 4, None), "Cllr. Aoife Brennan", "Cllr. Doyle")]
    text = (
        "89/25 NOTICE OF MOTION No. 5 – Cllr. Ciarán Moran\n"
        '"That Rathmoyle County Council writes to the NTA seeking a Sunday bus service."\n'
        "The motion was proposed by Cllr. Moran, seconded by Cllr. Nolan and agreed.\n"
    )
    assert _read(text) == [("agreed", "approved", None, "Cllr. Ciarán Moran", "Cllr. Nolan")]


def test_irish_counter_proposal_and_the_motion_named_by_its_mover() -> None:
    text = (
        "Cllr. Quigley proposed that the estate road be named 'Páirc na Coille'. This was "
        "seconded by Cllr. Roche. Cllr. Slattery put forward a counter-proposal that the road "
        "be named 'Radharc an Locha'. This was seconded by Cllr. Tobin.\n"
        "A vote was taken on the counter-proposal: For 3, Against 5. The Cathaoirleach "
        "declared the counter-proposal defeated. Cllr. Quigley's proposal was then agreed.\n"
    )
    rows = _read(text)
    assert ("amendment", "lost", (3, 5, None), "Cllr. Slattery", "Cllr. Tobin") in rows
    assert ("agreed", "approved", None, "Cllr. Quigley", "Cllr. Roche") in rows
    text = (
        "Cllr. Ward proposed that the road be named 'Bóthar an Mhuilinn'. This was seconded by "
        "Cllr. Xavier. Cllr. Young proposed that it be named 'Cnoc Rua'. There was no seconder."
        "\n\nA vote was taken on Cllr. Ward's proposal: For 5, Against 2. The Cathaoirleach "
        "declared the proposal carried.\n"
    )
    assert _read(text)[0] == ("motion", "carried", (5, 2, None), "Cllr. Ward", "Cllr. Xavier")


def test_northern_irish_proposed_seconded_and_agreed_lines() -> None:
    text = (
        "Proposed by Alderman Quinn\nSeconded by Councillor Reid and\n"
        "AGREED – that the tender for grounds maintenance be awarded to Greenway Ltd.\n"
    )
    assert _read(text) == [("agreed", "approved", None, "Alderman Quinn", "Councillor Reid")]
    text = (
        "Proposed by Councillor Shaw\nSeconded by Councillor Todd\n"
        "that the revised policy be approved.\n\n"
        "Proposed by Councillor Underwood\nSeconded by Councillor Vance, as an amendment,\n"
        "that consideration of the policy be deferred for one month.\n\n"
        "On a vote being taken, 4 Members voted For and 8 Against and the amendment fell.\n\n"
        "The original proposal was then put to the meeting and AGREED.\n"
    )
    assert _read(text) == [
        ("agreed", "approved", None, "Councillor Shaw", "Councillor Todd"),
        ("amendment", "lost", (4, 8, None), "Councillor Underwood", "Councillor Vance"),
    ]


def test_a_whereas_motion_under_its_movers_is_a_motion_not_a_resolution() -> None:
    text = (
        "Moved by: Councillor Abara\nSeconded by: Councillor Boyd\n"
        "WHEREAS staff turnover in the Parks Department reached 18 per cent in 2024;\n"
        "NOW THEREFORE BE IT RESOLVED THAT staff report on a four-day week pilot.\n"
        "Yeas (3): Councillor Abara, Councillor Boyd, and Councillor Chu\n"
        "Nays (4): Mayor Dunn, Councillor Ellis, Councillor Fox, and Councillor Gill\n"
        "Motion Lost (3 to 4)\n"
    )
    assert _read(text) == [("motion", "lost", (3, 4, None), "Councillor Abara", "Councillor Boyd")]


def test_parish_shorthand_movers_results_and_list_markers() -> None:
    text = (
        "It was resolved that the minutes of the meeting held on 3 March be signed as a true "
        "record. Proposed Cllr Ince, seconded Cllr Jupp, all in favour.\n"
    )
    assert _read(text) == [("resolved", "carried", None, "Cllr Ince", "Cllr Jupp")]
    text = (
        "Cllr Keen proposed that the matter be deferred to the May meeting. Seconded Cllr Lacey. "
        "Agreed nem con.\n"
    )
    assert _read(text) == [("agreed", "deferred", None, "Cllr Keen", "Cllr Lacey")]
    text = (
        "Minute 31/25 Finance\na) Resolved to approve the payments totalling £1,204.50.\n"
        "b) Resolved: to object to the application on highway grounds (5 for, 1 against).\n"
    )
    assert _read(text) == [
        ("resolved", "approved", None, None, None),
        ("resolved", "carried", (5, 1, None), None, None),
    ]
    (found,) = extract_decisions(
        "RESOLVED (by nine votes to one, with one abstention) - That the precept be supported.\n"
    )
    assert (found.outcome, found.result.votes) == ("carried", (9, 1, 1))


def test_second_amendments_quoted_motions_and_procedural_motions() -> None:
    text = (
        "Cllr Amos proposed, and Cllr Best seconded, that a grant of £900 be awarded.\n"
        "Cllr Cole then proposed a second amendment that the grant be conditional on accounts "
        "being submitted. This was seconded by Cllr Dent and was carried nem con.\n"
        "The substantive motion was carried unanimously.\n"
        "Resolved: That a grant of £900 be awarded, conditional on accounts being submitted.\n"
    )
    rows = _read(text)
    assert ("amendment", "carried", None, "Cllr Cole", "Cllr Dent") in rows
    assert rows[-1] == ("resolved", "carried", None, "Cllr Amos", "Cllr Best")
    text = (
        'Cllr Eddy moved the motion set out on the agenda: "That the Town Council ask the '
        'District Council to suspend car park charges in December." There was no seconder and '
        "the motion fell.\n"
    )
    assert _read(text) == [("motion", "lost", None, "Cllr Eddy", None)]
    text = (
        "The Cabinet Member for Leisure, Councillor Fflur Hywel, moved the recommendation and "
        "Councillor Ifan Jones seconded it.\n\n"
        "Councillor Kemp moved that the question be now put. This was seconded and carried.\n\n"
        "The substantive motion was put to the vote and carried.\n\n"
        "RESOLVED: That the Leisure Strategy be adopted.\n"
    )
    rows = _read(text)
    assert rows[0][:4] == ("motion", "carried", None, "Councillor Kemp")
    assert rows[-1] == (
        "resolved",
        "carried",
        None,
        "Councillor Fflur Hywel",
        "Councillor Ifan Jones",
    )


def test_a_sentence_resumes_after_page_furniture_with_a_figure() -> None:
    text = (
        "RESOLVED to RECOMMEND to Council that the rules be adopted with effect from 28 "
        "October\n\n----------------------------------\nAudit Committee – 25.06.2024      Page 3"
        "\n----------------------------------\n\n2024, subject to a threshold of £25,000.\n\n"
        "(For 8, Against 0, Abstentions 1)\n"
    )
    assert len(split_sentences(text)) == 2
    (found,) = extract_decisions(text)
    assert (found.kind, found.outcome, found.result.votes) == ("recommended", "carried", (8, 0, 1))


@pytest.mark.parametrize(
    ("heading", "number"),
    [
        ("BM.24.05  ADOPTION OF BUDGET 2025", "BM.24.05"),
        ("CIMD 42/24 NOTICE OF MOTION – Cllr. Ó Dónaill", "CIMD 42/24"),
        ("ES.44/24 GARDEN WASTE CHARGE", "ES.44/24"),
        ("2024/071 SUSPENSION OF STANDING ORDERS", "2024/071"),
        ("Item 5(a) SCHOOL ESTATE STRATEGY", "5(a)"),
    ],
)
def test_items_numbered_by_reference(heading: str, number: str) -> None:
    first = heading.replace(number, _previous(number), 1)
    text = (
        f"{first}\n\nThe report was noted.\n\n{heading}\n\nThe report was noted.\n\n"
        f"{heading.replace(number, _next(number), 1)}\n\nThe report was noted.\n"
    )
    numbers = [span.item.item_number for span in split_minutes(text)]
    assert number in numbers and len(numbers) == 3


def _previous(number: str) -> str:
    return {
        "BM.24.05": "BM.24.04",
        "CIMD 42/24": "CIMD 41/24",
        "ES.44/24": "ES.43/24",
        "2024/071": "2024/070",
        "5(a)": "4",
    }[number]


def _next(number: str) -> str:
    return {
        "BM.24.05": "BM.24.06",
        "CIMD 42/24": "CIMD 43/24",
        "ES.44/24": "ES.45/24",
        "2024/071": "2024/072",
        "5(a)": "5(b)",
    }[number]


def test_year_first_minute_numbers_read_their_sequence() -> None:
    text = "".join(f"24/0{n} Item {n}\nThe report was noted.\n\n" for n in (61, 62, 63))
    assert [s.item.item_number for s in split_minutes(text)] == ["24/061", "24/062", "24/063"]


def test_vote_heads_and_numbered_paragraphs_are_not_item_headings() -> None:
    text = (
        "7. ACTIVE TRAVEL SCHEME\n"
        "7.1 The Senior Engineer presented the report on the scheme.\n"
        "7.2 Cllr. Ames proposed, and Cllr. Boyle seconded, that the scheme proceed.\n"
        "7.3 A vote was then called on the proposal, the result of which was as follows:\n"
        "FOR (3)            AGAINST (1)\n"
        "Cllr. Ames         Cllr. Duff\nCllr. Boyle\nCllr. Carr\n"
        "The Mayor declared the proposal carried.\n\n"
        "8. ANNUAL REPORT\nThe Annual Report was adopted.\n"
    )
    items = split_minutes(text)
    assert [s.item.item_number for s in items] == ["7", "8"]
    spans = [(s.start, s.end) for s in items]
    (first, _), *_ = extract_item_decisions(text, spans)
    assert first == 0


def test_the_scorer_reads_labels_in_the_text_as_stored_so_crlf_files_score_as_lf(
    tmp_path: Path,
) -> None:
    text = (
        "1. Minutes\n\nRESOLVED: That the minutes be approved.\n\n"
        + "Members discussed the report at length.\n" * 30
        + "\n2. Budget\n\nRESOLVED: That the budget be approved.\n"
    )
    label = (
        '{"format": "moderngov", "notes": "", "decisions": ['
        '{"item": "1", "kind": "resolved", "outcome": "approved", "text_start": '
        '"That the minutes be approved.", "text_end": "be approved.", "mover": null, '
        '"seconder": null, "votes": null, "for_names": null, "against_names": null, '
        '"abstain_names": null, "to_body": null}, '
        '{"item": "2", "kind": "resolved", "outcome": "approved", "text_start": '
        '"That the budget be approved.", "text_end": "be approved.", "mover": null, '
        '"seconder": null, "votes": null, "for_names": null, "against_names": null, '
        '"abstain_names": null, "to_body": null}]}'
    )
    for name, ending in (("lf", "\n"), ("crlf", "\r\n")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "m.txt").write_bytes(text.replace("\n", ending).encode("utf-8"))
        (folder / "m.expected.json").write_text(label, "utf-8")
    for name in ("lf", "crlf"):
        labelled = load_labelled([tmp_path / name])
        # Offsets as the index stores them: found in the stored (LF) text.
        found = extract_decisions(labelled[0].text)
        assert len(found) == 2
        perfect = score_decisions(labelled, perfect_predictions(labelled))["all"]
        assert perfect["decision"]["recall"] == 1.0
        assert "\r" not in labelled[0].text


def test_a_motion_put_to_the_vote_in_its_movers_sentence_is_no_motion_text() -> None:
    """ "…, was then put to the vote and CARRIED" names the motion's movers and result, not a
    motion whose text is "to the vote" (a counter-proposal is "put forward", not "put")."""
    text = (
        "Councillor Ames moved, and Councillor Bell seconded, an amendment that approval be "
        "deferred. On being put to the vote the amendment was LOST by 3 votes to 5.\n\n"
        "The substantive motion, moved by Councillor Cray and seconded by Councillor Dunn, was "
        "then put to the vote and CARRIED by 6 votes to 1, with 1 abstention.\n\n"
        "RESOLVED that the audited Statement of Accounts be approved.\n"
    )
    assert _read(text) == [
        ("amendment", "lost", (3, 5, None), "Councillor Ames", "Councillor Bell"),
        ("resolved", "carried", (6, 1, 1), "Councillor Cray", "Councillor Dunn"),
    ]


def test_an_amendment_proposed_across_a_line_break_and_a_counted_agreement() -> None:
    text = (
        "After discussion it was proposed by Cllr Amory and seconded by Cllr\n"
        "Birch that the precept for 2025/26 be set at £98,400. An amendment pro-\n"
        "posed by Cllr Cole, seconded by Cllr Drew, to limit the precept to\n"
        "£95,000 was not carried (3 in favour, 6 against). The original proposal\n"
        "was then put to the vote and AGREED, 7 in favour, 2 against.\n\n"
        "RESOLVED that the precept for 2025/26 be set at £98,400.\n"
    )
    assert _read(text) == [
        ("amendment", "lost", (3, 6, None), "Cllr Cole", "Cllr Drew"),
        ("resolved", "carried", (7, 2, None), "Cllr Amory", "Cllr Birch"),
    ]


def test_scottish_motion_list_after_a_colon_dash_and_a_spaced_division() -> None:
    text = (
        "Councillor Abel, seconded by Councillor Birse, moved that the Committee:-\n\n"
        "(1) approve the consultation on the closure of Glenlee Primary School; and\n\n"
        "(2) instruct the Director to report the outcome.\n\n"
        "As an amendment, Councillor Craw, seconded by Councillor Dinnie, moved that\n"
        "the Committee defer a decision for twelve months.\n\n"
        "Members were asked to vote.\n\n"
        "For the motion (4)     Councillors Abel, Birse, Eadie and Fyfe.\n\n"
        "For the amendment (2)  Councillors Craw and Dinnie.\n\n"
        "The motion was carried by 4 votes to 2 and the amendment fell.\n"
    )
    rows = _read(text)
    assert rows[0] == ("motion", "carried", (4, 2, None), "Councillor Abel", "Councillor Birse")
    assert rows[1] == ("amendment", "lost", (2, 4, None), "Councillor Craw", "Councillor Dinnie")
    (motion, _) = extract_decisions(text)
    assert "instruct the Director" in text[motion.start : motion.end]


def test_body_year_number_minute_references_are_items() -> None:
    text = "".join(f"LRC/24/{n} ITEM {n}\n\n{n}.1 The report was noted.\n\n" for n in (11, 12, 13))
    assert [s.item.item_number for s in split_minutes(text)][:3] == [
        "LRC/24/11",
        "LRC/24/12",
        "LRC/24/13",
    ]


@pytest.mark.parametrize(
    "numbers",
    [
        ["C/7/26", "C/8/26", "C/9/26"],  # body/number/year
        ["RSC/3/26", "RSC/4/26", "RSC/5/26"],
        ["PC.31", "PC.32", "PC.33"],  # body.number
        ["AGS 7", "AGS 8", "AGS 9"],  # body number
    ],
)
def test_body_letters_and_number_minute_references_are_items(numbers: list[str]) -> None:
    titles = ["Minutes of the previous meeting", "Annual Governance Statement", "Work Programme"]
    text = "".join(
        f"{number} {title}\n\nThe report was noted.\n\n"
        for number, title in zip(numbers, titles, strict=True)
    )
    assert [s.item.item_number for s in split_minutes(text)] == numbers


def test_vote_lines_and_page_marks_in_capitals_are_no_items() -> None:
    text = (
        "PC.31 Minutes of the previous meeting\n\nThe minutes were agreed.\n\n"
        "PC.32 Village Hall Roof\n\nA recorded vote was taken:\n\n"
        "FOR 7   Councillors Ames, Bell, Cray, Dunn, Eadie, Frost and Gale\n"
        "AGAINST 2   Councillors Hale and Ince\n\n"
        "PAGE 3 of 5\n\nRESOLVED that the roof be repaired.\n"
    )
    assert [s.item.item_number for s in split_minutes(text)] == ["PC.31", "PC.32"]


def test_a_lettered_amendment_names_its_mover_not_its_letter() -> None:
    text = (
        "Amendment C. Councillor Ashdown moved, and Councillor Pryce seconded, an amendment to "
        "reduce the budget for agency staff by £250,000. On being put to the vote, Amendment C "
        "was LOST (For 9; Against 21; Abstain 2).\n"
    )
    assert _read(text) == [
        ("amendment", "lost", (9, 21, 2), "Councillor Ashdown", "Councillor Pryce")
    ]


def test_a_notice_of_motion_heading_in_capitals_names_its_mover() -> None:
    text = (
        "2026/017 NOTICE OF MOTION NO. 4 – CLLR. NIAMH DOOLAN\n\n"
        '"That this Council calls on the Minister to fund a bus shelter at Kilbrack Cross."\n\n'
        "The motion was seconded by Cllr. Furey and agreed.\n"
    )
    (found, *_) = extract_decisions(text)
    assert found.mover is not None and found.mover.upper().endswith("NIAMH DOOLAN")


@pytest.mark.parametrize(
    ("sentence", "outcome"),
    [
        (
            "Item FA/26/04 was deferred to the next meeting at the request of the Treasurer.",
            "deferred",
        ),
        (
            "Item LSC/12/26 was withdrawn from the agenda as the objections were resolved.",
            "withdrawn",
        ),
        ("The application 26/00412/FUL was withdrawn by the applicant.", "withdrawn"),
    ],
)
def test_an_item_named_by_its_reference_deferred_or_withdrawn(sentence: str, outcome: str) -> None:
    rows = _read(sentence + "\n")
    assert [row[1] for row in rows] == [outcome]


def test_recorded_vote_heads_that_say_who_voted_carry_the_counts() -> None:
    text = (
        "Councillor Ames moved, and Councillor Bell seconded, an amendment to add a new "
        'paragraph (e): "(e) asks for a report on village bus services."\n\n'
        "A recorded vote was taken on the amendment:\n\n"
        "Councillors voting For (9)   Councillors voting Against (6)   Abstaining (1)\n"
        "Ames                         Cole                              Dunn\n\n"
        "The amendment was carried.\n"
    )
    rows = _read(text)
    assert rows and rows[0][2] == (9, 6, 1)


def test_the_main_motion_voted_on_after_a_failed_referral_takes_the_next_result() -> None:
    text = (
        "Moved by Councillor Arbour\nSeconded by Councillor Belle\n\n"
        "That the Committee recommend to Council that draft plan approval be granted.\n\n"
        "Moved by Councillor Corbin\nSeconded by Councillor Dufort\n\n"
        "That the report be referred back to staff.\n\n"
        "Motion Failed (4 to 6)\n\n"
        "The main motion was then voted on.\n\n"
        "Motion Carried (7 to 3)\n"
    )
    assert _read(text) == [
        ("motion", "carried", (7, 3, None), "Councillor Arbour", "Councillor Belle"),
        ("motion", "lost", (4, 6, None), "Councillor Corbin", "Councillor Dufort"),
    ]


def test_a_scottish_division_with_the_amendment_first_and_words_hyphenated_at_line_ends() -> None:
    text = (
        "  Motion\n\n"
        "  Councillor Moir, seconded by Depute Provost Drummond, moved that the\n"
        "  Committee approve the lease of the bowling pavilion to the Trust.\n\n"
        "  Amendment\n\n"
        "  Councillor Weir, seconded by Councillor Lennox, moved as an amen-\n"
        "  dment that consideration of the lease be continued for a consultation.\n\n"
        "  On a division, there voted for the amendment 5 and for the motion 8, and the\n"
        "  motion was accordingly carried.\n\n"
        "  Decision\n\n"
        "  The Committee agreed to approve the lease of the bowling pavilion.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.result.votes, d.mover, d.seconder) for d in found] == [
        ("amendment", "lost", (5, 8, None), "Councillor Weir", "Councillor Lennox"),
        ("agreed", "carried", (8, 5, None), "Councillor Moir", "Depute Provost Drummond"),
    ]
    # Offsets are the stored text's, hyphen and line break included.
    amendment = found[0]
    assert text[amendment.start : amendment.end].startswith("that consideration of the lease")
    assert text[slice(*amendment.evidence["mover"])] == "Councillor Weir"
    quoted = text[slice(*amendment.result.evidence["votes"])]
    assert "accordingly carried" in quoted or quoted.startswith("there voted for the amendment 5")


def test_a_decision_hyphenated_at_a_line_end_keeps_the_stored_texts_offsets() -> None:
    text = (
        "The Committee considered the applica-\ntion for 12 flats at Mill Lane.\n\n"
        "RESOLVED that the applica-\ntion be REFUSED for the rea-\nsons in the report.\n"
    )
    (found,) = extract_decisions(text)
    assert found.outcome == "approved" and found.kind == "resolved"
    assert text[found.start : found.end] == (
        "that the applica-\ntion be REFUSED for the rea-\nsons in the report."
    )


def test_a_counter_proposal_called_the_amendment_gets_its_own_result() -> None:
    text = (
        "6.5 Councillor Amos proposed that the Committee adopt the initial charge of £4.50 "
        "requested by the trade. This was seconded by Councillor Birt. On being put to the "
        "vote the amendment was LOST by 2 votes to 8.\n\n"
        "6.6 Councillor Cade proposed the recommendations in the report.\n\n"
        "It was Moved by Councillor Cade\nSeconded by Councillor Dale\n\n"
        "By 8 votes to 1 with 1 abstention\n\n"
        "It was RESOLVED:-\n\n"
        "1.1 That the proposed Table of Fares be approved for statutory consultation.\n"
    )
    rows = _read(text)
    assert rows[0] == ("motion", "lost", (2, 8, None), "Councillor Amos", "Councillor Birt")
    assert rows[-1][1:3] == ("carried", (8, 1, 1))


def test_numbered_paragraphs_that_report_are_not_items_under_a_minute_reference() -> None:
    text = (
        "PL.35 DEVELOPMENT CONTROL - APPLICATIONS\n\n"
        "35.1 The Committee considered the application for 40 dwellings at Mill Lane.\n\n"
        "35.3     The Chair invited the representative from the Parish Meeting to address the\n"
        "         Committee.\n\n"
        "35.4     A Member expressed concern that, even with the reduction in the number of\n"
        "         dwellings, the site was unsuitable.\n\n"
        "PL.36 CURRENT APPEALS\n\n"
        "36.1     The report set out four appeal decisions received since the last meeting.\n"
    )
    assert [s.item.item_number for s in split_minutes(text)] == ["PL.35", "PL.36"]


def test_county_councillor_is_one_title_so_the_mover_is_not_the_word_county() -> None:
    text = (
        "County Councillor Brynmor moved and County Councillor Tudur-Jones seconded the "
        "recommendations of Cabinet. It was moved by County Councillor Tudur-Jones and seconded "
        "by County Councillor Meirion that the Pay Policy Statement 2025/26 be approved. On a "
        "show of hands the motion was CARRIED.\n"
    )
    movers = [(d.mover, d.seconder) for d in extract_decisions(text)]
    assert ("County Councillor Tudur-Jones", "County Councillor Meirion") in movers
    assert all(m != "County" and s != "County" for m, s in movers)


def test_the_evaluator_matches_a_mover_by_person_however_the_name_is_written() -> None:
    assert names_agree("Cllr. Dónal Riordan", "Cllr. Riordan")
    assert names_agree("CLLR. EIMEAR GILMARTIN", "Cllr. Gilmartin")
    assert names_agree("A. Rivers", "Councillor Rivers")
    assert names_agree("County Councillor Hesketh", "Councillor Hesketh")
    # and it can fail: another surname, other initials, a title alone
    assert not names_agree("Cllr. Riordan", "Cllr. Harrington")
    assert not names_agree("J. Rivers", "A. Rivers")
    assert not names_agree("County", "County Councillor Brynmor")
    assert not names_agree(None, "Cllr. Riordan")


def test_a_single_letter_minute_reference_numbers_its_item() -> None:
    text = (
        "BRAMSHOLT DISTRICT COUNCIL\n\nMINUTES of the meeting of the COUNCIL held on 22 May "
        "2025\n\nC.14  MINUTES\n\nRESOLVED that the minutes be approved.\n\n"
        "C.15  NOTICE OF MOTION - SINGLE-USE VAPES\n\nThe following motion was moved.\n\n"
        "C.16  APPOINTMENTS TO OUTSIDE BODIES\n\nThe Council AGREED the appointments.\n"
    )
    numbers = [span.item.item_number for span in split_minutes(text)]
    assert numbers[-3:] == ["C.14", "C.15", "C.16"]


def test_a_notice_of_motion_heading_names_its_mover_only_with_a_title() -> None:
    topic = (
        "C.16  NOTICE OF MOTION - SINGLE-USE VAPES\n"
        '"This Council notes the growth in discarded single-use vapes and resolves to ask for '
        'a ban on their sale."\n'
        "The motion was moved by Councillor Ishaq and seconded by Councillor Sethi and was "
        "CARRIED.\n"
    )
    assert all("VAPES" not in (d.mover or "") for d in extract_decisions(topic))
    person = (
        "145/2025 Notice of Motion No. 14 – Cllr. Dónal Riordan\n\n"
        '"That this Council calls on the Minister to fund rural bus routes."\n'
        "Proposed by Cllr. Riordan, seconded by Cllr. Egan and agreed.\n"
    )
    assert [names_agree(d.mover, "Cllr. Riordan") for d in extract_decisions(person)] == [True]


def test_movers_and_the_vote_in_brackets_after_a_resolution() -> None:
    text = (
        "Resolved: that a grant of £250 be made under s.137 of the Local Government Act 1972. "
        "(Prop. Cllr Gorringe, sec. Cllr Carrow; 6 in favour, 1 against.)\n\n"
        "RESOLVED - That the revised Statement of Community Involvement be adopted.\n\n"
        "(Unanimous)\n"
    )
    assert _read(text) == [
        ("resolved", "carried", (6, 1, None), "Cllr Gorringe", "Cllr Carrow"),
        ("resolved", "carried", None, None, None),
    ]


def test_a_counter_proposal_made_by_a_member_is_an_amendment_with_its_movers() -> None:
    text = (
        "Cllr. Gaughan made a counter-proposal, seconded by Cllr. Raftery, that the Annual Rate "
        "on Valuation be set at 0.258. The counter-proposal was defeated.\n"
    )
    assert _read(text) == [("amendment", "lost", None, "Cllr. Gaughan", "Cllr. Raftery")]


def test_a_vote_cut_by_a_page_break_and_its_running_header_is_read_whole() -> None:
    header = "Place Overview and Scrutiny Committee                                14.07.25"
    text = (
        f"{header}\n\n    20. CALL-IN\n\n"
        "    County Councillor Ivens moved, and County Councillor Ferrante seconded, that\n"
        "    the decision be referred to Full Council for consideration. On being put to\n"
        "    the vote this was LOST, there being 3 votes in favour\n\n"
        "                                   - 2 -\n\n"
        f"{header}\n\n"
        "    and 6 against.\n"
    )
    assert _read(text) == [
        ("motion", "lost", (3, 6, None), "County Councillor Ivens", "County Councillor Ferrante")
    ]
    # a page mark after a finished sentence is no break inside one
    whole = "The item was noted.\n\nPage 2 of 3\n\nBrockhithe Council   22 May 2025\n\nNext item."
    assert page_breaks(whole) == []


def test_a_named_members_motion_withdrawn_is_its_own_decision_not_the_next_ones_result() -> None:
    text = (
        "Cllr. Whooley's motion, to remove the requirement for a flood risk assessment at Site "
        "R3, was withdrawn following the advice of the Senior Planner.\n\n"
        "It was proposed by Cllr. Noonan-Cagney and seconded by Cllr. Phelan-Moran that the "
        "Members make Variation No. 3 of the Development Plan.\n\n"
        "The proposal of Cllr. Noonan-Cagney was then put: FOR: 12, AGAINST: 5, ABSTAIN:\n 1.\n"
    )
    assert _read(text) == [
        ("motion", "withdrawn", None, "Cllr. Whooley", None),
        ("motion", "carried", (12, 5, 1), "Cllr. Noonan-Cagney", "Cllr. Phelan-Moran"),
    ]


@pytest.mark.parametrize(
    ("text", "row"),
    [
        (
            "The minutes of the June meeting were adopted on the proposal of Cllr. Dunphy, "
            "seconded by Cllr. Keogan.",
            ("agreed", "approved", None, "Cllr. Dunphy", "Cllr. Keogan"),
        ),
        (
            "The allocation of Community Grants 2025, totalling €86,400 as set out in the report "
            "circulated, was agreed.",
            ("agreed", "approved", None, None, None),
        ),
        (
            "The SPC's work programme for 2025/26 was adopted, with the addition of an item on "
            "homeless services.",
            ("agreed", "approved", None, None, None),
        ),
        (
            "Consideration of the draft Speed Limit Bye-Laws was deferred to the September "
            "meeting.",
            ("agreed", "deferred", None, None, None),
        ),
        (
            "At the request of the applicant, the hearing was adjourned to 29 April 2025.",
            ("agreed", "deferred", None, None, None),
        ),
        (
            "The Panel NOTED that no complaints had been received.",
            ("noted", "noted", None, None, None),
        ),
        (
            "The Committee agreed that consideration of the report be continued to its meeting "
            "on 27 January 2026.",
            ("agreed", "deferred", None, None, None),
        ),
        (
            "The Sub-Committee decided to issue a counter notice under section 105 of the "
            "Licensing Act 2003.",
            ("agreed", "approved", None, None, None),
        ),
        (
            "The Committee resolved in terms of Section 50A(4) of the Local Government (Scotland) "
            "Act 1973 to exclude the press and public.",
            # (its verb is "resolved": a resolution, as every labelled set marks it)
            ("resolved", "approved", None, None, None),
        ),
    ],
)
def test_decisions_recorded_in_a_plain_sentence(text: str, row: Row) -> None:
    assert _read(text + "\n") == [row]


def test_what_someone_reported_as_agreed_is_no_decision() -> None:
    assert _read("The officer said that the grant allocation was agreed.\n") == []
    assert _read("Members agreed that the open day had been a success.\n") == []


def test_a_motion_tabled_to_the_next_meeting_is_deferred() -> None:
    text = (
        "Moved by: Councillor Robichaud\nSeconded by: Councillor Leduc\n"
        "That item 6.1 be tabled to the next meeting of the Committee.\nCarried\n"
    )
    assert [row[1] for row in _read(text)] == ["deferred"]


def test_the_original_proposal_put_after_a_lost_amendment_takes_the_vote() -> None:
    text = (
        "Proposed by Cllr. Hayes, seconded by Cllr. Kenny:\n"
        '"That the Council varies the basic rate of Local Property Tax for 2025 by +10%."\n\n'
        "Cllr. Flanagan proposed an amendment, seconded by Cllr. O'Gorman, that the basic rate "
        "be varied by +5% instead of +10%.\n\n"
        "A roll call vote was taken on the amendment: FOR: 7, AGAINST: 13.\n"
        "The Cathaoirleach declared the amendment defeated.\n\n"
        "The original proposal was then put: FOR: 13, AGAINST: 8. The Cathaoirleach declared "
        "the proposal carried.\n"
    )
    rows = _read(text)
    assert ("motion", "carried", (13, 8, None), "Cllr. Hayes", "Cllr. Kenny") in rows
    assert ("amendment", "lost", (7, 13, None), "Cllr. Flanagan", "Cllr. O'Gorman") in rows


def test_a_scottish_division_is_quoted_with_there_voted() -> None:
    text = (
        "Councillor MacLeish moved that the report be referred to the Council. As an "
        "amendment, Councillor Ross moved that the report be noted. On a division, there voted "
        "for the amendment 3 and for the motion 6. The motion was accordingly carried.\n"
    )
    found = extract_decisions(text)
    votes = [d.result.evidence["votes"] for d in found if "votes" in d.result.evidence]
    assert votes and text[votes[0][0] :].startswith("there voted for the amendment 3")


def test_a_parish_councils_minute_with_its_title_on_one_line() -> None:
    text = (
        "GREAT HOLMBY PARISH COUNCIL\n\nMinutes of the meeting held on Monday 12 May 2025\n\n"
        "44/25 Apologies: received from Cllr T. Inchcape (work commitments).\n\n"
        "47/25 Minutes of the meeting held on 14 April 2025: It was resolved that these be "
        "signed as a true record. Prop. Cllr Fairlie, sec. Cllr Dymock. All in favour.\n\n"
        "48/25 Finance\n(b) Internal audit: The auditor's report was received and noted.\n"
    )
    spans = split_minutes(text)
    assert [s.item.item_number for s in spans][-3:] == ["44/25", "47/25", "48/25"]
    minutes = spans[-2]
    assert minutes.item.title == "Minutes of the meeting held on 14 April 2025"
    rows = _read(text[minutes.start : minutes.end])
    assert rows == [("resolved", "carried", None, "Cllr Fairlie", "Cllr Dymock")]


def test_a_closure_motion_carried_mid_debate_does_not_take_the_amendments_result() -> None:
    text = (
        "Councillor Starling moved an amendment, seconded by Councillor Lewellin, that the "
        "proposed reduction in the school transport budget be reversed.\n\n"
        "After a lengthy debate, Councillor Gwynfor moved that the question be now put. This was "
        "seconded by Councillor Eynon and CARRIED.\n\n"
        "There being an equality of votes, the Chair exercised her casting vote against the "
        "amendment, which was declared LOST.\n"
    )
    assert _read(text) == [
        ("amendment", "lost", None, "Councillor Starling", "Councillor Lewellin"),
        ("motion", "carried", None, "Councillor Gwynfor", "Councillor Eynon"),
    ]


@pytest.mark.parametrize(
    ("said", "votes"),
    [
        ("The Variation was made by twenty-four votes to nine.", (24, 9, None)),
        ("The motion was carried by thirty one votes to twelve.", (31, 12, None)),
        ("The amendment was lost by four votes to nine.", (4, 9, None)),
    ],
)
def test_counts_in_compound_number_words(said: str, votes: tuple[int, int, None]) -> None:
    from ingest.decisions.results import read_result

    assert read_result(said, 0).votes == votes


def test_a_scottish_motion_and_amendment_decided_in_terms_of_the_motion() -> None:
    text = (
        "Motion\n\nCouncillor Baird, seconded by Councillor Lennox, moved:- That the Committee "
        "agree to commence a statutory consultation on the closure of Glenrossie Primary.\n\n"
        "Amendment\n\nCouncillor MacRury, seconded by Councillor Fyfe, moved as an amendment:- "
        "That the Committee agree not to commence a consultation at this time.\n\n"
        "On a division, there voted as follows:-\n"
        "For the motion (9): Councillors Baird, Cowie, Drysdale, Galbraith, Lennox, McPhail, "
        "Rennie and Urquhart, and Rev. Tosh\n"
        "For the amendment (5): Councillors Fyfe, Kerr, MacRury, Sinclair and Wishart\n"
        "Abstention (1): Mrs Garvie\n\n"
        "Decision\nThe Committee agreed in terms of the motion.\n"
    )
    assert _read(text) == [
        ("motion", "carried", (9, 5, 1), "Councillor Baird", "Councillor Lennox"),
        ("amendment", "lost", (5, 9, 1), "Councillor MacRury", "Councillor Fyfe"),
    ]
