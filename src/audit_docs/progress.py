"""What a command says while it works: a progress bar on a terminal, each file under
``--verbose``, nothing under ``--quiet``.

The choice travels as a value (``Workspace.verbosity``, set by the command line's
``--quiet``/``--verbose``), never through the environment. The bar (tqdm: count, rate and
time left) goes to standard error and only when that is a terminal, so a scheduled job's log
and a pipe get nothing from it; tqdm is imported only when a bar is shown.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal, TextIO, TypeVar

if TYPE_CHECKING:
    from pathlib import Path

#: quiet: errors and the one-line result; normal: the summary, a bar on a terminal;
#: verbose: also each file as it is read, and how long each step took
Verbosity = Literal["quiet", "normal", "verbose"]
VERBOSITIES: tuple[Verbosity, ...] = ("quiet", "normal", "verbose")

#: below this many files reading takes a moment: no bar
BAR_FROM = 20
#: how often the bar is redrawn, in seconds
REDRAW_S = 0.2
#: the terminal's size (columns, rows) for a terminal that gives none
FALLBACK_SIZE = (80, 24)

T = TypeVar("T")


def on_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal someone watches (not a file, a pipe or a log)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # a closed or detached stream
        return False


def _columns(stream: TextIO) -> int:
    """The terminal's width, 0 when it gives none (a pseudo-terminal with no size)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 0


def _bar(total: int, what: str, unit: str, err: TextIO) -> Any:
    from tqdm import tqdm

    sized = _columns(err) > 0
    return tqdm(
        total=total,
        desc=what,
        unit=f" {unit}",
        file=err,
        leave=False,
        # follow the window's size; a terminal that gives none (tqdm would draw nothing) gets
        # 80 columns and 24 rows
        dynamic_ncols=sized,
        ncols=None if sized else FALLBACK_SIZE[0],
        nrows=None if sized else FALLBACK_SIZE[1],
        mininterval=REDRAW_S,
    )


class Shown:
    """A bar over ``total`` items on a terminal (from :data:`BAR_FROM` of them), and under
    verbose a line per item with the seconds it took."""

    def __init__(
        self,
        total: int,
        what: str,
        err: TextIO,
        verbosity: Verbosity = "normal",
        *,
        unit: str = "files",
        bar_from: int = BAR_FROM,
    ) -> None:
        self.err = err
        self.verbose = verbosity == "verbose"
        show = verbosity != "quiet" and total >= bar_from and on_terminal(err)
        self.bar = _bar(total, what, unit, err) if show else None
        self.last = time.perf_counter()

    def say(self, line: str) -> None:
        """A line for the reader, above the bar when one is shown."""
        if self.bar is not None:
            self.bar.write(line, file=self.err)
        else:
            self.err.write(line + "\n")

    def done(self, name: str | Path | None = None) -> None:
        """One more item finished (``name`` said under verbose, with its seconds)."""
        now = time.perf_counter()
        if self.verbose and name is not None:
            self.say(f"read {name} ({now - self.last:.2f} s)")
        self.last = now
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def shown(
    items: Iterable[T],
    total: int,
    what: str,
    err: TextIO,
    verbosity: Verbosity = "normal",
    *,
    names: Iterable[str | Path] | None = None,
) -> Iterator[T]:
    """``items`` as they come, with :class:`Shown` progress (``names`` said under verbose)."""
    progress = Shown(total, what, err, verbosity)
    named = iter(names) if names is not None else None
    try:
        for item in items:
            progress.done(next(named, None) if named is not None else None)
            yield item
    finally:
        progress.close()


class Steps:
    """The stages of building a document (gathering, figures, rendering): a bar of steps on
    a terminal, and under verbose the seconds each took."""

    def __init__(self, total: int, err: TextIO, verbosity: Verbosity = "normal") -> None:
        self.progress = Shown(total, "building", err, verbosity, unit="steps", bar_from=1)

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        if self.progress.bar is not None:
            self.progress.bar.set_description(name)
        start = time.perf_counter()
        yield
        if self.progress.verbose:
            self.progress.say(f"{name}: {time.perf_counter() - start:.2f} s")
        if self.progress.bar is not None:
            self.progress.bar.update(1)

    def close(self) -> None:
        self.progress.close()
