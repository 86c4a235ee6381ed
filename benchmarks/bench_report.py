"""`make bench` (second part): how long `make annual-report` takes for a year of forms.

An inbox of N generated forms (the bundled examples, each copy its own case) plus the
bundled trackers; each case is timed end to end with the CLI on both cores:

- cold: an empty store, so every file is read and stored, then charts and the report;
- warm: the same inbox again (every file cached by its hash), so only the report is built.

Targets from the annual report issue: 300 forms plus trackers under 10 s, 5,000 forms under
60 s, including ingest and charts.

Then native Word charts against ``--charts picture`` (issue 16: at most 10% slower): warm runs
of the largest inbox, the two alternating round after round so both see the same machine load;
medians compared. ``python bench_report.py --charts-only N`` runs just that, on N forms.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_extract import WORK, generate

ROOT = Path(__file__).resolve().parent.parent
CASES = ((300, 10.0), (5000, 60.0))
CHART_ROUNDS = 5


def run(inbox: Path, store: Path, outbox: Path, charts: str = "native") -> float:
    cli = [
        str(Path(sys.executable).parent / "audit-docs"),
        "annual-report",
        "--year",
        "2016",
        "--inbox",
        str(inbox),
        "--store",
        str(store),
        "--outbox",
        str(outbox),
        "--charts",
        charts,
    ]
    start = time.perf_counter()
    subprocess.run(cli, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def prepare(forms: int) -> tuple[Path, Path]:
    """A fresh inbox of ``forms`` generated forms plus the bundled trackers, an empty store."""
    inbox = WORK / f"inbox-{forms}"
    if inbox.exists():
        shutil.rmtree(inbox)
    generate(inbox / "forms", forms)
    shutil.copytree(ROOT / "examples" / "inbox" / "trackers", inbox / "trackers")
    store = WORK / f"report-{forms}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{store}.backups", ignore_errors=True)
    return inbox, store


def compare_charts(inbox: Path, store: Path, rounds: int = CHART_ROUNDS) -> tuple[str, bool]:
    """Warm runs, native and picture alternating; the medians and their ratio."""
    times: dict[str, list[float]] = {"native": [], "picture": []}
    for i in range(rounds):
        order = ("native", "picture") if i % 2 == 0 else ("picture", "native")
        for charts in order:
            times[charts].append(run(inbox, store, WORK / "outbox", charts))
    native, picture = (statistics.median(times[k]) for k in ("native", "picture"))
    print(
        f"  native charts {native:5.2f} s, picture charts {picture:5.2f} s (medians of "
        f"{rounds} warm runs each, alternating): native/picture = {native / picture:.2f}"
    )
    return f"native charts at most 10% slower than pictures: {native / picture:.2f}x", (
        native <= 1.10 * picture
    )


def main() -> int:
    if sys.argv[1:2] == ["--charts-only"]:
        inbox, store = prepare(int(sys.argv[2]))
        run(inbox, store, WORK / "outbox")
        text, ok = compare_charts(inbox, store)
        print(f"  [{'met' if ok else 'MISSED'}] {text}")
        return 0
    print("\nAnnual report end to end (CLI, both cores):")
    results = []
    for forms, target in CASES:
        inbox, store = prepare(forms)
        cold = run(inbox, store, WORK / "outbox")
        warm = run(inbox, store, WORK / "outbox")
        print(f"  {forms:>5} forms + trackers   cold {cold:6.1f} s   warm (cached) {warm:5.1f} s")
        results.append((f"{forms} forms under {target:.0f} s: {cold:.1f} s", cold < target))
    results.append(compare_charts(inbox, store))
    print("\nTargets:")
    for text, ok in results:
        print(f"  [{'met' if ok else 'MISSED'}] {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
