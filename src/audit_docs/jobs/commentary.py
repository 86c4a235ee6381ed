"""``audit-docs commentary``: the Word document a QA officer writes a document's analysis in.

    commentary/annual-report-2016-17.docx
    commentary/best-practice-guidance-2016-04-01-2017-03-31.docx

The document holds the published document's own headings (same words, same levels), a hint
under each with the figures given there, and an empty paragraph to write in. Run again, it
only gains the headings the document has gained: nothing the officer wrote is ever changed.
The document, when published, carries what is written (render/commentary.py). Any kind of
document the workspace publishes has one (jobs/publish.py builds it).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from audit_docs.documents.kind import Request
from audit_docs.errors import UsageError
from audit_docs.jobs.places import Places
from audit_docs.jobs.publish import commentary, document
from audit_docs.settings import Settings
from audit_docs.workspace import Workspace, library_workspace


def commentary_for(ws: Workspace, request: Request, name: str | None = None) -> Path:
    """The commentary document of the document called ``name`` (a kind's name); without one,
    the kind the request is for: a year is the annual report, a period the guidance."""
    if name is None:
        if request.year and not (request.start or request.end):
            name = "annual-report"
        elif request.start and request.end and not request.year:
            name = "guidance"
        else:
            raise UsageError(
                "Say which document the commentary is for: --year 2016 for the annual report, "
                "or --from 2016-04-01 --to 2017-03-31 for the guidance (not both)."
            )
    return commentary(ws, document(ws, name), request)


def annual_commentary(
    places: Places,
    asked: int | str,
    *,
    settings: Settings | None = None,
    folder: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> Path:
    """Write (or bring up to date) the commentary document of the annual report for a year."""
    ws = library_workspace(places, settings, folder, out, err)
    return commentary(ws, document(ws, "annual-report"), Request(year=str(asked)))


def guidance_commentary(
    places: Places,
    start: dt.date,
    end: dt.date,
    *,
    settings: Settings | None = None,
    folder: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> Path:
    """Write (or bring up to date) the commentary document of the guidance for a period."""
    ws = library_workspace(places, settings, folder, out, err)
    return commentary(ws, document(ws, "guidance"), Request(start=start, end=end))
