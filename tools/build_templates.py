"""Rebuild templates/annual-report.docx from code.

The committed .docx is what QA officers edit in Word (wording, logo, fonts, headings); this
script exists so a developer can review template changes as code and start again from a
clean template. It places figures only: every number, sentence and table row comes from the
figures computed in Python (see docs/contracts/report-figures.md). Run it with
``python tools/build_templates.py`` and commit the .docx it writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from template_parts import (  # noqa: E402  # noqa: E402
    caption,
    contents,
    cover,
    display_styles,
    fix_timestamps,
    font,
    language,
    page,
)

#: the grade columns of a table: one template column repeated for each grade the report
#: shows (grade_heads: the council's own words, a grade outside its scale left out), shaded
#: in the grade's colour; the key under the table spells out a shortened heading (grade_key)
GRADE_WORDS = ("{{ g.head }}",)
GRADE_LOOP = "{%tc for g in grade_heads %}"
GRADE_END = "{%tc endfor %}"
HEADER_FILL = "1F4E79"


def _styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Arial")
    for name, size in (
        ("Title", 26),
        ("Subtitle", 14),
        ("Heading 1", 16),
        ("Heading 2", 13),
        ("Heading 3", 11),
    ):
        style = styles[name]
        font(style)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    display_styles(doc)
    language(doc)
    page(doc)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#").upper())
    tc_pr.append(shd)


def _grade_loop(
    headers: list[str], cells: list[str], widths: list[float] | None, at: int
) -> tuple[list[str], list[str], list[float] | None]:
    """The grade column at ``at`` between the cells of a {%tc for %} (its heading and cell
    repeated for each grade shown), the four grades' widths shared by the three cells so the
    table keeps its width (the finished table shares it out by what each column holds)."""
    headers = [*headers[:at], GRADE_LOOP, headers[at], GRADE_END, *headers[at + 1 :]]
    cells = [*cells[:at], GRADE_LOOP, cells[at], GRADE_END, *cells[at + 1 :]]
    if widths:
        each = sum(widths[at : at + 4]) / 3
        widths = [*widths[:at], each, each, each, *widths[at + 4 :]]
    return headers, cells, widths


def _table(
    doc,
    headers: list[str],
    cells: list[str],
    *,
    loop: str | None,
    grade_from: int | None = None,
    widths: list[float] | None = None,
    total: list[str] | None = None,
    note: str | None = None,
):
    """A table: a header row, then one template row repeated by ``loop`` (a {%tr for %}),
    then a TOTAL row when ``total`` gives its cells; ``note`` names the footnote under it.
    From ``grade_from`` one header and one cell are repeated for each grade shown (a
    {%tc for %} between two cells of their own)."""
    if grade_from is not None:
        headers, cells, widths = _grade_loop(headers, cells, widths, grade_from)
    if note:
        # the key to the mark (†) of a row whose base is too small to rank or compare, above
        # the table (kept with it, as its caption is), so it is never left alone on a page
        _p(doc, f"{{%p if {note} %}}")
        key = _p(doc, f"{{{{ {note} }}}}")
        key.runs[0].font.size = Pt(9)
        key.paragraph_format.keep_with_next = True
        key.paragraph_format.space_after = Pt(2)
        _p(doc, "{%p endif %}")
    rows = 2 + (2 if loop else 0) + (1 if total else 0)
    table = doc.add_table(rows=rows, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(headers):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _shade(cell, HEADER_FILL)
        if grade_from is not None and i == grade_from + 1:
            run.text = "{% cellbg g.fill %}" + text
            run.font.color.rgb = RGBColor(0, 0, 0)
    body = 1
    if loop:
        table.rows[1].cells[0].text = f"{{%tr for {loop} %}}"
        table.rows[3].cells[0].text = "{%tr endfor %}"
        body = 2
    for i, text in enumerate(cells):
        cell = table.rows[body].cells[i]
        cell.text = ("{% cellbg g.fill %}" + text) if grade_from == i - 1 else text
        if i > 0:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, text in enumerate(total or []):
        cell = table.rows[-1].cells[i]
        cell.paragraphs[0].add_run(text).bold = True
        if i > 0:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if grade_from is not None:
        _p(doc, "{%p if grade_key %}")
        key = doc.add_paragraph("{{ grade_key }}")
        key.runs[0].font.size = Pt(9)
        _p(doc, "{%p endif %}")

    if widths:
        # Word reads the cell widths, LibreOffice the grid: set both, and keep them fixed
        table.autofit = False
        for i, w in enumerate(widths):
            table.columns[i].width = Cm(w)
        for row in table.rows:
            for i, w in enumerate(widths):
                row.cells[i].width = Cm(w)
    doc.add_paragraph()
    return table


def _p(doc, text: str, style: str | None = None):
    return doc.add_paragraph(text, style=style)


def _caption(doc, text: str, kind: str = "Table"):
    """A numbered caption above a table or chart, kept on the page of what it names."""
    return caption(doc, kind, text)


def _chart(doc, name: str, text: str) -> None:
    _caption(doc, text, "Figure")
    _p(doc, f"{{{{ {name} }}}}")


def _bullets(doc, loop: str, item: str = "{{ line }}") -> None:
    _p(doc, f"{{%p for {loop} %}}")
    _p(doc, item, "List Bullet")
    _p(doc, "{%p endfor %}")


def _grade_cells(var: str) -> list[str]:
    return [f"{{{{ {var}.grades[g.key] }}}}"]


def _summary(doc) -> None:
    """The year on (at most) a page, as a manager reads it: made in compute (summary.py)."""
    _p(doc, "Summary", "Heading 1").paragraph_format.page_break_before = True
    _bullets(doc, "line in summary_lines")


def _introduction(doc) -> None:
    _p(doc, "1. Introduction", "Heading 1")
    _p(
        doc,
        "This annual report summarises and analyses the case audits completed from {{ period.label }}.",
        "List Bullet",
    )
    _bullets(doc, "line in sentences.introduction")
    _p(
        doc,
        "Every figure in this report is also in the figures file published beside it, so it can be checked and reused.",
        "List Bullet",
    )


def _audits_per_quarter(doc) -> None:
    _p(doc, "2. Audits completed and moderated", "Heading 1")
    _caption(doc, "Audits completed and moderated per quarter")
    _table(
        doc,
        ["Period", "Audits completed", "Audits moderated", "Thematic audits included"],
        [
            "{{ q.label }} {{ q.months }}",
            "{{ q.audits }}",
            "{{ q.moderated }}",
            "{{ q.thematic_note }}",
        ],
        loop="q in quarters",
        widths=[5.5, 3.2, 3.2, 5],
    )
    _p(doc, "{{ sentences.overall }}")
    _chart(doc, "charts.grades_by_quarter", "Overall grades by quarter, {{ report.year }}")


def _quarter_summaries(doc) -> None:
    _p(doc, "3. Summary of audits by quarter", "Heading 1")
    _p(doc, "{%p for q in quarter_views %}")
    _p(doc, "Summary of audits – {{ q.label }} {{ report.year }}", "Heading 2")
    _bullets(doc, "line in q.lines")
    _p(doc, "{%p if q.strengths %}")
    _p(doc, "Areas of strength:")
    _bullets(doc, "a in q.strengths", "{{ a }}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if q.development %}")
    _p(doc, "Areas for development:")
    _bullets(doc, "a in q.development", "{{ a }}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{{ strength_rule }}")


def _areas(doc) -> None:
    _p(doc, "4. Sections and practice areas across the year", "Heading 1")
    _p(
        doc,
        "The sections of the audit form and the practice areas of the audit log are different instruments, graded on different cases: each has its own table and its own ranking.",
    ).paragraph_format.keep_with_next = True
    _p(doc, "{%p for r in ranking_views %}")
    _caption(doc, "{{ r.caption }}")
    _table(
        doc,
        ["Area", *GRADE_WORDS, "Not graded or N/A", "{{ or_better_head }}"],
        [
            "{{ a.title }}",
            *_grade_cells("a"),
            "{{ a.not_graded }}",
            "{{ a.cell }}",
        ],
        loop="a in r.areas",
        grade_from=1,
        widths=[3.4, 2.7, 1.4, 2.5, 2.4, 1.6, 2.6],
        note="r.note",
    )
    _bullets(doc, "line in r.lines")
    _chart(doc, "charts[r.chart]", "{{ r.chart_caption }}")
    _p(doc, "{%p endfor %}")
    _bullets(doc, "line in moved_areas")


def _moderation(doc) -> None:
    _p(doc, "5. Moderation", "Heading 1")
    _bullets(doc, "line in sentences.moderation")
    _p(doc, "{%p if moderation.by_section %}")
    _caption(doc, "Agreement between auditor and moderator per section")
    _table(
        doc,
        ["Section", "Pairs (n)", "Agreed", "Exact agreement", "Weighted kappa"],
        [
            "{{ s.title }}",
            "{{ s.n }}",
            "{{ s.agreed }}",
            "{{ s.agreed }}/{{ s.n }} ({{ s.percent|pct }})",
            "{{ s.kappa_cell }}",
        ],
        loop="s in moderation_sections",
        widths=[5.5, 1.8, 1.8, 2.8, 4.6],
        note="moderation_note",
    )
    _p(doc, "{%p endif %}")
    _p(
        doc,
        "Quadratic-weighted kappa measures agreement beyond chance, counting a disagreement of two grades four times as heavily as one of a single grade; it is quoted only from {{ moderation.min_pairs }} compared pairs, because on fewer one pair more or less can swing it from poor to almost perfect.",
    )


def _questions(doc) -> None:
    _p(doc, "6. Findings from the audit questions", "Heading 1")
    _p(
        doc,
        "Each question of each audit form, weakest first: how often practice met it (Yes; No for questions about a shortfall) among the cases it applied to.",
    )
    _p(doc, "{%p for fq in question_views %}")
    _question_table(doc)
    _p(doc, "{%p endfor %}")
    _bullets(doc, "line in moved_questions")


def _question_table(doc) -> None:
    """One form's questions (the loop variable ``fq``), in the body or the appendix."""
    _caption(doc, "Questions of the ‘{{ fq.title }}’ form ({{ fq.audits }} audits)")
    _table(
        doc,
        ["Question", "Yes", "Partly", "No", "N/A", "Blank", "Met (of applicable)"],
        [
            "{{ x.id }} {{ x.text }}",
            "{{ x.yes }}",
            "{{ x.partially }}",
            "{{ x.no }}",
            "{{ x.na }}",
            "{{ x.unanswered }}",
            "{{ x.cell }}",
        ],
        loop="x in fq.questions",
        widths=[6.6, 1.3, 1.7, 1.3, 1.3, 2.1, 2.6],
        note="fq.note",
    )


def _profile(doc) -> None:
    _p(doc, "7. Profile of audited cases", "Heading 1")
    _caption(doc, "Audited cases by age")
    _table(
        doc,
        ["Cases by age", "Number of cases"],
        ["{{ b.label }}", "{{ b.audits }}"],
        loop="b in profile.age_bands",
        widths=[6, 4],
        total=["TOTAL", "{{ profile.age_total }}"],
    )
    _caption(doc, "Audited cases by service area")
    _table(
        doc,
        ["Cases by type", "Number of cases"],
        ["{{ s.label }}", "{{ s.audits }}"],
        loop="s in profile.service_areas",
        widths=[6, 4],
        total=["TOTAL", "{{ profile.service_total }}"],
    )


def _thematic(doc) -> None:
    _p(doc, "8. Thematic audits", "Heading 1")
    _p(doc, "{%p if not thematic and not thematic_graded %}")
    _p(doc, "No thematic audits are recorded for this year.")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p for r in thematic %}")
    _p(doc, "{{ r.heading }}", "Heading 2")
    _p(doc, "{{ r.summary }}")
    _caption(doc, "{{ r.heading }}: each measure, this round and the previous one")
    _table(
        doc,
        ["Measure", "Evidenced / applicable", "This round", "Previous round", "Change"],
        [
            "{{ m.label }}",
            "{{ m.evidenced }}/{{ m.applicable }}",
            "{{ m.percent|pct }}",
            "{{ m.previous_text }}",
            "{{ m.change_text }}",
        ],
        loop="m in r.measures",
        widths=[7, 3, 2.2, 2.6, 2],
        note="r.note",
    )
    _chart(doc, "charts[r.chart]", "{{ r.heading }}: share of cases evidencing each measure")
    _p(doc, "{%p endfor %}")
    _p(
        doc,
        "A tick counts as evidenced and a cross or “no information recorded” as not evidenced; anything else written (for example “Joint working”) means the measure did not apply to that case, which then leaves the denominator. Each percentage is shown with its numerator and denominator.",
    )
    _p(doc, "{%p for r in thematic_graded %}")
    _p(doc, "{{ r.heading }}", "Heading 2")
    _p(doc, "{{ r.summary }}")
    _thematic_overview(doc)
    _caption(doc, "{{ r.heading }}: judgements for each area")
    _table(
        doc,
        ["Area", *GRADE_WORDS, "Not recorded", "N/A"],
        [
            "{{ a.title }}",
            *_grade_cells("a"),
            "{{ a.grades.not_recorded }}",
            "{{ a.not_applicable }}",
        ],
        loop="a in r.areas",
        grade_from=1,
        widths=[4.6, 2, 1.6, 2.4, 2.1, 2, 1.4],
    )
    _p(doc, "{%p endfor %}")


def _quality_checks(doc) -> None:
    _p(doc, "9. Quality checks of Early Help Assessments", "Heading 1")
    _p(doc, "{{ quality_checks_text }}")
    _p(doc, "{%p if quality_checks.total %}")
    _caption(doc, "Quality checks of Early Help Assessments per quarter")
    _table(
        doc,
        ["Period", *GRADE_WORDS],
        ["{{ q.label }} {{ q.months }}", *_grade_cells("q")],
        loop="q in quality_checks.quarters",
        grade_from=1,
        widths=[5.5, 2.5, 2.5, 3, 2.5],
    )
    _caption(doc, "Quality checks by who completed the assessment")
    _table(
        doc,
        ["Completed by", "Checks", *GRADE_WORDS],
        ["{{ c.label }}", "{{ c.checks }}", *_grade_cells("c")],
        loop="c in quality_checks.completed_by",
        grade_from=2,
        widths=[4.5, 1.8, 2.3, 2.3, 2.8, 2.3],
    )
    _chart(
        doc,
        "charts.quality_checks",
        "Quality checks of Early Help Assessments by quarter, {{ report.year }}",
    )
    _p(doc, "{%p endif %}")


def _feedback(doc) -> None:
    _p(doc, "10. Feedback from parents and carers", "Heading 1")
    _p(doc, "{{ feedback_text }}")
    _bullets(doc, "line in feedback_lines")
    _bullets(doc, "line in sentences.family_forms")
    _p(doc, "{%p if relationship_rows %}")
    _caption(doc, "{{ family_feedback_forms.relationship.question }} (audit forms)")
    _table(
        doc,
        ["Score", "Families"],
        ["{{ r.score }}", "{{ r.responses }}"],
        loop="r in relationship_rows",
        widths=[4, 4],
        total=["TOTAL", "{{ family_feedback_forms.relationship.scored }}"],
    )
    _p(doc, "{%p endif %}")


def _practitioners(doc) -> None:
    _p(doc, "11. Feedback from practitioners", "Heading 1")
    _p(doc, "{%p if sentences.practitioner %}")
    _bullets(doc, "line in sentences.practitioner")
    _p(doc, "{%p else %}")
    _p(doc, "No audit form of the year asks the practitioner for feedback.")
    _p(doc, "{%p endif %}")


def _actions(doc) -> None:
    _p(doc, "12. Actions from the audits", "Heading 1")
    _p(doc, "{%p if sentences.actions %}")
    _bullets(doc, "line in sentences.actions")
    _p(doc, "{%p if actions.by_role %}")
    _caption(doc, "Case actions by the role of their owner, as written on the forms")
    _table(
        doc,
        ["Owner", "Case actions"],
        ["{{ r.label }}", "{{ r.actions }}"],
        loop="r in actions.by_role",
        widths=[8, 4],
        total=["TOTAL", "{{ actions.total }}"],
    )
    _p(doc, "{%p endif %}")
    _p(doc, "{%p else %}")
    _p(doc, "No audit form of the year records actions.")
    _p(doc, "{%p endif %}")


def _comparison(doc) -> None:
    _p(doc, "13. Comparison with earlier years", "Heading 1")
    _p(doc, "{%p if previous_year %}")
    _caption(
        doc,
        "This year and the (up to) three most recent earlier years whose audits the store holds",
    )
    _table(
        doc,
        ["Year", "Audits", "Moderated", "Good or better (of graded)", "Moderator agreed"],
        [
            "{{ t.year }}",
            "{{ t.audits }}",
            "{{ t.moderated }}",
            "{{ t.good }}",
            "{{ t.agreement }}",
        ],
        loop="t in trend_rows",
        widths=[2.5, 2, 2.6, 5, 4.5],
    )
    _bullets(doc, "line in comparison_lines")
    _p(doc, "{%p else %}")
    _p(
        doc,
        "The store holds no audits for an earlier year, so there is nothing to compare with yet.",
    )
    _p(doc, "{%p endif %}")


def _key_messages(doc) -> None:
    _p(doc, "14. Key messages", "Heading 1")
    _bullets(doc, "line in key_messages")


def _appendix(doc) -> None:
    # the appendices start on a page of their own, after the key messages
    _p(
        doc, "Appendix: family feedback responses", "Heading 1"
    ).paragraph_format.page_break_before = True
    _p(doc, "{%p if feedback_blocks %}")
    intro = _p(doc, "The questions asked, then each family's answers as they gave them:")
    intro.paragraph_format.keep_with_next = True
    _p(doc, "{%p for q in feedback_questions %}")
    p = doc.add_paragraph(style="List Bullet")
    p.add_run("{{ q.key }}").bold = True
    p.add_run(" {{ q.text }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p for r in feedback_blocks %}")
    lead = doc.add_paragraph()
    lead.add_run("Response {{ r.number }}").bold = True
    lead.paragraph_format.keep_with_next = True
    lead.paragraph_format.space_before = Pt(6)
    lead.paragraph_format.space_after = Pt(0)
    _p(doc, "{%p for a in r.answers %}")
    line = doc.add_paragraph()
    line.add_run("{{ a.key }}").bold = True
    line.add_run(" {{ a.answer }}")
    line.paragraph_format.space_after = Pt(0)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p else %}")
    _p(doc, "No family feedback responses are recorded for this year.")
    _p(doc, "{%p endif %}")
    _words(doc, "family_words", "Appendix: the families' words on the audit forms")
    _words(doc, "practitioner_words", "Appendix: the practitioners' words on the audit forms")
    _appendix_tables(doc)


def _words(doc, name: str, heading: str) -> None:
    """What families or practitioners wrote, by question, anonymised in compute."""
    _p(doc, f"{{%p if {name} %}}")
    _p(doc, heading, "Heading 1")
    _p(doc, "Names, places and case references are taken out of what was written.")
    _p(doc, f"{{%p for g in {name} %}}")
    _p(doc, "{{ g.question }}", "Heading 3")  # not in the contents: one line per question
    _bullets(doc, "q in g.quotes", "{{ q }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")


def _appendix_tables(doc) -> None:
    """The tables whose every row is too few to rank: the body gives one sentence each."""
    _p(doc, "{%p if appendix_rankings or appendix_questions %}")
    _p(doc, "Appendix: tables with too few cases to rank", "Heading 1")
    _p(doc, "{%p for r in appendix_rankings %}")
    _caption(doc, "{{ r.caption }}")
    _table(
        doc,
        ["Area", *GRADE_WORDS, "Not graded or N/A", "{{ or_better_head }}"],
        ["{{ a.title }}", *_grade_cells("a"), "{{ a.not_graded }}", "{{ a.cell }}"],
        loop="a in r.areas",
        grade_from=1,
        widths=[3.4, 2.7, 1.4, 2.5, 2.4, 1.6, 2.6],
        note="r.note",
    )
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p for fq in appendix_questions %}")
    _question_table(doc)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")


def _thematic_overview(doc) -> None:
    """The round's overview, as the real report gives it for its Ofsted round: the cases by
    age and service, the share of all judgements at each grade, the strongest and weakest
    areas with their n."""
    _p(doc, "{%p if r.overview %}")
    _bullets(doc, "line in r.overview.lines")
    _caption(doc, "{{ r.heading }}: cases by age")
    _table(
        doc,
        ["Cases by age", "Number of cases"],
        ["{{ c.label }}", "{{ c.audits }}"],
        loop="c in r.overview.by_age",
        widths=[6, 4],
        total=["TOTAL", "{{ r.audits }}"],
    )
    _caption(doc, "{{ r.heading }}: cases by service")
    _table(
        doc,
        ["Cases by type", "Number of cases"],
        ["{{ c.label }}", "{{ c.audits }}"],
        loop="c in r.overview.by_service",
        widths=[6, 4],
        total=["TOTAL", "{{ r.audits }}"],
    )
    _p(doc, "{%p endif %}")


def annual_report(path: Path) -> None:
    doc = Document()
    _styles(doc)
    core = doc.core_properties
    core.title = "Quality Assurance Case Audit Annual Report"
    core.language = "en-GB"

    cover(doc, "Quality Assurance Case Audit Annual Report", "{{ period.label }}")
    contents(doc)
    _summary(doc)
    _introduction(doc)
    _audits_per_quarter(doc)
    _quarter_summaries(doc)
    _areas(doc)
    _moderation(doc)
    _questions(doc)
    _profile(doc)
    _thematic(doc)
    _quality_checks(doc)
    _feedback(doc)
    _practitioners(doc)
    _actions(doc)
    _comparison(doc)
    _key_messages(doc)
    _appendix(doc)
    doc.save(path)
    fix_timestamps(path)


if __name__ == "__main__":
    target = ROOT / "templates" / "annual-report.docx"
    target.parent.mkdir(exist_ok=True)
    annual_report(target)
    print(f"wrote {target}")
