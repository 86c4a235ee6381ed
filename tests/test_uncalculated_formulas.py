"""A workbook written by a program rather than saved in Excel holds formulas without their
results: those cells read as empty, and one problem per sheet says why and where, instead of
a "missing" value the officer cannot find."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from audit_docs.read.excel.workbook import read_workbook
from audit_docs.records import WorkbookResult
from tests.builders.raw_xlsx import inline, write_raw_xlsx
from tests.builders.workbooks import clean_audit_log


def _formulas(path: Path, cells: dict[str, str]) -> Path:
    """openpyxl saves a formula with no result, as any program but Excel does."""
    wb = load_workbook(path)
    for ref, formula in cells.items():
        wb.active[ref] = formula
    wb.save(path)
    return path


def _problems(path: Path, code: str) -> list:
    result = read_workbook(path)
    assert isinstance(result, WorkbookResult), result
    return [p for p in result.problems if p.code == code]


def test_a_date_made_by_a_formula_never_calculated_is_named_not_guessed(tmp_path: Path) -> None:
    path = _formulas(clean_audit_log(tmp_path / "log.xlsx"), {"B3": "=DATE(2016,5,1)"})
    (problem,) = _problems(path, "formula_not_calculated")
    assert problem.message == (
        "sheet 'Audit log' has 1 formula whose result was never saved (B3): the value Excel "
        "would show there is not in the file, so that cell is read as empty"
    )
    assert problem.place is not None
    assert (problem.place.sheet, problem.place.column, problem.place.row) == ("Audit log", "B", 3)
    result = read_workbook(path)
    assert isinstance(result, WorkbookResult)
    assert result.records[1].fields.get("audit_date") is None  # never guessed


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=1, max_value=40))
def test_many_are_counted_and_the_first_five_named(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = clean_audit_log(Path(folder) / "log.xlsx")
        refs = [f"Z{row}" for row in range(2, 2 + count)]
        _formulas(path, dict.fromkeys(refs, "=1+1"))
        (problem,) = _problems(path, "formula_not_calculated")
    named = ", ".join(refs[:5]) + (f" and {count - 5:,} more" if count > 5 else "")
    assert f"({named})" in problem.message
    assert ("1 formula " if count == 1 else f"{count} formulas ") in problem.message


def test_a_formula_whose_result_excel_saved_is_read_as_its_result(tmp_path: Path) -> None:
    """Excel saves <f> with <v>: the value is read, and an empty result ("") is no problem."""
    header = ["Case reference", "Audit date", "Service area", "Overall grade (auditor)"]
    cells = "".join(inline(f"{c}1", h) for c, h in zip("ABCD", header, strict=True))
    row = (
        f'<row r="2">{inline("A2", "RCC-9")}<c r="B2"><f>DATE(2016,5,1)</f><v>42491</v></c>'
        f'{inline("C2", "Early Help")}<c r="D2" t="str"><f>IF(1,"Good","")</f><v>Good</v></c>'
        '<c r="E2" t="str"><f>""</f><v></v></c></row>'
    )
    path = write_raw_xlsx(tmp_path / "excel.xlsx", {"Log": [f'<row r="1">{cells}</row>', row]})
    assert _problems(path, "formula_not_calculated") == []
