"""Faults of the store: each ends in one sentence naming the store and the next step, exit 2."""

from __future__ import annotations

import hashlib
import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from audit_docs.cli import main
from audit_docs.jobs.ingest import ingest
from audit_docs.store.backup import KEEP, backup_folder, backups, take_backup
from audit_docs.store.db import open_store
from audit_docs.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.builders.wordform import write_copies
from tests.unprivileged import as_ordinary_user, reachable


def _stored_twice(tmp_path: Path) -> tuple[Path, Path]:
    """An inbox and a store that has been written on two runs (so a backup exists)."""
    inbox, store = tmp_path / "inbox", tmp_path / "var" / "s.sqlite"
    write_copies(inbox, 2)
    ingest(inbox, store, out=io.StringIO(), err=io.StringIO())
    write_copies(inbox, 1, prefix="MORE")
    ingest(inbox, store, out=io.StringIO(), err=io.StringIO())
    write_copies(inbox, 1, prefix="NEW")
    return inbox, store


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    err = capsys.readouterr().err
    return code, err


def _one_sentence(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("audit-docs: ")
    return lines[0]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def holding_the_write_lock(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    inbox, store = _stored_twice(tmp_path)
    other = sqlite3.connect(store, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # as DB Browser does while it has unsaved changes
    try:
        yield inbox, store
    finally:
        other.rollback()
        other.close()


def test_a_store_locked_by_another_program_is_a_sentence(
    holding_the_write_lock: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inbox, store = holding_the_write_lock
    monkeypatch.setenv("AUDIT_DOCS_BUSY_TIMEOUT", "0.2")
    code, err = _run(capsys, "ingest", "--inbox", str(inbox), "--store", str(store))
    assert code == 2
    assert _one_sentence(err) == (
        f"audit-docs: The audit store {store} is locked: another audit-docs, or a tool such as "
        "DB Browser for SQLite, has had it open for writing for over 0.2 seconds. Close it (or "
        "wait for the other run to finish) and run the command again."
    )


def _damage(store: Path) -> None:
    """Overwrite pages in the middle of the file, as a failing disk or a bad copy does."""
    data = bytearray(store.read_bytes())
    page = 4096
    middle = len(data) // page // 2
    data[middle * page : (middle + 3) * page] = b"\x55" * (3 * page)
    store.write_bytes(bytes(data))


def test_a_damaged_store_is_never_written_and_the_sentence_names_the_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, store = _stored_twice(tmp_path)
    (latest,) = backups(store)
    _damage(store)
    before = _digest(store)
    code, err = _run(capsys, "ingest", "--inbox", str(inbox), "--store", str(store))
    assert code == 2
    sentence = _one_sentence(err)
    assert sentence.startswith(f"audit-docs: The audit store {store} is damaged (")
    assert sentence.endswith(
        f"so audit-docs will not read or write it. Restore the latest backup: move {store} "
        f"aside, copy {latest} in its place, and run the command again (files read since that "
        "backup are read again)."
    )
    assert _digest(store) == before
    for command in (["export", "--format", "json"], ["problems"]):
        code, err = _run(capsys, *command, "--inbox", str(inbox), "--store", str(store))
        assert code == 2
        assert "is damaged" in _one_sentence(err)


def test_a_store_emptied_to_0_bytes_is_not_rebuilt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, store = _stored_twice(tmp_path)
    (latest,) = backups(store)
    store.write_bytes(b"")
    code, err = _run(capsys, "ingest", "--inbox", str(inbox), "--store", str(store))
    assert code == 2
    sentence = _one_sentence(err)
    assert f"The audit store {store} is empty (0 bytes)" in sentence
    assert f"copy {latest} in its place" in sentence
    assert store.stat().st_size == 0


def test_a_store_missing_a_table_says_the_schema_and_the_tables_disagree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, store = _stored_twice(tmp_path)
    conn = sqlite3.connect(store)
    conn.execute("DROP TABLE answers")
    conn.close()
    for command in (["ingest"], ["export", "--format", "csv", "--table", "answers"]):
        code, err = _run(capsys, *command, "--inbox", str(inbox), "--store", str(store))
        assert code == 2
        assert (
            f"The audit store {store} says it has schema version {SCHEMA_VERSION}, but its "
            "tables say otherwise: table answers missing"
        ) in _one_sentence(err)


def test_a_full_disk_under_the_store_is_a_sentence_and_keeps_whole_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's own full-disk path, reached with PRAGMA max_page_count."""
    inbox, store = _stored_twice(tmp_path)
    write_copies(inbox, 6, prefix="LATE")
    connect = sqlite3.connect

    def small_disk(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = connect(database, *args, **kwargs)
        if Path(database) == store:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages + 8}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", small_disk)
    code, err = _run(capsys, "ingest", "--inbox", str(inbox), "--store", str(store))
    monkeypatch.undo()
    assert code == 2
    assert _one_sentence(err) == (
        f"audit-docs: The disk holding the audit store {store} is full; free some space and "
        "run the command again (every file finished before is kept)."
    )
    conn = sqlite3.connect(store)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    files = conn.execute("SELECT count(*) FROM source_files").fetchone()[0]
    entries = conn.execute("SELECT count(DISTINCT file_id) FROM audit_entries").fetchone()[0]
    conn.close()
    assert 3 <= files < 10
    assert entries == files


def test_a_store_path_that_is_a_folder_or_under_a_file_is_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    write_copies(inbox, 1)
    (tmp_path / "folder").mkdir()
    code, err = _run(capsys, "ingest", "--inbox", str(inbox), "--store", str(tmp_path / "folder"))
    assert code == 2
    assert f"{tmp_path / 'folder'} is a folder, not an audit store" in _one_sentence(err)
    (tmp_path / "notes.txt").write_text("x")
    store = tmp_path / "notes.txt" / "s.sqlite"
    code, err = _run(capsys, "ingest", "--inbox", str(inbox), "--store", str(store))
    assert code == 2
    assert f"{tmp_path / 'notes.txt'} is not a folder" in _one_sentence(err)


def test_a_read_only_store_is_a_sentence_for_an_ordinary_user() -> None:
    with reachable() as root:
        inbox, store = root / "inbox", root / "var" / "s.sqlite"
        write_copies(inbox, 1)
        ingest(inbox, store, out=io.StringIO(), err=io.StringIO())
        write_copies(inbox, 1, prefix="NEW")
        store.chmod(0o644)
        store.parent.chmod(0o755)
        run = as_ordinary_user(["ingest", "--inbox", str(inbox), "--store", str(store)])
    assert run.returncode == 2, run.stderr
    assert _one_sentence(run.stderr) == (
        f"audit-docs: The audit store {store} is read-only for you: audit-docs cannot write to "
        f"it, or to its folder {store.parent}, where SQLite keeps its journal. Ask IT for write "
        "access, or copy the store to a folder you can write in and give that path with --store."
    )


def test_backups_are_taken_daily_when_writing_and_before_a_migration(tmp_path: Path) -> None:
    inbox, store = tmp_path / "inbox", tmp_path / "var" / "audits.sqlite"
    write_copies(inbox, 2)
    ingest(inbox, store, out=io.StringIO(), err=io.StringIO())
    assert not backup_folder(store).exists()  # a new store has nothing to lose yet
    open_store(store).close()  # reading: no backup
    assert backups(store) == []
    for _ in range(2):
        ingest(inbox, store, out=io.StringIO(), err=io.StringIO())
    (daily,) = backups(store)
    assert daily.parent == tmp_path / "var" / "audits.sqlite.backups"
    copy = sqlite3.connect(daily)
    assert copy.execute("SELECT count(*) FROM audits").fetchone()[0] == 2
    copy.close()

    older = tmp_path / "older.sqlite"
    conn = sqlite3.connect(older)
    for script in MIGRATIONS[:-1]:
        conn.executescript(script)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    open_store(older).close()
    (before,) = backups(older)
    assert before.name.endswith(f"-before-schema-{SCHEMA_VERSION}.sqlite")
    copy = sqlite3.connect(before)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION - 1
    copy.close()


def test_the_last_seven_backups_are_kept(tmp_path: Path) -> None:
    store = tmp_path / "audits.sqlite"
    open_store(store).close()
    folder = backup_folder(store)
    folder.mkdir()
    for day in range(1, 10):
        (folder / f"2020010{day}T000000000000Z.sqlite").write_bytes(b"")
    conn = open_store(store)
    newest = take_backup(conn, store)
    conn.close()
    kept = backups(store)
    assert len(kept) == KEEP == 7
    assert kept[-1] == newest
    assert kept[0].name.startswith("20200104")
