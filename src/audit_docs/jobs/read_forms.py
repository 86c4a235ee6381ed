"""``audit-docs extract`` and ``audit-docs check``: read forms and trackers, print what was read."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from audit_docs.jobs.inputs import find_inputs
from audit_docs.read.files import EXCEL_SUFFIXES
from audit_docs.read.forms_reader import WORD_SUFFIXES, read_form
from audit_docs.records import FileFailure, FormResult, WorkbookResult

ReadResult = FormResult | WorkbookResult


def _safe_read(path: Path) -> ReadResult:
    """Readers never raise for a bad file; this also keeps a bug from hiding other files."""
    if not path.exists():
        return FileFailure(
            path.name,
            None,
            f"{path}: there is no such file or folder; check the path.",
            "not-found",
        )
    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            from audit_docs.read.workbook import read_workbook  # openpyxl: only for trackers

            return read_workbook(path)
        return read_form(path)
    except Exception as exc:  # one bad file must never stop the others
        return FileFailure(
            path.name,
            None,
            f"{path.name}: audit-docs could not read this file because of an unexpected error "
            f"({type(exc).__name__}: {exc}); please report it, with the file, to the audit-docs team.",
            "internal-error",
        )


#: below this many files a process pool costs more than it saves
PARALLEL_FROM = 64


def _workers(count: int) -> int:
    return min(os.cpu_count() or 1, 8) if count >= PARALLEL_FROM else 1


def read_all(paths: list[Path], err: TextIO, workers: int | None = None) -> Iterator[ReadResult]:
    """Every file's result, in input order (folders searched for forms and trackers)."""
    return read_files(find_inputs(paths, WORD_SUFFIXES + EXCEL_SUFFIXES), err, workers)


def read_files(files: list[Path], err: TextIO, workers: int | None = None) -> Iterator[ReadResult]:
    """Each file's result, in order; large batches are read on all cores, with progress."""
    workers = workers or _workers(len(files))
    show_progress = len(files) >= 20 and err.isatty()
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=workers)
        results: Iterator[ReadResult] = pool.map(_safe_read, files, chunksize=16)
    else:
        pool, results = None, map(_safe_read, files)
    try:
        for i, result in enumerate(results, 1):
            if show_progress:
                err.write(f"\rreading {i}/{len(files)} ")
                err.flush()
            yield result
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if show_progress:
        err.write("\n")


def extract(paths: list[Path], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """One JSON line per Word form, and per tracker record, on ``out``; 1 when any file failed.

    A workbook's problems (sheet, cell, column) go to ``err`` as sentences, so standard output
    stays one JSON object per line.
    """
    out, err = out or sys.stdout, err or sys.stderr
    from audit_docs.render.extract_json import to_json_line
    from audit_docs.render.tracker_json import tracker_record_to_json_line

    failed = 0
    for result in read_all(paths, err):
        if isinstance(result, WorkbookResult):
            for record in result.records:
                out.write(tracker_record_to_json_line(record) + "\n")
            for problem in result.problems:
                err.write(f"{result.source}: {problem.field}: {problem.message}\n")
            continue
        out.write(to_json_line(result) + "\n")
        if isinstance(result, FileFailure):
            failed += 1
            err.write(result.error + "\n")
    return 1 if failed else 0


def check(paths: list[Path], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """A receipt per form for the auditor; 0 only when no form has any problem."""
    out, err = out or sys.stdout, err or sys.stderr
    from audit_docs.read.formdef import builtin_definitions
    from audit_docs.render.receipt import receipt, workbook_receipt

    definitions = {d.id: d for d in builtin_definitions()}
    worst = 0
    for result in read_all(paths, err):
        if isinstance(result, WorkbookResult):
            out.write(workbook_receipt(result) + "\n")
        else:
            definition = None if isinstance(result, FileFailure) else definitions.get(result.form)
            out.write(receipt(result, definition) + "\n")
        if isinstance(result, FileFailure) or result.problems:
            worst = 1
    return worst
