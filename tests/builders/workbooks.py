"""Small Excel workbooks for tests, written with openpyxl.

A sheet is a list of rows; a row is a list of cell values (None leaves the cell empty;
datetime.date values are written as real Excel dates). Hidden columns, merged ranges and
hidden sheets are set per sheet name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

Rows = Sequence[Sequence[Any]]


def write_workbook(
    path: Path,
    sheets: Mapping[str, Rows],
    *,
    hidden_columns: Mapping[str, Iterable[str]] | None = None,
    merged: Mapping[str, Iterable[str]] | None = None,
    hidden_sheets: Iterable[str] = (),
) -> Path:
    """Write ``sheets`` (name -> rows) to ``path`` as an .xlsx file and return the path."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                    cell.number_format = "DD/MM/YYYY"
        for letter in (hidden_columns or {}).get(name, ()):
            ws.column_dimensions[letter].hidden = True
        for cells in (merged or {}).get(name, ()):
            ws.merge_cells(cells)
        if name in set(hidden_sheets):
            ws.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# --- an audit log, written tidily and as people really keep it -----------------------------

AUDIT_LOG_HEADER = [
    "Case reference",
    "Audit date",
    "Service area",
    "Auditor",
    "Moderator",
    "Moderation date",
    "Overall grade (auditor)",
    "Overall grade (moderator)",
    "Child's age",
    "Identification of risk",
    "Outcomes",
]

AUDIT_LOG_CASES = [
    [
        "RCC-001",
        dt.date(2016, 4, 14),
        "Child Protection",
        "Mark Morgan",
        None,
        None,
        "Requires Improvement",
        None,
        9,
        "Good",
        "Requires Improvement",
    ],
    [
        "RCC-002",
        dt.date(2016, 5, 15),
        "Children with Disabilities",
        "Lucy Wilkins",
        "Paul Patel",
        dt.date(2016, 5, 30),
        "Outstanding",
        "Good",
        11,
        "Good",
        "Good",
    ],
    [
        "RCC-003",
        dt.date(2016, 6, 14),
        "Adoption and Permanence",
        "Tracy Price",
        "Tracy Shah",
        dt.date(2016, 6, 18),
        "Inadequate",
        "Inadequate",
        12,
        "Inadequate",
        "N/A",
    ],
    [
        "RCC-004",
        dt.date(2017, 1, 11),
        "Care Leaver",
        "Karen Turner",
        None,
        None,
        "Good",
        None,
        17,
        "Not recorded",
        "Good",
    ],
]


def clean_audit_log(path: Path) -> Path:
    """The header in row 1, one case per row, nothing else."""
    return write_workbook(path, {"Audit log": [AUDIT_LOG_HEADER, *AUDIT_LOG_CASES]})


def messy_audit_log(path: Path) -> Path:
    """The same cases as ``clean_audit_log``, kept the way trackers really are kept.

    A merged title over two title rows and a blank row; headers renamed, re-ordered, padded
    with spaces and one of them hidden; dates as Excel dates, as typed text and as a bare day
    number; grades as abbreviations in any case; an age with its unit; a blank row between
    cases; a totals row and a note under the table.
    """
    header = [
        "Case Ref ",
        "Date of audit",
        "Service",
        "Auditor name",
        "Overall Grade",
        "Moderated by",
        "Date moderated",
        "Moderator's grade",
        "Age (years)",
        "Risk",
        "Outcomes for the child",
    ]
    rows = [
        ["Rutland County Council: case audit log 2016-17"],
        ["Kept by the QA team. Moderated audits are marked."],
        [],
        header,
        [
            "RCC-001 ",
            "14/04/2016",
            "Child Protection",
            "Mark Morgan",
            "RI",
            None,
            None,
            None,
            "9 yrs",
            "good",
            "Req. Improvement",
        ],
        [
            "RCC-002",
            dt.datetime(2016, 5, 15, 0, 0),
            "Children with Disabilities",
            " Lucy Wilkins",
            "OUTSTANDING",
            "Paul Patel",
            "30.05.16",
            "Good ",
            11.0,
            "Good",
            "G",
        ],
        [],
        [
            "RCC-003",
            42535,  # 14/06/2016 as a day number whose date format was lost
            "Adoption and Permanence",
            "Tracy Price",
            "inadequate",
            "Tracy Shah",
            dt.date(2016, 6, 18),
            "Inad",
            "12",
            "Inadequate",
            "n/a",
        ],
        [
            "RCC-004",
            "11 January 2017",
            "Care Leaver",
            "Karen Turner",
            "Good",
            None,
            None,
            None,
            17,
            "not recorded",
            "Good",
        ],
        [],
        ["Total", None, None, None, 4, None, None, 2],
        ["* RCC-003 was moderated after the panel of 16 June 2016"],
    ]
    return write_workbook(
        path,
        {"2016-17": rows},
        hidden_columns={"2016-17": ["F"]},
        merged={"2016-17": ["A1:K1"]},
    )


# --- thematic rounds ------------------------------------------------------------------------

VOC_HEADER = [
    "Case",
    "Gender",
    "Age",
    "Present at TAF",
    "Evidence of the voice of the child in the plan",
    "Evidence of 1:1 work completed with this child",
    "Evidence of child seen / Observations made (Family visits, activities)",
]


def voc_round(title: str, date_line: str | None, cases: Rows) -> list[list[Any]]:
    """A thematic round as written on a sheet: title, date line, blank row, header, cases."""
    rows: list[list[Any]] = [[title]]
    if date_line:
        rows.append([date_line])
    rows.append([])
    rows.append(list(VOC_HEADER))
    rows.extend(list(c) for c in cases)
    return rows
