"""The documents in one call, for library use: ``annual_report(places, 2016)``.

Each builds the workspace of ``places`` with the shipped definitions (and the settings and
commentary folder given) and hands the document's kind to the publishing engine, exactly as
``audit-docs annual-report`` and ``audit-docs guidance`` do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from audit_docs.documents.annual_report import ANNUAL_REPORT
from audit_docs.documents.guidance import GUIDANCE
from audit_docs.documents.kind import Request
from audit_docs.jobs.places import Places
from audit_docs.jobs.publish import publish
from audit_docs.settings import Settings
from audit_docs.workspace import library_workspace


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
    """The annual report for the year ``asked`` (2016, "2016-17", "2016/17"), for library
    use: the workspace of ``places`` with these settings, published by the engine.
    ``commentary`` is the folder of the officer's commentary documents."""
    ws = library_workspace(places, settings, commentary, out, err)
    return publish(ws, ANNUAL_REPORT, Request(year=str(asked), template=template, charts=charts))


def guidance(  # noqa: PLR0917 -- the places, the period, the options, the streams
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
    """The guidance for audits dated in [start, end], for library use; the .docx path.

    ``sections`` are form section numbers ("2".."8"; default all); ``template`` a council's
    own edited copy of templates/best-practice-guidance.docx; ``form`` the id of the form
    whose audits it is about; ``commentary`` the folder of the officer's commentary documents.
    """
    ws = library_workspace(places, settings, commentary, out, err)
    request = Request(
        start=start,
        end=end,
        sections=tuple(sections) if sections else None,
        title=title,
        form=form,
        template=template,
    )
    docx, _ = publish(ws, GUIDANCE, request)
    return docx
