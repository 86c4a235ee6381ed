"""The next step a message suggests, spelled so that it works as typed where the user is.

Someone who ran ``make annual-report`` is in the project folder and knows make targets, so
the step is ``make problems``; the Makefile says so in ``AUDIT_DOCS_VIA_MAKE``, which the
workspace reads (workspace.py) and the caller passes here as ``via_make``. Anyone else
gets the command they ran themselves (``.venv/bin/audit-docs``, ``audit-docs`` on the PATH,
``python -m audit_docs``) with the same ``--inbox``/``--store`` they gave, quoted for the
shell they typed it in: a POSIX shell, Windows' cmd.exe or PowerShell (:func:`shell_of`).
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

Shell = Literal["posix", "cmd", "powershell"]

#: commands that have a make target of the same name (and use the Makefile's places)
MAKE_TARGETS = frozenset({"ingest", "problems", "files", "export", "extract", "check", "demo"})
#: options that say where things are: a next step needs the same ones to see the same store
_PLACES = ("--inbox", "--outbox", "--store", "--templates")


def shell_of(environ: Mapping[str, str]) -> Shell:
    """The shell a command was typed in, as far as its environment tells.

    Not Windows (no COMSPEC), or a POSIX shell on Windows (Git Bash, MSYS: SHELL, MSYSTEM):
    "posix". PowerShell puts the user's own modules folder (under USERPROFILE) in front of
    PSModulePath; cmd.exe sets PROMPT. Neither sign: PowerShell, Windows' default terminal.
    """
    env = {key.upper(): value for key, value in environ.items()}
    if "COMSPEC" not in env or "SHELL" in env or "MSYSTEM" in env:
        return "posix"
    home = env.get("USERPROFILE", "").lower()
    if home and home in env.get("PSMODULEPATH", "").lower():
        return "powershell"
    return "cmd" if "PROMPT" in env else "powershell"


#: words cmd.exe and PowerShell both read as they are (PowerShell reads `@` `,` `$` `;` and
#: cmd.exe `%` `^` `&` as operators): no quoting needed
_PLAIN = re.compile(r"[\w+=:./\\-]+", re.ASCII)


def quote(word: str, shell: Shell) -> str:
    """``word`` as one argument typed in ``shell``."""
    if shell == "posix":
        return shlex.quote(word)
    if _PLAIN.fullmatch(word):
        return word
    if shell == "powershell":  # single quotes are literal; a quote inside is doubled
        return "'" + word.replace("'", "''") + "'"
    return _double_quoted(word)


def _double_quoted(word: str) -> str:
    """For cmd.exe: in double quotes, backslashes before a quote (and at the end) doubled, as
    a Windows program reads its command line (the rules ``subprocess.list2cmdline`` follows)."""
    out, slashes = [], 0
    for ch in word:
        if ch == "\\":
            slashes += 1
            continue
        out.append("\\" * (2 * slashes + 1) + ch if ch == '"' else "\\" * slashes + ch)
        slashes = 0
    return '"' + "".join(out) + "\\" * (2 * slashes) + '"'


def _program(path: str, shell: Shell) -> str:
    """The program as typed: PowerShell runs a quoted program name only after ``&``."""
    quoted = quote(path, shell)
    return f"& {quoted}" if shell == "powershell" and quoted != path else quoted


def _started_as(argv: list[str], shell: Shell = "posix") -> str | None:
    """The command line's program as typed, or None when audit-docs was called from Python."""
    first = argv[0] if argv else ""
    name = Path(first).name
    if name == "__main__.py" and Path(first).parent.name == "audit_docs":
        return "python -m audit_docs"
    if name.startswith("audit-docs"):
        return _program(first, shell)
    return None


def _places(argv: list[str]) -> list[str]:
    given: list[str] = []
    for i, arg in enumerate(argv):
        if arg in _PLACES and i + 1 < len(argv):
            given += [arg, argv[i + 1]]
        elif arg.startswith(tuple(f"{p}=" for p in _PLACES)):
            given.append(arg)
    return given


def command(
    step: str,
    *args: str,
    argv: list[str] | None = None,
    via_make: bool = False,
    shell: Shell = "posix",
) -> str:
    """The command line for ``step`` (e.g. "problems"), with ``args``, as the user would type it
    in ``shell`` (the workspace's: :func:`shell_of` the environment it was started from)."""
    argv = sys.argv if argv is None else argv
    started = _started_as(argv, shell)
    places = _places(argv[1:]) if started else []
    if via_make and step in MAKE_TARGETS and not args and not places:
        return f"make {step}"
    start = started or "audit-docs"
    return " ".join([start, *(quote(w, shell) for w in [step, *args, *places])])
