"""Files in hand, and files that stopped the reader: one file never stops every run.

A file the reader cannot survive (a workbook that needs more memory than the machine allows,
a crash in a library) ends the process reading it, with no sentence and nothing stored; left
alone, every later run would read it first and die the same way. So before a file is read
in the run's own process its row is written here, and it is removed in the transaction that
stores the result. A row whose run is gone (its process no longer running, or older than
``STALE_AFTER``) names the file that stopped that run: the next runs list it with a sentence
and skip it until its size or modification time changes (new bytes are a new file anyway).
A worker process of the pool that dies is found by the pool itself
(``jobs/read_forms.py``) and recorded here the same way.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from audit_docs.pids import running, this_host
from audit_docs.store.db import named
from audit_docs.store.write import now

#: A row older than this is a stop whatever its process id says (the id may have been given
#: to another process since): one hour, far longer than any one file takes to read (a Word
#: form takes well under a second, the largest workbook the limits allow about 25 s, a
#: LibreOffice conversion is stopped after a few minutes at most).
STALE_AFTER = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Stop:
    """A file whose reading stopped a run: its bytes, and its size and time then."""

    sha256: str
    path: str
    size: int
    mtime_ns: int


def begin(conn: sqlite3.Connection, sha256: str, path: str, size: int, mtime_ns: int) -> None:
    """This run is about to read the file (call inside a transaction)."""
    conn.execute(
        "INSERT OR REPLACE INTO reading (sha256, path, size, mtime_ns, pid, host, started_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (sha256, path, size, mtime_ns, os.getpid(), this_host(), now()),
    )


def done(conn: sqlite3.Connection, sha256: str) -> None:
    """The file's result is stored, or the run was asked to stop while reading it."""
    conn.execute("DELETE FROM reading WHERE sha256 = ? AND stopped_at IS NULL", (sha256,))


def stopped_reader(
    conn: sqlite3.Connection, sha256: str, path: str, size: int, mtime_ns: int
) -> None:
    """The file stopped a reader this run (a worker process died reading it alone)."""
    conn.execute(
        "INSERT OR REPLACE INTO reading "
        "(sha256, path, size, mtime_ns, pid, host, started_at, stopped_at) "
        "VALUES (?, ?, ?, ?, 0, ?, ?, ?)",
        (sha256, path, size, mtime_ns, this_host(), now(), now()),
    )


def stops(conn: sqlite3.Connection) -> dict[str, Stop]:
    """Every file that stopped a reader, by its bytes; rows of runs that are gone become
    stops first (call inside a transaction)."""
    limit = (dt.datetime.now(dt.UTC) - STALE_AFTER).replace(microsecond=0).isoformat()
    host = this_host()
    for row in named(
        conn, "SELECT sha256, pid, host, started_at FROM reading WHERE stopped_at IS NULL"
    ).fetchall():
        if row["started_at"] < limit or (row["host"] == host and not running(row["pid"])):
            conn.execute(
                "UPDATE reading SET stopped_at = ? WHERE sha256 = ?", (now(), row["sha256"])
            )
    return {
        row["sha256"]: Stop(row["sha256"], row["path"], row["size"], row["mtime_ns"])
        for row in named(
            conn, "SELECT sha256, path, size, mtime_ns FROM reading WHERE stopped_at IS NOT NULL"
        )
    }


def retry(conn: sqlite3.Connection, sha256: str) -> None:
    """The file changed since it stopped a reader: read it again."""
    conn.execute("DELETE FROM reading WHERE sha256 = ?", (sha256,))


def keep_only(conn: sqlite3.Connection, present: Iterable[str]) -> None:
    """Forget the stops of files no longer in the inbox."""
    keep = set(present)
    gone = [
        (row["sha256"],)
        for row in named(conn, "SELECT sha256 FROM reading WHERE stopped_at IS NOT NULL")
        if row["sha256"] not in keep
    ]
    conn.executemany("DELETE FROM reading WHERE sha256 = ?", gone)
