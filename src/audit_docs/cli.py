"""The ``audit-docs`` command line: parse arguments, call one job, turn errors into a sentence.

Imports of the jobs are deferred to the command that needs them, so ``audit-docs --help``
and the light commands start fast (pandas and matplotlib load only for reports).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import signal
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from audit_docs import __version__
from audit_docs.errors import AuditDocsError, Stopped, StoreError

if TYPE_CHECKING:
    from audit_docs.jobs.places import Places


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

    places = argparse.ArgumentParser(add_help=False)
    group = places.add_argument_group("where things are")
    group.add_argument(
        "--inbox",
        type=Path,
        help="folder of forms and trackers (default inbox/, or $AUDIT_DOCS_INBOX)",
    )
    group.add_argument(
        "--outbox", type=Path, help="folder for documents (default outbox/, or $AUDIT_DOCS_OUTBOX)"
    )
    group.add_argument(
        "--store",
        type=Path,
        help="the audit store (default var/audits.sqlite, or $AUDIT_DOCS_STORE)",
    )
    group.add_argument(
        "--templates",
        type=Path,
        help="folder of the Word templates, e.g. a council's edited copies (default the "
        "templates/ shipped with audit-docs, or $AUDIT_DOCS_TEMPLATES)",
    )

    sub.add_parser(
        "ingest",
        parents=[places],
        help="read every new form and tracker in the inbox into the audit store",
        description="Read every .docx/.doc/.xlsx in the inbox (sub-folders too) into the store. "
        "Files already stored (same bytes) are skipped; a re-saved file replaces its earlier "
        "version, which is kept as history. Files are never moved or deleted. Prints a summary.",
    )
    sub.add_parser(
        "problems",
        parents=[places],
        help="write the data-quality workbook: every value that could not be read",
        description="Ingest the inbox, then write outbox/data-quality-YYYY-MM-DD.xlsx: one row "
        "per problem (file, sheet/row or form field, what was found, what to do), in the order "
        "to work on them, and print a one-line count.",
    )
    p = sub.add_parser(
        "export",
        parents=[places],
        help="write the store's records for analysts (xlsx, csv or json)",
        description="Write the normalised records: json (all tables) and csv (one table, "
        "default audits) to standard output or --output; xlsx (a sheet per table) to --output "
        "or outbox/audit-docs-export.xlsx. The same store always gives identical json and csv.",
    )
    p.add_argument("--format", required=True, choices=["xlsx", "csv", "json"], dest="fmt")
    p.add_argument("--output", type=Path, help="the file to write")
    p.add_argument("--table", help="one table only (audits, answers, section_ratings, ...)")

    p = sub.add_parser(
        "annual-report",
        parents=[places],
        help="ingest the inbox and write the annual QA case audit report (Word + figures JSON)",
        description="Ingest the inbox, then write outbox/annual-report-YYYY-YY.docx for the "
        "financial year starting 1 April YEAR, and its figures as annual-report-YYYY-YY.json.",
    )
    p.add_argument(
        "--year",
        required=True,
        help="the financial year: the year it starts in (2016), or 2016-17, or 2016/17",
    )
    p.add_argument(
        "--template",
        type=Path,
        help="a Word template to use instead of templates/annual-report.docx",
    )
    p.add_argument(
        "--charts",
        choices=["native", "picture"],
        default="native",
        help="native: Word charts whose data can be edited (default); picture: PNG images",
    )

    p = sub.add_parser(
        "guidance",
        parents=[places],
        help="ingest the inbox and write best-practice guidance for an audit round",
        description="Ingest the inbox, then write outbox/best-practice-guidance-FROM-TO.docx "
        "(and its figures as JSON) from the audits dated FROM to TO.",
    )
    p.add_argument(
        "--from", dest="start", required=True, type=_date, help="first audit date, YYYY-MM-DD"
    )
    p.add_argument(
        "--to", dest="end", required=True, type=_date, help="last audit date, YYYY-MM-DD"
    )
    p.add_argument("--sections", type=_sections, help="sections of the form to cover, e.g. 4,5")
    p.add_argument("--title", help="the document's title")
    p.add_argument(
        "--form", help="the id of the audit form the guidance is about (default: the first)"
    )

    p = sub.add_parser(
        "templates",
        parents=[places],
        help="check the Word templates after editing them",
        description="Render every template against the figures of the sample data in a dry run "
        "and report, per template, values it uses that the figures do not have, tags Word has "
        "split, and misplaced table-row loops. Exit status 1 when any template has a problem.",
    )
    p.add_argument("action", choices=["check"], help="what to do: check")
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _sections(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    with _stop_on_sigterm():
        try:
            return _run(args)
        except AuditDocsError as exc:
            print(f"audit-docs: {exc}", file=sys.stderr)
            return 2
        except (KeyboardInterrupt, Stopped) as exc:
            how = "by Ctrl-C" if isinstance(exc, KeyboardInterrupt) else "by a request to end"
            print(
                f"audit-docs: stopped {how}; every file finished before that is kept, and "
                "running the command again carries on from there.",
                file=sys.stderr,
            )
            return 128 + (exc.signum if isinstance(exc, Stopped) else signal.SIGINT)
        except BrokenPipeError:
            # the reader of our output went away (e.g. `| head`): stop quietly, like other tools
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1
        except OSError as exc:
            from audit_docs.faults import describe_os_error

            print(f"audit-docs: {describe_os_error(exc)}", file=sys.stderr)
            return 2


def _raise_stopped(signum: int, _frame: FrameType | None) -> None:
    raise Stopped(signum)


@contextlib.contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """SIGTERM (a scheduler, `kill`) stops a run like Ctrl-C: the file in hand rolls back."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_stopped)
    except ValueError:  # not the main thread (a caller embedding audit-docs): leave it be
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
    if args.command == "extract":
        from audit_docs.jobs.read_forms import extract

        return extract(args.paths)
    if args.command == "check":
        from audit_docs.jobs.read_forms import check

        return check(args.paths)
    return _run_with_places(args)


def _run_with_places(args: argparse.Namespace) -> int:
    from audit_docs.jobs.places import resolve_places

    places = resolve_places(args.inbox, args.outbox, args.store, templates=args.templates)
    try:
        return _command(args, places)
    except sqlite3.Error as exc:  # what SQLite said about the store, as a sentence
        from audit_docs.store.db import describe

        raise StoreError(describe(exc, places.store)) from exc


def _command(args: argparse.Namespace, places: Places) -> int:
    if args.command == "ingest":
        from audit_docs.jobs.ingest import ingest

        summary = ingest(places.inbox, places.store)
        return 1 if summary.refused else 0
    if args.command == "problems":
        from audit_docs.jobs.problems import problems

        problems(places)
        return 0
    if args.command == "export":
        from audit_docs.jobs.export import export

        export(places, args.fmt, args.output, args.table)
        return 0
    if args.command == "annual-report":
        from audit_docs.jobs.annual_report import annual_report

        annual_report(places, args.year, args.template, charts=args.charts)
        return 0
    if args.command == "guidance":
        from audit_docs.jobs.guidance import guidance

        guidance(places, args.start, args.end, args.sections, args.title, form=args.form)
        return 0
    if args.command == "templates":
        from audit_docs.jobs.templates import check_templates

        return check_templates(places)
    raise AssertionError(args.command)
