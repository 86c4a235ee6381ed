"""Build templates/best-practice-guidance.docx: the Word template of the best practice guidance.

    .venv/bin/python tools/build_guidance_template.py [TARGET]

The template is a docxtpl document a QA officer can open and edit in Word: real Title and
Heading 1/2 styles (so the navigation pane and a table of contents work), tables with a
header row, bullet lists, and an introduction as ordinary text to rewrite. Training, audit
meetings and the next audit's focus are drafted from the round's weakest themes; the officer
writes the rest under those headings in the commentary document (``audit-docs commentary``). The only template logic is loops and ifs over the
figures computed by ``audit_docs.compute.guidance`` (the keys of the figures JSON written
beside every guidance document); every number and sentence is made in Python.

Tags to know when editing: ``{{ value }}`` prints a value; a paragraph holding only
``{%p for x in list %}`` ... ``{%p endfor %}`` repeats the paragraphs between; a table row
holding only ``{%tr for x in list %}`` ... ``{%tr endfor %}`` repeats the rows between. Type
each tag in one go, so that Word keeps it in one piece of formatting.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent))

from template_parts import caption, cover, display_styles, fix_timestamps, font, language

TARGET = Path(__file__).resolve().parents[1] / "templates" / "best-practice-guidance.docx"
FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)  # dark blue: passes WCAG AA contrast on white
MUTED = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "1F4E79"
BAND_FILL = "EAF1F8"


# --- styles ------------------------------------------------------------------------------------


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, before in (("Title", 26, 0), ("Heading 1", 16, 18), ("Heading 2", 13, 12)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = ACCENT
        _font(style)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
    quote = doc.styles["Quote"]
    quote.font.name = FONT
    quote.font.size = Pt(10.5)
    quote.font.color.rgb = MUTED
    quote.paragraph_format.left_indent = Cm(0.8)
    doc.styles["List Bullet"].font.name = FONT
    doc.styles["List Number"].font.name = FONT
    display_styles(doc)
    language(doc)


def _font(style) -> None:
    font(style, FONT)


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    doc.styles["Footer"].font.size = Pt(9)
    doc.styles["Footer"].font.color.rgb = MUTED
    # the footer's "Page X of Y" is added to every document when it is rendered (finish.py)


# --- building blocks ---------------------------------------------------------------------------


def para(doc, text: str = "", style: str | None = None, *, bold: bool = False):
    p = doc.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold = bold
    return p


def tag(doc, text: str) -> None:
    """A paragraph holding one {%p ... %} tag (docxtpl removes the paragraph)."""
    doc.add_paragraph(text)


def bullets(doc, loop: str, *runs: tuple[str, bool]) -> None:
    """{%p for %} / one bullet made of runs (text, muted?) / {%p endfor %}."""
    tag(doc, f"{{%p for {loop} %}}")
    p = doc.add_paragraph(style="List Bullet")
    for text, muted in runs:
        run = p.add_run(text)
        if muted:
            run.font.color.rgb = MUTED
    tag(doc, "{%p endfor %}")


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _keep_with_next(paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def table(doc, headings: list[str], loop: str, cells: list[str], widths: list[float]) -> None:
    """A table: a shaded header row, then one row repeated for each item of ``loop``.

    Rows do not break across pages, and each row keeps with the next, so a short table stays
    on one page with its heading row.
    """
    t = doc.add_table(rows=4, cols=len(headings))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    for i, width in enumerate(widths):
        t.columns[i].width = Cm(width)
        for row in t.rows:
            row.cells[i].width = Cm(width)
    for i, heading in enumerate(headings):
        cell = t.rows[0].cells[i]
        _shade(cell, HEADER_FILL)
        run = cell.paragraphs[0].add_run(heading)
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    t.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    for i, text in enumerate(cells):
        t.rows[2].cells[i].paragraphs[0].add_run(text)
    t.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for row in t.rows:
        _cant_split(row)
        for i, cell in enumerate(row.cells):
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(2)
            _keep_with_next(p)
            if i:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para(doc)


def lead_in(doc, text: str, *, bold: bool = False):
    """A sentence introducing what follows (a table, a list): kept on its page."""
    p = para(doc, text, bold=bold)
    _keep_with_next(p)
    return p


# --- the document ------------------------------------------------------------------------------


def build(target: Path = TARGET) -> Path:
    doc = Document()
    _styles(doc)
    _page(doc)
    doc.core_properties.title = "Best practice guidance"
    doc.core_properties.language = "en-GB"

    cover(doc, "{{ title }}", "Learning from case audits, {{ period.label }}")
    para(
        doc,
        "This guidance shares what the case audits completed in this period tell us about "
        "practice: what is working well, what needs to improve, and the paperwork that makes a "
        "case record complete. Please share it with your team and use it in supervision and "
        "team meetings.",
    )
    _messages(doc)
    _audit(doc)
    _themes(doc)
    _examples(doc)
    _next(doc)
    _appendix(doc)

    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    fix_timestamps(target)
    return target


def quotes(doc, loop: str) -> None:
    """{%p for %} / a quote in the Quote style, followed by who said it / {%p endfor %}."""
    tag(doc, f"{{%p for {loop} %}}")
    p = doc.add_paragraph(style="Quote")
    p.add_run("“{{ q.text }}”")
    muted = p.add_run(" — {{ q.said }}")
    muted.italic = False
    tag(doc, "{%p endfor %}")


def _messages(doc) -> None:
    doc.add_heading("Key messages", level=1)
    para(doc, "{{ key_messages_sentence }}")
    bullets(
        doc, "m in key_messages_printed", ("{{ m.message }}", False), (" ({{ m.evidence }})", True)
    )
    tag(doc, "{%p if key_messages_more %}")
    para(doc, "{{ key_messages_more }}")
    tag(doc, "{%p endif %}")

    doc.add_heading("Paperwork reminders", level=1)
    para(doc, "{{ reminders_sentence }}")
    bullets(doc, "r in reminders.practitioners", ("{{ r.sentence }}", False))


def _audit(doc) -> None:
    doc.add_heading("The audit", level=1)
    para(doc, "{{ scope.sentence }} {{ scope.other_audits_sentence }}")
    caption(doc, "Table", "Cases audited by the team holding the case")
    table(
        doc,
        ["Team", "Cases audited"],
        "t in scope.by_team",
        ["{{ t.name }}", "{{ t.audits }}"],
        [12.5, 4.0],
    )
    para(doc, "{{ scope.overall_sentence }}")
    caption(doc, "Table", "Overall grades")
    table(
        doc,
        ["Overall grade", "Cases"],
        "g in scope.overall_table",
        ["{{ g.label }}", "{{ g.audits }}"],
        [12.5, 4.0],
    )


def _themes(doc) -> None:
    doc.add_heading("Learning by theme", level=1)
    para(doc, "{{ theme_summary.sentence }}")
    tag(doc, "{%p for t in themes %}")
    doc.add_heading("{{ t.name }}", level=2)
    lead_in(doc, "{{ t.sentence }}")
    bullets(doc, "f in t.findings", ("{{ f.sentence }}", False))
    tag(doc, "{%p if t.quotes %}")
    lead_in(doc, "What the auditors said:", bold=True)
    quotes(doc, "q in t.quotes")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if t.learning.count %}")
    lead_in(doc, "{{ t.learning.sentence }}")
    quotes(doc, "q in t.learning.examples")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if learning_other.count %}")
    doc.add_heading("Other learning", level=2)
    lead_in(doc, "{{ learning_other.sentence }}")
    quotes(doc, "q in learning_other.examples")
    tag(doc, "{%p endif %}")


def _examples(doc) -> None:
    doc.add_heading("Good practice examples", level=1)
    lead_in(doc, "{{ good_practice_sentence }}")
    tag(doc, "{%p for q in good_practice %}")
    lead_in(doc, "{{ q.title }}", bold=True)
    p = doc.add_paragraph(style="Quote")
    p.add_run("“{{ q.comment }}”")
    muted = p.add_run(" — {{ q.said }}")
    muted.italic = False
    tag(doc, "{%p endfor %}")


def _next(doc) -> None:
    """Drafted from the round's weakest themes; the officer writes courses, meeting dates and
    the next audit's focus under these headings in the commentary document."""
    doc.add_heading("Training and development", level=1)
    para(doc, "{{ next_steps.training }}")
    doc.add_heading("Audit meetings", level=1)
    para(doc, "{{ next_steps.meetings }}")
    doc.add_heading("The next audit", level=1)
    para(doc, "{{ next_steps.next_audit }}")


def _appendix(doc) -> None:
    doc.add_heading("Appendix: the figures in full", level=1)
    tag(doc, "{%p if reminders.auditors %}")
    doc.add_heading("For auditors: completing the audit form", level=2)
    para(doc, "The audit forms for this period came in with these gaps; please remember:")
    bullets(doc, "r in reminders.auditors", ("{{ r.sentence }}", False))
    tag(doc, "{%p endif %}")
    doc.add_heading("Judgements by section", level=2)
    caption(doc, "Table", "Final judgements given for each section")
    table(
        doc,
        # one column per grade shown, in the form's own words (grade_columns)
        [
            "Section",
            "{%tc for g in grade_columns %}",
            "{{ g.head }}",
            "{%tc endfor %}",
            "Not graded",
        ],
        "j in judgement_rows",
        [
            "{{ j.title }}",
            "{%tc for g in grade_columns %}",
            "{{ j[g.key] }}",
            "{%tc endfor %}",
            "{{ j.not_graded }}",
        ],
        [7.2, 2.3, 2.3, 2.3, 2.1],  # the four grades' 6.9 cm shared by the loop's three cells
    )
    tag(doc, "{%p if grade_key %}")
    para(doc, "{{ grade_key }}")
    tag(doc, "{%p endif %}")
    caption(doc, "Table", "Cases audited by service")
    table(
        doc,
        ["Service", "Cases audited"],
        "t in scope.by_service_area",
        ["{{ t.name }}", "{{ t.audits }}"],
        [12.5, 4.0],
    )
    _checks(doc)
    doc.add_heading("How these figures were made", level=2)
    bullets(doc, "r in rules", ("{{ r }}", False))


def _checks(doc) -> None:
    doc.add_heading("Grading checks and timescales", level=2)
    para(
        doc,
        "Each audit is checked against the grading guidance and the timescales the form "
        "states. A check is a prompt for a second look with the auditor; it never changes a "
        "grade.",
    )
    caption(doc, "Table", "Grading checks: audits flagged for a second look")
    table(
        doc,
        ["Check", "Audits flagged"],
        "f in rule_flags.rows",
        ["{{ f.label }}", "{{ f.audits }}"],
        [12.5, 4.0],
    )
    caption(doc, "Table", "Timescales the form states: how often they were met where they applied")
    table(
        doc,
        ["Timescale", "Met", "Partly met", "Not met", "Cases", "Met %"],
        "t in rule_flags.timeliness",
        [
            "{{ t.name }}",
            "{{ t.met }}",
            "{{ t.partly }}",
            "{{ t.not_met }}",
            "{{ t.applicable }}",
            "{{ t.percent|pct }}",
        ],
        [6.6, 1.8, 2.2, 2.0, 1.8, 2.1],
    )


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET))
