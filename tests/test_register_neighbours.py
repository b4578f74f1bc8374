"""Votes written in other councils' house styles (a US agenda-management export, Wirral's
"(9:6)"), a vote's heading inside its item, and the register's choice between the decisions
of one item: the words only one of them says, the matter its item names before it, and
questions that ask for "support" or the votes a side "received"."""

from __future__ import annotations

from ingest.decisions.register import decisions_for
from ingest.parsers.minutes import split_minutes
from rag.answers.from_register import register_picks
from rag.answers.short import question_kinds
from rag.models import Citation, Decision
from tests.test_decision_formats import _read

GRANICUS = (
    "I.1 Resolution 5614, Water and Wastewater Rate Adjustments\n\n"
    "01:05:00 Staff presentation\n\n"
    "The Water Advisory Board had recommended approval on a 5 - 2 vote on February 20.\n\n"
    "01:09:30 Motion to adopt Resolution 5614, Adopting Water and Wastewater Rate Adjustments "
    "for Fiscal Year 2025.\n\n"
    "Deputy Mayor - Luis Carrasco: Motion\n"
    "Commissioner - Ben Okafor: 2nd\n\n"
    "01:10:00 Discussion\n\n"
    "01:24:15 Vote on the Motion to adopt Resolution 5614. The Motion carried 4 - 1\n\n"
    "Approve:\nMayor - Dana Whitcombe\nDeputy Mayor - Luis Carrasco\n\n"
    "Disapprove:\nCommissioner - Priscilla Vance\n\n"
    "02:38:00 Motion that, having reviewed the staff report, I move to approve the Cottonwood "
    "Ridge Zone Map Amendment.\n\n"
    "Commissioner - Priscilla Vance: Motion\n"
    "Commissioner - Maren Holt: 2nd\n\n"
    "03:01:25 Vote on the Motion to approve the Cottonwood Ridge Zone Map Amendment. The "
    "Motion failed 2 - 3\n"
)


def test_a_us_agenda_export_motion_its_movers_one_a_line_and_its_vote() -> None:
    assert _read(GRANICUS) == [
        (
            "motion",
            "carried",
            (4, 1, None),
            "Deputy Mayor Luis Carrasco",
            "Commissioner Ben Okafor",
        ),
        (
            "motion",
            "lost",
            (2, 3, None),
            "Commissioner Priscilla Vance",
            "Commissioner Maren Holt",
        ),
    ]


def test_wirral_votes_in_brackets_with_a_colon_and_a_motion_by_a_member() -> None:
    text = (
        "70 GARDEN WASTE SUBSCRIPTION CHARGE 2024/25\n\n"
        "Councillor Harry Sandford moved an amendment, seconded by Councillor Gwen Tasker,\n"
        "that the annual charge be held at £46 for 2024/25.\n"
        "The amendment was put and lost (6:9).\n"
        "The motion was put and carried (9:6).\n"
        "Resolved (9:6) - That the annual garden waste subscription charge be set at £49.\n\n"
        "71 HIGHWAY MAINTENANCE PROGRAMME\n\n"
        "On a motion by Councillor Paul Cunliffe, seconded by Councillor Brian Nolan, it\n"
        "was -\n"
        "Resolved (unanimously) - That the Highway Maintenance Programme be approved.\n"
    )
    rows = _read(text)
    assert rows[0] == (
        "amendment",
        "lost",
        (6, 9, None),
        "Councillor Harry Sandford",
        "Councillor Gwen Tasker",
    )
    assert rows[1][:3] == ("resolved", "carried", (9, 6, None))
    assert rows[2][3:] == ("Councillor Paul Cunliffe", "Councillor Brian Nolan")


def test_a_vote_heading_inside_an_item_is_not_an_item() -> None:
    text = (
        "FEES AND CHARGES 2024/25\n\n"
        "6. There was submitted a report by the Chief Officer (Finance).\n\n"
        "Motion\n\n"
        "Councillor McCabe, seconded by Councillor Rooney, moved that the Committee approve "
        "the schedule.\n\n"
        "Amendment\n\n"
        "Councillor Gilchrist, seconded by Councillor Baxter, moved as an amendment that the "
        "garden waste permit charge be held at £40.\n\n"
        "VOTE\n\n"
        "Motion - 9 votes\nAmendment - 5 votes\n\n"
        "The motion was accordingly declared carried.\n\n"
        "WORKFORCE MONITORING\n\n"
        "7. There was submitted a report on sickness absence.\n"
    )
    titles = [span.item.title for span in split_minutes(text)]
    assert "VOTE" not in titles
    assert "WORKFORCE MONITORING" in titles


def _register(text: str, title: str, meeting: str) -> list[Decision]:
    """The decisions ingest records for ``text`` as one agenda item, as the index returns
    them (citation, openings and the item's text before each)."""
    (span,) = [s for s in split_minutes(text) if s.end - s.start > 0][-1:]
    found = decisions_for(text, [("item-1", span)])
    return [
        Decision.model_validate(
            {
                **d.model_dump(),
                "citation": Citation(id=d.decision_id, item_title=title, source="m.txt"),
            }
        ).with_openings(meeting, text[span.start :].partition("\n")[0], "", text[: d.start])
        for d in found
    ]


FARES = (
    "LRC/33  HACKNEY CARRIAGE TABLE OF FARES\n\n"
    "The Committee considered a request for an increase of 9.5% in the table of fares.\n\n"
    "Councillor Frayling moved an amendment, seconded by Councillor Dench, that the increase "
    "be limited to 5% and that the soiling charge remain at £60. The amendment was LOST, 3 "
    "voting in favour and 7 against.\n\n"
    "The recommendations in the report were then put to the vote and carried, 9 voting in "
    "favour and 1 against, and it was\n\n"
    "RESOLVED – That the proposed table of fares, representing an average increase of 9.5%, "
    "be approved for public consultation.\n"
)
MEETING = "BRACKWATER COUNCIL Licensing and Regulatory Committee, 16 September 2025"


def test_the_words_only_an_amendment_says_answer_for_it_not_its_motion() -> None:
    """ "Holding the rise to 5%" is the amendment's: only its words say 5% (the 9.5% of the
    motion is another number, not its "5"); the item's title words tell neither apart."""
    decisions = _register(FARES, "HACKNEY CARRIAGE TABLE OF FARES", MEETING)
    assert [d.kind for d in decisions] == ["amendment", "resolved"]
    asked = (
        "When Brackwater's licensing committee reviewed hackney carriage fares in September "
        "2025, how much support was there for holding the rise to 5%?"
    )
    assert question_kinds(asked) == ("vote",)
    picks = register_picks(asked, decisions)
    assert picks[0].decision.kind == "amendment"
    assert FARES[picks[0].start : picks[0].end].endswith("LOST, 3 voting in favour and 7 against.")
    # and the motion's own words still answer for the motion
    asked = "How did Brackwater's licensing committee vote on the 9.5% increase in fares?"
    assert register_picks(asked, decisions)[0].decision.kind == "resolved"


def test_the_votes_a_side_received_ask_about_that_side() -> None:
    """ "How many votes did the amendment … receive?": "receive" names no matter."""
    decisions = _register(FARES, "HACKNEY CARRIAGE TABLE OF FARES", MEETING)
    asked = (
        "At Brackwater's licensing committee in September 2025, how many votes did the "
        "amendment to limit the fares increase receive?"
    )
    picks = register_picks(asked, decisions)
    assert picks and picks[0].decision.kind == "amendment"


def test_the_matter_named_above_a_motion_in_its_item_answers_for_it() -> None:
    """A motion whose own words say only "proceeds with the development": the sub-heading
    earlier in its item names the matter, beyond the passage that holds the motion."""
    text = (
        "4. HOUSING\n\n"
        "(b) Part 8 - Proposed construction of 28 social housing units at Loughmacask Road\n\n"
        + "Mr. Furlong presented the Chief Executive's report on the submissions received. "
        * 8
        + '\n\nIt was proposed by Cllr. Roisín Lalor, seconded by Cllr. Declan Purcell: "That '
        "the Council, having considered the report of the Chief Executive, proceeds with the "
        'development as recommended in the report."\n\n'
        "A vote was taken as follows:\n\nFor: 17; Against: 4; Abstain: 1.\n\n"
        "The Cathaoirleach declared the resolution carried.\n"
    )
    decisions = _register(text, "HOUSING", "KILKENNY COUNTY COUNCIL Ordinary Meeting")
    asked = "What was the vote on proceeding with the Loughmacask Road social housing scheme?"
    (pick,) = register_picks(asked, decisions)
    assert text[pick.start : pick.end] == "For: 17; Against: 4; Abstain: 1"
    # without the item's text before it, its own words do not name the matter
    bare = [d.with_openings(*d.openings, "", "") for d in decisions]
    assert register_picks(asked, bare) == []


def test_a_bid_asked_for_by_what_it_wanted_rather_than_what_was_proposed() -> None:
    text = (
        "4 Scottish Welfare Fund and Discretionary Housing Payments\n"
        "The report proposed that £250,000 be transferred from the Tackling Poverty reserve to "
        "the Scottish Welfare Fund.\n"
        "Councillor Kilmory, seconded by Councillor Nairn, moved that the recommendations in\n"
        "the report be approved.\n"
        "Councillor Fenwick, seconded by Councillor Paton, moved as an amendment that the sum to\n"
        "be transferred from the Tackling Poverty reserve be increased to £400,000.\n"
        "5 members having voted for the amendment and 9 members for the motion, the motion was\n"
        "accordingly declared carried.\n"
    )
    decisions = _register(
        text, "Scottish Welfare Fund and Discretionary Housing Payments", "Policy Board"
    )
    question = (
        "Which councillor wanted £400,000 rather than £250,000 moved into the Scottish Welfare "
        "Fund?"
    )
    picks = register_picks(question, decisions)
    assert picks and picks[0].decision.mover == "Councillor Fenwick"
