"""audit-docs run as on a council's Windows laptop: what Windows lacks taken away.

Each command runs in a Python made Windows-like by ``tests/windows_like/sitecustomize.py``:
no ``signal.pthread_sigmask``, ``SIGKILL``, ``os.fork``, ``killpg``…, new processes started
by spawn, ``os.getppid`` frozen at start (on Windows it never changes, even once the parent
is gone), and standard output encoded as Windows encodes redirected output (cp1252).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from audit_docs.read.formdef import load_definition
from audit_docs.read.word.draft import definition_yaml, draft
from tests.builders.blank_layouts import LAYOUTS, blank, filled
from tests.builders.filler import fill
from tests.builders.wordform import write_copies
from tests.processes import descendants, still_alive_after

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "inbox"
WINDOWS_LIKE = Path(__file__).resolve().parent / "windows_like"
#: a batch of this many files is read by a pool of worker processes (read_forms.PARALLEL_FROM)
POOL_BATCH = 120

pytestmark = pytest.mark.slow


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(WINDOWS_LIKE), str(ROOT / "src")]),
        "PYTHONIOENCODING": "cp1252",
        "PYTHONUTF8": "0",
    }


def _audit_docs(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "audit_docs", *map(str, args)]


def _run(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        _audit_docs(*args), env=_env(), capture_output=True, timeout=300, check=False, **kwargs
    )  # type: ignore[call-overload]


def _stored(store: Path) -> int:
    conn = sqlite3.connect(store)
    try:
        return int(conn.execute("SELECT count(*) FROM audits").fetchone()[0])
    finally:
        conn.close()


def test_the_emulation_takes_away_what_windows_lacks() -> None:
    """The commands below really run without pthread_sigmask, SIGKILL, fork and killpg, under
    spawn, with a getppid that never changes and cp1252 output."""
    probe = (
        "import multiprocessing, os, signal, sys;"
        "print(hasattr(signal, 'pthread_sigmask'), hasattr(signal, 'SIGKILL'),"
        " hasattr(os, 'fork'), hasattr(os, 'killpg'), multiprocessing.get_start_method(),"
        " sys.stdout.encoding)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], env=_env(), capture_output=True, text=True, check=True
    )
    assert shown.stdout.split() == ["False", "False", "False", "False", "spawn", "cp1252"]


def test_ingest_of_a_year_of_forms_reads_each_on_a_pool_of_spawned_workers(
    tmp_path: Path,
) -> None:
    """120 forms (a pool's batch) are read and stored, exit 0, no traceback."""
    write_copies(tmp_path / "inbox", POOL_BATCH)
    done = _run("ingest", "--inbox", tmp_path / "inbox", "--store", tmp_path / "s.sqlite")
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert f"{POOL_BATCH} files read" in done.stdout.decode("cp1252")
    assert _stored(tmp_path / "s.sqlite") == POOL_BATCH


def test_a_councils_own_form_definitions_reach_every_spawned_worker(tmp_path: Path) -> None:
    """`extract --forms DIR` over a pool's batch of a council's own form: each spawned worker
    (a fresh interpreter, nothing inherited but the environment and its arguments) reads
    every copy with the council's definition, not the closest shipped one."""
    layout = LAYOUTS[0]
    data = blank(layout)
    forms = tmp_path / "forms"
    forms.mkdir()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    definition = forms / f"{layout.name}.yaml"
    definition.write_text(definition_yaml(draft(xml, "blank.docx")), encoding="utf-8")
    council_form = load_definition(definition).id
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(POOL_BATCH):
        (inbox / f"audit-{n:03}.docx").write_bytes(fill(data, filled(layout, n).values, "typed"))
    done = _run("extract", "--forms", forms, inbox)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    lines = done.stdout.decode("utf-8", errors="replace").splitlines()
    assert len(lines) == POOL_BATCH
    assert {json.loads(line)["form"] for line in lines} == {council_form}


def test_the_annual_report_with_picture_charts_is_written(tmp_path: Path) -> None:
    """The sample report, its charts drawn as pictures (matplotlib), is written in full."""
    done = _run(
        "annual-report",
        "--year",
        "2016",
        "--charts",
        "picture",
        "--inbox",
        EXAMPLES,
        "--outbox",
        tmp_path,
        "--store",
        tmp_path / "s.sqlite",
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    report = tmp_path / "annual-report-2016-17.docx"
    with zipfile.ZipFile(report) as zf:
        pictures = [n for n in zf.namelist() if n.startswith("word/media/")]
    figures = json.loads((tmp_path / "annual-report-2016-17.json").read_text("utf-8"))
    # Figure 1, one chart per ranking, the quality checks: each drawn as a picture
    assert len(pictures) >= 2 + len(figures["rankings"]), pictures


def test_check_redirected_to_a_file_writes_the_whole_receipt(tmp_path: Path) -> None:
    """`check TRACKER > receipt.txt`: the receipt (a tick for a file without problems) is
    written whole and the command exits 0, not a UnicodeEncodeError."""
    receipt = tmp_path / "receipt.txt"
    with receipt.open("wb") as out:
        done = subprocess.run(
            _audit_docs("check", EXAMPLES / "trackers" / "audit-log-2016-17.xlsx"),
            env=_env(),
            stdout=out,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr
    assert b"audit-log-2016-17.xlsx" in receipt.read_bytes()


def test_json_sent_to_stdout_is_utf8(tmp_path: Path) -> None:
    """`export --format json > file` gives UTF-8 JSON whatever the console's code page: the
    sample store's en dashes come through as en dashes."""
    store = tmp_path / "s.sqlite"
    assert _run("ingest", "--inbox", EXAMPLES, "--store", store).returncode == 0
    done = _run("export", "--format", "json", "--store", store, "--inbox", EXAMPLES)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    text = done.stdout.decode("utf-8")
    assert "–" in text
    assert json.loads(text)


def _stored_files(store: Path) -> int:
    if not store.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM source_files").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet


@dataclass
class _Run:
    process: subprocess.Popen[bytes]
    #: the processes below the command once its pool had started
    workers: set[int]
    errors: Path

    def stopped(self, timeout: float) -> str:
        """What the command wrote on standard error, once it has ended."""
        self.process.wait(timeout)
        return self.errors.read_bytes().decode("cp1252")


@contextlib.contextmanager
def _started(tmp_path: Path, *, stored: int) -> Iterator[_Run]:
    """An ingest of 400 forms in a process group of its own (a console), given once it has
    workers and ``stored`` files are in the store. Its standard error goes to a file (a
    worker left behind would hold a pipe open for ever); whatever a failed test leaves
    running is ended."""
    write_copies(tmp_path / "inbox", 400)
    store = tmp_path / "s.sqlite"
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as err:
        process = subprocess.Popen(
            _audit_docs("ingest", "--inbox", tmp_path / "inbox", "--store", store),
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
    deadline = time.monotonic() + 120
    while (
        (len(descendants(process.pid)) < 2 or _stored_files(store) < stored)
        and process.poll() is None
        and time.monotonic() < deadline
    ):
        time.sleep(0.001)
    run = _Run(process, descendants(process.pid), errors)
    try:
        yield run
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(30)
        for pid in still_alive_after(run.workers, 5.0):
            os.kill(pid, signal.SIGTERM)


def test_ctrl_c_in_the_console_stops_with_one_sentence_and_no_worker_left(
    tmp_path: Path,
) -> None:
    """Ctrl-C reaches every process of the console: one sentence, exit 130, no traceback,
    every worker gone, the files stored so far whole."""
    with _started(tmp_path, stored=20) as run:
        assert run.workers, "the ingest read its files without a process pool"
        os.killpg(run.process.pid, signal.SIGINT)
        text = run.stopped(60)
        assert run.process.returncode == 130, text
        assert "Traceback" not in text, text
        assert text.startswith("audit-docs: stopped by Ctrl-C;"), text
        assert still_alive_after(run.workers, 5.0) == set()
    assert 20 <= _stored(tmp_path / "s.sqlite") < 400


def test_ctrl_c_while_workers_are_started_prints_no_traceback(tmp_path: Path) -> None:
    """Ctrl-C the moment the first worker exists: no process prints a traceback and none is
    left; the run stops (130), or, pressed while the workers were being created (when
    Windows has the console ignore it), carries on to the end (0)."""
    with _started(tmp_path, stored=0) as run:
        os.killpg(run.process.pid, signal.SIGINT)
        text = run.stopped(300)
        assert run.process.returncode in {0, 130}, text
        assert "Traceback" not in text, text
        assert "KeyboardInterrupt" not in text, text
        assert still_alive_after(run.workers, 5.0) == set()


def test_workers_end_when_the_command_is_killed_though_getppid_never_changes(
    tmp_path: Path,
) -> None:
    """A command ended from outside (Task Manager, a closed window) leaves no worker behind,
    though on Windows a worker's getppid still names its dead parent."""
    with _started(tmp_path, stored=20) as run:
        assert run.workers, "the ingest read its files without a process pool"
        run.process.kill()
        run.process.wait(30)
        assert still_alive_after(run.workers, 5.0) == set()
