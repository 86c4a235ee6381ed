"""The annual report: ``audit-docs annual-report --year 2016``.

Writes ``outbox/annual-report-2016-17.docx`` and, beside it, the figures it was rendered
from as ``annual-report-2016-17.json`` (docs/contracts/report-figures.md), through the one
publishing engine (jobs/publish.py). This module declares the kind: the year asked for is
checked before anything is read, the store is read once into an :class:`AnnualSnapshot`,
compute/annual.py makes the figures and their sentences, render/annual_docx.py places them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from audit_docs.compute.annual import TREND_YEARS
from audit_docs.compute.figures import AnnualFigures
from audit_docs.compute.periods import FinancialYear, parse_year
from audit_docs.documents.kind import DocumentKind, Request
from audit_docs.errors import UsageError
from audit_docs.jobs.hints import Shell, command
from audit_docs.jobs.inputs import find_inputs
from audit_docs.jobs.places import Places
from audit_docs.read.files import EXCEL_SUFFIXES
from audit_docs.read.formdef import FormDefinition, builtin_definitions
from audit_docs.read.word.forms_reader import WORD_SUFFIXES
from audit_docs.records import (
    FeedbackAnswer,
    FormFeedback,
    QualityCheck,
    StoredAudit,
    ThematicResult,
)
from audit_docs.store import queries
from audit_docs.store.db import open_store

if TYPE_CHECKING:
    import sqlite3

    from audit_docs.render.cover import Publishing
    from audit_docs.render.docx_render import Rendering
    from audit_docs.workspace import Workspace

#: the template shipped with audit-docs (built by tools/build_templates.py)
TEMPLATE = "annual-report.docx"

#: what the report reads of the year's audits (compute/annual.py, rule_flags.py, voices.py):
#: ratings, answers, actions and the practitioners' feedback, not the other comments or the
#: source files; of earlier years' audits, for the trend and the comparison, less again
YEAR_PARTS = frozenset({"ratings", "answers", "actions", "comments"})
YEAR_COMMENTS = ("practitioner",)
EARLIER_PARTS = frozenset({"ratings", "answers"})


@dataclass(frozen=True)
class AnnualSnapshot:
    """What the annual report reads from the store, in one session."""

    #: the dates the counted audits hold, each once
    dates: list[dt.date | None]
    audits: list[StoredAudit]
    #: the audits of up to TREND_YEARS earlier years that hold audits, for the trend
    earlier: list[StoredAudit]
    thematic: list[ThematicResult]
    checks: list[QualityCheck]
    feedback: list[FeedbackAnswer]
    files: dict[str, int]
    undated: int
    held: list[FinancialYear]
    #: what families wrote and scored on the year's forms
    form_feedback: list[FormFeedback]


def _year(request: Request) -> FinancialYear:
    year = parse_year(str(request.year))
    if isinstance(year, str):
        raise UsageError(year)
    return year


def _check(ws: Workspace, request: Request) -> None:
    """The year, and something in the inbox to report on, before anything is read."""
    _year(request)
    inbox = ws.places.inbox
    if not inbox.is_dir() or not find_inputs([inbox], WORD_SUFFIXES + EXCEL_SUFFIXES):
        raise UsageError(empty_inbox(inbox, via_make=ws.via_make, shell=ws.shell))


def empty_inbox(inbox: Path, *, via_make: bool = False, shell: Shell = "posix") -> str:
    """The sentence for an inbox with nothing to read, naming the demo as the user can run it
    (`make demo` in the project folder, else `audit-docs demo`)."""
    demo = command("demo", via_make=via_make, shell=shell)
    return (
        f"There is nothing in the inbox folder ({inbox}): put the completed audit forms "
        "(.docx) and trackers (.xlsx) in it, then run this command again (or run "
        f"`{demo}` to see a report built from the sample files)."
    )


def gather_snapshot(places: Places, year: FinancialYear) -> AnnualSnapshot:
    """The store read once for ``year`` (already ingested)."""
    from audit_docs.compute.annual import years_held

    conn = open_store(places.store)
    try:
        dates = queries.audit_dates(conn, distinct=True)
        thematic = queries.thematic_results(conn)
        checks = queries.quality_checks(conn)
        feedback = queries.family_feedback(conn)
        held = years_held(dates, thematic, checks, feedback)
        before = [y for y in held if y.first < year.first and any(y.holds(d) for d in dates)]
        return AnnualSnapshot(
            dates=dates,
            audits=queries.audits(
                conn, year.start, year.end, parts=YEAR_PARTS, comment_sections=YEAR_COMMENTS
            ),
            earlier=_earlier(conn, before[-TREND_YEARS:], year) if before else [],
            thematic=thematic,
            checks=checks,
            feedback=feedback,
            files=queries.counted_files(conn),
            undated=queries.undated_forms(conn),
            held=held,
            form_feedback=queries.form_feedback(conn, year.start, year.end),
        )
    finally:
        conn.close()


def _earlier(
    conn: sqlite3.Connection, trend: list[FinancialYear], year: FinancialYear
) -> list[StoredAudit]:
    """The audits of the trend's earlier years, in date order: of the last of them (the year
    the report compares with) with their ratings and answers, of the others only what the
    trend reads (each audit's overall grade, in the audits table). At 100,000 audits the
    others' ratings were 140,000 rows loaded and never read."""
    last = trend[-1]
    older = (
        queries.audits(conn, trend[0].start, last.start - dt.timedelta(days=1), parts=())
        if len(trend) > 1
        else []
    )
    return older + queries.audits(conn, last.start, year.previous.end, parts=EARLIER_PARTS)


def compute_figures(
    snapshot: AnnualSnapshot,
    year: FinancialYear,
    forms: tuple[FormDefinition, ...] | None = None,
    min_graded: int | None = None,
) -> AnnualFigures:
    """The figures for ``year`` from a snapshot; ``forms`` the definitions in use (default
    the shipped ones), ``min_graded`` the settings file's ranking threshold (None: the
    built-in one)."""
    from audit_docs.compute.annual import Inputs, annual_figures
    from audit_docs.compute.forms import form_info
    from audit_docs.compute.rule_flags import count_flags, rule_flags
    from audit_docs.read.trackerdef import builtin_tracker_definitions

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
        audits=snapshot.audits,
        earlier=snapshot.earlier,
        thematic=snapshot.thematic,
        checks=snapshot.checks,
        feedback=snapshot.feedback,
        forms=[form_info(d) for d in forms or builtin_definitions()],
        feedback_questions=feedback_questions,
        rule_flags=count_flags(rule_flags(snapshot.audits)),
        sources={
            "form_files": snapshot.files.get("form", 0),
            "tracker_files": snapshot.files.get("tracker", 0),
            "undated_forms": snapshot.undated,
        },
        years_held=snapshot.held,
        thematic_measures=thematic_measures,
        form_feedback=snapshot.form_feedback,
    )
    if min_graded is not None:
        inputs = dataclasses.replace(inputs, min_graded=min_graded)
    return annual_figures(inputs)


def gather(places: Places, year: FinancialYear, min_graded: int | None = None) -> AnnualFigures:
    """The figures for ``year`` from an (already ingested) store, with the shipped forms:
    for library use and tests; the engine calls the kind's steps."""
    return compute_figures(gather_snapshot(places, year), year, None, min_graded)


def nothing_in(year: FinancialYear, held: list[str], inbox: Path) -> str:
    """The one sentence for a year the store holds nothing for."""
    if not held:
        holds = "The store holds nothing dated yet"
    else:
        holds = f"It holds {', '.join(held[:-1]) + ' and ' if len(held) > 1 else ''}{held[-1]}"
    return (
        f"The store holds no audits, thematic rounds, quality checks or family feedback dated "
        f"{year.label} ({year.short}). {holds}: choose one of those with --year, or put the "
        f"forms and trackers for {year.short} in {inbox} and run this command again."
    )


def _figures(ws: Workspace, request: Request, snapshot: AnnualSnapshot) -> AnnualFigures:
    year = _year(request)
    figures = compute_figures(snapshot, year, ws.definitions.forms, ws.settings.min_graded)
    if year.short not in figures["years_held"]:
        raise UsageError(nothing_in(year, figures["years_held"], ws.places.inbox))
    return figures


def _view(figures: AnnualFigures, request: Request, _publishing: Publishing) -> Rendering:
    from audit_docs.render.annual_docx import rendering

    return rendering(figures, request.charts)


def _announce(figures: AnnualFigures, docx: Path, data: Path) -> str:
    label = figures["period"]["label"]
    return f"Annual report for {label} written to {docx}\nIts figures: {data}\n"


ANNUAL_REPORT: DocumentKind[AnnualSnapshot, AnnualFigures] = DocumentKind(
    name="annual-report",
    template=TEMPLATE,
    stem=lambda request: f"annual-report-{_year(request).short}",
    check=_check,
    gather=lambda ws, request: gather_snapshot(ws.places, _year(request)),
    figures=_figures,
    view=_view,
    announce=_announce,
    sample=lambda _ws: Request(year="2016"),
    describe=lambda figures: f"the annual report {figures['period']['label']}",
    suggestions=lambda figures: {"Next steps": figures["next_steps"]},
)
