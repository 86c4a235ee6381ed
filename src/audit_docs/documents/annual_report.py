"""``audit-docs annual-report --year 2016``: ingest the inbox, compute, write the report.

Writes ``outbox/annual-report-2016-17.docx`` and, beside it, the figures it was rendered
from as ``annual-report-2016-17.json`` (docs/contracts/report-figures.md). Both are written
to a temporary name and renamed, so a manager never opens half a report.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TextIO

from audit_docs.compute.annual import TREND_YEARS
from audit_docs.compute.figures import AnnualFigures
from audit_docs.compute.periods import FinancialYear, parse_year
from audit_docs.errors import UsageError
from audit_docs.jobs.ingest import ingest
from audit_docs.jobs.inputs import find_inputs
from audit_docs.jobs.places import Places, word_template, write_together
from audit_docs.read.files import EXCEL_SUFFIXES
from audit_docs.read.word.forms_reader import WORD_SUFFIXES
from audit_docs.settings import Settings
from audit_docs.store import queries
from audit_docs.store.db import open_store

#: the template shipped with audit-docs (built by tools/build_templates.py)
TEMPLATE = "annual-report.docx"


def figures_json(figures: AnnualFigures) -> str:
    return json.dumps(figures, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_figures(target: Path, figures: AnnualFigures) -> None:
    target.write_text(figures_json(figures), encoding="utf-8")


def gather(places: Places, year: FinancialYear, min_graded: int | None = None) -> AnnualFigures:
    """The figures for ``year`` from the store (already ingested); ``min_graded`` is the
    settings file's ranking threshold (None: the built-in one)."""
    from audit_docs.compute.annual import Inputs, annual_figures, years_held
    from audit_docs.compute.forms import form_info
    from audit_docs.compute.rule_flags import count_flags, rule_flags
    from audit_docs.read.formdef import all_definitions
    from audit_docs.read.trackerdef import builtin_tracker_definitions

    conn = open_store(places.store)
    try:
        dates = queries.audit_dates(conn)
        audits = queries.audits(conn, year.start, year.end)
        thematic = queries.thematic_results(conn)
        checks = queries.quality_checks(conn)
        feedback = queries.family_feedback(conn)
        held = years_held(dates, thematic, checks, feedback)
        before = [y for y in held if y.first < year.first and any(y.holds(d) for d in dates)]
        earlier = (
            queries.audits(conn, before[-TREND_YEARS:][0].start, year.previous.end)
            if before
            else []
        )
        files = queries.counted_files(conn)
        form_feedback = queries.form_feedback(conn, year.start, year.end)
        undated = queries.undated_forms(conn)
    finally:
        conn.close()
    feedback_questions = {
        c.key: c.label
        for d in builtin_tracker_definitions()
        if d.kind == "family-feedback"
        for c in d.columns
    }
    thematic_measures = {
        c.key: (c.label, *c.aliases)
        for d in builtin_tracker_definitions()
        if d.kind == "thematic"
        for c in d.columns
        if c.type == "measure"
    }
    inputs = Inputs(
        year=year,
        audits=audits,
        earlier=earlier,
        thematic=thematic,
        checks=checks,
        feedback=feedback,
        forms=[form_info(d) for d in all_definitions()],
        feedback_questions=feedback_questions,
        rule_flags=count_flags(rule_flags(audits)),
        sources={
            "form_files": files.get("form", 0),
            "tracker_files": files.get("tracker", 0),
            "undated_forms": undated,
        },
        years_held=held,
        thematic_measures=thematic_measures,
        form_feedback=form_feedback,
    )
    if min_graded is not None:
        inputs = dataclasses.replace(inputs, min_graded=min_graded)
    return annual_figures(inputs)


def nothing_in(year: FinancialYear, held: list[str], inbox: Path) -> str:
    """The one sentence for a year the store holds nothing for."""
    if not held:
        holds = "The store holds nothing dated yet"
    else:
        holds = f"It holds {', '.join(held[:-1]) + ' and ' if len(held) > 1 else ''}{held[-1]}"
    return (
        f"The store holds no audits, thematic rounds, quality checks or family feedback dated "
        f"{year.label} ({year.short}). {holds}: choose one of those with --year, or put the "
        f"forms and trackers for {year.short} in {inbox} and run the report again."
    )


def prepare(  # noqa: PLR0917 -- the year, the options and the streams
    places: Places,
    asked: int | str,
    template: Path | None,
    out: TextIO,
    err: TextIO,
    settings: Settings,
) -> tuple[FinancialYear, AnnualFigures, Path]:
    """The year asked for, its figures and the template: what a report, or the officer's
    commentary document for it, is made from. The year is checked before anything is
    ingested."""
    year = parse_year(str(asked))
    if isinstance(year, str):
        raise UsageError(year)
    template = word_template(template) if template else places.template(TEMPLATE)
    if not places.inbox.is_dir() or not find_inputs([places.inbox], WORD_SUFFIXES + EXCEL_SUFFIXES):
        raise UsageError(
            f"There is nothing in the inbox folder ({places.inbox}): put the completed audit "
            "forms (.docx) and trackers (.xlsx) in it, then run the report again (or try "
            "`make demo` to see a report built from the sample files)."
        )
    ingest(places.inbox, places.store, out=out, err=err)
    figures = gather(places, year, settings.min_graded)
    if year.short not in figures["years_held"]:
        raise UsageError(nothing_in(year, figures["years_held"], places.inbox))
    return year, figures, template


def annual_report(
    places: Places,
    asked: int | str,
    template: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    charts: str = "native",
    settings: Settings | None = None,
    commentary: Path | None = None,
) -> tuple[Path, Path]:
    """``asked`` is the year as typed (2016, "2016-17", "2016/17"). ``commentary`` is the
    folder of the officer's commentary documents (jobs/commentary.py, render/commentary_doc.py): what is written there
    goes into the report."""
    out, err = out or sys.stdout, err or sys.stderr
    settings = settings or Settings()
    year, figures, template = prepare(places, asked, template, out, err, settings)
    from audit_docs.jobs.commentary import publishing_for, report_warnings
    from audit_docs.render.annual_docx import write_annual_report

    stem = f"annual-report-{year.short}"
    publishing = publishing_for(settings, commentary, stem)
    docx = places.outbox / f"{stem}.docx"
    data = places.outbox / f"{stem}.json"
    write_together(
        [
            (
                docx,
                lambda tmp: write_annual_report(
                    figures, tmp, template, charts, publishing=publishing
                ),
            ),
            (data, lambda tmp: write_figures(tmp, figures)),
        ]
    )
    report_warnings(publishing, err)
    out.write(f"Annual report for {year.label} written to {docx}\nIts figures: {data}\n")
    return docx, data
