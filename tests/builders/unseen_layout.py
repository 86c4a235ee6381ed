"""A form laid out unlike anything the drafter was built or tested against, written after it.

Issue 23 asks for a layout "the tests never saw": this one was written once the drafter's
work was finished, and the drafter was not changed for it. It differs from the grammar
(``layout_grammar.py``) on purpose:

- the title in a shaded one-cell table, then an instruction paragraph;
- header fields in a six-column grid (label | value three times a row);
- sections as Heading 2 paragraphs lettered "Section A: ...", questions lettered "a)" "b)",
  answered with Y | N | N/A box columns and an evidence column;
- per section a rating table with the grade words as column headings over a row per rater,
  the label column wide and the grade columns narrow;
- the section's comments as a label paragraph over a text box paragraph, after its tables.
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

TITLE = "PRACTICE REVIEW RECORD"
HEADER = (
    Field("Child ref"),
    Field("Review date", "date"),
    Field("Worker"),
    Field("Auditor"),
    Field("Team"),
    Field("Age (years)", "integer"),
    Field("Moderator"),
    Field("Date moderated", "date"),
    Field("Legal status", "pick", ("CIN", "CP", "LAC", "Care leaver")),
)
SECTIONS = (
    (
        "A",
        "The child's voice",
        (
            "Were the child's views sought in a way that suited them?",
            "Is the child's daily life described?",
            "Did the views change what happened?",
        ),
    ),
    ("B", "Risk and need", ("Are risks named clearly?", "Is need weighed against strengths?")),
    (
        "C",
        "Plans and reviews",
        (
            "Does the plan say who does what by when?",
            "Was the plan reviewed on time?",
            "Do reviews record progress?",
        ),
    ),
    ("D", "Leadership", ("Is there a record of management direction?",)),
)
OPTIONS = (("Y", "yes"), ("N", "no"), ("N/A", "n/a"))
GRADES = (
    ("Outstanding", "outstanding"),
    ("Good", "good"),
    ("Requires Improvement", "requires_improvement"),
    ("Inadequate", "inadequate"),
)
RATERS = (("auditor", "Auditor"), ("moderator", "Manager (moderation)"))


def _heading2(words: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr>{run(words)}</w:p>'


def _body() -> str:
    out = [
        tbl((9600,), [row(tc(p(run(TITLE, bold=True)), 9600, fill="1F3864"))]),
        p(run("Complete every field; tick one box in each row.")),
    ]
    rows = []
    for i in range(0, len(HEADER), 3):
        cells = []
        for f in HEADER[i : i + 3]:
            cells += [tc(p(run(f.label, bold=True)), 1400), tc(p(_value(f)), 1800)]
        rows.append(row(*cells))
    out.append(tbl((1400, 1800) * 3, rows))
    for letter, title, questions in SECTIONS:
        out.append(_heading2(f"Section {letter}: {title}"))
        grid = (4800, 600, 600, 700, 2900)
        heads = ("Area", *(o for o, _ in OPTIONS), "Evidence")
        qrows = [row(*(tc(p(run(h, bold=True)), w) for h, w in zip(heads, grid, strict=True)))]
        for n, q in enumerate(questions):
            tag = f"a:{letter}.{n + 1}"
            qrows.append(
                row(
                    tc(p(run(f"{'abcdefgh'[n]}) {q}")), grid[0]),
                    *(
                        tc(p(checkbox(f"{tag}={k}")), w)
                        for (_, k), w in zip(OPTIONS, grid[1:4], strict=True)
                    ),
                    tc(p(text(f"e:{letter}.{n + 1}")), grid[4]),
                )
            )
        out.append(tbl(grid, qrows))
        out.append("<w:p/>")
        rgrid = (3200, 1600, 1600, 1600, 1600)
        rrows = [
            row(
                tc(p(run("Rating", bold=True)), rgrid[0]),
                *(tc(p(run(g, bold=True)), 1600) for g, _ in GRADES),
            )
        ]
        for who, label in RATERS:
            rrows.append(
                row(
                    tc(p(run(label, bold=True)), rgrid[0]),
                    *(tc(p(checkbox(f"r:{letter}:{who}={g}")), 1600) for g, _ in GRADES),
                )
            )
        out.append(tbl(rgrid, rrows))
        out.append(p(run("Overall comments for this section:", bold=True)))
        out.append(p(text(f"c:{letter}")))
    return "".join(out)


def blank() -> bytes:
    return styled(
        _body(),
        '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>'
        '<w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>',
    )


def fill_values(seed: int = 0) -> Expected:
    keys = [k for _, k in OPTIONS]
    return fill_form(HEADER, [(letter, len(qs)) for letter, _, qs in SECTIONS], keys, GRADES, seed)
