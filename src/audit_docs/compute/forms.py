"""What the reports need to know of each audit form: its id, title, own sections, questions.

The reports count every form's audits together where a figure means the same on every form
(overall grades, quarters, moderation of the overall grade, practice areas a form declares),
and keep apart what only one form asks (its sections and questions). A form's sections are
known here by number only as the definition numbers them; what a section *is* (the overall
judgement, a practice area) comes from its role, so any council's definition reaches the
same reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from audit_docs.compute.grades import GRADE_WORDS, scale_words
from audit_docs.records import GRADES

if TYPE_CHECKING:
    from audit_docs.read.formdef import FormDefinition

STANDARD_SCALE: dict[str, str] = {g: GRADE_WORDS[g] for g in GRADES}
#: the sections whose words the annual report gives back (anonymised)
FEEDBACK_ROLES = ("family_feedback", "practitioner_feedback")


@dataclass(frozen=True)
class Question:
    """What the computations need of a form question."""

    id: str
    text: str
    section: str
    reverse: bool = False
    advice: str | None = None


@dataclass(frozen=True)
class FormInfo:
    """One form definition, as the reports count it."""

    id: str
    title: str
    #: the graded sections shown in the form's own tables: number -> short title (the overall
    #: judgement is the audit's overall grade, and a section that is an audit-log practice
    #: area is counted with the practice areas, so neither is here)
    section_titles: dict[str, str]
    #: every Yes/No question of the form, the family feedback ones included, in form order
    questions: tuple[Question, ...] = ()
    #: the questions the guidance turns into paperwork reminders: reminder -> question id
    reminders: dict[str, str] = field(default_factory=dict)
    #: section role ("family_feedback", "practitioner_feedback") -> section number
    section_roles: dict[str, str] = field(default_factory=dict)
    #: the free-text fields of the feedback sections: role -> key -> (label, type, lowest
    #: and highest score)
    free_text: dict[str, dict[str, tuple[str, str, int, int]]] = field(default_factory=dict)
    #: the form's own grade scale: band -> the word it prints (grades.scale_words); the
    #: usual four words for a form that keeps the standard scale
    grade_scale: dict[str, str] = field(default_factory=lambda: dict(STANDARD_SCALE))


def form_info(definition: FormDefinition) -> FormInfo:
    return FormInfo(
        id=definition.id,
        title=definition.title,
        section_titles={
            s.number: s.short_title
            for s in definition.rated_sections
            if s.role != "overall" and not s.practice_area
        },
        questions=tuple(
            Question(q.id, q.text, s.number, q.reverse, q.advice)
            for s in definition.sections
            for q in s.questions
        ),
        reminders={q.reminder: q.id for q in definition.questions() if q.reminder},
        section_roles={s.role: s.number for s in definition.sections if s.role},
        free_text={
            s.role: {t.key: (t.label, t.type, *t.scale) for t in s.free_text}
            for s in definition.sections
            if s.role in FEEDBACK_ROLES
        },
        grade_scale=scale_words(definition.grade_scale.words, definition.grade_scale.bands),
    )
