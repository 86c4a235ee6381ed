"""Typed records passed between the pipeline's stages.

Readers produce these; the store keeps them; computations and renderers consume them. They
are frozen so that no stage can quietly change what an earlier stage read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from dataclasses import field as dataclass_field
from typing import Literal

from audit_docs.places_in_files import Place

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
    changes left in the file) that are not errors in the data. ``code`` says exactly what is
    wrong (``missing``, ``several_ticked``, ``not_a_date``... see ``compute/problem_advice``):
    advice and grouping go by it, never by the wording of ``message``. ``label`` names the
    field as a person would ("question 4.2 'Was the assessment shared with the family?'",
    "'Audit date' (cell B4 on sheet 'Log')"), for the advice. ``place`` is where it is, by
    its parts (``places_in_files.Place``); ``field`` is that place as text, for people.
    """

    place: Place
    message: str
    kind: ProblemKind = "unreadable"
    found: str | None = None
    code: str = dataclass_field(kw_only=True)
    label: str | None = dataclass_field(default=None, kw_only=True)

    @property
    def field(self) -> str:
        """The place as text ("ratings.4.auditor", "Log!B4"): for display only."""
        return self.place.key()


@dataclass(frozen=True)
class Rating:
    auditor: Grade | None = None
    moderator: Grade | None = None

    @property
    def as_written(self) -> Grade | None:
        """The moderator's where given, else the auditor's, as written ("n/a" and "not
        recorded" included): the one statement of which rater's word stands. The store's
        ``final`` columns say the same in SQL (COALESCE(moderator, auditor)); the reports'
        final grade (compute/grades.final) keeps only the four grades."""
        return self.moderator or self.auditor


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
    #: when the document says it was last saved (docProps/core.xml), UTC ISO 8601
    saved_at: str | None = None

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


# --- Excel trackers ------------------------------------------------------------------------

#: what one tracker cell becomes: text, a whole number, a tick (True) or cross (False), a date
TrackerScalar = str | int | bool | dt.date | None
#: a record's field: a scalar, or a group of scalars keyed by column (practice areas, measures)
TrackerValue = TrackerScalar | dict[str, TrackerScalar]


@dataclass(frozen=True)
class TrackerRecord:
    """One case (or one parent's response) read from one row of an Excel tracker.

    ``fields`` holds the values by the keys of the tracker kind's definition
    (``read/trackers/<kind>.yaml``); grouped columns are nested (``practice_areas``,
    ``measures``, ``answers``); columns the definition does not know are kept as written under
    ``other`` (header -> value). A grade field holds one of GRADES, or "n/a" / "not_recorded"
    when the sheet says so, or None when the cell is empty. A thematic measure holds True
    (evidenced), False (not evidenced) or the text written instead (the measure does not apply).
    """

    source: str
    sheet: str
    #: the spreadsheet row number, as Excel shows it
    row: int
    kind: str
    fields: dict[str, TrackerValue]
    #: which table on the sheet (1, 2, ...): one thematic round each
    table: int = 1


@dataclass(frozen=True)
class TrackerTable:
    """What was recognised on a sheet: one table, found by its header row."""

    sheet: str
    number: int
    kind: str
    #: the header row (the lower one when the header takes two rows)
    header_row: int
    #: column letter -> field key ("practice_areas.outcomes", "measures.Present at TAF",
    #: "other.Notes"), in sheet order
    columns: dict[str, str]
    records: int
    first_row: int | None = None
    last_row: int | None = None
    #: rows under the header that were not read as a case, with why: (row, reason)
    skipped: tuple[tuple[int, str], ...] = ()
    #: the title line above the table, and the table's date and where it came from
    title: str | None = None
    date: dt.date | None = None
    date_from: str | None = None


@dataclass(frozen=True)
class TrackerSheet:
    name: str
    hidden: bool
    #: rows holding anything at all
    rows_used: int
    tables: tuple[TrackerTable, ...]


@dataclass(frozen=True)
class WorkbookResult:
    """Everything read from one Excel tracker: its records, problems, and what was found."""

    source: str
    sha256: str
    records: tuple[TrackerRecord, ...]
    problems: tuple[Problem, ...]
    sheets: tuple[TrackerSheet, ...]
    #: when the workbook says it was last saved (docProps/core.xml), UTC ISO 8601
    saved_at: str | None = None

    @property
    def status(self) -> str:
        return "ok"

    @property
    def kinds(self) -> tuple[str, ...]:
        """The tracker kinds found, in the order of their first table."""
        seen: dict[str, None] = {}
        for sheet in self.sheets:
            for table in sheet.tables:
                seen.setdefault(table.kind, None)
        return tuple(seen)


WorkbookReadResult = WorkbookResult | FileFailure


# --- what the store gives back to the computations -----------------------------------------


@dataclass(frozen=True)
class StoredAudit:
    """One case audit as the store holds it: merged from its Word form and/or audit-log row.

    ``sections`` are the form's graded sections by number (its overall judgement is
    ``overall``, not a section), and ``practice_areas`` the grades per practice area: the
    audit log's (its single grade sits in ``Rating.auditor``; it may also be "n/a" or
    "not_recorded"), or the form's where a form section declares that practice area.
    """

    key: str
    case_reference: str | None
    audit_date: dt.date | None
    origin: str
    form: str | None
    service_area: str | None
    team: str | None
    auditor: str | None
    moderator: str | None
    moderation_date: dt.date | None
    case_worker: str | None
    team_manager: str | None
    overall: Rating
    moderated: bool
    child_age: int | None
    months_in_early_help: int | None
    ethnicity: str | None
    thematic_round: str | None
    sections: dict[str, Rating]
    practice_areas: dict[str, Rating]
    answers: dict[str, str | None]
    #: section number -> the auditor's and moderator's comments; other free text as
    #: "overview.overview", "practitioner.<key>", "bespoke.<key>" (in Comments.auditor)
    comments: dict[str, Comments]
    actions: tuple[Action, ...]
    learning_actions: tuple[str, ...]
    #: the files it was read from, as paths in the inbox (a form, an audit log, or both)
    sources: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The people this audit names: to be kept out of anything published."""
        people = (self.auditor, self.moderator, self.case_worker, self.team_manager)
        return tuple(p for p in people if p)


@dataclass(frozen=True)
class StoredProblem:
    source: str
    #: where it is, by its parts (None: a whole file, or a check over the whole audit)
    place: Place | None
    kind: str
    message: str
    found: str | None
    #: "read" (a value in a file) or "merge" (a form and the audit log disagree)
    origin: str
    case_reference: str | None = None
    audit_date: dt.date | None = None
    #: what exactly is wrong (Problem.code), and the field in words (Problem.label)
    code: str = "unreadable"
    label: str | None = None
    #: the audit it belongs to: its auditor, and the store's id for it (None: a whole file)
    auditor: str | None = None
    audit: int | None = None
    #: what the store read the problem's file as ("form", "tracker", "other"; None: no
    #: file, a disagreement between sources): decided by the reader, never by a file name
    file_kind: str | None = None

    @property
    def location(self) -> str | None:
        """The place as text, as the store's ``location`` column holds it: for display only."""
        return None if self.place is None else self.place.key()


@dataclass(frozen=True)
class Refusal:
    """A file in the store that could not be read: listed until it is fixed or removed."""

    path: str
    error: str
    reason: str
    sha256: str


@dataclass(frozen=True)
class ThematicResult:
    """One case's mark against one measure of a thematic audit round."""

    source: str
    sheet: str
    table: int
    round_title: str | None
    round_date: dt.date | None
    row: int
    case_label: str | None
    measure: str
    #: evidenced | not_evidenced | not_applicable
    result: str
    written: str | None


@dataclass(frozen=True)
class QualityCheck:
    """One externally completed Early Help Assessment checked for quality."""

    source: str
    sheet: str
    row: int
    date: dt.date | None
    completed_by: str | None
    category: str | None
    grade: str | None
    notes: str | None


@dataclass(frozen=True)
class FeedbackAnswer:
    """One answer a parent or carer gave, on a form or in a feedback tracker."""

    source: str
    sheet: str | None
    row: int | None
    date: dt.date | None
    from_form: bool
    question: str
    answer: str | None


@dataclass(frozen=True)
class FormFeedback:
    """One answer a family gave in an audit form's family feedback section, with the audit
    it belongs to (so its words can be anonymised with the names that audit holds)."""

    audit_key: str
    question: str
    answer: str | None
