"""A generated case audit log of any length, for benchmarks and the tests of growth.

A workbook holding ``count`` audits in the bundled audit log's layout (24 columns, 13
practice areas), so a store of 100,000 audits costs a few trackers to ingest, not 100,000
Word forms (the reader refuses a workbook of over a million cells, so the benchmarks write
a long log as several workbooks: ``first`` numbers each one's cases on from the last). The values repeat in fixed cycles (no randomness: the same count gives the same
bytes), and some cells are written the way they go wrong in real trackers so that the
data-quality list grows with the log: an unreadable grade every 40th row, an unreadable
moderation date every 97th, text that a spreadsheet would take for a formula every 50th.

Written with XlsxWriter's constant-memory mode: a million rows take seconds and little memory.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

HEADER = [
    "Case reference",
    "Audit date",
    "Service area",
    "Team",
    "Auditor",
    "Moderator",
    "Moderation date",
    "Overall grade (auditor)",
    "Overall grade (moderator)",
    "Child's age",
    "Thematic round",
    "Children, YP and families being involved including voice of the child",
    "Identification of risk",
    "Decision making being timely and effective",
    "Quality of assessments",
    "Quality of plans",
    "Children & YP benefiting from regular reviews",
    "Coordination between agencies",
    "Consideration and impact of diversity",
    "Quality of placements",
    "Permanency planning",
    "Preparation for independence",
    "Outcomes",
    "Management oversight / supervision",
]
GRADES = ("Good", "Requires Improvement", "Outstanding", "Good", "Inadequate", "Good", "N/A")
SERVICES = ("Child Protection", "Care Leaver", "Children in Need", "Adoption and Permanence")
TEAMS = ("Disabled Children's Team", "Early Help", "Children's Social Care", "Leaving Care")
AUDITORS = ("Mark Morgan", "Gareth Hughes", "Tracy Holliday", "Tracy Evans", "Lucy Wilkins")
FIRST_DAY = dt.date(2014, 4, 1)


def log_row(i: int, unreadable_every: int = 40, unreadable_cells: int = 1) -> list[object]:
    """The ``i``-th case of the generated log, as written in its cells; one row in
    ``unreadable_every`` has ``unreadable_cells`` unreadable grades."""
    day = FIRST_DAY + dt.timedelta(days=(i * 7) % 3650)
    moderated = i % 3 == 0
    grade = GRADES[i % 5]
    areas: list[object] = [GRADES[(i + k) % len(GRADES)] for k in range(13)]
    if i % unreadable_every == 7 % unreadable_every:
        for k in range(unreadable_cells):
            areas[1 + 2 * k] = "Goodish"  # no grade: unreadable, listed as a problem
    moderation: object = day + dt.timedelta(days=10) if moderated else None
    if moderated and i % 97 == 3:
        moderation = "after the panel"  # no date: unreadable
    auditor: object = AUDITORS[i % len(AUDITORS)]
    if i % 50 == 11:
        auditor = '=HYPERLINK("http://example.invalid","click")'
    return [
        f"GEN-{i:06d}",
        day,
        SERVICES[i % len(SERVICES)],
        TEAMS[(i // 3) % len(TEAMS)],
        auditor,
        "Tom Okafor" if moderated else None,
        moderation,
        grade,
        GRADES[(i + 1) % 5] if moderated else None,
        i % 18,
        None,
        *areas,
    ]


def write_large_log(
    path: Path, count: int, unreadable_every: int = 40, unreadable_cells: int = 1, *, first: int = 0
) -> Path:
    """Write a log of ``count`` audits to ``path`` (an .xlsx file) and return the path.

    ``first``: the number of the log's first case, so that several workbooks hold one long
    log between them (the reader refuses a workbook of more than a million cells, about
    41,000 of these rows, as possibly harmful)."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Audit log")
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, HEADER)
    for row, i in enumerate(range(first, first + count)):
        for col, value in enumerate(log_row(i, unreadable_every, unreadable_cells)):
            if value is None:
                continue
            if isinstance(value, dt.date):
                ws.write_datetime(row + 1, col, dt.datetime.combine(value, dt.time()), date)
            elif isinstance(value, str):
                ws.write_string(row + 1, col, value)
            else:
                ws.write_number(row + 1, col, value)  # type: ignore[arg-type]
    wb.close()
    return path
