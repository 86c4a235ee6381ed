"""A Word form's layout as drafting sees it: paragraphs and tables in order, with controls.

The reader (``wordml``) turns every control into its value; drafting needs the opposite, the
form's empty places: which cell holds a drop-down (and its items), a date picker, a text box
or a row of check boxes. Each control becomes a marker in the text (``DROP``+n, ``DATE``,
``FIELD``), boxes become ``wordml``'s box characters, and headings keep their style and
boldness, which tell a section from a label.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from lxml import etree

from audit_docs.ns import w as _w
from audit_docs.read.values import is_placeholder
from audit_docs.read.word import wordml
from audit_docs.read.word.wordml import EMPTY, TICKED, W_P, W_R, W_SDT, W_TBL, W_TC, W_TR

DROP, DROP_END, DATE, FIELD = "\ue010", "\ue011", "\ue012", "\ue013"
_DROP_RE = re.compile(DROP + r"(\d+)" + DROP_END)
_MARKS = re.compile(f"{DROP}\\d+{DROP_END}|[{DATE}{FIELD}{TICKED}{EMPTY}]")


@dataclass
class Slot:
    """A paragraph or a table cell: its text with markers, and how it is printed."""

    text: str
    col: int = 0
    span: int = 1
    bold: bool = False
    style: str = ""
    drops: list[tuple[str, ...]] = field(default_factory=list)
    #: each drop-down's marker in ``text`` -> its items
    marks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: whether its first paragraph with text is bold (a title above a hint)
    first_bold: bool = False
    #: where it is printed: table and row (from 1), or a paragraph outside tables (from 1)
    table: int = 0
    row: int = 0
    para: int = 0

    @property
    def where(self) -> str:
        """Its place for people: "table 2, row 3" or "paragraph 5"."""
        if self.table:
            return f"table {self.table}, row {self.row}"
        return f"paragraph {self.para}" if self.para else "the form"

    @property
    def lines(self) -> list[str]:
        """Its paragraphs with text, as printed words (controls and boxes left out)."""
        return [w for line in self.text.split("\n") if (w := Slot(line).words)]

    @property
    def words(self) -> str:
        """The printed words only: no controls, boxes or underscores."""
        return " ".join(_MARKS.sub(" ", self.text).replace("_", " ").split())

    @property
    def has_date(self) -> bool:
        return DATE in self.text

    @property
    def has_field(self) -> bool:
        return FIELD in self.text

    @property
    def has_boxes(self) -> bool:
        return TICKED in self.text or EMPTY in self.text

    @property
    def has_control(self) -> bool:
        return bool(self.drops) or self.has_date or self.has_field or self.has_boxes


@dataclass
class Block:
    """A paragraph outside tables (``para``) or a table (``rows``)."""

    para: Slot | None = None
    rows: list[list[Slot]] = field(default_factory=list)


def _mark_controls(root: etree._Element, drops: list[tuple[str, ...]]) -> None:
    """Replace each drop-down, date picker and text box by its marker, before normalising."""
    for sdt in list(root.iter(W_SDT)):
        pr = sdt.find(_w("sdtPr"))
        content = sdt.find(_w("sdtContent"))
        if pr is None or content is None:
            continue
        listing = pr.find(_w("dropDownList"))
        if listing is None:
            listing = pr.find(_w("comboBox"))
        marker = None
        if listing is not None:
            items = [i.get(_w("displayText")) or i.get(_w("value")) or "" for i in listing]
            drops.append(tuple(i for i in items if i and not is_placeholder(i)))
            marker = f"{DROP}{len(drops) - 1}{DROP_END}"
            pr.remove(listing)
        elif (date := pr.find(_w("date"))) is not None:
            marker = DATE
            pr.remove(date)
        elif pr.find(_w("text")) is not None or pr.find(_w("richText")) is not None:
            marker = FIELD
        if marker is None:
            continue
        for flag in pr.findall(_w("showingPlcHdr")):
            pr.remove(flag)
        for t in list(content.iter(_w("t"))):
            t.text = ""
        first = next(content.iter(_w("t")), None)
        if first is None:
            run = next(content.iter(W_R), None)
            if run is None:
                para = next(content.iter(W_P), None)
                run = etree.SubElement(para if para is not None else content, W_R)
            first = etree.SubElement(run, _w("t"))
        first.text = marker
    for ff in list(root.iter(_w("ffData"))):
        listing = ff.find(_w("ddList"))
        if listing is not None:
            items = [e.get(_w("val"), "") for e in listing.findall(_w("listEntry"))]
            drops.append(tuple(i for i in items if i and not is_placeholder(i)))
            for old in listing.findall(_w("result")):
                listing.remove(old)
            etree.SubElement(listing, _w("result")).set(_w("val"), str(len(items)))
            etree.SubElement(listing, _w("listEntry")).set(
                _w("val"), f"{DROP}{len(drops) - 1}{DROP_END}"
            )
        elif (kind := ff.find(_w("textInput"))) is not None:
            typed = kind.find(_w("type"))
            marker = DATE if typed is not None and typed.get(_w("val")) == "date" else FIELD
            begin = ff.getparent()
            run = begin.getparent() if begin is not None else None
            if run is not None:
                # the field's shown result is blanked and the marker put after its begin run
                etree.SubElement(run, _w("t")).text = marker


def _marks(text: str, drops: list[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {m.group(0): drops[int(m.group(1))] for m in _DROP_RE.finditer(text)}


def _is_bold(p: etree._Element) -> bool:
    runs = [r for r in p.iter(W_R) if "".join(str(t) for t in r.itertext()).strip()]
    if not runs:
        return False
    for r in runs:
        b = r.find(f"{_w('rPr')}/{_w('b')}")
        if b is None or b.get(_w("val"), "1") in ("0", "false"):
            return False
    return True


def _style(p: etree._Element) -> str:
    s = p.find(f"{_w('pPr')}/{_w('pStyle')}")
    return s.get(_w("val"), "") if s is not None else ""


def _text(el: etree._Element) -> str:
    text = etree.tostring(el, method="text", encoding=str, with_tail=False)
    table, _, _ = wordml._typed_mark_table()
    return text.rstrip("\n").translate(table)


def _table(tbl: etree._Element, drops: list[tuple[str, ...]], number: int) -> list[list[Slot]]:
    rows: list[list[Slot]] = []
    for tr in tbl.iter(W_TR):
        if wordml._up_to(tr, (W_TBL,)) is not tbl:
            continue
        cells, col = [], 0
        for tc in tr.iter(W_TC):
            if wordml._up_to(tc, (W_TBL,)) is not tbl:
                continue
            span_el = tc.find(f"{_w('tcPr')}/{_w('gridSpan')}")
            span = int(span_el.get(_w("val"), "1")) if span_el is not None else 1
            paras = list(tc.iter(W_P))
            text = _text(tc)
            cells.append(
                Slot(
                    text,
                    col,
                    span,
                    bold=bool(paras) and all(_is_bold(p) for p in paras if _text(p).strip()),
                    style=next((_style(p) for p in paras if _text(p).strip()), ""),
                    drops=[drops[int(m)] for m in _DROP_RE.findall(text)],
                    marks=_marks(text, drops),
                    first_bold=next((_is_bold(p) for p in paras if _text(p).strip()), False),
                    table=number,
                    row=len(rows) + 1,
                )
            )
            col += span
        rows.append(cells)
    return rows


def read_layout(xml: bytes) -> list[Block]:
    """The body's paragraphs and tables, in order (blocks wrapped in controls included)."""
    root = etree.fromstring(xml, wordml._PARSER)
    body = root.find(_w("body"))
    if body is None:
        raise wordml.MalformedXml("there is no document body")
    drops: list[tuple[str, ...]] = []
    _mark_controls(root, drops)
    normaliser = wordml._Normaliser(root)
    normaliser.run(symbol_fonts=True)
    for p in body.iter(W_P):
        p.tail = "\n"
    blocks: list[Block] = []
    paras, tables = itertools.count(1), itertools.count(1)

    def walk(parent: etree._Element) -> None:
        for child in parent:
            if child.tag == W_P:
                text = _text(child)
                blocks.append(
                    Block(
                        para=Slot(
                            text,
                            bold=_is_bold(child),
                            style=_style(child),
                            drops=[drops[int(m)] for m in _DROP_RE.findall(text)],
                            marks=_marks(text, drops),
                            first_bold=_is_bold(child),
                            para=next(paras),
                        )
                    )
                )
            elif child.tag == W_TBL:
                blocks.append(Block(rows=_table(child, drops, next(tables))))
            elif child.tag in (W_SDT, _w("sdtContent"), _w("customXml")):
                walk(child)

    walk(body)
    return blocks
