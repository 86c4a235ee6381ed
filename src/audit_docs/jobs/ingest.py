"""``audit-docs ingest``: every form and tracker in the inbox into the store, once.

Files are recognised by their bytes (SHA-256): bytes already in the store are not read again,
so a second run over the same inbox changes nothing and takes a moment. Each new file is
stored in its own transaction, so stopping a run (Ctrl-C, a power cut) keeps every file
finished so far and none half-done. User files are never moved or deleted.

Every file in the inbox is accounted for: read, or named in the summary with the sentence
saying why not (a PDF print, a CSV export, a note, a copy of a file already read, a file
or folder that cannot be opened). Only Office's lock files and the system's hidden files
pass without a word.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import io
import sqlite3
import stat
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from audit_docs import __version__
from audit_docs.errors import UsageError
from audit_docs.jobs.hints import Shell, command
from audit_docs.jobs.inputs import cannot_open, walk_inbox
from audit_docs.jobs.read_forms import STOPPED_READER, ReadResult, read_files
from audit_docs.progress import Verbosity
from audit_docs.read.file_kinds import FileKind, is_failure, kind_of, not_read
from audit_docs.read.files import (
    MAX_FILE_BYTES,
    NOT_A_FILE,
    NotAFile,
    empty_file,
    inbox_name,
    open_regular,
    printable,
    shown,
    too_large,
)
from audit_docs.read.formdef import FormDefinition, builtin_definitions
from audit_docs.records import FileFailure, FormRecord, WorkbookResult
from audit_docs.store import inbox as files_store
from audit_docs.store import reading
from audit_docs.store.checked import note_unchanged
from audit_docs.store.db import BUSY_TIMEOUT, open_store, transaction
from audit_docs.store.inbox import InboxFile, without_name
from audit_docs.store.versions import Saved, Version
from audit_docs.store.write import (
    TRANSIENT_REASONS,
    FormFacts,
    form_facts,
    overall_by_role,
    store_form,
    store_refusal,
    store_workbook,
)
from audit_docs.words import counted as _counted

if TYPE_CHECKING:
    from audit_docs.workspace import Workspace

#: refusals of files that are not a form or tracker at all, although Word or Excel opens them
_NEITHER = frozenset({"not-this-form", "empty-workbook", "not-a-tracker"})
#: of those, the ones only listed: a workbook read whole that holds no tracker (a Word file
#: that is not the form may be a form of another version, and fails like an unreadable one)
_LISTED_ONLY = frozenset({"empty-workbook", "not-a-tracker"})


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
    #: Word and Excel files that could not be read: (path in the inbox, the sentence saying why)
    refused: list[tuple[str, str]] = field(default_factory=list)
    #: other files, listed but never read: (path, the sentence saying why)
    not_read: list[tuple[str, str]] = field(default_factory=list)
    #: (path, the path of the file with the same bytes)
    duplicate_of: list[tuple[str, str]] = field(default_factory=list)
    #: files holding the same audit as another: which was used, and why
    versions: list[Version] = field(default_factory=list)
    #: files in the inbox whose bytes were withdrawn with ``audit-docs forget``
    forgotten: list[str] = field(default_factory=list)
    #: stored files still counting whose bytes are no longer in the inbox
    gone: int = 0

    @property
    def failed(self) -> bool:
        """A Word or Excel file could not be read (exit status 1); other files only listed."""
        return bool(self.refused)


#: A file last modified this long before it is seen is trusted unchanged while its size and
#: modification time stay the same (3 s, in nanoseconds): a file changed again within the
#: same tick of a coarse clock (FAT and some network drives keep 2 s) is always hashed.
SETTLED_NS = 3_000_000_000


@dataclass(frozen=True)
class _Seen:
    path: Path
    rel: str
    sha256: str | None
    size: int
    mtime_ns: int
    #: the first bytes, to tell a PDF saved without its extension (None: not read, as the
    #: file was known unchanged)
    head: bytes | None = b""
    #: the sentence, when the file could not be opened
    error: str | None = None
    #: the modification time when old enough to be trusted next run (SETTLED_NS)
    settled_ns: int | None = None

    @property
    def kind(self) -> FileKind:
        return kind_of(self.rel)

    @property
    def mtime(self) -> str:
        """The file's modification time (UTC, ISO 8601): its save time when the document
        records none."""
        return dt.datetime.fromtimestamp(self.mtime_ns / 1e9, dt.UTC).isoformat()


def _form_facts(forms: tuple[FormDefinition, ...]) -> dict[str, FormFacts]:
    return {d.id: form_facts(d) for d in forms}


def _fingerprint(path: Path, inbox: Path, before: dict[str, tuple[int, int, str]]) -> _Seen:
    """The file's bytes as a SHA-256, looked at before it is opened: a file too large for any
    form or tracker is refused by its size, never read; a file whose size and modification
    time are those the last ingest hashed is taken as unchanged, not hashed again."""
    rel = inbox_name(path, inbox)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(errno.EINVAL, "not an ordinary file", str(path))
        size, mtime_ns = info.st_size, info.st_mtime_ns
        if size > MAX_FILE_BYTES:
            what = "form or tracker" if kind_of(rel) != "other" else "form, tracker or note"
            return _Seen(path, rel, None, size, mtime_ns, error=too_large(size, what))
        settled = mtime_ns if time.time_ns() - mtime_ns > SETTLED_NS else None
        known = before.get(rel)
        if known is not None and settled is not None and known[:2] == (size, settled):
            return _Seen(path, rel, known[2], size, mtime_ns, None, settled_ns=settled)
        with open_regular(path) as fh:
            head = fh.read(1024)
            fh.seek(0)
            sha = _sha256(fh)
    except NotAFile:
        return _Seen(path, rel, None, 0, 0, error=NOT_A_FILE)
    except OSError as exc:
        return _Seen(path, rel, None, 0, 0, error=cannot_open(exc, "file"))
    return _Seen(path, rel, sha, size, mtime_ns, head, settled_ns=settled)


def _sha256(fh: io.BufferedReader) -> str:
    return hashlib.file_digest(fh, "sha256").hexdigest()


def _head(path: Path) -> bytes:
    """The first bytes of a file known unchanged (read only when it must be named)."""
    try:
        with open_regular(path) as fh:
            return fh.read(1024)
    except OSError:
        return b""


def ingest(
    inbox: Path,
    store: Path,
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    forms: tuple[FormDefinition, ...] | None = None,
    forms_folder: Path | None = None,
    via_make: bool = False,
    shell: Shell = "posix",
    busy_timeout: float = BUSY_TIMEOUT,
    soffice: Path | None = None,
    verbosity: Verbosity = "normal",
    next_steps: bool = True,
) -> IngestSummary:
    """Read what is new in ``inbox`` into ``store``; print the summary table on ``out``
    (under ``verbosity`` "quiet" nothing: the command prints its one-line result).

    ``forms`` are the definitions forms are read with (default: the shipped ones), read in
    worker processes from ``forms_folder`` (the folder they were loaded from); ``via_make``
    says whether next steps are suggested as make targets, ``next_steps`` whether they are
    suggested at all (not by a command that is the next step); ``soffice`` is LibreOffice's
    program for .doc and .odt forms, as configured (None: looked for on the PATH and in the
    standard install folders). Jobs call :func:`ingest_into` with their workspace.
    """
    out, err = out or sys.stdout, err or sys.stderr
    if not inbox.is_dir():
        raise UsageError(
            f"The inbox folder {inbox} does not exist. Create it and put the completed audit "
            "forms (.docx) and trackers (.xlsx) in it, or give another folder with --inbox."
        )
    conn = open_store(store, writing=True, busy_timeout=busy_timeout)
    try:
        run = _Run(conn, forms or builtin_definitions(), forms_folder, soffice)
        summary = _ingest(run, inbox, err, verbosity)
        summary.with_problems = files_store.files_with_problems(conn)
        summary.gone = files_store.counting_but_gone(conn)
    finally:
        conn.close()
    # the store as this run left it: the next run need not check it again if no one touches it
    note_unchanged(store)
    if verbosity != "quiet":
        out.write(
            summary_table(
                summary, inbox, store, via_make=via_make, shell=shell, next_steps=next_steps
            )
        )
    return summary


def ingest_into(
    ws: Workspace, out: TextIO | None = None, *, next_steps: bool = True
) -> IngestSummary:
    """:func:`ingest` of the workspace's inbox, with its definitions; the summary on ``out``
    (default the workspace's output), next steps suggested unless ``next_steps`` is False."""
    return ingest(
        ws.places.inbox,
        ws.places.store,
        out or ws.out,
        ws.err,
        forms=ws.definitions.forms,
        forms_folder=ws.definitions.folder,
        via_make=ws.via_make,
        shell=ws.shell,
        busy_timeout=ws.busy_timeout,
        soffice=ws.places.soffice,
        verbosity=ws.verbosity,
        next_steps=next_steps,
    )


def ingest_command(ws: Workspace) -> int:
    """``audit-docs ingest``: the summary (one line under quiet); 1 when a Word or Excel
    file could not be read."""
    summary = ingest_into(ws)
    if ws.verbosity == "quiet":
        ws.out.write(summary_line(summary))
    return 1 if summary.failed else 0


class _Run:
    """One ingest's findings, gathered while the inbox is walked and its new files stored."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        forms: tuple[FormDefinition, ...],
        folder: Path | None,
        soffice: Path | None = None,
    ) -> None:
        self.conn = conn
        self.forms = forms
        self.forms_folder = folder
        self.soffice = soffice
        self.summary = IngestSummary()
        self.inbox: list[InboxFile] = []

    def unreadable(
        self, rel: str, sentence: str, kind: FileKind, seen: _Seen | None = None
    ) -> None:
        """Listed as not read; a file hashed keeps its bytes' SHA-256 (read again once changed)."""
        sha, size, settled = (
            (seen.sha256, seen.size, seen.settled_ns) if seen else (None, None, None)
        )
        self.inbox.append(InboxFile(rel, sha, kind, "unreadable", None, sentence, size, settled))
        self.listed(rel, sentence, failure=is_failure(rel))

    def listed(self, rel: str, sentence: str, *, failure: bool) -> None:
        sentence = without_name(sentence, rel.rsplit("/", 1)[-1])
        (self.summary.refused if failure else self.summary.not_read).append((rel, sentence))

    def duplicate(self, seen: _Seen, original: str) -> None:
        self.summary.duplicates += 1
        self.summary.duplicate_of.append((seen.rel, original))
        self.inbox.append(
            InboxFile(
                seen.rel,
                seen.sha256,
                seen.kind,
                "duplicate",
                original,
                size=seen.size,
                mtime_ns=seen.settled_ns,
            )
        )

    def stored(self, seen: _Seen) -> None:
        self.inbox.append(
            InboxFile(
                seen.rel,
                seen.sha256,
                seen.kind,
                "stored",
                size=seen.size,
                mtime_ns=seen.settled_ns,
            )
        )

    def skip_stopped(self, seen: _Seen, stops: dict[str, reading.Stop]) -> bool:
        """Whether a file whose reading stopped an earlier run is still the same: listed with
        its sentence and not read. A file changed since (size, time) is read again."""
        stop = stops.get(seen.sha256 or "")
        if stop is None:
            return False
        if (stop.size, stop.mtime_ns) != (seen.size, seen.mtime_ns):
            with transaction(self.conn):
                reading.retry(self.conn, stop.sha256)
            return False
        self.unreadable(seen.rel, _STOPPED_LAST_TIME, seen.kind, seen)
        return True


#: the sentence for a file whose reading stopped an earlier run (its process, or a worker)
_STOPPED_LAST_TIME = (
    "reading this file stopped the process reading it on an earlier run (it may need more "
    "memory than this computer allows, or break a library audit-docs uses; or that run was "
    "ended at that moment), so it is skipped until it changes. Check that it opens in Word or "
    "Excel and save it again (it is then read on the next run); if this happens again, send "
    "it to the audit-docs team."
)


def _ingest(run: _Run, inbox: Path, err: TextIO, verbosity: Verbosity) -> IngestSummary:
    conn = run.conn
    walk = walk_inbox(inbox)
    for path, sentence in walk.unreadable:
        rel = inbox_name(path, inbox)
        run.unreadable(rel, sentence, "other" if _folder(path) else kind_of(rel))
    before = files_store.fingerprints(conn)
    files = [_fingerprint(p, inbox, before) for p in walk.files]
    run.summary.files = len(files) + len(walk.unreadable)
    by_bytes: dict[str, list[_Seen]] = {}
    for seen in files:
        if seen.sha256 is None:
            run.unreadable(seen.rel, seen.error or "", seen.kind, seen)
        else:
            by_bytes.setdefault(seen.sha256, []).append(seen)
    present = {s.rel for s in files}
    to_read: list[_Seen] = []
    for sha, copies in by_bytes.items():
        new = _settle_known(run, sha, copies, present)
        if new is not None:
            to_read.append(new)
    with transaction(conn):
        stops = reading.stops(conn)
    to_read = [s for s in to_read if not run.skip_stopped(s, stops)]
    to_read.sort(key=lambda s: (s.rel.casefold(), s.rel))
    _read_and_store(run, to_read, err, verbosity)
    with transaction(conn):
        files_store.record_inbox(conn, run.inbox)
        reading.keep_only(conn, by_bytes)
    return run.summary


def _folder(path: Path) -> bool:
    """Whether an unreadable path is a folder; one whose path is too long to look at counts
    as a folder, since files are named by their own sentence."""
    try:
        return path.is_dir()
    except OSError:
        return True


def _settle_known(run: _Run, sha: str, copies: list[_Seen], present: set[str]) -> _Seen | None:
    """Deal with files whose bytes the store may know; the one to read, if any.

    Of byte-identical copies the one already stored is the original, else the one modified
    first; the others are duplicates of it.
    """
    known = files_store.known(run.conn, sha)
    copies.sort(key=lambda s: (s.mtime_ns, s.rel.casefold(), s.rel))
    original = next((s for s in copies if known and s.rel == known.path), copies[0])
    for seen in copies:
        if seen is original:
            continue
        if seen.size == 0:
            # empty files share their (no) bytes but are not copies: each is refused as empty
            run.unreadable(seen.rel, _empty(seen), seen.kind, seen)
        else:
            run.duplicate(seen, original.rel)
    if known is None or (
        known.status == "refused"
        and not known.forgotten
        and (known.tool_version != __version__ or known.reason in TRANSIENT_REASONS)
    ):
        # new bytes; refused by an earlier release that may read them now; or refused for
        # where the file was (by releases that kept such refusals), never for what it holds
        return original
    if known.path != original.rel:
        if known.path in present and known.status == "current":
            run.duplicate(original, known.path)  # a copy of a file whose place holds newer bytes
            return None
        # the same file, moved or renamed in the inbox since it was read
        with transaction(run.conn):
            files_store.move(run.conn, known.id, original.rel)
    run.stored(original)
    if known.forgotten:
        run.summary.forgotten.append(original.rel)
    elif known.status == "refused":
        failure = is_failure(original.rel) and known.reason not in _LISTED_ONLY
        run.listed(original.rel, known.error or "", failure=failure)
    else:
        run.summary.unchanged += 1
    return None


def _empty(seen: _Seen) -> str:
    """The sentence for an empty file: the reader's, for a form or tracker."""
    if seen.kind == "form":
        return empty_file("form", "Word")
    if seen.kind == "tracker":
        return empty_file("tracker", "Excel")
    return not_read(seen.rel, b"")[1]


def _read_and_store(run: _Run, to_read: list[_Seen], err: TextIO, verbosity: Verbosity) -> None:
    others = [s for s in to_read if s.kind == "other"]
    documents = [s for s in to_read if s.kind != "other"]
    for seen in others:
        reason, sentence = not_read(seen.rel, _head(seen.path) if seen.head is None else seen.head)
        failure = FileFailure(seen.path.name, seen.sha256, sentence, reason)
        with transaction(run.conn):
            store_refusal(run.conn, seen.rel, seen.size, failure, "other")
        run.stored(seen)
        run.listed(seen.rel, sentence, failure=False)
    facts = _form_facts(run.forms)
    with transaction(run.conn):
        overall_by_role(run.conn, facts)
    in_hand: list[str] = []

    def begin(i: int) -> None:
        """Leave word of the file about to be read in this process, in case it stops it."""
        seen = documents[i]
        assert seen.sha256 is not None
        with transaction(run.conn):
            reading.begin(run.conn, seen.sha256, seen.rel, seen.size, seen.mtime_ns)
        in_hand[:] = [seen.sha256]

    results: Iterator[ReadResult] = read_files(
        [s.path for s in documents],
        err,
        forms=run.forms,
        forms_folder=run.forms_folder,
        soffice=run.soffice,
        verbosity=verbosity,
        before=begin,
    )
    try:
        for seen, result in zip(documents, results, strict=True):
            _store(run, seen, result, facts)
            in_hand.clear()
    except BaseException:
        # asked to stop (Ctrl-C, SIGTERM) or a failure of our own: not the file's doing
        with contextlib.suppress(sqlite3.Error), transaction(run.conn):
            for sha in in_hand:
                reading.done(run.conn, sha)
        raise


def _store(
    run: _Run,
    seen: _Seen,
    result: FormRecord | WorkbookResult | FileFailure,
    facts: dict[str, FormFacts],
) -> None:
    conn, summary = run.conn, run.summary
    sha = result.sha256 or seen.sha256
    with transaction(conn):
        if seen.sha256 is not None:
            reading.done(conn, seen.sha256)
        if isinstance(result, FileFailure) and result.reason == STOPPED_READER:
            assert seen.sha256 is not None
            reading.stopped_reader(conn, seen.sha256, seen.rel, seen.size, seen.mtime_ns)
            run.unreadable(seen.rel, without_name(result.error, seen.path.name), seen.kind, seen)
            return
        if sha is not None:
            known = files_store.known(conn, sha)
            if known is not None and known.status != "refused":
                # another ingest running at the same time stored it a moment ago
                summary.unchanged += 1
                run.stored(seen)
                return
        if isinstance(result, FileFailure):
            error = printable(result.error)
            if result.reason in TRANSIENT_REASONS or sha is None:
                # where the file was, not what it holds: never kept against its bytes
                if result.reason in TRANSIENT_REASONS:
                    error += " It is tried again on the next run."
                run.inbox.append(InboxFile(seen.rel, None, seen.kind, "unreadable", None, error))
            else:
                kind = "other" if result.reason in _NEITHER else seen.kind
                store_refusal(conn, seen.rel, seen.size, _with_sha(result, sha, error), kind)
                run.stored(seen)
            failure = is_failure(seen.rel) and result.reason not in _LISTED_ONLY
            run.listed(seen.rel, error, failure=failure)
            return
        # the time the document records, else the file's own (a copy resets the latter)
        saved = Saved(result.saved_at) if result.saved_at else Saved(seen.mtime, "file")
        if isinstance(result, WorkbookResult):
            stored = store_workbook(conn, seen.rel, seen.size, result, saved=saved)
        else:
            stored = store_form(conn, seen.rel, seen.size, result, facts[result.form], saved=saved)
    run.stored(seen)
    summary.versions += stored.versions
    summary.read += 1
    summary.audits_added += stored.added
    summary.audits_updated += stored.updated
    summary.replaced += int(stored.replaced_file)


def _with_sha(failure: FileFailure, sha: str, error: str) -> FileFailure:
    return FileFailure(printable(failure.source), sha, error, failure.reason)


def _by_path(item: tuple[str, str]) -> tuple[str, str]:
    return item[0].casefold(), item[0]


def summary_line(summary: IngestSummary) -> str:
    """The run in one line, for ``--quiet``: what was read, and what could not be."""
    parts = [
        _counted(summary.read, "file read", "files read"),
        _counted(summary.audits_added, "audit added", "audits added"),
    ]
    if summary.refused:
        parts.append(
            _counted(
                len(summary.refused), "Word or Excel file refused", "Word or Excel files refused"
            )
        )
    return ", ".join(" ".join(part) for part in parts) + ".\n"


def summary_table(
    summary: IngestSummary,
    inbox: Path,
    store: Path,
    *,
    via_make: bool = False,
    shell: Shell = "posix",
    next_steps: bool = True,
) -> str:
    rows = [
        _counted(summary.files, "file in the inbox", "files in the inbox"),
        _counted(summary.read, "file read", "files read"),
        _counted(
            summary.unchanged, "file unchanged since last time", "files unchanged since last time"
        ),
        _counted(summary.audits_added, "audit added", "audits added"),
        _counted(summary.audits_updated, "audit updated", "audits updated"),
        _counted(summary.replaced, "earlier version replaced", "earlier versions replaced"),
        _counted(
            sum(v.not_used for v in summary.versions),
            "older version not used",
            "older versions not used",
        ),
        _counted(summary.duplicates, "duplicate skipped", "duplicates skipped"),
        _counted(summary.with_problems, "file with problems", "files with problems"),
        _counted(len(summary.refused), "Word or Excel file refused", "Word or Excel files refused"),
        _counted(len(summary.not_read), "other file not read", "other files not read"),
    ]
    if summary.forgotten:
        rows.append(_counted(len(summary.forgotten), "forgotten file", "forgotten files"))
    width = max(len(number) for number, _ in rows)
    lines = [f"Ingested {inbox} into {store}"]
    lines += [f"  {number:>{width}} {label}" for number, label in rows]
    for path, first in summary.duplicate_of:
        lines.append(
            f"  duplicate: {path} has the same contents as {first}; it was not read again."
        )
    for version in summary.versions:
        lines.append(f"  same audit: {version.sentence()}")
    for path, error in sorted(summary.refused, key=_by_path):
        lines.append(f"  refused: {path}: {error}")
    for path, error in sorted(summary.not_read, key=_by_path):
        lines.append(f"  not read: {path}: {error}")
    for path in summary.forgotten:
        lines.append(
            f"  forgotten: {path} was withdrawn with `forget` and still counts nowhere; "
            f"`{command('forget', '--undo', path, via_make=via_make, shell=shell)}` counts it again."
        )
    if summary.gone:
        files = "file is" if summary.gone == 1 else "files are"
        lines.append(
            f"  {summary.gone:,} stored {files} no longer in the inbox; "
            f"{'its audits' if summary.gone == 1 else 'their audits'} still count until "
            f"forgotten (`{command('files', via_make=via_make, shell=shell)}` lists them, `{command('forget', 'PATH', via_make=via_make, shell=shell)}` "
            "withdraws one)."
        )
    if summary.with_problems and next_steps:
        lines.append(
            f"  Run `{command('problems', via_make=via_make, shell=shell)}` for the list of values to check."
        )
    # a name holding a newline or an escape sequence can neither forge a line nor drive the
    # terminal: every line is printed with its control characters escaped
    return "\n".join(shown(line) for line in lines) + "\n"
