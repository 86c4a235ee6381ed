"""Tracker cells Excel itself cannot show as a date: a number under a date format that is
negative or beyond the last date Excel knows. Never a guessed date; one problem naming the
number."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from audit_docs.read.excel.workbook import read_workbook
from audit_docs.records import WorkbookResult
from audit_docs.render.receipt import workbook_receipt
from tests.builders.workbooks import AUDIT_LOG_CASES, AUDIT_LOG_HEADER

#: Excel's last date, 31 December 9999, as a day number: beyond it a date cell shows ####
_LAST_SERIAL = 2_958_465


def _read_log(cells: dict[str, object], number_format: str | None = None) -> WorkbookResult:
    """An audit log of four cases, with ``cells`` (e.g. ``{"B2": -5}``) put over it (under
    ``number_format`` when given), read."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Audit log"
    ws.append(AUDIT_LOG_HEADER)
    for case in AUDIT_LOG_CASES[:4]:
        ws.append(case)
    for ref, value in cells.items():
        ws[ref] = value
        if number_format:
            ws[ref].number_format = number_format
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.xlsx"
        wb.save(path)
        result = read_workbook(path)
    assert isinstance(result, WorkbookResult), result
    return result


_NOT_DATES = st.one_of(
    st.integers(min_value=-(10**6), max_value=-1),
    st.floats(max_value=-0.01, min_value=-1e12),
    st.integers(min_value=_LAST_SERIAL + 1, max_value=10**15),
    st.floats(min_value=1e7, max_value=1e300),
)


@settings(max_examples=25, deadline=None)
@given(number=_NOT_DATES)
def test_a_date_cell_excel_shows_as_hashes_is_no_date_and_one_problem_naming_it(
    number: float,
) -> None:
    """-5 under a date format was read as 25 December 1899, and 1e300 was "the Excel error
    #VALUE!", though Excel shows neither (it shows ####); now each is no date and a
    not_a_date problem naming the number."""
    result = _read_log({"B2": number}, "DD/MM/YYYY")
    record = result.records[0]
    assert record.fields["audit_date"] is None, record.fields["audit_date"]
    said = [p for p in result.problems if p.code == "not_a_date"]
    assert len(said) == 1, result.problems
    assert "is not a date" in said[0].message, said[0].message
    assert "#VALUE!" not in said[0].message


def test_a_date_cell_holding_a_real_date_is_still_read() -> None:
    """The fix leaves the ordinary case alone: 42821 under a date format is 27 March 2017."""
    result = _read_log({"B2": 42821}, "DD/MM/YYYY")
    assert result.records[0].fields["audit_date"] == dt.date(2017, 3, 27)


@settings(max_examples=6, deadline=None)
@given(bad=st.integers(min_value=0, max_value=4))
def test_the_tracker_receipt_counts_problems_and_records_in_words(bad: int) -> None:
    """`check` said "1 problem(s)" and "3 record(s)"; it now says "1 problem", "2 problems",
    "3 records", one word for one count."""
    result = _read_log({f"G{row}": "Good/Outstanding" for row in range(2, 2 + bad)})
    text = workbook_receipt(result)
    n = len(result.problems)
    assert n >= bad
    status = "no problems" if n == 0 else f"{n} {'problem' if n == 1 else 'problems'}"
    assert f"log.xlsx — {status}\n" in text, text
    assert "header on row 1, 4 records" in text, text
    assert "(s)" not in text, text
