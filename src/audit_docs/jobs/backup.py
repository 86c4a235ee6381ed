"""``audit-docs backup DEST``: the way to copy the store.

The store is a SQLite database in WAL mode: what the latest runs wrote may still be in
``audits.sqlite-wal`` beside it, so copying the store file alone (``cp``, Explorer) can give a
copy missing audits, or a damaged one. This copies it with SQLite's online backup, which is
consistent even while an ingest writes, checks the copy and says what it holds.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from audit_docs.errors import UsageError
from audit_docs.store.backup import copy_store
from audit_docs.store.db import BUSY_TIMEOUT, describe, open_store


def backup(
    store: Path, dest: Path, out: TextIO | None = None, busy_timeout: float = BUSY_TIMEOUT
) -> Path:
    """Copy ``store`` to ``dest`` (a file, or a folder to put a copy of the same name in)."""
    out = out or sys.stdout
    target = dest / store.name if dest.is_dir() else dest
    if not target.parent.is_dir():
        raise UsageError(
            f"The folder {target.parent} does not exist; create it, or give another place to "
            "copy the store to."
        )
    if target.exists() and os.path.samefile(target, store):
        raise UsageError(f"{target} is the store itself; give another place to copy it to.")
    conn = open_store(store, create=False, busy_timeout=busy_timeout)
    try:
        copy_store(conn, target)
    finally:
        conn.close()
    try:
        copy = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
        try:
            check = copy.execute("PRAGMA quick_check(1)").fetchone()[0]
            audits = copy.execute("SELECT count(*) FROM audits").fetchone()[0]
            files = copy.execute("SELECT count(*) FROM live_files").fetchone()[0]
        finally:
            copy.close()
    except sqlite3.Error as exc:
        raise UsageError(describe(exc, target)) from exc
    if check != "ok":
        raise UsageError(f"The copy {target} did not pass SQLite's check ({check}); try again.")
    out.write(
        f"Copied the audit store {store} to {target}: {audits:,} "
        f"audit{'' if audits == 1 else 's'} from {files:,} file{'' if files == 1 else 's'}, "
        "checked whole. Open or move the copy as it is; it needs no other file beside it.\n"
    )
    return target
