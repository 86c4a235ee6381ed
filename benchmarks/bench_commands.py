"""`make bench` (commands): cold ingest of Word forms, and the annual report cold and warm.

- ingest: an inbox of N generated Word forms (``bench_extract.generate``: the bundled example
  forms, each copy its own case) read into an empty store with ``audit-docs ingest``, both
  cores; reported as forms per second too.
- annual report: the inbox of a generated audit log of N audits plus N/100 Word forms (the
  stores of ``bench_outputs.py``, built once and kept in ``benchmarks/.work``). Cold: an
  empty store, so the log and forms are read, then the report; warm: the same again, the store
  ready (nothing new to read), so mostly the report itself. The first warm run of a store
  also takes the store's daily backup (a copy of the whole store), so it is shown on its own
  line and the target is the run after it, the everyday re-run.

Each run is the CLI end to end, timed with its CPU time (user + system: on a shared machine
the wall time also counts waiting) and peak memory, then the growth from one size to the next.

Targets from the speed issue: cold ingest of 10,000 forms >= 250 forms/s on both cores; the
warm annual report at 100,000 audits <= 5 s; 10x the data within 12x the time.

    python benchmarks/bench_commands.py                         # every case at every size
    python benchmarks/bench_commands.py --forms 1000 --audits 1000,10000
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
from pathlib import Path

from bench_extract import WORK, generate
from bench_outputs import TARGET_GROWTH, build_store, run

FORMS = (1000, 10000)
AUDITS = (1000, 10000, 100000)
TARGET_FORMS_PER_S = 250.0
TARGET_WARM_S = 5.0

Figures = tuple[float | None, float | None, float | None]


def _fresh(store: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{store}.backups", ignore_errors=True)
    return store


def _line(label: str, figures: Figures, timeout: float, extra: str = "") -> None:
    seconds, peak, cpu = figures
    shown = f"{seconds:7.1f} s" if seconds is not None else f"> {timeout:.0f} s"
    used = f"{cpu:7.1f} s" if cpu is not None else "      n/a"
    memory = f"{peak:7.0f} MB" if peak is not None else "      n/a"
    print(f"  {label:<34} {shown}  (CPU {used})  peak {memory}{extra}", flush=True)


def ingest(cli: str, sizes: list[int], timeout: float) -> dict[int, Figures]:
    print("\nCold ingest of generated Word forms (CLI, both cores):")
    results = {}
    for forms in sizes:
        inbox = WORK / f"ingest-{forms}" / "inbox"
        if not inbox.is_dir() or len(list(inbox.glob("*.docx"))) != forms:
            shutil.rmtree(inbox, ignore_errors=True)
            print(f"  generating {forms:,} forms in {inbox} ...", flush=True)
            generate(inbox, forms)
        store = _fresh(inbox.parent / "audits.sqlite")
        results[forms] = run([cli, "ingest", "--inbox", str(inbox), "--store", str(store)], timeout)
        seconds = results[forms][0]
        rate = f"  {forms / seconds:5.0f} forms/s" if seconds else ""
        _line(f"ingest {forms:>7,} forms", results[forms], timeout, rate)
    return results


def annual(cli: str, sizes: list[int], timeout: float) -> dict[tuple[str, int], Figures]:
    print("\nAnnual report for 2016-17 on a generated audit log (CLI, end to end):")
    results = {}
    for audits in sizes:
        inbox, _ = build_store(audits)
        folder = inbox.parent
        store, outbox = _fresh(folder / "annual.sqlite"), folder / "outbox"
        outbox.mkdir(exist_ok=True)
        argv = [cli, "annual-report", "--year", "2016", "--inbox", str(inbox)]
        argv += ["--store", str(store), "--outbox", str(outbox)]
        # the first warm run of a store takes its day's backup (a copy of the whole store,
        # checked first); the next is the everyday re-run, the one the target is for
        for case in ("cold", "warm, day's backup", "warm"):
            results[case, audits] = run(argv, timeout)
            _line(f"annual report {case} {audits:>7,} audits", results[case, audits], timeout)
    return results


def growth(label: str, sizes: list[int], figures: dict[int, Figures]) -> str:
    """The time ratio (and CPU ratio) from each size to the next, against the target."""
    parts = []
    for small, large in itertools.pairwise(sizes):
        a, b = figures[small][0], figures[large][0]
        a_cpu, b_cpu = figures[small][2], figures[large][2]
        ratio = f"{b / a:.1f}x" if a and b else "n/a"
        cpu = f" (CPU {b_cpu / a_cpu:.1f}x)" if a_cpu and b_cpu else ""
        allowed = TARGET_GROWTH * (large / small) / 10
        ok = bool(a and b and (b / a <= allowed or (a_cpu and b_cpu and b_cpu / a_cpu <= allowed)))
        parts.append(f"{large // small}x data: {ratio}{cpu} [{'met' if ok else 'MISSED'}]")
    return f"  {label:<22} " + "; ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", default=",".join(str(s) for s in FORMS))
    parser.add_argument("--audits", default=",".join(str(s) for s in AUDITS))
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per run")
    args = parser.parse_args()
    forms = [int(s) for s in args.forms.split(",") if s]
    audits = [int(s) for s in args.audits.split(",") if s]
    cli = str(Path(sys.executable).parent / "audit-docs")
    ingested = ingest(cli, forms, args.timeout) if forms else {}
    reported = annual(cli, audits, args.timeout) if audits else {}
    print("\nGrowth (time ratio for the data ratio; met if wall or CPU is within) and targets:")
    if forms:
        print(growth("ingest", forms, ingested))
        largest = max(forms)
        seconds = ingested[largest][0]
        rate = largest / seconds if seconds else 0.0
        ok = rate >= TARGET_FORMS_PER_S
        print(
            f"  cold ingest of {largest:,} forms >= {TARGET_FORMS_PER_S:.0f} forms/s: "
            f"{rate:.0f} forms/s [{'met' if ok else 'MISSED'}]"
        )
    for case in ("cold", "warm") if audits else ():
        print(growth(f"annual report {case}", audits, {n: reported[case, n] for n in audits}))
    if audits:
        largest = max(audits)
        seconds, _, cpu = reported["warm", largest]
        ok = seconds is not None and seconds <= TARGET_WARM_S
        shown = f"{seconds:.1f} s (CPU {cpu:.1f} s)" if seconds and cpu else "n/a"
        print(
            f"  annual report warm at {largest:,} audits <= {TARGET_WARM_S:.0f} s: "
            f"{shown} [{'met' if ok else 'MISSED'}]"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
