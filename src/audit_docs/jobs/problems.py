"""``audit-docs problems``: the data-quality workbook a QA officer works down.

It ingests the inbox first, so the list shows the inbox as it is now: a refused file is
listed for as long as it sits in the inbox, and a fixed file's problems go with its old
version.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from audit_docs.compute.data_quality import count_line, data_quality_rows
from audit_docs.jobs.ingest import ingest_into
from audit_docs.jobs.places import Places, write_atomically
from audit_docs.records import Refusal, StoredAudit, StoredProblem
from audit_docs.store import queries
from audit_docs.store.db import open_store
from audit_docs.workspace import Workspace, as_workspace


def problems(
    given: Workspace | Places,
    today: dt.date | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> Path:
    """Ingest, then write the data-quality workbook of the workspace ``given`` (or of bare
    places, from library code)."""
    ws = as_workspace(given, out, err)
    places, out = ws.places, ws.out
    today = today or dt.date.today()
    summary = ingest_into(ws, next_steps=False)  # the next step would be this very command
    conn = open_store(places.store)
    try:
        found = queries.problems(conn)
        stored = {r.path: r for r in queries.refusals(conn)}
        # only the audits a check concerns: 1,000 forms, not 100,000 audit-log rows
        audits = queries.audits(conn, checked=True)
    finally:
        conn.close()
    found += _flags_as_problems(audits)
    refused = [
        stored.get(path) or Refusal(path=path, error=error, reason="", sha256="")
        # Word and Excel files that failed, and other files only listed (a PDF print, a
        # workbook that is no tracker): everything in the inbox that could not be read
        for path, error in summary.refused + summary.not_read
    ]
    rows = data_quality_rows(found, refused, audits, ws.definitions.forms)
    from audit_docs.render.workbook import write_data_quality

    target = places.outbox / f"data-quality-{today.isoformat()}.xlsx"
    write_atomically(
        target, lambda tmp: write_data_quality(tmp, rows, f"Data quality {today.isoformat()}")
    )
    out.write(f"{count_line(rows)} Written to {target}\n")
    return target


def _flags_as_problems(audits: list[StoredAudit]) -> list[StoredProblem]:
    """The grading guidance's checks, listed for discussion with the auditor (never applied)."""
    from audit_docs.compute.rule_flags import FLAG_LABELS, rule_flags

    by_key = {a.key: a for a in audits}
    problems = []
    for flag in rule_flags(audits):
        audit = by_key.get(flag.audit_key)
        source = audit.sources[0] if audit and audit.sources else "(audit store)"
        problems.append(
            StoredProblem(
                source=source,
                place=None,  # the whole audit: where the rule looked is in its label
                kind="rule",
                message=f"{FLAG_LABELS.get(flag.rule, flag.rule)}: {flag.message}",
                found=None,
                origin="rule",
                case_reference=flag.case_reference,
                audit_date=flag.audit_date,
                code="grading_rule",
                label=flag.where,
                auditor=audit.auditor if audit else None,
            )
        )
    return problems
