"""Which files a command works on: the paths given, with folders searched (sub-folders too)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator
from pathlib import Path


def find_inputs(paths: Iterable[Path], suffixes: tuple[str, ...]) -> list[Path]:
    """Files in the order given; a folder's files sorted by their path inside it.

    Hidden files and folders (".git", ".~lock") are passed over; Word's "~$" lock files are
    kept, so that they are reported rather than silently skipped. A folder that cannot be
    listed because its path is too long is kept too: the reader refuses it in a sentence,
    and the other files are still read.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = list(_walk(path, suffixes))
            found.extend(sorted(inside, key=lambda p: p.relative_to(path).as_posix().casefold()))
        else:
            found.append(path)
    return found


def _walk(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            yield folder  # refused by the reader with a sentence naming it
        return  # removed meanwhile, or not ours to read (as before)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path, suffixes)
            elif entry.is_file() and path.suffix.lower() in suffixes:
                yield path
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:
                yield path
