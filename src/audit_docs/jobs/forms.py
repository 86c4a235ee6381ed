"""``audit-docs forms``: adapt audit-docs to a council's own form.

``draft`` writes a definition from the council's blank form, ``check`` shows what a
definition finds in it, ``blank`` writes a clean fillable form from a definition and
``list`` shows the definitions in use (shipped, and from ``--forms``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import yaml

from audit_docs.errors import UsageError
from audit_docs.jobs.places import write_atomically
from audit_docs.read.formdef import FormDefinition, load_definition, parse_definition
from audit_docs.read.text import counted
from audit_docs.read.word.draft import definition_yaml, draft
from audit_docs.read.word.form import Note, placement
from audit_docs.read.word.package import check_not_lock_file, open_docx_bytes, read_bytes
from audit_docs.read.word.wordml import MalformedXml, parse_document

if TYPE_CHECKING:
    from audit_docs.workspace import Definitions


def _document_xml(path: Path) -> bytes:
    if not path.is_file():
        raise UsageError(f"{path}: there is no such file; check the path.")
    if path.suffix.lower() != ".docx":
        raise UsageError(
            f"{path.name}: forms are drafted and checked from Word .docx files; open it in Word "
            "and use File > Save As > Word Document (*.docx)."
        )
    check_not_lock_file(path)
    data, sha = read_bytes(path)
    return open_docx_bytes(path.name, data, sha).document_xml


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _ignore(_: object) -> None:
    """write_atomically wants a writer that returns nothing."""


def draft_definition(blank: Path, output: Path, out: TextIO | None = None) -> int:
    """Draft a definition of the form ``blank`` into ``output`` (YAML, guesses marked)."""
    out = out or sys.stdout
    try:
        drafted = draft(_document_xml(blank), blank.name)
    except MalformedXml as exc:
        raise UsageError(
            f"{blank.name}: the document inside the file is damaged ({exc}); open it in Word, "
            "save it again and draft from the new copy."
        ) from exc
    if not drafted.sections:
        raise UsageError(
            f"{blank.name}: no section with questions or grades was found in it, so it does not "
            "look like an audit form; draft from the blank audit form itself (a .docx whose "
            "questions have Yes / No boxes or drop-downs)."
        )
    text = definition_yaml(drafted)
    definition = parse_definition(yaml.safe_load(text), output.name)  # it must load as written
    write_atomically(output, lambda tmp: _write_text(tmp, text))
    guesses = text.count("# guessed:")
    graded = len(definition.rated_sections)
    scale = f" (grades {' / '.join(definition.grade_scale.words)})" if graded else ""
    out.write(
        f"Drafted {output} from {blank.name}: "
        f"{counted(len(definition.header), 'header field')}, "
        f"{counted(len(definition.sections), 'section')}, "
        f"{counted(len(definition.questions()), 'question')}, "
        f"{counted(graded, 'graded section')}{scale}; "
        f"{counted(guesses, 'guess', 'guesses')} marked '# guessed:' to check.\n"
    )
    if drafted.warnings:
        out.write("Not understood (check these places on the form, then the definition):\n")
        out.writelines(f"  - {w}\n" for w in drafted.warnings)
    shown = output.with_name(f"{output.stem}-shown.docx")
    out.write(f"Next: audit-docs forms check {output} {blank} --show {shown}\n")
    return 0


def check_definition(
    definition_path: Path, blank: Path, out: TextIO | None = None, show: Path | None = None
) -> int:
    """What the definition finds in the blank form; 1 when any part cannot be placed. With
    ``show``, a copy of the blank with a Word comment on every part the definition reads."""
    out = out or sys.stdout
    definition = load_definition(definition_path)
    try:
        doc = parse_document(_document_xml(blank))
    except MalformedXml as exc:
        raise UsageError(f"{blank.name}: the document inside the file is damaged ({exc}).") from exc
    placed = placement(doc, definition)
    out.write(f"{definition_path.name} ({definition.id}) against {blank.name}:\n")
    for what, (found, wanted) in placed.found.items():
        out.write(f"  found {found} of {wanted} {what}\n")
    if placed.missing:
        out.write("Cannot place:\n")
        out.writelines(f"  - {m}\n" for m in placed.missing)
    if placed.unplaced:
        out.write("On the form, but not in the definition:\n")
        out.writelines(f"  - {t}\n" for t in placed.unplaced)
    if not placed.missing:
        out.write("Every part of the definition was found on the form.\n")
    if show is not None:
        _show(definition, blank, show, out)
    return 1 if placed.missing else 0


def _show(definition: FormDefinition, blank: Path, output: Path, out: TextIO) -> None:
    from audit_docs.render.shown_form import write_shown_form

    data, _ = read_bytes(blank)
    notes: list[Note] = []

    def write(tmp: Path) -> None:
        notes.extend(write_shown_form(data, blank.name, definition, tmp))

    write_atomically(output, write)
    placed = sum(1 for n in notes if n.placed)
    out.write(
        f"Wrote {output}: the blank with {counted(len(notes), 'comment')} — "
        f"{placed} on what the definition reads, {len(notes) - placed} on boxes or labels it "
        "does not read. Open it in Word to see them in the margin.\n"
    )


def write_blank(definition_path: Path, output: Path, out: TextIO | None = None) -> int:
    """A clean fillable Word form of the definition."""
    from audit_docs.render.blank_form import write_blank_form  # python-docx: only here

    out = out or sys.stdout
    definition = load_definition(definition_path)
    write_atomically(output, lambda tmp: _ignore(write_blank_form(definition, tmp)))
    out.write(f"Wrote {output}: the blank '{definition.title}' form, ready to fill in Word.\n")
    return 0


def list_definitions(definitions: Definitions, out: TextIO | None = None) -> int:
    """Every definition a command would match forms against, and where each comes from."""
    out = out or sys.stdout
    for d in definitions.forms:
        out.write(
            f"{d.id}  '{d.title}'  ({definitions.origin(d)}): "
            f"{counted(len(d.header), 'header field')}, {counted(len(d.sections), 'section')}, "
            f"{counted(len(d.questions()), 'question')}\n"
        )
    return 0
