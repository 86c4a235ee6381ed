"""The officer's commentary document as WordprocessingML: its headings, hints and room to write.

``jobs/commentary.py`` decides which document and when; this module only reads a built
report's headings and writes them, with a hint under each, into a new or existing document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from audit_docs.ns import w
from audit_docs.render.commentary import (
    COMMENTARY_ONLY,
    HINT_STYLE,
    Commentary,
    heading_key,
    heading_level,
    style_names,
    text_of,
    word_document,
)

_HINT_WORDS = 45
#: what the officer is asked for under the sections only they can write
ONLY_HINTS = {
    "Next steps": "The actions agreed from these audits, who leads them and by when; training "
    "and workshops planned; how learning is shared with practitioners and managers.",
    "Conclusion": "What these audits say about practice this year, in a few sentences.",
}


def update_commentary(
    built: Path, existing: Path | None, what: str, suggestions: Suggestions | None = None
) -> tuple[Any, int]:
    """The commentary document for the document ``built`` (rendered without commentary):
    ``existing`` with the headings it lacks added (nothing written there is touched), or,
    when there is none, a new one made from a copy of ``built``, with the ``suggestions``
    under their headings; and how many headings were added."""
    from docx import Document

    sections = report_sections(Document(str(built)))
    sections += [(1, title, ONLY_HINTS[title]) for title in COMMENTARY_ONLY]
    if existing is not None:
        Commentary.load(existing)  # a file that is no Word document, or unsafe: a sentence
        document = word_document(existing)
        return document, add_missing(document, sections, suggestions)
    document = Document(str(built))
    start(document, sections, what, suggestions)
    return document, len(sections)


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
        style_id = style.get(w("val")) if style is not None else ""
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


#: heading -> sentences suggested under it (the figures' ``next_steps``): written as the
#: officer's own text, so what they keep goes into the report and what they delete does not
Suggestions = Mapping[str, Sequence[str]]
SUGGESTED = "Suggested from this year's figures: keep, edit or delete each."


def _suggested(document: Any, heading: str, suggestions: Suggestions | None) -> list[Any]:
    lines = (suggestions or {}).get(heading, ())
    if not lines:
        return []
    return [document.add_paragraph(SUGGESTED, HINT_STYLE)] + [
        document.add_paragraph(line) for line in lines
    ]


def start(
    document: Any,
    sections: list[tuple[int, str, str]],
    what: str,
    suggestions: Suggestions | None = None,
) -> None:
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
        _suggested(document, heading, suggestions)
        document.add_paragraph()


def add_missing(
    document: Any, sections: list[tuple[int, str, str]], suggestions: Suggestions | None = None
) -> int:
    """Insert the headings ``document`` lacks, each before the next heading it has (with
    its suggestions); nothing else is touched."""
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
            *_suggested(document, heading, suggestions),
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
