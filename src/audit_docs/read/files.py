"""Reading a user's file from disk: one sentence for every way that can fail.

Shared by the Word and Excel readers; ``app`` and ``what`` put the user's own words in the
sentences ("close the workbook in Excel", "far larger than any audit form").
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import os
import re
import stat
import zipfile
from pathlib import Path

from audit_docs.errors import UnreadableFile

#: the largest file we will open at all (forms with photos, big trackers: a few MB)
MAX_FILE_BYTES = 200 * 1024 * 1024
#: the sentence for a pipe, device or socket where a file was expected
NOT_A_FILE = "this is not an ordinary file (a device or pipe); it was not read."
#: Excel trackers; here rather than in ``workbook`` so that choosing a reader does not
#: import openpyxl (a batch of Word forms never needs it)
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")


class NotAFile(OSError):
    """A path that is no ordinary file (a pipe, a device, a socket): never read."""


def open_regular(path: Path) -> io.BufferedReader:
    """The file at ``path`` open for reading, only if it is an ordinary file.

    Callers look first (``stat``) and open only ordinary files; the file is opened without
    waiting (``O_NONBLOCK`` where the platform has it) and looked at again once open, so a
    pipe put in its place meanwhile raises NotAFile instead of hanging the run.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotAFile(errno.EINVAL, "not an ordinary file", str(path))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def empty_file(what: str, app: str) -> str:
    """The sentence for a file of 0 bytes: ``what`` it should be, saved from ``app``."""
    return (
        "the file is empty (0 bytes), so it was probably not saved or copied properly; "
        f"save the {what} again from {app} and replace this copy."
    )


def too_large(size: int, what: str) -> str:
    """The sentence for a file refused by its size alone, before any of it is read."""
    return (
        f"the file is {size // (1024 * 1024):,} MB, far larger than any {what} "
        f"({MAX_FILE_BYTES // (1024 * 1024)} MB at most), so it was not read; check it is the "
        "right file."
    )


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
            raise refuse(source, too_large(size, what), "too-large")
        with open_regular(path) as fh:
            # never more than the size it had when opened (and checked): it may be growing
            data = fh.read(os.fstat(fh.fileno()).st_size)
        if len(data) > MAX_FILE_BYTES:
            raise refuse(source, too_large(len(data), what), "too-large")
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
    except NotAFile as exc:
        raise refuse(source, NOT_A_FILE, "not-a-file") from exc
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


#: characters that move the cursor or start a new line when printed: C0 and C1 controls
#: (newline, carriage return, escape, ...), DEL, the Unicode line and paragraph separators and
#: the bidirectional overrides (which show a name backwards)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(found: re.Match[str]) -> str:
    ch = found.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x80 else f"\\u{ord(ch):04x}")


def shown(text: str) -> str:
    """``text`` as printed for people: ``printable``, and every control character written as
    an escape (``\\n``, ``\\r``, ``\\x1b``, ``\\u202e``), so that a file name can neither
    start a line of output that looks like another, nor drive the terminal.

    C1 controls are written ``\\u0085``, never ``\\x85``, which stands for an undecodable
    byte (``name_to_path``). JSON output escapes for itself and keeps names as they are.
    """
    return _CONTROL.sub(_escaped, printable(text))


def name_to_path(name: str, inbox: Path) -> Path:
    """The file an ``inbox_name`` stands for (``\\xNN`` back to the byte it escapes)."""
    raw = re.sub(r"\\x([89a-fA-F][0-9a-fA-F])", lambda m: chr(0xDC00 + int(m.group(1), 16)), name)
    return inbox / raw
