"""`make bench` (third part): how long the guidance's figures take for a round of N audits.

The audits are built in memory (``tests/builders/guidance_round.py``: the Early Help form,
every question answered, comments, moderators' remarks and learning actions), so what is
timed is ``guidance_figures`` alone: grouping, anonymising, choosing quotes. Issue 26 found it
quadratic (a pattern of every name in the store compiled for every quotation: 3.6 s for 1,000
audits, 258 s for 10,000); the target is the largest round, 100,000 audits, in at most 30 s,
and linear (10 times the audits, at most 20 times the time).

    python benchmarks/bench_guidance.py [N ...]
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.builders.guidance_round import FORM, audit_round  # noqa: E402

from audit_docs.compute.anonymise import Pseudonyms  # noqa: E402 -- after the path is set
from audit_docs.compute.guidance import guidance_figures  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
TARGET_SECONDS = 30.0


def seconds(count: int) -> float:
    audits = audit_round(count)
    start = time.perf_counter()
    guidance_figures(
        audits,
        [],
        FORM,
        start=dt.date(2016, 4, 1),
        end=dt.date(2017, 3, 31),
        pseudonyms=Pseudonyms(bytes(range(32))),
    )
    return time.perf_counter() - start


def main(sizes: tuple[int, ...]) -> int:
    times = {}
    for n in sizes:
        times[n] = seconds(n)
        print(f"  guidance figures for {n:>7,} audits: {times[n]:7.2f} s")
    ok = True
    largest = max(sizes)
    if largest >= 100_000:
        met = times[largest] <= TARGET_SECONDS
        ok &= met
        print(
            f"  {largest:,} audits in at most {TARGET_SECONDS:.0f} s: {'met' if met else 'MISSED'}"
        )
    ordered = sorted(sizes)
    for small, large in itertools.pairwise(ordered):
        ratio = times[large] / times[small]
        linear = ratio <= 2 * large / small
        ok &= linear
        print(
            f"  {large / small:.0f}x the audits took {ratio:.1f}x the time: "
            f"{'linear' if linear else 'NOT LINEAR'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    given = tuple(int(a) for a in sys.argv[1:]) or SIZES
    raise SystemExit(main(given))
