"""Trackers are read by the cells they hold, within limits, never by the size they declare."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from audit_docs.read.excel import sheet_cells
from audit_docs.read.excel.workbook import read_workbook
from audit_docs.records import FileFailure, WorkbookResult
from tests.builders.raw_xlsx import far_column_rows, inline, number, with_dimension, write_raw_xlsx
from tests.builders.workbooks import clean_audit_log
from tests.unprivileged import SRC

#: the child reads one workbook under a 1.5 GB address-space limit and reports how it went
_READ_UNDER_A_LIMIT = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
from pathlib import Path
from audit_docs.read.excel.workbook import read_workbook
def peak_mb():
    # this process's own peak: Linux keeps ru_maxrss across exec, so it would include the
    # test runner that started it; VmHWM is the peak of this program alone
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
start = time.perf_counter()
result = read_workbook(Path(sys.argv[1]))
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "reason": getattr(result, "reason", None),
    "error": getattr(result, "error", None),
    "peak_mb": peak_mb(),
}))
"""


def test_one_cell_in_column_xfd_on_20000_rows_is_refused_in_a_second_naming_the_limit(
    tmp_path: Path,
) -> None:
    """Issue 20's 115 KB workbook took 132 s and 5.2 GB; now one sentence, at once."""
    pytest.importorskip("resource")
    path = write_raw_xlsx(tmp_path / "wide.xlsx", {"Log": far_column_rows(20_000)})
    assert path.stat().st_size < 120_000
    done = subprocess.run(
        [sys.executable, "-c", _READ_UNDER_A_LIMIT, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["reason"] == "beyond-limit"
    assert report["error"] == (
        "wide.xlsx: sheet 'Log' has a value in cell XFD1, beyond column AMJ (the 1,024th), "
        "further right than any tracker goes; the workbook is refused as possibly harmful. If "
        "it is a tracker, delete what stands to the right of its tables and save it again."
    )
    assert report["seconds"] < 3
    assert report["peak_mb"] < 300


@pytest.mark.parametrize("declared", ["A1:B2", "A1:XFD1048576", "A1"])
def test_the_size_a_sheet_declares_is_not_trusted(tmp_path: Path, declared: str) -> None:
    """A ``<dimension>`` too small hides no case; one as large as Excel costs nothing."""
    path = with_dimension(clean_audit_log(tmp_path / "log.xlsx"), declared)
    result = read_workbook(path)
    assert isinstance(result, WorkbookResult)
    assert [r.fields["case_reference"] for r in result.records] == [
        "RCC-001",
        "RCC-002",
        "RCC-003",
        "RCC-004",
    ]


def test_a_value_below_row_100000_is_refused_naming_the_limit(tmp_path: Path) -> None:
    """Excel's million rows are not a tracker's; one stray value down there says so."""
    path = write_raw_xlsx(
        tmp_path / "deep.xlsx",
        {
            "Log": [
                f'<row r="1">{inline("A1", "Case reference")}</row>',
                f'<row r="100001">{inline("B100001", "x")}</row>',
            ]
        },
    )
    result = read_workbook(path)
    assert isinstance(result, FileFailure)
    assert (result.reason, result.error) == (
        "beyond-limit",
        "deep.xlsx: sheet 'Log' has a value in row 100,001 (cell B100001), below the 100,000 "
        "rows a tracker may take; the workbook is refused as possibly harmful. If it is a "
        "tracker, delete what stands below its tables, or split it into workbooks by year, and "
        "save it again.",
    )


def test_a_cell_longer_than_excel_allows_is_refused_naming_the_limit(tmp_path: Path) -> None:
    """A 40,000-character cell was not written by Excel: refused, never cut short."""
    path = write_raw_xlsx(
        tmp_path / "long.xlsx", {"Log": [f'<row r="1">{inline("C1", "a" * 40_000)}</row>']}
    )
    result = read_workbook(path)
    assert isinstance(result, FileFailure)
    assert result.reason == "beyond-limit"
    assert result.error == (
        "long.xlsx: cell C1 on sheet 'Log' holds more than the 32,767 characters Excel allows "
        "in a cell, so the workbook was not written by Excel; it is refused as possibly harmful."
    )


def test_the_cells_a_workbook_may_cost_are_counted_across_its_sheets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many small sheets add up: the budget is the workbook's, not each sheet's."""
    monkeypatch.setattr(sheet_cells, "MAX_CELLS", 30)
    rows = [f'<row r="{r}">{number(f"E{r}", r)}</row>' for r in range(1, 4)]  # 15 cells
    path = write_raw_xlsx(tmp_path / "many.xlsx", {"One": rows, "Two": rows, "Three": rows})
    result = read_workbook(path)
    assert isinstance(result, FileFailure)
    assert result.error == (
        "many.xlsx: the workbook holds more than 30 cells (counting each row up to its last "
        "value; sheet 'Three' reached the limit at cell E1), far more than any tracker; it is "
        "refused as possibly harmful. If it is a tracker, split it into smaller workbooks."
    )


_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")), min_size=1
).filter(lambda t: t.strip() != "")
_CELLS = st.dictionaries(
    st.tuples(st.integers(1, 40), st.integers(1, 60)),
    st.one_of(_TEXT, st.integers(-(10**9), 10**9)),
    max_size=60,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=_CELLS)
def test_every_value_is_read_at_its_place_whatever_the_sheet_holds(
    tmp_path: Path, cells: dict[tuple[int, int], str | int]
) -> None:
    """Sparse cells anywhere come back at their row and column, each row up to its last value."""
    sheet = []
    for r in sorted({r for r, _ in cells}):
        row = "".join(
            inline(ref, v) if isinstance(v, str) else number(ref, v)
            for c in sorted(c for rr, c in cells if rr == r)
            for ref, v in [(f"{get_column_letter(c)}{r}", cells[(r, c)])]
        )
        sheet.append(f'<row r="{r}">{row}</row>')
    path = write_raw_xlsx(tmp_path / "cells.xlsx", {"S": sheet}, dimension="A1:B2")
    wb = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    try:
        read = sheet_cells.read_rows(wb.worksheets[0], sheet_cells.MAX_CELLS)
        rows, left = read.rows, read.budget
    finally:
        wb.close()
    found = {
        (r, c): v for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1) if v is not None
    }
    assert found == cells
    assert len(rows) == max((r for r, _ in cells), default=0)
    assert all(row == () or row[-1] is not None for row in rows)
    assert sheet_cells.MAX_CELLS - left == sum(len(row) for row in rows)
