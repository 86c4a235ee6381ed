"""Opening the store: one SQLite file that analysts can also open with any SQLite tool.

WAL lets a report read while an ingest writes, and the busy timeout lets two ingests started
at once take turns instead of failing. Every write happens inside ``transaction`` so a file's
records land whole or not at all, whatever interrupts the run.
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from audit_docs.errors import StoreError
from audit_docs.store.schema import MIGRATIONS, SCHEMA_VERSION

#: how long a writer waits for another one to finish, in seconds
BUSY_TIMEOUT = 60


def open_store(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """The store at ``path``, created or brought up to the current schema as needed."""
    if not path.exists():
        if not create:
            raise StoreError(
                f"There is no audit store at {path} yet; run `audit-docs ingest` first "
                "(or give --store the path of an existing store)."
            )
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        _migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path} cannot be opened as an audit store ({exc}). If it is not an audit "
            "store, give --store another path; if it is, restore it from a backup."
        ) from exc
    return conn


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer audit-docs (schema {version}; this one knows "
            f"{SCHEMA_VERSION}). Update audit-docs to use it."
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        try:
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{MIGRATIONS[number - 1]}\nPRAGMA user_version = {number};\n"
                "COMMIT;"
            )
        except sqlite3.Error:
            if conn.in_transaction:
                conn.rollback()
            # another process may have migrated it meanwhile
            if conn.execute("PRAGMA user_version").fetchone()[0] < number:
                raise


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Everything inside commits together, or not at all.

    BEGIN IMMEDIATE takes the write lock at the start, so two ingests never interleave inside
    one file's changes; the second waits (up to BUSY_TIMEOUT) for the first.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def pseudonym_key(conn: sqlite3.Connection) -> bytes:
    """The secret behind case pseudonyms: made once per store and kept in it, not in code.

    The same store always gives a case the same pseudonym; another store gives another one.
    """
    value = setting(conn, "pseudonym_key")
    if value is None:
        with transaction(conn):
            value = setting(conn, "pseudonym_key")
            if value is None:
                value = secrets.token_hex(32)
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES ('pseudonym_key', ?)", (value,)
                )
    return bytes.fromhex(value)
