"""Any number of distinct filled Word forms, cheaply: copies of the bundled example forms.

Each copy is an example form (in turn) with its own case reference and auditor written into
its ``word/document.xml``, so no two copies have the same bytes (none is skipped as a
duplicate) and each is its own audit. For benchmarks (``benchmarks/bench_extract.py``) and
the tests of growth.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from tests.builders.wordform import zip_parts

EXAMPLES = sorted(
    (Path(__file__).resolve().parents[2] / "examples" / "inbox" / "forms").glob("example-*.docx")
)
#: the case references the example forms hold
REFERENCES = (b"H497667", b"EHA-2016-2223", b"EHA-2016-0867", b"EHA-2017-1869")


def form_copies(folder: Path, count: int) -> list[Path]:
    """``count`` forms in ``folder`` (emptied first): the examples, each copy with a unique
    case reference and auditor."""
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
        for old in REFERENCES:
            xml = xml.replace(old, f"BENCH-{n:05d}".encode())
        parts["word/document.xml"] = xml.replace(b"Brennan", f"Auditor{n}".encode(), 1)
        path = folder / f"form-{n:05d}.docx"
        path.write_bytes(zip_parts(parts))
        paths.append(path)
    return paths
