"""The ``audit-docs`` command line: parse arguments, call one job, turn errors into a sentence.

Imports of the jobs are deferred to the command that needs them, so ``audit-docs --help``
and the light commands start fast (pandas and matplotlib load only for reports).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from audit_docs import __version__
from audit_docs.errors import AuditDocsError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="audit-docs",
        description="Read children's services case audit forms and trackers; write QA reports.",
    )
    parser.add_argument("--version", action="version", version=f"audit-docs {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "extract",
        help="print the values read: one JSON line per Word form and per tracker row",
        description="Read completed audit forms and Excel trackers (files, or folders searched "
        "for .docx/.doc/.xlsx) and print one JSON object per form (docs/contracts/extract-json.md) "
        "and per tracker record (with source, sheet, row, kind) on standard output. "
        "Exit status 1 when any file could not be read.",
    )
    p.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="a form, or a folder of forms"
    )

    p = sub.add_parser(
        "check",
        help="show an auditor what was read from each form or tracker, problems first",
        description="Print a receipt for each form: the form matched, the controls found, every "
        "problem, then the header, answers and ratings as read. Exit status 0 when no form "
        "has a problem, 1 otherwise.",
    )
    p.add_argument(
        "paths", nargs="+", type=Path, metavar="FILE", help="a form, or a folder of forms"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            from audit_docs.jobs.read_forms import extract

            return extract(args.paths)
        if args.command == "check":
            from audit_docs.jobs.read_forms import check

            return check(args.paths)
    except AuditDocsError as exc:
        print(f"audit-docs: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("audit-docs: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our output went away (e.g. `| head`): stop quietly, like other tools
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 2
