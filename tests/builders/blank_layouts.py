"""Blank audit forms laid out the ways other councils lay theirs out, written in code.

Each layout is a ``Layout``: its header fields, numbered sections of questions and its
grades. ``blank(layout)`` writes the .docx a QA team would circulate: every place to fill is
an empty content control (check box, drop-down, date picker or text box) whose ``w:tag``
names what it holds (``h:KEY``, ``a:S.Q=yes``, ``r:S:auditor``...). The tags are for the
filler (``tests/builders/filler.py``) only: drafting and reading never look at them.

- ``headings``: sections as Heading 1 paragraphs between tables, "Label: [ ]" paragraphs and a
  two-column case grid, YES | NO | N/A as separate box columns, grades as a row of boxes
  with grade words in one cell, and an unnumbered overall judgement;
- ``grid``: a four-column case grid, sections as rows inside one table ("Section 2: ..."),
  answers and grades by drop-down, "Manager moderation grade", an actions table;
- ``columns``: labels above their values, sections as bold numbered paragraphs, option
  words beside their boxes in one cell, grades as a box per grade under grade headings.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from tests.builders.wordform import _STYLES, document_xml, p, package, run, tbl, tc

GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
GRADE_KEYS = ("outstanding", "good", "requires_improvement", "inadequate")


def field_key(label: str) -> str:
    """The issue's rule: lower case, apostrophes deleted, other runs of non-a-z0-9 one '_'."""
    text = re.sub(r"['’‘]", "", label.lower())
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


@dataclass(frozen=True)
class Field:
    label: str
    kind: str = "text"  # text, date, integer, choice (boxes), pick (drop-down), yes_no
    options: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return field_key(self.label)


@dataclass(frozen=True)
class Part:
    """A section: its printed number ("" when unnumbered), title, questions and grades."""

    number: str
    title: str
    questions: tuple[str, ...] = ()
    rated: bool = True


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    header: tuple[Field, ...]
    parts: tuple[Part, ...]
    options: tuple[str, ...] = ("Yes", "No", "N/A")
    grade_labels: tuple[str, str] = ("Auditor grade", "Moderator grade")
    extra: dict[str, str] = field(default_factory=dict)

    def numbers(self) -> list[str]:
        """The section numbers a reader gives: as printed, else the next unused integer."""
        out, used = [], {x.number for x in self.parts if x.number}
        n = 0
        for part in self.parts:
            if part.number:
                out.append(part.number)
                continue
            n = max([n, *(int(u) for u in used if u.isdigit())]) + 1
            while str(n) in used:
                n += 1
            used.add(str(n))
            out.append(str(n))
        return out


# -- empty content controls, tagged ------------------------------------------------------------


def _sdt(tag: str, pr: str, content: str) -> str:
    return (
        f"<w:sdt><w:sdtPr><w:tag w:val={quoteattr(tag)}/><w:showingPlcHdr/>{pr}</w:sdtPr>"
        f"<w:sdtContent>{content}</w:sdtContent></w:sdt>"
    )


def checkbox(tag: str) -> str:
    return (
        f"<w:sdt><w:sdtPr><w:tag w:val={quoteattr(tag)}/>"
        '<w14:checkbox><w14:checked w14:val="0"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
        f"<w:sdtContent>{run('☐', font='MS Gothic')}</w:sdtContent></w:sdt>"
    )


def dropdown(tag: str, items: tuple[str, ...]) -> str:
    listed = '<w:listItem w:displayText="Choose an item." w:value=""/>' + "".join(
        f"<w:listItem w:displayText={quoteattr(i)} w:value={quoteattr(i)}/>" for i in items
    )
    return _sdt(
        tag,
        f"<w:dropDownList>{listed}</w:dropDownList>",
        run("Choose an item.", style="PlaceholderText"),
    )


def date(tag: str) -> str:
    pr = '<w:date><w:dateFormat w:val="dd/MM/yyyy"/><w:lid w:val="en-GB"/></w:date>'
    return _sdt(tag, pr, run("Click or tap to enter a date.", style="PlaceholderText"))


def text(tag: str) -> str:
    return _sdt(
        tag,
        '<w:text w:multiLine="1"/>',
        run("Click or tap here to enter text.", style="PlaceholderText"),
    )


def boxes(tag: str, words: tuple[str, ...], values: tuple[str, ...] | None = None) -> str:
    """ "☐ Yes ☐ No ...": a box before each word, in one paragraph."""
    values = values or words
    return "".join(
        checkbox(f"{tag}={v}") + run(f" {w}   ") for w, v in zip(words, values, strict=True)
    )


def heading(text_: str, level: int = 1) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="Heading{level}"/></w:pPr>{run(text_)}</w:p>'


def bold(text_: str) -> str:
    return p(run(text_, bold=True))


def row(*cells: str) -> str:
    return f"<w:tr>{''.join(cells)}</w:tr>"


def _value(f: Field) -> str:
    tag = f"h:{f.key}"
    if f.kind == "date":
        return date(tag)
    if f.kind == "choice":
        return boxes(tag, f.options)
    if f.kind == "pick":
        return dropdown(tag, f.options)
    if f.kind == "yes_no":
        return boxes(tag, ("Yes", "No"), ("yes", "no"))
    return text(tag)


def _answer_key(option: str) -> str:
    return {"Yes": "yes", "No": "no", "N/A": "n/a", "Partially": "partially"}[option]


# -- the three layouts -----------------------------------------------------------------------

HEADINGS = Layout(
    name="headings",
    title="Children's Social Care Case File Audit Tool",
    header=(
        Field("Auditor"),
        Field("Date of audit", "date"),
        Field("Child ID"),
        Field("Child's age", "integer"),
        Field("Social worker"),
        Field("Team"),
        Field("Case type", "choice", ("CIN", "CP", "CLA", "Care leaver")),
        Field("Moderator"),
        Field("Date of moderation", "date"),
    ),
    parts=(
        Part(
            "1",
            "Voice of the child",
            (
                "Has the child been seen alone?",
                "Are the child's wishes and feelings recorded in their own words?",
                "Is there evidence the child's views have influenced the plan?",
            ),
        ),
        Part(
            "2",
            "Assessment",
            (
                "Was the assessment completed within timescales?",
                "Does the assessment analyse risk and protective factors?",
                "Have all members of the household been considered?",
                "Is the father or male carer included in the assessment?",
            ),
        ),
        Part(
            "3",
            "Management oversight",
            (
                "Is there regular supervision recorded on the file?",
                "Are management decisions clearly recorded with a rationale?",
            ),
        ),
        Part("", "Overall judgement"),
    ),
)

GRID = Layout(
    name="grid",
    title="Multi-Agency Case Audit",
    header=(
        Field("Case reference"),
        Field("Date of audit", "date"),
        Field("Auditor"),
        Field("Team"),
        Field("Child's age", "integer"),
        Field("Months open", "integer"),
        Field("Moderator"),
        Field("Moderation date", "date"),
        Field("Legal status", "pick", ("CIN", "CP", "CLA")),
        Field("Audited before?", "yes_no"),
    ),
    parts=(
        Part(
            "1",
            "Identification of risk",
            (
                "Were risks to the child identified at the first contact?",
                "Did agencies share information about risk promptly?",
                "Is there a current risk assessment on file?",
            ),
        ),
        Part(
            "2",
            "Decision making",
            (
                "Was the threshold decision appropriate?",
                "Were strategy discussions held when needed?",
            ),
        ),
        Part(
            "3",
            "Coordination between agencies",
            (
                "Do core group meetings take place regularly?",
                "Are all agencies clear about their tasks?",
                "Is there a lead professional named on the plan?",
            ),
        ),
        Part("4", "Overall judgement"),
    ),
    options=("Yes", "No", "N/A", "Partially"),
    grade_labels=("Auditor grade", "Manager moderation grade"),
)

COLUMNS = Layout(
    name="columns",
    title="Child's Journey Audit",
    header=(
        Field("Child ID"),
        Field("Date of audit", "date"),
        Field("Auditor"),
        Field("Child's age", "integer"),
        Field("Moderator"),
        Field("Moderation date", "date"),
        Field("Social worker"),
        Field("Service area", "pick", ("Children in need", "Child protection", "Looked after")),
    ),
    parts=(
        Part(
            "1",
            "Quality of plans",
            (
                "Is the plan SMART?",
                "Was the plan developed with the family?",
                "Is the plan reviewed at least every six months?",
            ),
        ),
        Part(
            "2",
            "Permanency",
            (
                "Is there a permanence plan by the second review?",
                "Have family and friends carers been considered?",
            ),
        ),
        Part("3", "Outcomes for the child", ("Are the child's outcomes improving?",)),
        Part("4", "Overall grade"),
    ),
    options=("Yes", "No", "N/A", "Partially"),
    grade_labels=("Auditor", "Moderator"),
)

LAYOUTS = (HEADINGS, GRID, COLUMNS)

#: issue 23's form from another council: a case-information grid, six numbered headings with
#: Yes | No | N/A box columns and an evidence column, and per section a two-row rating table
#: in which each tick box has its own cell and its grade word the cell beside it
TICKS = Layout(
    name="ticks",
    title="Case Audit and Moderation Record",
    header=(
        Field("Case ID"),
        Field("Date of audit", "date"),
        Field("Auditor name"),
        Field("Team"),
        Field("Allocated worker"),
        Field("Child's age", "integer"),
        Field("Moderated by"),
        Field("Moderation date", "date"),
    ),
    parts=tuple(
        Part(str(n), title, qs)
        for n, (title, qs) in enumerate(
            (
                (
                    "Engagement with the child",
                    (
                        "Was the child seen within timescales?",
                        "Is the child's lived experience described?",
                    ),
                ),
                (
                    "Assessment of need",
                    ("Is the assessment up to date?", "Are risks and strengths analysed?"),
                ),
                ("Planning", ("Is there a current plan?", "Are the plan's actions SMART?")),
                (
                    "Management oversight",
                    (
                        "Is supervision recorded every month?",
                        "Are decisions recorded with reasons?",
                    ),
                ),
                (
                    "Partnership working",
                    ("Were partner agencies consulted?", "Is information shared promptly?"),
                ),
                (
                    "Outcomes",
                    ("Is the child's situation improving?", "Has drift or delay been avoided?"),
                ),
            ),
            1,
        )
    ),
    grade_labels=("Auditor grade:", "Manager moderation grade:"),
)


def _headings_body(lay: Layout, numbers: list[str]) -> str:
    out = [f'<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>{run(lay.title)}</w:p>']
    first, rest = lay.header[:2], lay.header[2:]
    for f in first:  # "Label: [ ]" in a paragraph
        out.append(p(run(f"{f.label}: ", bold=True), _value(f)))
    out.append(
        tbl(
            (3000, 6600),
            [row(tc(p(run(f.label, bold=True)), 3000), tc(p(_value(f)), 6600)) for f in rest],
        )
    )
    grid = (4200, 900, 900, 900, 2700)
    for part, n in zip(lay.parts, numbers, strict=True):
        printed = f"{part.number}. {part.title}" if part.number else part.title
        out.append(heading(printed))
        rows = []
        if part.questions:
            rows.append(
                row(
                    *(
                        tc(p(run(h, bold=True)), w)
                        for h, w in zip(("Question", *lay.options, "Evidence"), grid, strict=True)
                    )
                )
            )
            for q_no, q in enumerate(part.questions, 1):
                cells = [tc(p(run(f"{n}.{q_no} {q}")), grid[0])]
                for o in lay.options:
                    cells.append(tc(p(checkbox(f"a:{n}.{q_no}={_answer_key(o)}")), 900))
                cells.append(tc(p(text(f"e:{n}.{q_no}")), grid[4]))
                rows.append(row(*cells))
        for who, label in zip(("auditor", "moderator"), lay.grade_labels, strict=True):
            rows.append(
                row(
                    tc(p(run(label, bold=True)), grid[0]),
                    tc(p(boxes(f"r:{n}:{who}", GRADES, GRADE_KEYS)), sum(grid[1:]), span=4),
                )
            )
        out.append(tbl(grid, rows))
    return "".join(out)


def _grid_body(lay: Layout, numbers: list[str]) -> str:
    out = [p(run(lay.title.upper(), bold=True))]
    rows = []
    header = list(lay.header)
    for i in range(0, len(header), 2):
        cells = []
        for f in header[i : i + 2]:
            cells += [tc(p(run(f.label, bold=True)), 2000), tc(p(_value(f)), 2800)]
        rows.append(row(*cells))
    out.append(tbl((2000, 2800, 2000, 2800), rows))
    out.append("<w:p/>")
    rows = []
    answers = (*lay.options,)
    for part, n in zip(lay.parts, numbers, strict=True):
        rows.append(
            row(
                tc(
                    p(run(f"Section {part.number}: {part.title}", bold=True)),
                    9600,
                    span=2,
                    fill="DEEAF6",
                )
            )
        )
        for q_no, q in enumerate(part.questions, 1):
            rows.append(row(tc(p(run(q)), 6600), tc(p(dropdown(f"a:{n}.{q_no}", answers)), 3000)))
        for who, label in zip(("auditor", "moderator"), lay.grade_labels, strict=True):
            rows.append(
                row(
                    tc(p(run(label, bold=True)), 6600),
                    tc(p(dropdown(f"r:{n}:{who}", GRADES)), 3000),
                )
            )
    out.append(tbl((6600, 3000), rows))
    out.append("<w:p/>")
    out.append(bold("Actions"))
    heads = ("Action", "By whom", "By when")
    out.append(
        tbl(
            (5000, 2300, 2300),
            [
                row(*(tc(p(run(h, bold=True)), 3000) for h in heads)),
                row(*(tc(p(), 3000) for _ in heads)),
            ],
        )
    )
    return "".join(out)


def _columns_body(lay: Layout, numbers: list[str]) -> str:
    out = [p(run(lay.title, bold=True))]
    rows = []
    header = list(lay.header)
    for i in range(0, len(header), 4):
        chunk = header[i : i + 4]
        rows.append(row(*(tc(p(run(f.label, bold=True)), 2400) for f in chunk)))
        rows.append(row(*(tc(p(_value(f)), 2400) for f in chunk)))
    out.append(tbl((2400,) * 4, rows))
    keys = tuple(_answer_key(o) for o in lay.options)
    for part, n in zip(lay.parts, numbers, strict=True):
        out.append(bold(f"{part.number}. {part.title}"))
        if part.questions:
            rows = [
                row(tc(p(run("Question", bold=True)), 5600), tc(p(run("Answer", bold=True)), 4000))
            ]
            for q_no, q in enumerate(part.questions, 1):
                rows.append(
                    row(tc(p(run(q)), 5600), tc(p(boxes(f"a:{n}.{q_no}", lay.options, keys)), 4000))
                )
            out.append(tbl((5600, 4000), rows))
        grid = (1600, 2000, 2000, 2000, 2000)
        rows = [
            row(
                *(
                    tc(p(run(h, bold=True)), w)
                    for h, w in zip(("Grade", *GRADES), grid, strict=True)
                )
            )
        ]
        for who, label in zip(("auditor", "moderator"), lay.grade_labels, strict=True):
            rows.append(
                row(
                    tc(p(run(label, bold=True)), grid[0]),
                    *(tc(p(checkbox(f"r:{n}:{who}={g}")), 2000) for g in GRADE_KEYS),
                )
            )
        out.append(tbl(grid, rows))
        out.append(p(run("Comments: ", bold=True), text(f"c:{n}")))
    return "".join(out)


def _ticks_body(lay: Layout, numbers: list[str]) -> str:
    out = [f'<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>{run(lay.title)}</w:p>']
    rows = []
    for i in range(0, len(lay.header), 2):
        cells = []
        for f in lay.header[i : i + 2]:
            cells += [tc(p(run(f.label, bold=True)), 2000), tc(p(_value(f)), 2800)]
        rows.append(row(*cells))
    out.append(bold("Case information"))
    out.append(tbl((2000, 2800, 2000, 2800), rows))
    grid = (4600, 800, 800, 800, 2600)
    for part, n in zip(lay.parts, numbers, strict=True):
        out.append(heading(f"{part.number}. {part.title}"))
        heads = ("Question", *lay.options, "Evidence")
        rows = [row(*(tc(p(run(h, bold=True)), w) for h, w in zip(heads, grid, strict=True)))]
        for q_no, q in enumerate(part.questions, 1):
            cells = [tc(p(run(q)), grid[0])]
            cells += [tc(p(checkbox(f"a:{n}.{q_no}={_answer_key(o)}")), 800) for o in lay.options]
            rows.append(row(*cells, tc(p(text(f"e:{n}.{q_no}")), grid[4])))
        out.append(tbl(grid, rows))
        out.append("<w:p/>")
        rating = (2400, *(450, 1350) * 4)
        rows = []
        for who, label in zip(("auditor", "moderator"), lay.grade_labels, strict=True):
            cells = [tc(p(run(label, bold=True)), rating[0])]
            for g, k in zip(GRADES, GRADE_KEYS, strict=True):
                cells += [tc(p(checkbox(f"r:{n}:{who}={k}")), 450), tc(p(run(g)), 1350)]
            rows.append(row(*cells))
        out.append(tbl(rating, rows))
    return "".join(out)


_BODIES = {
    "headings": _headings_body,
    "grid": _grid_body,
    "columns": _columns_body,
    "ticks": _ticks_body,
}


#: the paragraph styles a council's form uses: a title and headings (so Word shows them so)
_HEADING_STYLES = "".join(
    f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
    f'<w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="{before}" w:after="80"/>'
    f'{outline}</w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="{size}"/></w:rPr></w:style>'
    for sid, name, size, before, outline in (
        ("Title", "Title", 36, 0, ""),
        ("Heading1", "heading 1", 26, 240, '<w:outlineLvl w:val="0"/>'),
    )
)


def styled(body: str, more_styles: str = "") -> bytes:
    """A .docx of body-level XML with the title and heading styles a council's form uses."""
    styles = _STYLES.replace("</w:styles>", _HEADING_STYLES + more_styles + "</w:styles>")
    return package(document_xml(body), {"word/styles.xml": styles.encode()})


def blank(layout: Layout) -> bytes:
    """The .docx bytes of the layout's blank form."""
    return styled(_BODIES[layout.name](layout, layout.numbers()))


@dataclass(frozen=True)
class Filled:
    """What a filled copy holds: the filler's values by tag, and what a reader should give."""

    values: dict[str, object]
    header: dict[str, object]
    answers: dict[str, str]
    ratings: dict[str, dict[str, str]]

    def count(self) -> int:
        return len(self.header) + len(self.answers) + sum(len(r) for r in self.ratings.values())


_NAMES = ("Priya Sandhu", "Tom Okafor", "Jo Marsh", "Ann Lee", "Sam Patel", "Ruth Evans")


def header_values(fields: tuple[Field, ...], seed: int) -> tuple[dict[str, object], Iterator[str]]:
    """A value for each header field, by key, and the names not yet given (for other texts)."""
    header: dict[str, object] = {}
    names = itertools.cycle(_NAMES[seed % len(_NAMES) :] + _NAMES[: seed % len(_NAMES)])
    for i, f in enumerate(fields):
        value: object
        if f.kind == "date":
            value = dt.date(2024, 1 + (i + seed) % 12, 1 + (3 * i + seed) % 28)
        elif f.kind == "integer":
            value = 3 + (i + seed) % 14
        elif f.kind in ("choice", "pick"):
            value = f.options[(i + seed) % len(f.options)]
        elif f.kind == "yes_no":
            value = (i + seed) % 2 == 0
        else:
            value = (
                f"{next(names)} {i}"
                if "id" not in f.key and "reference" not in f.key
                else f"C{1000 + i + seed}"
            )
        header[f.key] = value
    return header, names


def filled(layout: Layout, seed: int = 0) -> Filled:
    """Every field of the layout filled: header values, each answer, both grades per section."""
    header, _ = header_values(layout.header, seed)
    values: dict[str, object] = {f"h:{k}": v for k, v in header.items()}
    answers: dict[str, str] = {}
    ratings: dict[str, dict[str, str]] = {}
    keys = [_answer_key(o) for o in layout.options]
    cycle = itertools.cycle(keys[seed % len(keys) :] + keys[: seed % len(keys)])
    grades = itertools.cycle(GRADE_KEYS[seed % 4 :] + GRADE_KEYS[: seed % 4])
    for part, n in zip(layout.parts, layout.numbers(), strict=True):
        for q_no, _ in enumerate(part.questions, 1):
            answers[f"{n}.{q_no}"] = values[f"a:{n}.{q_no}"] = next(cycle)
        if part.rated:
            ratings[n] = {who: next(grades) for who in ("auditor", "moderator")}
            for who, g in ratings[n].items():
                values[f"r:{n}:{who}"] = g
    return Filled(values, header, answers, ratings)
