"""Excel workbooks for people: the data-quality list and the analysts' export.

Each table is an Excel Table on its own sheet (filter buttons, banded rows), its header row
frozen, its columns fitted, dates as real dates and numbers as numbers; text is always text,
never a formula. The data-quality sheets also wrap long text and print legibly: landscape
A4, fitted to the page width, the header row repeated on every page. Both are streamed
(``render/xlsx_stream.py``): rows are written as they come, in constant memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit_docs.compute.data_quality import DataQualityRow, form_rows
from audit_docs.compute.export_view import ExportColumn
from audit_docs.compute.problem_codes import CATEGORIES
from audit_docs.render.xlsx_stream import Column, Print, StreamingWorkbook


@dataclass
class WorkbookWritten:
    """What a workbook holds: rows per table, the tables that fill several sheets, and how
    many texts were too long for a cell (kept whole on the sheet of long values)."""

    rows: dict[str, int] = field(default_factory=dict)
    continued: dict[str, list[str]] = field(default_factory=dict)
    cut: int = 0


def _write(
    path: Path,
    title: str,
    tables: Iterable[tuple[str, Sequence[Column], Iterable[Sequence[Any]]]],
    printed: bool = False,
) -> WorkbookWritten:
    book = StreamingWorkbook(path, title)
    written = WorkbookWritten()
    try:
        for name, columns, rows in tables:
            table = book.add_table(
                name, columns, rows, wrap=printed, printed=Print(title) if printed else None
            )
            written.rows[name] = table.rows
            written.cut += table.cut
            if len(table.sheets) > 1:
                written.continued[name] = table.sheets
        book.close()
    except BaseException:
        book.abandon()
        raise
    return written


_PROBLEMS = [
    Column("Priority", "number", 9),
    Column("Category", width=14),
    Column("File", width=22),
    Column("Where", width=26),
    Column("Case reference", width=12),
    Column("Audit date", "date", 11),
    Column("Problem", width=48),
    Column("Found", width=16),
    Column("What to do", width=44),
]
_BY_FORM = [
    Column("File", width=30),
    Column("Case reference", width=14),
    Column("Audit date", "date", 11),
    Column("Auditor", width=20),
    Column("Problems", "number", 11),
    *(Column(c.title, "number", 13) for c in CATEGORIES),
]
_SUMMARY = [
    Column("Priority", "number", 9),
    Column("Category", width=24),
    Column("Code", width=22),
    Column("Problems", "number", 10),
]


def write_data_quality(path: Path, rows: Sequence[DataQualityRow], title: str) -> WorkbookWritten:
    """The list a QA officer works down: every problem, each form's count, and totals."""
    counts: dict[tuple[int, str, str], int] = {}
    for r in rows:
        counts[r.priority, r.category, r.code] = counts.get((r.priority, r.category, r.code), 0) + 1
    problems = (
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
    )
    forms = (
        (
            f.file,
            f.case_reference,
            f.audit_date,
            f.auditor,
            f.total,
            *(f.counts.get(c.title) for c in CATEGORIES),
        )
        for f in form_rows(rows)
    )
    summary = [(p, c, code, n) for (p, c, code), n in sorted(counts.items())]
    summary.append((None, "Total", None, len(rows)))  # type: ignore[arg-type]
    tables = [("Problems", _PROBLEMS, problems), ("By form", _BY_FORM, forms)]
    tables.append(("Summary", _SUMMARY, summary))  # type: ignore[arg-type]
    return _write(path, title, tables, printed=True)


def write_tables(
    path: Path, tables: Iterable[tuple[str, Sequence[ExportColumn], Iterator[Sequence[Any]]]]
) -> WorkbookWritten:
    """The analysts' export: a sheet per table, each an Excel Table."""
    return _write(
        path,
        "audit-docs export",
        ((name, [Column(c.name, c.kind) for c in columns], rows) for name, columns, rows in tables),
    )
