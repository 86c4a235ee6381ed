"""One engine publishes every kind of document (documents/): checks, ingest, figures, view,
render, the ``.docx`` and its ``.json`` written together, warnings.

    publish(workspace, ANNUAL_REPORT, Request(year="2016"))

The steps are the same whatever the kind, so a quarterly report or a council's own
document is a declaration (documents/kind.py) and a template, not a new pipeline. The
officer's commentary document for any kind is built here too (:func:`commentary`), from the
same figures and view, and ``templates check`` renders every kind the workspace knows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic

from audit_docs.documents.kind import F, Request, S
from audit_docs.errors import UsageError
from audit_docs.jobs.hints import command
from audit_docs.jobs.ingest import IngestSummary, ingest_into
from audit_docs.jobs.places import word_template, write_atomically, write_together
from audit_docs.progress import Steps
from audit_docs.words import plural

#: the stages after the ingest, each shown as it passes
STAGES = ("gathering", "computing figures", "rendering")

if TYPE_CHECKING:
    from audit_docs.documents.kind import DocumentKind
    from audit_docs.render.cover import Publishing
    from audit_docs.workspace import Workspace


def kinds(ws: Workspace) -> tuple[DocumentKind[Any, Any], ...]:
    """Every kind of document the workspace publishes: the shipped ones, then its own."""
    from audit_docs.documents import shipped

    return shipped() + ws.documents


def document(ws: Workspace, name: str) -> DocumentKind[Any, Any]:
    """The kind of document called ``name``, or a sentence naming the kinds there are."""
    everything = kinds(ws)
    for kind in everything:
        if kind.name == name:
            return kind
    names = ", ".join(k.name for k in everything)
    raise UsageError(f"There is no document called ‘{name}’; the documents are: {names}.")


def figures_json(figures: Mapping[str, Any]) -> str:
    """The figures as the ``.json`` beside every document (docs/contracts/): UTF-8, keys
    sorted, so the same store always gives the same bytes."""
    return json.dumps(figures, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@dataclass(frozen=True)
class Prepared(Generic[S, F]):
    """A document ready to render: its figures, template and file name."""

    figures: F
    template: Path
    stem: str
    #: what the ingest before it found: a Word or Excel file refused makes the command exit 1
    ingested: IngestSummary | None = None
    #: the stages still to come, shown as they pass (progress.py)
    steps: Steps | None = None


def prepare(ws: Workspace, kind: DocumentKind[S, F], request: Request) -> Prepared[S, F]:
    """Check the request and the template before anything is read, ingest the inbox, gather
    the store once and compute the figures."""
    template = (
        word_template(request.template) if request.template else ws.places.template(kind.template)
    )
    kind.check(ws, request)
    ingested = ingest_into(ws)
    steps = Steps(len(STAGES), ws.err, ws.verbosity)
    try:
        with steps.step("gathering"):
            snapshot = kind.gather(ws, request)
        with steps.step("computing figures"):
            figures = kind.figures(ws, request, snapshot)
    except BaseException:
        steps.close()
        raise
    return Prepared(figures, template, kind.stem(request), ingested, steps)


def publishing_for(ws: Workspace, stem: str) -> Publishing:
    """The settings, this moment, and the officer's commentary for the document ``stem``
    when one has been written."""
    from audit_docs.render.commentary import Commentary
    from audit_docs.render.cover import Publishing

    path = ws.commentary / f"{stem}.docx"
    commentary = Commentary.load(path) if path.is_file() else None
    return Publishing(ws.settings, dt.datetime.now().astimezone(), commentary)


def publish(
    ws: Workspace,
    kind: DocumentKind[S, F],
    request: Request,
    ready: Prepared[S, F] | None = None,
) -> tuple[Path, Path]:
    """Write ``outbox/<stem>.docx`` and ``<stem>.json`` together; return both paths
    (``ready``: already prepared)."""
    from audit_docs.render.docx_render import render_publication

    ready = ready or prepare(ws, kind, request)
    publishing = publishing_for(ws, ready.stem)
    docx = ws.places.outbox / f"{ready.stem}.docx"
    data = ws.places.outbox / f"{ready.stem}.json"
    with _rendering(ready):
        rendering = kind.view(ready.figures, request, publishing)
        write_together(
            [
                (docx, lambda tmp: render_publication(ready.template, rendering, publishing, tmp)),
                (data, lambda tmp: tmp.write_text(figures_json(ready.figures), encoding="utf-8")),
            ]
        )
    if publishing.commentary is not None:
        for warning in publishing.commentary.warnings:
            ws.err.write(f"audit-docs: {warning}\n")
    ws.out.write(kind.announce(ready.figures, docx, data))
    return docx, data


def publish_command(ws: Workspace, kind: DocumentKind[S, F], request: Request) -> int:
    """Publish for the command line: 1 when a Word or Excel file in the inbox could not be
    read (the document is written all the same, from every file that could), else 0."""
    ready = prepare(ws, kind, request)
    publish(ws, kind, request, ready)
    return refused_status(ready)


def refused_status(ready: Prepared[Any, Any]) -> int:
    """The exit status of a command that built something from the inbox (docs/commands.md)."""
    return 1 if ready.ingested is not None and ready.ingested.failed else 0


@contextlib.contextmanager
def _rendering(ready: Prepared[Any, Any]) -> Iterator[None]:
    """The last stage, rendering, shown with the others; the bar is gone when it ends."""
    if ready.steps is None:
        yield
        return
    try:
        with ready.steps.step("rendering"):
            yield
    finally:
        ready.steps.close()


def request_words(request: Request) -> list[str]:
    """The options that ask for ``request`` again on the command line."""
    words: list[str] = []
    if request.year:
        words += ["--year", str(request.year)]
    if request.start and request.end:
        words += ["--from", request.start.isoformat(), "--to", request.end.isoformat()]
    if request.sections:
        words += ["--sections", ",".join(request.sections)]
    if request.form:
        words += ["--form", request.form]
    return words


def commentary(ws: Workspace, kind: DocumentKind[S, F], request: Request) -> Path:
    """Write (or bring up to date) the officer's commentary document for one document:
    ``<commentary folder>/<stem>.docx``, the document's headings with a hint under each."""
    from audit_docs.render.commentary_doc import update_commentary
    from audit_docs.render.cover import Publishing
    from audit_docs.render.docx_render import render_publication
    from audit_docs.render.saving import save_packed

    ready = prepare(ws, kind, request)
    publishing = Publishing(ws.settings)
    target = ws.commentary / f"{ready.stem}.docx"
    what = kind.describe(ready.figures)
    with _rendering(ready), tempfile.TemporaryDirectory(prefix="audit-docs-") as scratch:
        rendering = kind.view(ready.figures, request, publishing)
        built = Path(scratch) / "document.docx"
        render_publication(ready.template, rendering, publishing, built)
        existed = target.is_file()
        document, added = update_commentary(
            built, target if existed else None, what, kind.suggestions(ready.figures)
        )
        if added:
            write_atomically(target, lambda tmp: save_packed(document.save, tmp))
    if not existed:
        done = f"written, with the report's {added} headings"
    elif added:
        done = f"{plural(added, 'new heading', 'new headings')} added; nothing written was changed"
    else:
        done = "already has every heading of the report; left as it was"
    ws.out.write(f"Commentary for {what}: {target} ({done})\n")
    again = command(kind.name, *request_words(request), via_make=ws.via_make, shell=ws.shell)
    ws.out.write(
        f"Write under its headings in Word, then run `{again}` to build the document with it.\n"
    )
    return target
