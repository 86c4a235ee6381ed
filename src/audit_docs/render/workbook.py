"""Excel workbooks for people: the data-quality list and the analysts' export.

Each sheet has one bold header row, frozen and filtered, sensible column widths and wrapped
long text, so the file is usable the moment it opens.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from audit_docs.compute.data_quality import DataQualityRow

_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
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
) -> None:
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


def write_data_quality(path: Path, rows: Sequence[DataQualityRow], title: str) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    add_sheet(
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
        widths=[9, 20, 36, 22, 16, 12, 70, 24, 60],
    )
    counts: dict[tuple[int, str], int] = {}
    for r in rows:
        counts[r.priority, r.category] = counts.get((r.priority, r.category), 0) + 1
    add_sheet(
        wb,
        "Summary",
        ["Priority", "Category", "Problems"],
        [(p, c, n) for (p, c), n in sorted(counts.items())] + [("", "Total", len(rows))],
        widths=[9, 24, 10],
    )
    wb.properties.title = title
    wb.properties.language = "en-GB"
    wb.save(path)


def write_tables(path: Path, tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for name, (header, rows) in tables.items():
        add_sheet(wb, name, header, rows)
    wb.properties.title = "audit-docs export"
    wb.save(path)
