"""Several financial years of forms and audit-log rows, for the tests of reports over years."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from tests.builders.wordform import example_spec, write_form
from tests.builders.workbooks import write_workbook

TRACKERS = Path(__file__).parents[1] / "data" / "trackers"

LOG_HEADER = ["Case reference", "Audit date", "Service area", "Auditor", "Moderator"]
LOG_HEADER += ["Moderation date", "Overall grade (auditor)", "Overall grade (moderator)"]
LOG_HEADER += ["Child's age", "Identification of risk", "Outcomes"]


def log_rows(first: int, grades: list[str], moderated: int) -> list[list[object]]:
    rows: list[list[object]] = []
    for i, grade in enumerate(grades):
        day = dt.date(first, 4 + (i % 9), 10)
        who, when, moderator = ("Tom Okafor", day, grade) if i < moderated else (None,) * 3
        rows.append([f"L{first}-{i:03d}", day, "Child in Need", "Mark Morgan", who, when, grade])
        rows[-1] += [moderator, 8, grade, "Good"]
    return rows


def year_forms(folder: Path, first: int, grades: list[str]) -> None:
    for i, grade in enumerate(grades):
        spec = example_spec()
        header = spec.header | {
            "case_id": f"F{first}-{i}",
            "audit_date": dt.date(first, 5 + i, 12),
            "moderation_date": dt.date(first, 6 + i, 3),
        }
        ratings = {str(n): (grade, grade) for n in range(1, 9)}
        write_form(folder / f"form-{first}-{i}.docx", replace(spec, header=header, ratings=ratings))


def three_year_inbox(inbox: Path) -> None:
    """2015-16, 2016-17 and 2017-18: forms, audit logs and the bundled trackers (2016-17 with
    a Voice of the Child round in August 2016 and another in April 2017)."""
    import shutil

    shutil.copytree(TRACKERS, inbox / "trackers")
    year_forms(inbox / "forms", 2015, ["good", "good", "outstanding"])
    year_forms(inbox / "forms", 2016, ["inadequate", "requires_improvement"])
    year_forms(inbox / "forms", 2017, ["good"])
    write_workbook(
        inbox / "trackers" / "audit-log-2015-16.xlsx",
        {"Log": [LOG_HEADER, *log_rows(2015, ["good"] * 8 + ["inadequate"] * 4, 12)]},
    )
    write_workbook(
        inbox / "trackers" / "audit-log-2017-18.xlsx",
        {"Log": [LOG_HEADER, *log_rows(2017, ["requires_improvement"] * 6, 0)]},
    )
