"""The best practice guidance for a period: ``audit-docs guidance --from … --to …``.

Writes

    outbox/best-practice-guidance-2016-04-01-2017-03-31.docx
    outbox/best-practice-guidance-2016-04-01-2017-03-31.json

through the one publishing engine (jobs/publish.py). This module declares the kind: the
period, form and sections asked for are checked before anything is read; the store is read
once into a :class:`GuidanceSnapshot`; compute/guidance.py makes the figures and their
sentences. A period with no audit on the form is refused with a sentence saying what the
store does hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from audit_docs.compute.anonymise import Pseudonyms
from audit_docs.compute.guidance import chosen_sections, guidance_figures, period_label
from audit_docs.compute.guidance_types import GuidanceFigures
from audit_docs.documents.kind import DocumentKind, Request
from audit_docs.errors import UsageError
from audit_docs.jobs.places import Places
from audit_docs.read.formdef import FormDefinition
from audit_docs.records import StoredAudit, StoredProblem
from audit_docs.store import queries
from audit_docs.store.db import open_store, pseudonym_key
from audit_docs.words import plural

if TYPE_CHECKING:
    from audit_docs.render.cover import Publishing
    from audit_docs.render.docx_render import Rendering
    from audit_docs.workspace import Workspace

#: the template shipped with audit-docs (built by tools/build_guidance_template.py)
TEMPLATE = "best-practice-guidance.docx"


@dataclass(frozen=True)
class GuidanceSnapshot:
    """What the guidance reads from the store, in one session."""

    audits: list[StoredAudit]
    problems: list[StoredProblem]
    pseudonym_key: bytes


def _period(request: Request) -> tuple[dt.date, dt.date]:
    if request.start is None or request.end is None:
        raise UsageError(
            "Say which audits the guidance is for: --from and --to, the first and last audit "
            "dates (YYYY-MM-DD)."
        )
    return request.start, request.end


def _check(ws: Workspace, request: Request) -> None:
    """The period, the form and its sections, before the inbox is read."""
    start, end = _period(request)
    if start > end:
        raise UsageError(
            f"The period starts ({start.isoformat()}) after it ends ({end.isoformat()}); "
            "give --from a date before --to."
        )
    definition = ws.definitions.form(request.form)
    chosen_sections(definition, list(request.sections) if request.sections else None)


def read_snapshot(places: Places) -> GuidanceSnapshot:
    """The store read once (already ingested)."""
    conn = open_store(places.store)
    try:
        return GuidanceSnapshot(queries.audits(conn), queries.problems(conn), pseudonym_key(conn))
    finally:
        conn.close()


def compute_figures(
    snapshot: GuidanceSnapshot,
    definition: FormDefinition,
    start: dt.date,
    end: dt.date,
    *,
    sections: list[str] | None = None,
    title: str | None = None,
) -> GuidanceFigures:
    """The guidance's figures for audits on ``definition``'s form dated in [start, end]."""
    return guidance_figures(
        snapshot.audits,
        snapshot.problems,
        definition,
        start=start,
        end=end,
        sections=sections,
        title=title,
        pseudonyms=Pseudonyms(snapshot.pseudonym_key),
    )


def _figures(ws: Workspace, request: Request, snapshot: GuidanceSnapshot) -> GuidanceFigures:
    start, end = _period(request)
    definition = ws.definitions.form(request.form)
    title = request.title
    if title is None and definition != ws.definitions.main:
        title = f"Best practice guidance: {definition.title}"
    sections = list(request.sections) if request.sections else None
    figures = compute_figures(snapshot, definition, start, end, sections=sections, title=title)
    if figures["scope"]["audits"] == 0:
        raise UsageError(_empty_period(figures, snapshot.audits, definition))
    return figures


def _empty_period(
    figures: GuidanceFigures, audits: list[StoredAudit], definition: FormDefinition
) -> str:
    label = figures["period"]["label"]
    dated = sorted(a.audit_date for a in audits if a.form == definition.id and a.audit_date)
    if dated:
        held = (
            f"The store holds {len(dated)} audits on that form, dated from "
            f"{period_label(dated[0], dated[-1])}"
        )
        advice = "; choose --from and --to dates that cover them"
    else:
        held = "The store holds no audits on that form yet"
        advice = "; put the completed forms (.docx) in the inbox and run the command again"
    return (
        f"No case audit on the ‘{definition.title}’ form is dated in the period {label}, so "
        f"there is nothing to write guidance from. {held}{advice}."
    )


def _view(figures: GuidanceFigures, _request: Request, _publishing: Publishing) -> Rendering:
    from audit_docs.render.docx_render import Rendering

    return Rendering(figures, {}, figures["title"])


def _announce(figures: GuidanceFigures, docx: Path, data: Path) -> str:
    return (
        f"Best practice guidance for {figures['period']['label']} "
        f"({plural(figures['scope']['audits'], 'audit', 'audits')}): {docx}\n"
        f"The figures it shows: {data}\n"
    )


def _stem(request: Request) -> str:
    start, end = _period(request)
    return f"best-practice-guidance-{start.isoformat()}-{end.isoformat()}"


def _sample(ws: Workspace) -> Request:
    """Every audit on the main form in the (sample) store: `templates check` renders the
    template against their figures."""
    snapshot = read_snapshot(ws.places)
    main = ws.definitions.main.id
    dates = [a.audit_date for a in snapshot.audits if a.form == main and a.audit_date]
    return Request(start=min(dates), end=max(dates))


GUIDANCE: DocumentKind[GuidanceSnapshot, GuidanceFigures] = DocumentKind(
    name="guidance",
    template=TEMPLATE,
    stem=_stem,
    check=_check,
    gather=lambda ws, _request: read_snapshot(ws.places),
    figures=_figures,
    view=_view,
    announce=_announce,
    sample=_sample,
    describe=lambda figures: f"the guidance {figures['period']['label']}",
)


def chosen_form(form: str | None) -> FormDefinition:
    """The shipped definition with id ``form`` (default: the main one), or a sentence."""
    from audit_docs.workspace import Definitions

    return Definitions.load().form(form)
