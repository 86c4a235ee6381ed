"""A grammar of audit form layouts: forms composed from parts, each part printed one of the
ways councils print it, as a blank whose every place to fill is a tagged empty control.

A ``Composition`` names one choice per part (``PARTS``):

- header: a two- or four-column grid of label | value, labels above their values, or
  "Label: [ ]" lines;
- sections: Heading 1 paragraphs, bold numbered paragraphs, or title rows inside one table;
- answers: a box per option under Yes | No | N/A column headings, the boxes in the cell
  ("☐ Yes ☐ No"), a drop-down, or a place to type under a "Yes / No / N/A" heading;
- grades: "☐ Good" in one cell, "Good ☐" in one cell, each box in its own cell with its word
  in the cell to the right or to the left, grade words as column headings over a row of boxes
  per rater, the words in the cell under each box, a drop-down, or a paragraph per rater
  after the section's table ("Auditor grade: ☐ Good ☐ Adequate ...");
- comments: a box holding its label and the text, a label | text row, or a "Comments:"
  paragraph after the section's table;
- scale: the usual four grades, Good / Adequate / Inadequate, or 1 to 4;
- header_at: the header before the sections, or after them (a case-information grid or
  "Auditor name / Date" lines at the end of the form).

The incidental content (which header fields, how many sections and questions, the raters'
labels, whether Partially is an option) comes with the composition, drawn by the tests. Tags
are those of ``tests/builders/filler.py``: ``h:KEY``, ``a:S.Q``, ``r:S:WHO``, ``c:S``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from tests.builders.blank_layouts import (
    _HEADING_STYLES,
    Field,
    _answer_key,
    _value,
    bold,
    checkbox,
    dropdown,
    header_values,
    heading,
    row,
    text,
)
from tests.builders.wordform import _STYLES, document_xml, p, package, run, tbl, tc

T = TypeVar("T")

PARTS: dict[str, tuple[str, ...]] = {
    "header": ("grid2", "grid4", "above", "lines"),
    "sections": ("headings", "bold", "rows"),
    "answers": ("columns", "in_cell", "drop_down", "typed"),
    "grades": (
        "box_word",
        "word_box",
        "cell_right",
        "cell_left",
        "headers",
        "below",
        "drop_down",
        "paragraph",
    ),
    "comments": ("box", "row", "paragraph"),
    "scale": ("four", "three", "numbers"),
    "header_at": ("top", "end"),
}
#: choices that cannot go together: a paragraph cannot stand inside a table's rows
IMPOSSIBLE = frozenset(
    {
        (("sections", "rows"), ("comments", "paragraph")),
        (("sections", "rows"), ("grades", "paragraph")),
    }
)

SCALES: dict[str, tuple[tuple[str, str], ...]] = {
    "four": (
        ("Outstanding", "outstanding"),
        ("Good", "good"),
        ("Requires improvement", "requires_improvement"),
        ("Inadequate", "inadequate"),
    ),
    "three": (("Good", "good"), ("Adequate", "requires_improvement"), ("Inadequate", "inadequate")),
    "numbers": (
        ("1", "outstanding"),
        ("2", "good"),
        ("3", "requires_improvement"),
        ("4", "inadequate"),
    ),
}

#: header fields a council's form may ask for (at most one of each role)
FIELD_POOL = (
    Field("Case reference"),
    Field("Date of audit", "date"),
    Field("Auditor"),
    Field("Team"),
    Field("Social worker"),
    Field("Child's age", "integer"),
    Field("Moderator"),
    Field("Date of moderation", "date"),
    Field("Legal status", "pick", ("CIN", "CP", "CLA")),
    Field("Case type", "choice", ("Early help", "Child in need", "Child protection")),
    Field("Audited before?", "yes_no"),
    Field("Months open", "integer"),
)
TITLES = (
    "Voice of the child",
    "Assessment",
    "Planning",
    "Management oversight",
    "Partnership working",
    "Outcomes for the child",
)
QUESTIONS = (
    "Has the child been seen alone?",
    "Are the child's wishes recorded in their own words?",
    "Is the assessment up to date?",
    "Are risks and strengths analysed?",
    "Is there a current plan?",
    "Are the plan's actions specific and timed?",
    "Is supervision recorded every month?",
    "Are decisions recorded with reasons?",
    "Were partner agencies consulted?",
    "Is the child's situation improving?",
    "Has drift or delay been avoided?",
    "Was the family involved in the plan?",
)
AUDITOR_LABELS = ("Auditor grade", "Auditor's rating:", "Grade (auditor)", "Auditor judgement:")
MODERATOR_LABELS = (
    "Moderator grade",
    "Manager moderation grade:",
    "Reviewer's rating",
    "QA grade:",
    "Second line grade",
)
COMMENT_LABELS = ("Comments", "Auditor's comments", "Comments and evidence")
#: a third rater's row beside the moderator's ("Manager review grade"): a second second-line
#: grade, which the drafter names and leaves unread (the moderator's is the moderation)
THIRD_LABELS = ("Manager review grade", "Reviewer's rating", "QA grade:", "Second line grade")

#: the table every section is laid on: ten equal columns, cells spanning some of them
GRID = (960,) * 10


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Composition:
    """One choice per part, and the form's content."""

    header: str
    sections: str
    answers: str
    grades: str
    comments: str
    scale: str
    fields: tuple[Field, ...]
    parts: tuple[Section, ...]
    raters: tuple[str, str]
    comment_label: str = "Comments"
    options: tuple[str, ...] = ("Yes", "No", "N/A")
    title: str = "Case File Audit"
    header_at: str = "top"
    #: a third rater's label, or None: its row is printed before the moderator's when the
    #: moderator's label says "moderat…" (that one is read whatever the order), else after
    third: str | None = None

    def rater_rows(self) -> list[tuple[str, str]]:
        """(who, label) of every grade row of a section, in the order printed."""
        auditor, moderator = self.raters
        if self.third is None:
            return [("auditor", auditor), ("moderator", moderator)]
        if "moderat" in moderator.lower():
            return [("auditor", auditor), ("third", self.third), ("moderator", moderator)]
        return [("auditor", auditor), ("moderator", moderator), ("third", self.third)]

    @property
    def name(self) -> str:
        return "-".join(
            (
                self.header,
                self.sections,
                self.answers,
                self.grades,
                self.comments,
                self.scale,
                self.header_at,
            )
        )

    def choices(self) -> dict[str, str]:
        return {part: getattr(self, part) for part in PARTS}


# -- the parts ---------------------------------------------------------------------------------


def _cell(content: str | list[str], span: int, fill: str | None = None) -> str:
    return tc(content, GRID[0] * span, span=span, fill=fill)


def _header(c: Composition) -> list[str]:
    fields = list(c.fields)
    if c.header == "lines":
        return [p(run(f"{f.label}: ", bold=True), _value(f)) for f in fields]
    if c.header == "grid2":
        rows = [row(tc(p(run(f.label, bold=True)), 3000), tc(p(_value(f)), 6600)) for f in fields]
        return [tbl((3000, 6600), rows)]
    if c.header == "grid4":
        rows = []
        for i in range(0, len(fields), 2):
            cells = []
            for f in fields[i : i + 2]:
                cells += [tc(p(run(f.label, bold=True)), 2000), tc(p(_value(f)), 2800)]
            if len(cells) < 4:
                cells += [tc("<w:p/>", 2000), tc("<w:p/>", 2800)]
            rows.append(row(*cells))
        return [tbl((2000, 2800, 2000, 2800), rows)]
    rows = []  # labels above their values, four a row
    for i in range(0, len(fields), 4):
        chunk = fields[i : i + 4]
        empty = [tc("<w:p/>", 2400)] * (4 - len(chunk))  # the grid's last row, part empty
        rows.append(row(*(tc(p(run(f.label, bold=True)), 2400) for f in chunk), *empty))
        rows.append(row(*(tc(p(_value(f)), 2400) for f in chunk), *empty))
    return [tbl((2400,) * 4, rows)]


def _question_rows(c: Composition, s: Section) -> list[str]:
    opts = c.options
    keys = tuple(_answer_key(o) for o in opts)
    if c.answers == "columns":
        heads = [_cell(p(run(o, bold=True)), 1) for o in opts]
        rest = 10 - 4 - len(opts)
        rows = [
            row(
                _cell(p(run("Question", bold=True)), 4),
                *heads,
                _cell(p(run("Evidence", bold=True)), rest),
            )
        ]
    else:
        middle = "Yes / No / N/A" if c.answers == "typed" else "Answer"
        if c.answers == "typed" and "Partially" in opts:
            middle = "Yes / No / N/A / Partially"
        rows = [
            row(
                _cell(p(run("Question", bold=True)), 4),
                _cell(p(run(middle, bold=True)), 4),
                _cell(p(run("Evidence", bold=True)), 2),
            )
        ]
    for q_no, q in enumerate(s.questions, 1):
        tag = f"a:{s.number}.{q_no}"
        if c.answers == "columns":
            answer = [_cell(p(checkbox(f"{tag}={k}")), 1) for k in keys]
            evidence = _cell(p(text(f"e:{s.number}.{q_no}")), 10 - 4 - len(opts))
        else:
            if c.answers == "in_cell":
                inner = "".join(
                    checkbox(f"{tag}={k}") + run(f" {o}   ")
                    for o, k in zip(opts, keys, strict=True)
                )
            elif c.answers == "drop_down":
                inner = dropdown(tag, opts)
            else:
                inner = text(tag)
            answer = [_cell(p(inner), 4)]
            evidence = _cell(p(text(f"e:{s.number}.{q_no}")), 2)
        rows.append(row(_cell(p(run(f"{s.number}.{q_no} {q}")), 4), *answer, evidence))
    return rows


def _grade_paragraphs(c: Composition, s: Section) -> list[str]:
    """ "Auditor grade: ☐ Good ☐ Adequate ☐ Inadequate", a paragraph per rater."""
    out = []
    for who, label in c.rater_rows():
        boxes = "".join(
            checkbox(f"r:{s.number}:{who}={w}") + run(f" {w}   ") for w, _ in SCALES[c.scale]
        )
        out.append(p(run(f"{label.rstrip(':')}: ", bold=True), boxes))
    return out


def _grade_rows(c: Composition, s: Section) -> list[str]:
    if c.grades == "paragraph":
        return []
    scale = SCALES[c.scale]
    k = len(scale)
    rows = []
    if c.grades == "headers":
        heads = [_cell(p(run(w, bold=True)), 2) for w, _ in scale]
        rows.append(row(_cell("<w:p/>", 2), *heads, *([_cell("<w:p/>", 2)] if k == 3 else [])))
    for who, label in c.rater_rows():
        tag = f"r:{s.number}:{who}"
        lead = _cell(p(run(label, bold=True)), 2)
        pad = [_cell("<w:p/>", 2)] if k == 3 else []
        if c.grades == "box_word":
            inner = "".join(checkbox(f"{tag}={w}") + run(f" {w}   ") for w, _ in scale)
            rows.append(row(lead, _cell(p(inner), 8)))
        elif c.grades == "word_box":
            inner = "".join(run(f"{w} ") + checkbox(f"{tag}={w}") + run("   ") for w, _ in scale)
            rows.append(row(lead, _cell(p(inner), 8)))
        elif c.grades == "cell_right":
            cells = [
                x
                for w, _ in scale
                for x in (_cell(p(checkbox(f"{tag}={w}")), 1), _cell(p(run(w)), 1))
            ]
            rows.append(row(lead, *cells, *pad))
        elif c.grades == "cell_left":
            cells = [
                x
                for w, _ in scale
                for x in (_cell(p(run(w)), 1), _cell(p(checkbox(f"{tag}={w}")), 1))
            ]
            rows.append(row(lead, *cells, *pad))
        elif c.grades in ("headers", "below"):
            cells = [_cell(p(checkbox(f"{tag}={w}")), 2) for w, _ in scale]
            rows.append(row(lead, *cells, *pad))
            if c.grades == "below":
                words = [_cell(p(run(w)), 2) for w, _ in scale]
                rows.append(row(_cell("<w:p/>", 2), *words, *pad))
        else:
            rows.append(row(lead, _cell(p(dropdown(tag, tuple(w for w, _ in scale))), 8)))
    return rows


def _comment(c: Composition, s: Section) -> tuple[list[str], list[str]]:
    """(rows inside the section's table, paragraphs after it)."""
    tag = f"c:{s.number}"
    if c.comments == "box":
        return [row(_cell([p(run(f"{c.comment_label}:", bold=True)), p(text(tag))], 10))], []
    if c.comments == "row":
        return [row(_cell(p(run(c.comment_label, bold=True)), 2), _cell(p(text(tag)), 8))], []
    return [], [p(run(f"{c.comment_label}: ", bold=True), text(tag))]


def _body(c: Composition) -> str:
    out = [f'<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>{run(c.title)}</w:p>']
    if c.header_at == "top":
        out += _header(c)
    out.append("<w:p/>")
    one_table: list[str] = []
    for s in c.parts:
        printed = f"{s.number}. {s.title}"
        inside, after = _comment(c, s)
        rows = _question_rows(c, s) + _grade_rows(c, s) + inside
        if c.sections == "rows":
            one_table.append(row(_cell(p(run(printed, bold=True)), 10, fill="DEEAF6")))
            one_table += rows
            continue
        out.append(heading(printed) if c.sections == "headings" else bold(printed))
        out.append(tbl(GRID, rows))
        if c.grades == "paragraph":
            out += _grade_paragraphs(c, s)
        out += after
    if one_table:
        out.append(tbl(GRID, one_table))
    if c.header_at == "end":
        out.append("<w:p/>")
        out += _header(c)
    return "".join(out)


def blank(c: Composition) -> bytes:
    """The .docx bytes of the composition's blank form."""
    styles = _STYLES.replace("</w:styles>", _HEADING_STYLES + "</w:styles>")
    return package(document_xml(_body(c)), {"word/styles.xml": styles.encode()})


# -- a filled copy -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """The filler's values by tag, and what reading the filled copy should give."""

    values: dict[str, object]
    header: dict[str, object]
    answers: dict[str, str]
    ratings: dict[str, dict[str, str]]
    comments: dict[str, str]

    def count(self) -> int:
        return (
            len(self.header)
            + len(self.answers)
            + sum(len(r) for r in self.ratings.values())
            + len(self.comments)
        )


def fill_values(c: Composition, seed: int = 0) -> Expected:
    """Every place of the composition filled: header values, answers, both grades, comments."""
    keys = [_answer_key(o) for o in c.options]
    sections = [(s.number, len(s.questions)) for s in c.parts]
    want = fill_form(c.fields, sections, keys, SCALES[c.scale], seed)
    if c.third is not None:  # the third rater ticks another grade than the moderator's
        for number, _ in sections:
            said = want.values[f"r:{number}:moderator"]
            other = next(w for w, _ in SCALES[c.scale] if w != said)
            want.values[f"r:{number}:third"] = other
    return want


def _turned(items: Sequence[T], seed: int) -> Iterator[T]:
    """``items`` over and over, starting at the seed's one."""
    at = seed % len(items)
    return itertools.cycle([*items[at:], *items[:at]])


def fill_form(
    fields: Sequence[Field],
    sections: Sequence[tuple[str, int]],
    answers_: Sequence[str],
    scale: Sequence[tuple[str, str]],
    seed: int,
) -> Expected:
    """The values of a form with these header fields and (section number, questions) whose
    tags follow ``filler.py``: answers by key in turn, grades (word, band) in turn, comments."""
    header, names = header_values(tuple(fields), seed)
    values: dict[str, object] = {f"h:{k}": v for k, v in header.items()}
    answers: dict[str, str] = {}
    ratings: dict[str, dict[str, str]] = {}
    comments: dict[str, str] = {}
    cycle, grades = _turned(answers_, seed), _turned(scale, seed)
    for number, questions in sections:
        for q_no in range(1, questions + 1):
            answers[f"{number}.{q_no}"] = values[f"a:{number}.{q_no}"] = next(cycle)
        ratings[number] = {}
        for who in ("auditor", "moderator"):
            word, band = next(grades)
            values[f"r:{number}:{who}"] = word
            ratings[number][who] = band
        comments[number] = values[f"c:{number}"] = f"{next(names)} wrote on section {number}"
    return Expected(values, header, answers, ratings, comments)


# -- covering every pair of choices --------------------------------------------------------------


def _pairs(choice: dict[str, str]) -> set[tuple[tuple[str, str], tuple[str, str]]]:
    items = sorted(choice.items())
    return {(a, b) for a, b in itertools.combinations(items, 2)}


def all_pairs() -> set[tuple[tuple[str, str], tuple[str, str]]]:
    """Every pair of choices of two different parts that can go together."""
    items = [(part, v) for part, vs in PARTS.items() for v in vs]
    return {
        (a, b)
        for a, b in itertools.combinations(sorted(items), 2)
        if a[0] != b[0] and (a, b) not in IMPOSSIBLE and (b, a) not in IMPOSSIBLE
    }


@cache
def covering() -> list[dict[str, str]]:
    """Compositions (one choice per part) covering every possible pair, found greedily: each
    next one is the candidate covering most pairs not yet covered (deterministic)."""
    wanted = all_pairs()
    names = list(PARTS)
    candidates = [
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(*(PARTS[n] for n in names))
    ]
    candidates = [c for c in candidates if possible(c)]
    out: list[dict[str, str]] = []
    while wanted:
        best = max(candidates, key=lambda c: len(_pairs(c) & wanted))
        out.append(best)
        wanted -= _pairs(best)
    return out


def possible(choice: dict[str, str]) -> bool:
    pairs = _pairs(choice)
    return not any(bad in pairs or (bad[1], bad[0]) in pairs for bad in IMPOSSIBLE)
