"""The process pool's workers live and die with the command that started them.

A worker left behind by a killed run keeps the store's WAL files and the caller's standard
output open for good (a script waiting for the output hangs), so each worker watches its
parent through the handle multiprocessing gives every child (``parent_process()``: a pipe
whose other end closes when the parent dies, on Windows the parent's process handle) and
ends itself the moment the parent is gone, however it went. Ctrl-C (and on Windows
Ctrl-Break or closing the window) is the parent's to handle: a worker ignores it, so one key
press gives one sentence, not a traceback per worker.

Nothing here assumes POSIX: the pool uses the platform's own start method (spawn on Windows
and macOS, fork on Linux), and what only some platforms offer (``pthread_sigmask``,
``SIGBREAK``) is looked up with ``hasattr``, never by the platform's name.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from types import FrameType
from typing import Any

#: the signals that stop a run (SIGBREAK: Ctrl-Break or a closed console window on Windows)
STOP_SIGNALS = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGBREAK") if hasattr(signal, name)
)
#: the signals a worker leaves to its parent: the keys pressed in the console
_PARENTS_TO_HANDLE = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGBREAK") if hasattr(signal, name)
)
#: how long a stopped run waits for a worker to finish the files it was handed, in seconds
_GRACE = 10.0


def _watch(parent: Any) -> None:
    parent.join()  # returns when the parent has ended (its sentinel is closed)
    os._exit(1)


def start_worker() -> None:
    """Run in each worker as it starts (the pool's ``initializer``)."""
    for signum in _PARENTS_TO_HANDLE:
        signal.signal(signum, signal.SIG_IGN)
    # a forked worker inherits the parent's "stop the run" handler: a worker just ends
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # held back while it was started: see signals_held
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    parent = multiprocessing.parent_process()
    if parent is None:  # not started by multiprocessing: nothing to watch
        return
    if not parent.is_alive():  # the parent died while this worker was starting
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """While workers are started, a stop neither interrupts the starting nor reaches a worker
    before it is ready to ignore it.

    A signal in the middle of a fork interrupts the fork handlers of the standard library
    ("Exception ignored in: <function _releaseLock>"); one in the middle of starting a
    process can leave that process outside the pool; and a Ctrl-C reaching a worker before
    :func:`start_worker` ran prints that worker's traceback. Where the platform can block
    signals (``pthread_sigmask``) they are blocked, the workers inherit the block, and a stop
    arrives a moment later, once they are started. Elsewhere (Windows) the console's Ctrl-C is
    ignored for that moment, so that the workers are born ignoring it, and any other stop is
    noted and raised again once they are started.
    """
    if hasattr(signal, "pthread_sigmask"):
        old = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        return
    with _signals_noted() as noted, _console_ctrl_c_ignored():
        yield
    for signum in noted[:1]:
        signal.raise_signal(signum)


@contextlib.contextmanager
def _signals_noted() -> Iterator[list[int]]:
    """Ctrl-C ignored (inherited so by the processes started meanwhile), other stops noted."""
    noted: list[int] = []

    def note(signum: int, _frame: FrameType | None) -> None:
        noted.append(signum)

    previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
    try:
        for signum in STOP_SIGNALS:
            with contextlib.suppress(ValueError, OSError):  # not the main thread: leave it be
                previous[signum] = signal.signal(
                    signum, signal.SIG_IGN if signum == signal.SIGINT else note
                )
        yield noted
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def _console_ctrl_c_ignored() -> Iterator[None]:
    """On a Windows console, Ctrl-C ignored by this process and the processes it starts now
    (SetConsoleCtrlHandler(NULL, TRUE) is inherited); nothing elsewhere."""
    import ctypes

    console = getattr(getattr(ctypes, "windll", None), "kernel32", None)
    if console is None:
        yield
        return
    console.SetConsoleCtrlHandler(None, True)
    try:
        yield
    finally:
        console.SetConsoleCtrlHandler(None, False)


def new_pool(workers: int) -> ProcessPoolExecutor:
    """A pool on the platform's own start method whose workers end with this process."""
    return ProcessPoolExecutor(max_workers=workers, initializer=start_worker)


@contextlib.contextmanager
def pool_map(
    work: Callable[[Any], Any], items: list[Any], workers: int, chunksize: int = 1
) -> Iterator[Iterator[Any]]:
    """``work`` over ``items`` on ``workers`` processes: the results in order, as they come.

    The pool is stopped on leaving, at once when the caller stopped early (Ctrl-C, an error).
    """
    pool = None
    finished = False
    try:
        with signals_held():  # a Ctrl-C now arrives once the workers have started
            pool = new_pool(workers)
            results = pool.map(work, items, chunksize=chunksize)
        yield results
        finished = True
    finally:
        if pool is not None:
            stop_pool(pool, finished=finished)


def stop_pool(pool: ProcessPoolExecutor, *, finished: bool) -> None:
    """Shut the pool; a run that did not finish cancels the work not yet started.

    Workers are never killed in the middle of a file: one killed while sending its result
    leaves the pool's manager thread waiting for the rest of a message that never comes, and
    the command could then not exit (seen under load). The files already handed out (a few,
    :func:`_chunk` keeps batches small) finish in a moment and are dropped; a worker that
    has not finished after ``_GRACE`` seconds is ended all the same (``terminate``: SIGTERM,
    which a worker does not catch, or TerminateProcess on Windows).
    """
    if finished:
        pool.shutdown(wait=True, cancel_futures=True)
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(_GRACE)
        if process.is_alive():
            with contextlib.suppress(OSError, ValueError, AttributeError):
                process.terminate()
