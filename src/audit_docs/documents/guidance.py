"""``audit-docs guidance``: the best practice guidance for a period, with its figures beside it.

It ingests the inbox first, so the guidance shows the inbox as it is now, then writes

    outbox/best-practice-guidance-2016-04-01-2017-03-31.docx
    outbox/best-practice-guidance-2016-04-01-2017-03-31.json

both through a temporary file, so a reader never opens half a document. A period with no
audit on the form is refused with a sentence saying what the store does hold.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from audit_docs.compute.anonymise import Pseudonyms
from audit_docs.compute.guidance import chosen_sections, guidance_figures, period_label
from audit_docs.compute.guidance_types import GuidanceFigures
from audit_docs.errors import UsageError
from audit_docs.jobs.ingest import ingest
from audit_docs.jobs.places import Places, write_together
from audit_docs.read.formdef import FormDefinition, all_definitions
from audit_docs.records import StoredAudit
from audit_docs.settings import Settings
from audit_docs.store import queries
from audit_docs.store.db import open_store, pseudonym_key

if TYPE_CHECKING:
    from audit_docs.render.cover import Publishing

#: the template shipped with audit-docs (built by tools/build_guidance_template.py)
TEMPLATE = "best-practice-guidance.docx"


def prepare(  # noqa: PLR0917 -- the period, the options and the streams
    places: Places,
    start: dt.date,
    end: dt.date,
    sections: list[str] | None,
    title: str | None,
    template: Path | None,
    out: TextIO,
    err: TextIO,
    *,
    form: str | None = None,
) -> tuple[GuidanceFigures, Path, str]:
    """The figures, the template and the file stem of the guidance for [start, end]: what
    the guidance, or the officer's commentary document for it, is made from. ``form`` is the
    id of the form whose audits it is about (default: the first form shipped)."""
    if start > end:
        raise UsageError(
            f"The period starts ({start.isoformat()}) after it ends ({end.isoformat()}); "
            "give --from a date before --to."
        )
    template = template or places.template(TEMPLATE)
    if not template.is_file():
        raise UsageError(
            f"The guidance template {template} does not exist. Build it with "
            "`python tools/build_guidance_template.py`, or give the path of your own copy."
        )
    definition = chosen_form(form)
    chosen_sections(definition, sections)  # a wrong section fails before the inbox is read
    if title is None and definition != all_definitions()[0]:
        title = f"Best practice guidance: {definition.title}"
    ingest(places.inbox, places.store, out=out, err=err)
    audits, figures = _figures(places, start, end, sections, title, definition=definition)
    if figures["scope"]["audits"] == 0:
        raise UsageError(_empty_period(figures, audits, definition.id, definition.title))
    return figures, template, f"best-practice-guidance-{start.isoformat()}-{end.isoformat()}"


def guidance(  # noqa: PLR0917 -- the signature the CLI is wired to: places, period, options, streams
    places: Places,
    start: dt.date,
    end: dt.date,
    sections: list[str] | None = None,
    title: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    template: Path | None = None,
    form: str | None = None,
    settings: Settings | None = None,
    commentary: Path | None = None,
) -> Path:
    """Write the guidance for audits dated in [start, end]; return the .docx path.

    ``sections`` are form section numbers ("2".."8"; default all); ``template`` a council's
    own edited copy of templates/best-practice-guidance.docx; ``form`` the id of the form
    whose audits it is about; ``commentary`` the folder of the officer's commentary documents.
    """
    out, err = out or sys.stdout, err or sys.stderr
    figures, template, stem = prepare(
        places, start, end, sections, title, template, out, err, form=form
    )
    from audit_docs.jobs.commentary import publishing_for, report_warnings

    publishing = publishing_for(settings or Settings(), commentary, stem)
    document = places.outbox / f"{stem}.docx"
    numbers = places.outbox / f"{stem}.json"
    write_together(
        [
            (document, lambda tmp: render(template, figures, tmp, publishing)),
            (numbers, lambda tmp: _write_text(tmp, to_json(figures))),
        ]
    )
    report_warnings(publishing, err)
    out.write(
        f"Best practice guidance for {figures['period']['label']} "
        f"({figures['scope']['audits']} audits): {document}\n"
        f"The figures it shows: {numbers}\n"
    )
    return document


def _figures(
    places: Places,
    start: dt.date,
    end: dt.date,
    sections: list[str] | None = None,
    title: str | None = None,
    *,
    definition: FormDefinition | None = None,
) -> tuple[list[StoredAudit], GuidanceFigures]:
    conn = open_store(places.store)
    try:
        audits = queries.audits(conn)
        problems = queries.problems(conn)
        key = pseudonym_key(conn)
    finally:
        conn.close()
    figures = guidance_figures(
        audits,
        problems,
        definition or chosen_form(None),
        start=start,
        end=end,
        sections=sections,
        title=title,
        pseudonyms=Pseudonyms(key),
    )
    return audits, figures


def chosen_form(form: str | None) -> FormDefinition:
    """The form definition with id ``form`` (default: the first); UsageError naming the
    forms there are for an id none has."""
    definitions = all_definitions()
    if form is None:
        return definitions[0]
    for d in definitions:
        if d.id == form:
            return d
    names = "; ".join(f"{d.id} (‘{d.title}’)" for d in definitions)
    raise UsageError(f"There is no audit form with the id ‘{form}’. Choose one of: {names}.")


def sample_context(places: Places) -> tuple[dict[str, Any], dict[str, Any]]:
    """The figures for every audit in an (already ingested) store: `templates check` renders
    the template against these."""
    conn = open_store(places.store)
    try:
        dates = [a.audit_date for a in queries.audits(conn) if a.form and a.audit_date]
    finally:
        conn.close()
    _, figures = _figures(places, min(dates), max(dates))
    return dict(figures), {}


def _write_text(target: Path, text: str) -> None:
    target.write_text(text, encoding="utf-8")


def to_json(figures: Mapping[str, Any]) -> str:
    return json.dumps(figures, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def render(
    template: Path, figures: Mapping[str, Any], target: Path, publishing: Publishing
) -> None:
    from audit_docs.render.docx_render import render_document

    render_document(
        template,
        {**figures, "cover": publishing.cover()},
        publishing.pictures(),
        target,
        title=figures["title"],
        publication=publishing.publication(),
        commentary=publishing.commentary,
    )


def _empty_period(
    figures: GuidanceFigures, audits: list[StoredAudit], form_id: str, form_title: str
) -> str:
    label = figures["period"]["label"]
    dated = sorted(a.audit_date for a in audits if a.form == form_id and a.audit_date)
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
        f"No case audit on the ‘{form_title}’ form is dated in the period {label}, so there is "
        f"nothing to write guidance from. {held}{advice}."
    )
