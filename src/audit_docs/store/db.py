"""Opening the store: one SQLite file that analysts can also open with any SQLite tool.

WAL lets a report read while an ingest writes, and the busy timeout lets two ingests started
at once take turns instead of failing. Every write happens inside ``transaction`` so a file's
records land whole or not at all, whatever interrupts the run.

A store is never silently replaced: a new one is built under a temporary name and linked
into place (so a 0-byte file is never a store being born, always a damaged one), a store
opened for writing is checked first (``PRAGMA quick_check``; skipped when nothing touched
it since a run that wrote it, see ``checked.py``) and copied to its backups
folder once a day and before a migration, and whatever SQLite reports becomes one sentence
(``describe``) naming the store and what to do.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from audit_docs.errors import StoreError
from audit_docs.store.backup import backup_due, restore_advice, take_backup
from audit_docs.store.checked import unchanged_since_check
from audit_docs.store.leftovers import remove_leftovers
from audit_docs.store.network import store_network
from audit_docs.store.schema import FILLS, MIGRATIONS, SCHEMA_VERSION

#: how long a writer waits for another one to finish, in seconds
BUSY_TIMEOUT = 60.0


def named(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
    """Run ``sql``; its rows are read by column name (``sqlite3.Row``), never by position,
    so a column added to a SELECT cannot shift what every later value means."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params)


def open_store(
    path: Path, *, create: bool = True, writing: bool = False, busy_timeout: float = BUSY_TIMEOUT
) -> sqlite3.Connection:
    """The store at ``path``, created or brought up to the current schema as needed.

    ``writing``: the command will write (ingest): the store is checked for damage first, and
    copied to its backups folder once a day. ``busy_timeout``: how long to wait, in seconds,
    for another writer (the workspace's, for a scheduled job that must not wait).
    """
    if path.is_dir():
        raise StoreError(
            f"{path} is a folder, not an audit store; give --store the path of the store file "
            "(for example var/audits.sqlite)."
        )
    if path.exists() and not path.is_file():
        raise StoreError(
            f"{path} is not an ordinary file (it is a device, pipe or socket), so it is no audit "
            "store; give --store the path of the store file (for example var/audits.sqlite)."
        )
    created = not path.exists()
    if writing or created:
        remove_leftovers(path)
    if created:
        if not create:
            raise StoreError(
                f"There is no audit store at {path} yet; run `audit-docs ingest` first "
                "(or give --store the path of an existing store)."
            )
        _create(path)
    elif path.stat().st_size == 0:
        raise StoreError(
            f"The audit store {path} is empty (0 bytes): it was cut short, perhaps by a full "
            "disk or a copy that did not finish, and audit-docs will not start a new store over "
            f"it (its history and pseudonym key would be lost). {restore_advice(path)} To start "
            "a new store on purpose, delete the empty file."
        )
    # looked at before connecting: the connection itself makes the WAL file
    trusted = writing and unchanged_since_check(path) and not backup_due(path)
    conn = _connect(path, busy_timeout)
    try:
        version = named(conn, "PRAGMA user_version").fetchone()["user_version"]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer audit-docs (schema {version}; this one knows "
                f"{SCHEMA_VERSION}). Update audit-docs to use it."
            )
        if (writing and not trusted) or version < SCHEMA_VERSION:
            _check_whole(conn, path)  # skipped only for a store untouched since (checked.py)
        if version < SCHEMA_VERSION:
            take_backup(conn, path, f"before-schema-{SCHEMA_VERSION}")
            _migrate(conn, version)
        _check_tables(conn, path)
        if writing and not created and backup_due(path):
            take_backup(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(describe(exc, path, busy_timeout)) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _connect(
    path: Path, busy_timeout: float = BUSY_TIMEOUT, store: Path | None = None
) -> sqlite3.Connection:
    """The store at ``path`` (``store``: the name it is being built for) opened as it works
    best where it is: WAL on a local disk, a rollback journal on a network drive."""
    network = store_network(path)
    conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
    try:
        conn.execute(f"PRAGMA journal_mode = {'DELETE' if network else 'WAL'}")
        if network:
            _say_once(store or path, network)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(describe(exc, path, busy_timeout)) from exc
    return conn


@cache
def _say_once(path: Path, network: str) -> None:
    """Once per store and run: the journal mode a network drive needs, and the safer choice."""
    from audit_docs.read.files import shown

    print(
        shown(
            f"audit-docs: the audit store {path} is on {network}, where SQLite's WAL mode does "
            "not work, so it is used with a rollback journal instead: let one audit-docs at a "
            "time use it. A store on this computer's own disk is safer and faster; copy it "
            "there with `audit-docs backup DEST` and give that path with --store."
        ),
        file=sys.stderr,
    )


def _create(path: Path) -> None:
    """A new store, built under a temporary name and linked into place whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f".{path.name}.new-{os.getpid()}")
    try:
        conn = _connect(building, store=path)
        try:
            _migrate(conn, 0)
        except sqlite3.Error as exc:
            raise StoreError(describe(exc, path)) from exc
        finally:
            conn.close()
        with contextlib.suppress(FileExistsError):  # another run made it a moment ago
            os.link(building, path)
    finally:
        for leftover in (building, building.with_name(building.name + "-wal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        with contextlib.suppress(OSError):
            building.with_name(building.name + "-shm").unlink()


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    for number in range(version + 1, SCHEMA_VERSION + 1):
        script = MIGRATIONS[number - 1]
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{script}\n")
            if fill := FILLS.get(script):
                fill(conn)
            # execute, not executescript: that would commit what is open first
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.rollback()
            # another process may have migrated it meanwhile
            if named(conn, "PRAGMA user_version").fetchone()["user_version"] < number:
                raise


def _check_whole(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse to write into a damaged store: writing would bury the damage under new data."""
    rows = [r["quick_check"] for r in named(conn, "PRAGMA quick_check(3)")]
    if rows != ["ok"]:
        lines = [line.strip() for row in rows for line in row.splitlines()]
        first = next((line for line in lines if line and not line.startswith("*")), "")
        raise StoreError(_damaged(path, f"SQLite's check reports: {first}"))


@cache
def _expected_columns() -> dict[str, frozenset[str]]:
    """Each table the migrations make, with its columns (from a scratch copy in memory)."""
    scratch = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS:
            scratch.executescript(script)
        return _columns(scratch)
    finally:
        scratch.close()


def _columns(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    tables = [
        r["name"]
        for r in named(
            conn,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
    ]
    return {
        t: frozenset(r["name"] for r in named(conn, f'PRAGMA table_info("{t}")')) for t in tables
    }


def _check_tables(conn: sqlite3.Connection, path: Path) -> None:
    """The schema version says which tables there are; say so when the tables disagree."""
    found = _columns(conn)
    missing = []
    for table, columns in sorted(_expected_columns().items()):
        if table not in found:
            missing.append(f"table {table}")
        else:
            missing += [f"column {table}.{c}" for c in sorted(columns - found[table])]
    if missing:
        version = named(conn, "PRAGMA user_version").fetchone()["user_version"]
        raise StoreError(
            f"The audit store {path} says it has schema version {version}, but its tables say "
            f"otherwise: {', '.join(missing)} missing (changed by another tool?). "
            f"{restore_advice(path)}"
        )


def _damaged(path: Path, detail: str) -> str:
    return (
        f"The audit store {path} is damaged ({detail}), so audit-docs will not read or write "
        f"it. {restore_advice(path)}"
    )


def describe(exc: sqlite3.Error, path: Path, busy_timeout: float = BUSY_TIMEOUT) -> str:
    """One sentence for what SQLite reported about the store: what is wrong, what to do."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in text:
        return (
            f"The audit store {path} is locked: another audit-docs, or a tool such as DB "
            f"Browser for SQLite, has had it open for writing for over {busy_timeout:g} "
            "seconds. Close it (or wait for the other run to finish) and run the command again."
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return (
            f"The audit store {path} is read-only for you: audit-docs cannot write to it, or to "
            f"its folder {path.parent}, where SQLite keeps its journal. Ask IT for write access, "
            "or copy the store to a folder you can write in and give that path with --store."
        )
    if name.startswith("SQLITE_NOTADB") or "not a database" in text:
        return (
            f"{path} cannot be opened as an audit store (it is not an SQLite database, or its "
            "first page is damaged). If it is not the store, give --store another path; if it "
            f"is, {_lower_first(restore_advice(path))}"
        )
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return _damaged(path, text)
    if name.startswith("SQLITE_FULL") or "full" in text:
        return (
            f"The disk holding the audit store {path} is full; free some space and run the "
            "command again (every file finished before is kept)."
        )
    if name.startswith("SQLITE_CANTOPEN"):
        return (
            f"The audit store {path} cannot be opened: check that its folder exists and that "
            "you may read and write in it (SQLite keeps its journal beside the store)."
        )
    if "no such table" in text or "no such column" in text:
        return (
            f"The audit store {path} is missing part of its schema ({text}); it was changed by "
            f"another tool. {restore_advice(path)}"
        )
    if name.startswith("SQLITE_IOERR"):
        return (
            f"The audit store {path} could not be read or written (a disk or network drive "
            "error); check the drive and run the command again."
        )
    return (
        f"The audit store {path} could not be used ({text}); run the command again, and if it "
        f"keeps happening, {_lower_first(restore_advice(path))}"
    )


def _lower_first(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Everything inside commits together, or not at all.

    BEGIN IMMEDIATE takes the write lock at the start, so two ingests never interleave inside
    one file's changes; the second waits (up to the busy timeout) for the first.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = named(conn, "SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row["value"] if row else None


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
