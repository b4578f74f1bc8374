"""A figure in a table that text extraction flattened (cells parted by tabs or runs of
spaces, under a head line parted the same way) is told from its neighbours by its row's label
and its column's head, which the question names; a Totals row answers only a question about
the total."""

from __future__ import annotations

from rag.answers.tables import cell_heads
from tests.short_spans import best_of_one as _best

TABLE = (
    "The results of the exercises were set out in the following table:\n"
    "Activity\tCases reviewed\tCases found incorrect\tValue identified (£)\n"
    "Single person discount\t5,870\t412\t151,300\n"
    "Council tax reduction\t1,126\t58\t44,900\n"
    "Blue badge misuse\t81\t9\tn/a\n"
    "Total\t7,077\t479\t196,200"
)
SPACED = (
    "Licences in force at 31 March 2025\n"
    "Licence type          Number      Suspended\n"
    "Hackney carriage        212            7\n"
    "Private hire            486           15\n"
    "Drivers               1,043           22"
)


def test_the_cell_of_the_row_and_column_the_question_names() -> None:
    assert _best("How many single person discount claims were found to be wrong?", TABLE) == "412"
    assert _best("How many council tax reduction cases were reviewed?", TABLE) == "1,126"
    assert _best("How many private hire licences were suspended?", SPACED) == "15"
    assert _best("How many hackney carriage licences were in force?", SPACED) == "212"


def test_the_totals_row_answers_a_question_about_the_total() -> None:
    assert _best("How many cases were found incorrect in total?", TABLE) == "479"


def test_heads_of_a_cell_and_what_is_no_cell() -> None:
    at = TABLE.index("58")
    heads = cell_heads(TABLE, at)
    assert heads is not None
    assert (heads.row, heads.column) == ("Council tax reduction", "Cases found incorrect")
    assert heads.other_columns == ("Cases reviewed", "Value identified (£)")
    assert cell_heads(TABLE, TABLE.index("Council tax")) is None  # (a row's label)
    prose = "Of 5,870 cases reviewed, 412 were found to be incorrect."
    assert cell_heads(prose, prose.index("412")) is None


def test_a_table_headed_by_years_and_a_rate_column_answers_by_its_row() -> None:
    # (heads that are financial years are heads; the sums of money in the year columns are no
    # rivals to the column of rates a rate question asks for)
    text = (
        "Proposed weekly fee rates 2025/26\n"
        "Category of care          2024/25     2025/26     Increase\n"
        "Residential               £742.00     £792.46     6.8%\n"
        "Nursing                   £803.00     £862.42     7.4%"
    )
    heads = cell_heads(text, text.index("7.4%"))
    assert heads is not None
    assert (heads.row, heads.column, heads.other_columns) == ("Nursing", "Increase", ())
    assert _best("What fee rise is proposed for nursing care in 2025/26?", text) == "7.4%"
