"""Whether a process another run recorded is still running, on any platform.

A run leaves its process id on what it is doing (a store being created, a file being read),
so that the next run can tell work in progress from work a killed run left behind. On
Windows ``os.kill(pid, 0)`` would end the process, so the system is asked through its own
calls there; what the platform offers is detected, never assumed from its name.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import socket

#: Windows: the right to ask a process its exit code, and the code of one still running
_QUERY_LIMITED_INFORMATION = 0x1000
_STILL_ACTIVE = 259
_ACCESS_DENIED = 5


def this_host() -> str:
    """The computer's name: a process id means something only on the computer that ran it."""
    with contextlib.suppress(OSError):
        return socket.gethostname()
    return ""


def running(pid: int) -> bool:
    """Whether process ``pid`` is running on this computer (when in doubt: yes)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    windll = getattr(ctypes, "windll", None)
    if windll is not None:
        return _running_on_windows(windll.kernel32, pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return True
    return True


def _running_on_windows(kernel32: object, pid: int) -> bool:
    handle = kernel32.OpenProcess(_QUERY_LIMITED_INFORMATION, False, pid)  # type: ignore[attr-defined]
    if not handle:
        return bool(kernel32.GetLastError() == _ACCESS_DENIED)  # type: ignore[attr-defined]
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):  # type: ignore[attr-defined]
            return True
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
