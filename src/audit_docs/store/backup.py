"""Copies of the store beside it, so that a damaged or emptied store costs a day at most.

Before a migration, and on the first writing run of each day, the store is copied with
SQLite's online backup API (a consistent copy even while another run reads it) into a
folder beside it: ``var/audits.sqlite`` → ``var/audits.sqlite.backups/``, so the demo's
store and the real one never share backups. The last ``KEEP`` copies are kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

#: how many copies are kept
KEEP = 7


def backup_folder(store: Path) -> Path:
    return store.with_name(store.name + ".backups")


def backups(store: Path) -> list[Path]:
    """The copies of ``store``, oldest first (their names start with the UTC time taken)."""
    folder = backup_folder(store)
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".sqlite" and p.is_file())
    except OSError:
        return []


def latest_backup(store: Path) -> Path | None:
    found = backups(store)
    return found[-1] if found else None


def backup_due(store: Path, today: dt.date | None = None) -> bool:
    """Whether no copy was taken today (UTC)."""
    latest = latest_backup(store)
    day = (today or dt.datetime.now(dt.UTC).date()).strftime("%Y%m%d")
    return latest is None or not latest.name.startswith(day)


def copy_store(conn: sqlite3.Connection, target: Path) -> Path:
    """A copy of the open store at ``target``, whole and consistent whatever runs meanwhile.

    SQLite's online backup copies the store as one transaction sees it, the changes still in
    its WAL file included; a plain ``cp`` of the store file alone misses those (a copy taken
    during an ingest held 32 of 300 audits). Written under a temporary name, then renamed.
    """
    partial = target.with_name(f".{target.name}.partial")
    try:
        copy = sqlite3.connect(partial)
        try:
            conn.backup(copy)
        finally:
            copy.close()
        os.replace(partial, target)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    return target


def take_backup(conn: sqlite3.Connection, store: Path, note: str = "") -> Path:
    """Copy the open store into its backups folder; keep the newest ``KEEP`` copies."""
    folder = backup_folder(store)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = copy_store(conn, folder / f"{stamp}{'-' + note if note else ''}.sqlite")
    for old in backups(store)[:-KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def restore_advice(store: Path) -> str:
    """The sentence that says how to get a good store back."""
    latest = latest_backup(store)
    if latest is None:
        return (
            f"There is no backup in {backup_folder(store)}; restore {store.name} from your "
            "drive's own backups, or ask IT."
        )
    return (
        f"Restore the latest backup: move {store} aside, copy {latest} in its place, and run "
        "the command again (files read since that backup are read again)."
    )
