"""Whether the store's check for damage can be trusted from the last run, or must run again.

A store opened for writing is checked first (``PRAGMA quick_check`` in ``store/db.py``): a
write into a damaged store would bury the damage under new data, and a report would be
published from it. The check reads every page, 0.7 s for a store of 100,000 audits, and a
warm run (nothing new in the inbox) paid it every time for a file no one had touched.

So a writing run that ends normally notes, in the store's backups folder, the store file and
its WAL file as it left them: identity, size, modification and change times. The next
writing run skips the check only when both are exactly as noted, that is, nothing wrote to
the store since a run that found it whole (or, in turn, trusted such a run) and then wrote
to it only through SQLite. Anything else checks it again:

- any write by anything (audit-docs, another SQLite tool, a copy over the file, a disk
  filling up) changes the size, modification time or change time, and the change time cannot
  be set back (``os.utime`` sets the modification time, and moves the change time to now);
- the first writing run of each day checks it whatever the note says (when the daily backup
  is taken, so a backup is never a copy of a store found damaged), so damage that changes
  nothing the file system shows (a failing disk) is found within a day, where SQLite has not
  already refused the damaged pages on reading them;
- on Windows the "change time" Python reports is the file's creation time, so there a write
  shows by the size and modification time only: a program that wrote the store and then set
  its modification time back (which no ordinary tool does) would go unseen until the day's
  first writing run;
- a store whose modification time is a whole number of seconds is never noted: a file system
  that keeps times to the second or two (FAT, HFS+) would not show a second write within the
  same second, so such a store is checked on every writing run, as before.

The note is a convenience: a missing, unreadable or foreign note means the check runs.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from audit_docs.store.backup import backup_folder

#: the note's name, in the backups folder (the backups are the folder's .sqlite files)
NOTE = "unchanged-since-check"
_SECOND_NS = 1_000_000_000


def _state(store: Path) -> str | None:
    """The store's and its WAL file's identity, size and times, as one line; None when the
    store cannot be looked at."""
    parts = []
    for path in (store, store.with_name(store.name + "-wal")):
        try:
            info = path.stat()
        except FileNotFoundError:
            parts.append("absent")
            continue
        except OSError:
            return None
        parts.append(
            f"{info.st_dev} {info.st_ino} {info.st_size} {info.st_mtime_ns} {info.st_ctime_ns}"
        )
    return "; ".join(parts)


def unchanged_since_check(store: Path) -> bool:
    """Whether the store and its WAL file are exactly as the last writing run left them."""
    state = _state(store)
    if state is None:
        return False
    try:
        noted = (backup_folder(store) / NOTE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return noted == state


def note_unchanged(store: Path) -> None:
    """After a writing run that found the store whole (or trusted the note), note the store
    as the run left it. A store whose modification time is in whole seconds (a coarse clock)
    is not noted, and the note of an earlier run goes: it no longer describes the file."""
    folder = backup_folder(store)
    if not folder.is_dir():
        return  # no backup yet (a new store): the next run takes one, and checks first
    note = folder / NOTE
    state = _state(store)
    try:
        coarse = store.stat().st_mtime_ns % _SECOND_NS == 0
    except OSError:
        coarse = True
    with contextlib.suppress(OSError):
        if state is None or coarse:
            note.unlink(missing_ok=True)
            return
        partial = note.with_name(f".{NOTE}.{os.getpid()}")
        partial.write_text(state, encoding="utf-8")
        os.replace(partial, note)
