"""Make this Python look like Windows' to the code it runs (loaded at start-up when this
folder is on PYTHONPATH; ``tests/windows_like/__init__.py`` does the same inside pytest).

What Windows lacks is taken away: the POSIX-only names of ``signal`` (``pthread_sigmask``,
``SIGKILL``, ``SIGHUP``, ``alarm``…) and of ``os`` (``fork``, ``killpg``, ``setsid``…),
and new processes are started the only way Windows can, by spawning a fresh interpreter
(this file runs in each of them too). ``os.getppid`` keeps the pid of the process that
started this one, as on Windows, where it does not change when that process dies. What Windows has and POSIX lacks (``SIGBREAK``) is
not added: code must never need it.
"""

from __future__ import annotations

import os
import signal

#: what the signal module holds on Windows (CPython 3.11-3.13)
WINDOWS_SIGNAL_NAMES = frozenset(
    {
        "SIGABRT",
        "SIGBREAK",
        "SIGFPE",
        "SIGILL",
        "SIGINT",
        "SIGSEGV",
        "SIGTERM",
        "CTRL_C_EVENT",
        "CTRL_BREAK_EVENT",
        "NSIG",
        "SIG_DFL",
        "SIG_IGN",
        "Handlers",
        "Signals",
        "default_int_handler",
        "getsignal",
        "raise_signal",
        "set_wakeup_fd",
        "signal",
        "strsignal",
        "valid_signals",
    }
)
#: process control that only POSIX has (os.getppid, os.kill and os.umask exist on Windows)
POSIX_ONLY_OS_NAMES = (
    "fork",
    "forkpty",
    "register_at_fork",
    "killpg",
    "getpgid",
    "setpgid",
    "getpgrp",
    "setpgrp",
    "setsid",
    "getsid",
    "wait3",
    "wait4",
    "pidfd_open",
    "sched_getaffinity",
    "getloadavg",
)


def make_windows_like() -> None:
    for name in [n for n in vars(signal) if not n.startswith("_")]:
        if name not in WINDOWS_SIGNAL_NAMES:
            delattr(signal, name)
    for name in POSIX_ONLY_OS_NAMES:
        if hasattr(os, name):
            delattr(os, name)
    parent = os.getppid()
    os.getppid = lambda: parent
    import multiprocessing  # after the removals: the standard library checks them on import

    multiprocessing.set_start_method("spawn", force=True)


if __name__ == "sitecustomize":  # loaded at start-up (imported by the plugin, it waits)
    make_windows_like()
