"""``audit-docs templates check``: try every Word template before a manager sees it.

Each kind of document the workspace publishes (documents/) is rendered, in a temporary
folder, against the figures of the sample inbox that ships with audit-docs (examples/inbox),
so a QA officer who edited a template in Word learns what broke — a misspelt value, a tag
Word split, a table-row loop in the wrong place — with the template's own words around it.
"""

from __future__ import annotations

import dataclasses
import io
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit_docs.jobs.ingest import ingest_into
from audit_docs.jobs.places import Places, sample_inbox
from audit_docs.jobs.publish import kinds
from audit_docs.render.cover import Publishing
from audit_docs.settings import Settings

if TYPE_CHECKING:
    from audit_docs.documents.kind import DocumentKind
    from audit_docs.workspace import Workspace

#: every line of the cover filled in, so the check renders them all (a logo needs a file)
SAMPLE_COVER = Publishing(
    Settings(
        organisation="Sample Borough Council",
        service="Children's Services",
        author="Quality Assurance Team",
        approved_by="Head of Service",
    )
)


def sample_context(ws: Workspace, kind: DocumentKind[Any, Any]) -> tuple[dict[str, Any], Any]:
    """What the kind's template is rendered with, from the (already ingested) store of
    ``ws``: the view with the sample cover, and the charts."""
    request = kind.sample(ws)
    figures = kind.figures(ws, request, kind.gather(ws, request))
    rendering = kind.view(figures, request, SAMPLE_COVER)
    return {**rendering.context, "cover": SAMPLE_COVER.cover()}, rendering.pictures


def check_templates(ws: Workspace, folder: Path | None = None) -> int:
    """0 when every template renders cleanly, 1 when any has a problem (each printed on the
    workspace's output).

    The check always uses the bundled sample inbox, never the user's store, so it can run
    before any real data arrives; ``folder`` (default the workspace's templates) is where
    the templates are looked for.
    """
    from audit_docs.render.docx_render import check_template

    out = ws.out
    folder = folder or ws.places.templates
    worst = 0
    with tempfile.TemporaryDirectory(prefix="audit-docs-") as scratch:
        sample = dataclasses.replace(
            ws,
            places=Places(sample_inbox(), Path(scratch) / "outbox", Path(scratch) / "s.sqlite"),
            out=io.StringIO(),
            err=io.StringIO(),
        )
        ingest_into(sample)
        for kind in kinds(ws):
            name = kind.template
            template = folder / name
            if not template.exists():
                out.write(f"{name}: missing from {folder}; restore it from audit-docs.\n")
                worst = 1
                continue
            data, pictures = sample_context(sample, kind)
            report = check_template(template, data, pictures)
            if report.problems:
                worst = 1
                out.write(f"{name}: {len(report.problems)} problem(s)\n")
                out.writelines(f"  - {p}\n" for p in report.problems)
            else:
                out.write(f"{name}: ready (rendered against the sample data without problems)\n")
    return worst
