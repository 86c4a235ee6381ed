"""The store survives what happens to real runs: a killed ingest, two ingests at once."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.builders.wordform import example_spec, write_copies

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
    try:
        conn = sqlite3.connect(store, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM source_files").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet


def test_a_killed_ingest_leaves_whole_files_and_the_next_run_finishes(tmp_path: Path) -> None:
    """SIGKILL half-way (as a power cut would) keeps each stored file whole; a rerun adds the rest."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    count = 400
    write_copies(inbox, count)
    process = subprocess.Popen(
        _ingest_command(inbox, store),
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while _stored(store) < 20 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    stored = _whole_files_only(store)
    assert 20 <= stored < count
    rerun = subprocess.run(
        _ingest_command(inbox, store), check=False, env=_env(), capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr
    assert _whole_files_only(store) == count
    read = re.search(r"(\d+) files? read", rerun.stdout)
    assert read is not None
    assert int(read.group(1)) == count - stored


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
    conn = sqlite3.connect(store)
    assert conn.execute("SELECT count(*) FROM source_files").fetchone()[0] == count
