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
    """Shut the pool; a run that did not finish stops its workers at once instead of waiting.

    Workers ended on purpose can make the pool's own manager thread complain as it notices
    (a traceback after the one sentence the user is owed); that thread's complaint is not
    shown while the pool is torn down. Nothing is lost: the files finished are stored.
    """
    if finished:
        pool.shutdown(wait=True, cancel_futures=True)
        return
    manager = getattr(pool, "_executor_manager_thread", None)
    previous = threading.excepthook

    def quiet(args: threading.ExceptHookArgs) -> None:
        if args.thread is not manager:
            previous(args)

    threading.excepthook = quiet
    try:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
    finally:
        threading.excepthook = previous
