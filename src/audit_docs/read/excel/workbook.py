"""One call per Excel tracker: a path in, a WorkbookResult or a FileFailure out, never an
exception for a bad file.

The workbook is opened once, read-only and with cached formula results (``read_only=True,
data_only=True``: several times faster than a full load and enough, since merged title cells
keep their text in their first cell and two-row headers are joined without the merge
ranges). Every sheet is scanned for header rows of the known tracker kinds
(``read/trackers/*.yaml``) wherever they stand; hidden sheets and hidden columns are read
like any other. What cannot be read is a Problem naming the sheet, cell and column header.
"""

from __future__ import annotations

import dataclasses
import io
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from audit_docs.errors import UnreadableFile
from audit_docs.places_in_files import Place
from audit_docs.read.excel import sheet_cells
from audit_docs.read.excel.tracker_cells import is_blank
from audit_docs.read.excel.tracker_sheet import read_sheet
from audit_docs.read.files import (  # EXCEL_SUFFIXES: still importable from here
    EXCEL_SUFFIXES,  # noqa: F401
    check_not_lock_file,
    empty_file,
    read_bytes,
    refuse,
    saved_at,
)
from audit_docs.read.trackerdef import TrackerDefinition, builtin_tracker_definitions
from audit_docs.read.word.package import OLE_MAGIC, sniff_ole
from audit_docs.records import (
    FileFailure,
    Problem,
    TrackerRecord,
    TrackerSheet,
    WorkbookReadResult,
    WorkbookResult,
)
from audit_docs.words import plural

#: the most the parts inside may claim to unpack to: more is a "zip bomb", not a tracker
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
_SAVE_AS_XLSX = "open it in Excel and use File > Save As > Excel Workbook (*.xlsx), then put the .xlsx in the inbox"


def _read_bytes(path: Path) -> tuple[bytes, str]:
    check_not_lock_file(path, app="Excel", what="tracker")
    return read_bytes(path, app="Excel", what="tracker")


def _check_container(source: str, data: bytes) -> None:
    """Say in one sentence why these bytes are not an .xlsx workbook, if they are not."""
    if not data:
        raise refuse(source, empty_file("tracker", "Excel"), "empty")
    if data.startswith(OLE_MAGIC):
        kind = sniff_ole(data)
        if kind == "doc" and "Workbook".encode("utf-16-le") in data:
            kind = "xls"  # a workbook with a Word document embedded in it
        if kind == "encrypted":
            raise refuse(
                source,
                "the workbook is protected with a password, so it cannot be read; open it in "
                "Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
                "Password, clear it), save, and put it in the inbox again.",
                "encrypted",
            )
        if kind == "xls":
            raise refuse(
                source,
                f"this is an old Excel 97-2003 workbook (.xls), which cannot be read directly; "
                f"{_SAVE_AS_XLSX}.",
                "xls",
            )
        if kind == "doc":
            raise refuse(
                source,
                "this is a Word document, not an Excel workbook; put it in the inbox as a form, "
                "or find the tracker it was meant to be.",
                "word-document",
            )
        raise refuse(source, f"this is not an Excel workbook; {_SAVE_AS_XLSX}.", "not-a-workbook")
    if not data.startswith(b"PK"):
        head = data[:512].lstrip().lower()
        if head.startswith((b"<", b"\xef\xbb\xbf<")):
            raise refuse(
                source,
                "this is a web page or XML file with an Excel name, not an .xlsx workbook; "
                f"{_SAVE_AS_XLSX}.",
                "html-or-xml",
            )
        raise refuse(
            source,
            f"this is not an Excel workbook (it may be text, CSV or a damaged copy); {_SAVE_AS_XLSX}.",
            "not-a-workbook",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise refuse(
            source,
            "the workbook is damaged (it may not have been copied completely); copy it again, "
            "or open it in Excel (which may offer to repair it) and save it again.",
            "damaged",
        ) from exc
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            sentence = "this is a Word document with an Excel name, not a workbook; rename it .docx and put it in the inbox as a form."
            reason = "word-document"
        elif "xl/workbook.bin" in names:
            sentence = (
                f"this is an Excel binary workbook (.xlsb), which cannot be read; {_SAVE_AS_XLSX}."
            )
            reason = "xlsb"
        else:
            sentence = f"this is a zip archive but not an Excel workbook; {_SAVE_AS_XLSX}."
            reason = "not-a-workbook"
        raise refuse(source, sentence, reason)
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise refuse(
            source,
            "the workbook claims to unpack to more than 1 GB, far more than any tracker; it is "
            "refused as possibly harmful, check where it came from.",
            "too-large",
        )


Sheet = tuple[str, bool, list[tuple[Any, ...]]]


def _load_sheets(source: str, data: bytes) -> tuple[list[Sheet], list[Problem]]:
    """Every worksheet's rows of values, read once; chart sheets have none and are left out.
    With them, one problem per sheet whose formulas' results were never saved."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it does not keep (data validation, slicers...): the
            # values are read all the same
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            try:
                sheets: list[Sheet] = []
                uncalculated: list[Problem] = []
                budget = sheet_cells.MAX_CELLS
                for ws in wb.worksheets:
                    # the cells there are, never the size the sheet declares
                    read = sheet_cells.read_rows(ws, budget)
                    rows, budget = read.rows, read.budget
                    while rows and all(is_blank(v) for v in rows[-1]):
                        rows.pop()
                    sheets.append((ws.title, ws.sheet_state != "visible", rows))
                    if read.uncalculated:
                        uncalculated.append(_uncalculated(ws.title, read))
            finally:
                wb.close()
    except sheet_cells.BeyondLimit as exc:
        raise refuse(source, str(exc), "beyond-limit") from exc
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise refuse(
            source,
            "the workbook is damaged and cannot be read; open it in Excel (which may offer to "
            "repair it), save it again and put the new copy in the inbox.",
            "damaged",
        ) from exc
    return sheets, uncalculated


def _uncalculated(sheet: str, read: sheet_cells.SheetCells) -> Problem:
    """The cells of a sheet whose formulas were never calculated and saved (a workbook made
    by a program rather than saved in Excel): what Excel would show there is not in the file,
    so those cells read as empty; never guessed."""
    first = read.uncalculated[0]
    column, row = first.rstrip("0123456789"), int(first[len(first.rstrip("0123456789")) :])
    named = ", ".join(read.uncalculated)
    more = read.uncalculated_count - len(read.uncalculated)
    cells = named + (f" and {more:,} more" if more else "")
    n = read.uncalculated_count
    return Problem(
        Place.in_cell(sheet, column, row),
        f"sheet '{sheet}' has {plural(n, 'formula', 'formulas')} whose result was never saved ({cells}): "
        f"the {'value' if n == 1 else 'values'} Excel would show there "
        f"{'is' if n == 1 else 'are'} not in the file, so "
        f"{'that cell is' if n == 1 else 'those cells are'} read as empty",
        "unreadable",
        code="formula_not_calculated",
        label=f"sheet '{sheet}'",
    )


def read_sheets(
    source: str,
    sha256: str,
    sheets: Sequence[Sheet],
    definitions: Sequence[TrackerDefinition] | None = None,
) -> WorkbookReadResult:
    """The records, problems and detected tables of sheets already read into rows; a
    workbook holding no tracker table at all is refused, saying which kinds it looked for."""
    definitions = definitions or builtin_tracker_definitions()
    records: list[TrackerRecord] = []
    problems: list[Problem] = []
    found: list[TrackerSheet] = []
    for name, hidden, rows in sheets:
        reads, sheet_problems = read_sheet(source, name, rows, definitions)
        for r in reads:
            records.extend(r.records)
            problems.extend(r.problems)
        problems.extend(sheet_problems)
        used = sum(1 for row in rows if any(not is_blank(v) for v in row))
        found.append(TrackerSheet(name, hidden, used, tuple(r.table for r in reads)))
    if not any(sheet.tables for sheet in found):
        return _not_a_tracker(source, sha256, problems, definitions)
    return WorkbookResult(source, sha256, tuple(records), tuple(problems), tuple(found))


def _not_a_tracker(
    source: str, sha256: str, notices: Sequence[Problem], definitions: Sequence[TrackerDefinition]
) -> FileFailure:
    """A workbook with no table of any known kind: one sentence, never values to correct."""
    looked = ", ".join(d.title for d in definitions)
    if not notices:
        return FileFailure(
            source,
            sha256,
            f"{source}: the workbook is empty (no sheet holds any value), so there is nothing "
            "to read; save the tracker again from Excel, or take this file out of the inbox.",
            "empty-workbook",
        )
    return FileFailure(
        source,
        sha256,
        f"{source}: not a tracker this tool knows (the kinds it looked for: {looked}): "
        f"{notices[0].message}. If it is a tracker, give its header row the column names "
        "the tracker definition lists; otherwise take it out of the inbox.",
        "not-a-tracker",
    )


def read_workbook(
    path: Path, definitions: Sequence[TrackerDefinition] | None = None
) -> WorkbookReadResult:
    """Read one Excel tracker; whatever is wrong with the file comes back as a FileFailure."""
    path = Path(path)
    sha = None
    try:
        data, sha = _read_bytes(path)
        _check_container(path.name, data)
        sheets, uncalculated = _load_sheets(path.name, data)
    except UnreadableFile as exc:
        return FileFailure(path.name, sha, exc.sentence, exc.reason)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        saved = saved_at(zf)
        strict = _is_strict(zf)
    result = read_sheets(path.name, sha, sheets, definitions)
    if uncalculated and isinstance(result, WorkbookResult):
        result = dataclasses.replace(result, problems=(*uncalculated, *result.problems))
    if strict and isinstance(result, FileFailure) and result.reason == "empty-workbook":
        return FileFailure(
            path.name,
            sha,
            f"{path.name}: this workbook is saved as Strict Open XML, whose values cannot be "
            "read; open it in Excel and use File > Save As > Excel Workbook (*.xlsx), then put "
            "the .xlsx in the inbox.",
            "strict-xml",
        )
    if saved is None or isinstance(result, FileFailure):
        return result  # a workbook that is no tracker has no audit to date
    return dataclasses.replace(result, saved_at=saved)


def _is_strict(zf: zipfile.ZipFile) -> bool:
    """Saved as "Strict Open XML Spreadsheet": openpyxl sees every sheet as empty."""
    try:
        with zf.open("xl/workbook.xml") as part:
            return b"purl.oclc.org/ooxml/spreadsheetml" in part.read(4096)
    except (KeyError, zipfile.BadZipFile):
        return False
