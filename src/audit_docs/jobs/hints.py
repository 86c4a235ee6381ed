"""The next step a message suggests, spelled so that it works as typed where the user is.

Someone who ran ``make annual-report`` is in the project folder and knows make targets, so
the step is ``make problems``; the Makefile says so in ``AUDIT_DOCS_VIA_MAKE``, which the
workspace reads (workspace.py) and the caller passes here as ``via_make``. Anyone else
gets the command they ran themselves (``.venv/bin/audit-docs``, ``audit-docs`` on the PATH,
``python -m audit_docs``) with the same ``--inbox``/``--store`` they gave.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

#: commands that have a make target of the same name (and use the Makefile's places)
MAKE_TARGETS = frozenset({"ingest", "problems", "files", "export", "extract", "check", "demo"})
#: options that say where things are: a next step needs the same ones to see the same store
_PLACES = ("--inbox", "--outbox", "--store", "--templates")


def _started_as(argv: list[str]) -> str | None:
    """The command line's program as typed, or None when audit-docs was called from Python."""
    first = argv[0] if argv else ""
    name = Path(first).name
    if name == "__main__.py" and Path(first).parent.name == "audit_docs":
        return "python -m audit_docs"
    if name.startswith("audit-docs"):
        return shlex.quote(first)
    return None


def _places(argv: list[str]) -> list[str]:
    given: list[str] = []
    for i, arg in enumerate(argv):
        if arg in _PLACES and i + 1 < len(argv):
            given += [arg, argv[i + 1]]
        elif arg.startswith(tuple(f"{p}=" for p in _PLACES)):
            given.append(arg)
    return given


def command(step: str, *args: str, argv: list[str] | None = None, via_make: bool = False) -> str:
    """The command line for ``step`` (e.g. "problems"), with ``args``, as the user would type it."""
    argv = sys.argv if argv is None else argv
    started = _started_as(argv)
    places = _places(argv[1:]) if started else []
    if via_make and step in MAKE_TARGETS and not args and not places:
        return f"make {step}"
    start = started or "audit-docs"
    return " ".join([start, *(shlex.quote(w) for w in [step, *args, *places])])
