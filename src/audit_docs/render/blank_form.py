"""A clean, fillable Word form from a definition (``audit-docs forms blank``).

A council that changes its form, or adopts one of ours, should circulate a blank that is
easy to fill and certain to read back: every answer a check box, every grade and choice a
drop-down, every date a date picker (Word content controls, which LibreOffice keeps too).
Sections are real headings and tables have header rows, so a screen reader can follow it.
Each control's tag names what it holds (``h:KEY``, ``a:S.Q=yes``, ``r:S:auditor``): the reader
never needs it, but a tool filling forms in bulk can use it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from audit_docs.ns import W14
from audit_docs.read.formdef import FormDefinition, HeaderField, Section

#: the text width of an A4 page with 1.8 cm margins, and an option column's width (cm)
_WIDTH, _BOX = 17.4, 2.2
#: the drop-down of a definition on the usual scale; a council's own scale offers its words
GRADES = ("Outstanding", "Good", "Requires Improvement", "Inadequate")
ANSWER_WORDS = {"yes": "Yes", "no": "No", "n/a": "N/A", "partially": "Partially"}
_NS = nsdecls("w") + f' xmlns:w14="{W14}"'


def _sdt(tag: str, pr: str, shown: str, placeholder: bool = True) -> Any:
    flag = "<w:showingPlcHdr/>" if placeholder else ""
    style = '<w:rPr><w:color w:val="767676"/></w:rPr>' if placeholder else ""
    return parse_xml(
        f"<w:sdt {_NS}><w:sdtPr><w:alias w:val={quoteattr(tag)}/><w:tag w:val={quoteattr(tag)}/>"
        f"{flag}{pr}</w:sdtPr><w:sdtContent><w:r>{style}"
        f'<w:t xml:space="preserve">{_escape(shown)}</w:t></w:r></w:sdtContent></w:sdt>'
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def checkbox(paragraph: Paragraph, tag: str) -> None:
    paragraph._p.append(
        parse_xml(
            f"<w:sdt {_NS}><w:sdtPr><w:tag w:val={quoteattr(tag)}/>"
            '<w14:checkbox><w14:checked w14:val="0"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
            '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
            '<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:hAnsi="MS Gothic" '
            'w:eastAsia="MS Gothic"/></w:rPr><w:t>☐</w:t></w:r></w:sdtContent></w:sdt>'
        )
    )


def dropdown(paragraph: Paragraph, tag: str, items: Iterable[str]) -> None:
    listed = '<w:listItem w:displayText="Choose an item." w:value=""/>' + "".join(
        f"<w:listItem w:displayText={quoteattr(i)} w:value={quoteattr(i)}/>" for i in items
    )
    pr = f"<w:dropDownList>{listed}</w:dropDownList>"
    paragraph._p.append(_sdt(tag, pr, "Choose an item."))


def date_picker(paragraph: Paragraph, tag: str) -> None:
    pr = (
        '<w:date><w:dateFormat w:val="dd/MM/yyyy"/><w:lid w:val="en-GB"/>'
        '<w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>'
    )
    paragraph._p.append(_sdt(tag, pr, "Click or tap to enter a date."))


def text_box(paragraph: Paragraph, tag: str) -> None:
    paragraph._p.append(_sdt(tag, '<w:text w:multiLine="1"/>', "Click or tap here to enter text."))


def _header_row(table: Table) -> None:
    """Mark the first row as the table's header row (repeated, read out by screen readers)."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


def _keep_together(table: Table) -> None:
    """Keep the table on one page: no row splits, every row is kept with the next.

    A section broken over a page, a question's words on two pages, is what a council
    notices first in a printed blank.
    """
    for row in table.rows:
        row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _label(cell: _Cell, text: str) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0]
    paragraph.add_run(text).bold = True
    return paragraph


def _wide(cells: list[_Cell] | tuple[_Cell, ...]) -> _Cell:
    """The cells merged into one (a value spanning the option columns)."""
    return cells[0] if len(cells) == 1 else cells[0].merge(cells[-1])


def _value(paragraph: Paragraph, f: HeaderField) -> None:
    tag = f"h:{f.key}"
    if f.type == "date":
        date_picker(paragraph, tag)
    elif f.type == "choice":
        dropdown(paragraph, tag, f.options)
    elif f.type == "yes_no":
        for value, word in (("yes", "Yes"), ("no", "No")):
            checkbox(paragraph, f"{tag}={value}")
            paragraph.add_run(f" {word}   ")
    else:
        text_box(paragraph, tag)


class _Writer:
    def __init__(self, definition: FormDefinition) -> None:
        self.d = definition
        self.doc = Document()
        section = self.doc.sections[0]
        section.left_margin = section.right_margin = Cm(1.8)
        self.doc.styles["Normal"].font.size = Pt(10)

    def table(self, rows: int, cols: int, widths: tuple[float, ...] | None = None) -> Table:
        table: Table = self.doc.add_table(rows=rows, cols=cols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if widths:
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Cm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Cm(width)
        return table

    def header(self) -> None:
        fields = [f for f in self.d.header if not f.inside]
        inside = {f.inside: f for f in self.d.header if f.inside}
        table = self.table((len(fields) + 1) // 2, 4, (3.6, 5.1, 3.6, 5.1))
        for i, f in enumerate(fields):
            row, at = table.rows[i // 2], (i % 2) * 2
            _label(row.cells[at], f.label)
            paragraph = row.cells[at + 1].paragraphs[0]
            _value(paragraph, f)
            if f.key in inside:
                child = inside[f.key]
                paragraph.add_run(f"  {child.label} ").bold = True
                _value(paragraph, child)

    def section(self, s: Section) -> None:
        """One table per section, its title the first cell of the header row (a heading).

        The title sits in the table, where the reader looks for it; its paragraph has a
        heading style, so the navigation pane and screen readers still find it.
        """
        options = list(self.d.options) if s.questions else []
        cols = 1 + len(options) if options else 2
        rl = self.d.rating_labels
        rows = 1 + len(s.questions) + len(s.free_text) + (3 if s.rated else 0)
        widths = (_WIDTH - _BOX * len(options), *(_BOX,) * len(options)) if options else (4.4, 13.0)
        table = self.table(rows, cols, widths)
        number = f"{s.number}. " if s.number.isdigit() else ""
        title = (
            table.rows[0].cells[0]
            if options
            else table.rows[0].cells[0].merge(table.rows[0].cells[-1])
        )
        heading = title.paragraphs[0]
        heading.style = self.doc.styles["Heading 2"]
        heading.add_run(f"{number}{s.title}")
        for cell, option in zip(table.rows[0].cells[1:], options, strict=False):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            cell.paragraphs[0].add_run(ANSWER_WORDS.get(option, option))
        _header_row(table)
        at = 1
        for q in s.questions:
            row = table.rows[at]
            row.cells[0].paragraphs[0].add_run(f"{q.id} {q.text}")
            for cell, option in zip(row.cells[1:], options, strict=True):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                checkbox(cell.paragraphs[0], f"a:{q.id}={option}")
            at += 1
        for ft in s.free_text:
            row = table.rows[at]
            _label(row.cells[0], ft.label)
            text_box(_wide(row.cells[1:]).paragraphs[0], f"f:{s.number}:{ft.key}")
            at += 1
        if s.rated:
            for who, label in (("auditor", rl.auditor), ("moderator", rl.moderator)):
                row = table.rows[at]
                _label(row.cells[0], label)
                grades = GRADES if self.d.grade_scale.is_default else self.d.grade_scale.words
                dropdown(_wide(row.cells[1:]).paragraphs[0], f"r:{s.number}:{who}", grades)
                at += 1
            box = _wide(table.rows[at].cells)
            for who, label in (
                ("auditor", rl.auditor_comments),
                ("moderator", rl.moderator_comments),
            ):
                paragraph = box.paragraphs[0] if who == "auditor" else box.add_paragraph()
                paragraph.add_run(f"{label} ").bold = True
                text_box(paragraph, f"c:{s.number}:{who}")
        _keep_together(table)
        self.doc.add_paragraph()

    def actions(self) -> None:
        columns = self.d.actions.columns
        if not {"action", "who", "when"} <= set(columns):
            return
        self.doc.add_heading("Actions", level=1)
        names = list(columns)
        table = self.table(4, len(names))
        for cell, name in zip(table.rows[0].cells, names, strict=True):
            cell.paragraphs[0].add_run(columns[name][0])
        _header_row(table)
        for r, row in enumerate(table.rows[1:], 1):
            for cell, name in zip(row.cells, names, strict=True):
                text_box(cell.paragraphs[0], f"x:{r}:{name}")
        _keep_together(table)
        if self.d.actions.learning:
            self.doc.add_paragraph()  # two tables with nothing between are joined into one
            learning = self.table(2, 1)
            _label(learning.rows[0].cells[0], self.d.actions.learning)
            text_box(learning.rows[1].cells[0].paragraphs[0], "x:learning")
            _keep_together(learning)

    def write(self, path: Path) -> None:
        self.doc.add_heading(self.d.title, level=0)
        self.header()
        self.doc.add_paragraph()
        for s in self.d.sections:
            self.section(s)
        self.actions()
        self.doc.core_properties.title = self.d.title
        self.doc.core_properties.author = "audit-docs forms blank"
        self.doc.core_properties.comments = f"The blank form of the definition '{self.d.id}'."
        saved = io.BytesIO()
        self.doc.save(saved)
        path.write_bytes(_without_dates(saved.getvalue()))


def _without_dates(docx: bytes) -> bytes:
    """The package with every part dated 1 January 1980 (the zip format's first day).

    python-docx stamps each part with the time of saving; fixed dates make the same
    definition give the same bytes, so the blanks kept in ``examples/`` can be checked as
    exactly what ``forms blank`` writes today.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return out.getvalue()


def write_blank_form(definition: FormDefinition, path: Path) -> Path:
    """Write the blank form of ``definition`` to ``path`` (a .docx)."""
    _Writer(definition).write(path)
    return path
