"""Excel workbooks for people: the data-quality list and the analysts' export.

Each sheet has one bold header row, frozen and filtered, sensible column widths and wrapped
long text, so the file is usable the moment it opens. The data-quality sheets also print
legibly: landscape A4, fitted to the page width, the header row repeated on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from audit_docs.compute.data_quality import DataQualityRow, form_rows
from audit_docs.compute.problem_codes import CATEGORIES
from audit_docs.render.saving import save_packed

_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_HEADER_FONT = Font(name="Calibri", bold=True, color="FFFFFF")
#: characters Excel cannot hold in a cell (XML 1.0 control characters)
_ILLEGAL = {c: None for c in range(32) if c not in (9, 10, 13)}


def _cell(value: Any) -> Any:
    return value.translate(_ILLEGAL) if isinstance(value, str) else value


def add_sheet(
    wb: Workbook,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[int] | None = None,
) -> Worksheet:
    ws = wb.create_sheet(title[:31])
    ws.append(list(header))
    for row in rows:
        ws.append([_cell(v) for v in row])
        for cell in ws[ws.max_row]:
            if cell.data_type == "f":  # text an auditor wrote starting with "=": not a formula
                cell.data_type = "s"
    for cell in ws[1]:
        cell.fill, cell.font = _HEADER_FILL, _HEADER_FONT
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    for i, name in enumerate(header, 1):
        if widths:
            width = widths[i - 1]
        else:
            longest = max([len(str(name)), *(len(str(r[i - 1] or "")) for r in rows[:200])])
            width = min(max(longest + 2, 8), 60)
        ws.column_dimensions[get_column_letter(i)].width = width
    wrap = Alignment(vertical="top", wrap_text=True)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    _fit_row_heights(ws)
    return ws


def _fit_row_heights(ws: Worksheet) -> None:
    """Tall enough for the wrapped text: not every spreadsheet program sizes rows on opening,
    and a printed row cut to one line hides the advice."""
    widths = {
        i: ws.column_dimensions[get_column_letter(i)].width or 8
        for i in range(1, ws.max_column + 1)
    }
    for row in ws.iter_rows():
        lines = 1
        per_unit = 0.9 if row[0].row == 1 else 1.15  # the header row is bold
        for cell in row:
            if cell.value is None:
                continue
            chars = max(int(widths.get(cell.column, 8) * per_unit) - 1, 1)
            lines = max(
                lines,
                sum(-(-max(len(part), 1) // chars) for part in str(cell.value).split("\n")),
            )
        ws.row_dimensions[row[0].row].height = min(15 * lines, 409)


def _printable(ws: Worksheet, title: str) -> None:
    """Landscape A4, one page wide, the header row on every page, page numbers below."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_title_rows = "1:1"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.gridLines = True
    ws.oddHeader.left.text = f"{title}: {ws.title}"
    ws.oddFooter.right.text = "Page &P of &N"


def write_data_quality(path: Path, rows: Sequence[DataQualityRow], title: str) -> None:
    """The list a QA officer works down: every problem, each form's count, and totals."""
    wb = Workbook()
    wb.remove(wb.active)
    problems = add_sheet(
        wb,
        "Problems",
        [
            "Priority",
            "Category",
            "File",
            "Where",
            "Case reference",
            "Audit date",
            "Problem",
            "Found",
            "What to do",
        ],
        [
            (
                r.priority,
                r.category,
                r.file,
                r.where,
                r.case_reference,
                r.audit_date,
                r.problem,
                r.found,
                r.what_to_do,
            )
            for r in rows
        ],
        widths=[9, 14, 22, 26, 12, 11, 48, 16, 44],
    )
    forms = add_sheet(
        wb,
        "By form",
        [
            "File",
            "Case reference",
            "Audit date",
            "Auditor",
            "Problems",
            *(c.title for c in CATEGORIES),
        ],
        [
            (
                f.file,
                f.case_reference,
                f.audit_date,
                f.auditor,
                f.total,
                *(f.counts.get(c.title) for c in CATEGORIES),
            )
            for f in form_rows(rows)
        ],
        widths=[30, 14, 11, 20, 11, *([13] * len(CATEGORIES))],
    )
    counts: dict[tuple[int, str, str], int] = {}
    for r in rows:
        counts[r.priority, r.category, r.code] = counts.get((r.priority, r.category, r.code), 0) + 1
    summary = add_sheet(
        wb,
        "Summary",
        ["Priority", "Category", "Code", "Problems"],
        [(p, c, code, n) for (p, c, code), n in sorted(counts.items())]
        + [("", "Total", "", len(rows))],
        widths=[9, 24, 22, 10],
    )
    for ws in (problems, forms, summary):
        _printable(ws, title)
    wb.properties.title = title
    wb.properties.language = "en-GB"
    save_packed(wb.save, path)


def write_tables(path: Path, tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for name, (header, rows) in tables.items():
        add_sheet(wb, name, header, rows)
    wb.properties.title = "audit-docs export"
    save_packed(wb.save, path)
