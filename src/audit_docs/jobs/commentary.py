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
from typing import Any, TextIO

from audit_docs.jobs.places import Places, write_atomically
from audit_docs.render.commentary import (
    COMMENTARY_ONLY,
    HINT_STYLE,
    Commentary,
    heading_key,
    heading_level,
    style_names,
    text_of,
)
from audit_docs.render.cover import Publishing
from audit_docs.settings import Settings

DEFAULT_FOLDER = "commentary"
_W_VAL = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"
#: what the officer is asked for under the sections only they can write
ONLY_HINTS = {
    "Next steps": "The actions agreed from these audits, who leads them and by when; training "
    "and workshops planned; how learning is shared with practitioners and managers.",
    "Conclusion": "What these audits say about practice this year, in a few sentences.",
}
_HINT_WORDS = 45


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
    from audit_docs.jobs.annual_report import prepare
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
    from audit_docs.jobs.guidance import prepare, render

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
            document = Document(str(target))
            added = _add_missing(document, sections)
        else:
            document = Document(str(report))
            _start(document, sections, what)
            added = len(sections)
        if added:
            write_atomically(target, lambda tmp: document.save(str(tmp)))
    if not existed:
        done = f"written, with the report's {added} headings"
    elif added:
        done = f"{added} new heading{'s' if added > 1 else ''} added; nothing written was changed"
    else:
        done = "already has every heading of the report; left as it was"
    out.write(f"Commentary for {what}: {target} ({done})\n")
    out.write("Write under its headings in Word, then build the report again.\n")
    return target


def report_sections(document: Any) -> list[tuple[int, str, str]]:
    """(level, heading, hint) for every heading of a built report, in order; the hint is
    the start of the text the report gives under the heading."""
    names = style_names(document)
    out: list[tuple[int, str, str]] = []
    texts: list[str] = []
    for element in document.element.body:
        level = heading_level(element, names)
        if level is not None:
            out.append((level, text_of(element), ""))
            texts = []
            continue
        if not out or element.tag.rsplit("}", 1)[-1] != "p":
            continue
        text = text_of(element)
        style = element.find("{*}pPr/{*}pStyle")
        style_id = style.get(_W_VAL) if style is not None else ""
        if text and "caption" not in (style_id or "").lower():
            texts.append(text)
            level_, heading, _ = out[-1]
            out[-1] = (level_, heading, _shorten(" ".join(texts)))
    return out


def _shorten(text: str) -> str:
    words = text.split()
    return " ".join(words[:_HINT_WORDS]) + ("…" if len(words) > _HINT_WORDS else "")


def _hint_style(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    if HINT_STYLE in [s.name for s in document.styles]:
        return
    style = document.styles.add_style(HINT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.italic = True
    style.font.size = Pt(9)
    style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def _hint(text: str) -> str:
    return f"In the report: {text}" if text else "The report gives no text here."


def _start(document: Any, sections: list[tuple[int, str, str]], what: str) -> None:
    """Replace a copy of the built report's body with the commentary's headings."""
    body = document.element.body
    for element in list(body):
        if element.tag.rsplit("}", 1)[-1] != "sectPr":
            body.remove(element)
    part = document.part
    for rid, rel in list(part.rels.items()):
        if not rel.is_external and rel.reltype.rsplit("/", 1)[-1] in {"image", "chart"}:
            part.drop_rel(rid)  # the report's charts and pictures, no longer shown
    _hint_style(document)
    for flag in document.settings.element.findall("{*}updateFields"):
        flag.getparent().remove(flag)  # no "update the fields?" question on opening
    document.core_properties.title = f"Commentary for {what}"
    document.add_paragraph(f"Commentary for {what}", "Title")
    document.add_paragraph(
        "Write under any heading what the report should say there; it is copied under the "
        "same heading when the report is built. Text in this grey style is never copied, "
        "and a heading left empty adds nothing to the report.",
        HINT_STYLE,
    )
    for level, heading, hint in sections:
        document.add_paragraph(heading, f"Heading {level}")
        document.add_paragraph(_hint(hint), HINT_STYLE)
        document.add_paragraph()


def _add_missing(document: Any, sections: list[tuple[int, str, str]]) -> int:
    """Insert the headings ``document`` lacks, each before the next heading it has; nothing
    else is touched."""
    _hint_style(document)
    names = style_names(document)
    body = document.element.body
    have = {heading_key(text_of(e)): e for e in body if heading_level(e, names) is not None}
    added = 0
    for i, (level, heading, hint) in enumerate(sections):
        if heading_key(heading) in have:
            continue
        after = next(
            (have[heading_key(h)] for _, h, _ in sections[i + 1 :] if heading_key(h) in have),
            None,
        )
        new = [
            document.add_paragraph(heading, f"Heading {level}"),
            document.add_paragraph(_hint(hint), HINT_STYLE),
            document.add_paragraph(),
        ]
        if after is not None:
            for paragraph in new:
                after.addprevious(paragraph._p)
        else:
            sect = body.find("{*}sectPr")
            for paragraph in new:
                if sect is not None:
                    sect.addprevious(paragraph._p)
        have[heading_key(heading)] = new[0]._p
        added += 1
    return added
