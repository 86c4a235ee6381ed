"""Reading a user's file from disk: one sentence for every way that can fail.

Shared by the Word and Excel readers; ``app`` and ``what`` put the user's own words in the
sentences ("close the workbook in Excel", "far larger than any audit form").
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import re
import zipfile
from pathlib import Path

from audit_docs.errors import UnreadableFile

#: the largest file we will open at all (forms with photos, big trackers: a few MB)
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Excel trackers; here rather than in ``workbook`` so that choosing a reader does not
#: import openpyxl (a batch of Word forms never needs it)
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")


def refuse(source: str, sentence: str, reason: str) -> UnreadableFile:
    return UnreadableFile(source, f"{source}: {sentence}", reason)


def check_not_lock_file(path: Path, app: str = "Word", what: str = "audit form") -> None:
    if path.name.startswith("~$"):
        doc = "workbook" if app == "Excel" else "document"
        raise refuse(
            path.name,
            f"this is a temporary lock file that {app} makes while a {doc} is open, not "
            f"{'an' if what[0] in 'aeiou' else 'a'} {what}; close the {doc} in {app} (the lock "
            "file then disappears) or delete it.",
            "lock-file",
        )


def read_bytes(path: Path, app: str = "Word", what: str = "audit form") -> tuple[bytes, str]:
    """The file's bytes and their SHA-256, refusing files too large to be a ``what``."""
    source = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise refuse(
                source,
                f"the file is {size // (1024 * 1024)} MB, far larger than any {what}; "
                "check it is the right file.",
                "too-large",
            )
        data = path.read_bytes()
    except PermissionError as exc:
        raise refuse(
            source,
            f"the file cannot be opened because access is denied; close it in {app} or ask IT "
            "to give you permission to read it.",
            "permission",
        ) from exc
    except IsADirectoryError as exc:
        raise refuse(source, "this is a folder, not a file.", "not-a-file") from exc
    except FileNotFoundError as exc:
        raise refuse(source, "there is no such file; check the path.", "not-found") from exc
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise refuse(
                source,
                f"its path is longer than the system allows ({len(str(path))} characters), so "
                "it cannot be read; move it to a folder nearer the top of the inbox, or "
                "shorten the folder names.",
                "path-too-long",
            ) from exc
        raise refuse(
            source, f"the file cannot be read ({exc.strerror}); copy it again.", "os-error"
        ) from exc
    return data, hashlib.sha256(data).hexdigest()


_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>\s*([^<]+?)\s*</dcterms:modified>")
#: the most of docProps/core.xml read for the save time (Office writes under 2 KB)
_CORE_BYTES = 64 * 1024


def saved_at(zf: zipfile.ZipFile) -> str | None:
    """When Word or Excel last saved the document (UTC, ISO 8601), from ``docProps/core.xml``.

    Copying a file resets its modification time; this time travels inside the file, so it
    says which of two copies of an audit was saved last. None when absent or not a time.
    """
    try:
        with zf.open("docProps/core.xml") as fh:
            core = fh.read(_CORE_BYTES)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return None
    found = _MODIFIED.search(core)
    if found is None:
        return None
    try:
        when = dt.datetime.fromisoformat(found.group(1).decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def inbox_name(path: Path, inbox: Path) -> str:
    """The name a file is stored and listed by: its path inside the inbox, always valid UTF-8.

    Shares written by older Windows tools hold names that are not valid UTF-8 (``café`` saved
    as Latin-1). Python keeps such bytes as surrogates, which SQLite and printing refuse; each
    undecodable byte is written as ``\\xNN`` instead, and ``name_to_path`` turns it back, so a
    user can type the name as ``files`` lists it.
    """
    return printable(path.relative_to(inbox).as_posix())


def printable(text: str) -> str:
    """``text`` with each byte that was not valid UTF-8 in a file name written as ``\\xNN``."""
    return "".join(
        f"\\x{ord(ch) - 0xDC00:02x}" if 0xDC80 <= ord(ch) <= 0xDCFF else ch for ch in text
    )


def name_to_path(name: str, inbox: Path) -> Path:
    """The file an ``inbox_name`` stands for (``\\xNN`` back to the byte it escapes)."""
    raw = re.sub(r"\\x([89a-fA-F][0-9a-fA-F])", lambda m: chr(0xDC00 + int(m.group(1), 16)), name)
    return inbox / raw
