"""Several files holding the same audit: the version saved last wins, whatever its name.

An inbox often holds an audit twice: ``audit-011.docx`` and ``audit-011 v2.docx``, or a
fresh copy of an old version from an email. Names say nothing reliable about which is newer;
the time the document records when Word or Excel saves it does, and travels with the file
when it is copied (a copy's modification time is the moment of copying, so it is only the
fallback). Two files saved at the same second are a clash: the later name in sort order is
kept and both are named, for a person to decide.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from audit_docs.store.db import named
from audit_docs.words import plural


@dataclass(frozen=True)
class Saved:
    """When a file was last saved (UTC, ISO 8601), and what says so: document or file."""

    at: str | None
    source: str = "document"


@dataclass(frozen=True)
class Holder:
    """A stored file that holds an audit, with its save time."""

    file_id: int
    path: str
    saved_at: str | None


@dataclass(frozen=True)
class Version:
    """Two files with the same audit: the one kept, the other, and why."""

    kept: str
    other: str
    kept_saved: str | None
    other_saved: str | None
    case: str | None
    date: str | None
    #: the file read in this run was the older one, so it was not used
    not_used: bool
    #: audit-log rows the two trackers share (0: two Word forms holding one audit)
    rows: int = 0

    @property
    def clash(self) -> bool:
        return self.kept_saved is not None and self.kept_saved == self.other_saved

    def sentence(self) -> str:
        if self.rows:
            return self._rows_sentence()
        audit = f"the audit of {self.case or 'an unnamed case'} on {self.date or 'an unknown date'}"
        if self.clash:
            return (
                f"{self.kept} and {self.other} both hold {audit} and were saved at the same "
                f"time ({_shown(self.kept_saved)}); {self.kept} was used because its name comes "
                f"later. Check which is right and take the other out of the inbox."
            )
        if self.not_used:
            return (
                f"{self.other} holds {audit}, but {self.kept} was saved later "
                f"({_shown(self.kept_saved)}, against {_shown(self.other_saved)}); {self.other} "
                "is an older version and was not used."
            )
        return (
            f"{self.kept} and {self.other} both hold {audit}; {self.kept} was saved later "
            f"({_shown(self.kept_saved)}, against {_shown(self.other_saved)}), so it is used "
            f"and {self.other} is kept as history."
        )

    def _rows_sentence(self) -> str:
        rows = plural(self.rows, "audit-log row", "audit-log rows")
        if self.clash:
            return (
                f"{self.kept} and {self.other} share {rows} (the same case and audit date) and "
                f"were saved at the same time ({_shown(self.kept_saved)}); the rows in "
                f"{self.kept} were used because its name comes later. Check which is right."
            )
        times = f"({_shown(self.kept_saved)}, against {_shown(self.other_saved)})"
        if self.not_used:
            return (
                f"{self.other} shares {rows} with {self.kept}, which was saved later {times}; "
                f"those rows of {self.other} are older and were not used."
            )
        return (
            f"{self.kept} shares {rows} with {self.other}; {self.kept} was saved later "
            f"{times}, so its rows are used and those of {self.other} are kept as history."
        )


def _shown(at: str | None) -> str:
    return "no time recorded" if at is None else at[:16].replace("T", " ") + " UTC"


def saved_later(a: Holder, b: Holder) -> bool:
    """Whether ``a`` wins over ``b``: saved later, or at the same time with the later name.

    A file stored before save times were kept (None) loses to any newer reading, as before.
    """
    if a.saved_at is None or b.saved_at is None:
        return b.saved_at is None
    return (a.saved_at, a.path) > (b.saved_at, b.path)


def form_holders(conn: sqlite3.Connection, key: str) -> list[Holder]:
    """The current Word forms that hold the audit ``key``."""
    return [
        Holder(r["id"], r["path"], r["saved_at"])
        for r in named(
            conn,
            "SELECT DISTINCT f.id, f.path, f.saved_at FROM audit_entries e "
            "JOIN audits a ON a.id = e.audit_id JOIN source_files f ON f.id = e.file_id "
            "WHERE a.audit_key = ? AND e.origin = 'form'",
            (key,),
        )
    ]


def log_holders(conn: sqlite3.Connection, key: str, file_id: int) -> list[tuple[int, Holder]]:
    """(entry id, file) of each audit-log row in another tracker holding the audit ``key``."""
    return [
        (r["entry_id"], Holder(r["file_id"], r["path"], r["saved_at"]))
        for r in named(
            conn,
            "SELECT e.id AS entry_id, f.id AS file_id, f.path, f.saved_at FROM audit_entries e "
            "JOIN audits a ON a.id = e.audit_id JOIN source_files f ON f.id = e.file_id "
            "WHERE a.audit_key = ? AND e.origin = 'audit-log' AND e.file_id != ?",
            (key, file_id),
        )
    ]


def note(conn: sqlite3.Connection, audit_id: int | None, kept_id: int, version: Version) -> None:
    """The data-quality list names both files: a notice, kept while the kept file is."""
    conn.execute(
        "INSERT INTO problems (file_id, audit_id, source, location, kind, message, found, "
        "origin, code, label) VALUES (?, ?, ?, NULL, 'notice', ?, NULL, 'versions', ?, ?)",
        (
            kept_id,
            audit_id,
            version.other if version.not_used else version.kept,
            version.sentence(),
            "version_clash" if version.clash else "older_version",
            version.other,
        ),
    )
