"""Workbooks written as raw XML, for what openpyxl will not write: a sheet's ``<dimension>``
that lies, cells far out in column XFD, rows in any number, text longer than Excel allows.

Each sheet is given as the XML of its ``<sheetData>`` children (or as an iterable of chunks,
so that a large sheet is never held whole in memory), with inline strings for text.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def inline(ref: str, text: str) -> str:
    """One cell holding ``text`` as an inline string."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def number(ref: str, value: float) -> str:
    """One cell holding a number."""
    return f'<c r="{ref}"><v>{value!r}</v></c>'


def with_dimension(path: Path, ref: str) -> Path:
    """Rewrite the ``<dimension>`` every sheet of an openpyxl-written workbook declares."""
    parts = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
            parts[info.filename] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def write_raw_xlsx(
    path: Path, sheets: dict[str, Iterable[str]], dimension: str | None = None
) -> Path:
    """An .xlsx whose sheets hold exactly the ``<sheetData>`` XML given (in chunks)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = list(sheets)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            _CONTENT_TYPES.format(
                sheets="".join(_SHEET_TYPE.format(n=i) for i in range(1, len(names) + 1))
            ),
        )
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" '
            f'xmlns:r="{_REL}"><sheets>'
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, name in enumerate(names, 1)
            )
            + "</sheets></workbook>",
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(names) + 1)
            )
            + "</Relationships>",
        )
        for i, name in enumerate(names, 1):
            with zf.open(f"xl/worksheets/sheet{i}.xml", "w") as part:
                part.write(
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'.encode()
                )
                if dimension:
                    part.write(f'<dimension ref="{dimension}"/>'.encode())
                part.write(b"<sheetData>")
                for chunk in sheets[name]:
                    part.write(chunk.encode())
                part.write(b"</sheetData></worksheet>")
    return path


def far_column_rows(rows: int, column: str = "XFD") -> Iterable[str]:
    """``rows`` rows each holding one cell, in ``column`` (issue 20's 115 KB workbook)."""
    for r in range(1, rows + 1):
        yield f'<row r="{r}">{inline(f"{column}{r}", "x")}</row>'
