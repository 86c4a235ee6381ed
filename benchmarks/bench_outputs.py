"""`make bench` (outputs): problems, export (xlsx, csv, json) and files on large stores.

Each store holds a generated case audit log of N audits (``tests/builders/large_log.py``: 13
practice areas each, so 100,000 audits give 1.3 million section ratings, more than one Excel
sheet holds) and N/100 generated Word forms (answers, comments, actions). Stores are built
once and kept in ``benchmarks/.work``. Each command then runs end to end with the CLI (it
ingests first, finding nothing new) and is timed with its peak memory (the child's maximum
resident set, where the platform reports one).

Targets from the speed issue: at 100,000 audits each command within 30 s and under 1 GB;
10x the data within 12x the time.

    python benchmarks/bench_outputs.py                     # 1,000, 10,000 and 100,000 audits
    python benchmarks/bench_outputs.py --sizes 1000,10000 --timeout 300
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench_extract import WORK, generate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.builders.large_log import write_large_log  # noqa: E402

SIZES = (1000, 10000, 100000)
TARGET_S, TARGET_MB, TARGET_GROWTH = 30.0, 1024.0, 12.0
COMMANDS: dict[str, list[str]] = {
    "problems": ["problems"],
    "export xlsx": ["export", "--format", "xlsx", "--output", "{out}/export.xlsx"],
    "export csv": [
        "export",
        "--format",
        "csv",
        "--table",
        "section_ratings",
        "--output",
        "{out}/export.csv",
    ],
    "export json": ["export", "--format", "json", "--output", "{out}/export.json"],
    "files": ["files"],
}


#: audits per generated log workbook: 25,000 rows of 24 columns, within the reader's limit
LOG_PART = 25_000


def build_store(audits: int) -> tuple[Path, Path]:
    """The inbox and store of ``audits`` audits, built on first use and kept."""
    folder = WORK / f"outputs-{audits}"
    inbox, store = folder / "inbox", folder / "audits.sqlite"
    if store.exists():
        return inbox, store
    shutil.rmtree(folder, ignore_errors=True)
    print(f"  building a store of {audits:,} audits in {folder} ...", flush=True)
    # the reader refuses a workbook of more than a million cells: the log comes in parts
    for first in range(0, audits, LOG_PART):
        part = min(LOG_PART, audits - first)
        write_large_log(inbox / f"audit-log-{first // LOG_PART + 1}.xlsx", part, first=first)
    generate(inbox / "forms", max(audits // 100, 1))
    cli = Path(sys.executable).parent / "audit-docs"
    partial = folder / "building.sqlite"
    subprocess.run(
        [str(cli), "ingest", "--inbox", str(inbox), "--store", str(partial)],
        stdout=subprocess.DEVNULL,
        check=True,
    )
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(store)
    return inbox, store


def peak_mb(rusage: object) -> float | None:
    """The child's peak resident memory in MB (ru_maxrss: KB on Linux, bytes on macOS)."""
    maxrss = getattr(rusage, "ru_maxrss", None)
    if not maxrss:
        return None
    return float(maxrss) / (1024 * 1024 if sys.platform == "darwin" else 1024)


def run(argv: list[str], timeout: float) -> tuple[float | None, float | None, float | None]:
    """(seconds, peak MB, CPU seconds) of one run; seconds None when stopped at the time-out.

    The CPU time (user + system, where the platform reports it) is what the command itself
    used: on a machine shared with other work, wall time also counts the waiting."""
    start = time.perf_counter()
    with subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
        if hasattr(os, "wait4"):  # the child's own resource use, where the platform has it
            deadline = start + timeout
            while True:
                pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    proc.returncode = os.waitstatus_to_exitcode(status)
                    break
                if time.perf_counter() > deadline:
                    proc.kill()
                    proc.wait()
                    return None, None, None
                time.sleep(0.02)
            seconds, peak = time.perf_counter() - start, peak_mb(rusage)
            cpu: float | None = rusage.ru_utime + rusage.ru_stime
        else:
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                return None, None, None
            seconds, peak, cpu = time.perf_counter() - start, None, None
        err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err}")
    return seconds, peak, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    commands = [c.strip() for c in args.commands.split(",")]
    cli = str(Path(sys.executable).parent / "audit-docs")
    print("\nProblems, exports and files on generated stores (CLI, end to end):")
    results: dict[tuple[str, int], tuple[float | None, float | None, float | None]] = {}
    for audits in sizes:
        inbox, store = build_store(audits)
        out = WORK / f"outputs-{audits}" / "outbox"
        out.mkdir(exist_ok=True)
        for name in commands:
            words = [w.format(out=out) for w in COMMANDS[name]]
            argv = [cli, *words, "--inbox", str(inbox), "--store", str(store)]
            if name == "problems":
                argv += ["--outbox", str(out)]
            seconds, peak, cpu = run(argv, args.timeout)
            results[name, audits] = seconds, peak, cpu
            shown = f"{seconds:7.1f} s" if seconds is not None else f"> {args.timeout:.0f} s"
            used = f"{cpu:7.1f} s" if cpu is not None else "      n/a"
            memory = f"{peak:7.0f} MB" if peak is not None else "      n/a"
            print(
                f"  {name:<12} {audits:>7,} audits  {shown}  (CPU {used})  peak {memory}",
                flush=True,
            )
    print("\nGrowth (time ratio for the data ratio) and targets:")
    for name in commands:
        line = []
        for small, large in itertools.pairwise(sizes):
            a, b = results[name, small][0], results[name, large][0]
            ratio = f"{b / a:.1f}x" if a and b else "n/a"
            a_cpu, b_cpu = results[name, small][2], results[name, large][2]
            cpu = f" (CPU {b_cpu / a_cpu:.1f}x)" if a_cpu and b_cpu else ""
            ok = bool(a and b and b / a <= TARGET_GROWTH * (large / small) / 10)
            line.append(f"{large // small}x data: {ratio}{cpu} [{'met' if ok else 'MISSED'}]")
        largest = max(sizes)
        seconds, peak, _ = results[name, largest]
        fast = seconds is not None and seconds <= TARGET_S
        small_memory = peak is not None and peak < TARGET_MB
        line.append(
            f"{largest:,} audits <= {TARGET_S:.0f} s [{'met' if fast else 'MISSED'}], "
            f"< {TARGET_MB:.0f} MB [{'met' if small_memory else 'MISSED'}]"
        )
        print(f"  {name:<12} " + "; ".join(line))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
