"""``audit-docs templates check``: try every Word template before a manager sees it.

Each template is rendered, in a temporary folder, against the figures of the sample inbox
that ships with audit-docs (examples/inbox), so a QA officer who edited a template in Word
learns what broke — a misspelt value, a tag Word split, a table-row loop in the wrong
place — with the template's own words around it.
"""

from __future__ import annotations

import io
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from audit_docs.jobs.places import Places, sample_inbox
from audit_docs.render.cover import Publishing
from audit_docs.settings import Settings

SAMPLE_YEAR = 2016
#: every line of the cover filled in, so the check renders them all (a logo needs a file)
SAMPLE_COVER = Publishing(
    Settings(
        organisation="Sample Borough Council",
        service="Children's Services",
        author="Quality Assurance Team",
        approved_by="Head of Service",
    )
)


def _annual_context(places: Places) -> tuple[dict[str, Any], dict[str, Any]]:
    from audit_docs.compute.periods import FinancialYear
    from audit_docs.documents.annual_report import gather
    from audit_docs.render.annual_docx import chart_set, view

    figures = gather(places, FinancialYear(SAMPLE_YEAR))
    return view(figures) | {"cover": SAMPLE_COVER.cover()}, chart_set(figures)


def _guidance_context(places: Places) -> tuple[dict[str, Any], dict[str, Any]]:
    from audit_docs.documents.guidance import sample_context

    figures, pictures = sample_context(places)
    return figures | {"cover": SAMPLE_COVER.cover()}, pictures


#: template file -> how to build the figures it is rendered with
CONTEXTS: dict[str, Callable[[Places], tuple[dict[str, Any], dict[str, Any]]]] = {
    "annual-report.docx": _annual_context,
    "best-practice-guidance.docx": _guidance_context,
}


def check_templates(places: Places, out: TextIO | None = None, folder: Path | None = None) -> int:
    """0 when every template renders cleanly, 1 when any has a problem (each printed).

    ``places`` is accepted like every command's; the check always uses the bundled sample
    inbox, never the user's store, so it can run before any real data arrives.
    """
    from audit_docs.jobs.ingest import ingest
    from audit_docs.render.docx_render import check_template

    out = out or sys.stdout
    folder = folder or places.templates
    worst = 0
    with tempfile.TemporaryDirectory() as scratch:
        sample = Places(sample_inbox(), Path(scratch) / "outbox", Path(scratch) / "sample.sqlite")
        ingest(sample.inbox, sample.store, out=io.StringIO(), err=io.StringIO())
        for name, context in CONTEXTS.items():
            template = folder / name
            if not template.exists():
                out.write(f"{name}: missing from {folder}; restore it from audit-docs.\n")
                worst = 1
                continue
            data, pictures = context(sample)
            report = check_template(template, data, pictures)
            if report.problems:
                worst = 1
                out.write(f"{name}: {len(report.problems)} problem(s)\n")
                out.writelines(f"  - {p}\n" for p in report.problems)
            else:
                out.write(f"{name}: ready (rendered against the sample data without problems)\n")
    return worst
