"""The store's account of files: what the inbox held at the last ingest, and what is withdrawn.

``source_files`` keeps every version of every file by its bytes; ``inbox_files`` records
what the last ingest found in the inbox, including what is never stored (copies of a stored
file, files that could not be opened). Together they answer ``audit-docs files``.

Forgetting a file only marks it (``forgotten_at``): its records stay, so ``forget --undo``
brings them back exactly, but every reader leaves them out (the ``live_files`` and
``live_entries`` views), and an audit merged from a forgotten form and an audit-log row is
rebuilt from the row alone.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from audit_docs.read.file_kinds import shown_kind
from audit_docs.read.files import shown
from audit_docs.store.db import named
from audit_docs.store.merge import refresh_audit
from audit_docs.store.write import now

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class KnownFile:
    """A stored file, found by its bytes."""

    id: int
    path: str
    status: str
    tool_version: str
    forgotten: bool
    error: str | None
    reason: str | None


@dataclass(frozen=True)
class InboxFile:
    """One file as an ingest found it in the inbox."""

    path: str
    sha256: str | None
    kind: str
    #: stored | duplicate | unreadable
    status: str
    copy_of: str | None = None
    reason: str | None = None
    size: int | None = None
    #: set only when the file was last modified long enough before it was seen to be trusted
    mtime_ns: int | None = None


@dataclass(frozen=True)
class FileRow:
    """One line of ``audit-docs files``: keys as in docs/contracts/files-json.md."""

    path: str
    sha256: str | None
    kind: str
    status: str
    reason: str | None
    audits: int
    problems: int
    in_inbox: bool
    copy_of: str | None


def known(conn: sqlite3.Connection, sha256: str) -> KnownFile | None:
    row = conn.execute(
        "SELECT id, path, status, tool_version, forgotten_at IS NOT NULL, error, reason "
        "FROM source_files WHERE sha256 = ?",
        (sha256,),
    ).fetchone()
    if row is None:
        return None
    file_id, path, status, version, forgotten, error, reason = row
    return KnownFile(file_id, path, status, version, bool(forgotten), error, reason)


def move(conn: sqlite3.Connection, file_id: int, path: str) -> None:
    """The same bytes, moved or renamed in the inbox since they were read."""
    conn.execute("UPDATE source_files SET path = ? WHERE id = ?", (path, file_id))


def record_inbox(conn: sqlite3.Connection, files: Iterable[InboxFile]) -> None:
    """Replace the record of the inbox with what this ingest found.

    A file found again exactly as before keeps the time it was first seen so: ``seen_at`` says
    since when the inbox has held it like this, and an ingest over an unchanged inbox leaves
    the store byte for byte as it was.
    """
    stamp = now()
    columns = ("sha256", "kind", "status", "copy_of", "reason", "size", "mtime_ns")
    before = {
        row["path"]: (tuple(row[c] for c in columns), row["seen_at"])
        for row in named(conn, f"SELECT path, {', '.join(columns)}, seen_at FROM inbox_files")
    }
    after: dict[str, tuple[tuple[object, ...], str]] = {}
    for f in files:
        found = (f.sha256, f.kind, f.status, f.copy_of, f.reason, f.size, f.mtime_ns)
        earlier = before.get(f.path)
        after[f.path] = (found, earlier[1] if earlier and earlier[0] == found else stamp)
    if after == before:
        return
    conn.execute("DELETE FROM inbox_files")
    conn.executemany(
        "INSERT INTO inbox_files "
        "(path, sha256, kind, status, copy_of, reason, size, mtime_ns, seen_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(path, *found, seen) for path, (found, seen) in after.items()],
    )


def fingerprints(conn: sqlite3.Connection) -> dict[str, tuple[int, int, str]]:
    """What the last ingest knew of each file it hashed: path -> (size, mtime_ns, sha256)."""
    return {
        row["path"]: (row["size"], row["mtime_ns"], row["sha256"])
        for row in named(
            conn,
            "SELECT path, size, mtime_ns, sha256 FROM inbox_files "
            "WHERE sha256 IS NOT NULL AND size IS NOT NULL AND mtime_ns IS NOT NULL",
        )
    }


def counting_but_gone(conn: sqlite3.Connection) -> int:
    """Stored files whose audits still count though their bytes are no longer in the inbox."""
    row = named(
        conn,
        "SELECT count(*) AS gone FROM live_files WHERE status = 'current' AND sha256 NOT IN "
        "(SELECT sha256 FROM inbox_files WHERE sha256 IS NOT NULL)",
    ).fetchone()
    return int(row["gone"])


def files_with_problems(conn: sqlite3.Connection) -> int:
    """Files with at least one open problem, forgotten files left out."""
    row = named(
        conn,
        "SELECT count(DISTINCT source) AS files FROM problems "
        "WHERE file_id IS NULL OR file_id IN (SELECT id FROM live_files)",
    ).fetchone()
    return int(row["files"])


# --- forget ------------------------------------------------------------------------------------


class NotKnown(LookupError):
    """A name given to ``forget`` that is no stored file; the message says what to do."""


def find(conn: sqlite3.Connection, name: str) -> int:
    """The stored file a name stands for: a SHA-256, or a path as ``files`` lists it.

    A path means its current version (the newest, when every version is replaced); a copy of
    a stored file names the stored file, which is the one that counts.
    """
    if _SHA256.fullmatch(name.lower()):
        row = named(
            conn, "SELECT id FROM source_files WHERE sha256 = ?", (name.lower(),)
        ).fetchone()
        if row:
            return int(row["id"])
    row = named(
        conn,
        "SELECT id FROM source_files WHERE path = ? ORDER BY status != 'current', "
        "status != 'refused', ingested_at DESC, id DESC LIMIT 1",
        (name,),
    ).fetchone()
    if row:
        return int(row["id"])
    if "\\" in name:  # a name as printed, its control characters escaped (\\n, \\x1b)
        for stored in named(
            conn,
            "SELECT id, path FROM source_files ORDER BY status != 'current', "
            "status != 'refused', ingested_at DESC, id DESC",
        ):
            if shown(stored["path"]) == name:
                return int(stored["id"])
    copy = named(
        conn, "SELECT copy_of FROM inbox_files WHERE path = ? AND status = 'duplicate'", (name,)
    ).fetchone()
    if copy:
        raise NotKnown(
            f"{name} has the same contents as {copy['copy_of']}, which is the stored copy; "
            f"forget {copy['copy_of']} to withdraw them."
        )
    raise NotKnown(f"{name} is not a file in the store.")


def paths_of(conn: sqlite3.Connection, file_ids: Iterable[int]) -> dict[int, str]:
    """Stored files' paths by id."""
    ids = list(file_ids)
    return {
        r["id"]: r["path"]
        for r in named(
            conn,
            f"SELECT id, path FROM source_files WHERE id IN ({','.join('?' * len(ids))})",
            ids,
        )
    }


def set_forgotten(conn: sqlite3.Connection, file_ids: Iterable[int], forgotten: bool) -> int:
    """Withdraw (or restore) files and rebuild the audits they describe; how many changed."""
    changed = 0
    touched: set[int] = set()
    for file_id in file_ids:
        cur = conn.execute(
            "UPDATE source_files SET forgotten_at = ? WHERE id = ? AND "
            + ("forgotten_at IS NULL" if forgotten else "forgotten_at IS NOT NULL"),
            (now() if forgotten else None, file_id),
        )
        changed += cur.rowcount
        touched |= {
            r["audit_id"]
            for r in named(
                conn, "SELECT DISTINCT audit_id FROM audit_entries WHERE file_id = ?", (file_id,)
            )
        }
    for audit_id in sorted(touched):
        refresh_audit(conn, audit_id)
    return changed


# --- the list ----------------------------------------------------------------------------------


def _reason(
    status: str, error: str | None, replaced_by: str | None, forgotten: str | None
) -> str | None:
    if forgotten:
        return f"withdrawn with `forget` on {forgotten[:10]}; `forget --undo` counts it again."
    if status == "replaced":
        return f"replaced by a newer version{f' ({replaced_by})' if replaced_by else ''}."
    return error


def file_list(conn: sqlite3.Connection) -> list[FileRow]:
    """Every file the store knows, stored versions and the inbox's copies and unreadable files,
    in path order."""
    stored = named(
        conn,
        "SELECT f.path, f.sha256, f.kind, f.status, f.error, r.path AS replaced_by, "
        "  f.forgotten_at, "
        "  (SELECT count(DISTINCT e.audit_id) FROM audit_entries e WHERE e.file_id = f.id) "
        "    AS audits, "
        "  (SELECT count(*) FROM problems p WHERE p.file_id = f.id) AS problems, "
        "  EXISTS (SELECT 1 FROM inbox_files i WHERE i.sha256 = f.sha256) AS in_inbox "
        "FROM source_files f LEFT JOIN source_files r ON r.id = f.replaced_by",
    ).fetchall()
    rows = [
        FileRow(
            path=s["path"],
            sha256=s["sha256"],
            kind=shown_kind(s["path"], s["kind"], s["status"]),
            status="forgotten" if s["forgotten_at"] else s["status"],
            reason=_reason(
                s["status"],
                _without_name(s["error"], s["path"]),
                s["replaced_by"],
                s["forgotten_at"],
            ),
            audits=s["audits"] if s["status"] == "current" and not s["forgotten_at"] else 0,
            problems=s["problems"],
            in_inbox=bool(s["in_inbox"]),
            copy_of=None,
        )
        for s in stored
    ]
    rows += [
        FileRow(
            path=i["path"],
            sha256=i["sha256"],
            kind=shown_kind(i["path"], i["kind"], i["status"]),
            status=i["status"],
            reason=i["reason"]
            or f"it has the same contents as {i['copy_of']}, which was read; it was not read again.",
            audits=0,
            problems=0,
            in_inbox=True,
            copy_of=i["copy_of"],
        )
        for i in named(
            conn,
            "SELECT path, sha256, kind, status, copy_of, reason FROM inbox_files "
            "WHERE status != 'stored'",
        )
    ]
    return sorted(rows, key=lambda r: (r.path.casefold(), r.path, r.status != "current"))


def _without_name(sentence: str | None, path: str) -> str | None:
    """A refusal's sentence without the file name it starts with (the list shows the path)."""
    return without_name(sentence, path.rsplit("/", 1)[-1]) if sentence else sentence


def without_name(sentence: str, name: str) -> str:
    prefix = f"{name}: "
    return sentence[len(prefix) :] if sentence.startswith(prefix) else sentence
