"""``audit-docs commentary``: the Word document a QA officer writes the report's analysis in.

    commentary/annual-report-2016-17.docx
    commentary/best-practice-guidance-2016-04-01-2017-03-31.docx

The document holds the report's own headings (same words, same levels), a hint under each
with the figures the report gives there, and an empty paragraph to write in. Run again, it
only gains the headings the report has gained: nothing the officer wrote is ever changed.
The report, when built, carries what is written (render/commentary.py).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from audit_docs.jobs.places import Places, write_atomically
from audit_docs.render.commentary import COMMENTARY_ONLY, Commentary, word_document
from audit_docs.render.commentary_doc import add_missing, report_sections, start
from audit_docs.render.cover import Publishing
from audit_docs.render.saving import save_packed
from audit_docs.settings import Settings

DEFAULT_FOLDER = "commentary"
#: what the officer is asked for under the sections only they can write
ONLY_HINTS = {
    "Next steps": "The actions agreed from these audits, who leads them and by when; training "
    "and workshops planned; how learning is shared with practitioners and managers.",
    "Conclusion": "What these audits say about practice this year, in a few sentences.",
}


def commentary_folder(given: Path | None, environ: Mapping[str, str] | None = None) -> Path:
    """--commentary, else AUDIT_DOCS_COMMENTARY, else commentary/ where the command runs."""
    env = os.environ if environ is None else environ
    if given is not None:
        return given
    return Path(env.get("AUDIT_DOCS_COMMENTARY") or DEFAULT_FOLDER)


def publishing_for(settings: Settings, folder: Path | None, stem: str) -> Publishing:
    """The settings, this moment, and the officer's commentary for the document ``stem``
    when one has been written."""
    path = commentary_folder(folder) / f"{stem}.docx"
    commentary = Commentary.load(path) if path.is_file() else None
    return Publishing(settings, dt.datetime.now().astimezone(), commentary)


def report_warnings(publishing: Publishing, err: TextIO) -> None:
    if publishing.commentary is not None:
        for warning in publishing.commentary.warnings:
            err.write(f"audit-docs: {warning}\n")


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
    from audit_docs.documents.annual_report import prepare
    from audit_docs.render.annual_docx import write_annual_report

    out, err = out or sys.stdout, err or sys.stderr
    settings = settings or Settings()
    year, figures, template = prepare(places, asked, None, out, err, settings)
    target = commentary_folder(folder) / f"annual-report-{year.short}.docx"

    def build(path: Path) -> None:
        write_annual_report(figures, path, template, publishing=Publishing(settings))

    return write_commentary(build, target, f"the annual report {year.label}", out)


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
    from audit_docs.documents.guidance import prepare, render

    out, err = out or sys.stdout, err or sys.stderr
    figures, template, stem = prepare(places, start, end, None, None, None, out, err)
    target = commentary_folder(folder) / f"{stem}.docx"

    def build(path: Path) -> None:
        render(template, figures, path, Publishing(settings or Settings()))

    return write_commentary(build, target, f"the guidance {figures['period']['label']}", out)


def write_commentary(build: Callable[[Path], None], target: Path, what: str, out: TextIO) -> Path:
    """Build the document in a scratch folder, read its headings, then create ``target``
    or add to it the headings it lacks."""
    from docx import Document

    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.docx"
        build(report)
        sections = report_sections(Document(str(report)))
        sections += [(1, title, ONLY_HINTS[title]) for title in COMMENTARY_ONLY]
        existed = target.is_file()
        if existed:
            Commentary.load(target)  # a file that is no Word document, or unsafe: a sentence
            document = word_document(target)
            added = add_missing(document, sections)
        else:
            document = Document(str(report))
            start(document, sections, what)
            added = len(sections)
        if added:
            write_atomically(target, lambda tmp: save_packed(document.save, tmp))
    if not existed:
        done = f"written, with the report's {added} headings"
    elif added:
        done = f"{added} new heading{'s' if added > 1 else ''} added; nothing written was changed"
    else:
        done = "already has every heading of the report; left as it was"
    out.write(f"Commentary for {what}: {target} ({done})\n")
    out.write("Write under its headings in Word, then build the report again.\n")
    return target
