"""A worksheet's cells read as they stand in the file, within limits a tracker never reaches.

openpyxl's row reader pads every row to its last cell and builds each ``<row>`` whole before
handing it over, so 20,000 rows holding one cell each in column XFD (a 115 KB file) cost
327 million empty cells: 132 s and 5.2 GB. Here the sheet's XML is streamed through an lxml
target parser that builds no tree: only cells holding a value are kept, the sheet's own
``<dimension>`` (often wrong, and free to lie) is never consulted, and the first value past
a limit stops the reading with a sentence naming the limit. Values are converted exactly as
openpyxl converts them (shared strings, numbers, booleans, dates by the cell's style), from
the workbook openpyxl has opened read-only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, cast

from lxml import etree
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601

#: The last column a value may stand in: column AMJ, the 1,024th. Trackers are tables of a
#: few dozen columns; 1,024 is the width LibreOffice allowed for twenty years, so no tracker
#: made there or in Excel by hand comes near it. Every row is padded up to its last value, so
#: a value in Excel's last column (XFD, the 16,384th) on every row is what made a 115 KB file
#: cost 5.2 GB: refused here at its first cell.
MAX_COLUMNS = 1_024
#: The last row a value may stand in, on any sheet: 100,000. The largest audit log seen holds
#: a few thousand audits (one row each, a council's several years); family feedback a few
#: thousand answers. Twenty times that is still a tracker; Excel's 1,048,576 rows are not.
MAX_ROWS = 100_000
#: The most cells a workbook may make the reader look at, counting each row up to its last
#: value (the empty cells between values included, as the table reader sees them): 1,000,000,
#: 20,000 rows of 50 columns, five times the largest audit log seen. Measured on the 2-core
#: machine, 600,000 cells take 14 s and 122 MB to read whole, so the limit bounds a workbook
#: at about 25 s and 200 MB whatever its shape: many sheets, long rows or both.
MAX_CELLS = 1_000_000
#: The most characters one cell may hold: 32,767, Excel's own limit. A longer text was not
#: written by Excel; it is refused rather than cut, since cutting would change a value.
MAX_TEXT = 32_767

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE, _TEXT, _FORMULA = (
    f"{_MAIN}{t}" for t in ("row", "c", "v", "is", "t", "f")
)
#: how many cells with a formula and no saved result a sheet's problem names (all are counted)
NAMED_UNCALCULATED = 5
_PHONETIC = f"{_MAIN}rPh"
_REF = re.compile(r"([A-Za-z]{1,3})(\d{1,7})$")
#: bytes of the sheet's XML handed to the parser at a time
_CHUNK = 256 * 1024


class BeyondLimit(Exception):
    """A sheet goes past one of the limits above; the message is the sentence saying which."""


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


class _SheetTarget:
    """lxml parser target: collects (row, column, value) of the cells holding a value."""

    def __init__(self, sheet: str, convert: Callable[[str, str, int, str], Any], budget: int):
        self.sheet = sheet
        self.convert = convert
        #: cells the workbook may still make the reader look at
        self.budget = budget
        self.rows: dict[int, dict[int, Any]] = {}
        self.row = 0
        self.column = 0
        self.cell: tuple[str, int] | None = None  # its type and style
        self.text: list[str] = []
        self.length = 0
        self.collecting = False
        self.inline_depth = 0
        self.phonetic = 0
        self.value: str | None = None
        self.inline: list[str] | None = None
        self.formula = False
        #: cells holding a formula whose result was never saved (a workbook written by a
        #: program, not Excel): the first few by reference, and how many in all
        self.uncalculated: list[str] = []
        self.uncalculated_count = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == _CELL:
            ref = attrib.get("r")
            found = _REF.match(ref) if ref else None
            if found:
                self.column, self.row = _column_number(found[1]), int(found[2])
            else:
                self.column += 1
            style = attrib.get("s")
            self.cell = (attrib.get("t", "n"), int(style) if style and style.isdigit() else 0)
            self.value, self.inline, self.formula = None, None, False
        elif tag == _ROW:
            number = attrib.get("r")
            self.row = int(number) if number and number.isdigit() else self.row + 1
            self.column = 0
        elif self.cell is not None:
            if tag == _VALUE:
                self._collect()
            elif tag == _FORMULA:
                self.formula = True
            elif tag == _INLINE:
                self.inline = []
            elif tag == _PHONETIC:
                self.phonetic += 1
            elif tag == _TEXT and self.inline is not None and not self.phonetic:
                self._collect()

    def _collect(self) -> None:
        self.collecting, self.text, self.length = True, [], 0

    def data(self, text: str) -> None:
        if self.collecting:
            self.length += len(text)
            if self.length > MAX_TEXT:
                raise BeyondLimit(self._too_long())
            self.text.append(text)

    def end(self, tag: str) -> None:
        if tag == _CELL:
            self._cell_end()
        elif self.cell is None:
            return
        elif tag == _VALUE and self.collecting:
            self.value = "".join(self.text)
            self.collecting = False
        elif tag == _TEXT and self.collecting:
            assert self.inline is not None
            self.inline.append("".join(self.text))
            self.collecting = False
        elif tag == _PHONETIC:
            self.phonetic -= 1

    def _cell_end(self) -> None:
        kind, style = self.cell or ("n", 0)
        self.cell = None
        if kind == "inlineStr":
            value: Any = "".join(self.inline) if self.inline is not None else None
        else:
            value = self.convert(kind, self.value or "", style, self.ref) if self.value else None
        if value is None:
            # never calculated: no <v>, or an empty one where only a text result ("", saved
            # by Excel as t="str") may be empty; openpyxl and other programs write <v></v>
            if self.formula and kind != "inlineStr" and (self.value is None or kind != "str"):
                self.uncalculated_count += 1
                if len(self.uncalculated) < NAMED_UNCALCULATED:
                    self.uncalculated.append(self.ref)
            return
        if value.__class__ is str and len(value) > MAX_TEXT:
            raise BeyondLimit(self._too_long())
        if self.column > MAX_COLUMNS:
            raise BeyondLimit(
                f"sheet '{self.sheet}' has a value in cell {self.ref}, beyond column "
                f"{get_column_letter(MAX_COLUMNS)} (the {MAX_COLUMNS:,}th), further right than "
                "any tracker goes; the workbook is refused as possibly harmful. If it is a "
                "tracker, delete what stands to the right of its tables and save it again."
            )
        if self.row > MAX_ROWS:
            raise BeyondLimit(
                f"sheet '{self.sheet}' has a value in row {self.row:,} (cell {self.ref}), below "
                f"the {MAX_ROWS:,} rows a tracker may take; the workbook is refused as possibly "
                "harmful. If it is a tracker, delete what stands below its tables, or split it "
                "into workbooks by year, and save it again."
            )
        cells = self.rows.setdefault(self.row, {})
        before = max(cells, default=0)
        if self.column > before:
            self.budget -= self.column - before
            if self.budget < 0:
                raise BeyondLimit(
                    f"the workbook holds more than {MAX_CELLS:,} cells (counting each row up "
                    f"to its last value; sheet '{self.sheet}' reached the limit at cell "
                    f"{self.ref}), far more than any tracker; it is refused as possibly "
                    "harmful. If it is a tracker, split it into smaller workbooks."
                )
        cells[self.column] = value

    @property
    def ref(self) -> str:
        return f"{get_column_letter(min(self.column, 18_278))}{self.row}"

    def _too_long(self) -> str:
        return (
            f"cell {self.ref} on sheet '{self.sheet}' holds more than the {MAX_TEXT:,} "
            "characters Excel allows in a cell, so the workbook was not written by Excel; it "
            "is refused as possibly harmful."
        )

    def close(self) -> None:
        return None


def _converter(shared: list[str], epoch: Any, dates: Any, durations: Any) -> Callable[..., Any]:
    """A cell's value as openpyxl's reader gives it (``data_only``: formulas' cached results)."""

    def convert(kind: str, raw: str, style: int, ref: str) -> Any:
        if kind == "n":
            number: float | int = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
            if style in dates:
                duration = style in durations
                if number < 0 and not duration:
                    return number  # Excel shows #### for a date before its first: no date
                try:
                    return from_excel(number, epoch, timedelta=duration)
                except (OverflowError, ValueError):
                    return number  # beyond 31/12/9999 Excel shows ####: the number, no date
            return number
        if kind == "s":
            return shared[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            return from_ISO8601(raw)
        return raw  # "str" (a formula's text result) and "e" (an error such as #N/A)

    return convert


@dataclass(frozen=True)
class SheetCells:
    """One sheet's rows of values, what is left of the workbook's cell budget, and the cells
    holding a formula whose result was never saved (``uncalculated``: the first few by
    reference; ``uncalculated_count``: all of them)."""

    rows: list[tuple[Any, ...]]
    budget: int
    uncalculated: tuple[str, ...] = ()
    uncalculated_count: int = 0


def read_rows(ws: Any, budget: int) -> SheetCells:
    """The rows of one read-only openpyxl worksheet, each up to its last value; and what is
    left of the workbook's cell budget. Raises BeyondLimit past a limit, ValueError (or an
    lxml error) for XML that is not a sheet.

    openpyxl keeps what a sheet's values need private (the shared strings, the styles that
    are dates, the part itself); they are used here alone, and every tracker test reads
    through them.
    """
    wb = ws.parent
    convert = _converter(ws._shared_strings, wb.epoch, wb._date_formats, wb._timedelta_formats)
    target = _SheetTarget(ws.title, _guarded(convert), budget)
    parser = etree.XMLParser(
        # lxml hands a target str tags and text; the stubs' protocol also allows bytes
        target=cast("etree.ParserTarget", target),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    source: IO[bytes]
    with ws._get_source() as source:
        while chunk := source.read(_CHUNK):
            parser.feed(chunk)
    parser.close()
    last = max(target.rows, default=0)
    rows: list[tuple[Any, ...]] = []
    for number in range(1, last + 1):
        cells = target.rows.get(number)
        if not cells:
            rows.append(())
            continue
        row = [None] * max(cells)
        for column, value in cells.items():
            row[column - 1] = value
        rows.append(tuple(row))
    return SheetCells(rows, target.budget, tuple(target.uncalculated), target.uncalculated_count)


def _guarded(convert: Callable[..., Any]) -> Callable[..., Any]:
    """A value that cannot be converted (a shared string index out of range, "1x" as a
    number) makes the sheet unreadable, as it did in openpyxl: ValueError."""

    def guarded(kind: str, raw: str, style: int, ref: str) -> Any:
        try:
            return convert(kind, raw, style, ref)
        except (IndexError, TypeError) as exc:
            raise ValueError(f"cell {ref}: {raw!r}") from exc

    return guarded
