"""The shape of the best practice guidance's figures: every value that reaches the document or
its JSON, as TypedDicts (like the annual report's in ``compute/figures.py``).

The keys of docs/contracts/guidance-figures.md are among them and keep their names; new keys
are added, never renamed.
"""

from __future__ import annotations

from typing import TypedDict

#: GRADE key (outstanding, good, requires_improvement, inadequate, not_graded) -> count
GradeCounts = dict[str, int]


class FormName(TypedDict):
    id: str
    title: str


class GuidancePeriod(TypedDict):
    start: str
    end: str
    label: str


class Counted(TypedDict):
    name: str
    audits: int


class GradeRow(TypedDict):
    grade: str
    label: str
    audits: int


class Scope(TypedDict):
    audits: int
    moderated: int
    teams: int
    by_team: list[Counted]
    by_service_area: list[Counted]
    other_audits: int
    sentence: str
    other_audits_sentence: str
    overall_grades: GradeCounts
    overall_table: list[GradeRow]
    overall_sentence: str


class QuestionText(TypedDict):
    id: str
    text: str


class Finding(TypedDict):
    """One question's answers in the period: each answer counted once, on one base."""

    id: str
    section: str
    text: str
    reverse: bool
    yes: int
    no: int
    partially: int
    na: int
    unanswered: int
    applicable: int
    good: int
    percent: int | None
    weak: bool
    advice: str | None
    sentence: str
    #: the theme it is evidence for (the form's ``theme:``, else its section's title)
    theme: str
    #: "Yes in 39 of 62 (63%); Partially in 13; No in 10"
    counts: str


class Judgements(TypedDict):
    grades: GradeCounts
    rows: list[GradeRow]
    sentence: str


class Said(TypedDict):
    """A comment as the officer's data keeps it: the first case that said it, and how many."""

    case: str
    text: str
    audits: int


class SectionFigures(TypedDict):
    number: str
    title: str
    theme: str | None
    questions: list[QuestionText]
    findings: list[Finding]
    judgements: Judgements
    recommendations: list[Said]


class JudgementRow(TypedDict):
    """A row of the appendix's table: one section's final grades."""

    title: str
    outstanding: int
    good: int
    requires_improvement: int
    inadequate: int
    not_graded: int


class KeyMessage(TypedDict):
    question: str
    section: str
    message: str
    evidence: str
    good: int
    applicable: int
    percent: int | None
    theme: str


class Reminder(TypedDict):
    key: str
    reminder: str
    count: int
    forms: int
    sentence: str


class Reminders(TypedDict):
    practitioners: list[Reminder]
    auditors: list[Reminder]


class Quote(TypedDict):
    """One comment in the same words, however many audits wrote it."""

    text: str
    audits: int
    theme: str
    section: str
    #: the final grades of the sections it was written under
    grades: list[str]
    teams: int
    #: quoted in the document (the rest stay here, for the officer)
    chosen: bool
    #: what follows the quote in the document: "in 42 audits", or the one case's pseudonym
    said: str


class GoodPractice(TypedDict):
    case: str
    section: str
    title: str
    comment: str | None
    comment_by: str | None
    audits: int
    said: str
    theme: str


class LearningExample(TypedDict):
    text: str
    audits: int
    said: str


class LearningGroup(TypedDict):
    count: int
    examples: list[LearningExample]
    sentence: str


class LearningAction(TypedDict):
    case: str
    text: str


class Theme(TypedDict):
    name: str
    good: int
    applicable: int
    #: audits in which at least one of its questions applied
    cases: int
    percent: int | None
    #: enough cases to be compared with the other themes (MIN_GRADED)
    ranked: bool
    sentence: str
    findings: list[Finding]
    quotes: list[Quote]
    #: distinct comments about it (quoted or not)
    quotes_total: int
    learning: LearningGroup


class ThemeSummary(TypedDict):
    strongest: list[str]
    weakest: list[str]
    sentence: str


class QuoteCounts(TypedDict):
    #: comments written by auditors under the sections reported on
    comments: int
    #: of them, different in their words
    distinct: int
    #: quoted in the document
    quoted: int


class NextSteps(TypedDict):
    training: str
    meetings: str
    next_audit: str


class TimelinessRow(TypedDict):
    name: str
    question: str
    met: int
    partly: int
    not_met: int
    applicable: int
    percent: int | None
    sentence: str


class FlagRow(TypedDict):
    rule: str
    label: str
    audits: int


class RuleFlags(TypedDict):
    counts: dict[str, int]
    rows: list[FlagRow]
    timeliness: list[TimelinessRow]


class GuidanceFigures(TypedDict):
    #: the figures' shape, raised when a key changes meaning (docs/contracts/)
    schema_version: int
    title: str
    form: FormName
    period: GuidancePeriod
    chosen_sections: list[str]
    scope: Scope
    sections: list[SectionFigures]
    key_messages: list[KeyMessage]
    key_messages_sentence: str
    #: the weakest KEY_MESSAGES of them, printed; and a sentence for the rest ("" if none)
    key_messages_printed: list[KeyMessage]
    key_messages_more: str
    learning_actions: list[LearningAction]
    paperwork: list[Reminder]
    reminders: Reminders
    reminders_sentence: str
    good_practice: list[GoodPractice]
    good_practice_sentence: str
    rule_flags: RuleFlags
    rules: list[str]
    weak_below_percent: int
    min_applicable: int
    themes: list[Theme]
    #: learning actions that share no word with any theme
    learning_other: LearningGroup
    theme_summary: ThemeSummary
    quotes: list[Quote]
    quote_counts: QuoteCounts
    judgement_rows: list[JudgementRow]
    next_steps: NextSteps
    #: the word printed for each grade: the form's own scale (its definition's grade_scale),
    #: else the usual words (compute/grades.grade_words)
    grade_words: dict[str, str]
    #: the grades shown as table columns and rows, best first (compute/grades.shown_bands)
    grade_bands: list[str]
    #: the judgement table's grade columns: {"key", "head", "word"} (compute/grades.grade_heads)
    grade_columns: list[dict[str, str]]
    #: the key under a table whose headings shorten a grade ("RI: Requires Improvement.")
    grade_key: str
