"""The data-quality list: everything a QA officer has to look at, in the order to work on it.

Files that could not be read come first (nothing in them is counted), then values that
could not be read, are ambiguous or missing, then disagreements between a form and the audit
log, then flags from the grading rules, then notices. Within each, by file and place, so all
of one form's problems sit together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from audit_docs.records import Refusal, StoredProblem

#: the order to work down the list, and what to do about each kind of problem
KINDS: dict[str, tuple[int, str, str]] = {
    "refused": (
        1,
        "File not read",
        "Nothing in this file is counted until it is fixed: follow the advice in the problem, "
        "then put the corrected file in the inbox.",
    ),
    "unreadable": (
        2,
        "Value not readable",
        "Correct the value in the file (use one of the form's choices, a date such as "
        "14/04/2016, a whole number), save it and put it in the inbox again.",
    ),
    "ambiguous": (
        3,
        "Ambiguous value",
        "Leave exactly one choice ticked or written, save the file and put it in the inbox again.",
    ),
    "missing": (
        4,
        "Value missing",
        "Complete it in the form or tracker (or mark N/A where that applies) and put the "
        "corrected file in the inbox.",
    ),
    "disagreement": (
        5,
        "Form and log disagree",
        "Check the case file; correct the audit log row or the form, whichever is wrong.",
    ),
    "rule": (
        6,
        "Guidance check",
        "Discuss with the auditor (and moderator); change the grade only if professional "
        "judgement agrees. No change is made automatically.",
    ),
    "notice": (7, "For information", "No change needed unless the notice shows a mistake."),
}


@dataclass(frozen=True)
class DataQualityRow:
    priority: int
    category: str
    file: str
    where: str
    case_reference: str | None
    audit_date: str | None
    problem: str
    found: str | None
    what_to_do: str


def _where(location: str | None) -> str:
    if not location:
        return ""
    if location.startswith("header."):
        return "header: " + location.removeprefix("header.").replace("_", " ")
    if location.startswith("ratings."):
        return "section " + location.removeprefix("ratings.").replace(".", ", ") + " rating"
    if location[:1].isdigit() and "." in location and "!" not in location:
        return f"question {location}"
    return location


def data_quality_rows(
    problems: Iterable[StoredProblem], refusals: Iterable[Refusal]
) -> list[DataQualityRow]:
    rows = []
    for r in refusals:
        priority, category, todo = KINDS["refused"]
        rows.append(
            DataQualityRow(
                priority, category, r.path, "whole file", None, None, r.error, r.reason, todo
            )
        )
    for p in problems:
        priority, category, todo = KINDS.get(p.kind, KINDS["unreadable"])
        message = p.message[:1].upper() + p.message[1:]
        rows.append(
            DataQualityRow(
                priority,
                category,
                p.source,
                _where(p.location),
                p.case_reference,
                p.audit_date.isoformat() if p.audit_date else None,
                message,
                p.found,
                todo,
            )
        )
    rows.sort(key=lambda r: (r.priority, r.file.casefold(), r.where, r.problem))
    return rows


def count_line(rows: list[DataQualityRow]) -> str:
    files = len({r.file for r in rows})
    if not rows:
        return "No problems: every value in the store was read."
    by: dict[str, int] = {}
    for r in rows:
        by[r.category] = by.get(r.category, 0) + 1
    parts = ", ".join(f"{n} {c.lower()}" for c, n in by.items())
    return f"{len(rows)} problems in {files} files ({parts})."
