"""``audit-docs extract`` and ``audit-docs check``: read forms and trackers, print what was read."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TextIO, TypeVar, overload

from audit_docs.jobs.inputs import find_inputs
from audit_docs.progress import BAR_FROM, Shown, Verbosity
from audit_docs.read.files import EXCEL_SUFFIXES
from audit_docs.read.formdef import FormDefinition, worker_definitions
from audit_docs.read.word.forms_reader import WORD_SUFFIXES, read_form
from audit_docs.records import FileFailure, FormResult, Problem, WorkbookResult

ReadResult = FormResult | WorkbookResult
T = TypeVar("T")


def _safe_read(
    forms: tuple[FormDefinition, ...], path: Path, soffice: Path | None = None
) -> ReadResult:
    """Readers never raise for a bad file; this also keeps a bug from hiding other files."""
    try:
        missing = not path.exists()
    except OSError:  # a path too long to look at: the reader says so in a sentence
        missing = False
    if missing:
        return FileFailure(
            path.name,
            None,
            f"{path}: there is no such file or folder; check the path.",
            "not-found",
        )
    try:
        if path.suffix.lower() in (*EXCEL_SUFFIXES, ".xls"):
            from audit_docs.read.excel.workbook import read_workbook  # openpyxl: only for trackers

            return read_workbook(path)
        return read_form(path, forms, soffice=soffice)
    except Exception:  # one bad file must never stop the others
        return FileFailure(
            path.name,
            None,
            f"{path.name}: audit-docs met something in this file it does not expect and could "
            "not read it; please send the file to the audit-docs team so that it can be fixed.",
            "internal-error",
        )


#: below this many files a process pool costs more than it saves
PARALLEL_FROM = 64


def _workers(count: int) -> int:
    return min(os.cpu_count() or 1, 8) if count >= PARALLEL_FROM else 1


Then = Callable[[ReadResult, tuple[FormDefinition, ...]], T]


@overload
def read_all(
    paths: list[Path],
    err: TextIO,
    workers: int | None = None,
    then: None = None,
    *,
    forms: tuple[FormDefinition, ...] | None = None,
    forms_folder: Path | None = None,
    soffice: Path | None = None,
    verbosity: Verbosity = "normal",
) -> Iterator[ReadResult]: ...


@overload
def read_all(
    paths: list[Path],
    err: TextIO,
    workers: int | None = None,
    *,
    then: Then[T],
    forms: tuple[FormDefinition, ...] | None = None,
    forms_folder: Path | None = None,
    soffice: Path | None = None,
    verbosity: Verbosity = "normal",
) -> Iterator[T]: ...


def read_all(
    paths: list[Path],
    err: TextIO,
    workers: int | None = None,
    then: Then[T] | None = None,
    *,
    forms: tuple[FormDefinition, ...] | None = None,
    forms_folder: Path | None = None,
    soffice: Path | None = None,
    verbosity: Verbosity = "normal",
) -> Iterator[T] | Iterator[ReadResult]:
    """Every file's result, in input order (folders searched for forms and trackers)."""
    found = find_inputs(paths, WORD_SUFFIXES + EXCEL_SUFFIXES)
    return read_files(
        found,
        err,
        workers,
        then,
        forms=forms,
        forms_folder=forms_folder,
        soffice=soffice,
        verbosity=verbosity,
    )


def _read_with(
    forms: tuple[FormDefinition, ...], soffice: Path | None, then: Then[T] | None, path: Path
) -> Any:
    result = _safe_read(forms, path) if soffice is None else _safe_read(forms, path, soffice)
    return result if then is None else then(result, forms)


def _read_in_worker(
    folder: str | None, soffice: Path | None, then: Then[T] | None, path: Path
) -> Any:
    """In a worker process: the definitions are loaded there once, from the folder's name."""
    return _read_with(worker_definitions(folder), soffice, then, path)


@overload
def read_files(
    files: list[Path],
    err: TextIO,
    workers: int | None = None,
    then: None = None,
    *,
    forms: tuple[FormDefinition, ...] | None = None,
    forms_folder: Path | None = None,
    soffice: Path | None = None,
    verbosity: Verbosity = "normal",
) -> Iterator[ReadResult]: ...


@overload
def read_files(
    files: list[Path],
    err: TextIO,
    workers: int | None,
    then: Then[T],
    *,
    forms: tuple[FormDefinition, ...] | None = None,
    forms_folder: Path | None = None,
    soffice: Path | None = None,
    verbosity: Verbosity = "normal",
) -> Iterator[T]: ...


def read_files(
    files: list[Path],
    err: TextIO,
    workers: int | None = None,
    then: Then[T] | None = None,
    *,
    forms: tuple[FormDefinition, ...] | None = None,
    forms_folder: Path | None = None,
    soffice: Path | None = None,
    verbosity: Verbosity = "normal",
) -> Iterator[T] | Iterator[ReadResult]:
    """Each file's result, in order; large batches are read on all cores, with progress
    (a bar on a terminal, each file under verbose: progress.py).

    ``forms`` are the definitions forms are read with (default: the shipped ones, and those
    of ``forms_folder``, the folder a worker process loads them from). ``then`` (a
    module-level function, so that it can be sent to a worker) turns each result, with the
    definitions, into what the caller keeps, next to the reading (``soffice``: LibreOffice's
    program as configured; None: looked for where it is installed): a command that only prints sends text
    back from the workers instead of records, and its printing runs on every core.
    """
    workers = workers or _workers(len(files))
    forms = forms or worker_definitions(str(forms_folder) if forms_folder else None)
    work: Callable[[Path], Any] = (
        partial(_read_in_worker, str(forms_folder) if forms_folder else None, soffice, then)
        if workers > 1
        else partial(_read_with, forms, soffice, then)
    )
    progress = Shown(len(files), "reading", err, verbosity, bar_from=_bar_from(files))
    pool = None
    finished = False
    try:
        if workers > 1:
            from audit_docs.jobs.workers import new_pool, signals_held

            with signals_held():  # a Ctrl-C now arrives once the workers have started
                pool = new_pool(workers)
                results: Iterator[Any] = pool.map(
                    work, files, chunksize=_chunk(len(files), workers)
                )
        else:
            results = map(work, files)
        for path, result in zip(files, results, strict=True):
            progress.done(path)
            yield result
        finished = True
    finally:
        progress.close()
        if pool is not None:
            from audit_docs.jobs.workers import stop_pool

            stop_pool(pool, finished=finished)


#: files LibreOffice converts first, a few seconds each
CONVERTED_SUFFIXES = (".doc", ".odt")


def _bar_from(files: list[Path]) -> int:
    """How many files make reading long enough for a bar: any file converted with
    LibreOffice takes seconds, so one is enough; otherwise :data:`BAR_FROM`."""
    if any(path.suffix.lower() in CONVERTED_SUFFIXES for path in files):
        return 1
    return BAR_FROM


def _chunk(files: int, workers: int) -> int:
    """Files sent to a worker at a time: few enough that no core idles long at the end."""
    return max(1, min(8, files // (workers * 16)))


def has_problems(problems: Iterable[Problem]) -> bool:
    """Whether any of ``problems`` is one (a notice is worth telling, not a problem)."""
    return any(p.kind != "notice" for p in problems)


@dataclass(frozen=True, slots=True)
class _Printed:
    """What one file puts on standard output and standard error, and whether it failed."""

    out: str
    err: str
    failed: bool


def _extract_text(result: ReadResult, _forms: tuple[FormDefinition, ...]) -> _Printed:
    from audit_docs.render.extract_json import to_json_line
    from audit_docs.render.tracker_json import tracker_record_to_json_line

    if isinstance(result, WorkbookResult):
        return _Printed(
            "".join(tracker_record_to_json_line(record) + "\n" for record in result.records),
            "".join(f"{result.source}: {p.field}: {p.message}\n" for p in result.problems),
            False,
        )
    if isinstance(result, FileFailure):
        return _Printed(to_json_line(result) + "\n", result.error + "\n", True)
    return _Printed(to_json_line(result) + "\n", "", False)


def extract(
    paths: list[Path],
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    forms: tuple[FormDefinition, ...] | None = None,
    forms_folder: Path | None = None,
    soffice: Path | None = None,
    verbosity: Verbosity = "normal",
) -> int:
    """One JSON line per Word form, and per tracker record, on ``out``; 1 when any file failed.

    A workbook's problems (sheet, cell, column) go to ``err`` as sentences, so standard output
    stays one JSON object per line.
    """
    out, err = out or sys.stdout, err or sys.stderr
    failed = False
    for printed in read_all(
        paths,
        err,
        then=_extract_text,
        forms=forms,
        forms_folder=forms_folder,
        soffice=soffice,
        verbosity=verbosity,
    ):
        out.write(printed.out)
        err.write(printed.err)
        failed = failed or printed.failed
    return 1 if failed else 0


def _receipt_text(result: ReadResult, forms: tuple[FormDefinition, ...]) -> _Printed:
    from audit_docs.render.receipt import receipt, workbook_receipt

    if isinstance(result, WorkbookResult):
        return _Printed(workbook_receipt(result) + "\n", "", has_problems(result.problems))
    if isinstance(result, FileFailure):
        return _Printed(receipt(result, None) + "\n", "", True)
    definition = next((d for d in forms if d.id == result.form), None)
    return _Printed(receipt(result, definition) + "\n", "", has_problems(result.problems))


def check(
    paths: list[Path],
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    forms: tuple[FormDefinition, ...] | None = None,
    forms_folder: Path | None = None,
    soffice: Path | None = None,
    verbosity: Verbosity = "normal",
) -> int:
    """A receipt per form for the auditor; 0 when no form has a problem (a notice, such as
    an unanswered question or a column audit-docs does not know, is shown but does not
    count), 1 otherwise."""
    out, err = out or sys.stdout, err or sys.stderr
    worst = 0
    for printed in read_all(
        paths,
        err,
        then=_receipt_text,
        forms=forms,
        forms_folder=forms_folder,
        soffice=soffice,
        verbosity=verbosity,
    ):
        out.write(printed.out)
        worst = 1 if printed.failed else worst
    return worst
