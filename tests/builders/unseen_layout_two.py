"""A second form the drafter never saw, written after the fixes the first one prompted.

``unseen_layout.py`` found three faults (a drop-down's label taken from the row's first
words; one-letter Y | N headings; a comment written under its label); once they were fixed,
that layout was no longer unseen. This one was written next, run once, and the drafter was
not changed for it. Its own arrangement:

- the title in bold capitals, then header fields as "Label: [ ]" lines inside the cells of a
  two-column table (label and value in one cell);
- sections as tables headed by a shaded row "Domain 1 — Safety and risk" (the number in a
  word the drafter does not know), questions "Q1." "Q2." answered by boxes on lines of their
  own in one cell (☐ Yes / ☐ No / ☐ Not applicable);
- both grades in one row: "Grade given by auditor" | [list] | "Grade after moderation" |
  [list], on a three-grade scale (Good / Requires improvement / Inadequate);
- comments in a full-width cell, the label on the first line and the box below it.
"""

from __future__ import annotations

from tests.builders.blank_layouts import (
    Field,
    _value,
    checkbox,
    dropdown,
    row,
    styled,
    text,
)
from tests.builders.layout_grammar import Expected, fill_form
from tests.builders.wordform import p, run, tbl, tc

TITLE = "FAMILY SUPPORT SUPERVISION AUDIT"
HEADER = (
    Field("Family ID"),
    Field("Date of audit", "date"),
    Field("Key worker"),
    Field("Auditor"),
    Field("Service", "pick", ("Early help", "Family support", "Edge of care")),
    Field("Number of children", "integer"),
    Field("Moderator"),
    Field("Moderation date", "date"),
)
DOMAINS = (
    (
        "Safety and risk",
        ("Is the current risk to each child stated?", "Was a safety plan agreed with the family?"),
    ),
    (
        "Family voice",
        (
            "Are the parents' views recorded?",
            "Were the children spoken to on their own?",
            "Did the family help write the plan?",
        ),
    ),
    ("Supervision", ("Was the case discussed in supervision this quarter?",)),
)
OPTIONS = (("Yes", "yes"), ("No", "no"), ("Not applicable", "n/a"))
GRADES = (
    ("Good", "good"),
    ("Requires improvement", "requires_improvement"),
    ("Inadequate", "inadequate"),
)
RATERS = (("auditor", "Grade given by auditor"), ("moderator", "Grade after moderation"))


def _body() -> str:
    out = [p(run(TITLE, bold=True))]
    rows = []
    for i in range(0, len(HEADER), 2):
        rows.append(
            row(
                *(tc(p(run(f"{f.label}: ", bold=True), _value(f)), 4800) for f in HEADER[i : i + 2])
            )
        )
    out.append(tbl((4800, 4800), rows))
    out.append("<w:p/>")
    grid = (3200, 1600, 3200, 1600)
    for n, (title, questions) in enumerate(DOMAINS, 1):
        rows = [row(tc(p(run(f"Domain {n} — {title}", bold=True)), 9600, span=4, fill="D9E2F3"))]
        for q_no, q in enumerate(questions, 1):
            tag = f"a:{n}.{q_no}"
            lines = [p(checkbox(f"{tag}={k}"), run(f" {o}")) for o, k in OPTIONS]
            rows.append(row(tc(p(run(f"Q{q_no}. {q}")), 6400, span=3), tc(lines, 3200)))
        cells = []
        for who, label in RATERS:
            cells += [
                tc(p(run(label, bold=True)), grid[0]),
                tc(p(dropdown(f"r:{n}:{who}", tuple(g for g, _ in GRADES))), grid[1]),
            ]
        rows.append(row(*cells))
        rows.append(
            row(
                tc(
                    [p(run("Evidence and comments", bold=True)), p(text(f"c:{n}"))],
                    9600,
                    span=4,
                )
            )
        )
        out.append(tbl(grid, rows))
        out.append("<w:p/>")
    return "".join(out)


def blank() -> bytes:
    return styled(_body())


def fill_values(seed: int = 0) -> Expected:
    keys = [k for _, k in OPTIONS]
    return fill_form(
        HEADER, [(str(n), len(qs)) for n, (_, qs) in enumerate(DOMAINS, 1)], keys, GRADES, seed
    )
