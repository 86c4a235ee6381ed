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
from audit_docs.cli_parser import Parser, add_verbosity, exit_table
from audit_docs.completion import SHELLS
from audit_docs.errors import AuditDocsError, Stopped, StoreError

if TYPE_CHECKING:
    from audit_docs.workspace import Definitions, Workspace


def _parser() -> argparse.ArgumentParser:  # noqa: PLR0915 (a few statements a command)
    parser: argparse.ArgumentParser = Parser(
        prog="audit-docs",
        description="Read children's services case audit forms and trackers; write QA reports.",
        epilog=exit_table(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        "has a problem (a notice, such as an unanswered question or a column audit-docs does "
        "not know, is shown but is not a problem), 1 otherwise.",
    )
    p.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="a form, or a folder of forms"
    )
    _forms_option(p)

    places = argparse.ArgumentParser(add_help=False)
    group = places.add_argument_group("where things are")
    group.add_argument(
        "--inbox",
        type=Path,
        metavar="DIR",
        help="folder of forms and trackers (default inbox/, or $AUDIT_DOCS_INBOX)",
    )
    group.add_argument(
        "--outbox",
        type=Path,
        metavar="DIR",
        help="folder for documents (default outbox/, or $AUDIT_DOCS_OUTBOX)",
    )
    group.add_argument(
        "--store",
        type=Path,
        metavar="FILE",
        help="the audit store (default var/audits.sqlite, or $AUDIT_DOCS_STORE)",
    )
    group.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="the folder of every document's Word template, e.g. a council's edited copies "
        "(default the templates/ shipped with audit-docs, or $AUDIT_DOCS_TEMPLATES); "
        "--template FILE replaces one report's template only",
    )
    _forms_option(group)

    group.add_argument(
        "--settings",
        type=Path,
        metavar="FILE",
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
    _backup_parser(sub, places)
    p = sub.add_parser(
        "files",
        parents=[places],
        help="list every file the store knows: read, copied, refused, replaced or forgotten",
        description="Ingest the inbox, then list every file the store knows with its status "
        "(current, replaced, duplicate, refused, unreadable, forgotten), the sentence saying "
        "why where it was not read, and how many audits and problems count from it now. The "
        "ingest summary goes to standard error.",
    )
    p.add_argument(
        "--format",
        choices=["table", "json"],
        default="table",
        dest="fmt",
        help="table: for people (default); json: for programs (docs/contracts/files-json.md)",
    )

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
        description="Ingest the inbox, then write the normalised records: json (all tables) "
        "and csv (one table, default audits; UTF-8 with a byte-order mark) to standard output "
        "or --output; xlsx (each table an Excel Table) to --output or "
        "outbox/audit-docs-export.xlsx; then say what was written where. The same store always "
        "gives identical json and csv.",
    )
    p.add_argument(
        "--format",
        required=True,
        choices=["xlsx", "csv", "json"],
        dest="fmt",
        help="xlsx: a workbook; csv: one table; json: every table",
    )
    p.add_argument("--output", type=Path, metavar="FILE", help="the file to write")
    p.add_argument("--table", help="one table only (audits, answers, section_ratings, ...)")

    p = sub.add_parser(
        "annual-report",
        parents=[places, commentary],
        help="ingest the inbox and write the annual QA case audit report (Word + figures JSON)",
        description="Ingest the inbox, then write outbox/annual-report-YYYY-YY.docx for the "
        "financial year starting 1 April YEAR, and its figures as annual-report-YYYY-YY.json. "
        "Exit status 1 when a Word or Excel file in the inbox could not be read (the report is "
        "still written, from every file that could).",
    )
    p.add_argument(
        "--year",
        required=True,
        help="the financial year: the year it starts in (2016), or 2016-17, or 2016/17",
    )
    p.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help="one Word template file for this report, instead of annual-report.docx in the "
        "--templates folder",
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
        "(and its figures as JSON) from the audits dated FROM to TO. Exit status 1 when a Word "
        "or Excel file in the inbox could not be read (the guidance is still written).",
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
    p.add_argument(
        "--document",
        metavar="NAME",
        help="the document the commentary is for (annual-report, guidance); default: the "
        "annual report with --year, the guidance with --from and --to",
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
    _forms_parser(sub)
    _completion_parser(sub)
    _getting_started_parsers(sub)
    add_verbosity(parser)
    return parser


def _completion_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or PowerShell)",
        description="Print the script that completes audit-docs commands and options as you "
        'type. bash: add `eval "$(audit-docs completion bash)"` to ~/.bashrc; zsh: '
        '`eval "$(audit-docs completion zsh)"` in ~/.zshrc (after compinit); PowerShell: '
        "`audit-docs completion powershell | Out-String | Invoke-Expression` in your $PROFILE.",
    )
    p.add_argument("shell", choices=SHELLS, help="the shell: bash, zsh or powershell")


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
    p.add_argument(
        "folder", nargs="?", type=Path, metavar="FOLDER", help="the working folder (default: here)"
    )


def _forms_option(group: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--forms",
        type=Path,
        metavar="DIR",
        help="a folder of your own form definitions (YAML), read besides the shipped ones "
        "(or $AUDIT_DOCS_FORMS); each form is read with the definition that matches it best",
    )


def _backup_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], places: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "backup",
        parents=[places],
        help="copy the audit store safely, even while another run writes to it",
        description="Copy the store (--store) to DEST, a file or a folder, with SQLite's online "
        "backup: a whole, consistent copy even during an ingest, checked before it is named. "
        "Copy the store this way, never by copying its file: what the latest runs wrote may "
        "still be in the -wal file beside it.",
    )
    p.add_argument("dest", type=Path, metavar="DEST", help="where to put the copy")


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
    p.add_argument("blank", type=Path, metavar="BLANK.docx", help="the council's Word form")
    p.add_argument(
        "--output", type=Path, required=True, metavar="DEF.yaml", help="the definition to write"
    )
    p = actions.add_parser(
        "check",
        help="show what a definition finds in a blank form, and what it cannot place",
        description="Exit status 0 when every header field, section and question of the "
        "definition is found on the form, 1 otherwise.",
    )
    p.add_argument("definition", type=Path, metavar="DEF.yaml", help="the form definition")
    p.add_argument("blank", type=Path, metavar="BLANK.docx", help="the blank Word form")
    p.add_argument(
        "--show",
        type=Path,
        metavar="OUT.docx",
        help="also write a copy of the blank with a Word comment on every part the "
        "definition reads, and on the boxes and labels it does not",
    )
    p = actions.add_parser(
        "blank",
        help="write a clean fillable Word form from a definition",
        description="Check boxes, drop-downs and date pickers (content controls), a header "
        "grid, a heading per section and comment boxes.",
    )
    p.add_argument("definition", type=Path, metavar="DEF.yaml", help="the form definition")
    p.add_argument(
        "--output", type=Path, required=True, metavar="BLANK.docx", help="the Word form to write"
    )
    p = actions.add_parser(
        "list",
        help="list the form definitions in use",
        description="List each form definition in use: its id, title and where it comes from.",
    )
    _forms_option(p)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        if len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit():
            raise argparse.ArgumentTypeError(
                f"{text!r} is written YYYY-MM-DD but is no day of the calendar; check the month "
                "and the day"
            ) from None
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _sections(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _never_fail_on_a_character() -> None:
    """Text to a terminal or a file never stops a run on a character the console's encoding
    lacks (cp1252 redirected on Windows, ISO-8859-1, C): it is replaced, so "✓" shows as "?"."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _data_on_standard_output(args: argparse.Namespace) -> bool:
    """The command writes JSON or CSV for another program to standard output."""
    if args.command == "extract":
        return True
    if args.command == "files":
        return bool(args.fmt == "json")
    return args.command == "export" and args.fmt in {"json", "csv"} and args.output is None


def _utf8_data(args: argparse.Namespace) -> None:
    """JSON and CSV sent to a file or another program are UTF-8, whatever the locale; on a
    terminal they stay in its encoding, for reading."""
    out = sys.stdout
    if _data_on_standard_output(args) and hasattr(out, "reconfigure") and not out.isatty():
        out.reconfigure(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    _never_fail_on_a_character()
    args = _parser().parse_args(argv)
    _utf8_data(args)
    with _stop_on_sigterm():
        try:
            return _run(args)
        except AuditDocsError as exc:
            from audit_docs.read.files import shown  # names in it: never a forged line

            print(f"audit-docs: {shown(str(exc))}", file=sys.stderr)
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
            from audit_docs.read.files import shown

            print(f"audit-docs: {shown(describe_os_error(exc))}", file=sys.stderr)
            return 2


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
    if args.command == "completion":
        from audit_docs.completion import script

        sys.stdout.write(script(args.shell, _parser()))
        return 0
    if args.command in {"forms", "extract", "check"}:
        from audit_docs.workspace import resolve_definitions, soffice_in

        definitions = resolve_definitions(getattr(args, "forms", None))
        if args.command == "forms":
            return _forms(args, definitions)
        from audit_docs.jobs import read_forms

        run = read_forms.extract if args.command == "extract" else read_forms.check
        return run(
            args.paths,
            forms=definitions.forms,
            forms_folder=definitions.folder,
            soffice=soffice_in(),
            verbosity=args.verbosity,
        )
    if args.command in {"demo", "init"}:
        from audit_docs.jobs import getting_started
        from audit_docs.workspace import shell_in, via_make_in

        if args.command == "demo":
            getting_started.demo(args.outbox, via_make=via_make_in(), shell=shell_in())
        else:
            getting_started.init(args.folder, shell=shell_in())
        return 0
    from audit_docs.workspace import Options, resolve

    ws = resolve(
        Options(
            inbox=args.inbox,
            outbox=args.outbox,
            store=args.store,
            templates=args.templates,
            forms=args.forms,
            settings=args.settings,
            commentary=getattr(args, "commentary", None),
            verbosity=args.verbosity,
        )
    )
    try:
        return _command(args, ws)
    except sqlite3.Error as exc:  # what SQLite said about the store, as a sentence
        from audit_docs.store.db import describe

        raise StoreError(describe(exc, ws.places.store, ws.busy_timeout)) from exc


def _forms(args: argparse.Namespace, definitions: Definitions) -> int:
    from audit_docs.jobs import forms

    if args.action == "draft":
        return forms.draft_definition(args.blank, args.output)
    if args.action == "check":
        return forms.check_definition(args.definition, args.blank, show=args.show)
    if args.action == "blank":
        return forms.write_blank(args.definition, args.output)
    return forms.list_definitions(definitions)


def _command(args: argparse.Namespace, ws: Workspace) -> int:
    places = ws.places
    if args.command == "ingest":
        from audit_docs.jobs.ingest import ingest_command

        return ingest_command(ws)
    if args.command == "problems":
        from audit_docs.jobs.problems import problems

        problems(ws)
        return 0
    if args.command == "backup":
        from audit_docs.jobs.backup import backup

        backup(places.store, args.dest, busy_timeout=ws.busy_timeout)
        return 0
    if args.command == "files":
        from audit_docs.jobs.files import files

        files(ws, args.fmt)
        return 0
    if args.command == "forget":
        from audit_docs.jobs.forget import forget

        forget(places, args.names, undo=args.undo, via_make=ws.via_make, shell=ws.shell)
        return 0
    if args.command == "export":
        from audit_docs.jobs.export import export

        export(ws, args.fmt, args.output, args.table)
        return 0
    if args.command in {"annual-report", "guidance", "commentary"}:
        return _document(args, ws)
    if args.command == "templates":
        from audit_docs.jobs.templates import check_templates

        return check_templates(ws)
    raise AssertionError(args.command)


def _document(args: argparse.Namespace, ws: Workspace) -> int:
    from audit_docs.documents.kind import Request

    if getattr(args, "charts", None) == "picture":
        from audit_docs.extras import require_picture_charts

        require_picture_charts()
    request = Request(
        year=getattr(args, "year", None),
        start=getattr(args, "start", None),
        end=getattr(args, "end", None),
        sections=tuple(args.sections) if getattr(args, "sections", None) else None,
        title=getattr(args, "title", None),
        form=getattr(args, "form", None),
        template=getattr(args, "template", None),
        charts=getattr(args, "charts", "native"),
    )
    if args.command == "commentary":
        from audit_docs.jobs.commentary import commentary_for

        commentary_for(ws, request, args.document)
        return 0
    from audit_docs.jobs.publish import document, publish_command

    return publish_command(ws, document(ws, args.command), request)
