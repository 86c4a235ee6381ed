"""The command line's parser habits: "did you mean", one sentence for a usage error, the
exit statuses, and ``--quiet``/``--verbose`` on every command.

cli.py declares the commands and their options; this module makes the parser behave as
people expect of a command-line tool: a mistyped command or option gets the nearest one
(``audit-docs anual-report`` -> "did you mean annual-report?", ``--yaer`` -> "did you mean
--year?") rather than a list or "required: --year", with exit status 2 and one line.
"""

from __future__ import annotations

import argparse
import difflib
import textwrap
from collections.abc import Iterator
from typing import Any, NoReturn

#: the exit statuses, one meaning each (also in docs/commands.md, tested per command)
EXIT_STATUSES: tuple[tuple[int, str], ...] = (
    (
        0,
        "success: what was asked for was read and written (problems, files and commentary "
        "name a file that could not be read, and still exit 0)",
    ),
    (
        1,
        "a Word or Excel file could not be read; everything else was still read and "
        "written (ingest, annual-report, guidance, extract); or a check found a problem "
        "(check, templates check, forms check)",
    ),
    (
        2,
        "the command could not run: a mistyped command or option, a missing folder, a bad "
        "settings file or store; one sentence says which",
    ),
    (130, "stopped by Ctrl-C; every file finished before that is kept"),
    (143, "stopped by a request to end (a scheduler, `kill`); the same"),
)


def exit_table() -> str:
    """The exit statuses as the epilog of ``audit-docs --help``."""
    lines = ["exit status:"]
    for code, meaning in EXIT_STATUSES:
        lines += textwrap.wrap(
            meaning, 78, initial_indent=f"  {code:<5}", subsequent_indent=" " * 7
        )
    return "\n".join(lines)


class Parser(argparse.ArgumentParser):
    """An argument parser that suggests the nearest command or option for a mistyped one."""

    def error(self, message: str) -> NoReturn:
        """One line on standard error, and exit status 2 (as argparse, without the usage)."""
        if "did you mean" not in message:
            message += f" (`{self.prog} --help` lists what it takes)"
        self.exit(2, f"{self.prog}: {message}\n")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(c) for c in choices]
        near = difflib.get_close_matches(str(value), names, n=1)
        if isinstance(action, argparse._SubParsersAction):
            said = f"unknown command ‘{value}’"
            rest = f"the commands are {', '.join(names)}"
        else:
            said = f"invalid choice: {value!r} for {_named(action)}"
            rest = f"choose {', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else ""
        hint = f"did you mean {near[0]}?" if near else rest
        raise argparse.ArgumentError(None, f"{said}; {hint}" if hint else said)

    def _parse_known_args(self, arg_strings: list[str], *rest: Any) -> Any:
        """Before argparse looks for required options: an unknown one, with its nearest."""
        unknown = self._unknown_option(arg_strings)
        if unknown is not None:
            near = difflib.get_close_matches(unknown, list(self._option_string_actions), n=1)
            if near:
                hint = f"; did you mean {near[0]}?"
            elif "." in unknown.lstrip("-"):  # a file's name, such as -rf.docx
                hint = (
                    "; a file whose name starts with '-' goes after --, as in "
                    f"`{self.prog} -- {unknown}`"
                )
            else:
                hint = ""
            self.error(f"unknown option {unknown}{hint}")
        return super()._parse_known_args(arg_strings, *rest)

    def _unknown_option(self, arg_strings: list[str]) -> str | None:
        """The first option this parser does not know (before its sub-command, if it has
        sub-commands: the rest is theirs), or None."""
        commands = self._subparsers is not None
        for token in arg_strings:
            if token == "--":
                return None
            if not token.startswith("-") or token == "-" or _is_number(token):
                if commands:
                    return None
                continue
            name = token.split("=", 1)[0]
            if name in self._option_string_actions:
                continue
            if name.startswith("--"):
                if any(known.startswith(name) for known in self._option_string_actions):
                    continue  # an abbreviation argparse accepts, or calls ambiguous itself
            elif name[:2] in self._option_string_actions:
                if "." in name and self._option_string_actions[name[:2]].nargs == 0:
                    return name  # a file's name, such as -h.docx: no flag takes a value
                continue  # short options written together (-qv) or with their value (-ofile)
            return name
        return None


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _named(action: argparse.Action) -> str:
    if action.option_strings:
        return max(action.option_strings, key=len)
    return str(action.metavar or action.dest)


def commands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every command and sub-command (``forms draft``), with its parser, in declared order;
    the top-level parser as ""."""

    def walk(
        name: str, p: argparse.ArgumentParser
    ) -> Iterator[tuple[str, argparse.ArgumentParser]]:
        yield name, p
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child, sub in action.choices.items():
                    yield from walk(f"{name} {child}".strip(), sub)

    yield from walk("", parser)


def leaves(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """The commands that run something (not ``forms`` alone, which takes a sub-command)."""
    for name, p in commands(parser):
        if name and p._subparsers is None:
            yield name, p


def add_verbosity(parser: argparse.ArgumentParser) -> None:
    """``--quiet`` and ``--verbose`` on every command (``args.verbosity``: progress.py)."""
    for _name, p in leaves(parser):
        group = p.add_argument_group("what is said").add_mutually_exclusive_group()
        group.add_argument(
            "-q",
            "--quiet",
            dest="verbosity",
            action="store_const",
            const="quiet",
            default="normal",
            help="say only errors and the one-line result: no summary, no progress bar",
        )
        group.add_argument(
            "-v",
            "--verbose",
            dest="verbosity",
            action="store_const",
            const="verbose",
            help="also name each file as it is read, and say how long each step took",
        )
