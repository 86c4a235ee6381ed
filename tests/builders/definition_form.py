"""A completed .docx of any form definition, written in code, in any of the reader's dialects.

The layout is a plain one a council might use: the title, a four-column header grid (label |
value | label | value), then one table per section (the title row, one row per question with
its Yes / No / N/A boxes, the auditor's comments, and a row with the auditor's and the
moderator's grades and the moderator's comments), then an actions table. Boxes, drop-downs,
dates and texts are drawn by the dialects of ``tests/builders/wordform.py``.

    filled = Filled(header={"child_id": "LCS-1", ...}, answers={"2.1": "yes"}, ...)
    data = build_definition_form(definition, filled, "legacy")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit_docs.read.formdef import FormDefinition, HeaderField
from tests.builders.wordform import (
    OPTION_LABELS,
    Variations,
    _ContentControls,
    _Dialect,
    _Ink,
    _Legacy,
    _Typed,
    document_xml,
    p,
    package,
    run,
    tbl,
    tc,
)

DIALECTS = {"content-controls": _ContentControls, "legacy": _Legacy, "typed": _Typed}
_GRID = (5600, 4038)
_HEADER = (2200, 2619, 2200, 2619)
#: the boxes a Yes / No / N/A question offers (in this order)
YES_NO_NA = ("yes", "no", "n/a")


@dataclass
class Filled:
    """What the auditor filled in, by the definition's keys and ids (values as read back)."""

    header: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, str | None] = field(default_factory=dict)
    #: section number -> (auditor's grade, moderator's grade)
    ratings: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    #: section number -> (auditor's comments, moderator's comments)
    comments: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    actions: list[tuple[str, str, str]] = field(default_factory=list)


class _Writer:
    def __init__(self, definition: FormDefinition, filled: Filled, dialect: str) -> None:
        self.definition = definition
        self.filled = filled
        self.ink = _Ink(Variations())
        self.d: _Dialect = DIALECTS[dialect](self.ink)

    def _value(self, f: HeaderField) -> str:
        value = self.filled.header.get(f.key)
        if f.type == "date":
            return p(self.d.date(value))
        return p(self.d.text(None if value is None else str(value)))

    def header(self) -> str:
        fields = [f for f in self.definition.header if not f.inside]
        rows = []
        for i in range(0, len(fields), 2):
            cells = []
            for f in fields[i : i + 2]:
                cells += [
                    tc(self.ink.para(f.label, bold=True), _HEADER[0]),
                    tc(self._value(f), _HEADER[1]),
                ]
            if len(cells) < 4:
                cells += [tc("<w:p/>", _HEADER[0]), tc("<w:p/>", _HEADER[1])]
            rows.append(self.ink.row(*cells))
        return tbl(_HEADER, rows)

    def section(self, number: str) -> str:
        section = self.definition.section(number)
        d, ink = self.d, self.ink
        rows = [ink.row(tc(ink.para(f"{number}. {section.title}", bold=True), sum(_GRID), span=2))]
        for q in section.questions:
            answer = self.filled.answers.get(q.id)
            chosen = frozenset([answer] if answer else [])
            rows.append(
                ink.row(
                    tc(ink.para(q.text), _GRID[0]),
                    tc(p(d.options(chosen, YES_NO_NA)), _GRID[1]),
                )
            )
        if section.rated:
            auditor, moderator = self.filled.ratings.get(number, (None, None))
            said, moderated = self.filled.comments.get(number, (None, None))
            rows.append(
                ink.row(
                    tc(
                        [ink.para("Auditor’s comments:", bold=True), ink.para(said)],
                        sum(_GRID),
                        span=2,
                    )
                )
            )
            rows.append(
                ink.row(
                    tc(
                        [*d.rating("Auditor:", auditor), *d.rating("Moderator:", moderator)],
                        _GRID[0],
                    ),
                    tc(
                        [ink.para("Moderator’s comments:", bold=True), ink.para(moderated)],
                        _GRID[1],
                    ),
                )
            )
        return tbl(_GRID, rows)

    def actions(self) -> str:
        columns = self.definition.actions.columns
        heads = [columns[name][0] for name in ("action", "who", "when") if name in columns]
        grid = (5000, 2319, 2319)
        rows = [
            self.ink.row(
                *(tc(self.ink.para(h, bold=True), w) for h, w in zip(heads, grid, strict=True))
            )
        ]
        for action in [*self.filled.actions, ("", "", "")]:
            rows.append(
                self.ink.row(*(tc(self.ink.para(t), w) for t, w in zip(action, grid, strict=True)))
            )
        return tbl(grid, rows)

    def body(self) -> str:
        parts = [p(run(self.definition.title, bold=True)), self.header(), "<w:p/>"]
        for s in self.definition.sections:
            if s.questions or s.rated:
                parts += [self.section(s.number), "<w:p/>"]
        if self.definition.actions.columns:
            parts += [self.ink.para("ACTIONS", bold=True), self.actions(), "<w:p/>"]
        return "".join(parts)


def build_definition_form(
    definition: FormDefinition, filled: Filled, dialect: str = "content-controls"
) -> bytes:
    """The .docx bytes of ``definition`` filled with ``filled`` in ``dialect``."""
    return package(document_xml(_Writer(definition, filled, dialect).body()))


def write_definition_form(
    path: Path, definition: FormDefinition, filled: Filled, dialect: str = "content-controls"
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_definition_form(definition, filled, dialect))
    return path


assert set(YES_NO_NA) <= set(OPTION_LABELS)
