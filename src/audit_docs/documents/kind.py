"""What a kind of document declares, so that one engine (jobs/publish.py) can publish it.

A kind is one declaration: its name and template, and four steps — ``gather`` reads the
store once into a frozen snapshot, ``figures`` computes from it (a TypedDict whose sentences
are made in compute/), ``view`` places the figures for the template (render/, placing only),
and ``stem`` names the files. The engine does the rest the same way for every kind: checks
before anything is read, the ingest, the officer's commentary, writing the ``.docx`` and its
``.json`` as a pair, the warnings. Adding a document is one module and one template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from audit_docs.render.cover import Publishing
    from audit_docs.render.docx_render import Rendering
    from audit_docs.workspace import Workspace

#: the snapshot a kind gathers from the store, and the figures it computes from it
S = TypeVar("S")
F = TypeVar("F", bound=Mapping[str, Any])


@dataclass(frozen=True)
class Request:
    """What was asked for one document; each kind reads the parts it takes."""

    #: the financial year as typed (2016, "2016-17", "2016/17")
    year: str | None = None
    #: the first and last audit dates of a period
    start: dt.date | None = None
    end: dt.date | None = None
    #: form section numbers to cover (None: all)
    sections: tuple[str, ...] | None = None
    #: the document's title (None: the kind's own)
    title: str | None = None
    #: the id of the form the document is about (None: the workspace's main form)
    form: str | None = None
    #: a council's edited template to use instead of the kind's (checked before any reading)
    template: Path | None = None
    #: "native" Word charts or "picture" PNGs
    charts: str = "native"


@dataclass(frozen=True)
class DocumentKind(Generic[S, F]):
    """One kind of document: its template and file name, and its four steps."""

    #: the command that publishes it, and its name in ``commentary --document``
    name: str
    #: the Word template's file name in the templates folder
    template: str
    #: the file name without its suffix (``annual-report-2016-17``), from the request; the
    #: commentary document has the same name
    stem: Callable[[Request], str]
    #: the store read once (after the ingest) into a frozen snapshot
    gather: Callable[[Workspace, Request], S]
    #: the figures, sentences included; a UsageError saying why when there is nothing to publish
    figures: Callable[[Workspace, Request, S], F]
    #: what the template places (figures, cell texts, charts) and the document's title
    view: Callable[[F, Request, Publishing], Rendering]
    #: what is said when it is written: "Annual report for 2016-17 written to …"
    announce: Callable[[F, Path, Path], str]
    #: the request the sample inbox answers, for ``templates check``
    sample: Callable[[Workspace], Request]
    #: checks of the request that need no reading, made before the ingest (a UsageError)
    check: Callable[[Workspace, Request], None] = lambda _ws, _request: None
    #: what the document is called in sentences ("the annual report 2016-17")
    describe: Callable[[F], str] = lambda _figures: "the document"
    #: sentences suggested to the officer under headings of the commentary document (never
    #: printed in the document itself): heading -> sentences
    suggestions: Callable[[F], Mapping[str, Sequence[str]]] = lambda _figures: {}
