"""``audit-docs extract`` and ``audit-docs check``: read forms, print what was read."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from audit_docs.jobs.inputs import find_inputs
from audit_docs.read.forms_reader import WORD_SUFFIXES, read_form
from audit_docs.records import FileFailure, FormResult


def _safe_read(path: Path) -> FormResult:
    """read_form never raises for a bad file; this also keeps a bug from hiding other files."""
    if not path.exists():
        return FileFailure(
            path.name,
            None,
            f"{path}: there is no such file or folder; check the path.",
            "not-found",
        )
    try:
        return read_form(path)
    except Exception as exc:
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


def read_all(paths: list[Path], err: TextIO, workers: int | None = None) -> Iterator[FormResult]:
    """Every file's result, in input order; large batches are read on all cores."""
    files = find_inputs(paths, WORD_SUFFIXES)
    workers = workers or _workers(len(files))
    show_progress = len(files) >= 20 and err.isatty()
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=workers)
        results: Iterator[FormResult] = pool.map(_safe_read, files, chunksize=16)
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
    """One JSON line per file on ``out``; 1 when any file could not be read."""
    out, err = out or sys.stdout, err or sys.stderr
    from audit_docs.render.extract_json import to_json_line

    failed = 0
    for record in read_all(paths, err):
        out.write(to_json_line(record) + "\n")
        if isinstance(record, FileFailure):
            failed += 1
            err.write(record.error + "\n")
    return 1 if failed else 0


def check(paths: list[Path], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """A receipt per form for the auditor; 0 only when no form has any problem."""
    out, err = out or sys.stdout, err or sys.stderr
    from audit_docs.read.formdef import builtin_definitions
    from audit_docs.render.receipt import receipt

    definitions = {d.id: d for d in builtin_definitions()}
    worst = 0
    for record in read_all(paths, err):
        definition = None if isinstance(record, FileFailure) else definitions.get(record.form)
        out.write(receipt(record, definition) + "\n")
        if isinstance(record, FileFailure) or record.problems:
            worst = 1
    return worst
