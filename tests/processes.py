"""Watching a command's process tree from a test: its workers, and whether any outlive it."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

PROC = Path("/proc")


def _parent_and_state(pid: int) -> tuple[int, str] | None:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[1]), fields[0]


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (its pool workers and theirs)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir(PROC):
        if entry.isdigit() and (found := _parent_and_state(int(entry))) is not None:
            children.setdefault(found[0], []).append(int(entry))
    below: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in below:
                below.add(child)
                todo.append(child)
    return {p for p in below if alive(p)}


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a parent that never reaps it counts as gone)."""
    found = _parent_and_state(pid)
    return found is not None and found[1] not in {"Z", "X"}


def still_alive_after(pids: set[int], seconds: float) -> set[int]:
    """The processes of ``pids`` still running ``seconds`` from now (or sooner, once none is)."""
    deadline = time.monotonic() + seconds
    while (left := {p for p in pids if alive(p)}) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _holds(pid: int, mark: bytes) -> bool:
    try:
        environ = (PROC / str(pid) / "environ").read_bytes()
    except OSError:
        return False
    return mark in environ.split(b"\0")


def _program(pid: int) -> str:
    try:
        return (PROC / str(pid) / "comm").read_text(errors="replace").strip()
    except OSError:
        return ""


def stray_processes(mark: bytes, names: tuple[str, ...]) -> list[str]:
    """The live processes whose environment holds ``mark`` and whose program's name starts
    with one of ``names``, each ended (SIGKILL) and described; empty where /proc cannot be
    read."""
    import signal

    if not PROC.is_dir():
        return []
    found: list[str] = []
    for entry in os.listdir(PROC):
        if not entry.isdigit() or not alive(pid := int(entry)) or not _holds(pid, mark):
            continue
        program = _program(pid)
        if program.startswith(names):
            found.append(f"{pid} {program}")
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    return found
