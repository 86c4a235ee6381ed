"""No quadratic path comes back unseen: 4x the audits may take at most 8x the time.

Each command runs on two stores built from a generated audit log (``large_log``), one with
four times the audits of the other. Linear work takes about 4x the time (less, with the
fixed costs of starting); a path that is quadratic in the rows takes about 16x. Time is the
process's CPU time (the best of two runs), so other work on a shared machine does not count.
The benchmark (``benchmarks/bench_outputs.py``) measures the real sizes.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from audit_docs.jobs.export import export
from audit_docs.jobs.files import files
from audit_docs.jobs.ingest import ingest
from audit_docs.jobs.places import Places
from audit_docs.jobs.problems import problems
from tests.builders.large_log import write_large_log

SMALL, LARGE = 500, 2000
#: the most the time may grow for 4x the data
LIMIT = 8.0


def _quiet() -> dict[str, io.StringIO]:
    return {"out": io.StringIO(), "err": io.StringIO()}


COMMANDS: dict[str, Callable[[Places, Path], object]] = {
    "problems": lambda p, tmp: problems(p, today=dt.date(2017, 4, 3), **_quiet()),
    "export xlsx": lambda p, tmp: export(p, "xlsx", tmp / "x.xlsx", **_quiet()),
    "export csv": lambda p, tmp: export(p, "csv", tmp / "x.csv", "section_ratings", **_quiet()),
    "export json": lambda p, tmp: export(p, "json", tmp / "x.json", **_quiet()),
    "files": lambda p, tmp: files(p, "table", **_quiet()),
}


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Places]:
    base = tmp_path_factory.mktemp("growth")
    result = {}
    for audits in (SMALL, LARGE):
        places = Places(base / f"inbox-{audits}", base / "outbox", base / f"{audits}.sqlite")
        # two unreadable grades in every row: the data-quality list grows with the log
        write_large_log(places.inbox / "log.xlsx", audits, unreadable_every=1, unreadable_cells=2)
        ingest(places.inbox, places.store, **_quiet())
        result[audits] = places
    return result


def _cpu(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("command", list(COMMANDS))
def test_four_times_the_audits_take_at_most_eight_times_the_time(
    command: str, stores: dict[int, Places], tmp_path: Path
) -> None:
    small, large = (
        _cpu(lambda a=a: COMMANDS[command](stores[a], tmp_path)) for a in (SMALL, LARGE)
    )
    assert large <= LIMIT * small, (
        f"{command}: {SMALL} audits {small:.2f} s, {LARGE} audits {large:.2f} s "
        f"({large / small:.1f}x for 4x the audits)"
    )
