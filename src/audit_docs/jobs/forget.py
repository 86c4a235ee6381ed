"""``audit-docs forget``: withdraw a file wrongly dropped in the inbox, and undo that.

Taking a file out of the inbox does not take its audits out of the store (the store keeps
what it has read, so a moved share or a tidied folder loses nothing). Forgetting does: the
file is marked, nothing is deleted, and from then on none of its audits, answers, ratings,
thematic rows or problems count in any report or export. Putting the same bytes back does
not bring it back silently; ``forget --undo`` does.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from audit_docs.errors import UsageError
from audit_docs.jobs.hints import Shell, command
from audit_docs.jobs.places import Places
from audit_docs.read.files import inbox_name, shown
from audit_docs.store import inbox as files_store
from audit_docs.store.db import open_store, transaction


def forget(
    places: Places,
    names: list[str],
    undo: bool = False,
    out: TextIO | None = None,
    *,
    via_make: bool = False,
    shell: Shell = "posix",
) -> int:
    """Forget (or, with ``undo``, restore) the files ``names`` stand for; how many changed.

    Nothing changes unless every name is a stored file. ``via_make``: next steps are
    suggested as make targets.
    """
    out = out or sys.stdout
    conn = open_store(places.store, create=False, writing=True)
    try:
        found: dict[int, str] = {}
        unknown: list[str] = []
        for name in names:
            try:
                found.setdefault(_find(conn, name, places.inbox), name)
            except files_store.NotKnown as exc:
                unknown.append(str(exc))
        if unknown:
            raise UsageError(
                " ".join(
                    [
                        *unknown,
                        f"`{command('files', via_make=via_make, shell=shell)}` lists the stored files by the path to give "
                        "(relative to the inbox) and their SHA-256. Nothing was changed.",
                    ]
                )
            )
        with transaction(conn):
            changed = files_store.set_forgotten(conn, found, forgotten=not undo)
        paths = files_store.paths_of(conn, found)
    finally:
        conn.close()
    for file_id in found:
        out.write(shown(_said(paths[file_id], undo, via_make, shell)) + "\n")
    if changed < len(found):
        left = len(found) - changed
        out.write(
            f"{left} of them {'was' if left == 1 else 'were'} already "
            f"{'counting' if undo else 'forgotten'}.\n"
        )
    return changed


def _find(conn: sqlite3.Connection, name: str, inbox: Path) -> int:
    """A name as ``files`` lists it, a SHA-256, or a path typed from here (``inbox/a.docx``)."""
    try:
        return files_store.find(conn, name)
    except files_store.NotKnown:
        typed = Path(name).absolute()
        root = inbox.absolute()
        if typed.is_relative_to(root) and typed != root:
            return files_store.find(conn, inbox_name(typed, root))
        raise


def _said(path: str, undo: bool, via_make: bool, shell: Shell) -> str:
    if undo:
        return f"{path} counts again in every report and export."
    return (
        f"{path} is forgotten: its audits, answers, ratings, thematic rows and problems no "
        f"longer count in any report or export (`{command('forget', '--undo', path, via_make=via_make, shell=shell)}` "
        "counts it again)."
    )
