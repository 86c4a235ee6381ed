"""Typed records passed between the pipeline's stages.

Readers produce these; the store keeps them; computations and renderers consume them. They
are frozen so that no stage can quietly change what an earlier stage read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Grade = Literal["outstanding", "good", "requires_improvement", "inadequate"]
Answer = Literal["yes", "no", "n/a", "partially"]
#: what a header value can be once converted
HeaderValue = str | int | bool | dt.date | None

GRADES: tuple[Grade, ...] = ("outstanding", "good", "requires_improvement", "inadequate")
ANSWERS: tuple[Answer, ...] = ("yes", "no", "n/a", "partially")

ProblemKind = Literal["unreadable", "ambiguous", "missing", "notice"]


@dataclass(frozen=True)
class Problem:
    """Something a person has to look at: a value that is missing, unreadable or ambiguous.

    ``kind`` "notice" marks things worth telling an auditor (an unanswered question, tracked
    changes left in the file) that are not errors in the data.
    """

    field: str
    message: str
    kind: ProblemKind = "unreadable"
    found: str | None = None


@dataclass(frozen=True)
class Rating:
    auditor: Grade | None = None
    moderator: Grade | None = None


@dataclass(frozen=True)
class Comments:
    """Free text a section carries: the auditor's findings and the moderator's comments."""

    auditor: str | None = None
    moderator: str | None = None


@dataclass(frozen=True)
class Action:
    action: str | None
    who: str | None
    when: str | None
    update: str | None = None


@dataclass(frozen=True)
class FormRecord:
    """Everything read from one completed audit form."""

    source: str
    sha256: str
    form: str
    header: dict[str, HeaderValue]
    ratings: dict[str, Rating]
    answers: dict[str, Answer | None]
    family_feedback: dict[str, str | int | None]
    practitioner_feedback: dict[str, str | None]
    comments: dict[str, Comments]
    actions: tuple[Action, ...]
    learning_actions: tuple[str, ...]
    bespoke: dict[str, str | None]
    problems: tuple[Problem, ...]
    #: kinds of controls found, e.g. {"content control checkbox": 43}
    controls: dict[str, int] = field(default_factory=dict)
    tracked_changes: int = 0
    converted_from: str | None = None

    @property
    def status(self) -> str:
        return "ok"


@dataclass(frozen=True)
class FileFailure:
    """A file that could not be read at all, with the one sentence that says why."""

    source: str
    sha256: str | None
    error: str
    reason: str

    @property
    def status(self) -> str:
        return "error"


FormResult = FormRecord | FileFailure
