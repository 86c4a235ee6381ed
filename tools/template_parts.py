"""What the two template scripts share: the page, the fonts, the cover, captions, the contents.

Both documents a council publishes (the annual report, the guidance) open the same way: the
council's logo, name and service, the title, who prepared and approved it and when (all from
the settings file, through ``cover.*``), on A4 with the body's font in every heading.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)  # dark blue: passes WCAG AA contrast on white
MUTED = RGBColor(0x59, 0x59, 0x59)


def font(style, name: str = FONT) -> None:
    """``name`` for every script, replacing the theme fonts the default template names."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def page(doc) -> None:
    """A4 portrait, 2.2 cm side and 2 cm top and bottom margins."""
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin = section.bottom_margin = Cm(2)


def language(doc) -> None:
    """British English on the default style (python-docx's template says en-US)."""
    for lang in doc.styles.element.iter(qn("w:lang")):
        for attr in ("w:val", "w:eastAsia"):
            if lang.get(qn(attr)) == "en-US":
                lang.set(qn(attr), "en-GB")
    doc.core_properties.language = "en-GB"


def display_styles(doc) -> None:
    """Caption (numbered titles of tables and figures) and TOC Heading ("Contents": styled
    as a heading, but not itself in the contents)."""
    for name in ("Title", "Subtitle"):
        ppr = doc.styles[name].element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
        rpr = doc.styles[name].element.get_or_add_rPr()
        for spacing in rpr.findall(qn("w:spacing")):
            rpr.remove(spacing)  # the default template spreads the letters out
    subtitle = doc.styles["Subtitle"]
    font(subtitle)
    subtitle.font.size = Pt(14)
    subtitle.font.italic = False
    subtitle.font.color.rgb = MUTED
    caption = doc.styles["Caption"]
    font(caption)
    caption.font.size = Pt(10)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = ACCENT
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(4)
    toc = doc.styles["TOC Heading"]
    font(toc)
    toc.font.size = Pt(16)
    toc.font.color.rgb = ACCENT
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].paragraph_format.keep_with_next = True
    if "Cover" not in [s.name for s in doc.styles]:
        cover = doc.styles.add_style("Cover", WD_STYLE_TYPE.PARAGRAPH)
        cover.base_style = doc.styles["Normal"]
        cover.font.size = Pt(12)
        cover.font.color.rgb = MUTED
        cover.paragraph_format.space_after = Pt(2)


def caption(doc, kind: str, text: str):
    """A Word caption: "Table 3: text" with the number a SEQ field, so Word's Insert Table
    of Figures lists it (audit-docs numbers the fields when it renders)."""
    p = doc.add_paragraph(style="Caption")
    p.add_run(f"{kind} ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" SEQ {kind} \\* ARABIC ")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    p._p.append(field)
    p.add_run(f": {text}")
    return p


def cover(doc, title: str, subtitle: str) -> None:
    """The cover: logo, organisation and service (when the settings name them), the title,
    the period, then who prepared and approved the document and when."""

    def line(text: str, style: str, when: str | None = None) -> None:
        if when:
            doc.add_paragraph(f"{{%p if {when} %}}")
        doc.add_paragraph(text, style)
        if when:
            doc.add_paragraph("{%p endif %}")

    line("{{ charts.logo }}", "Normal", "cover.logo")
    line("{{ cover.organisation }}", "Subtitle", "cover.organisation")
    line("{{ cover.service }}", "Subtitle", "cover.service")
    line(title, "Title")
    line(subtitle, "Subtitle")
    line("Prepared by {{ cover.author }}", "Cover", "cover.author")
    line("Approved by {{ cover.approved_by }}", "Cover", "cover.approved_by")
    line("Published {{ cover.date }}", "Cover")


def contents(doc) -> None:
    """ "Contents" in TOC Heading, then a TOC field Word fills when the document opens."""
    doc.add_paragraph("Contents", "TOC Heading")
    p = doc.add_paragraph()
    for kind, text in (
        ("begin", None),
        (None, 'TOC \\o "1-2" \\h \\z \\u'),
        ("separate", None),
        (None, None),
        ("end", None),
    ):
        run = p.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = "Contents are filled in when the document is opened."


def fix_timestamps(path: Path) -> None:
    """Rewrite the zip with fixed entry dates, so an unchanged template builds byte-identical."""
    with zipfile.ZipFile(path) as zf:
        parts = [(info.filename, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
