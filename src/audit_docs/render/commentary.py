"""The officer's commentary: a Word document of the report's headings, written in by hand.

The analysis a Head of Service signs (what the thematic audits taught, next steps, a
conclusion) cannot be computed, and must survive the report being rebuilt every year, so it
lives in its own document: the report's headings, a hint under each (in the style
"Commentary Hint", never copied), and whatever the officer writes. When the report is built,
what is written under a heading is copied under the same heading, after the generated text,
by docxcompose, which carries lists' numbering, styles and pictures across documents.
Headings match ignoring case, spacing, punctuation and a leading section number, so
"8. Thematic audits" still matches when a new section makes it "9. Thematic audits".
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit_docs.errors import UnreadableFile, UsageError
from audit_docs.ns import w as _w

HINT_STYLE = "Commentary Hint"
#: sections only the officer can write: in the report only when written in
COMMENTARY_ONLY = ("Next steps", "Conclusion")
_HEADING = re.compile(r"^heading\s*(\d)$")


def heading_key(text: str) -> str:
    """What two headings must share to match: letters and digits, lower case, no section
    number in front."""
    text = re.sub(r"^\s*\d+(\.\d+)*[.)]?\s+", "", text)
    return re.sub(r"[\W_]+", "", text.casefold())


def style_names(document: Any) -> dict[str, str]:
    return {s.style_id: s.name for s in document.styles}


def heading_level(paragraph: Any, names: dict[str, str]) -> int | None:
    """1, 2 … for a paragraph in a Heading style; None for any other element."""
    if paragraph.tag != _w("p"):
        return None
    style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    if style is None:
        return None
    name = names.get(style.get(_w("val")), style.get(_w("val")) or "")
    match = _HEADING.match(name.strip().lower())
    return int(match.group(1)) if match else None


def text_of(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(_w("t"))).strip()


def _is_hint(element: Any, names: dict[str, str]) -> bool:
    style = element.find(f"{_w('pPr')}/{_w('pStyle')}") if element.tag == _w("p") else None
    if style is None:
        return False
    name = names.get(style.get(_w("val")), style.get(_w("val")) or "")
    return bool(heading_key(name) == heading_key(HINT_STYLE))


def _is_empty(element: Any) -> bool:
    if element.tag != _w("p"):
        return bool(element.tag == _w("sectPr"))
    has_picture = any(True for _ in element.iter("{*}drawing", "{*}pict", "{*}object"))
    return not text_of(element) and not has_picture


@dataclass
class Section:
    heading: str
    level: int
    #: positions in the commentary's body of the heading and of what is written under it
    heading_index: int
    written: list[int]


@dataclass
class Commentary:
    """A commentary document, read; ``warnings`` gains a sentence per heading it could not
    place when merged."""

    path: Path
    sections: list[Section]
    warnings: list[str] = field(default_factory=list)
    #: the document's bytes with only content left (read.word.safe_docx)
    data: bytes = b""

    @classmethod
    def load(cls, path: Path) -> Commentary:
        """The commentary document, read safely: macros, objects, controls and links are
        left out (one warning says so); a file that is not a Word document is a UsageError
        with one sentence."""
        from audit_docs.read.files import read_bytes
        from audit_docs.read.word.safe_docx import clean_docx

        try:
            data, _ = read_bytes(path, "Word", "commentary document")
            clean = clean_docx(str(path), data)
        except UnreadableFile as exc:
            problem = exc.sentence.removeprefix(f"{path}: ")
            raise UsageError(
                f"The commentary document {path} cannot be used: {problem} To build the report "
                "without it, move it out of the commentary folder."
            ) from None
        document = word_document(path, clean.data)
        names = style_names(document)
        sections: list[Section] = []
        for index, element in enumerate(document.element.body):
            level = heading_level(element, names)
            if level is not None:
                sections.append(Section(text_of(element), level, index, []))
            elif sections and not _is_hint(element, names) and not _is_empty(element):
                sections[-1].written.append(index)
        warning = clean.warning(path.name)
        return cls(path, sections, [warning] if warning else [], clean.data)

    def written(self) -> list[Section]:
        return [s for s in self.sections if s.written]

    def merge_into(self, document: Any) -> None:
        """Copy what is written under each heading into ``document`` (a python-docx
        Document), after the generated text of the same heading."""
        from docxcompose.composer import Composer  # type: ignore[import-untyped]

        names = style_names(document)
        body = document.element.body
        headings = [
            (element, heading_key(text_of(element)))
            for element in body
            if heading_level(element, names) is not None
        ]
        places: list[tuple[Any, Section, bool]] = []  # (insert before, section, with heading)
        end = _end_marker(body, headings)
        only = {heading_key(h) for h in COMMENTARY_ONLY}
        for section in self.written():
            key = heading_key(section.heading)
            match = next((i for i, (_, k) in enumerate(headings) if k == key), None)
            if match is not None:
                following = headings[match + 1][0] if match + 1 < len(headings) else end
                places.append((following, section, False))
                continue
            places.append((end, section, True))
            if key not in only:
                self.warnings.append(
                    f"The heading “{section.heading}” in {self.path.name} matches no section "
                    "of the report, so what is written under it was put at the end of the "
                    "report under its own heading; rename it to a heading of the report to "
                    "place it there."
                )
        composer = Composer(document)
        for before, section, with_heading in places:
            index = list(body).index(before) if before is not None else len(body)
            composer.insert(index, self._part(section, with_heading))

    def _part(self, section: Section, with_heading: bool) -> Any:
        """A document holding only this section's writing (and its heading when asked)."""
        part = word_document(self.path, self.data)
        body = part.element.body
        keep = set(section.written) | ({section.heading_index} if with_heading else set())
        for index, element in reversed(list(enumerate(body))):
            if index not in keep and element.tag != _w("sectPr"):
                body.remove(element)
        return part


def word_document(path: Path, data: bytes = b"") -> Any:
    """python-docx's Document of ``data`` (cleaned bytes), else of the file itself; one
    python-docx cannot open (a macro-enabled one, a damaged one) is a UsageError."""
    from docx import Document

    try:
        return Document(io.BytesIO(data)) if data else Document(str(path))
    except Exception as exc:  # python-docx fails in many ways on a damaged package
        raise UsageError(
            f"The commentary document {path} cannot be opened (Word's own parts are missing, "
            "broken, or those of a macro-enabled document); open it in Word, save it as a Word "
            "Document (.docx), and run the command again."
        ) from exc


def _end_marker(body: Any, headings: list[tuple[Any, str]]) -> Any:
    """Where sections with no heading in the report go: before the appendix, else at the
    end (before the section properties)."""
    for element, key in headings:
        if key.startswith("appendix"):
            return element
    last = body[-1] if len(body) else None
    return last if last is not None and last.tag == _w("sectPr") else None
