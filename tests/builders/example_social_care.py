"""The sample social care forms in examples/inbox/forms, written by the test builders.

Two repeat audits the sample audit log holds (one agreeing with its row, one grading
identification of risk differently, which the data-quality workbook lists), and two audits
held on the form only. Run from the repository root to write them again:

    .venv/bin/python -m tests.builders.example_social_care examples/inbox/forms
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from audit_docs.read.formdef import FormDefinition, builtin_definitions
from tests.builders.definition_form import Filled, write_definition_form

G, RI, OS = "good", "requires_improvement", "outstanding"
#: the practice areas in the form's order: voice, risk, decisions, assessments, plans, reviews,
#: agencies, diversity, placements, permanency, independence, outcomes, oversight
CASES = (
    # (file, dialect, header, overall (auditor, moderator), the 13 areas' final grades)
    (
        "social-care-rcc-q2-004.docx",
        "content-controls",
        {
            "child_id": "RCC-Q2-004",
            "date_of_audit": dt.date(2016, 7, 24),
            "auditor": "Helen Shah",
            "moderator": "Joanne Turner",
            "date_of_moderation": dt.date(2016, 8, 8),
            "type_of_case": "Looked After Child",
            "team": "Children's Social Care",
            "social_worker": "Nadia Collins",
            "team_manager": "Owen Price",
            "childs_age": 17,
        },
        (G, G),
        (RI, G, RI, G, RI, RI, G, G, G, G, G, RI, G),
    ),
    (
        "social-care-rcc-q4-004.docx",
        "legacy",
        {
            "child_id": "RCC-Q4-004",
            "date_of_audit": dt.date(2017, 1, 18),
            "auditor": "Amir Morgan",
            "type_of_case": "Looked After Child",
            "team": "Disabled Children's Team",
            "social_worker": "Ruth Baker",
            "team_manager": "Owen Price",
            "childs_age": 5,
        },
        (OS, None),
        (RI, RI, RI, RI, G, RI, RI, RI, RI, G, RI, G, RI),
    ),
    (
        "social-care-lcs-3001.docx",
        "typed",
        {
            "child_id": "LCS-3001",
            "date_of_audit": dt.date(2016, 11, 21),
            "auditor": "Lucy Wilkins",
            "type_of_case": "Child in Need",
            "team": "Children's Social Care",
            "social_worker": "Dan Hughes",
            "team_manager": "Kim Ward",
            "childs_age": 8,
        },
        (RI, None),
        (RI, G, RI, RI, RI, G, G, RI, G, G, G, G, RI),
    ),
    (
        "social-care-lcs-3002.docx",
        "content-controls",
        {
            "child_id": "LCS-3002",
            "date_of_audit": dt.date(2016, 12, 5),
            "auditor": "Mark Patel",
            "moderator": "Tracy Shah",
            "date_of_moderation": dt.date(2016, 12, 16),
            "type_of_case": "Care Leaver",
            "team": "Leaving Care Team",
            "social_worker": "Ella Moss",
            "team_manager": "Kim Ward",
            "childs_age": 18,
        },
        (G, G),
        (G, G, G, RI, G, G, OS, G, G, G, OS, G, G),
    ),
)


def social_care() -> FormDefinition:
    return next(d for d in builtin_definitions() if d.id == "social-care-case-audit")


def filled(header: dict, overall: tuple, areas: tuple[str, ...]) -> Filled:
    form = social_care()
    sections = [s for s in form.rated_sections if s.practice_area]
    moderated = overall[1] is not None
    ratings = {form.section_for("overall").number: overall}  # type: ignore[union-attr]
    answers = {}
    for s, grade in zip(sections, areas, strict=True):
        ratings[s.number] = (grade, grade) if moderated else (grade, None)
        for i, q in enumerate(s.questions):
            answers[q.id] = "yes" if grade != RI or i else "no"
    return Filled(
        header=header,
        answers=answers,
        ratings=ratings,
        comments={
            sections[0].number: (
                "The child's wishes and feelings are recorded in their own words.",
                "Agreed." if moderated else None,
            )
        },
        actions=[("Review the plan so that every outcome is SMART", "Social worker", "4 weeks")],
    )


def write_examples(folder: Path) -> list[Path]:
    return [
        write_definition_form(folder / name, social_care(), filled(header, overall, areas), dialect)
        for name, dialect, header, overall, areas in CASES
    ]


if __name__ == "__main__":
    for path in write_examples(Path(sys.argv[1])):
        print(path)
