"""A streaming .xlsx writer: sheets as Excel Tables, written row by row in constant memory.

Why not a general library: the exports and the data-quality list must stay linear and small
at any size (a store of 100,000 audits has 1.3 million section ratings). openpyxl's normal
mode holds every cell; XlsxWriter's constant-memory mode streams but refuses Excel Tables
and writes about 150,000 cells a second here; openpyxl's write-only mode is slower still.
The workbooks we write need only a few parts of SpreadsheetML (ECMA-376 part 1, 18.3), so
they are written directly: a row is one string, every text an inline string, the zip entry
deflated as it is written. Each sheet is an Excel Table (filter buttons, banded rows, a
style), with its header row frozen and its columns fitted.

What a spreadsheet must never do with our values is decided here, once:

- text is always a text cell (``t="inlineStr"``): a comment starting with ``=`` is shown,
  never calculated, and no value can become a formula or a link;
- dates and times are real Excel dates (serial numbers with a date format), numbers numbers;
- a text longer than a cell holds (32,767 characters) is cut with a note naming where the
  whole text is: on the sheet "Long values", in parts that fit;
- a table longer than a sheet holds (1,048,576 rows, or 2 GB of XML) continues on a second
  sheet, and the first says so in the row under its table;
- characters XML cannot carry (control characters other than tab and line breaks) are left
  out, and ``_xHHHH_`` sequences are escaped so that Excel shows them as written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from audit_docs.compute.export_view import LONG_VALUES, MAX_CELL, MAX_ROWS, Kind
from audit_docs.ns import PACKAGE_RELS, SPREADSHEET, R

#: rows looked at to fit a column's width, and the widths allowed
FIT_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 8, 60


_MAIN, _REL, _PKG_REL = SPREADSHEET, R, PACKAGE_RELS
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPED = re.compile("_(x[0-9A-Fa-f]{4}_)")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EPOCH_DAY = _EXCEL_EPOCH.toordinal()
#: a sheet's XML is kept under 2 GB, so that no zip entry needs ZIP64 extensions (which
#: not every spreadsheet program reads): a larger table goes on on the next sheet
_SHEET_BYTES = 2_000_000_000
#: short texts whose XML is remembered at most (a few MB)
_REMEMBERED = 20_000
#: bytes of rows gathered before they are written
_FLUSH = 1 << 18
#: the zip entries' time stamp: the same store gives the same bytes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# cell formats (indexes into cellXfs in _STYLES)
_HEADER, _TEXT, _WRAPPED, _DATE, _DATETIME, _NUMBER, _NOTE = 1, 2, 3, 4, 5, 6, 7
#: the same, wrapped (on sheets whose rows are fitted to their text): (date, date-time, number)
_WRAPPED_VALUES = (8, 9, 10)
_STYLES = f"""{_XML}<styleSheet xmlns="{_MAIN}">\
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>\
<numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/></numFmts>\
<fonts count="4"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><i/><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font>\
</fonts><fills count="3"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FF1F4E79"/><bgColor indexed="64"/>\
</patternFill></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="11"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="3" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" \
applyAlignment="1">\
<alignment vertical="top" wrapText="1"/></xf>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">\
<alignment vertical="top"/></xf>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">\
<alignment vertical="top" wrapText="1"/></xf>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" \
applyAlignment="1"><alignment horizontal="left" vertical="top"/></xf>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" \
applyAlignment="1"><alignment horizontal="left" vertical="top"/></xf>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">\
<alignment vertical="top"/></xf>\
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" \
applyAlignment="1"><alignment horizontal="left" vertical="top" wrapText="1"/></xf>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" \
applyAlignment="1"><alignment horizontal="left" vertical="top" wrapText="1"/></xf>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">\
<alignment vertical="top" wrapText="1"/></xf></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" \
defaultPivotStyle="PivotStyleLight16"/></styleSheet>"""


@dataclass(frozen=True)
class Column:
    """A column of a table: its header, what its values are, and its width (None: fitted)."""

    header: str
    kind: Kind = "text"
    width: float | None = None


@dataclass(frozen=True)
class Print:
    """How a sheet prints: landscape A4, one page wide, header row on every page."""

    title: str


@dataclass
class TableWritten:
    """What became of one table: the sheets it fills and its rows (header not counted)."""

    name: str
    sheets: list[str] = field(default_factory=list)
    rows: int = 0
    cut: int = 0


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def excel_serial(value: dt.date) -> float | int:
    """A date (whole days) or date-time (with the fraction of the day) as Excel counts it."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        delta = value - _EXCEL_EPOCH
        return delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000
    return value.toordinal() - _EPOCH_DAY


def cell_text(value: str) -> str:
    """Text as XML carries it and Excel shows it: no control characters, ``_x`` escaped."""
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    if "_x" in value:
        value = _ESCAPED.sub(r"_x005F_\1", value)
    return value


def _units(text: str) -> int:
    """The length as Excel counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, units: int) -> str:
    """The start of ``text`` that fits in ``units`` UTF-16 code units."""
    return text.encode("utf-16-le")[: 2 * units].decode("utf-16-le", "ignore")


def _sheet_name(text: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", text).strip("'")[:31] or "Sheet"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def _table_name(text: str, taken: set[str]) -> str:
    base = re.sub(r"\W+", "_", text).strip("_")
    if not re.match(r"[A-Za-z_]", base) or re.fullmatch(r"[A-Za-z]{1,3}\d+|[RrCc]", base):
        base = f"t_{base}"
    name, n = base[:250], 2
    while name.casefold() in taken:
        name, n = f"{base[:240]}_{n}", n + 1
    taken.add(name.casefold())
    return name


class _Sheet:
    """One worksheet part being written."""

    def __init__(self, book: StreamingWorkbook, name: str) -> None:
        self.book = book
        self.name = name
        self.number = len(book.sheets) + 1
        self.table: tuple[str, str, list[str]] | None = None  # name, range, column names
        self.last_row = 1
        self.size = 0  # bytes of XML written
        self.printed: Print | None = None
        entry = _entry(f"xl/worksheets/sheet{self.number}.xml")
        self.stream: IO[bytes] = book.zip.open(entry, "w")
        book.sheets.append(self)

    def write(self, text: str) -> None:
        self.write_bytes(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> None:
        self.stream.write(data)
        self.size += len(data)


class StreamingWorkbook:
    """Write tables to ``path`` one after another; ``close()`` finishes the file."""

    def __init__(self, path: Path, title: str) -> None:
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.title = title
        self.sheets: list[_Sheet] = []
        self._sheet_names: set[str] = set()
        self._table_names: set[str] = set()
        self._long: list[tuple[str, str, str]] = []  # sheet, cell, whole text
        self._long_rows = 1  # the next row on the sheet of long values (1: its header)
        self._texts: dict[str, str] = {}  # short text -> its inline string (values repeat)

    # --- tables -------------------------------------------------------------------------

    def add_table(
        self,
        name: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Any]],
        *,
        wrap: bool = False,
        printed: Print | None = None,
        row_limit: int = MAX_ROWS,
    ) -> TableWritten:
        """Write ``rows`` (values in the order of ``columns``) as a table on a sheet named
        ``name``, continued on further sheets when it passes ``row_limit`` rows.

        ``wrap`` wraps text and fits each row's height to it (for lists people read and
        print); otherwise each row is one line high.
        """
        written = TableWritten(name)
        iterator = iter(rows)
        head = [row for _, row in zip(range(FIT_ROWS), iterator, strict=False)]
        widths = _fit_widths(columns, head)
        per_sheet = row_limit - 2  # the header, and the row saying where the table goes on
        pending: Iterator[Sequence[Any]] = itertools.chain(head, iterator)
        while True:
            sheet = self._open(
                name if not written.sheets else f"{name} ({len(written.sheets) + 1})"
            )
            written.sheets.append(sheet.name)
            sheet.printed = printed
            count, more = self._write_sheet(sheet, columns, widths, pending, per_sheet, wrap=wrap)
            written.rows += count
            if more is None:
                self._close_sheet(sheet, None)
                break
            following = f"{name} ({len(written.sheets) + 1})"
            self._close_sheet(sheet, f"This table continues on the sheet '{following}'.")
            pending = itertools.chain([more], pending)
        written.cut = sum(1 for sheet_name, _, _ in self._long if sheet_name in written.sheets)
        return written

    def _open(self, wanted: str) -> _Sheet:
        return _Sheet(self, _sheet_name(wanted, self._sheet_names))

    def _write_sheet(
        self,
        sheet: _Sheet,
        columns: Sequence[Column],
        widths: Sequence[float],
        rows: Iterator[Sequence[Any]],
        per_sheet: int,
        *,
        wrap: bool,
    ) -> tuple[int, Sequence[Any] | None]:
        """Write the sheet's start, header and rows; (rows written, the first row left over)."""
        sheet.write(_sheet_start(sheet, widths))
        headers = [cell_text(c.header) for c in columns]
        letters = [column_letter(i) for i in range(len(columns))]
        height = _row_height(headers, widths, bold=True) if wrap else None
        sheet.write(
            _row_xml(
                1,
                height,
                [_string(f"{x}1", h, _HEADER) for x, h in zip(letters, headers, strict=True)],
            )
        )
        cells = [
            self._cell_writer(sheet, c, x, wrap) for c, x in zip(columns, letters, strict=True)
        ]
        number, buffer, buffered = 1, list[bytes](), 0
        for row in rows:
            if number > per_sheet or sheet.size + buffered > _SHEET_BYTES:
                sheet.write_bytes(b"".join(buffer))
                self._end_rows(sheet, headers, letters, number)
                return number - 1, row
            number += 1
            r = str(number)
            if wrap:  # an empty cell keeps its format: what is typed there wraps too
                xml = "".join([w(v, r) for w, v in zip(cells, row, strict=True)])
                data = _row_xml(number, _row_height(row, widths), [xml]).encode("utf-8")
            else:
                xml = "".join([w(v, r) for w, v in zip(cells, row, strict=True) if v is not None])
                data = f'<row r="{r}">{xml}</row>'.encode()
            buffer.append(data)
            buffered += len(data)
            if buffered >= _FLUSH:
                sheet.write_bytes(b"".join(buffer))
                buffer.clear()
                buffered = 0
        sheet.write_bytes(b"".join(buffer))
        self._end_rows(sheet, headers, letters, number)
        return number - 1, None

    def _end_rows(self, sheet: _Sheet, headers: list[str], letters: list[str], last: int) -> None:
        # a table needs a data row: an empty table keeps an empty one, as Excel does
        reference = f"A1:{letters[-1]}{max(last, 2)}"
        sheet.table = (_table_name(sheet.name, self._table_names), reference, headers)
        sheet.last_row = last

    def _close_sheet(self, sheet: _Sheet, note: str | None) -> None:
        if note:
            row = sheet.last_row + 1
            sheet.write(_row_xml(row, None, [_string(f"A{row}", cell_text(note), _NOTE)]))
        sheet.write("</sheetData>")
        sheet.write(_sheet_end(sheet))
        sheet.stream.close()

    def _cell_writer(
        self, sheet: _Sheet, column: Column, letter: str, wrap: bool
    ) -> Callable[[Any, str], str]:
        """A function writing one value of ``column`` in row r as a cell's XML."""
        style = _WRAPPED if wrap else _TEXT
        day, moment, figure = _WRAPPED_VALUES if wrap else (_DATE, _DATETIME, _NUMBER)
        long_text = self._long_text

        inline = self._inline

        def text(value: Any, r: str) -> str:
            if type(value) is str:
                if len(value) > MAX_CELL // 2:
                    value = cell_text(value)
                    if _units(value) > MAX_CELL:
                        value = long_text(sheet, f"{letter}{r}", value)
                    return f'<c r="{letter}{r}" s="{style}"{_inline_string(value)}'
                return f'<c r="{letter}{r}" s="{style}"{inline(value)}'
            if value is None:
                return f'<c r="{letter}{r}" s="{style}"/>'
            if isinstance(value, int | float):
                return number(value, r)
            return text(str(value), r)

        def number(value: Any, r: str) -> str:
            if isinstance(value, bool):
                return f'<c r="{letter}{r}" s="{figure}" t="b"><v>{int(value)}</v></c>'
            if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
                return f'<c r="{letter}{r}" s="{figure}"><v>{value!r}</v></c>'
            return text(value, r)

        def date(value: Any, r: str) -> str:
            if isinstance(value, dt.date):
                shown = moment if isinstance(value, dt.datetime) else day
                return f'<c r="{letter}{r}" s="{shown}"><v>{excel_serial(value)!r}</v></c>'
            return text(value, r)

        def boolean(value: Any, r: str) -> str:
            if isinstance(value, bool | int):
                return f'<c r="{letter}{r}" s="{figure}" t="b"><v>{int(bool(value))}</v></c>'
            return text(value, r)

        writers: dict[Kind, Callable[[Any, str], str]] = {
            "text": text,
            "number": number,
            "date": date,
            "datetime": date,
            "bool": boolean,
        }
        return writers[column.kind]

    def _inline(self, value: str) -> str:
        """A short text's inline string, remembered: grades, sections and names repeat."""
        known = self._texts.get(value)
        if known is None:
            if len(self._texts) >= _REMEMBERED:
                self._texts.clear()
            known = self._texts[value] = _inline_string(cell_text(value))
        return known

    def _long_text(self, sheet: _Sheet, cell: str, value: str) -> str:
        """Keep the whole text for the sheet of long values; the cell's text, cut, with a
        note saying where the whole is."""
        parts = _parts(value)
        first = self._long_rows + 1
        self._long_rows += len(parts)
        self._long.append((sheet.name, cell, value))
        rows = f"row {first}" if len(parts) == 1 else f"rows {first}–{first + len(parts) - 1}"
        note = (
            f" […cut here: the whole text, {len(value):,} characters, is on the sheet "
            f"'{LONG_VALUES}', {rows}]"
        )
        return _cut(value, MAX_CELL - _units(note)) + note

    def _write_long_values(self) -> None:
        if not self._long:
            return
        rows: list[tuple[str, str, int, str]] = []
        for sheet, cell, value in self._long:
            parts = _parts(value)
            rows += [(sheet, cell, n, part) for n, part in enumerate(parts, 1)]
        columns = [
            Column("Sheet", width=20),
            Column("Cell", width=10),
            Column("Part", "number", width=8),
            Column("Text", width=100),
        ]
        self._long = []
        self.add_table(LONG_VALUES, columns, rows, wrap=False)

    # --- the package ---------------------------------------------------------------------

    def close(self) -> None:
        """Write the sheet of long values, then the parts that list the sheets."""
        self._write_long_values()
        tables: list[tuple[int, _Sheet]] = []
        for sheet in self.sheets:
            if sheet.table:
                tables.append((len(tables) + 1, sheet))
                self._write(f"xl/tables/table{len(tables)}.xml", _table_xml(len(tables), sheet))
                self._write(
                    f"xl/worksheets/_rels/sheet{sheet.number}.xml.rels",
                    f'{_XML}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
                    f'Type="{_REL}/table" Target="../tables/table{len(tables)}.xml"/>'
                    "</Relationships>",
                )
        self._write("xl/workbook.xml", _workbook_xml(self.sheets))
        self._write("xl/_rels/workbook.xml.rels", _workbook_rels(self.sheets))
        self._write("xl/styles.xml", _STYLES)
        self._write("docProps/core.xml", _core_xml(self.title))
        self._write("docProps/app.xml", _app_xml())
        self._write(
            "_rels/.rels",
            f'{_XML}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" '
            'Target="docProps/app.xml"/></Relationships>',
        )
        self._write("[Content_Types].xml", _content_types(self.sheets, len(tables)))
        self.zip.close()

    def abandon(self) -> None:
        """Close the file after a failure (the caller removes it). Closing writes the zip's
        directory, which fails again on a full disk: that is not said twice, and the file is
        closed whatever happens, so nothing complains when it is collected."""
        for sheet in self.sheets:
            with contextlib.suppress(OSError, ValueError, zlib.error):
                sheet.stream.close()
        with contextlib.suppress(OSError, ValueError):
            self.zip.close()

    def _write(self, name: str, text: str) -> None:
        self.zip.writestr(_entry(name), text.encode("utf-8"))


# --- pieces of XML ---------------------------------------------------------------------------


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry with a fixed time stamp, deflated at level 1: sheet XML compresses well at
    once, and level 6 costs three times the time for a few percent."""
    info = zipfile.ZipInfo(name, _ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = 1  # type: ignore[attr-defined]  # public as compress_level from 3.13
    return info


def _parts(value: str) -> list[str]:
    size = MAX_CELL // 2  # any text in parts of this many characters fits a cell
    return [value[i : i + size] for i in range(0, len(value), size)]


def _string(ref: str, value: str, style: int) -> str:
    """A text cell; ``value`` already as ``cell_text`` gives it."""
    return f'<c r="{ref}" s="{style}"{_inline_string(value)}'


def _inline_string(value: str) -> str:
    """The end of a text cell's XML after its style: the text as an inline string."""
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in value:  # kept as written: XML reads a bare carriage return as a line feed
        value = value.replace("\r", "&#13;")
    return f' t="inlineStr"><is><t{space}>{value}</t></is></c>'


def _row_xml(number: int, height: float | None, cells: Iterable[str]) -> str:
    tall = f' ht="{height:g}" customHeight="1"' if height else ""
    return f'<row r="{number}"{tall}>{"".join(cells)}</row>'


def _fit_widths(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> list[float]:
    widths = []
    for i, c in enumerate(columns):
        if c.width is not None:
            widths.append(c.width)
            continue
        if c.kind in ("date", "datetime"):
            longest = 16 if c.kind == "datetime" else 10
        else:
            longest = max((len(str(r[i])) for r in rows if r[i] is not None), default=0)
        widths.append(min(max(longest, len(c.header) + 3, MIN_WIDTH), MAX_WIDTH) + 2)
    return widths


def _row_height(values: Sequence[Any], widths: Sequence[float], bold: bool = False) -> float:
    """Tall enough for the wrapped text: not every spreadsheet program sizes rows on
    opening, and a printed row cut to one line hides the advice."""
    lines = 1
    per_unit = 0.9 if bold else 1.15
    for value, width in zip(values, widths, strict=True):
        if value is None or not isinstance(value, str):
            continue
        chars = max(int(width * per_unit) - 1, 1)
        lines = max(lines, sum(-(-max(len(part), 1) // chars) for part in value.split("\n")))
    return min(15 * lines, 409)


def _sheet_start(sheet: _Sheet, widths: Sequence[float]) -> str:
    fit = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if sheet.printed else ""
    selected = ' tabSelected="1"' if sheet.number == 1 else ""
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>' for i, w in enumerate(widths, 1)
    )
    return (
        f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">{fit}<sheetViews>'
        f'<sheetView workbookViewId="0"{selected}><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
        'sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{cols}</cols><sheetData>"
    )


def _sheet_end(sheet: _Sheet) -> str:
    end = ""
    if sheet.printed:
        heading = f"{sheet.printed.title}: {sheet.name}".replace("&", "&&")
        end += (
            '<printOptions gridLines="1"/><pageMargins left="0.4" right="0.4" top="0.75" '
            'bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9" '
            'orientation="landscape" fitToWidth="1" fitToHeight="0"/><headerFooter>'
            f"<oddHeader>{escape('&L' + heading)}</oddHeader>"
            f"<oddFooter>{escape('&RPage &P of &N')}</oddFooter></headerFooter>"
        )
    else:
        end += (
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/>'
        )
    if sheet.table:
        end += '<tableParts count="1"><tablePart r:id="rId1"/></tableParts>'
    return end + "</worksheet>"


def _table_xml(number: int, sheet: _Sheet) -> str:
    assert sheet.table is not None
    name, reference, headers = sheet.table
    columns = "".join(
        f"<tableColumn id={quoteattr(str(i))} name={quoteattr(h)}/>"
        for i, h in enumerate(headers, 1)
    )
    return (
        f'{_XML}<table xmlns="{_MAIN}" id="{number}" name={quoteattr(name)} '
        f'displayName={quoteattr(name)} ref="{reference}" totalsRowShown="0">'
        f'<autoFilter ref="{reference}"/><tableColumns count="{len(headers)}">{columns}'
        '</tableColumns><tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" '
        'showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>'
    )


def _workbook_xml(sheets: Sequence[_Sheet]) -> str:
    listed = "".join(
        f'<sheet name={quoteattr(s.name)} sheetId="{s.number}" r:id="rId{s.number}"/>'
        for s in sheets
    )
    titles = "".join(
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{s.number - 1}">'
        f"{escape(_quoted(s.name))}!$1:$1</definedName>"
        for s in sheets
        if s.printed
    )
    names = f"<definedNames>{titles}</definedNames>" if titles else ""
    return (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/><bookViews>'
        f'<workbookView activeTab="0"/></bookViews><sheets>{listed}</sheets>{names}'
        '<calcPr calcId="191029"/></workbook>'
    )


def _quoted(sheet_name: str) -> str:
    return "'" + sheet_name.replace("'", "''") + "'"


def _workbook_rels(sheets: Sequence[_Sheet]) -> str:
    rels = "".join(
        f'<Relationship Id="rId{s.number}" Type="{_REL}/worksheet" '
        f'Target="worksheets/sheet{s.number}.xml"/>'
        for s in sheets
    )
    styles = f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    return f'{_XML}<Relationships xmlns="{_PKG_REL}">{rels}{styles}</Relationships>'


def _core_xml(title: str) -> str:
    return (
        f"{_XML}<cp:coreProperties xmlns:cp="
        '"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(cell_text(title))}</dc:title><dc:language>en-GB</dc:language>"
        "<dc:creator>audit-docs</dc:creator></cp:coreProperties>"
    )


def _app_xml() -> str:
    return (
        f"{_XML}<Properties xmlns="
        '"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>audit-docs</Application></Properties>"
    )


def _content_types(sheets: Sequence[_Sheet], tables: int) -> str:
    ml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = [
        ("/xl/workbook.xml", f"{ml}.sheet.main+xml"),
        ("/xl/styles.xml", f"{ml}.styles+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ),
        *((f"/xl/worksheets/sheet{s.number}.xml", f"{ml}.worksheet+xml") for s in sheets),
        *((f"/xl/tables/table{n}.xml", f"{ml}.table+xml") for n in range(1, tables + 1)),
    ]
    overrides = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in parts)
    return (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>"
    )
