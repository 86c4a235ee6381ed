"""``audit-docs problems``: the data-quality workbook a QA officer works down.

It ingests the inbox first, so the list shows the inbox as it is now: a refused file is
listed for as long as it sits in the inbox, and a fixed file's problems go with its old
version.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from audit_docs.compute.data_quality import count_line, data_quality_rows
from audit_docs.jobs.ingest import ingest
from audit_docs.jobs.places import Places, write_atomically
from audit_docs.records import Refusal
from audit_docs.store import queries
from audit_docs.store.db import open_store


def problems(
    places: Places,
    today: dt.date | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> Path:
    out, err = out or sys.stdout, err or sys.stderr
    today = today or dt.date.today()
    summary = ingest(places.inbox, places.store, out=out, err=err)
    conn = open_store(places.store)
    try:
        found = queries.problems(conn)
        stored = {r.path: r for r in queries.refusals(conn)}
    finally:
        conn.close()
    refused = [
        stored.get(path) or Refusal(path=path, error=error, reason="", sha256="")
        for path, error in summary.refused
    ]
    rows = data_quality_rows(found, refused)
    from audit_docs.render.workbook import write_data_quality

    target = places.outbox / f"data-quality-{today.isoformat()}.xlsx"
    write_atomically(
        target, lambda tmp: write_data_quality(tmp, rows, f"Data quality {today.isoformat()}")
    )
    out.write(f"{count_line(rows)} Written to {target}\n")
    return target
