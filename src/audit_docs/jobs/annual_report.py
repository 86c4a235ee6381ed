"""``audit-docs annual-report --year 2016``: ingest the inbox, compute, write the report.

Writes ``outbox/annual-report-2016-17.docx`` and, beside it, the figures it was rendered
from as ``annual-report-2016-17.json`` (docs/contracts/report-figures.md). Both are written
to a temporary name and renamed, so a manager never opens half a report.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from audit_docs.compute.periods import FinancialYear
from audit_docs.errors import UsageError
from audit_docs.jobs.ingest import ingest
from audit_docs.jobs.inputs import find_inputs
from audit_docs.jobs.places import Places, write_atomically
from audit_docs.read.files import EXCEL_SUFFIXES
from audit_docs.read.word.forms_reader import WORD_SUFFIXES
from audit_docs.store import queries
from audit_docs.store.db import open_store

#: the template shipped with audit-docs (built by tools/build_templates.py)
TEMPLATE = "annual-report.docx"


def figures_json(figures: dict[str, Any]) -> str:
    return json.dumps(figures, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def gather(places: Places, year: FinancialYear) -> dict[str, Any]:
    """The figures for ``year`` from the store (already ingested)."""
    from audit_docs.compute.annual import Inputs, Question, annual_figures
    from audit_docs.compute.rule_flags import count_flags, rule_flags
    from audit_docs.read.formdef import builtin_definitions
    from audit_docs.read.trackerdef import builtin_tracker_definitions

    form = builtin_definitions()[0]
    conn = open_store(places.store)
    try:
        audits = queries.audits(conn, year.start, year.end)
        previous = queries.audits(conn, year.previous.start, year.previous.end)
        thematic = queries.thematic_results(conn)
        checks = queries.quality_checks(conn)
        feedback = queries.family_feedback(conn)
        files = queries.counted_files(conn)
    finally:
        conn.close()
    feedback_questions = {
        c.key: c.label
        for d in builtin_tracker_definitions()
        if d.kind == "family-feedback"
        for c in d.columns
    }
    inputs = Inputs(
        year=year,
        audits=audits,
        previous=previous,
        thematic=thematic,
        checks=checks,
        feedback=feedback,
        section_titles={s.number: s.short_title for s in form.rated_sections},
        questions=[
            Question(q.id, q.text, s.number, q.reverse, q.advice)
            for s in form.sections
            if s.rated
            for q in s.questions
        ],
        feedback_questions=feedback_questions,
        rule_flags=count_flags(rule_flags(audits)),
        sources={"form_files": files.get("form", 0), "tracker_files": files.get("tracker", 0)},
    )
    return annual_figures(inputs)


def annual_report(
    places: Places,
    first_year: int,
    template: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> tuple[Path, Path]:
    out, err = out or sys.stdout, err or sys.stderr
    year = FinancialYear(first_year)
    template = template or places.template(TEMPLATE)
    if not places.inbox.is_dir() or not find_inputs([places.inbox], WORD_SUFFIXES + EXCEL_SUFFIXES):
        raise UsageError(
            f"There is nothing in the inbox folder ({places.inbox}): put the completed audit "
            "forms (.docx) and trackers (.xlsx) in it, then run the report again (or try "
            "`make demo` to see a report built from the sample files)."
        )
    ingest(places.inbox, places.store, out=out, err=err)
    figures = gather(places, year)
    if figures["audits"]["total"] == 0:
        raise UsageError(
            f"The store holds no audits dated {year.label} ({year.short}); check --year, or that "
            f"the forms and audit log for that year are in {places.inbox}."
        )
    from audit_docs.render.annual_docx import write_annual_report

    stem = f"annual-report-{year.short}"
    docx = places.outbox / f"{stem}.docx"
    data = places.outbox / f"{stem}.json"
    write_atomically(data, lambda tmp: tmp.write_text(figures_json(figures), encoding="utf-8"))
    write_atomically(docx, lambda tmp: write_annual_report(figures, tmp, template))
    out.write(f"Annual report for {year.label} written to {docx}\nIts figures: {data}\n")
    return docx, data
