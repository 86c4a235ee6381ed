"""A fourth form the drafter never saw, written after the fixes the third one prompted.

Its own arrangement:

- a title paragraph and an introduction, then header labels above their values three to a
  row;
- every section a row inside one table, "PART 1: Early identification", its questions
  answered by words each followed by its box in one cell ("Yes ☐  No ☐  N/A ☐");
- grades on a 1 to 4 scale, with a key row "1 = Outstanding, 2 = Good, 3 = Requires
  improvement, 4 = Inadequate" above the raters' rows "Auditor score" | ☐ 1 ☐ 2 ☐ 3 ☐ 4 and
  "Manager score" | ...;
- a "Comments" row per part: the label in the first cell, the box in the second.
"""

from __future__ import annotations

from tests.builders.blank_layouts import (
    Field,
    _value,
    checkbox,
    row,
    styled,
    text,
)
from tests.builders.layout_grammar import Expected, fill_form
from tests.builders.wordform import p, run, tbl, tc

TITLE = "Thematic Audit: Neglect"
HEADER = (
    Field("Child's name"),
    Field("Case number"),
    Field("Date of audit", "date"),
    Field("Completed by"),
    Field("Service manager"),
    Field("Child's age", "integer"),
)
PARTS = (
    (
        "Early identification",
        (
            "Were signs of neglect recognised at the first contact?",
            "Was a neglect screening tool used?",
        ),
    ),
    (
        "Assessment",
        (
            "Does the assessment describe the child's daily care?",
            "Is the impact of neglect on the child analysed?",
            "Were the parents' own needs assessed?",
        ),
    ),
    ("Plan and progress", ("Has the child's care improved since the plan began?",)),
)
OPTIONS = (("Yes", "yes"), ("No", "no"), ("N/A", "n/a"))
GRADES = (
    ("1", "outstanding"),
    ("2", "good"),
    ("3", "requires_improvement"),
    ("4", "inadequate"),
)
RATERS = (("auditor", "Auditor score"), ("moderator", "Manager score"))
KEY = "1 = Outstanding, 2 = Good, 3 = Requires improvement, 4 = Inadequate"


def _body() -> str:
    out = [p(run(TITLE, bold=True)), p(run("Answer every question. Score each part 1 to 4."))]
    rows = []
    for i in range(0, len(HEADER), 3):
        chunk = HEADER[i : i + 3]
        rows.append(row(*(tc(p(run(f.label, bold=True)), 3200) for f in chunk)))
        rows.append(row(*(tc(p(_value(f)), 3200) for f in chunk)))
    out.append(tbl((3200, 3200, 3200), rows))
    out.append("<w:p/>")
    rows = []
    for n, (title, questions) in enumerate(PARTS, 1):
        rows.append(row(tc(p(run(f"PART {n}: {title}", bold=True)), 9600, span=2, fill="E2EFD9")))
        for q_no, q in enumerate(questions, 1):
            tag = f"a:{n}.{q_no}"
            inner = "".join(run(f"{o} ") + checkbox(f"{tag}={k}") + run("   ") for o, k in OPTIONS)
            rows.append(row(tc(p(run(q)), 6000), tc(p(inner), 3600)))
        rows.append(row(tc(p(run(KEY)), 9600, span=2)))
        for who, label in RATERS:
            inner = "".join(checkbox(f"r:{n}:{who}={g}") + run(f" {g}   ") for g, _ in GRADES)
            rows.append(row(tc(p(run(label, bold=True)), 6000), tc(p(inner), 3600)))
        rows.append(row(tc(p(run("Comments", bold=True)), 6000), tc(p(text(f"c:{n}")), 3600)))
    out.append(tbl((6000, 3600), rows))
    return "".join(out)


def blank() -> bytes:
    return styled(_body())


def fill_values(seed: int = 0) -> Expected:
    sections = [(str(n), len(qs)) for n, (_, qs) in enumerate(PARTS, 1)]
    return fill_form(HEADER, sections, [k for _, k in OPTIONS], GRADES, seed)
