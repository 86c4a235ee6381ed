"""The process pool's workers live and die with the command that started them.

A worker left behind by a killed run keeps the store's WAL files and the caller's standard
output open for good (a script waiting for the output hangs), so each worker asks Linux to
kill it when its parent dies (``PR_SET_PDEATHSIG``) and, everywhere, watches its parent
itself. Ctrl-C is the parent's to handle: a worker ignores it, so one key press gives one
sentence, not a traceback per worker.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

#: the signals that stop a run; held back while workers are forked
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
#: how often a worker checks that its parent is still alive, in seconds
_WATCH_EVERY = 0.5
#: how long a stopped run waits for a worker to finish the files it was handed, in seconds
_GRACE = 10.0
_PR_SET_PDEATHSIG = 1


def _ask_linux_to_kill_me_with(parent: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_EVERY)
    os._exit(1)


def start_worker(parent: int) -> None:
    """Run in each worker as it starts (the pool's ``initializer``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    _ask_linux_to_kill_me_with(parent)
    if os.getppid() != parent:  # the parent died before the request above was made
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C or SIGTERM arriving while workers are forked waits until they are all started.

    A signal in the middle of a fork interrupts the fork handlers of the standard library
    ("Exception ignored in: <function _releaseLock>"); held back, it arrives a moment later
    and stops the run cleanly.
    """
    old = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def new_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers, initializer=start_worker, initargs=(os.getpid(),)
    )


def stop_pool(pool: ProcessPoolExecutor, *, finished: bool) -> None:
    """Shut the pool; a run that did not finish cancels the work not yet started.

    Workers are never killed in the middle of a file: one killed while sending its result
    leaves the pool's manager thread waiting for the rest of a message that never comes, and
    the command could then not exit (seen under load). The files already handed out (a few,
    :func:`_chunk` keeps batches small) finish in a moment and are dropped; a worker that
    has not finished after ``_GRACE`` seconds is killed all the same.
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
                process.kill()
