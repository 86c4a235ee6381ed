"""The store survives what happens to real runs: a killed ingest, two ingests at once."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.builders.wordform import example_spec, write_copies
from tests.processes import descendants, still_alive_after

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = len(example_spec().answers)


def _ingest_command(inbox: Path, store: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "audit_docs",
        "ingest",
        "--inbox",
        str(inbox),
        "--store",
        str(store),
    ]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _whole_files_only(store: Path) -> int:
    """Check every stored form holds all of its records; return how many forms are stored."""
    conn = sqlite3.connect(store)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        per_file = conn.execute(
            "SELECT f.path, count(DISTINCT e.id), count(q.question) FROM source_files f "
            "LEFT JOIN audit_entries e ON e.file_id = f.id "
            "LEFT JOIN answers q ON q.entry_id = e.id GROUP BY f.id"
        ).fetchall()
        for path, entries, answers in per_file:
            assert (entries, answers) == (1, QUESTIONS), path
        audits = conn.execute("SELECT count(*) FROM audits").fetchone()[0]
        assert audits == len(per_file)
        return audits
    finally:
        conn.close()


def _stored(store: Path) -> int:
    if not store.exists():
        return 0  # (connecting would make an empty file, which no longer passes for a store)
    try:
        conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM source_files").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet


def _started(store: Path, count: int) -> subprocess.Popen[bytes]:
    """An ingest of ``count`` forms, returned once its workers run and 20 files are stored."""
    inbox = store.parent / "inbox"
    write_copies(inbox, count)
    process = subprocess.Popen(
        _ingest_command(inbox, store),
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while (
        (_stored(store) < 20 or not descendants(process.pid))
        and process.poll() is None
        and time.monotonic() < deadline
    ):
        time.sleep(0.01)
    return process


def test_a_killed_ingest_leaves_whole_files_no_process_and_the_next_run_finishes(
    tmp_path: Path,
) -> None:
    """SIGKILL half-way (as a power cut would) keeps each stored file whole, leaves no worker
    running beyond 2 s, and a rerun adds the rest."""
    store, count = tmp_path / "s.sqlite", 400
    process = _started(store, count)
    workers = descendants(process.pid)
    assert workers, "the ingest read its files without a process pool"
    process.send_signal(signal.SIGKILL)
    # a caller reading the output gets its end at once: no worker holds the pipe open
    process.communicate(timeout=10)
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    assert still_alive_after(workers, 2.0) == set()
    stored = _whole_files_only(store)
    assert 20 <= stored < count
    rerun = subprocess.run(
        _ingest_command(tmp_path / "inbox", store),
        check=False,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert _whole_files_only(store) == count
    read = re.search(r"(\d+) files? read", rerun.stdout)
    assert read is not None
    assert int(read.group(1)) == count - stored


def test_sigterm_stops_with_a_sentence_143_and_keeps_whole_files(tmp_path: Path) -> None:
    """A scheduler's SIGTERM: one sentence, exit 143, the workers gone, the files so far kept."""
    store = tmp_path / "s.sqlite"
    process = _started(store, 400)
    workers = descendants(process.pid)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 143, err
    assert err.decode().splitlines() == [
        "audit-docs: stopped by a request to end; every file finished before that is kept, and "
        "running the command again carries on from there."
    ]
    assert still_alive_after(workers, 2.0) == set()
    assert 20 <= _whole_files_only(store) < 400


def test_ctrl_c_stops_the_whole_process_group_with_one_sentence_and_130(tmp_path: Path) -> None:
    """Ctrl-C in a terminal reaches the command and its workers: one sentence, no traceback."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    write_copies(inbox, 200)
    process = subprocess.Popen(
        _ingest_command(inbox, store),
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not descendants(process.pid) and time.monotonic() < deadline:
        time.sleep(0.001)  # the moment the pool starts, as in the issue
    workers = descendants(process.pid)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=30)
    text = err.decode()
    assert process.returncode == 130, text
    assert "Traceback" not in text, text
    assert "Exception ignored" not in text, text
    assert text.startswith("audit-docs: stopped by Ctrl-C;"), text
    assert still_alive_after(workers, 2.0) == set()
    if store.exists():
        _whole_files_only(store)


def test_two_ingests_at_once_both_finish_and_store_each_file_once(tmp_path: Path) -> None:
    """Two runs started together take turns on the store; every form is stored exactly once."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    count = 120
    write_copies(inbox, count)
    runs = [
        subprocess.Popen(
            _ingest_command(inbox, store),
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in results]
    assert _whole_files_only(store) == count
    with contextlib.closing(sqlite3.connect(store)) as conn:
        assert conn.execute("SELECT count(*) FROM source_files").fetchone()[0] == count
