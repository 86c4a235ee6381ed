"""`make bench`: how fast audit-docs reads Word forms, next to the floor and to docx2python.

Generates 1,000 filled forms (the four bundled example forms, each copy with its own case
reference and auditor), then measures, in one run on this machine:

- extract: ``read_form`` over every file (what ``audit-docs extract`` does per file);
- floor: merely unzipping each file and parsing its word/document.xml with lxml;
- docx2python: reading the same files with docx2python (on a subset: it is slow);
- the CLI end to end (``audit-docs extract DIR > /dev/null``) and its peak memory.

read_form and the floor are timed in alternating rounds and compared round by round: on a
shared machine whose speed drifts over minutes, timing one after the other would compare a
fast minute with a slow one. Each figure is the median of ROUNDS rounds (the CLI: of
CLI_RUNS runs). Targets come from the foundation issue.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.builders.form_copies import form_copies  # noqa: E402

WORK = ROOT / "benchmarks" / ".work"
FORMS = 1000
ROUNDS = 5
CLI_RUNS = 3
DOCX2PYTHON_SUBSET = 60
#: forms/s the foundation issue saw docx2python read on the machine its targets were set on
ISSUE_DOCX2PYTHON_RATE = 5


def generate(folder: Path, count: int) -> list[Path]:
    """``count`` forms: the examples with a unique case reference and auditor each."""
    return form_copies(folder, count)


def _report(label: str, count: int, seconds: float) -> None:
    print(f"  {label:<28} {count / seconds:8.1f} forms/s   ({seconds:6.2f} s for {count})")


def paired(
    fns: dict[str, Callable[[Path], object]], paths: list[Path], rounds: int = ROUNDS
) -> dict[str, list[float]]:
    """Seconds per round for each function over all paths, the functions taking turns."""
    runs: dict[str, list[float]] = {label: [] for label in fns}
    for _ in range(rounds):
        for label, fn in fns.items():
            start = time.perf_counter()
            for path in paths:
                fn(path)
            runs[label].append(time.perf_counter() - start)
    for label, seconds in runs.items():
        _report(label, len(paths), statistics.median(seconds))
    return runs


def timed(label: str, fn, paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        fn(path)
    seconds = time.perf_counter() - start
    _report(label, len(paths), seconds)
    return seconds / len(paths)


def floor(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        etree.fromstring(zf.read("word/document.xml"))


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from audit_docs.read.word.forms_reader import read_form

    print(f"Generating {FORMS} forms in {WORK / 'forms'} ...")
    paths = generate(WORK / "forms", FORMS)
    failures = [p for p in paths[:8] if read_form(p).status != "ok"]
    if failures:
        print(f"generated forms did not read: {failures}")
        return 1

    print(f"Reading (median of {ROUNDS} rounds, read_form and the floor taking turns):")
    runs = paired({"audit-docs read_form": read_form, "floor (unzip + lxml parse)": floor}, paths)
    extract_runs, floor_runs = runs.values()
    ratio = statistics.median(e / f for e, f in zip(extract_runs, floor_runs, strict=True))
    extract_s = statistics.median(extract_runs) / len(paths)
    try:
        from docx2python import docx2python
    except ImportError:
        docx2python = None
        print("  docx2python                  not installed (make bench installs it)")
    d2p_s = None
    if docx2python is not None:

        def with_docx2python(path: Path) -> None:
            with docx2python(path) as doc:
                doc.text  # noqa: B018 - reading the text is the work measured

        d2p_s = timed(
            f"docx2python ({DOCX2PYTHON_SUBSET} files)",
            with_docx2python,
            paths[:DOCX2PYTHON_SUBSET],
        )

    cli = [str(Path(sys.executable).parent / "audit-docs"), "extract", str(WORK / "forms")]
    cli_runs = []
    for _ in range(CLI_RUNS):
        start = time.perf_counter()
        subprocess.run(cli, stdout=subprocess.DEVNULL, check=True)
        cli_runs.append(time.perf_counter() - start)
    cli_s = statistics.median(cli_runs)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"  CLI extract end to end       {FORMS / cli_s:8.1f} forms/s   ({cli_s:6.2f} s, median of "
        f"{CLI_RUNS}), peak memory {peak_mb:.0f} MB"
    )

    cli_rate = FORMS / cli_s
    print("\nTargets:")
    checks = [
        # the issue's figure is the command end to end on this 2-core machine
        (f"at least 150 forms/s (CLI end to end, both cores): {cli_rate:.0f}", cli_rate >= 150),
        (f"no more than 3x the floor's time: {ratio:.2f}x (median of rounds)", ratio <= 3),
        (f"peak memory under 300 MB for {FORMS} forms: {peak_mb:.0f} MB", peak_mb < 300),
    ]
    if d2p_s is not None:
        checks.append(
            (
                f"at least 5x faster than docx2python: {d2p_s / extract_s:.1f}x",
                d2p_s >= 5 * extract_s,
            )
        )
    for text, ok in checks:
        print(f"  [{'met' if ok else 'MISSED'}] {text}")
    if d2p_s is not None:
        # The absolute target depends on the machine's speed, which drifts on a shared host;
        # docx2python is the issue's own yardstick for it.
        floor_rate = len(paths) / statistics.median(floor_runs)
        print(
            f"\n  This run's machine: docx2python read {1 / d2p_s:.1f} forms/s, where the issue "
            f"measured about {ISSUE_DOCX2PYTHON_RATE}; the floor read {floor_rate:.0f} forms/s."
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
