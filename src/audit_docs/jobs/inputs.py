"""Which files a command works on: the paths given, with folders searched (sub-folders too)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def find_inputs(paths: Iterable[Path], suffixes: tuple[str, ...]) -> list[Path]:
    """Files in the order given; a folder's files sorted by their path inside it.

    Hidden files and folders (".git", ".~lock") are passed over; Word's "~$" lock files are
    kept, so that they are reported rather than silently skipped.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = [
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in suffixes
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            found.extend(sorted(inside, key=lambda p: p.relative_to(path).as_posix().casefold()))
        else:
            found.append(path)
    return found
