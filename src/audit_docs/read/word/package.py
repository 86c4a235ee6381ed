"""Opening a Word file safely, and saying in one sentence why one cannot be opened.

Forms arrive from many hands: empty files, half-copied files, Word's own lock files, old
.doc files, workbooks renamed .docx, password-protected documents and, now and then,
something hostile. Nothing here trusts a size the file declares: every part is read in
bounded chunks, so a compressed "bomb" is refused within a fraction of a second.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

from audit_docs.errors import UnreadableFile
from audit_docs.read.files import check_not_lock_file, empty_file, read_bytes, refuse, saved_at

__all__ = [
    "OLE_MAGIC",
    "WordPackage",
    "check_not_lock_file",
    "open_docx_bytes",
    "read_bytes",
    "sniff_ole",
]

#: the largest document.xml we will read (real forms are ~200 KB)
MAX_PART_BYTES = 32 * 1024 * 1024
_CHUNK = 1 << 20

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAVE_AS_DOCX = "open it in Word and use File > Save As > Word Document (*.docx), then put the .docx in the inbox"


@dataclass(frozen=True)
class WordPackage:
    """The parts of a .docx that the form reader needs, read once."""

    source: str
    sha256: str
    document_xml: bytes
    #: when Word last saved it (docProps/core.xml), UTC ISO 8601
    saved_at: str | None = None


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def sniff_ole(data: bytes) -> str:
    """What an OLE compound file (the pre-2007 container) holds: encrypted, doc, xls or other."""
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        return "encrypted"
    if _utf16("WordDocument") in data:
        return "doc"
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "xls"
    return "other"


def _not_a_zip(source: str, data: bytes) -> UnreadableFile:
    head = data[:1024].lstrip()
    if not data:
        return refuse(source, empty_file("form", "Word"), "empty")
    if data.startswith(OLE_MAGIC):
        kind = sniff_ole(data)
        if kind == "encrypted":
            return refuse(
                source,
                "the document is protected with a password, so it cannot be read; open it in "
                "Word, remove the password (File > Info > Protect Document > Encrypt with "
                "Password, clear it), save, and put it in the inbox again.",
                "encrypted",
            )
        if kind == "doc":
            return refuse(
                source,
                f"this is an old Word 97-2003 document saved with a .docx name; {_SAVE_AS_DOCX}.",
                "doc-renamed",
            )
        if kind == "xls":
            return refuse(
                source,
                "this is an old Excel 97-2003 workbook, not a Word form; open it in Excel and "
                "save it as .xlsx if it is a tracker.",
                "xls",
            )
    if head.startswith(b"{\\rtf"):
        return refuse(
            source, f"this is a Rich Text (.rtf) file, not a .docx; {_SAVE_AS_DOCX}.", "rtf"
        )
    if head.startswith(b"%PDF"):
        return refuse(
            source,
            "this is a PDF, which keeps no form values; send the original Word document instead.",
            "pdf",
        )
    if head.startswith(b"<?xml") or head.startswith(b"<"):
        return refuse(
            source, f"this is a Word XML or web page file, not a .docx; {_SAVE_AS_DOCX}.", "xml"
        )
    if data.startswith(b"PK"):
        return refuse(
            source,
            "the file is damaged or was only partly copied (its zip structure is broken); "
            "copy it again from where it was saved, or save it again from Word.",
            "corrupt-zip",
        )
    return refuse(
        source,
        "this is not a Word document (its contents are not a .docx); check it is the audit form.",
        "not-docx",
    )


def read_part(
    source: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int = MAX_PART_BYTES
) -> bytes:
    """Read one part in bounded chunks; declared and actual sizes are both checked."""
    bomb = refuse(
        source,
        f"the part {info.filename} would unpack to more than {limit // (1024 * 1024)} MB, "
        "far more than any Word document of its kind; the file is damaged or unsafe and was "
        "not read.",
        "too-large",
    )
    if info.file_size > limit:
        raise bomb
    out = io.BytesIO()
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                out.write(chunk)
                if out.tell() > limit:
                    raise bomb
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise refuse(
            source,
            "the file is damaged or was only partly copied (a part of it cannot be unpacked); "
            "copy it again, or save it again from Word.",
            "corrupt-zip",
        ) from exc
    except RuntimeError as exc:  # zipfile's "encrypted, password required"
        raise refuse(
            source,
            "the file is protected with a password, so it cannot be read; remove the password "
            "in Word and save it again.",
            "encrypted",
        ) from exc
    return out.getvalue()


_TARGET = re.compile(
    rb'Type="[^"]*/officeDocument"[^>]*?Target="([^"]+)"|Target="([^"]+)"[^>]*?Type="[^"]*/officeDocument"'
)


def _main_part_name(source: str, zf: zipfile.ZipFile, names: set[str]) -> str:
    if "_rels/.rels" in names:
        rels = read_part(source, zf, zf.getinfo("_rels/.rels"))
        if m := _TARGET.search(rels):
            target = (m.group(1) or m.group(2)).decode("utf-8", "replace").lstrip("/")
            target = posixpath.normpath(target)
            if target in names:
                return target
    return "word/document.xml"


def open_docx_bytes(source: str, data: bytes, sha256: str) -> WordPackage:
    """The main document part of a .docx given as bytes, or UnreadableFile saying why not."""
    if not data.startswith(b"PK\x03\x04"):
        raise _not_a_zip(source, data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise _not_a_zip(source, data) from exc
    names = {i.filename for i in infos}
    if "xl/workbook.xml" in names:
        raise refuse(
            source,
            "this is an Excel workbook with a .docx name; rename it to .xlsx (trackers are read "
            "as .xlsx) or put the right Word form in the inbox.",
            "excel-renamed",
        )
    if "ppt/presentation.xml" in names:
        raise refuse(
            source, "this is a PowerPoint file with a .docx name, not a Word form.", "pptx"
        )
    if any(i.flag_bits & 0x1 for i in infos):
        raise refuse(
            source,
            "the file is protected with a password, so it cannot be read; remove the password "
            "in Word and save it again.",
            "encrypted",
        )
    main = _main_part_name(source, zf, names)
    if main not in names:
        raise refuse(
            source,
            "this zip file holds no Word document (no word/document.xml); check it is the form.",
            "not-docx",
        )
    xml = read_part(source, zf, zf.getinfo(main))
    return WordPackage(source=source, sha256=sha256, document_xml=xml, saved_at=saved_at(zf))
