"""The finish of a document a council publishes, applied to every rendered document.

A council may edit its templates in Word, so the finish is not left to the template: after
rendering, every document gets A4 paper, page numbers ("Page X of Y"), British English for
the spelling checker, headings in the body's font, numbered captions (Word SEQ fields, so
Insert Table of Figures works), tables whose columns fit their longest word, rows that do
not split across pages, header rows that repeat, and captions kept with what they name.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from audit_docs.ns import w as _w

A4 = (11906, 16838)  # twips
TWIPS_PER_CM = 567
LANGUAGE = "en-GB"
#: styles whose font must be the body's (the default template gives them theme fonts)
_DISPLAY_STYLES = (
    "Title",
    "Subtitle",
    "Caption",
    "TOC Heading",
    "Quote",
    *(f"Heading {n}" for n in range(1, 10)),
)
#: a table with at most this many rows is kept on one page
_KEEP_WHOLE_ROWS = 12


@dataclass(frozen=True)
class Publication:
    """Who a document is by and when it was made: its file properties."""

    author: str = ""
    generated: dt.datetime | None = None


def finish(document: Any, publication: Publication | None = None) -> None:
    """Apply the whole finish to a python-docx document, in place."""
    _page_setup(document)
    _page_numbers(document)
    _language(document)
    _display_fonts(document)
    body = document.element.body
    _captions(body)
    available = _text_width(body)
    for table in body.iter(_w("tbl")):
        if next(table.iterancestors(_w("tbl")), None) is None:
            _finish_table(table, available)
    _properties(document, publication or Publication())


# --- page -------------------------------------------------------------------------------------


def _page_setup(document: Any) -> None:
    from docx.shared import Cm, Twips

    for section in document.sections:
        width, height = section.page_width or 0, section.page_height or 0
        landscape = width > height
        w, h = (A4[1], A4[0]) if landscape else A4
        section.page_width, section.page_height = Twips(w), Twips(h)
        for side, default in (
            ("left_margin", 2.2),
            ("right_margin", 2.2),
            ("top_margin", 2.0),
            ("bottom_margin", 2.0),
        ):
            value = getattr(section, side)
            if value is None or not Cm(1.5) <= value <= Cm(3.0):
                setattr(section, side, Cm(default))


def _page_numbers(document: Any) -> None:
    """ "Page X of Y" at the foot of every page, unless the footer already counts pages."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for index, section in enumerate(document.sections):
        footer = section.footer
        if footer.is_linked_to_previous:
            if index:
                continue  # the first section's footer serves this one too
        elif "NUMPAGES" in etree.tostring(footer._element, encoding="unicode"):
            continue
        paragraph = footer.paragraphs[-1] if footer.paragraphs else footer.add_paragraph()
        if paragraph.text.strip():
            paragraph = footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run("Page ")
        _field(paragraph._p, "PAGE", "1")
        paragraph.add_run(" of ")
        _field(paragraph._p, "NUMPAGES", "1")


def _field(parent: Any, instruction: str, shown: str) -> Any:
    """A simple field (PAGE, NUMPAGES, SEQ …) showing ``shown`` until it is updated."""
    field = etree.SubElement(parent, _w("fldSimple"))
    field.set(_w("instr"), f" {instruction} ")
    run = etree.SubElement(field, _w("r"))
    text = etree.SubElement(run, _w("t"))
    text.text = shown
    return field


# --- language and fonts -----------------------------------------------------------------------


def _language(document: Any) -> None:
    """British English on the default style, and no run or style tagged American."""
    styles = document.styles.element
    defaults = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
    if defaults is not None:
        lang = defaults.find(_w("lang"))
        if lang is None:
            lang = etree.SubElement(defaults, _w("lang"))
        lang.set(_w("val"), LANGUAGE)
        lang.set(_w("eastAsia"), LANGUAGE)
    parts = [styles, document.element]
    for section in document.sections:
        for hf in (section.header, section.footer):
            if not hf.is_linked_to_previous:
                parts.append(hf._element)
    parts.append(document.settings.element)  # themeFontLang
    for part in parts:
        for lang in part.iter(_w("lang"), _w("themeFontLang")):
            for attr in ("val", "eastAsia"):
                if lang.get(_w(attr)) == "en-US":
                    lang.set(_w(attr), LANGUAGE)
    for package_part in document.part.package.iter_parts():
        # Word 2010's copy of the styles, which python-docx's default template carries
        if str(package_part.partname).endswith("/stylesWithEffects.xml"):
            blob = package_part.blob.replace(b'"en-US"', f'"{LANGUAGE}"'.encode())
            package_part._blob = blob


def body_font(document: Any) -> str | None:
    """The body text's font: the Normal style's, else the document default."""
    styles = document.styles.element
    for path in (
        f"{_w('style')}[@{_w('styleId')}='Normal']/{_w('rPr')}/{_w('rFonts')}",
        f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('rFonts')}",
    ):
        fonts = styles.find(path)
        if fonts is not None and fonts.get(_w("ascii")):
            return str(fonts.get(_w("ascii")))
    return None


def _display_fonts(document: Any) -> None:
    """Headings, title, captions in the body's font: theme fonts removed, so Word does not
    show Calibri Light headings over an Arial body."""
    font = body_font(document)
    if font is None:
        return
    for style in document.styles:
        if style.name not in _DISPLAY_STYLES:
            continue
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(_w("rFonts"))
        if fonts is None:
            fonts = etree.Element(_w("rFonts"))
            rpr.insert(0, fonts)
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(_w(attr), font)
        for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
            fonts.attrib.pop(_w(attr), None)
        if style.name.startswith("Heading") or style.name in ("Caption", "TOC Heading"):
            style.paragraph_format.keep_with_next = True


# --- captions ---------------------------------------------------------------------------------

_SEQ = re.compile(r"^\s*SEQ\s+(\S+)", re.IGNORECASE)


def _captions(body: Any) -> None:
    """Number every SEQ field in order (Table 1, 2 … and Figure 1, 2 …), as Word would on
    updating fields, and keep each caption on the page of what it names."""
    counters: dict[str, int] = {}
    for field in body.iter(_w("fldSimple")):
        match = _SEQ.match(field.get(_w("instr")) or "")
        if not match:
            continue
        name = match.group(1).lower()
        counters[name] = counters.get(name, 0) + 1
        texts = list(field.iter(_w("t")))
        if texts:
            texts[0].text = str(counters[name])
            for extra in texts[1:]:
                extra.text = ""
        paragraph = next(field.iterancestors(_w("p")), None)
        if paragraph is not None:
            _keep_with_next(paragraph)


def _keep_with_next(paragraph: Any) -> None:
    ppr = paragraph.find(_w("pPr"))
    if ppr is None:
        ppr = etree.Element(_w("pPr"))
        paragraph.insert(0, ppr)
    if ppr.find(_w("keepNext")) is None:
        keep = etree.Element(_w("keepNext"))
        style = ppr.find(_w("pStyle"))
        # pStyle must come first in pPr
        ppr.insert(1 if style is not None else 0, keep)


# --- tables -----------------------------------------------------------------------------------


@functools.cache
def _widths() -> dict[str, dict[str, int]]:
    data: dict[str, dict[str, int]] = json.loads(
        (Path(__file__).parent / "font_widths.json").read_text(encoding="utf-8")
    )
    return data


def word_width(word: str, size_pt: float, bold: bool = False) -> float:
    """The width of ``word`` in points, in Arial (Helvetica's metrics)."""
    table = _widths()["bold" if bold else "regular"]
    return sum(table.get(c, 600) for c in word) * size_pt / 1000


def _text_width(body: Any) -> int:
    """The width between the margins, in twips."""
    sect = body.find(_w("sectPr"))
    if sect is None:
        return A4[0] - 2 * int(2.2 * TWIPS_PER_CM)
    size, margins = sect.find(_w("pgSz")), sect.find(_w("pgMar"))
    width = int(size.get(_w("w"))) if size is not None else A4[0]
    left = int(margins.get(_w("left"), 1247)) if margins is not None else 1247
    right = int(margins.get(_w("right"), 1247)) if margins is not None else 1247
    return width - left - right


def _finish_table(table: Any, available: int) -> None:
    rows = table.findall(_w("tr"))
    if not rows:
        return
    for i, row in enumerate(rows):
        trpr = row.find(_w("trPr"))
        if trpr is None:
            trpr = etree.Element(_w("trPr"))
            row.insert(1 if row.find(_w("tblPrEx")) is not None else 0, trpr)
        if trpr.find(_w("cantSplit")) is None:
            trpr.append(etree.Element(_w("cantSplit")))
        if i == 0 and trpr.find(_w("tblHeader")) is None:
            trpr.append(etree.Element(_w("tblHeader")))
        _order(trpr, _TRPR_ORDER)
        # a short table stays whole; a long one never leaves its header, or one row, alone
        keep = len(rows) <= _KEEP_WHOLE_ROWS or i < 3 or i >= len(rows) - 3
        if keep and i < len(rows) - 1:
            for p in row.iter(_w("p")):
                _keep_with_next(p)
    _fit_columns(table, rows, available)


def _cells(row: Any) -> list[tuple[Any, int]]:
    out = []
    for tc in row.findall(_w("tc")):
        span = tc.find(f"{_w('tcPr')}/{_w('gridSpan')}")
        out.append((tc, int(span.get(_w("val"))) if span is not None else 1))
    return out


def _need(tc: Any, header: bool, default_size: float) -> tuple[float, float]:
    """The width (twips) the cell's longest word needs, and the width its longest paragraph
    would take on one line, each with the cell's margins."""
    widest = longest = 0.0
    for p in tc.iter(_w("p")):
        line = 0.0
        for run in p.iter(_w("r")):
            text = "".join(t.text or "" for t in run.iter(_w("t")))
            if not text.strip():
                continue
            sz = run.find(f"{_w('rPr')}/{_w('sz')}")
            size = int(sz.get(_w("val"))) / 2 if sz is not None else default_size
            bold = header or run.find(f"{_w('rPr')}/{_w('b')}") is not None
            line += word_width(text, size, bold)
            for word in text.split():
                widest = max(widest, word_width(word, size, bold))
        longest = max(longest, line)
    # 10% for Word's own metrics and hinting, and the cell's left and right margins
    return widest * 20 * 1.1 + 2 * 115 + 40, longest * 20 * 1.1 + 2 * 115 + 40


def _share_out(
    preferred: list[int], need: list[float], natural: list[float], available: int
) -> list[int]:
    """Column widths: each at least its longest word; the room left goes first to the
    columns whose text would otherwise wrap (in proportion to what they lack), then by the
    template's widths. The table is as wide as the template made it, within the page."""
    target = min(max(sum(preferred), sum(need)), max(available, sum(need)))
    extra = target - sum(need)
    lack = [max(t - q, 0.0) for t, q in zip(natural, need, strict=True)]
    if sum(lack) >= extra:
        total = sum(lack) or 1
        return [int(q + extra * w / total) for q, w in zip(need, lack, strict=True)]
    widths = [q + w for q, w in zip(need, lack, strict=True)]
    extra -= sum(lack)
    weights = [max(p - q, 0.0) for p, q in zip(preferred, widths, strict=True)]
    if sum(weights) <= 0:
        weights = widths
    total = sum(weights) or 1
    return [int(q + extra * w / total) for q, w in zip(widths, weights, strict=True)]


def _fit_columns(table: Any, rows: list[Any], available: int, size: float = 11) -> None:
    grid = table.find(_w("tblGrid"))
    if grid is None:
        return
    cols = grid.findall(_w("gridCol"))
    n = len(cols)
    preferred = [int(c.get(_w("w"), 0) or 0) for c in cols]
    need = [0.0] * n
    natural = [0.0] * n
    for i, row in enumerate(rows):
        cells = _cells(row)
        if sum(span for _, span in cells) != n:
            return  # a table with merged or missing cells keeps the widths it was given
        col = 0
        for tc, span in cells:
            if span == 1:
                word, line = _need(tc, i == 0, size)
                need[col] = max(need[col], word)
                natural[col] = max(natural[col], line)
            col += span
    if sum(need) > available and size > 9:
        _set_size(table, 9)
        _fit_columns(table, rows, available, 9)
        return
    final = _share_out(preferred, need, natural, available)
    for col, width in zip(cols, final, strict=True):
        col.set(_w("w"), str(width))
    for row in rows:
        col = 0
        for tc, span in _cells(row):
            tcpr = tc.find(_w("tcPr"))
            if tcpr is None:
                tcpr = etree.Element(_w("tcPr"))
                tc.insert(0, tcpr)
            tcw = tcpr.find(_w("tcW"))
            if tcw is None:
                tcw = etree.Element(_w("tcW"))
                cnf = tcpr.find(_w("cnfStyle"))
                tcpr.insert(1 if cnf is not None else 0, tcw)
            tcw.set(_w("w"), str(sum(final[col : col + span])))
            tcw.set(_w("type"), "dxa")
            col += span
    tblpr = table.find(_w("tblPr"))
    if tblpr is not None:
        tblw = tblpr.find(_w("tblW"))
        if tblw is None:
            tblw = etree.SubElement(tblpr, _w("tblW"))
        tblw.set(_w("w"), str(sum(final)))
        tblw.set(_w("type"), "dxa")
        layout = tblpr.find(_w("tblLayout"))
        if layout is None:
            layout = etree.SubElement(tblpr, _w("tblLayout"))
        layout.set(_w("type"), "fixed")
        _order_tblpr(tblpr)


#: the order of tblPr's children the schema requires (Word refuses others)
_TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
]


#: the order of trPr's children the schema requires
_TRPR_ORDER = [
    "cnfStyle",
    "divId",
    "gridBefore",
    "gridAfter",
    "wBefore",
    "wAfter",
    "cantSplit",
    "trHeight",
    "tblHeader",
    "tblCellSpacing",
    "jc",
    "hidden",
    "ins",
    "del",
    "trPrChange",
]


def _order(parent: Any, order: list[str]) -> None:
    """Put ``parent``'s children in the schema's order (Word refuses a file otherwise)."""
    rank = {_w(name): i for i, name in enumerate(order)}
    children = sorted(parent, key=lambda c: rank.get(c.tag, len(rank)))
    for child in children:
        parent.append(child)


def _order_tblpr(tblpr: Any) -> None:
    _order(tblpr, _TBLPR_ORDER)


def _set_size(table: Any, size: float) -> None:
    """Set every run of a table that is too wide for the page at body size."""
    from docx.oxml import OxmlElement

    for run in table.iter(_w("r")):
        rpr = run.find(_w("rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            run.insert(0, rpr)
        if hasattr(rpr, "get_or_add_sz"):
            rpr.get_or_add_sz().val = int(size * 12700)


# --- properties -------------------------------------------------------------------------------


def _properties(document: Any, publication: Publication) -> None:
    """The author and the time of generation, never python-docx's 2013 defaults."""
    props = document.core_properties
    now = (publication.generated or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    if now.tzinfo is not None:
        now = now.astimezone(dt.UTC).replace(tzinfo=None)
    props.author = publication.author
    props.last_modified_by = publication.author
    props.created = now
    props.modified = now
    props.revision = 1
    props.language = LANGUAGE
