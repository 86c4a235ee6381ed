"""Which files a command works on: the paths given, with folders searched (sub-folders too).

The inbox is walked whole, so that every file in it is either read or listed with a reason:
symlinked folders are followed once (a link back up the tree is not a loop), a folder that
cannot be opened is reported rather than passed over, and only the lock files Office leaves
while a document is open and the system's hidden files are left out without a word.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from audit_docs.read.files import NOT_A_FILE

#: hidden files the operating system leaves in folders, and the placeholder that keeps an
#: empty inbox in git (shipped with audit-docs); never anyone's work
SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini", ".gitkeep"})


def is_lock_or_system_file(name: str) -> bool:
    """Word's and Excel's ``~$name`` and LibreOffice's ``.~lock.name#`` while a file is open,
    and the operating system's hidden files."""
    return (
        name.startswith("~$")
        or (name.startswith(".~lock.") and name.endswith("#"))
        or name.casefold() in SYSTEM_FILES
    )


@dataclass
class InboxWalk:
    """Every file found (in a stable order) and every path that could not be looked into."""

    files: list[Path] = field(default_factory=list)
    #: (path, the sentence saying why it was not read)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)
    #: of those, the shortcuts not followed: they lead outside the folder walked
    not_followed: set[Path] = field(default_factory=set)


def _inside(root: Path, path: Path) -> str:
    """The sort key of a path in a folder: its place inside, ignoring case."""
    return path.relative_to(root).as_posix().casefold()


def walk_inbox(root: Path, *, locks: bool = False) -> InboxWalk:
    """Every file under ``root``, lock and system files left out (Office's lock files kept
    when ``locks``, for ``check`` to name them).

    A folder is visited once however many links lead to it, which also stops a link that
    points back up the tree from looping.
    """
    walk = InboxWalk()
    inside = _real(root)
    visited: set[tuple[int, int]] = set()
    pending = [root]
    #: folders reached through a link wait until every real folder is walked, so a folder is
    #: always listed under its own name rather than a link's
    linked: list[Path] = []
    while pending or linked:
        folder = pending.pop() if pending else linked.pop(0)
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in visited:
                continue
            visited.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            walk.unreadable.append((folder, cannot_open(exc)))
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_symlink() and (sentence := _link_not_followed(path, inside)):
                    walk.unreadable.append((path, sentence))
                    walk.not_followed.add(path)
                elif entry.is_dir():
                    (linked if entry.is_symlink() else pending).append(path)
                elif entry.is_file():
                    if not is_lock_or_system_file(entry.name) or (
                        locks and entry.name.startswith("~$")
                    ):
                        walk.files.append(path)
                elif not stat.S_ISDIR(entry.stat().st_mode):
                    walk.unreadable.append((path, NOT_A_FILE))
            except OSError as exc:
                walk.unreadable.append((path, cannot_open(exc)))
    walk.files.sort(key=lambda p: _inside(root, p))
    walk.unreadable.sort(key=lambda item: _inside(root, item[0]))
    return walk


def _real(path: Path) -> str:
    """The path with every link resolved, in the form paths are compared in."""
    return os.path.normcase(os.path.realpath(path))


def _link_not_followed(link: Path, inside: str) -> str | None:
    """Why a shortcut (symbolic link) in the inbox is not followed, if it is not.

    Only what is inside the inbox is read: a link to ``/etc`` or ``/proc/self`` (whose own
    links lead everywhere, and whose files never end) is listed instead, and never looked
    into.
    """
    if not link.exists():
        return (
            "this is a shortcut (symbolic link) to a file or folder that no longer exists; "
            "put the file itself in the inbox, or delete the shortcut."
        )
    target = _real(link)
    try:
        within = target == inside or os.path.commonpath([inside, target]) == inside
    except ValueError:  # Windows: another drive
        within = False
    if not within:
        return (
            "this is a shortcut (symbolic link) to a file or folder outside the inbox, and "
            "nothing outside the inbox is read; put the file itself in the inbox, or delete "
            "the shortcut."
        )
    return None


def cannot_open(exc: OSError, what: str = "folder") -> str:
    """Why a file or folder could not be opened, and what to do, in one sentence."""
    if isinstance(exc, PermissionError):
        return (
            f"this {what} cannot be opened because access is denied; ask IT to give you "
            "permission to read it (or close it wherever it is open). It is tried again each run."
        )
    if exc.errno == errno.ENAMETOOLONG:
        return (
            f"its path is longer than the system allows ({len(str(exc.filename or ''))} "
            "characters), so it cannot be read; move it to a folder nearer the top of the "
            "inbox, or shorten the folder names."
        )
    reason = (exc.strerror or "the system gave no reason").lower()
    return f"this {what} cannot be opened ({reason}); copy it again. It is tried again each run."


def find_inputs(paths: Iterable[Path], suffixes: tuple[str, ...]) -> list[Path]:
    """Files in the order given; a folder's files sorted by their path inside it.

    Hidden files and folders (".git", ".~lock") are passed over; Word's "~$" lock files are
    kept, so that ``check`` and ``extract`` report them rather than skip them silently. A
    file or folder that cannot be opened (access denied, a path too long) is kept too: the
    reader refuses it in a sentence naming it, and the other files are still read.
    """
    return listed_inputs(paths, suffixes)[0]


def listed_inputs(
    paths: Iterable[Path], suffixes: tuple[str, ...]
) -> tuple[list[Path], dict[Path, str]]:
    """``find_inputs``, and the sentences of the paths in a folder that are not to be read at
    all: shortcuts leading outside the folder given, never followed."""
    listed: dict[Path, str] = {}
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            walk = walk_inbox(path, locks=True)
            inside = [
                p
                for p in walk.files
                if p.suffix.lower() in suffixes
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            inside += [p for p, _ in walk.unreadable]
            listed.update((p, why) for p, why in walk.unreadable if p in walk.not_followed)
            found.extend(sorted(inside, key=partial(_inside, path)))
        else:
            found.append(path)
    return found, listed
