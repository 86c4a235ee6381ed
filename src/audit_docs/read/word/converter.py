"""Running a converter (LibreOffice) so that nothing it starts outlives the run.

LibreOffice's launcher starts ``soffice.bin``, which a plain time-out or kill of the launcher
leaves running. So the converter runs in a process group of its own (a new session on
POSIX, a new process group on Windows), ended whole. And since the process that asks for a
conversion may itself be killed outright (a pool worker ended after a stop request, a
crash), where nothing of its own can clean up, the converter is started by a watcher: a
small Python process reading a pipe from the caller, which ends the group at the time-out
or as soon as the pipe closes, which it does however the caller ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import audit_docs

#: the watcher's exit status when the converter ran past its time
TIMED_OUT = 124
#: how long the caller waits for the watcher beyond the converter's own time
_WATCHER_GRACE_S = 60
#: the watcher's program: this module's watch(), found where this copy of audit_docs is
_WATCHER = (
    "import sys; sys.path.insert(0, {root!r}); "
    "from audit_docs.read.word.converter import watch; watch()"
)


def _group_options() -> dict[str, object]:
    """Start the program in a process group of its own, so that it can be ended whole."""
    if hasattr(os, "killpg"):
        return {"start_new_session": True}
    return {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}


def _system_program(name: str) -> str | None:
    """A program in Windows' system folder, by its full path; None elsewhere."""
    import ctypes

    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return None
    folder = ctypes.create_unicode_buffer(512)
    if not windll.kernel32.GetSystemDirectoryW(folder, len(folder)):
        return None
    program = Path(folder.value, name)
    return str(program) if program.is_file() else None


def end_process_group(process: subprocess.Popen[bytes]) -> None:
    """End ``process`` and everything it started (LibreOffice's launcher starts soffice.bin)."""
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(process.pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    elif (taskkill := _system_program("taskkill.exe")) is not None:
        # Windows: end the tree below the launcher with the system's own tool, named by its
        # full path (a bare name would be looked for in the current folder first)
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(
                [taskkill, "/F", "/T", "/PID", str(process.pid)],
                capture_output=True,
                timeout=30,
                check=False,
            )
    if process.poll() is None:  # still running: ended now (a finished one is left be)
        with contextlib.suppress(OSError):
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=30)


def _start_in_group(command: Sequence[str]) -> subprocess.Popen[bytes]:
    process: subprocess.Popen[bytes] = subprocess.Popen(
        list(command),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **_group_options(),  # type: ignore[call-overload]
    )
    return process


def run_in_group(command: Sequence[str], timeout: float) -> int:
    """Run ``command`` in a process group of its own to its end or its time-out; the whole
    group ends with it however this ends (time-out, error, Ctrl-C, stop request). Returns
    its exit status; raises subprocess.TimeoutExpired or OSError."""
    process = _start_in_group(command)
    try:
        return int(process.wait(timeout=timeout))
    finally:
        end_process_group(process)


def _watcher_command() -> list[str] | None:
    """How to start the watcher, or None where this is no Python that can run it (a frozen
    program, an embedded interpreter)."""
    if getattr(sys, "frozen", False) or not sys.executable:
        return None
    root = str(Path(audit_docs.__file__).resolve().parent.parent)
    return [sys.executable, "-c", _WATCHER.format(root=root)]


def run_converter(command: Sequence[str], timeout: float, scratch: Path | None = None) -> int:
    """:func:`run_in_group` in a watcher process, which also ends the group when this
    process dies, and then removes ``scratch`` (the conversion's private folder, which the
    dead process can no longer remove). Returns the converter's exit status; raises
    subprocess.TimeoutExpired or OSError."""
    watcher = _watcher_command()
    if watcher is None:
        return run_in_group(command, timeout)
    process = subprocess.Popen(
        [*watcher, str(timeout), str(scratch or ""), *command],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status = int(process.wait(timeout=timeout + _WATCHER_GRACE_S))
    finally:
        with contextlib.suppress(OSError):
            if process.stdin is not None:
                process.stdin.close()  # the watcher ends the converter, if still running
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
        if process.poll() is None:  # still running: ended now (a finished one is left be)
            with contextlib.suppress(OSError):
                process.kill()
    if status == TIMED_OUT:
        raise subprocess.TimeoutExpired(list(command), timeout)
    return status


def _end_when_the_caller_goes(process: subprocess.Popen[bytes], gone: threading.Event) -> None:
    while os.read(0, 4096):  # b"" when the pipe closes: the caller is done, or dead
        pass
    gone.set()
    end_process_group(process)


def watch() -> None:
    """The watcher's program: ``TIMEOUT SCRATCH COMMAND...`` in its arguments, the caller's
    pipe on standard input. Ctrl-C is the caller's to handle; the watcher follows the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    timeout, scratch, command = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
    try:
        process = _start_in_group(command)
    except OSError:
        os._exit(127)
    gone = threading.Event()
    threading.Thread(target=_end_when_the_caller_goes, args=(process, gone), daemon=True).start()
    try:
        status = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        status = TIMED_OUT
    finally:
        end_process_group(process)
    if gone.is_set() and scratch:  # the caller removes it when it can; dead, it cannot
        import shutil

        shutil.rmtree(scratch, ignore_errors=True)
    # os._exit: the thread still reading the pipe must not hold up (or abort) the exit
    os._exit(status if 0 <= status < 256 else 1)
