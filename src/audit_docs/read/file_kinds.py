"""What a file in the inbox was taken for, and the sentence for the files that are never read.

QA officers keep more than forms and trackers in a shared folder: PDF prints of forms, CSV
exports of the audit log, notes, scans. None of them can give audit values, but each is
named in the ingest summary with what to put in the inbox instead, so that a form printed
to PDF is not mistaken for a form that was read.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Literal

from audit_docs.read.files import EXCEL_SUFFIXES

FileKind = Literal["form", "tracker", "other"]
#: what ``audit-docs files`` calls a file, by what it is: a form or tracker that was read, a
#: Word document or Excel workbook that was not (a letter, another form, a damaged file, a
#: workbook with no tracker), or anything else (docs/contracts/files-json.md)
ShownKind = Literal["form", "tracker", "document", "workbook", "other"]

#: Word documents read as forms; .odt is converted with LibreOffice, like .doc
FORM_SUFFIXES = (".docx", ".docm", ".doc", ".dotx", ".odt")
#: Excel workbooks read as trackers; an old .xls gets the sentence saying how to save it
TRACKER_SUFFIXES = (*EXCEL_SUFFIXES, ".xls")
#: a Word or Excel file that cannot be read is a failure (exit status 1); anything else that
#: is not read (an .odt with no LibreOffice to convert it, a PDF, a note) is only listed
FAILING_SUFFIXES = (".docx", ".docm", ".doc", ".dotx", *TRACKER_SUFFIXES)

_DOCX = "put the Word form (.docx) in the inbox instead"
_XLSX = "put the Excel workbook (.xlsx) in the inbox instead"
_NOT_READ: dict[str, tuple[str, str]] = {
    ".pdf": ("pdf", f"this is a PDF, and a PDF print of a form cannot be read; {_DOCX}."),
    ".csv": ("csv", f"this is a CSV file, which loses the tracker's layout; {_XLSX}."),
    ".tsv": (
        "csv",
        f"this is a tab-separated text file, which loses the tracker's layout; {_XLSX}.",
    ),
    ".ods": (
        "ods",
        "this is an OpenDocument spreadsheet (.ods); open it in LibreOffice or Excel, save it as "
        "Excel Workbook (.xlsx) and put the .xlsx in the inbox.",
    ),
    ".rtf": (
        "rtf",
        "this is a Rich Text (.rtf) file; open it in Word, save it as Word Document (.docx) and "
        "put the .docx in the inbox.",
    ),
}
_TEXT = (".txt", ".text", ".md", ".log")
_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".webp")


def kind_of(name: str) -> FileKind:
    suffix = PurePath(name).suffix.lower()
    if suffix in FORM_SUFFIXES:
        return "form"
    if suffix in TRACKER_SUFFIXES:
        return "tracker"
    return "other"


def shown_kind(name: str, kind: str, status: str) -> ShownKind:
    """The kind ``files`` shows for a file taken for ``kind`` whose status is ``status``:
    a Word or Excel file that could not be read as a form or tracker is a document or a
    workbook, never a form or tracker."""
    if status not in ("refused", "unreadable") and kind in ("form", "tracker"):
        return _READ[kind]
    return _NOT_READ_AS[kind_of(name)]


#: a file read as a form or tracker is one; one that was not is a document, a workbook, other
_READ: dict[str, ShownKind] = {"form": "form", "tracker": "tracker"}
_NOT_READ_AS: dict[FileKind, ShownKind] = {
    "form": "document",
    "tracker": "workbook",
    "other": "other",
}


def is_failure(name: str) -> bool:
    """Whether not reading this file means a Word or Excel file was lost (exit status 1)."""
    return PurePath(name).suffix.lower() in FAILING_SUFFIXES


def not_read(name: str, head: bytes) -> tuple[str, str]:
    """(reason code, sentence) for a file that is neither a form nor a tracker.

    ``head`` is the file's first bytes: a PDF saved without its extension is still a PDF.
    """
    suffix = PurePath(name).suffix.lower()
    if head.startswith(b"%PDF"):
        suffix = ".pdf"
    if suffix in _NOT_READ:
        return _NOT_READ[suffix]
    if suffix in _TEXT:
        return (
            "text",
            "this is a text note, not a form or tracker, so it was not read (it may stay in the "
            "inbox).",
        )
    if suffix in _IMAGES:
        return (
            "image",
            f"this is a picture, and a scan or photo of a form cannot be read; {_DOCX}.",
        )
    what = f"a {suffix} file" if suffix else "a file with no extension"
    return (
        "other",
        f"this is {what}, not a Word form (.docx) or an Excel tracker (.xlsx), so it was not read.",
    )
