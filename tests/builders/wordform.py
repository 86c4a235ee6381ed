"""Complete .docx files of the "Understanding our Early Help Practice" form, written in code.

The layout copies the real form: a 4-column header table (label, value, label, value), the
"Overview of Case" table whose second row carries section 1's rating, one table per section
(title cell merged down the question rows, a question cell, an options cell
"☐ YES ☐ NO ☐ N/A ☐ Partially", a findings row, a "Ratings" row), the family and
practitioner feedback table and the ACTIONS table. Texts come from the form definition.

    spec = example_spec()                       # or FormSpec(header=..., answers=..., ...)
    data = build_form(spec, "legacy", split_runs=True)
    write_form(tmp_path / "form.docx", spec, "typed", mark="✓")

Dialects say how boxes are ticked and values chosen: ``content-controls`` (w:sdt check
boxes, drop-downs, date pickers, text controls), ``legacy`` (FORMCHECKBOX, FORMDROPDOWN,
FORMTEXT fields), ``typed`` (marks and words typed over the form), ``symbols`` (Wingdings
boxes) and ``mixed`` (all four in one file). Variations (keyword flags, see ``Variations``)
add the ways Word scatters text: split runs, proofing marks, bookmarks, smart tags, custom
XML, tracked changes, merged cells, a nested table, values below labels, reworded labels.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from audit_docs.read.formdef import builtin_definitions
from audit_docs.records import ANSWERS, GRADES

FORM = builtin_definitions()[0]
DIALECTS = ("content-controls", "legacy", "typed", "symbols", "mixed")
GRADE_WORDS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires Improvement",
    "inadequate": "Inadequate",
}
#: how people type grades: case and abbreviations vary (all in vocabulary.yaml)
TYPED_GRADES = {
    "outstanding": ("Outstanding", "OUTSTANDING", "os"),
    "good": ("Good", "GOOD", "good", "Gd"),
    "requires_improvement": (
        "RI",
        "Req. improvement",
        "REQUIRES IMPROVEMENT",
        "requires improvement",
    ),
    "inadequate": ("INADEQUATE", "Inadequate", "inad"),
}
#: typed dialect: what is typed over (or instead of) the chosen box; "delete" keeps only the option
TYPED_MARKS = ("☒", "☑", "✓", "✔", "X", "delete")
DATE_FORMATS = {
    "d/m/yy": lambda d: f"{d.day}/{d.month}/{d.year % 100:02d}",
    "d month yyyy": lambda d: f"{d.day} {d:%B} {d.year}",
    "dd.mm.yyyy": lambda d: f"{d:%d.%m.%Y}",
    "iso": lambda d: d.isoformat(),
}
#: symbols dialect: (ticked, empty) boxes; "font-run" types the glyph in a Wingdings run
SYMBOL_STYLES = {
    "wingdings-fe": (("Wingdings", "F0FE"), ("Wingdings", "F0A8")),
    "wingdings-fd": (("Wingdings", "F0FD"), ("Wingdings", "F06F")),
    "wingdings-2": (("Wingdings 2", "F053"), ("Wingdings 2", "F0A3")),
    "font-run": (("Wingdings", "þ"), ("Wingdings", "¨")),
}
OPTION_LABELS = {"yes": "YES", "no": "NO", "n/a": "N/A", "partially": "Partially"}
#: the printed question numbers of section 2 skip 2, as on the real form
PRINTED_NUMBERS = {"2": (1, 3, 4, 5, 6, 7, 8)}
#: the question whose answer is changed by a tracked change (``tracked_changes=True``)
TRACKED_QUESTION = "2.1"

HEADER_ROWS = (
    ("auditor", "audit_date"),
    ("moderator", "moderation_date"),
    ("case_id", "team"),
    ("case_worker", "team_manager"),
    ("audited_previously", "ethnicity"),
    ("child_age", "months_in_early_help"),
    ("discussion_date", "escalation"),
)
REWORDED_LABELS = {
    "auditor": "Auditor  name :",
    "audit_date": "AUDIT CYCLE DATE",
    "case_id": "Whole family EISI ID / Holistic ID:",
    "team": "Team holding the case",
    "case_worker": "Early help case-worker",
    "months_in_early_help": "Length of time  case in EH :",
}
_SYNONYMS = {
    "practitioner": "worker",
    "family": "household",
    "evidence": "proof",
    "timely": "prompt",
    "assessment": "appraisal",
    "plan": "plans",
    "supervision": "oversight",
    "explored": "examined",
}
THEMES = {
    "2": "CURIOSITY to understand the child and families experience.",
    "5": "CO-PRODUCTION – enabling and engaging children and families to find their own solutions.",
    "6": "CONNECTION – building connections and relationships with children and families is key to creating change.",
    "7": "COLLABORATION – working with children and families to achieve positive change, resolve conflict and repair harm.",
    "8": "COMMUNITY – culturally competent practice that enables children to thrive in caring communities.",
    "9": "CHECKING BACK - promoting accountability, quality assurance and a culture of learning.",
}
FAMILY_ROWS = (
    "relationship_score",
    "most_and_least_helpful",
    "9.3",
    "difference_made",
    "done_differently",
    "cost_of_living",
    "9.7",
    "other_comments",
)


# -- what is written on the form --------------------------------------------------------------


@dataclass
class FormSpec:
    """What the auditor filled in. Values are what the reader should give back, except:

    header dates may be a ``datetime.date`` (written per dialect) or a string (written as is);
    an answer may be a tuple of options (several boxes ticked); a rating that is not a grade
    key ("Very good") is written as is; comments may hold line breaks and tabs.
    """

    header: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    ratings: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    comments: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    score: str | None = None
    family: dict[str, str] = field(default_factory=dict)
    practitioner: dict[str, str] = field(default_factory=dict)
    bespoke: dict[str, str] = field(default_factory=dict)
    actions: list[tuple[str, ...]] = field(default_factory=list)

    def expected_answers(self) -> dict[str, str | None]:
        """Every question id with the answer the reader should give (several ticks: None)."""
        return {
            q.id: a if isinstance(a := self.answers.get(q.id), str) else None
            for q in FORM.questions()
        }

    def expected_header(self) -> dict[str, Any]:
        return {f.key: self.header.get(f.key) for f in FORM.header}


def example_spec() -> FormSpec:
    """A fully completed, moderated form using every answer and every grade."""
    questions = [q.id for s in FORM.sections if s.number not in ("9",) for q in s.questions]
    answers: dict[str, Any] = dict(zip(questions, itertools.cycle(ANSWERS), strict=False))
    answers |= {"6.3": None, "9.3": "yes", "9.7": "no"}
    grades = itertools.cycle(GRADES)
    ratings = {str(n): (next(grades), next(grades)) for n in range(1, 9)}
    comments = {
        str(n): (
            f"Section {n}: the work is well evidenced.",
            f"Section {n}: agree with the auditor.",
        )
        for n in range(1, 9)
    }
    return FormSpec(
        header={
            "auditor": "Priya Sandhu",
            "audit_date": dt.date(2016, 5, 12),
            "moderator": "Tom Okafor",
            "moderation_date": dt.date(2016, 6, 3),
            "case_id": "H123456 / EHA-2016-0042",
            "team": "Early Help Hub North",
            "case_worker": "Jo Marsh",
            "team_manager": "Ann Lee",
            "audited_previously": True,
            "previous_audit_date": dt.date(2016, 1, 30),
            "ethnicity": "White British",
            "child_age": 9,
            "months_in_early_help": 14,
            "discussion_date": dt.date(2016, 5, 19),
            "escalation": "None needed",
            "overview": "Referral from school about attendance. Mum has engaged well.",
        },
        answers=answers,
        ratings=ratings,
        comments=comments,
        score="4",
        family={
            "most_and_least_helpful": "Help with housing.",
            "difference_made": "My son goes to school every day.",
            "done_differently": "No.",
            "cost_of_living": "Yes, buying school uniform.",
            "other_comments": "Thank you.",
        },
        practitioner={
            "better_together_example": "Mum chaired part of the review.",
            "what_helped": "Good links with school.",
        },
        bespoke={"culturally_competent_practice": "A genogram is on file."},
        actions=[
            ("Obtain signed consent from both parents", "Jo / TM", "By 07/06/16", "Done"),
            ("Invite Dad to the next review", "Jo", "Next review"),
        ],
    )


@dataclass(frozen=True)
class Variations:
    """Ways Word scatters the same form over its XML; each flag is independent."""

    split_runs: bool = False  # every text split into runs of three characters
    proof_errors: bool = False  # w:proofErr spellStart/spellEnd inside texts
    bookmarks: bool = False  # w:bookmarkStart/End inside texts
    smart_tags: bool = False  # texts wrapped in w:smartTag
    custom_xml: bool = False  # texts and table rows wrapped in w:customXml
    tracked_changes: bool = False  # an answer and a value changed, an action row deleted
    merged_cells: bool = False  # header values span two grid columns (w:gridSpan)
    nested_table: bool = False  # the team and answer 2.2 sit in a table inside their cell
    value_below: bool = False  # discussion date and escalation written in the row below
    reworded: bool = False  # labels, questions, titles retyped: spaces, numbering, a word
    glyph_disagrees: bool = False  # content controls: the glyph shows the opposite state
    mark: str | None = None  # typed: one of TYPED_MARKS for every question
    date_format: str | None = None  # typed: one of DATE_FORMATS for every date
    symbol: str | None = None  # symbols: one of SYMBOL_STYLES for every box


VARIATION_FLAGS = tuple(f.name for f in fields(Variations) if f.type == "bool")


# -- the package ------------------------------------------------------------------------------

_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'mc:Ignorable="w14"'
)
_CONTENT_TYPES = (
    _DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    _DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_DOCUMENT_RELS = (
    _DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (
    _DECL + '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>'
    '<w:sz w:val="20"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="40"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="character" w:styleId="PlaceholderText"><w:name w:val="Placeholder Text"/>'
    '<w:rPr><w:color w:val="808080"/></w:rPr></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:left w:w="108" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
    '<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders></w:tblPr></w:style></w:styles>"
)
_SECT_PR = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" '
    'w:bottom="1134" w:left="1134" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>'
)


def document_xml(body: str) -> str:
    """A whole document.xml around body-level XML (paragraphs and tables)."""
    return f"{_DECL}<w:document {NAMESPACES}><w:body>{body}{_SECT_PR}</w:body></w:document>"


def package(document: str | bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A .docx (zip) holding ``document`` as word/document.xml, with the parts Word needs."""
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "word/document.xml": document,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/styles.xml": _STYLES,
    }
    parts |= extra or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts.items():
            zf.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()


def simple_docx(*paragraphs: str) -> bytes:
    """Any other Word document: plain paragraphs, no form."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>' for t in paragraphs
    )
    return package(document_xml(body))


# -- XML pieces ---------------------------------------------------------------------------------


def _rpr(bold: bool = False, font: str | None = None, style: str | None = None) -> str:
    inner = f'<w:rStyle w:val="{style}"/>' if style else ""
    if font:
        inner += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
    if bold:
        inner += "<w:b/>"
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def _text(text: str) -> str:
    """Run content: line breaks become w:br, tabs w:tab."""
    out = []
    for piece in re.split(r"(\n|\t)", text):
        if piece == "\n":
            out.append("<w:br/>")
        elif piece == "\t":
            out.append("<w:tab/>")
        elif piece:
            out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(out)


def run(text: str, bold: bool = False, font: str | None = None, style: str | None = None) -> str:
    """One plain run, no variations."""
    return f"<w:r>{_rpr(bold, font, style)}{_text(text)}</w:r>"


def p(*inline: str) -> str:
    return f"<w:p>{''.join(inline)}</w:p>"


def tc(
    content: str | list[str],
    width: int,
    *,
    span: int = 1,
    vmerge: str | None = None,
    fill: str | None = None,
) -> str:
    body = content if isinstance(content, str) else "".join(content)
    pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    if fill:
        pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    if not body.endswith("</w:p>") and not body.endswith("<w:p/>"):
        body += "<w:p/>"  # a cell must end with a paragraph
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"


def tbl(grid: tuple[int, ...], rows: list[str]) -> str:
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in grid)
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{cols}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


class _Ink:
    """Writes texts as runs, scattered the way the variations ask; hands out unique ids."""

    def __init__(self, v: Variations) -> None:
        self.v = v
        self._ids = itertools.count(1000)

    def next_id(self) -> int:
        return next(self._ids)

    def runs(self, text: str | None, bold: bool = False) -> str:
        if not text:
            return ""
        v = self.v
        pieces = [text]
        if v.split_runs:
            pieces = [text[i : i + 3] for i in range(0, len(text), 3)]
        elif (v.proof_errors or v.bookmarks) and len(text) > 1:
            pieces = [text[: len(text) // 2], text[len(text) // 2 :]]
        runs = [run(piece, bold) for piece in pieces]
        if v.proof_errors and len(runs) > 1:
            runs[0] = '<w:proofErr w:type="spellStart"/>' + runs[0]
            runs[1] += '<w:proofErr w:type="spellEnd"/>'
        if v.bookmarks and len(runs) > 1:
            i = self.next_id()
            runs[0] += f'<w:bookmarkStart w:id="{i}" w:name="_Hlk{i}"/>'
            runs[-1] += f'<w:bookmarkEnd w:id="{i}"/>'
        xml = "".join(runs)
        if v.smart_tags:
            xml = f'<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">{xml}</w:smartTag>'
        if v.custom_xml:
            xml = f'<w:customXml w:uri="urn:example:audit" w:element="text">{xml}</w:customXml>'
        return xml

    def para(self, text: str | None = None, bold: bool = False) -> str:
        return p(self.runs(text, bold))

    def row(self, *cells: str, deleted: bool = False) -> str:
        pr = ""
        if deleted:
            pr = f'<w:trPr><w:del w:id="{self.next_id()}" w:author="Reviewer" w:date="2016-05-13T10:00:00Z"/></w:trPr>'
        xml = f"<w:tr>{pr}{''.join(cells)}</w:tr>"
        if self.v.custom_xml:
            xml = f'<w:customXml w:uri="urn:example:audit" w:element="row">{xml}</w:customXml>'
        return xml

    def inserted(self, inline: str) -> str:
        return f'<w:ins w:id="{self.next_id()}" w:author="Reviewer" w:date="2016-05-13T10:00:00Z">{inline}</w:ins>'

    def deleted(self, text: str) -> str:
        return (
            f'<w:del w:id="{self.next_id()}" w:author="Reviewer" w:date="2016-05-13T10:00:00Z">'
            f'<w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'
        )


# -- dialects: how a box is ticked and a value chosen ----------------------------------------------


def _grade_text(value: str) -> str:
    return GRADE_WORDS.get(value, value)


def _date_text(value: Any) -> str:
    return f"{value:%d/%m/%Y}" if isinstance(value, dt.date) else str(value or "")


class _Dialect:
    name = ""

    def __init__(self, ink: _Ink) -> None:
        self.ink = ink
        self.v = ink.v

    def cell_style(self) -> Any:
        """The way one cell's boxes are drawn (dialects that vary it cycle per cell)."""
        return None

    def box(self, checked: bool, style: Any = None) -> str:
        raise NotImplementedError

    def options(self, chosen: frozenset[str], values: tuple[str, ...], style: Any = None) -> str:
        """One paragraph's inline XML: "☐ YES ☐ NO ☐ N/A ☐ Partially" with ``chosen`` ticked."""
        style = style or self.cell_style()
        out = []
        for i, value in enumerate(values):
            out.append(self.box(value in chosen, style))
            out.append(self.ink.runs(("   " if i == 0 else " ") + OPTION_LABELS[value] + "     "))
        return "".join(out)

    def grade(self, value: str) -> str:
        return self.ink.runs(_grade_text(value))

    def rating(self, label: str, value: str | None) -> list[str]:
        """Paragraphs for "Auditor:" or "Moderator:" and the chosen grade."""
        return [
            self.ink.para(f"{label} Click to select rating:", bold=True),
            p(self.grade(value) if value else ""),
        ]

    def date(self, value: Any) -> str:
        return self.ink.runs(_date_text(value))

    def text(self, value: str | None) -> str:
        return self.ink.runs(value)


class _ContentControls(_Dialect):
    name = "content-controls"

    def box(self, checked: bool, style: Any = None) -> str:
        glyph = "☒" if checked != self.v.glyph_disagrees else "☐"
        return (
            f'<w:sdt><w:sdtPr>{_rpr(font="MS Gothic")}<w:id w:val="{self.ink.next_id()}"/>'
            f'<w14:checkbox><w14:checked w14:val="{int(checked)}"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
            '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
            f"<w:sdtContent>{run(glyph, font='MS Gothic')}</w:sdtContent></w:sdt>"
        )

    def _sdt(self, pr: str, content: str, placeholder: bool) -> str:
        flag = "<w:showingPlcHdr/>" if placeholder else ""
        return (
            f'<w:sdt><w:sdtPr><w:id w:val="{self.ink.next_id()}"/>{flag}{pr}</w:sdtPr>'
            f"<w:sdtContent>{content}</w:sdtContent></w:sdt>"
        )

    def grade(self, value: str | None) -> str:
        items = '<w:listItem w:displayText="Choose an item." w:value=""/>' + "".join(
            f'<w:listItem w:displayText="{w}" w:value="{w}"/>' for w in GRADE_WORDS.values()
        )
        pr = f"<w:dropDownList>{items}</w:dropDownList>"
        if value is None:
            return self._sdt(pr, run("Choose an item.", style="PlaceholderText"), True)
        return self._sdt(pr, self.ink.runs(_grade_text(value)), False)

    def rating(self, label: str, value: str | None) -> list[str]:
        return [self.ink.para(f"{label} Click to select rating:", bold=True), p(self.grade(value))]

    def date(self, value: Any) -> str:
        full = f' w:fullDate="{value.isoformat()}T00:00:00Z"' if isinstance(value, dt.date) else ""
        pr = (
            f'<w:date{full}><w:dateFormat w:val="dd/MM/yyyy"/><w:lid w:val="en-GB"/>'
            '<w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>'
        )
        if value is None:
            return self._sdt(
                pr, run("Click or tap to enter a date.", style="PlaceholderText"), True
            )
        return self._sdt(pr, self.ink.runs(_date_text(value)), False)

    def text(self, value: str | None) -> str:
        pr = '<w:text w:multiLine="1"/>'
        if not value:
            return self._sdt(
                pr, run("Click or tap here to enter text.", style="PlaceholderText"), True
            )
        return self._sdt(pr, self.ink.runs(value), False)


#: legacy check box states in every form Word and other tools write them
LEGACY_CHECKED = (
    '<w:default w:val="0"/><w:checked/>',
    '<w:default w:val="0"/><w:checked w:val="1"/>',
    '<w:default w:val="1"/>',
    '<w:default w:val="0"/><w:checked w:val="true"/>',
)
LEGACY_EMPTY = (
    '<w:default w:val="0"/>',
    '<w:default w:val="1"/><w:checked w:val="0"/>',
    '<w:default w:val="0"/><w:checked w:val="0"/>',
    '<w:default w:val="1"/><w:checked w:val="false"/>',
)
_EMPTY_FIELD = "\u2002" * 5  # what Word shows in an empty FORMTEXT


class _Legacy(_Dialect):
    name = "legacy"

    def __init__(self, ink: _Ink) -> None:
        super().__init__(ink)
        self._checked = itertools.cycle(LEGACY_CHECKED)
        self._empty = itertools.cycle(LEGACY_EMPTY)

    def _field(self, kind: str, instr: str, ff: str, result: str | None = None) -> str:
        i = self.ink.next_id()
        name = f"{kind}{i}"
        xml = (
            f'<w:bookmarkStart w:id="{i}" w:name="{name}"/>'
            f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{name}"/><w:enabled/>'
            f'<w:calcOnExit w:val="0"/>{ff}</w:ffData></w:fldChar></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
        )
        if result is not None:
            xml += f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{result}'
        return xml + f'<w:r><w:fldChar w:fldCharType="end"/></w:r><w:bookmarkEnd w:id="{i}"/>'

    def box(self, checked: bool, style: Any = None) -> str:
        state = next(self._checked) if checked else next(self._empty)
        ff = f"<w:checkBox><w:sizeAuto/>{state}</w:checkBox>"
        return self._field("Check", "FORMCHECKBOX", ff)

    def grade(self, value: str | None) -> str:
        entries = ["Choose an item.", *GRADE_WORDS.values()]
        result = ""
        if value is not None:
            shown = _grade_text(value)
            if shown not in entries:
                entries.append(shown)
            result = f'<w:result w:val="{entries.index(shown)}"/>'
        listed = "".join(f'<w:listEntry w:val="{escape(e)}"/>' for e in entries)
        return self._field("Dropdown", "FORMDROPDOWN", f"<w:ddList>{result}{listed}</w:ddList>")

    def rating(self, label: str, value: str | None) -> list[str]:
        return [self.ink.para(f"{label} Click to select rating:", bold=True), p(self.grade(value))]

    def date(self, value: Any) -> str:
        ff = '<w:textInput><w:type w:val="date"/><w:format w:val="dd/MM/yyyy"/></w:textInput>'
        shown = self.ink.runs(_date_text(value)) if value else run(_EMPTY_FIELD)
        return self._field("Text", "FORMTEXT", ff, shown)

    def text(self, value: str | None) -> str:
        shown = self.ink.runs(value) if value else run(_EMPTY_FIELD)
        return self._field("Text", "FORMTEXT", "<w:textInput/>", shown)


class _Typed(_Dialect):
    name = "typed"

    def __init__(self, ink: _Ink) -> None:
        super().__init__(ink)
        self._marks = itertools.cycle(TYPED_MARKS)
        self._dates = itertools.cycle(DATE_FORMATS)
        self._grades = {g: itertools.cycle(s) for g, s in TYPED_GRADES.items()}

    def cell_style(self) -> str:
        return self.v.mark or next(self._marks)

    def box(self, checked: bool, style: Any = None) -> str:
        mark = "☒" if style in (None, "delete") else style
        return run(mark if checked else "☐")

    def options(self, chosen: frozenset[str], values: tuple[str, ...], style: Any = None) -> str:
        style = style or self.cell_style()
        if style == "delete" and len(chosen) == 1:  # the other options were deleted
            return self.ink.runs(OPTION_LABELS[next(iter(chosen))])
        return super().options(chosen, values, style)

    def grade(self, value: str) -> str:
        spellings = self._grades.get(value)
        return self.ink.runs(next(spellings) if spellings else value)

    def rating(self, label: str, value: str | None) -> list[str]:
        if value is None:
            return [self.ink.para(f"{label} Click to select rating:", bold=True), p()]
        return [p(self.ink.runs(label + " ", bold=True), self.grade(value))]

    def date(self, value: Any) -> str:
        if isinstance(value, dt.date):
            return self.ink.runs(DATE_FORMATS[self.v.date_format or next(self._dates)](value))
        return self.ink.runs(value)


class _Symbols(_Dialect):
    name = "symbols"

    def __init__(self, ink: _Ink) -> None:
        super().__init__(ink)
        self._styles = itertools.cycle(SYMBOL_STYLES)

    def cell_style(self) -> str:
        return self.v.symbol or next(self._styles)

    def box(self, checked: bool, style: Any = None) -> str:
        font, char = SYMBOL_STYLES[style or "wingdings-fe"][0 if checked else 1]
        if len(char) == 1:  # the glyph typed in a symbol-font run
            return run(char, font=font)
        return f'<w:r>{_rpr(font=font)}<w:sym w:font="{font}" w:char="{char}"/></w:r>'


class _Mixed:
    """Every dialect in one file: each header field and section picks the next one."""

    def __init__(self, dialects: list[_Dialect]) -> None:
        self.dialects = dialects

    def __call__(self, slot: int) -> _Dialect:
        return self.dialects[slot % len(self.dialects)]


# -- the form ---------------------------------------------------------------------------------

_HEADER_GRID = (2041, 2778, 2041, 2778)
_MERGED_HEADER_GRID = (2041, 1389, 1389, 2041, 1389, 1389)
_OVERVIEW_GRID = (3515, 6123)
_SECTION_GRID = (1700, 4000, 3938)
_LABEL_FILL = "DEEAF6"


class _FormWriter:
    def __init__(self, spec: FormSpec, dialect: str, v: Variations) -> None:
        if dialect not in DIALECTS:
            raise ValueError(f"dialect must be one of {DIALECTS}, not {dialect!r}")
        self.spec = spec
        self.v = v
        self.ink = _Ink(v)
        pool: list[_Dialect] = [
            _ContentControls(self.ink),
            _Legacy(self.ink),
            _Typed(self.ink),
            _Symbols(self.ink),
        ]
        if dialect != "mixed":
            pool = [d for d in pool if d.name == dialect]
        self.d = _Mixed(pool)

    # header ------------------------------------------------------------------------------------

    def _label(self, key: str) -> list[str]:
        f = next(f for f in FORM.header if f.key == key)
        label = REWORDED_LABELS.get(key, f.label) if self.v.reworded else f.label
        return [self.ink.para(label, bold=True)] + [self.ink.para(h) for h in f.hints]

    def _value(self, key: str, slot: int) -> list[str]:
        f = next(f for f in FORM.header if f.key == key)
        d = self.d(slot)
        value = self.spec.header.get(key)
        if key == "audited_previously":
            chosen = frozenset() if value is None else frozenset({"yes" if value else "no"})
            after = self.spec.header.get("previous_audit_date")
            date = d.date(after) if after else ""
            return [p(d.options(chosen, ("yes", "no"))), p(run("             DATE: "), date)]
        if key == "case_worker" and self.v.tracked_changes:
            return [p(self.ink.deleted("Sam Previous"), self.ink.inserted(run(str(value))))]
        if f.type == "date":
            inline = d.date(value)
        else:
            inline = d.text(None if value is None else str(value))
        if key == "months_in_early_help":
            inline += run("                    Months")
        if key == "team" and self.v.nested_table:
            return [tbl((2500,), [self.ink.row(tc([p(inline)], 2500))]), "<w:p/>"]
        return [p(inline)]

    def header(self) -> str:
        merged = self.v.merged_cells
        grid = _MERGED_HEADER_GRID if merged else _HEADER_GRID
        span = 2 if merged else 1
        width = _HEADER_GRID[1]
        rows = []
        for n, (left, right) in enumerate(HEADER_ROWS):
            cells = []
            below = self.v.value_below and left == "discussion_date"
            for i, key in enumerate((left, right)):
                cells.append(tc(self._label(key), _HEADER_GRID[0], fill=_LABEL_FILL))
                value = "<w:p/>" if below else self._value(key, 2 * n + i)
                cells.append(tc(value, width, span=span))
            rows.append(self.ink.row(*cells))
            if below:
                cells = []
                for i, key in enumerate((left, right)):
                    cells.append(tc("<w:p/>", _HEADER_GRID[0]))
                    cells.append(tc(self._value(key, 2 * n + i), width, span=span))
                rows.append(self.ink.row(*cells))
        return tbl(grid, rows)

    def overview(self) -> str:
        spec = self.spec
        label = self._label("overview")
        text = spec.header.get("overview")
        row1 = self.ink.row(
            tc(label, _OVERVIEW_GRID[0], fill=_LABEL_FILL),
            tc([p(self.d(15).text(text))], _OVERVIEW_GRID[1]),
        )
        auditor, moderator = spec.ratings.get("1", (None, None))
        a_comment, m_comment = spec.comments.get("1", (None, None))
        title = FORM.section("1").title
        title = "1) " + title.upper() if self.v.reworded else "1. " + title
        right = [
            *self.d(1).rating("Auditor:", auditor),
            self.ink.para("Auditor’s comments:", bold=True),
            self.ink.para(a_comment),
            "<w:p/>",
            *self.d(2).rating("Moderator:", moderator),
            self.ink.para("Moderator’s comments:", bold=True),
            self.ink.para(m_comment),
        ]
        row2 = self.ink.row(
            tc(
                [
                    self.ink.para(title, bold=True),
                    "<w:p/>",
                    self.ink.para(
                        "Grade and comment on the quality of work by the practitioner/ team manager and its impact on the child/ family."
                    ),
                ],
                _OVERVIEW_GRID[0],
                fill=_LABEL_FILL,
            ),
            tc(right, _OVERVIEW_GRID[1]),
        )
        return tbl(_OVERVIEW_GRID, [row1, row2])

    # sections -------------------------------------------------------------------------------

    def _question_text(self, number: str, position: int, text: str) -> str:
        printed = PRINTED_NUMBERS.get(number, ())
        shown = printed[position - 1] if position <= len(printed) else position
        if not self.v.reworded:
            return f"{shown}. {text}"
        kind = position % 4
        if kind == 0:
            return f"{shown}.   " + "  ".join(text.split())
        if kind == 1:
            return f"{'abcdefgh'[position - 1]}) {text}"
        if kind == 2:
            return f"{shown}) " + text.replace("?", "").replace(",", "") + "."
        for word, other in _SYNONYMS.items():
            if re.search(rf"\b{word}\b", text):
                return f"{shown}. " + re.sub(rf"\b{word}\b", other, text, count=1)
        return f"{shown}. {text}"

    def _options_cell(self, qid: str, d: _Dialect, values: tuple[str, ...]) -> list[str]:
        answer = self.spec.answers.get(qid)
        chosen = frozenset(answer if isinstance(answer, tuple) else [answer] if answer else [])
        if self.v.tracked_changes and qid == TRACKED_QUESTION:
            return [p(self._tracked_options(chosen, values))]
        inline = p(d.options(chosen, values))
        if self.v.nested_table and qid == "2.2":
            return [tbl((3700,), [self.ink.row(tc([inline], 3700))]), "<w:p/>"]
        return [inline]

    def _tracked_options(self, chosen: frozenset[str], values: tuple[str, ...]) -> str:
        """The answer changed with Track Changes on: old tick deleted, new tick inserted."""
        previous = next(v for v in values if v not in chosen)
        out = []
        for i, value in enumerate(values):
            if value in chosen:
                out.append(self.ink.deleted("☐") + self.ink.inserted(run("☒")))
            elif value == previous:
                out.append(self.ink.deleted("☒") + self.ink.inserted(run("☐")))
            else:
                out.append(run("☐"))
            out.append(run(("   " if i == 0 else " ") + OPTION_LABELS[value] + "     "))
        return "".join(out)

    def section(self, number: str) -> str:
        section = FORM.section(number)
        d = self.d(int(number))
        w = _SECTION_GRID
        rows = []
        if number == "2":
            rows.append(
                self.ink.row(
                    tc(self.ink.para("UNDERSTANDING OUR PRACTICE", bold=True), w[0]),
                    tc(
                        self.ink.para(
                            "AUDITOR’S FINDINGS: AREAS OF GOOD PRACTICE AND AREAS REQUIRING STRENGTHENING",
                            bold=True,
                        ),
                        w[1] + w[2],
                        span=2,
                    ),
                )
            )
        title = (
            f"{number}) {section.title.upper()}"
            if self.v.reworded
            else f"{number}. {section.title}"
        )
        for position, q in enumerate(section.questions, 1):
            first = position == 1
            rows.append(
                self.ink.row(
                    tc(
                        self.ink.para(title, bold=True) if first else "<w:p/>",
                        w[0],
                        vmerge="restart" if first else "continue",
                        fill=_LABEL_FILL,
                    ),
                    tc(self.ink.para(self._question_text(number, position, q.text)), w[1]),
                    tc(self._options_cell(q.id, d, tuple(ANSWERS)), w[2]),
                )
            )
        auditor_comment, moderator_comment = self.spec.comments.get(number, (None, None))
        prompt = [
            self.ink.para(section.comment_prompts[0]),
            "<w:p/>",
            self.ink.para("What are the strengths of practice?"),
        ]
        rows.append(
            self.ink.row(tc(prompt, w[0] + w[1], span=2), tc(self.ink.para(auditor_comment), w[2]))
        )
        auditor, moderator = self.spec.ratings.get(number, (None, None))
        ratings = [
            self.ink.para("Ratings", bold=True),
            "<w:p/>",
            *d.rating("Auditor:", auditor),
            "<w:p/>",
            *self.d(int(number) + 1).rating("Moderator:", moderator),
        ]
        comments = [
            self.ink.para("Moderator’s comments:", bold=True),
            self.ink.para(moderator_comment),
        ]
        rows.append(self.ink.row(tc(ratings, w[0]), tc(comments, w[1] + w[2], span=2)))
        return tbl(w, rows)

    def banner(self, text: str) -> str:
        return tbl((9638,), [self.ink.row(tc(self.ink.para(text, bold=True), 9638, fill="FFF2CC"))])

    def bespoke(self) -> str:
        section = FORM.section("bespoke")
        rows = []
        for ft in section.free_text:
            rows.append(
                self.ink.row(
                    tc(
                        [
                            self.ink.para(ft.label, bold=True),
                            self.ink.para("How effectively is this considered in the work?"),
                        ],
                        4819,
                    ),
                    tc(self.ink.para(self.spec.bespoke.get(ft.key)), 4819),
                )
            )
        return self.banner("BESPOKE QUESTIONS") + tbl((4819, 4819), rows)

    def feedback(self) -> str:
        w = _SECTION_GRID
        family = FORM.section("9")
        labels = {ft.key: ft.label for ft in family.free_text} | {
            q.id: q.text for q in family.questions
        }
        d = self.d(9)
        rows = []
        for position, key in enumerate(FAMILY_ROWS, 1):
            first = position == 1
            title = [self.ink.para("9. Family Feedback", bold=True), self.ink.para(family.hints[0])]
            left = tc(
                title if first else "<w:p/>",
                w[0],
                vmerge="restart" if first else "continue",
                fill=_LABEL_FILL,
            )
            question = tc(self.ink.para(f"{position}. {labels[key]}"), w[1])
            if key == "relationship_score":
                answer = [
                    self.ink.para("Please give a grading between 1 and 5:"),
                    self.ink.para("1 being not good and 5 being excellent."),
                    "<w:p/>",
                    p(d.text(self.spec.score)),
                ]
            elif key in ("9.3", "9.7"):
                answer = self._options_cell(key, d, ("yes", "no", "n/a"))
            else:
                answer = [self.ink.para(self.spec.family.get(key))]
            rows.append(self.ink.row(left, question, tc(answer, w[2])))
        practitioner = FORM.section("10")
        for position, ft in enumerate(practitioner.free_text, 1):
            first = position == 1
            title = [
                self.ink.para("10. Practitioner Feedback", bold=True),
                self.ink.para(practitioner.hints[0]),
            ]
            rows.append(
                self.ink.row(
                    tc(
                        title if first else "<w:p/>",
                        w[0],
                        vmerge="restart" if first else "continue",
                        fill=_LABEL_FILL,
                    ),
                    tc(self.ink.para(f"{position}. {ft.label}"), w[1]),
                    tc(self.ink.para(self.spec.practitioner.get(ft.key)), w[2]),
                )
            )
        return self.banner(THEMES["9"]) + tbl(w, rows)

    def actions(self) -> str:
        grid = (4000, 1600, 1600, 2438)
        heads = (
            "What is needed to improve better outcomes for the child/ young person audited?",
            "Who?",
            "When?",
            "To be updated by supervisor",
        )
        rows = [
            self.ink.row(
                *(
                    tc(self.ink.para(h, bold=True), wd, fill=_LABEL_FILL)
                    for h, wd in zip(heads, grid, strict=True)
                )
            )
        ]
        actions = list(self.spec.actions)
        if self.v.tracked_changes:
            rows.append(
                self.ink.row(
                    *(
                        tc(run(t), wd)
                        for t, wd in zip(
                            ("Deleted action", "Nobody", "Never", ""), grid, strict=True
                        )
                    ),
                    deleted=True,
                )
            )
        for action in actions + [("",)] * max(0, 5 - len(actions)):
            values = (*action, "", "", "", "")[:4]
            rows.append(
                self.ink.row(
                    *(tc(self.ink.para(t), wd) for t, wd in zip(values, grid, strict=True))
                )
            )
        learning = tbl(
            (9638,),
            [
                self.ink.row(
                    tc(
                        self.ink.para(
                            "Actions for practitioner learning, team learning or Service learning.  ** NOT TO GO ON CASE FILE**",
                            bold=True,
                        ),
                        9638,
                    )
                ),
                *(self.ink.row(tc("<w:p/>", 9638)) for _ in range(3)),
            ],
        )
        return (
            self.ink.para("ACTIONS", bold=True)
            + tbl(grid, rows)
            + self.ink.para(
                "***ONLY ACTIONS ADDED TO THE CHILD’S FILE, and to be followed up in supervision **"
            )
            + learning
        )

    def body(self) -> str:
        parts = [
            p(run(" UNDERSTANDING OUR EARLY HELP PRACTICE ", bold=True)),
            tbl(
                (9638,),
                [
                    self.ink.row(
                        tc(
                            [
                                p(run("GUIDANCE ON HOW TO APPROACH THIS AUDIT", bold=True)),
                                p(run("Please only review the preceding 6 months.")),
                            ],
                            9638,
                        )
                    )
                ],
            ),
            "<w:p/>",
            self.header(),
            "<w:p/>",
            self.overview(),
            "<w:p/>",
        ]
        for number in ("2", "3", "4", "5", "6", "7", "8"):
            if number in THEMES:
                parts += [self.banner(THEMES[number]), "<w:p/>"]
            parts += [self.section(number), "<w:p/>"]
        parts += [self.bespoke(), "<w:p/>", self.feedback(), "<w:p/>", self.actions(), "<w:p/>"]
        return "".join(parts)


def build_document_xml(
    spec: FormSpec | None = None, dialect: str = "content-controls", **variations: Any
) -> str:
    """word/document.xml of the form (for tests that alter the XML before packaging it)."""
    v = Variations(**variations)
    return document_xml(
        _FormWriter(spec if spec is not None else example_spec(), dialect, v).body()
    )


def build_form(
    spec: FormSpec | None = None, dialect: str = "content-controls", **variations: Any
) -> bytes:
    """The .docx bytes of ``spec`` (default: ``example_spec()``) filled in the given dialect."""
    return package(build_document_xml(spec, dialect, **variations))


def write_form(
    path: Path, spec: FormSpec | None = None, dialect: str = "content-controls", **variations: Any
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_form(spec, dialect, **variations))
    return path


def write_copies(folder: Path, count: int, prefix: str = "CASE") -> list[Path]:
    """``count`` filled forms, each its own audit (case reference PREFIX-00001, ...).

    The form is built once and its case reference rewritten in the XML of each copy: fast
    enough to fill an inbox with hundreds of forms inside a test.
    """
    spec = example_spec()
    marker = "CASEREFXYZ"
    data = build_form(dataclasses.replace(spec, header=spec.header | {"case_id": marker}))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, count + 1):
        copy = dict(parts)
        copy["word/document.xml"] = parts["word/document.xml"].replace(
            marker.encode(), f"{prefix}-{n:05d}".encode()
        )
        path = folder / f"{prefix.lower()}-{n:05d}.docx"
        path.write_bytes(zip_parts(copy))
        paths.append(path)
    return paths


def zip_parts(parts: dict[str, bytes]) -> bytes:
    """A package's parts (name -> bytes) zipped, deflated, in the order given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, value in parts.items():
            zf.writestr(name, value)
    return buffer.getvalue()
