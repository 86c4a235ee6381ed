"""The store's check for damage is skipped only for a store no one touched since a writing run.

``store/checked.py``: a warm run (nothing new in the inbox) paid 0.7 s at 100,000 audits to
check a store no one had touched. The check is skipped when the store and its WAL file are
exactly as the last writing run left them and the day's backup is taken; any other write,
damage that keeps the size and modification time, and the day's first writing run check it.
"""

from __future__ import annotations

import io
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from audit_docs.errors import StoreError
from audit_docs.jobs.ingest import ingest
from audit_docs.store import db
from audit_docs.store.backup import backup_folder, backups
from audit_docs.store.checked import NOTE
from tests.builders.wordform import write_copies


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The stores checked for damage, one entry per check."""
    checked: list[Path] = []
    real = db._check_whole

    def counting(conn: sqlite3.Connection, path: Path) -> None:
        checked.append(path)
        real(conn, path)

    monkeypatch.setattr(db, "_check_whole", counting)
    return checked


def _ingest(inbox: Path, store: Path) -> None:
    ingest(inbox, store, out=io.StringIO(), err=io.StringIO())


def _written_twice(tmp_path: Path) -> tuple[Path, Path]:
    """A store created, then written again (which takes the day's backup and notes it)."""
    inbox, store = tmp_path / "inbox", tmp_path / "var" / "audits.sqlite"
    write_copies(inbox, 3)
    _ingest(inbox, store)
    _ingest(inbox, store)
    assert len(backups(store)) == 1
    assert (backup_folder(store) / NOTE).is_file()
    return inbox, store


def test_a_store_untouched_since_the_last_writing_run_is_not_checked_again(
    tmp_path: Path, checks: list[Path]
) -> None:
    inbox, store = _written_twice(tmp_path)
    assert checks == [store, store]  # created, then the day's first writing run
    for _ in range(2):
        _ingest(inbox, store)
    assert checks == [store, store]
    # reading the store (as a report does) leaves it untouched
    db.open_store(store).close()
    _ingest(inbox, store)
    assert checks == [store, store]


def test_a_write_by_another_program_makes_the_next_run_check_the_store(
    tmp_path: Path, checks: list[Path]
) -> None:
    inbox, store = _written_twice(tmp_path)
    other = sqlite3.connect(store, isolation_level=None)
    other.execute("CREATE TABLE notes_by_hand (x)")  # as DB Browser for SQLite might
    other.close()
    _ingest(inbox, store)
    assert checks == [store, store, store]


@pytest.mark.skipif(
    sys.platform == "win32", reason="Windows reports the creation time as the change time"
)
def test_damage_that_keeps_size_and_modification_time_is_still_found(
    tmp_path: Path, checks: list[Path]
) -> None:
    inbox, store = _written_twice(tmp_path)
    info = store.stat()
    data = bytearray(store.read_bytes())
    page = 4096
    middle = len(data) // page // 2
    data[middle * page : (middle + 2) * page] = b"\x55" * (2 * page)
    store.write_bytes(bytes(data))
    os.utime(store, ns=(info.st_atime_ns, info.st_mtime_ns))  # the change time moves on
    assert store.stat().st_size == info.st_size
    with pytest.raises(StoreError, match="is damaged"):
        _ingest(inbox, store)
    assert checks == [store, store, store]


def test_the_first_writing_run_of_a_day_checks_the_store_whatever_the_note(
    tmp_path: Path, checks: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, store = _written_twice(tmp_path)
    monkeypatch.setattr(db, "backup_due", lambda _store: True)  # a new day
    _ingest(inbox, store)
    assert checks == [store, store, store]


def test_a_note_that_is_not_the_stores_own_means_a_check(
    tmp_path: Path, checks: list[Path]
) -> None:
    inbox, store = _written_twice(tmp_path)
    (backup_folder(store) / NOTE).write_bytes(b"\xff\xfe not a note")
    _ingest(inbox, store)
    assert checks == [store, store, store]
