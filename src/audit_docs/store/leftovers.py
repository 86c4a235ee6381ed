"""What an interrupted creation of the store leaves beside it, removed on the next run.

A new store is built as ``.NAME.new-PID`` (with SQLite's ``-wal``, ``-shm`` or ``-journal``
beside it) and linked into place whole (``store/db.py``); a run killed in the middle leaves
those files for good. The next run that opens the store removes the ones whose process is
no longer running, or that are older than ``STALE_AFTER`` whatever their process id says,
and never a creation still under way.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from audit_docs.pids import running

#: A store takes well under a second to create; a building file this old (an hour, in
#: seconds) is a leftover even if its process id now belongs to another process.
STALE_AFTER = 3600.0
#: Younger than this (a minute), a building file is left alone even when its process is not
#: running here: a store on a shared folder may be being created from another computer.
YOUNGEST = 60.0
_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def remove_leftovers(store: Path) -> list[Path]:
    """Remove the leftovers of interrupted creations of ``store``; the paths removed."""
    prefix = f".{store.name}.new-"
    try:
        entries = [e for e in os.scandir(store.parent) if e.name.startswith(prefix)]
    except OSError:
        return []
    removed = []
    now = time.time()
    for entry in entries:
        rest = entry.name[len(prefix) :]
        pid = rest.split("-", 1)[0]
        if not pid.isdigit() or rest[len(pid) :] not in _SIDE_FILES:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if age < YOUNGEST or (age < STALE_AFTER and running(int(pid))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed
