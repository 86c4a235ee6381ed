"""A third form the drafter never saw, written after the fixes the second one prompted.

Its own arrangement:

- the title as a Heading 1 paragraph, then a two-column header grid whose label cells carry a
  hint on a second line ("Date of audit" over "(dd/mm/yyyy)");
- sections as bold paragraphs "Section 1 - Pathway planning";
- a question table with a number column of its own: "No." | "Question" | "Answer", the
  answer a drop-down of Yes / No / Partly / N/A;
- a rating table per section: "Auditor rating" | [list] and "QA moderator rating" | [list],
  the grades listed worst first (Inadequate, Requires Improvement, Good, Outstanding), then
  "Auditor comments" | [text].
"""

from __future__ import annotations

from tests.builders.blank_layouts import (
    Field,
    _value,
    bold,
    dropdown,
    heading,
    row,
    styled,
    text,
)
from tests.builders.layout_grammar import Expected, fill_form
from tests.builders.wordform import p, run, tbl, tc

TITLE = "Quality Assurance Audit - Care Leavers"
HEADER = (
    (Field("Young person's name"), ""),
    (Field("LCS number"), ""),
    (Field("Date of audit", "date"), "(dd/mm/yyyy)"),
    (Field("Personal adviser"), ""),
    (Field("Team"), ""),
    (Field("Age", "integer"), "(in years)"),
)
SECTIONS = (
    (
        "Pathway planning",
        (
            "Is there a pathway plan in date?",
            "Was the young person involved in writing it?",
            "Does the plan cover accommodation?",
        ),
    ),
    ("Health and wellbeing", ("Has a health passport been given?", "Are health needs met?")),
    ("Education, employment and training", ("Is the young person in education or work?",)),
)
OPTIONS = (("Yes", "yes"), ("No", "no"), ("Partly", "partially"), ("N/A", "n/a"))
GRADES = (
    ("Inadequate", "inadequate"),
    ("Requires Improvement", "requires_improvement"),
    ("Good", "good"),
    ("Outstanding", "outstanding"),
)
RATERS = (("auditor", "Auditor rating"), ("moderator", "QA moderator rating"))


def _body() -> str:
    out = [heading(TITLE)]
    rows = []
    for f, hint in HEADER:
        label = [p(run(f.label, bold=True))] + ([p(run(hint))] if hint else [])
        rows.append(row(tc(label, 3600), tc(p(_value(f)), 6000)))
    out.append(tbl((3600, 6000), rows))
    for n, (title, questions) in enumerate(SECTIONS, 1):
        out.append(bold(f"Section {n} - {title}"))
        grid = (900, 6300, 2400)
        heads = ("No.", "Question", "Answer")
        qrows = [row(*(tc(p(run(h, bold=True)), w) for h, w in zip(heads, grid, strict=True)))]
        for q_no, q in enumerate(questions, 1):
            qrows.append(
                row(
                    tc(p(run(f"{n}.{q_no}")), grid[0]),
                    tc(p(run(q)), grid[1]),
                    tc(p(dropdown(f"a:{n}.{q_no}", tuple(o for o, _ in OPTIONS))), grid[2]),
                )
            )
        out.append(tbl(grid, qrows))
        out.append("<w:p/>")
        rrows = [
            row(
                tc(p(run(label, bold=True)), 3600),
                tc(p(dropdown(f"r:{n}:{who}", tuple(g for g, _ in GRADES))), 6000),
            )
            for who, label in RATERS
        ]
        rrows.append(
            row(tc(p(run("Auditor comments", bold=True)), 3600), tc(p(text(f"c:{n}")), 6000))
        )
        out.append(tbl((3600, 6000), rrows))
        out.append("<w:p/>")
    return "".join(out)


def blank() -> bytes:
    return styled(_body())


def fill_values(seed: int = 0) -> Expected:
    sections = [(str(n), len(qs)) for n, (_, qs) in enumerate(SECTIONS, 1)]
    keys = [k for _, k in OPTIONS]
    return fill_form([f for f, _ in HEADER], sections, keys, GRADES, seed)
