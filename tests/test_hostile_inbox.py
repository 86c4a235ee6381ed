"""An inbox an attacker can write to: links out of it, pipes, huge files, files that kill the
reader. Each is listed with a sentence; none is read, hangs the run or stops every run."""

from __future__ import annotations

import io
import os
import re
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit_docs.cli import main
from audit_docs.compute.data_quality import data_quality_rows
from audit_docs.jobs import ingest as ingest_job
from audit_docs.jobs.files import files_table
from audit_docs.jobs.ingest import IngestSummary, ingest
from audit_docs.jobs.read_forms import check
from audit_docs.records import Refusal
from audit_docs.store.db import open_store
from audit_docs.store.inbox import file_list
from tests.builders.raw_xlsx import far_column_rows, write_raw_xlsx
from tests.builders.wordform import write_copies
from tests.unprivileged import SRC, as_ordinary_user, reachable

_HOUR_AGO = time.time_ns() - 3600 * 10**9


def _ingest(inbox: Path, store: Path) -> tuple[IngestSummary, str]:
    out = io.StringIO()
    summary = ingest(inbox, store, out=out, err=io.StringIO())
    return summary, out.getvalue()


def _rows(store: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(store)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _count(text: str, label: str) -> int:
    """The number a summary line gives for ``label`` ("files read")."""
    found = re.search(rf"^ +([\d,]+) {label}$", text, re.M)
    assert found, text
    return int(found[1].replace(",", ""))


def _settled(paths: list[Path]) -> None:
    """Last modified an hour ago: old enough to be trusted unchanged next run."""
    for path in paths:
        os.utime(path, ns=(_HOUR_AGO, _HOUR_AGO))


# --- links, pipes and devices ---------------------------------------------------------------


def test_a_link_to_etc_is_listed_and_nothing_outside_the_inbox_is_read(tmp_path: Path) -> None:
    """Issue 20: a symlink to /etc recorded 1,238 outside files; now it is one listed line."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    write_copies(inbox, 1)
    (inbox / "etc").symlink_to("/etc", target_is_directory=True)
    (inbox / "passwd.docx").symlink_to("/etc/passwd")
    summary, text = _ingest(inbox, store)
    assert (summary.files, summary.read) == (3, 1)
    assert "  not read: etc: this is a shortcut (symbolic link) to a file or folder outside" in text
    assert "  refused: passwd.docx: this is a shortcut (symbolic link) to a file or folder " in text
    assert _rows(store, "SELECT path FROM source_files") == [("case-00001.docx",)]
    assert sorted(_rows(store, "SELECT path, sha256 FROM inbox_files")) == [
        ("case-00001.docx", _rows(store, "SELECT sha256 FROM source_files")[0][0]),
        ("etc", None),
        ("passwd.docx", None),
    ]


def test_a_link_to_proc_self_never_hangs_the_run() -> None:
    """Issue 20: a link to /proc/self hung every run; run by an ordinary user, it is listed."""
    with reachable() as folder:
        inbox = folder / "inbox"
        write_copies(inbox, 1)
        (inbox / "self").symlink_to("/proc/self", target_is_directory=True)
        (inbox / "status.docx").symlink_to("/proc/self/status")
        folder.joinpath("var").mkdir()
        folder.joinpath("var").chmod(0o777)
        done = as_ordinary_user(
            ["ingest", "--inbox", str(inbox), "--store", str(folder / "var" / "s.sqlite")]
        )
    assert done.returncode == 1, done.stderr  # the .docx link is a Word file not read
    assert "  not read: self: this is a shortcut (symbolic link) to a file or folder outside" in (
        done.stdout
    )
    assert _count(done.stdout, "files? read") == 1


def test_pipes_sockets_and_devices_are_listed_and_never_opened(tmp_path: Path) -> None:
    """None of them is opened, so a pipe with no writer cannot hang the run."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    write_copies(inbox, 1)
    os.mkfifo(inbox / "pipe.docx")
    (inbox / "fifo-link.xlsx").symlink_to(inbox / "pipe.docx")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(inbox / "socket.docx"))
    try:
        try:
            os.mknod(inbox / "null.docx", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        except PermissionError:
            (inbox / "null.docx").symlink_to("/dev/null")  # an ordinary user: outside anyway
        summary, text = _ingest(inbox, store)
    finally:
        server.close()
    assert summary.read == 1
    for name in ("fifo-link.xlsx", "pipe.docx", "socket.docx"):
        assert (
            f"  refused: {name}: this is not an ordinary file (a device or pipe); it was " in text
        )
    assert "  refused: null.docx: this is " in text


def test_a_pipe_put_in_place_of_a_file_after_the_walk_is_not_opened(tmp_path: Path) -> None:
    """Between the walk and the hashing a file becomes a pipe: looked at, not waited on."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    pipe = inbox / "form.docx"
    os.mkfifo(pipe)
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(ingest_job._fingerprint(pipe, inbox, {})))
    worker.start()
    worker.join(10)
    if worker.is_alive():  # the old code blocks opening the pipe: free it, then fail
        fd = os.open(pipe, os.O_WRONLY)
        os.close(fd)
        worker.join()
        pytest.fail("hashing a pipe waited for a writer")
    (seen,) = found
    assert seen.error == "this is not an ordinary file (a device or pipe); it was not read."  # type: ignore[attr-defined]


def test_a_20_gb_file_is_refused_by_its_size_without_being_hashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20: a 20 GB file was hashed in full on every run before its size was checked."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    write_copies(inbox, 1)
    with (inbox / "huge.docx").open("wb") as fh:
        fh.truncate(20 * 1024**3)  # sparse: no disk used
    hashed: list[str] = []
    real = ingest_job._sha256
    monkeypatch.setattr(ingest_job, "_sha256", lambda fh: hashed.append(fh.name) or real(fh))
    start = time.perf_counter()
    summary, text = _ingest(inbox, store)
    assert time.perf_counter() - start < 20
    assert len(hashed) == 1  # the form alone
    assert summary.read == 1
    assert (
        "  refused: huge.docx: the file is 20,480 MB, far larger than any form or tracker "
        "(200 MB at most), so it was not read; check it is the right file.\n"
    ) in text


# --- no repeated work -------------------------------------------------------------------------


def test_files_unchanged_since_the_last_ingest_are_not_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 26: same path, size and modification time: the bytes are taken as read before."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    paths = write_copies(inbox, 4)
    _settled(paths)
    (inbox / "note.txt").write_text("remember the moderation meeting")
    _settled([inbox / "note.txt"])
    _ingest(inbox, store)
    hashed: list[str] = []
    real = ingest_job._sha256
    monkeypatch.setattr(ingest_job, "_sha256", lambda fh: hashed.append(fh.name) or real(fh))
    summary, text = _ingest(inbox, store)
    assert hashed == []
    assert (summary.files, summary.unchanged, summary.read) == (5, 4, 0)
    assert "  not read: note.txt: this is a text note" in text
    os.utime(paths[2], ns=(_HOUR_AGO + 10**9, _HOUR_AGO + 10**9))  # saved again
    summary, _ = _ingest(inbox, store)
    assert len(hashed) == 1
    assert summary.unchanged == 4


def test_a_file_modified_a_moment_ago_is_hashed_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A coarse clock could hide a second change in the same tick: a fresh file is not trusted."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    write_copies(inbox, 1)
    _ingest(inbox, store)
    hashed: list[str] = []
    real = ingest_job._sha256
    monkeypatch.setattr(ingest_job, "_sha256", lambda fh: hashed.append(fh.name) or real(fh))
    _ingest(inbox, store)
    assert len(hashed) == 1


# --- a file that stops the reader -------------------------------------------------------------

#: runs the CLI with the reader of ``bomb.xlsx`` replaced by one that ends its own process
_KILLING_READER = """
import os, sys
from audit_docs.jobs import read_forms
real = read_forms._safe_read
def reader(forms, path, *rest):
    if path.name == "bomb.xlsx":
        os._exit(137)  # as the kernel's memory limit does, with no word
    return real(forms, path, *rest)
read_forms._safe_read = reader
from audit_docs.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _run(inbox: Path, store: Path, *, killing: bool) -> subprocess.CompletedProcess[str]:
    code = (
        _KILLING_READER
        if killing
        else "import sys; from audit_docs.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, "ingest", "--inbox", str(inbox), "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        check=False,
    )


_SKIPPED = (
    "  refused: bomb.xlsx: reading this file stopped the process reading it on an earlier run "
    "(it may need more memory than this computer allows, or break a library audit-docs uses; "
    "or that run was ended at that moment), so it is skipped until it changes."
)


def test_a_file_that_kills_the_run_is_skipped_with_a_sentence_until_it_changes(
    tmp_path: Path,
) -> None:
    """Issue 20: a workbook killed every ingest (exit 137, no sentence) until someone found it."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    write_copies(inbox, 2)
    bomb = write_raw_xlsx(inbox / "bomb.xlsx", {"Log": far_column_rows(3)})
    _settled([bomb])
    first = _run(inbox, store, killing=True)
    assert first.returncode == 137
    for read, unchanged in ((2, 0), (0, 2)):  # the bomb sorts first: the forms wait a run
        later = _run(inbox, store, killing=True)
        assert later.returncode == 1, later.stderr
        assert _SKIPPED in later.stdout
        assert _count(later.stdout, "files? read") == read
        assert _count(later.stdout, "files? unchanged since last time") == unchanged
    os.utime(bomb, ns=(_HOUR_AGO + 10**9, _HOUR_AGO + 10**9))  # saved again: read again
    again = _run(inbox, store, killing=False)
    assert _SKIPPED not in again.stdout
    assert "  refused: bomb.xlsx: sheet 'Log' has a value in cell XFD1, beyond column AMJ" in (
        again.stdout
    )
    assert _rows(store, "SELECT count(*) FROM reading") == [(0,)]


def test_a_file_that_kills_a_worker_is_found_and_the_others_are_all_read(tmp_path: Path) -> None:
    """Read on several processes, the file that kills its worker is read alone to find it;
    every other file of the run is stored, and the next run skips it with its sentence."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    write_copies(inbox, 70)  # enough to be read by a pool
    bomb = write_raw_xlsx(inbox / "bomb.xlsx", {"Log": far_column_rows(3)})
    _settled([bomb])
    first = _run(inbox, store, killing=True)
    assert first.returncode == 1, first.stderr
    assert _count(first.stdout, "files read") == 70
    assert (
        "  refused: bomb.xlsx: reading this file stopped the process reading it (the file may "
        "need more memory than this computer allows, or break a library audit-docs uses), so it "
        "was not read; it is skipped until it changes."
    ) in first.stdout
    second = _run(inbox, store, killing=False)
    assert second.returncode == 1
    assert _SKIPPED in second.stdout
    assert _count(second.stdout, "files unchanged since last time") == 70


def test_a_reader_out_of_memory_is_a_sentence_and_the_file_is_skipped_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MemoryError while reading: the file is refused with what happened, and not tried again
    while it stays the same."""
    from audit_docs.read.excel import workbook

    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    write_copies(inbox, 1)
    write_raw_xlsx(inbox / "bomb.xlsx", {"Log": far_column_rows(3)})
    calls: list[Path] = []

    def out_of_memory(path: Path) -> None:
        calls.append(path)
        raise MemoryError

    monkeypatch.setattr(workbook, "read_workbook", out_of_memory)
    sentence = (
        "  refused: bomb.xlsx: reading this file needed more memory than this computer could "
        "give, so it was not read; it is skipped until it changes."
    )
    for _ in range(2):
        _, text = _ingest(inbox, store)
        assert sentence in text
    assert len(calls) == 1


# --- names shown safely -----------------------------------------------------------------------

_NAME = st.binary(min_size=1, max_size=60).filter(
    lambda b: b"/" not in b and b"\0" not in b and not b.startswith(b"~$")
)


def _outputs(folder: Path, stem: bytes) -> list[str]:
    """What a QA officer sees of a PDF and an empty Word file named ``stem``: the ingest
    summary, the files table and the check receipt."""
    inbox = folder / "inbox"
    inbox.mkdir(parents=True)
    (inbox / os.fsdecode(stem + b".pdf")).write_bytes(b"%PDF-1.4\n")
    empty = inbox / os.fsdecode(stem + b".docx")
    empty.write_bytes(b"")
    _, summary = _ingest(inbox, folder / "s.sqlite")
    conn = open_store(folder / "s.sqlite")
    try:
        table = files_table(file_list(conn))
    finally:
        conn.close()
    out = io.StringIO()
    check([empty], out=out, err=io.StringIO())
    return [summary, table, out.getvalue()]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(stem=_NAME)
def test_any_file_name_prints_as_the_same_lines_with_no_control_character(
    tmp_path_factory: pytest.TempPathFactory, stem: bytes
) -> None:
    """Issue 20: a name holding a newline or an escape sequence forged summary lines and
    wrote raw escapes to the terminal; every output now has the lines a plain name gives."""
    plain = _outputs(tmp_path_factory.mktemp("plain"), b"plain")
    named = _outputs(tmp_path_factory.mktemp("named"), stem)
    for shown_plain, shown_named in zip(plain, named, strict=True):
        assert shown_named.count("\n") == shown_plain.count("\n"), shown_named
        assert shown_named.endswith("\n")
        assert not [
            ch
            for ch in shown_named[:-1].replace("\n", "")
            if unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029\u202e"
        ]


def test_a_name_that_would_forge_a_line_is_shown_escaped(tmp_path: Path) -> None:
    """The newline, carriage return and escape sequence are written as \\n, \\r and \\x1b."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a\n  0 files refused\r\x1b[2J.pdf").write_bytes(b"%PDF-1.4\n")
    _, text = _ingest(inbox, tmp_path / "s.sqlite")
    assert "  not read: a\\n  0 files refused\\r\\x1b[2J.pdf: this is a PDF" in text


def test_a_file_listed_with_an_escaped_name_can_be_forgotten_by_that_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The name as printed (``a\\x1b[31m.pdf``) is the name ``forget`` takes back."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    inbox.mkdir()
    (inbox / "a\x1b[31m.pdf").write_bytes(b"%PDF-1.4\n")
    _ingest(inbox, store)
    assert main(["forget", "a\\x1b[31m.pdf", "--inbox", str(inbox), "--store", str(store)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("a\\x1b[31m.pdf is forgotten:")
    assert "\x1b" not in said


def test_the_data_quality_list_shows_names_escaped() -> None:
    """A file name reaches the workbook as it is printed everywhere else."""
    (row,) = data_quality_rows(
        [], [Refusal("odd\r\nname.docx", "odd\r\nname.docx: the file is empty.", "empty", "0")]
    )
    assert (row.file, row.problem) == ("odd\\r\\nname.docx", "The file is empty.")


def test_check_of_a_folder_never_follows_a_link_out_of_it(tmp_path: Path) -> None:
    """``check .`` on a folder an attacker wrote to reads nothing outside it."""
    folder = tmp_path / "forms"
    write_copies(folder, 1)
    (folder / "passwd.docx").symlink_to("/etc/passwd")
    out = io.StringIO()
    assert check([folder], out=out, err=io.StringIO()) == 1
    assert (
        "✗ passwd.docx\n  NOT READ: passwd.docx: this is a shortcut (symbolic link) to a file or "
        "folder outside the inbox, and nothing outside the inbox is read;"
    ) in out.getvalue()
    assert " case-00001.docx — " in out.getvalue()


# --- empty files ----------------------------------------------------------------------------


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(
        st.sampled_from(["a.docx", "b.xlsx", "c.docx", "sub/d.xlsx", "e.docm"]),
        min_size=2,
        max_size=5,
        unique=True,
    )
)
def test_empty_files_are_each_refused_as_empty_never_as_copies_of_each_other(
    tmp_path_factory: pytest.TempPathFactory, names: list[str]
) -> None:
    """Two empty files share their (no) bytes: each was called a duplicate of the first, "which
    was read", though none was read; each is now refused as empty, every run."""
    root = tmp_path_factory.mktemp("empty")
    inbox, store = root / "inbox", root / "s.sqlite"
    for name in names:
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_bytes(b"")
    for _ in range(2):
        summary, text = _ingest(inbox, store)
        assert summary.duplicates == 0, text
        assert "  duplicate:" not in text
        said = dict(summary.refused)
        assert sorted(said) == sorted(names), text
        assert all("the file is empty (0 bytes)" in s for s in said.values()), said
    conn = open_store(store)
    try:
        rows = file_list(conn)
    finally:
        conn.close()  # Python 3.13 warns of a connection left open
    assert sorted(r.path for r in rows) == sorted(names)
    assert all(r.copy_of is None and "empty (0 bytes)" in (r.reason or "") for r in rows), rows
