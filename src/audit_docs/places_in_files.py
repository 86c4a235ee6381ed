"""Where in a file a problem is: a typed place, made by the reader and used as is.

A place says what it is (a header field, a section, a question's answer, a rater's grade, a
section's free text, the family's feedback, a tracker cell, an audit's value that two sources
disagree on, the whole form) and holds its parts (the header field's role or key, the section number, the
question id, the rater; the sheet and cell). The store keeps the parts in columns of their
own and computations go by them. ``key()`` is the place as text ("ratings.4.auditor",
"header.audit_date", "4.2", "Log!B4"): the same text every version has written, for people
and for the ``location`` of the store and the JSON outputs; nothing reads it back into a
place except the store's upgrade of rows written before the parts had columns
(``store/old_places.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

PlaceKind = Literal[
    "form",
    "header",
    "section",
    "question",
    "rating",
    "free_text",
    "family_feedback",
    "cell",
    "value",
    "practice_area",
    "other",
]
Rater = Literal["auditor", "moderator"]

PLACE_KINDS: tuple[PlaceKind, ...] = get_args(PlaceKind)
RATERS: tuple[Rater, ...] = get_args(Rater)

#: the parts each kind of place holds (every other part is None)
PARTS: dict[PlaceKind, frozenset[str]] = {
    "form": frozenset(),
    "header": frozenset({"name"}),
    "section": frozenset({"section"}),
    "question": frozenset({"question"}),
    "rating": frozenset({"section", "rater"}),
    "free_text": frozenset({"section", "name"}),
    "family_feedback": frozenset({"name"}),
    "cell": frozenset({"sheet", "column", "row"}),
    "value": frozenset({"name"}),
    "practice_area": frozenset({"name"}),
    "other": frozenset({"name"}),
}

#: every part, in the order of the store's columns (``place_<part>``)
PART_NAMES = ("name", "section", "question", "rater", "sheet", "column", "row", "last_column")
#: parts a kind may hold or leave None: the last column of a header row's span of cells
OPTIONAL_PARTS: dict[PlaceKind, frozenset[str]] = {"cell": frozenset({"last_column"})}
_ALLOWED = {k: parts | OPTIONAL_PARTS.get(k, frozenset()) for k, parts in PARTS.items()}
#: the shapes a kind may take, as (part is None, ...) in the order of PART_NAMES: its parts,
#: with or without its optional one
_SHAPES = {
    k: {
        tuple(p not in parts | optional for p in PART_NAMES)
        for optional in (frozenset(), OPTIONAL_PARTS.get(k, frozenset()))
    }
    for k, parts in PARTS.items()
}


@dataclass(frozen=True)
class Place:
    """A place in a form or a workbook, by its parts.

    ``name``: a header field's role where it has one, else its key (so the reports find the
    audit date on any form); a free-text field's key; the audit's value two sources disagree
    on ("team", "overall_auditor"); a practice area whose grade they disagree on; the text
    of a place an older version stored that is none of these. ``column`` and ``last_column``
    are column letters ("B"; ``last_column`` set for a span of one row's cells, a table's
    header row), ``row`` the row as Excel shows it.
    """

    kind: PlaceKind
    name: str | None = None
    section: str | None = None
    question: str | None = None
    rater: Rater | None = None
    sheet: str | None = None
    column: str | None = None
    row: int | None = None
    last_column: str | None = None

    def __post_init__(self) -> None:
        # which parts are left None, in one tuple looked up among the kind's: one test a place
        unset = (
            self.name is None,
            self.section is None,
            self.question is None,
            self.rater is None,
            self.sheet is None,
            self.column is None,
            self.row is None,
            self.last_column is None,
        )
        if self.rater is not None and self.rater not in RATERS:
            raise ValueError(f"a rater is the auditor or the moderator, not {self.rater!r}")
        if unset not in _SHAPES[self.kind]:
            held = {p for p, none in zip(PART_NAMES, unset, strict=True) if not none}
            if lacking := PARTS[self.kind] - held:
                raise ValueError(f"a {self.kind} place needs its {min(lacking)}")
            raise ValueError(f"a {self.kind} place has no {min(held - _ALLOWED[self.kind])}")

    # -- the places readers make ------------------------------------------------------------

    @classmethod
    def whole_form(cls) -> Place:
        return cls("form")

    @classmethod
    def header_field(cls, name: str) -> Place:
        return cls("header", name=name)

    @classmethod
    def whole_section(cls, number: str) -> Place:
        return cls("section", section=number)

    @classmethod
    def answer(cls, question: str) -> Place:
        return cls("question", question=question)

    @classmethod
    def rating(cls, section: str, rater: Rater) -> Place:
        return cls("rating", section=section, rater=rater)

    @classmethod
    def free_text(cls, section: str, key: str) -> Place:
        return cls("free_text", section=section, name=key)

    @classmethod
    def family_feedback(cls, key: str) -> Place:
        return cls("family_feedback", name=key)

    @classmethod
    def in_cell(cls, sheet: str, column: str, row: int, last_column: str | None = None) -> Place:
        return cls("cell", sheet=sheet, column=column, row=row, last_column=last_column)

    @classmethod
    def value(cls, name: str) -> Place:
        """An audit's value by its key ("team", "overall_auditor"): where a form and the
        audit log disagree."""
        return cls("value", name=name)

    @classmethod
    def practice_area(cls, area: str) -> Place:
        return cls("practice_area", name=area)

    @classmethod
    def unknown(cls, text: str) -> Place:
        return cls("other", name=text)

    # -- as text --------------------------------------------------------------------------

    @property
    def cell(self) -> str | None:
        """A tracker place's cell as Excel names it: "B4", or "A4:F4" for a span."""
        if self.kind != "cell":
            return None
        end = f":{self.last_column}{self.row}" if self.last_column else ""
        return f"{self.column}{self.row}{end}"

    def key(self) -> str:
        """The place as text, as every version has written it: for people and the
        ``location`` column, never to be read back by a computation."""
        k = self.kind
        if k == "form":
            return "form"
        if k == "header":
            return f"header.{self.name}"
        if k == "section":
            return f"section.{self.section}"
        if k == "question":
            return str(self.question)
        if k == "rating":
            return f"ratings.{self.section}.{self.rater}"
        if k == "free_text":
            return f"{self.section}.{self.name}"
        if k == "family_feedback":
            return f"family_feedback.{self.name}"
        if k == "cell":
            return f"{self.sheet}!{self.cell}"
        if k == "practice_area":
            return f"practice_areas.{self.name}"
        return str(self.name)  # value, other

    def parts(self) -> dict[str, str | int]:
        """The place as JSON: its kind and the parts it holds."""
        held = {p: v for p in PART_NAMES if (v := self.__dict__[p]) is not None}
        return {"kind": self.kind, **held}

    def __str__(self) -> str:
        return self.key()
