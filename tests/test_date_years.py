"""A date an audit record cannot have (year 9999, Excel's day 0 in 1900) is no date and one
problem, whether typed as text or held by a date cell; every date of the audit years is kept."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from audit_docs.read.excel.tracker_cells import to_cell_date
from audit_docs.read.values import FIRST_YEAR, LAST_YEAR, to_date

INSIDE = st.dates(dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31))
OUTSIDE = st.dates(max_value=dt.date(FIRST_YEAR - 1, 12, 31)) | st.dates(
    min_value=dt.date(LAST_YEAR + 1, 1, 1)
)


def _written(date: dt.date) -> str:
    return f"{date.day:02d}/{date.month:02d}/{date.year:04d}"


@given(INSIDE)
def test_a_date_of_the_audit_years_is_kept_as_text_and_as_a_cell(date: dt.date) -> None:
    assert to_date(_written(date)) == (date, None)
    assert to_cell_date(date) == (date, None)
    assert to_cell_date(dt.datetime.combine(date, dt.time(9, 30))) == (date, None)


@given(OUTSIDE)
def test_a_date_outside_them_is_no_date_and_a_problem(date: dt.date) -> None:
    for value in (date, dt.datetime.combine(date, dt.time())):
        found, flaw = to_cell_date(value)
        assert found is None
        assert flaw is not None
        assert flaw.code == "not_a_date"
        assert flaw.text.startswith(f"'{_written(date)}' is not a date an audit record can have")
    if date.year >= 1000:  # four-digit years are what a person types
        found, flaw = to_date(_written(date))
        assert found is None
        assert flaw is not None
        assert flaw.code == "not_a_date"


def test_the_years_named_in_the_sentence() -> None:
    _, flaw = to_date("31/12/9999")
    assert flaw is not None
    assert flaw.text == (
        "'31/12/9999' is not a date an audit record can have (the years 1990 to 2099); check "
        "it and write it as DD/MM/YYYY"
    )
