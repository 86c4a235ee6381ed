"""The ``audit-docs`` command line: parse arguments, call one job, turn errors into a sentence.

Imports of the jobs are deferred to the command that needs them, so ``audit-docs --help``
and the light commands start fast (matplotlib loads only for reports).
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
    _forms_option(p)

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
    _forms_option(p)

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
    _forms_option(group)

    group.add_argument(
        "--settings",
        type=Path,
        help="the council's settings: name, logo, author… (default ./audit-docs.toml when "
        "present, or $AUDIT_DOCS_SETTINGS)",
    )
    commentary = argparse.ArgumentParser(add_help=False)
    commentary.add_argument(
        "--commentary",
        type=Path,
        metavar="DIR",
        help="folder of the officer's commentary documents (default commentary/, or "
        "$AUDIT_DOCS_COMMENTARY)",
    )

    sub.add_parser(
        "ingest",
        parents=[places],
        help="read every new form and tracker in the inbox into the audit store",
        description="Read every form (.docx/.doc/.odt) and tracker (.xlsx) in the inbox "
        "(sub-folders too) into the store; every other file is listed with the reason it is not "
        "read. Files already stored (same bytes) are skipped; a re-saved file replaces its "
        "earlier version, which is kept as history. Files are never moved or deleted. Prints a "
        "summary. Exit status 1 when a Word or Excel file could not be read.",
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
        "files",
        parents=[places],
        help="list every file the store knows: read, copied, refused, replaced or forgotten",
        description="Ingest the inbox, then list every file the store knows with its status "
        "(current, replaced, duplicate, refused, unreadable, forgotten), the sentence saying "
        "why where it was not read, and how many audits and problems count from it now. The "
        "ingest summary goes to standard error.",
    )
    p.add_argument("--format", choices=["table", "json"], default="table", dest="fmt")

    p = sub.add_parser(
        "forget",
        parents=[places],
        help="withdraw files from every report and export (nothing is deleted; --undo restores)",
        description="Withdraw stored files: their audits, answers, ratings, thematic rows and "
        "problems leave every report and export, whether or not the files are still in the "
        "inbox. Nothing is deleted; putting the same file back does not bring it back, "
        "`forget --undo PATH` does.",
    )
    p.add_argument(
        "names",
        nargs="+",
        metavar="PATH",
        help="a file as `audit-docs files` lists it (its path in the inbox), or its SHA-256",
    )
    p.add_argument("--undo", action="store_true", help="count the files again")

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
        parents=[places, commentary],
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
        parents=[places, commentary],
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
        "commentary",
        parents=[places, commentary],
        help="write the Word document to write the report's analysis in, kept across runs",
        description="Write commentary/annual-report-YYYY-YY.docx (with --year) or "
        "commentary/best-practice-guidance-FROM-TO.docx (with --from and --to): the report's "
        "headings, a hint under each, and room to write. What is written there goes under the "
        "same heading whenever the report is built. Run again, it only adds the headings the "
        "report has gained.",
    )
    p.add_argument("--year", help="the annual report's financial year (2016, 2016-17)")
    p.add_argument("--from", dest="start", type=_date, help="the guidance's first audit date")
    p.add_argument("--to", dest="end", type=_date, help="the guidance's last audit date")

    p = sub.add_parser(
        "templates",
        parents=[places],
        help="check the Word templates after editing them",
        description="Render every template against the figures of the sample data in a dry run "
        "and report, per template, values it uses that the figures do not have, tags Word has "
        "split, and misplaced table-row loops. Exit status 1 when any template has a problem.",
    )
    p.add_argument("action", choices=["check"], help="what to do: check")
    _forms_parser(sub)
    _getting_started_parsers(sub)
    return parser


def _getting_started_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "demo",
        help="build the sample report, guidance and data-quality list from the shipped examples",
        description="Build the annual report, best-practice guidance and data-quality list from "
        "the sample forms and trackers shipped with audit-docs, through a store of its own in a "
        "temporary folder (your inbox, store and commentary are not touched).",
    )
    p.add_argument(
        "--outbox", type=Path, help="folder for the sample documents (default outbox/demo)"
    )
    p = sub.add_parser(
        "init",
        help="make a working folder: inbox/, outbox/ and a commented audit-docs.toml",
        description="Make FOLDER (default: the current folder) ready for audit-docs: inbox/ for "
        "the forms and trackers, outbox/ for the documents, and audit-docs.toml with the "
        "council's settings commented out. Nothing already there is changed.",
    )
    p.add_argument("folder", nargs="?", type=Path, metavar="FOLDER")


def _forms_option(group: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--forms",
        type=Path,
        metavar="DIR",
        help="a folder of your own form definitions (YAML), read besides the shipped ones "
        "(or $AUDIT_DOCS_FORMS); each form is read with the definition that matches it best",
    )


def _forms_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    forms = sub.add_parser(
        "forms",
        help="adapt audit-docs to your council's form: draft, check, blank, list",
        description="Draft a form definition from your blank Word form, check it against the "
        "blank, write a fillable blank from a definition, or list the definitions in use.",
    )
    actions = forms.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = actions.add_parser(
        "draft",
        help="draft a definition (YAML) from a blank or filled Word form",
        description="Read the blank form's title, labels, sections, questions and grades and "
        "write a definition; every guess is marked '# guessed:' in the file.",
    )
    p.add_argument("blank", type=Path, metavar="BLANK.docx")
    p.add_argument("--output", type=Path, required=True, metavar="DEF.yaml")
    p = actions.add_parser(
        "check",
        help="show what a definition finds in a blank form, and what it cannot place",
        description="Exit status 0 when every header field, section and question of the "
        "definition is found on the form, 1 otherwise.",
    )
    p.add_argument("definition", type=Path, metavar="DEF.yaml")
    p.add_argument("blank", type=Path, metavar="BLANK.docx")
    p = actions.add_parser(
        "blank",
        help="write a clean fillable Word form from a definition",
        description="Check boxes, drop-downs and date pickers (content controls), a header "
        "grid, a heading per section and comment boxes.",
    )
    p.add_argument("definition", type=Path, metavar="DEF.yaml")
    p.add_argument("--output", type=Path, required=True, metavar="BLANK.docx")
    p = actions.add_parser("list", help="list the form definitions in use")
    _forms_option(p)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _sections(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    forms_before = _use_forms(getattr(args, "forms", None))
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
        finally:
            _restore_forms(forms_before)


def _raise_stopped(signum: int, _frame: FrameType | None) -> None:
    raise Stopped(signum)


#: requests to end a run: SIGTERM (a scheduler, `kill`), and where the platform has it
#: SIGBREAK (Ctrl-Break, or the console window closed, on Windows)
_REQUESTS_TO_END = [getattr(signal, n) for n in ("SIGTERM", "SIGBREAK") if hasattr(signal, n)]


@contextlib.contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """A request to end stops a run like Ctrl-C: the file in hand rolls back."""
    try:
        previous = {signum: signal.signal(signum, _raise_stopped) for signum in _REQUESTS_TO_END}
    except ValueError:  # not the main thread (a caller embedding audit-docs): leave it be
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _run(args: argparse.Namespace) -> int:
    if args.command == "forms":
        return _forms(args)
    if args.command == "extract":
        from audit_docs.jobs.read_forms import extract

        return extract(args.paths)
    if args.command == "check":
        from audit_docs.jobs.read_forms import check

        return check(args.paths)
    if args.command in {"demo", "init"}:
        from audit_docs.jobs import getting_started

        if args.command == "demo":
            getting_started.demo(args.outbox)
        else:
            getting_started.init(args.folder)
        return 0
    return _run_with_places(args)


#: read by audit_docs.read.formdef (FORMS_ENV); named here so that --help stays fast
FORMS_ENV = "AUDIT_DOCS_FORMS"


def _use_forms(folder: Path | None) -> str | None:
    """Point every reader, worker processes too, at ``--forms``; returns what was there before."""
    before = os.environ.get(FORMS_ENV)
    if folder is not None:
        os.environ[FORMS_ENV] = str(folder)
    return before


def _restore_forms(before: str | None) -> None:
    """Leave the environment as it was (a test calling main() leaks nothing)."""
    if before is None:
        os.environ.pop(FORMS_ENV, None)
    else:
        os.environ[FORMS_ENV] = before


def _forms(args: argparse.Namespace) -> int:
    from audit_docs.jobs import forms

    if args.action == "draft":
        return forms.draft_definition(args.blank, args.output)
    if args.action == "check":
        return forms.check_definition(args.definition, args.blank)
    if args.action == "blank":
        return forms.write_blank(args.definition, args.output)
    return forms.list_definitions()


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
        return 1 if summary.failed else 0
    if args.command == "problems":
        from audit_docs.jobs.problems import problems

        problems(places)
        return 0
    if args.command == "files":
        from audit_docs.jobs.files import files

        files(places, args.fmt)
        return 0
    if args.command == "forget":
        from audit_docs.jobs.forget import forget

        forget(places, args.names, undo=args.undo)
        return 0
    if args.command == "export":
        from audit_docs.jobs.export import export

        export(places, args.fmt, args.output, args.table)
        return 0
    if args.command in {"annual-report", "guidance", "commentary"}:
        return _document(args, places)
    if args.command == "templates":
        from audit_docs.jobs.templates import check_templates

        return check_templates(places)
    raise AssertionError(args.command)


def _document(args: argparse.Namespace, places: Places) -> int:
    from audit_docs.settings import load_settings

    settings = load_settings(args.settings)
    if getattr(args, "charts", None) == "picture":
        from audit_docs.extras import require_picture_charts

        require_picture_charts()
    if args.command == "annual-report":
        from audit_docs.documents.annual_report import annual_report

        annual_report(
            places,
            args.year,
            args.template,
            charts=args.charts,
            settings=settings,
            commentary=args.commentary,
        )
        return 0
    if args.command == "guidance":
        from audit_docs.documents.guidance import guidance

        guidance(
            places,
            args.start,
            args.end,
            args.sections,
            args.title,
            form=args.form,
            settings=settings,
            commentary=args.commentary,
        )
        return 0
    from audit_docs.jobs import commentary

    options = {"settings": settings, "folder": args.commentary}
    if args.year and not (args.start or args.end):
        commentary.annual_commentary(places, args.year, **options)
    elif args.start and args.end and not args.year:
        commentary.guidance_commentary(places, args.start, args.end, **options)
    else:
        from audit_docs.errors import UsageError

        raise UsageError(
            "Say which document the commentary is for: --year 2016 for the annual report, "
            "or --from 2016-04-01 --to 2017-03-31 for the guidance (not both)."
        )
    return 0
