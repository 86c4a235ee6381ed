"""``audit-docs extract`` and ``audit-docs check``: read forms and trackers, print what was read."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TextIO, TypeVar, overload

from audit_docs.jobs.inputs import find_inputs
from audit_docs.read.files import EXCEL_SUFFIXES
from audit_docs.read.formdef import FormDefinition, all_definitions
from audit_docs.read.word.forms_reader import WORD_SUFFIXES, read_form
from audit_docs.records import FileFailure, FormResult, WorkbookResult

ReadResult = FormResult | WorkbookResult
T = TypeVar("T")


def _safe_read(path: Path) -> ReadResult:
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
        return read_form(path)
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


@overload
def read_all(
    paths: list[Path], err: TextIO, workers: int | None = None, then: None = None
) -> Iterator[ReadResult]: ...


@overload
def read_all(
    paths: list[Path], err: TextIO, workers: int | None = None, *, then: Callable[[ReadResult], T]
) -> Iterator[T]: ...


def read_all(
    paths: list[Path],
    err: TextIO,
    workers: int | None = None,
    then: Callable[[ReadResult], T] | None = None,
) -> Iterator[T] | Iterator[ReadResult]:
    """Every file's result, in input order (folders searched for forms and trackers)."""
    return read_files(find_inputs(paths, WORD_SUFFIXES + EXCEL_SUFFIXES), err, workers, then)


def _read_then(then: Callable[[ReadResult], T], path: Path) -> T:
    return then(_safe_read(path))


@overload
def read_files(
    files: list[Path], err: TextIO, workers: int | None = None, then: None = None
) -> Iterator[ReadResult]: ...


@overload
def read_files(
    files: list[Path], err: TextIO, workers: int | None, then: Callable[[ReadResult], T]
) -> Iterator[T]: ...


def read_files(
    files: list[Path],
    err: TextIO,
    workers: int | None = None,
    then: Callable[[ReadResult], T] | None = None,
) -> Iterator[T] | Iterator[ReadResult]:
    """Each file's result, in order; large batches are read on all cores, with progress.

    ``then`` (a module-level function, so that it can be sent to a worker) turns each result
    into what the caller keeps, next to the reading: a command that only prints sends text
    back from the workers instead of records, and its printing runs on every core.
    """
    work: Callable[[Path], Any] = _safe_read if then is None else partial(_read_then, then)
    workers = workers or _workers(len(files))
    show_progress = len(files) >= 20 and err.isatty()
    with _mapped(work, files, workers) as results:
        for i, result in enumerate(results, 1):
            if show_progress:
                err.write(f"\rreading {i}/{len(files)} ")
                err.flush()
            yield result
    if show_progress:
        err.write("\n")


def _mapped(
    work: Callable[[Path], Any], files: list[Path], workers: int
) -> contextlib.AbstractContextManager[Iterator[Any]]:
    if workers < 2:
        return contextlib.nullcontext(map(work, files))
    from audit_docs.jobs.workers import pool_map

    return pool_map(work, files, workers, chunksize=_chunk(len(files), workers))


def _chunk(files: int, workers: int) -> int:
    """Files sent to a worker at a time: few enough that no core idles long at the end."""
    return max(1, min(8, files // (workers * 16)))


@dataclass(frozen=True, slots=True)
class _Printed:
    """What one file puts on standard output and standard error, and whether it failed."""

    out: str
    err: str
    failed: bool


def _extract_text(result: ReadResult) -> _Printed:
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


def extract(paths: list[Path], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """One JSON line per Word form, and per tracker record, on ``out``; 1 when any file failed.

    A workbook's problems (sheet, cell, column) go to ``err`` as sentences, so standard output
    stays one JSON object per line.
    """
    out, err = out or sys.stdout, err or sys.stderr
    failed = False
    for printed in read_all(paths, err, then=_extract_text):
        out.write(printed.out)
        err.write(printed.err)
        failed = failed or printed.failed
    return 1 if failed else 0


def _definitions_by_id() -> dict[str, FormDefinition]:
    return {d.id: d for d in all_definitions()}


def _receipt_text(result: ReadResult) -> _Printed:
    from audit_docs.render.receipt import receipt, workbook_receipt

    if isinstance(result, WorkbookResult):
        return _Printed(workbook_receipt(result) + "\n", "", bool(result.problems))
    if isinstance(result, FileFailure):
        return _Printed(receipt(result, None) + "\n", "", True)
    definition = _definitions_by_id().get(result.form)
    return _Printed(receipt(result, definition) + "\n", "", bool(result.problems))


def check(paths: list[Path], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """A receipt per form for the auditor; 0 only when no form has any problem."""
    out, err = out or sys.stdout, err or sys.stderr
    worst = 0
    for printed in read_all(paths, err, then=_receipt_text):
        out.write(printed.out)
        worst = 1 if printed.failed else worst
    return worst
