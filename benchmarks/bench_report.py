"""`make bench` (second part): how long `make annual-report` takes for a year of forms.

An inbox of N generated forms (the bundled examples, each copy its own case) plus the
bundled trackers; each case is timed end to end with the CLI on both cores:

- cold: an empty store, so every file is read and stored, then charts and the report;
- warm: the same inbox again (every file cached by its hash), so only the report is built.

Targets from the annual report issue: 300 forms plus trackers under 10 s, 5,000 forms under
60 s, including ingest and charts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench_extract import WORK, generate

ROOT = Path(__file__).resolve().parent.parent
CASES = ((300, 10.0), (5000, 60.0))


def run(inbox: Path, store: Path, outbox: Path) -> float:
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
    ]
    start = time.perf_counter()
    subprocess.run(cli, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    print("\nAnnual report end to end (CLI, both cores):")
    results = []
    for forms, target in CASES:
        inbox = WORK / f"inbox-{forms}"
        if inbox.exists():
            shutil.rmtree(inbox)
        generate(inbox / "forms", forms)
        shutil.copytree(ROOT / "examples" / "inbox" / "trackers", inbox / "trackers")
        store = WORK / f"report-{forms}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{store}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(f"{store}.backups", ignore_errors=True)
        cold = run(inbox, store, WORK / "outbox")
        warm = run(inbox, store, WORK / "outbox")
        print(f"  {forms:>5} forms + trackers   cold {cold:6.1f} s   warm (cached) {warm:5.1f} s")
        results.append((f"{forms} forms under {target:.0f} s: {cold:.1f} s", cold < target))
    print("\nTargets:")
    for text, ok in results:
        print(f"  [{'met' if ok else 'MISSED'}] {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
