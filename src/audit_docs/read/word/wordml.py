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
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from lxml import etree

from audit_docs.ns import MC, W14, W_STRICT, W
from audit_docs.ns import w as _w
from audit_docs.read.values import is_placeholder, vocabulary

TICKED = "\ue001"
EMPTY = "\ue000"


W_BODY, W_TBL, W_TR, W_TC, W_P, W_R = map(_w, ("body", "tbl", "tr", "tc", "p", "r"))
W_T, W_TAB, W_BR, W_CR, W_SYM = map(_w, ("t", "tab", "br", "cr", "sym"))
W_NBH, W_PTAB, W_SDT, W_SDTPR, W_SDTCONTENT = map(
    _w, ("noBreakHyphen", "ptab", "sdt", "sdtPr", "sdtContent")
)
W_CUSTOMXML, W_SMARTTAG, W_INS, W_DEL = map(_w, ("customXml", "smartTag", "ins", "del"))
W_MOVEFROM, W_MOVETO, W_TRPR, W_TCPR = map(_w, ("moveFrom", "moveTo", "trPr", "tcPr"))
W_ALTCHUNK, W_SUBDOC = map(_w, ("altChunk", "subDoc"))
W_GRIDSPAN, W_GRIDBEFORE, W_VMERGE, W_FFDATA = map(
    _w, ("gridSpan", "gridBefore", "vMerge", "ffData")
)
W_FLDCHAR, W_RPR, W_RFONTS, W_VAL = _w("fldChar"), _w("rPr"), _w("rFonts"), _w("val")
W14_CHECKBOX, W14_CHECKED, W14_VAL = f"{{{W14}}}checkbox", f"{{{W14}}}checked", f"{{{W14}}}val"
# names looked up once per control or run, so built once here
W_ASCII, W_HANSI, W_CS, W_FONT, W_CHAR = map(_w, ("ascii", "hAnsi", "cs", "font", "char"))
W_FLDCHARTYPE, W_PPR = _w("fldCharType"), _w("pPr")
W_PLACEHOLDER, W_DROPDOWN, W_COMBOBOX, W_DATE, W_FULLDATE = map(
    _w, ("showingPlcHdr", "dropDownList", "comboBox", "date", "fullDate")
)
W_TEXT, W_RICHTEXT = _w("text"), _w("richText")
W_CHECKBOX, W_DDLIST, W_TEXTINPUT, W_CHECKED, W_DEFAULT = map(
    _w, ("checkBox", "ddList", "textInput", "checked", "default")
)
W_LISTENTRY, W_RESULT = _w("listEntry"), _w("result")

#: elements whose text is never shown: field codes, and the fallback copy of drawings
_HIDDEN_TEXT = (
    _w("instrText"),
    _w("delInstrText"),
    _w("delText"),
    f"{{{MC}}}Fallback",
)
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
        # pretty-printed XML must not put spaces between runs ("Bea trix")
        remove_blank_text=True,
    )


_PARSER = _parser()


class MalformedXml(ValueError):
    """document.xml is not well-formed XML."""


class TextTooLong(MalformedXml):
    """document.xml holds a piece of text longer than the parser reads in one place."""


#: the longest text libxml2 reads in one node without its "huge" mode (which we never turn
#: on: it would also lift the limits that keep a hostile file from exhausting memory)
MAX_TEXT_CHARS = 10_000_000


@dataclass(slots=True)
class Cell:
    paragraphs: list[str]
    row: int
    index: int
    col: int
    span: int
    merged_up: bool = False
    text: str = ""
    blank: bool = True
    #: the cell's words without numbering (see text.key), filled in on first use
    key: str | None = None

    def __post_init__(self) -> None:
        self.text = "\n".join(self.paragraphs)
        self.blank = not self.text.strip()


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    table: int


@dataclass
class Document:
    rows: list[Row]
    #: the paragraphs outside tables, as elements: their text is read only when asked
    body_paragraph_elements: list[etree._Element] = field(default_factory=list)
    controls: Counter[str] = field(default_factory=Counter)
    tracked_changes: int = 0
    #: documents embedded in the form (Word's altChunk, a master document's subDoc): their
    #: content is another file's and is not read
    embedded_documents: int = 0
    #: index in ``rows`` of each top-level table row (nested rows follow their parent)
    top_rows: list[int] = field(default_factory=list)

    def interleave_paragraphs(self) -> None:
        """Put the paragraphs outside tables among the rows, each as a one-cell row.

        Forms whose section headings or "Label: value" lines are paragraphs between tables
        are then read like any other: a heading is a row, and a section runs from it to the
        next heading. Consecutive paragraphs share a table number (a label paragraph above
        its value paragraph is "the cell below"). Rows and cells are renumbered in place.
        """
        if not self.body_paragraph_elements:
            return
        inserts: dict[int, list[str]] = {}
        places = _places(self.body_paragraph_elements)
        for element, place in zip(self.body_paragraph_elements, places, strict=True):
            text = etree.tostring(element, method="text", encoding=str, with_tail=False)
            if text.strip():
                at = self.top_rows[place] if place < len(self.top_rows) else len(self.rows)
                inserts.setdefault(at, []).append(text.rstrip("\n"))
        rows: list[Row] = []
        block = -1
        for at in range(len(self.rows) + 1):
            if at in inserts:
                block -= 1
                rows.extend(Row([Cell([t], 0, 0, 0, 1)], block) for t in inserts[at])
            if at < len(self.rows):
                rows.append(self.rows[at])
        for row_no, row in enumerate(rows):
            for cell in row.cells:
                cell.row = row_no
        self.rows = rows
        self.body_paragraph_elements = []  # they are rows now: never interleaved twice

    def body_paragraphs(self) -> Iterator[str]:
        """Paragraphs outside tables, in order, each read only when the caller reaches it.

        The title is the first; the hundred-odd paragraphs of the appendix after it are
        rarely needed, and reading them all cost as much as a tenth of matching a form.
        """
        for p in self.body_paragraph_elements:
            yield etree.tostring(p, method="text", encoding=str, with_tail=False)

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


def _places(paragraphs: list[etree._Element]) -> list[int]:
    """For each paragraph outside tables, how many top-level table rows come before it.

    Walked only for definitions that read paragraphs, so reading other forms pays nothing.
    """
    body = _up_to(paragraphs[0], (W_BODY,))
    if body is None:
        return [0] * len(paragraphs)
    wanted = set(paragraphs)
    place: dict[etree._Element, int] = {}
    top_trs = 0
    for el in body.iter(W_P, W_TR):
        if el.tag == W_TR:
            top_trs += _up_to(el, (W_TC, W_BODY)) is body
        elif el in wanted:
            place[el] = top_trs
    return [place.get(p, top_trs) for p in paragraphs]


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child with ``tag``: lxml's find() parses a path each call, this does not."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def _first_children(el: etree._Element) -> dict[str, etree._Element]:
    """Each tag's first child: one loop, where a ``_child`` call per tag loops each time."""
    first: dict[str, etree._Element] = {}
    for child in el:
        first.setdefault(child.tag, child)
    return first


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

    def run(self, symbol_fonts: bool) -> None:
        self._accept_tracked_changes()
        self._content_controls()
        self._legacy_fields()
        if symbol_fonts:
            self._symbol_font_text()
        self._text_like_elements()

    def _symbol_font_text(self) -> None:
        """Text typed in a symbol font ("þ" in Wingdings) is a box: make it one."""
        symbols = _symbols()
        for fonts in self.root.iter(W_RFONTS):
            name = fonts.get(W_ASCII) or fonts.get(W_HANSI) or fonts.get(W_CS)
            if not name or name.strip().lower() not in symbols.fonts:
                continue
            rpr = fonts.getparent()
            run = rpr.getparent() if rpr is not None else None
            if run is None or run.tag != W_R:
                continue
            for t in run.iter(W_T):
                boxes = [symbols.box(name, ord(c)) for c in t.text or ""]
                if any(boxes):
                    self.controls["symbol-font box"] += sum(1 for b in boxes if b)
                    t.text = "".join(b or "" for b in boxes)

    def _text_like_elements(self) -> None:
        """Tabs, breaks and symbols get their character as text; field codes lose theirs.

        Afterwards a paragraph's visible text is exactly its XML text content.
        """
        symbols = _symbols()
        for el in list(self.root.iter(W_TAB, W_BR, W_CR, W_SYM, W_NBH, W_PTAB, *_HIDDEN_TEXT)):
            parent = el.getparent()
            if parent is None:
                continue
            if el.tag in _HIDDEN_TEXT:
                parent.remove(el)
                continue
            if parent.tag != W_R:
                continue  # e.g. w:tab inside w:tabs is a tab stop, not text
            tag = el.tag
            if tag == W_SYM:
                box = symbols.box(el.get(W_FONT), int(el.get(W_CHAR, "0") or "0", 16))
                if box:
                    self.controls["symbol-font box"] += 1
                text = box or ""
            elif tag in (W_TAB, W_PTAB):
                text = "\t"
            elif tag == W_NBH:
                text = "-"
            else:
                text = "\n"
            el.text = text

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
            elif el.tag in (W_DEL, W_MOVEFROM) and parent.tag != W_PPR:
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
            elif (parent := el.getparent()) is not None:
                parent.remove(el)
        if first is None:
            run = content.find(f".//{W_R}")
            if run is None:
                if not text:
                    return
                para = content.find(f".//{W_P}")
                run = etree.SubElement(para if para is not None else content, W_R)
            first = etree.SubElement(run, W_T)
        first.text = text

    def _checkboxes(self) -> set[etree._Element]:
        """Checkbox content controls, found by their w14:checkbox (the common case, kept fast)."""
        done = set()
        for box in self.root.iter(W14_CHECKBOX):
            pr = box.getparent()
            sdt = pr.getparent() if pr is not None else None
            if pr is None or sdt is None or sdt.tag != W_SDT:
                continue
            content = pr.getnext()
            while content is not None and content.tag != W_SDTCONTENT:
                content = content.getnext()
            if content is None:
                continue
            checked = _is_true(_child(box, W14_CHECKED), W14_VAL, absent=True)
            texts = list(content.iter(W_T, W_SYM))
            if len(texts) == 1 and texts[0].tag == W_T:
                texts[0].text = TICKED if checked else EMPTY
            else:
                self._set_content_text(content, TICKED if checked else EMPTY)
            self.controls["content control checkbox"] += 1
            done.add(sdt)
        return done

    def _content_controls(self) -> None:
        checkboxes = self._checkboxes()
        for sdt in self.root.iter(W_SDT):
            if sdt in checkboxes:
                continue
            pr = _child(sdt, W_SDTPR)
            content = _child(sdt, W_SDTCONTENT)
            if pr is None or content is None:
                continue
            props = _first_children(pr)
            placeholder = W_PLACEHOLDER in props
            if W_DROPDOWN in props or W_COMBOBOX in props:
                self.controls["content control drop-down"] += 1
                shown = etree.tostring(content, method="text", encoding=str, with_tail=False)
                if placeholder or is_placeholder(shown):
                    self._set_content_text(content, "")
                continue
            date = props.get(W_DATE)
            if date is not None:
                self.controls["content control date"] += 1
                full = date.get(W_FULLDATE)
                if placeholder:
                    self._set_content_text(content, "")
                elif full:
                    self._set_content_text(content, full[:10])
                continue
            if placeholder:
                self._set_content_text(content, "")
            if W_TEXT in props or W_RICHTEXT in props:
                self.controls["content control text"] += 1

    def _legacy_fields(self) -> None:
        """FORMCHECKBOX and FORMDROPDOWN fields get their value as text; FORMTEXT is counted.

        Each field is found by its kind (w:checkBox, w:ddList, w:textInput), which libxml2
        filters for: the w:ffData's other children (name, enabled, ...) are never touched.
        A malformed w:ffData with two kinds is read by the first.
        """
        done: set[etree._Element] = set()
        for kind in list(self.root.iter(W_CHECKBOX, W_DDLIST, W_TEXTINPUT)):
            ff = kind.getparent()
            begin = ff.getparent() if ff is not None else None
            run = begin.getparent() if begin is not None else None
            if ff is None or ff.tag != W_FFDATA or run is None or run.tag != W_R or ff in done:
                continue
            done.add(ff)
            checkbox = kind if kind.tag == W_CHECKBOX else None
            ddlist = kind if kind.tag == W_DDLIST else None
            if checkbox is not None:
                state = _first_children(checkbox)
                checked_el = state.get(W_CHECKED)
                if checked_el is not None:
                    checked = _is_true(checked_el, W_VAL, absent=True)
                else:
                    checked = _is_true(state.get(W_DEFAULT), W_VAL, absent=True)
                value = TICKED if checked else EMPTY
                self.controls["legacy checkbox"] += 1
            elif ddlist is not None:
                entries = [e.get(W_VAL, "") for e in ddlist.findall(W_LISTENTRY)]
                chosen_el = _child(ddlist, W_RESULT)
                if chosen_el is None:
                    chosen_el = _child(ddlist, W_DEFAULT)
                try:
                    chosen = int(chosen_el.get(W_VAL, "0")) if chosen_el is not None else 0
                except ValueError:
                    chosen = 0
                value = entries[chosen] if 0 <= chosen < len(entries) else ""
                if is_placeholder(value):
                    value = ""
                self.controls["legacy drop-down"] += 1
            else:
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
            # The siblings are small runs: filtering their few elements here is cheaper
            # than lxml's tag filter, which is set up anew for every sibling.
            for el in sibling.iter():
                tag = el.tag
                if tag == W_FLDCHAR:
                    kind = el.get(W_FLDCHARTYPE)
                    if kind == "begin":
                        depth += 1
                    elif kind == "end":
                        if depth == 0:
                            done = True
                            break
                        depth -= 1
                elif tag == W_T and depth == 0:
                    el.text = ""
            if done:
                return


@dataclass(slots=True)
class _RowBuild:
    cells: list[Cell]
    table: int
    nested: list[_RowBuild]
    next_col: int = 0


def _up_to(el: etree._Element, tags: tuple[str, ...]) -> etree._Element | None:
    """The nearest ancestor with one of ``tags`` (wrappers such as w:sdt may sit between)."""
    anc = el.getparent()
    while anc is not None and anc.tag not in tags:
        anc = anc.getparent()
    return anc


def _layout(body: etree._Element) -> dict[etree._Element, tuple[int, bool, int]]:
    """Each cell's grid span and whether it continues the merged cell above; each row's
    grid offset (w:gridBefore). Cells and rows without these are not in the dict.

    Most cells have none of these properties: finding the few that exist with one filtered
    iteration in libxml2 is cheaper than looking inside every cell's w:tcPr from Python.
    Only a w:tcPr that is the cell's first child counts, and in it the last w:gridSpan or
    w:vMerge; for rows, the first w:gridBefore of the first w:trPr (as the reader always did).
    Keyed by element: the keys keep their proxies alive, so the walk meets the same objects.
    """
    layout: dict[etree._Element, tuple[int, bool, int]] = {}
    for prop in body.iter(W_GRIDSPAN, W_VMERGE, W_GRIDBEFORE):
        props = prop.getparent()
        owner = props.getparent() if props is not None else None
        if props is None or owner is None:
            continue
        span, merged_up, before = layout.get(owner, _NO_LAYOUT)
        if prop.tag == W_GRIDBEFORE:
            if (
                props.tag != W_TRPR
                or _child(owner, W_TRPR) is not props
                or _child(props, W_GRIDBEFORE) is not prop
            ):
                continue
            before = _int(prop.get(W_VAL), 0)
        elif props.tag != W_TCPR or owner.tag != W_TC or owner[0] is not props:
            continue
        elif prop.tag == W_GRIDSPAN:
            span = max(1, _int(prop.get(W_VAL), 1))
        else:
            merged_up = prop.get(W_VAL, "continue") != "restart"
        layout[owner] = (span, merged_up, before)
    return layout


_NO_LAYOUT = (1, False, 0)


def _int(value: str | None, default: int) -> int:
    """A number Word wrote; a missing or garbled one is the default, never an error."""
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _cell_text(tc: etree._Element) -> list[str]:
    """The cell's paragraphs (nested tables' included), in one libxml2 call."""
    text = etree.tostring(tc, method="text", encoding=str, with_tail=False)
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")


def _walk(body: etree._Element) -> tuple[list[Row], list[etree._Element], list[int]]:
    """Tables into rows of cells, in one pass over the few tags that carry structure.

    After ``_Normaliser`` ran, a paragraph's visible text is exactly its XML text content.
    Each paragraph is given a newline tail, so libxml2 returns a whole cell's paragraphs,
    nested tables included, in one call (``method="text"``) — far faster than walking runs
    in Python. Nested tables' rows follow the row that holds them.

    The pass that gives paragraphs their tails also notes those outside tables (the title,
    the appendix): most paragraphs' parent is a cell, so this costs almost nothing, where a
    separate pass later cost as much as the cells' texts.
    """
    body_paragraphs = []
    for p in body.iter(W_P):
        p.tail = "\n"
        parent = p.getparent()
        if parent is body or (
            parent is not None and parent.tag != W_TC and _up_to(p, (W_TC, W_BODY)) is body
        ):
            body_paragraphs.append(p)
    layout = _layout(body)
    top: list[_RowBuild] = []
    row_of_tr: dict[etree._Element, _RowBuild] = {}
    outer_of_tbl: dict[etree._Element, etree._Element | None] = {}
    table_no: dict[etree._Element, int] = {}
    for el in body.iter(W_TBL, W_TR, W_TC):
        tag = el.tag
        if tag == W_TC:
            parent = el.getparent()
            tr = parent if parent is not None and parent.tag == W_TR else _up_to(el, (W_TR,))
            row = row_of_tr.get(tr) if tr is not None else None
            if row is None:
                continue
            span, merged_up, _ = layout.get(el, _NO_LAYOUT)
            row.cells.append(Cell(_cell_text(el), 0, len(row.cells), row.next_col, span, merged_up))
            row.next_col += span
        elif tag == W_TR:
            parent = el.getparent()
            tbl = parent if parent is not None and parent.tag == W_TBL else _up_to(el, (W_TBL,))
            if tbl is None or tbl not in table_no:
                continue
            row = _RowBuild([], table_no[tbl], [], layout.get(el, _NO_LAYOUT)[2])
            row_of_tr[el] = row
            outer = outer_of_tbl[tbl]
            if outer is None:
                top.append(row)
            elif (outer_tr := _up_to(outer, (W_TR,))) is not None:
                row_of_tr[outer_tr].nested.append(row)
        else:  # W_TBL
            table_no[el] = len(table_no)
            outer = _up_to(el, (W_TC, W_BODY))
            outer_of_tbl[el] = outer if outer is not None and outer.tag == W_TC else None
    rows: list[Row] = []
    top_rows: list[int] = []

    def add(build: _RowBuild) -> None:
        row_no = len(rows)
        for cell in build.cells:
            cell.row = row_no
        rows.append(Row(cells=build.cells, table=build.table))
        for inner in build.nested:
            add(inner)

    for build in top:
        top_rows.append(len(rows))
        add(build)
    return rows, body_paragraphs, top_rows


@cache
def _typed_mark_table() -> tuple[dict[int, str], frozenset[str], re.Pattern[str]]:
    """The translation of typed marks to box characters, the marks, and a search for them."""
    ticked, empty = _typed_marks()
    chars = frozenset(ticked + empty)
    table = str.maketrans(dict.fromkeys(ticked, TICKED) | dict.fromkeys(empty, EMPTY))
    return table, chars, re.compile("[" + re.escape("".join(sorted(chars))) + "]")


def _typed_marks_to_boxes(rows: list[Row], controls: Counter[str]) -> None:
    """Typed ☒ ✓ ☐ … become the same two box characters as every other mechanism."""
    table, chars, pattern = _typed_mark_table()
    search = pattern.search
    for row in rows:
        for cell in row.cells:
            if cell.blank or not search(cell.text):
                continue
            controls["typed mark"] += sum(cell.text.count(c) for c in chars)
            cell.paragraphs = [p.translate(table) for p in cell.paragraphs]
            cell.text = cell.text.translate(table)


@cache
def _symbol_font_needles() -> tuple[bytes, ...]:
    """Byte strings, one of which a document using a symbol font must contain.

    Each font's name less its first letter, in lower and upper case ("ingdings",
    "INGDINGS"): "Wingdings", "wingdings" and "WINGDINGS" are found with two scans of the
    document, not three, and a font's variants ("Wingdings 2") need no scan of their own.
    """
    names = sorted({f[1:] for f in _symbols().fonts}, key=len)
    kept = [n for i, n in enumerate(names) if not any(m in n for m in names[:i])]
    return tuple(v.encode() for n in kept for v in (n.lower(), n.upper()))


def parse_document(xml: bytes) -> Document:
    """Parse document.xml into rows of cells; raises MalformedXml when it is not XML."""
    if W_STRICT in xml:
        xml = xml.replace(W_STRICT, W.encode())
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        if getattr(exc, "code", None) == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            raise TextTooLong(f"more than {MAX_TEXT_CHARS:,} characters") from exc
        line = exc.position[0] if exc.position else None
        where = f"its text is broken at line {line}" if line else "its text is broken"
        raise MalformedXml(where) from exc
    body = _child(root, W_BODY)
    if body is None:
        raise MalformedXml("there is no document body")
    normaliser = _Normaliser(root)
    normaliser.run(symbol_fonts=any(f in xml for f in _symbol_font_needles()))
    rows, body_paragraphs, top_rows = _walk(body)
    _typed_marks_to_boxes(rows, normaliser.controls)
    embedded = 0
    if b"altChunk" in xml or b"subDoc" in xml:  # rare: most forms are never walked for them
        embedded = sum(1 for _ in body.iter(W_ALTCHUNK, W_SUBDOC))
    return Document(
        rows=rows,
        body_paragraph_elements=body_paragraphs,
        controls=normaliser.controls,
        tracked_changes=normaliser.tracked,
        embedded_documents=embedded,
        top_rows=top_rows,
    )
