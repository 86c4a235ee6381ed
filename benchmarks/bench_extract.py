"""`make bench`: how fast audit-docs reads Word forms, next to the floor and to docx2python.

Generates 1,000 filled forms (the four bundled example forms, each copy with its own case
reference and auditor), then measures, in one run on this machine:

- extract: ``read_form`` over every file (what ``audit-docs extract`` does per file);
- floor: merely unzipping each file and parsing its word/document.xml with lxml;
- docx2python: reading the same files with docx2python (on a subset: it is slow);
- the CLI end to end (``audit-docs extract DIR > /dev/null``) and its peak memory.

Each timing is the median of REPEATS runs. Targets come from the foundation issue.
"""

from __future__ import annotations

import io
import resource
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
EXAMPLES = sorted((ROOT / "examples" / "inbox" / "forms").glob("example-*.docx"))
FORMS = 1000
REPEATS = 3
DOCX2PYTHON_SUBSET = 60


def generate(folder: Path, count: int) -> list[Path]:
    """``count`` forms: the examples with a unique case reference and auditor each."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    originals = []
    for path in EXAMPLES:
        with zipfile.ZipFile(path) as zf:
            originals.append({i.filename: zf.read(i) for i in zf.infolist()})
    paths = []
    for n in range(count):
        parts = dict(originals[n % len(originals)])
        xml = parts["word/document.xml"]
        for old in (b"H497667", b"EHA-2016-2223", b"EHA-2016-0867", b"EHA-2017-1869"):
            xml = xml.replace(old, f"BENCH-{n:05d}".encode())
        parts["word/document.xml"] = xml.replace(b"Brennan", f"Auditor{n}".encode(), 1)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
        path = folder / f"form-{n:05d}.docx"
        path.write_bytes(buf.getvalue())
        paths.append(path)
    return paths


def timed(label: str, fn, paths: list[Path], repeats: int = REPEATS) -> float:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for path in paths:
            fn(path)
        runs.append(time.perf_counter() - start)
    median = statistics.median(runs)
    print(f"  {label:<28} {len(paths) / median:8.1f} forms/s   ({median:6.2f} s for {len(paths)})")
    return median / len(paths)


def floor(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        etree.fromstring(zf.read("word/document.xml"))


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from audit_docs.read.forms_reader import read_form

    print(f"Generating {FORMS} forms in {WORK / 'forms'} ...")
    paths = generate(WORK / "forms", FORMS)
    failures = [p for p in paths[:8] if read_form(p).status != "ok"]
    if failures:
        print(f"generated forms did not read: {failures}")
        return 1

    print(f"Reading ({REPEATS} runs each, median):")
    extract_s = timed("audit-docs read_form", read_form, paths)
    floor_s = timed("floor (unzip + lxml parse)", floor, paths)
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
            repeats=1,
        )

    cli = [str(Path(sys.executable).parent / "audit-docs"), "extract", str(WORK / "forms")]
    start = time.perf_counter()
    subprocess.run(cli, stdout=subprocess.DEVNULL, check=True)
    cli_s = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"  CLI extract end to end       {FORMS / cli_s:8.1f} forms/s   ({cli_s:6.2f} s), peak memory {peak_mb:.0f} MB"
    )

    cli_rate = FORMS / cli_s
    print("\nTargets:")
    checks = [
        # the figure is the command end to end on this 2-core machine
        (f"at least 150 forms/s (CLI end to end, both cores): {cli_rate:.0f}", cli_rate >= 150),
        (f"no more than 3x the floor's time: {extract_s / floor_s:.2f}x", extract_s <= 3 * floor_s),
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
