"""``audit-docs ingest``: every form and tracker in the inbox into the store, once.

Files are recognised by their bytes (SHA-256): bytes already in the store are not read again,
so a second run over the same inbox changes nothing and takes a moment. Each new file is
stored in its own transaction, so stopping a run (Ctrl-C, a power cut) keeps every file
finished so far and none half-done. User files are never moved or deleted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from audit_docs.errors import UsageError
from audit_docs.jobs.inputs import find_inputs
from audit_docs.jobs.read_forms import read_files
from audit_docs.read.excel.workbook import EXCEL_SUFFIXES
from audit_docs.read.files import inbox_name, printable
from audit_docs.read.formdef import builtin_definitions
from audit_docs.read.word.forms_reader import WORD_SUFFIXES
from audit_docs.records import FileFailure, FormRecord, WorkbookResult
from audit_docs.store.db import open_store, transaction
from audit_docs.store.versions import Saved, Version
from audit_docs.store.write import (
    TRANSIENT_REASONS,
    FormFacts,
    form_facts,
    known_file,
    overall_by_role,
    retry_refusal,
    store_form,
    store_refusal,
    store_workbook,
)


@dataclass
class IngestSummary:
    """What one run did, for the table printed at its end (and for tests)."""

    files: int = 0
    read: int = 0
    unchanged: int = 0
    audits_added: int = 0
    audits_updated: int = 0
    replaced: int = 0
    duplicates: int = 0
    #: files in the store with at least one open problem (not only those read this run)
    with_problems: int = 0
    #: (path in the inbox, the sentence saying why)
    refused: list[tuple[str, str]] = field(default_factory=list)
    #: (path, the path of the file with the same bytes)
    duplicate_of: list[tuple[str, str]] = field(default_factory=list)
    #: files holding the same audit as another: which was used, and why
    versions: list[Version] = field(default_factory=list)


@dataclass(frozen=True)
class _Seen:
    path: Path
    rel: str
    sha256: str | None
    size: int
    #: the file's modification time (UTC, ISO 8601): its save time when the document has none
    mtime: str | None = None


def _form_facts() -> dict[str, FormFacts]:
    return {d.id: form_facts(d) for d in builtin_definitions()}


def _fingerprint(path: Path, inbox: Path) -> _Seen:
    rel = inbox_name(path, inbox)
    try:
        data = path.read_bytes()
        mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    except OSError:
        return _Seen(path, rel, None, 0)  # the reader says why, in a sentence
    stamp = mtime.isoformat()
    return _Seen(path, rel, hashlib.sha256(data).hexdigest(), len(data), stamp)


def ingest(
    inbox: Path, store: Path, out: TextIO | None = None, err: TextIO | None = None
) -> IngestSummary:
    """Read what is new in ``inbox`` into ``store``; print the summary table on ``out``."""
    out, err = out or sys.stdout, err or sys.stderr
    if not inbox.is_dir():
        raise UsageError(
            f"The inbox folder {inbox} does not exist. Create it and put the completed audit "
            "forms (.docx) and trackers (.xlsx) in it, or give another folder with --inbox."
        )
    conn = open_store(store, writing=True)
    try:
        summary = _ingest(conn, inbox, err)
        summary.with_problems = conn.execute(
            "SELECT count(DISTINCT source) FROM problems"
        ).fetchone()[0]
    finally:
        conn.close()
    out.write(summary_table(summary, inbox, store))
    return summary


def _ingest(conn: sqlite3.Connection, inbox: Path, err: TextIO) -> IngestSummary:
    summary = IngestSummary()
    files = [_fingerprint(p, inbox) for p in find_inputs([inbox], WORD_SUFFIXES + EXCEL_SUFFIXES)]
    summary.files = len(files)
    present = {s.rel for s in files}
    to_read: list[_Seen] = []
    claimed: dict[str, str] = {}  # sha -> the path that stands for it in this run
    for seen in files:
        if seen.sha256 is None:
            to_read.append(seen)
            continue
        known = known_file(conn, seen.sha256)
        first = claimed.setdefault(seen.sha256, seen.rel)
        if first != seen.rel:
            summary.duplicates += 1
            summary.duplicate_of.append((seen.rel, first))
        elif known is None or (known[2] == "refused" and retry_refusal(conn, known)):
            to_read.append(seen)
        elif known[1] != seen.rel and known[1] not in present:
            # the same file, moved or renamed in the inbox since it was read
            with transaction(conn):
                conn.execute("UPDATE source_files SET path = ? WHERE id = ?", (seen.rel, known[0]))
            summary.unchanged += 1
        elif known[2] == "refused":
            error = conn.execute(
                "SELECT error FROM source_files WHERE id = ?", (known[0],)
            ).fetchone()[0]
            summary.refused.append((seen.rel, error))
        elif known[1] != seen.rel and known[2] == "current":
            summary.duplicates += 1
            summary.duplicate_of.append((seen.rel, known[1]))
        else:
            summary.unchanged += 1
    facts = _form_facts()
    with transaction(conn):
        overall_by_role(conn, facts)
    results = read_files([s.path for s in to_read], err)
    for seen, result in zip(to_read, results, strict=True):
        _store(conn, seen, result, facts, summary)
    return summary


def _store(
    conn: sqlite3.Connection,
    seen: _Seen,
    result: FormRecord | WorkbookResult | FileFailure,
    facts: dict[str, FormFacts],
    summary: IngestSummary,
) -> None:
    with transaction(conn):
        sha = result.sha256 or seen.sha256
        if sha is not None:
            known = known_file(conn, sha)
            if known is not None and known[2] != "refused":
                # another ingest running at the same time stored it a moment ago
                summary.unchanged += 1
                return
        if isinstance(result, FileFailure):
            error = printable(result.error)
            if result.reason in TRANSIENT_REASONS:
                # where the file was, not what it holds: never kept against its bytes
                error += " It is tried again on the next run."
            elif sha is not None:
                store_refusal(conn, seen.rel, seen.size, _with_sha(result, sha, error))
            summary.refused.append((seen.rel, error))
            return
        # the time the document records, else the file's own (a copy resets the latter)
        saved = Saved(result.saved_at) if result.saved_at else Saved(seen.mtime, "file")
        if isinstance(result, WorkbookResult):
            stored = store_workbook(conn, seen.rel, seen.size, result, saved=saved)
        else:
            stored = store_form(conn, seen.rel, seen.size, result, facts[result.form], saved=saved)
    summary.versions += stored.versions
    summary.read += 1
    summary.audits_added += stored.added
    summary.audits_updated += stored.updated
    summary.replaced += int(stored.replaced_file)


def _with_sha(failure: FileFailure, sha: str, error: str) -> FileFailure:
    return FileFailure(printable(failure.source), sha, error, failure.reason)


def summary_table(summary: IngestSummary, inbox: Path, store: Path) -> str:
    rows = [
        ("files in the inbox", summary.files),
        ("files read", summary.read),
        ("files unchanged since last time", summary.unchanged),
        ("audits added", summary.audits_added),
        ("audits updated", summary.audits_updated),
        ("earlier versions replaced", summary.replaced),
        ("older versions not used", sum(v.not_used for v in summary.versions)),
        ("duplicates skipped", summary.duplicates),
        ("files with problems", summary.with_problems),
        ("files refused", len(summary.refused)),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [f"Ingested {inbox} into {store}"]
    lines += [f"  {label:<{width}}  {value:>6}" for label, value in rows]
    for path, first in summary.duplicate_of:
        lines.append(
            f"  duplicate: {path} has the same contents as {first}; it was not read again."
        )
    for version in summary.versions:
        lines.append(f"  same audit: {version.sentence()}")
    for path, error in summary.refused:
        lines.append(f"  refused: {path}: {error}")
    if summary.with_problems:
        lines.append("  Run `audit-docs problems` for the list of values to check.")
    return "\n".join(lines) + "\n"
