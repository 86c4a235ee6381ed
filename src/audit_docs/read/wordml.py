"""A Word document as rows of cells of plain text, whatever way its boxes were ticked.

WordprocessingML says one thing in many ways: a ticked box is a content control, a legacy
form field, a Wingdings symbol or a typed mark; text is split over runs, wrapped in smart
tags, bookmarks and tracked changes. This module parses ``document.xml`` once with a safe
lxml parser and turns every way of ticking a box into one of two characters (``TICKED`` and
``EMPTY``), every drop-down or date control into its chosen text, deleted text into nothing,
and the tables into a flat list of rows (nested tables' rows follow their parent row).

The reader (``form.py``) then only ever deals with strings.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from audit_docs.read.values import is_placeholder, vocabulary

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"

TICKED = "\ue001"
EMPTY = "\ue000"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


W_BODY, W_TBL, W_TR, W_TC, W_P, W_R = map(_w, ("body", "tbl", "tr", "tc", "p", "r"))
W_T, W_TAB, W_BR, W_CR, W_SYM = map(_w, ("t", "tab", "br", "cr", "sym"))
W_NBH, W_PTAB, W_SDT, W_SDTPR, W_SDTCONTENT = map(
    _w, ("noBreakHyphen", "ptab", "sdt", "sdtPr", "sdtContent")
)
W_CUSTOMXML, W_SMARTTAG, W_INS, W_DEL = map(_w, ("customXml", "smartTag", "ins", "del"))
W_MOVEFROM, W_MOVETO, W_TRPR, W_TCPR = map(_w, ("moveFrom", "moveTo", "trPr", "tcPr"))
W_GRIDSPAN, W_GRIDBEFORE, W_VMERGE, W_FFDATA = map(
    _w, ("gridSpan", "gridBefore", "vMerge", "ffData")
)
W_FLDCHAR, W_RPR, W_RFONTS, W_VAL = _w("fldChar"), _w("rPr"), _w("rFonts"), _w("val")
W14_CHECKBOX, W14_CHECKED, W14_VAL = f"{{{W14}}}checkbox", f"{{{W14}}}checked", f"{{{W14}}}val"

#: elements that only wrap content; the structure walk looks through them
_WRAPPERS = frozenset({W_SDT, W_SDTCONTENT, W_CUSTOMXML, W_SMARTTAG, W_INS, W_MOVETO})
_TEXT_TAGS = (W_T, W_TAB, W_BR, W_CR, W_SYM, W_NBH, W_PTAB)
_TRUE = frozenset({"1", "true", "on"})


def _parser() -> etree.XMLParser:
    # No DTDs, no entities, no network: nothing outside the file can reach the output.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


_PARSER = _parser()


class MalformedXml(ValueError):
    """document.xml is not well-formed XML."""


@dataclass(slots=True)
class Cell:
    paragraphs: list[str]
    row: int
    index: int
    col: int
    span: int
    merged_up: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def blank(self) -> bool:
        return not any(p.strip() for p in self.paragraphs)


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    table: int


@dataclass
class Document:
    rows: list[Row]
    body_paragraphs: list[str]
    controls: Counter[str] = field(default_factory=Counter)
    tracked_changes: int = 0

    def cell_below(self, cell: Cell) -> Cell | None:
        """The cell in the next row of the same table that covers this cell's first column."""
        if cell.row + 1 >= len(self.rows):
            return None
        below = self.rows[cell.row + 1]
        if below.table != self.rows[cell.row].table:
            return None
        for other in below.cells:
            if other.col <= cell.col < other.col + other.span:
                return other
        return None

    def right_of(self, cell: Cell) -> Cell | None:
        cells = self.rows[cell.row].cells
        return cells[cell.index + 1] if cell.index + 1 < len(cells) else None


def _is_true(el: etree._Element | None, attr: str, *, absent: bool) -> bool:
    if el is None:
        return False
    val = el.get(attr)
    return absent if val is None else val.strip().lower() in _TRUE


@dataclass(frozen=True)
class _Symbols:
    """Symbol-font character codes that draw boxes, from vocabulary.yaml."""

    ticked: frozenset[tuple[str, int]]
    empty: frozenset[tuple[str, int]]
    fonts: frozenset[str]

    @classmethod
    def load(cls) -> _Symbols:
        ticked, empty = set(), set()
        for font, codes in vocabulary()["symbol_fonts"].items():
            for code in codes.get("ticked", []):
                ticked.add((font, int(str(code), 16) & 0xFF))
            for code in codes.get("empty", []):
                empty.add((font, int(str(code), 16) & 0xFF))
        fonts = frozenset(f for f, _ in ticked | empty)
        return cls(frozenset(ticked), frozenset(empty), fonts)

    def box(self, font: str | None, code: int) -> str | None:
        key = ((font or "").strip().lower(), code & 0xFF)
        if key in self.ticked:
            return TICKED
        if key in self.empty:
            return EMPTY
        return None


_SYMBOLS: _Symbols | None = None


def _symbols() -> _Symbols:
    global _SYMBOLS  # noqa: PLW0603 - loaded once, on first use
    if _SYMBOLS is None:
        _SYMBOLS = _Symbols.load()
    return _SYMBOLS


def _typed_marks() -> tuple[str, str]:
    voc = vocabulary()
    return "".join(voc["ticked_marks"]), "".join(voc["empty_boxes"])


class _Normaliser:
    """Rewrites the tree in place so that the text walk sees values, not mechanisms."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.controls: Counter[str] = Counter()
        self.tracked = 0

    def run(self) -> None:
        self._accept_tracked_changes()
        self._content_controls()
        self._legacy_fields()

    def _accept_tracked_changes(self) -> None:
        """Read as if every change were accepted: deletions go, insertions stay."""
        doomed = []
        for el in self.root.iter(W_DEL, W_MOVEFROM, W_INS, W_MOVETO):
            parent = el.getparent()
            if parent is None or parent.tag in (W_RPR, W_TCPR):
                continue
            self.tracked += 1
            if el.tag == W_DEL and parent.tag == W_TRPR:
                row = parent.getparent()
                if row is not None:
                    doomed.append(row)  # a deleted table row
            elif el.tag in (W_DEL, W_MOVEFROM) and parent.tag != _w("pPr"):
                doomed.append(el)
        for el in doomed:
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)

    @staticmethod
    def _set_content_text(content: etree._Element, text: str) -> None:
        """Make a control's visible content exactly ``text`` (in its first run)."""
        first = None
        for el in list(content.iter(W_T, W_SYM, W_TAB, W_BR)):
            if first is None and el.tag == W_T:
                first = el
            elif el.tag == W_T:
                el.text = ""
            else:
                el.getparent().remove(el)
        if first is None:
            run = content.find(f".//{W_R}")
            if run is None:
                if not text:
                    return
                para = content.find(f".//{W_P}")
                run = etree.SubElement(para if para is not None else content, W_R)
            first = etree.SubElement(run, W_T)
        first.text = text

    def _content_controls(self) -> None:
        for sdt in self.root.iter(W_SDT):
            pr = sdt.find(W_SDTPR)
            content = sdt.find(W_SDTCONTENT)
            if pr is None or content is None:
                continue
            checkbox = pr.find(W14_CHECKBOX)
            placeholder = pr.find(_w("showingPlcHdr")) is not None
            if checkbox is not None:
                checked = _is_true(checkbox.find(W14_CHECKED), W14_VAL, absent=True)
                self._set_content_text(content, TICKED if checked else EMPTY)
                self.controls["content control checkbox"] += 1
                continue
            if pr.find(_w("dropDownList")) is not None or pr.find(_w("comboBox")) is not None:
                self.controls["content control drop-down"] += 1
                shown = "".join(content.itertext())
                if placeholder or is_placeholder(shown):
                    self._set_content_text(content, "")
                continue
            date = pr.find(_w("date"))
            if date is not None:
                self.controls["content control date"] += 1
                full = date.get(_w("fullDate"))
                if placeholder:
                    self._set_content_text(content, "")
                elif full:
                    self._set_content_text(content, full[:10])
                continue
            if placeholder:
                self._set_content_text(content, "")
            if pr.find(_w("text")) is not None or pr.find(_w("richText")) is not None:
                self.controls["content control text"] += 1

    def _legacy_fields(self) -> None:
        for ff in list(self.root.iter(W_FFDATA)):
            begin = ff.getparent()
            run = begin.getparent() if begin is not None else None
            if run is None or run.tag != W_R:
                continue
            checkbox = ff.find(_w("checkBox"))
            ddlist = ff.find(_w("ddList"))
            if checkbox is not None:
                checked_el = checkbox.find(_w("checked"))
                if checked_el is not None:
                    checked = _is_true(checked_el, W_VAL, absent=True)
                else:
                    checked = _is_true(checkbox.find(_w("default")), W_VAL, absent=True)
                value = TICKED if checked else EMPTY
                self.controls["legacy checkbox"] += 1
            elif ddlist is not None:
                entries = [e.get(W_VAL, "") for e in ddlist.findall(_w("listEntry"))]
                chosen_el = ddlist.find(_w("result"))
                if chosen_el is None:
                    chosen_el = ddlist.find(_w("default"))
                try:
                    chosen = int(chosen_el.get(W_VAL, "0")) if chosen_el is not None else 0
                except ValueError:
                    chosen = 0
                value = entries[chosen] if 0 <= chosen < len(entries) else ""
                if is_placeholder(value):
                    value = ""
                self.controls["legacy drop-down"] += 1
            else:
                if ff.find(_w("textInput")) is not None:
                    self.controls["legacy text field"] += 1
                continue
            self._replace_field_result(run)
            etree.SubElement(run, W_T).text = value

    @staticmethod
    def _replace_field_result(run: etree._Element) -> None:
        """Blank whatever result text a checkbox/drop-down field carries (LibreOffice writes one)."""
        depth = 0
        for sibling in run.itersiblings():
            done = False
            for el in sibling.iter(W_FLDCHAR, W_T):
                if el.tag == W_FLDCHAR:
                    kind = el.get(_w("fldCharType"))
                    if kind == "begin":
                        depth += 1
                    elif kind == "end":
                        if depth == 0:
                            done = True
                            break
                        depth -= 1
                elif depth == 0:
                    el.text = ""
            if done:
                return


class _TextWalker:
    """Paragraph text with boxes as TICKED/EMPTY, tabs and line breaks kept."""

    def __init__(self, symbol_fonts: bool) -> None:
        self.symbol_fonts = symbol_fonts
        self.controls: Counter[str] = Counter()
        ticked, empty = _typed_marks()
        self._typed = str.maketrans(dict.fromkeys(ticked, TICKED) | dict.fromkeys(empty, EMPTY))
        self._typed_chars = frozenset(ticked + empty)

    def _run_font(self, el: etree._Element) -> str | None:
        run = el.getparent()
        rpr = run.find(W_RPR) if run is not None else None
        fonts = rpr.find(W_RFONTS) if rpr is not None else None
        if fonts is None:
            return None
        return fonts.get(_w("ascii")) or fonts.get(_w("hAnsi")) or fonts.get(_w("cs"))

    def paragraph(self, p: etree._Element) -> str:
        parts: list[str] = []
        for el in p.iter(_TEXT_TAGS):
            tag = el.tag
            if tag == W_T:
                text = el.text or ""
                if self.symbol_fonts and text:
                    font = self._run_font(el)
                    if font and font.strip().lower() in _symbols().fonts:
                        boxes = [_symbols().box(font, ord(c)) for c in text]
                        if any(boxes):
                            self.controls["symbol-font box"] += sum(1 for b in boxes if b)
                            text = "".join(b or "" for b in boxes)
                parts.append(text)
            elif tag in (W_TAB, W_PTAB):
                parts.append("\t")
            elif tag in (W_BR, W_CR):
                parts.append("\n")
            elif tag == W_NBH:
                parts.append("-")
            else:  # w:sym
                box = _symbols().box(el.get(_w("font")), int(el.get(_w("char"), "0") or "0", 16))
                if box:
                    self.controls["symbol-font box"] += 1
                    parts.append(box)
        text = "".join(parts)
        if self._typed_chars.intersection(text):
            self.controls["typed mark"] += sum(text.count(c) for c in self._typed_chars)
            text = text.translate(self._typed)
        return text


class _Structure:
    """Walks body → tables → rows → cells, looking through wrapper elements."""

    def __init__(self, walker: _TextWalker) -> None:
        self.walker = walker
        self.rows: list[Row] = []
        self.body_paragraphs: list[str] = []
        self._tables = 0

    @staticmethod
    def _children(el: etree._Element, tags: frozenset[str]):
        for child in el:
            tag = child.tag
            if tag in tags:
                yield child
            elif tag in _WRAPPERS:
                yield from _Structure._children(child, tags)

    def body(self, body: etree._Element) -> None:
        for el in self._children(body, frozenset({W_P, W_TBL})):
            if el.tag == W_TBL:
                self.table(el)
            else:
                self.body_paragraphs.append(self.walker.paragraph(el))

    def table(self, tbl: etree._Element) -> None:
        table_no = self._tables
        self._tables += 1
        for tr in self._children(tbl, frozenset({W_TR})):
            row = Row(cells=[], table=table_no)
            row_index = len(self.rows)
            self.rows.append(row)
            nested: list[etree._Element] = []
            col = 0
            trpr = tr.find(W_TRPR)
            if trpr is not None and (before := trpr.find(W_GRIDBEFORE)) is not None:
                col = int(before.get(W_VAL, "0") or 0)
            for tc in self._children(tr, frozenset({W_TC})):
                span, merged_up = 1, False
                tcpr = tc.find(W_TCPR)
                if tcpr is not None:
                    if (gs := tcpr.find(W_GRIDSPAN)) is not None:
                        span = max(1, int(gs.get(W_VAL, "1") or 1))
                    if (vm := tcpr.find(W_VMERGE)) is not None:
                        merged_up = vm.get(W_VAL, "continue") != "restart"
                paragraphs: list[str] = []
                self._cell_content(tc, paragraphs, nested)
                row.cells.append(Cell(paragraphs, row_index, len(row.cells), col, span, merged_up))
                col += span
            for inner in nested:
                self.table(inner)

    def _cell_content(
        self, el: etree._Element, paragraphs: list[str], nested: list[etree._Element]
    ) -> None:
        for child in self._children(el, frozenset({W_P, W_TBL})):
            if child.tag == W_P:
                paragraphs.append(self.walker.paragraph(child))
            else:
                nested.append(child)
                # a nested table's text also belongs to the cell that holds it
                for p in child.iter(W_P):
                    paragraphs.append(self.walker.paragraph(p))


_SYMBOL_FONT_HINT = re.compile(rb"Wingdings|Webdings|Symbol", re.IGNORECASE)


def parse_document(xml: bytes) -> Document:
    """Parse document.xml into rows of cells; raises MalformedXml when it is not XML."""
    if _STRICT_W in xml[:4096] or _STRICT_W in xml:
        xml = xml.replace(_STRICT_W, W.encode())
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise MalformedXml(str(exc)) from exc
    body = root.find(W_BODY)
    if body is None:
        raise MalformedXml("there is no document body")
    normaliser = _Normaliser(root)
    normaliser.run()
    walker = _TextWalker(symbol_fonts=bool(_SYMBOL_FONT_HINT.search(xml)))
    structure = _Structure(walker)
    structure.body(body)
    controls = normaliser.controls + walker.controls
    return Document(
        rows=structure.rows,
        body_paragraphs=structure.body_paragraphs,
        controls=controls,
        tracked_changes=normaliser.tracked,
    )
