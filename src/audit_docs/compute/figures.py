"""The shape of the annual report's figures: every value that reaches the document or its JSON.

They are TypedDicts, so the JSON written beside the report and the template's context are the
very objects computed, while the type checker knows every key: a figure one stage forgets to
give another (the old ``KeyError: 'graded'``) is a type error before it is a traceback. The
keys of docs/contracts/report-figures.md are among them and keep their names.
"""

from __future__ import annotations

from typing import TypedDict

#: the version of the figures files' layout (docs/contracts/): new keys leave it as it is;
#: it goes up only if a key ever changed its meaning or went away
SCHEMA_VERSION = 1

#: GRADE key (outstanding, good, requires_improvement, inadequate, not_graded) -> count
GradeCounts = dict[str, int]


class ReportTitle(TypedDict):
    title: str
    year: str


class PeriodFigures(TypedDict):
    start: str
    end: str
    label: str


class AuditCounts(TypedDict):
    total: int
    moderated: int


class RoundCount(TypedDict):
    title: str
    audits: int


class AreaFigures(TypedDict):
    scheme: str
    key: str
    title: str
    grades: GradeCounts
    good_or_better: int
    graded: int
    percent: int | None
    not_applicable: int
    #: the table's "not graded or N/A" cell: forms without a final grade for the section, or
    #: audit-log rows marked N/A or not recorded for the practice area
    not_graded: int
    #: graded on at least the threshold, so it may be named a strength or weakness
    ranked: bool
    #: the table cell: "4/7 (57%)", with "too few to rank" below the threshold
    share_text: str


class Quarter(TypedDict):
    label: str
    start: str
    end: str
    months: str
    audits: int
    moderated: int
    grades: GradeCounts
    thematic_rounds: list[RoundCount]
    scheduled: int
    scheduled_grades: GradeCounts
    scheduled_moderated: int
    areas_of_strength: list[AreaFigures]
    areas_for_development: list[AreaFigures]


class SectionFigures(TypedDict):
    title: str
    grades: GradeCounts


class Ranking(TypedDict):
    """One instrument's areas (form sections, or audit-log practice areas), ranked alone."""

    scheme: str
    name: str
    areas: list[AreaFigures]
    best: list[AreaFigures]
    weakest: list[AreaFigures]


class ExactAgreement(TypedDict):
    agreed: int
    n: int
    percent: int | None


class PooledAgreement(TypedDict):
    n: int
    agreed: int
    percent: int | None
    kappa: float | None
    kappa_words: str
    kappa_text: str


class SectionAgreement(TypedDict):
    key: str
    title: str
    n: int
    agreed: int
    changed: int
    percent: int | None
    kappa: float | None
    kappa_words: str
    kappa_text: str


class Moderation(TypedDict):
    moderated: int
    agreed: int
    upgraded: int
    downgraded: int
    compared: int
    exact_agreement: ExactAgreement
    kappa: float | None
    kappa_words: str
    kappa_text: str
    #: kappa is quoted only from this many compared pairs
    min_pairs: int
    sections_pooled: PooledAgreement
    by_section: list[SectionAgreement]
    most_changed: list[SectionAgreement]
    rule_flags: dict[str, int]


#: question id -> {"yes", "partially", "no", "n/a", "unanswered"} -> count (the contract)
AnswerCounts = dict[str, dict[str, int]]


class QuestionFigures(TypedDict):
    id: str
    section: str
    text: str
    reverse: bool
    advice: str | None
    yes: int
    partially: int
    no: int
    na: int
    unanswered: int
    applicable: int
    good: int
    percent: int | None
    #: applied to at least the threshold of cases, so it may be named weak
    ranked: bool
    #: the table cell: "0/3 (0%)", with "too few to rank" below the threshold
    share_text: str


class ProfileRow(TypedDict):
    label: str
    audits: int


class Profile(TypedDict):
    age_bands: list[ProfileRow]
    service_areas: list[ProfileRow]
    total: int


class MeasureFigures(TypedDict):
    label: str
    evidenced: int
    applicable: int
    percent: int | None


class ComparedMeasure(MeasureFigures):
    previous_evidenced: int | None
    previous_applicable: int | None
    previous_percent: int | None
    change: int | None
    #: both rounds applied the measure to at least min_graded cases: only then is the change
    #: shown or called a rise or fall
    compared: bool


class RoundFigures(TypedDict):
    title: str | None
    date: str | None
    cases: int
    measures: list[MeasureFigures]


class ThematicFigures(TypedDict):
    title: str | None
    date: str | None
    cases: int
    measures: list[ComparedMeasure]
    source: str
    sheet: str
    #: the previous round of the same theme, whichever year it fell in
    previous: RoundFigures | None
    #: financial year of the previous round, e.g. "2016-17"
    previous_year: str | None


class GradedArea(TypedDict):
    key: str
    title: str
    #: GRADE keys plus ``not_recorded``: the tracker's own "Not recorded" values
    grades: GradeCounts
    #: "N/A" written in the tracker
    not_applicable: int
    #: rows of the round where the cell was left empty
    blank: int


class RoundOverview(TypedDict):
    """A graded thematic round at a glance, as the real report gives its Ofsted round."""

    #: the round's cases by age band and by service (rows with cases only), as the real
    #: report's Tables 1 and 2 for its Ofsted round; each adds up to the round's cases
    by_age: list[ProfileRow]
    by_service: list[ProfileRow]
    #: every area judgement of the round: graded ones, "Not recorded" and N/A
    judgements: int
    #: judgements at each grade (and not_recorded, not_applicable), and their % of all
    counts: dict[str, int]
    percents: dict[str, int]
    #: areas ranked under the same small-base rule as the year's (min_graded)
    strongest: list[AreaFigures]
    weakest: list[AreaFigures]


GradedRound = TypedDict(
    "GradedRound",
    {
        "overview": RoundOverview,
        "title": str,
        "audits": int,
        "from": str | None,
        "to": str | None,
        "overall": GradeCounts,
        "areas": list[GradedArea],
        "blank": int,
    },
)


class QualityQuarter(TypedDict):
    label: str
    months: str
    grades: GradeCounts


class CompletedBy(TypedDict):
    label: str
    checks: int
    grades: GradeCounts


class QualityChecks(TypedDict):
    total: int
    grades: GradeCounts
    quarters: list[QualityQuarter]
    completed_by: list[CompletedBy]


class FeedbackQuestion(TypedDict):
    key: str
    question: str
    answers: dict[str, int]
    other: int
    blank: int
    responses: int


class AppendixAnswer(TypedDict):
    question: str
    answer: str | None


class AppendixResponse(TypedDict):
    number: int
    answers: list[AppendixAnswer]


class FamilyFeedback(TypedDict):
    responses: int
    questions: list[FeedbackQuestion]
    appendix: list[AppendixResponse]
    keys: list[str]


class ScoreCount(TypedDict):
    score: int
    responses: int


class Relationship(TypedDict):
    """The family's score of their relationship with the practitioner, as a distribution."""

    question: str
    #: one row per score from ``low`` to ``high``, with how many families gave it
    scores: list[ScoreCount]
    scored: int
    #: written but not one whole score on the scale (e.g. "3-4"): never guessed
    unreadable: int
    low: int
    high: int


class QuoteGroup(TypedDict):
    """The words written under one question, anonymised (compute/anonymise.py)."""

    key: str
    question: str
    quotes: list[str]


class FormFamilyFeedback(TypedDict):
    """The family feedback section of the year's audit forms (issue 21)."""

    #: the year's audits on the form that has the section, and those carrying feedback
    forms: int
    responses: int
    #: its tick-box questions (Yes / No / N/A), as the tracker's ``questions``
    questions: list[FeedbackQuestion]
    relationship: Relationship
    words: list[QuoteGroup]


class PractitionerFeedback(TypedDict):
    forms: int
    responses: int
    words: list[QuoteGroup]


class RoleCount(TypedDict):
    label: str
    actions: int


class ActionFigures(TypedDict):
    """The case actions the year's audits set and their follow-up (issue 21)."""

    total: int
    #: audits with at least one case action, of all the year's audit forms
    audits: int
    forms: int
    #: learning actions for the practitioner, team or service (counted apart)
    learning: int
    #: by the role of the owner as written in "Who?" (never a name)
    by_role: list[RoleCount]
    with_due_date: int
    no_due_date: int
    #: a "When?" written but not a date ("Within 2 weeks"): never guessed
    due_not_a_date: int
    due_by_year_end: int
    #: due on or before the year's end with no update recorded
    overdue: int
    updated: int
    year_end: str


class Finding(TypedDict):
    """One finding of the summary: what it is about, and the sentence (with its n/N)."""

    topic: str
    text: str


class Summary(TypedDict):
    """The year on one page, as a manager reads it (issue 21)."""

    findings: list[Finding]


class YearFigures(TypedDict):
    """One financial year's headline figures: a row of the trend table."""

    year: str
    label: str
    audits: int
    moderated: int
    graded: int
    good_or_better: int
    percent: int | None
    compared: int
    agreed: int
    agreement_percent: int | None


class ShareChange(TypedDict):
    now: int | None
    before: int | None


class AgreementChange(TypedDict):
    agreement_now: int | None
    agreement_before: int | None
    kappa_now: float | None
    kappa_before: float | None


class ComparedQuestion(TypedDict):
    id: str
    text: str
    good: int
    applicable: int
    percent: int
    previous_good: int
    previous_applicable: int
    previous_percent: int
    change: int


class ComparedArea(TypedDict):
    scheme: str
    title: str
    good_or_better: int
    graded: int
    percent: int
    previous_good_or_better: int
    previous_graded: int
    previous_percent: int
    change: int


class Comparison(TypedDict):
    """This year against the most recent earlier year that holds audits."""

    label: str
    short: str
    audits: int
    grades: GradeCounts
    good_or_better: ShareChange
    moderation: AgreementChange
    questions: list[ComparedQuestion]
    areas: list[ComparedArea]


class QuarterLines(TypedDict):
    label: str
    lines: list[str]


class Sentences(TypedDict):
    """Every sentence the report prints, made once (compute/messages.py)."""

    introduction: list[str]
    quarters: list[QuarterLines]
    overall: str
    #: scheme -> the sentences naming its best and weakest areas (or why none is named)
    rankings: dict[str, list[str]]
    moderation: list[str]
    thematic: list[str]
    thematic_graded: list[str]
    thematic_overview: list[list[str]]
    quality_checks: str
    feedback: str
    feedback_lines: list[str]
    comparison: list[str]
    #: issue 21: the forms' family feedback, practitioner feedback and actions
    family_forms: list[str]
    practitioner: list[str]
    actions: list[str]
    #: the keys to the mark: "areas", "questions", "measures", "kappa" -> the sentence for the
    #: mark (†) a row carries when its base is too small to rank or compare
    notes: dict[str, str]
    #: tables whose every row is under the threshold, moved to the appendix: "ranking:<scheme>",
    #: "form:<form id>" (a form's own sections), "questions:<form id>" -> the one sentence the
    #: body gives instead
    moved: dict[str, str]


class FormFigures(TypedDict):
    """One audit form's own tables: what only that form asks, counted over its audits."""

    id: str
    title: str
    audits: int
    moderated: int
    #: the overall grades of this form's audits
    grades: GradeCounts
    #: its graded sections (not the overall judgement, not the practice areas it declares)
    sections: dict[str, SectionFigures]
    areas: list[AreaFigures]
    #: its sections' strengths and areas for development, ranked among themselves
    best: list[AreaFigures]
    weakest: list[AreaFigures]
    answers: AnswerCounts
    #: its Yes/No questions, weakest first
    questions: list[QuestionFigures]


class GroupFigures(TypedDict):
    """One team's or service area's audits in the year."""

    label: str
    audits: int
    #: audits with a final overall grade (Outstanding, Good, Requires Improvement, Inadequate)
    graded: int
    #: of those, Outstanding or Good
    good_or_better: int
    #: good_or_better of graded, rounded half up; None when none was graded
    percent: int | None
    #: "4/7 (57%)", with ", too few to rank" below the threshold
    share_text: str
    #: graded on at least the threshold of audits, so the share may be quoted
    ranked: bool


class AnnualFigures(TypedDict):
    #: the layout's version (SCHEMA_VERSION)
    schema_version: int
    report: ReportTitle
    period: PeriodFigures
    audits: AuditCounts
    quarters: list[Quarter]
    grades: GradeCounts
    sections: dict[str, SectionFigures]
    areas: list[AreaFigures]
    rankings: list[Ranking]
    #: each instrument's best and weakest areas, one ranking after the other (never ranked
    #: against each other): kept for readers of earlier figures files
    best_areas: list[AreaFigures]
    weakest_areas: list[AreaFigures]
    strength_rule: str
    #: the threshold: nothing is ranked or headlined on fewer graded audits or cases
    min_graded: int
    moderation: Moderation
    answers: AnswerCounts
    questions: list[QuestionFigures]
    #: form id -> that form's own tables (``sections``, ``answers`` above are the main form's)
    forms: dict[str, FormFigures]
    profile: Profile
    thematic: list[ThematicFigures]
    thematic_graded: list[GradedRound]
    quality_checks: QualityChecks
    family_feedback: FamilyFeedback
    sources: dict[str, int]
    #: financial years the store holds anything for, e.g. ["2015-16", "2016-17"]
    years_held: list[str]
    #: this year and up to three earlier years holding audits, oldest first
    trend: list[YearFigures]
    previous_year: Comparison | None
    key_messages: list[str]
    sentences: Sentences
    #: issue 21: every source the store holds reported, a summary up front, and suggested
    #: next steps for the officer's commentary (never printed in the report itself)
    family_feedback_forms: FormFamilyFeedback
    practitioner_feedback: PractitionerFeedback
    actions: ActionFigures
    summary: Summary
    next_steps: list[str]
    #: the year's audits by team and by service area, in name order (compute/breakdowns.py)
    by_team: list[GroupFigures]
    by_service_area: list[GroupFigures]
    #: the word printed for each grade (outstanding, good, requires_improvement, inadequate,
    #: not_graded): the council's own where every form in use that has the grade says the
    #: same (its definition's grade_scale), else the usual word (compute/grades.grade_words)
    grade_words: dict[str, str]
    #: the grades shown as table columns and chart bars, best first: those the forms in use
    #: grade with, and any other holding a count (compute/grades.shown_bands)
    grade_bands: list[str]
