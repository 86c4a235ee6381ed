"""Faults around the inbox's files: a file away for a moment, odd names, over-long paths."""

from __future__ import annotations

import io
import os
import sqlite3
from pathlib import Path

import pytest

from audit_docs.jobs import read_forms
from audit_docs.jobs.ingest import IngestSummary, ingest
from audit_docs.read.formdef import FormDefinition
from tests.builders.wordform import write_copies


def _ingest(inbox: Path, store: Path) -> IngestSummary:
    return ingest(inbox, store, out=io.StringIO(), err=io.StringIO())


def _rows(store: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(store)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_file_moved_away_during_an_ingest_is_read_on_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync client takes a file away between its hashing and its reading: not a verdict."""
    inbox, store, aside = tmp_path / "inbox", tmp_path / "s.sqlite", tmp_path / "aside.docx"
    paths = write_copies(inbox, 3)
    moving = paths[1]
    real_read = read_forms._safe_read

    def read_while_moved(forms: tuple[FormDefinition, ...], path: Path) -> read_forms.ReadResult:
        if path == moving:
            moving.rename(aside)
        return real_read(forms, path)

    monkeypatch.setattr(read_forms, "_safe_read", read_while_moved)
    first = _ingest(inbox, store)
    assert [path for path, _ in first.refused] == ["case-00002.docx"]
    assert first.refused[0][1].endswith("It is tried again on the next run.")
    monkeypatch.setattr(read_forms, "_safe_read", real_read)
    aside.rename(moving)
    second = _ingest(inbox, store)
    assert (second.read, second.refused) == (1, [])
    assert _rows(store, "SELECT path, status FROM source_files ORDER BY path") == [
        ("case-00001.docx", "current"),
        ("case-00002.docx", "current"),
        ("case-00003.docx", "current"),
    ]


def test_a_refusal_for_where_a_file_was_kept_by_an_older_release_is_retried(
    tmp_path: Path,
) -> None:
    """Stores written before this fix hold 'not found' against a file's bytes: read it again."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    write_copies(inbox, 1)
    _ingest(inbox, store)
    conn = sqlite3.connect(store)
    with conn:
        conn.execute("DELETE FROM answers")
        conn.execute("DELETE FROM section_ratings")
        conn.execute("DELETE FROM comments")
        conn.execute("DELETE FROM actions")
        conn.execute("DELETE FROM family_feedback")
        conn.execute("DELETE FROM problems")
        conn.execute("DELETE FROM audit_entries")
        conn.execute("DELETE FROM audits")
        conn.execute(
            "UPDATE source_files SET status = 'refused', kind = 'refused', reason = 'not-found', "
            "error = 'case-00001.docx: there is no such file; check the path.'"
        )
    conn.close()
    again = _ingest(inbox, store)
    assert (again.read, again.refused) == (1, [])


def test_a_file_name_that_is_not_utf8_is_stored_by_its_escaped_name(tmp_path: Path) -> None:
    """caf\\xe9-audit.docx from an old Windows tool is read like any other, and so is the next."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    made = write_copies(inbox, 2)
    odd = os.fsdecode(os.fsencode(inbox) + b"/caf\xe9-audit.docx")
    made[0].rename(odd)
    out = io.StringIO()
    summary = ingest(inbox, store, out=out, err=io.StringIO())
    assert (summary.read, summary.refused) == (2, [])
    assert _rows(store, "SELECT path FROM source_files ORDER BY path") == [
        ("caf\\xe9-audit.docx",),
        ("case-00002.docx",),
    ]
    (entry,) = _rows(store, "SELECT record FROM audit_entries WHERE file_id = 1")
    assert '"source": "caf\\\\xe9-audit.docx"' in str(entry[0])
    again = _ingest(inbox, store)
    assert (again.read, again.unchanged) == (0, 2)


def _deep_folder(base: Path, longer_than: int) -> bytes:
    """A chain of folders whose full path is longer than ``longer_than``; made one folder at a
    time relative to the last, as a sync client does, since the whole path cannot be used."""
    fd = os.open(base, os.O_RDONLY)
    path = os.fsencode(base)
    try:
        while len(path) <= longer_than:
            os.mkdir("d" * 200, dir_fd=fd)
            inner = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd, path = inner, path + b"/" + b"d" * 200
        form = os.open("form.docx", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(form, b"PK\x03\x04")
        os.close(form)
    finally:
        os.close(fd)
    return path


def test_a_path_longer_than_the_system_allows_is_one_refused_file(tmp_path: Path) -> None:
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    write_copies(inbox, 2)
    _deep_folder(inbox, os.pathconf(inbox, "PC_PATH_MAX"))
    summary = _ingest(inbox, store)
    assert summary.read == 2
    # a folder that cannot be opened is listed, not a failure (issue 12's rule)
    assert summary.refused == []
    ((name, sentence),) = summary.not_read
    assert name.startswith("ddd")
    assert "longer than the system allows" in sentence
    assert "move it to a folder nearer the top of the inbox" in sentence


def test_extract_names_a_folder_too_deep_to_read_and_reads_the_rest(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    write_copies(inbox, 1)
    _deep_folder(inbox, os.pathconf(inbox, "PC_PATH_MAX"))
    out, err = io.StringIO(), io.StringIO()
    assert read_forms.extract([inbox], out=out, err=err) == 1
    assert "longer than the system allows" in err.getvalue()
    assert '"CASE-00001"' in out.getvalue()
