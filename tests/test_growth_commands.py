"""No quadratic path comes back unseen in ingest or the annual report: 4x the data may take
at most 8x the time (the rule of ``tests/test_growth.py``, whose CPU timing this reuses).

- ingest: a cold ingest of N distinct Word forms (copies of the bundled examples), read in
  this process (the parallel threshold raised) so that the process's CPU time is all of it;
- annual report: the store read and the figures made (``documents.annual_report.gather``) for
  2016-17 on a generated audit log of N audits, whose audits spread over ten years, so the
  year and its earlier years grow with N. Rendering the Word file costs about the same at any
  size and would hide the growth; it is left out.

The benchmark (``benchmarks/bench_commands.py``) measures the real sizes with the CLI.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from audit_docs.compute.periods import FinancialYear
from audit_docs.documents.annual_report import gather
from audit_docs.jobs import read_forms
from audit_docs.jobs.ingest import ingest
from audit_docs.jobs.places import Places
from tests.builders.form_copies import form_copies
from tests.builders.large_log import write_large_log
from tests.test_growth import LIMIT, _cpu

FORMS = (25, 100)
AUDITS = (1000, 4000)
YEAR = FinancialYear(2016)


def _ingest(inbox: Path, store: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    summary = ingest(inbox, store, out=io.StringIO(), err=io.StringIO())
    assert summary.read == len(list(inbox.glob("*.docx")))


def test_four_times_the_forms_take_at_most_eight_times_the_time_to_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read_forms, "PARALLEL_FROM", 10**9)  # all in this process
    small, large = (form_copies(tmp_path / f"inbox-{n}", n) for n in FORMS)
    assert (len(small), len(large)) == FORMS
    times = [
        _cpu(lambda n=n: _ingest(tmp_path / f"inbox-{n}", tmp_path / f"{n}.sqlite")) for n in FORMS
    ]
    assert times[1] <= LIMIT * times[0], (
        f"ingest: {FORMS[0]} forms {times[0]:.2f} s, {FORMS[1]} forms {times[1]:.2f} s "
        f"({times[1] / times[0]:.1f}x for 4x the forms)"
    )


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Places]:
    base = tmp_path_factory.mktemp("growth-annual")
    result = {}
    for audits in AUDITS:
        places = Places(base / f"inbox-{audits}", base / "outbox", base / f"{audits}.sqlite")
        write_large_log(places.inbox / "log.xlsx", audits)
        ingest(places.inbox, places.store, out=io.StringIO(), err=io.StringIO())
        result[audits] = places
    return result


def test_four_times_the_audits_take_at_most_eight_times_the_time_to_report(
    logs: dict[int, Places],
) -> None:
    counts = [gather(logs[n], YEAR)["audits"]["total"] for n in AUDITS]
    assert 3.5 <= counts[1] / counts[0] <= 4.5, counts  # the year itself grows 4x
    small, large = (_cpu(lambda n=n: gather(logs[n], YEAR)) for n in AUDITS)
    assert large <= LIMIT * small, (
        f"annual report: {AUDITS[0]} audits {small:.2f} s, {AUDITS[1]} audits {large:.2f} s "
        f"({large / small:.1f}x for 4x the audits)"
    )
