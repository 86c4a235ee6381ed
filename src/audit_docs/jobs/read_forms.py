"""``audit-docs extract`` and ``audit-docs check``: read forms and trackers, print what was read."""

from __future__ import annotations

import contextlib
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TextIO, TypeVar, overload

from audit_docs.jobs.inputs import listed_inputs
from audit_docs.progress import BAR_FROM, Shown, Verbosity
from audit_docs.read.files import EXCEL_SUFFIXES, shown
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
    except MemoryError:
        return FileFailure(
            path.name,
            None,
            f"{path.name}: reading this file needed more memory than this computer could give, "
            f"so it was not read; it is skipped until it changes. {_CHECK_IT}",
            OUT_OF_MEMORY,
        )
    except Exception:  # one bad file must never stop the others
        return FileFailure(
            path.name,
            None,
            f"{path.name}: audit-docs met something in this file it does not expect and could "
            "not read it; please send the file to the audit-docs team so that it can be fixed.",
            "internal-error",
        )


#: reasons of the failures a file's reading itself caused: kept against the file, so that it
#: is skipped (with its sentence) until it changes
OUT_OF_MEMORY = "out-of-memory"
STOPPED_READER = "stopped-reader"
_CHECK_IT = (
    "Check that it opens in Word or Excel and save it again (it is then read on the next run); "
    "if this happens again, send it to the audit-docs team."
)


def stopped_reader(path: Path) -> FileFailure:
    """A file whose reading ended the process reading it (found by reading it alone)."""
    return FileFailure(
        path.name,
        None,
        f"{path.name}: reading this file stopped the process reading it (the file may need "
        "more memory than this computer allows, or break a library audit-docs uses), so it "
        f"was not read; it is skipped until it changes. {_CHECK_IT}",
        STOPPED_READER,
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
    """Every file's result, in input order (folders searched for forms and trackers); a
    shortcut in a folder that leads outside it is a sentence, never read."""
    files, listed = listed_inputs(paths, WORD_SUFFIXES + EXCEL_SUFFIXES)
    results = read_files(
        [f for f in files if f not in listed],
        err,
        workers,
        then,
        forms=forms,
        forms_folder=forms_folder,
        soffice=soffice,
        verbosity=verbosity,
    )
    for path in files:
        if path in listed:
            failure = FileFailure(path.name, None, f"{path.name}: {listed[path]}", "not-followed")
            yield failure if then is None else then(failure, forms or ())
        else:
            yield next(results)
    next(results, None)  # the reading's end: its progress line is closed


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
    before: Callable[[int], None] | None = None,
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
    before: Callable[[int], None] | None = None,
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
    before: Callable[[int], None] | None = None,
) -> Iterator[T] | Iterator[ReadResult]:
    """Each file's result, in order; large batches are read on all cores, with progress
    (a bar on a terminal, each file under verbose: progress.py).

    ``forms`` are the definitions forms are read with (default: the shipped ones, and those
    of ``forms_folder``, the folder a worker process loads them from). ``then`` (a
    module-level function, so that it can be sent to a worker) turns each result, with the
    definitions, into what the caller keeps, next to the reading (``soffice``: LibreOffice's
    program as configured; None: looked for where it is installed): a command that only prints sends text
    back from the workers instead of records, and its printing runs on every core.
    ``before(i)`` is called before the ``i``-th file is read in this process (not when the
    files are read by workers, whose deaths are found by the pool).
    """
    workers = workers or _workers(len(files))
    forms = forms or worker_definitions(str(forms_folder) if forms_folder else None)
    work: Callable[[Path], Any] = (
        partial(_read_in_worker, str(forms_folder) if forms_folder else None, soffice, then)
        if workers > 1
        else partial(_read_with, forms, soffice, then)
    )
    progress = Shown(len(files), "reading", err, verbosity, bar_from=_bar_from(files))

    def failed(path: Path) -> Any:
        return stopped_reader(path) if then is None else then(stopped_reader(path), forms)

    results: Iterator[Any] = (
        _pooled(work, files, workers, failed) if workers > 1 else _one_by_one(work, files, before)
    )
    try:
        for path, result in zip(files, results, strict=True):
            progress.done(path)
            yield result
    finally:
        progress.close()


def _one_by_one(
    work: Callable[[Path], Any], files: list[Path], before: Callable[[int], None] | None
) -> Iterator[Any]:
    for i, path in enumerate(files):
        if before is not None:
            before(i)
        yield work(path)


def _each(work: Callable[[Path], Any], batch: list[Path]) -> list[Any]:
    """One batch's results, in a worker."""
    return [work(path) for path in batch]


def _pooled(
    work: Callable[[Path], Any],
    files: list[Path],
    workers: int,
    failed: Callable[[Path], Any],
) -> Iterator[Any]:
    """Each file's result in order, read on ``workers`` processes.

    A worker that dies (a memory limit, a crash in a library) breaks the whole pool, and the
    file that killed it cannot be told from the others in hand. Those files (the few batches
    handed out: at most ``4 * workers``) are then read one at a time, each in a process of
    its own: the one whose process dies again gets ``failed``'s sentence, the others their
    results; a new pool reads the rest.
    """
    import multiprocessing
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from audit_docs.jobs.workers import new_pool, signals_held, stop_pool

    chunk = _chunk(len(files), workers)
    batches = [files[i : i + chunk] for i in range(0, len(files), chunk)]
    pending: deque[tuple[list[Path], Future[list[Any]]]] = deque()
    handed = 0
    pool = None
    finished = False

    def hand_out(pool: Any, handed: int) -> int:
        """Submit batches until ``4 * workers`` are in hand; how many are handed out.

        Workers start as work is submitted: all at the first submission where they are
        forked, one at a submission while the pool is short of workers where they are spawned
        (Windows, macOS). Such a submission holds a Ctrl-C back until the worker it starts
        can ignore one (:func:`workers.signals_held`); once every worker runs, none is held.
        """
        while handed < len(batches) and len(pending) < 4 * workers:
            starting = len(multiprocessing.active_children()) < workers
            with signals_held() if starting else contextlib.nullcontext():
                pending.append((batches[handed], pool.submit(_each, work, batches[handed])))
            handed += 1
        return handed

    try:
        while handed < len(batches) or pending:
            if pool is None:
                with signals_held():  # the pool's own processes (its queues' helpers)
                    pool = new_pool(workers)
            handed = hand_out(pool, handed)
            batch, future = pending.popleft()
            try:
                done = future.result()
            except BrokenProcessPool:
                suspects = [*batch, *(path for b, _ in pending for path in b)]
                pending.clear()
                stop_pool(pool, finished=False)
                pool = None
                for path in suspects:
                    yield _alone(work, path, failed)
                continue
            yield from done
        finished = True
    finally:
        if pool is not None:
            stop_pool(pool, finished=finished)


def _alone(work: Callable[[Path], Any], path: Path, failed: Callable[[Path], Any]) -> Any:
    """One file read in a process of its own; ``failed(path)`` when that process dies."""
    from concurrent.futures.process import BrokenProcessPool

    from audit_docs.jobs.workers import new_pool, signals_held, stop_pool

    with signals_held():
        pool = new_pool(1)
        future = pool.submit(work, path)
    finished = False
    try:
        try:
            result = future.result()
        except BrokenProcessPool:
            result = failed(path)
        finished = True
        return result
    finally:
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
            "".join(
                shown(f"{result.source}: {p.field}: {p.message}") + "\n" for p in result.problems
            ),
            False,
        )
    if isinstance(result, FileFailure):
        return _Printed(to_json_line(result) + "\n", shown(result.error) + "\n", True)
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
    worst, checked = 0, 0
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
        checked += 1
    if not checked:
        where = ", ".join(shown(str(path)) for path in paths)
        err.write(
            f"Nothing was checked: {where} holds no Word form ({', '.join(WORD_SUFFIXES)}) "
            f"or Excel tracker ({', '.join(EXCEL_SUFFIXES)}); name a form or a folder of forms.\n"
        )
        return 1
    return worst
