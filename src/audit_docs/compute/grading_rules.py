"""Checks on one audit that the guidance asks for: grade consistency, drift, timeliness, actions.

Each rule is a small function of plain values (no files, no database) that returns the one
sentence a QA officer needs, or None when there is nothing to flag. A flag is a prompt to look
again, never an automatic change: the grade stays the auditor's professional judgement.

Thresholds, grade names and the timescales the form states live in ``grading_rules.yaml``
beside this module. Every rule has a stable short id (``OVERALL_GRADE_RULE``, ``DRIFT``,
``ACTIONS_MISSING``, ``TIMELINESS``) so that what a rule found can be stored and counted.

Sources: *What makes good? Early Help audit grading guidance* (the overall grade rule),
Shropshire's *Best practice guidance, Early help audit* (drift), and the audit form
*Understanding our Early Help Practice* (the timescales in its questions).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Protocol

import yaml

from audit_docs.compute.thematic import percent

OVERALL_GRADE_RULE = "overall-grade-rule"
DRIFT = "drift"
ACTIONS_MISSING = "actions-missing"
TIMELINESS = "timeliness"

#: rule id -> what it checks, in a heading's words
RULES: dict[str, str] = {
    OVERALL_GRADE_RULE: "Overall grade not supported by the section grades",
    DRIFT: "Open more than 12 months or reviewed 3 or more times: consider consultation",
    ACTIONS_MISSING: "Requires Improvement or Inadequate without an action saying who and when",
    TIMELINESS: "Timescales the form states: met, partly met, not met",
}

_ANSWERS = frozenset({"yes", "no", "partially", "n/a"})


class ActionLike(Protocol):
    """What actions_missing reads from an action (records.Action has it)."""

    @property
    def action(self) -> str | None: ...
    @property
    def who(self) -> str | None: ...
    @property
    def when(self) -> str | None: ...


@dataclass(frozen=True)
class Timescale:
    question: str
    name: str
    wording: str
    #: the id of the form whose question states it (question ids are each form's own)
    form: str = ""


@dataclass(frozen=True)
class TimelinessFigure:
    """How often one timescale the form states was met across a set of audits."""

    name: str
    #: the form's question id, e.g. "4.1"
    question: str
    wording: str
    met: int
    partly: int
    not_met: int
    #: met + partly + not_met: "n/a" and unanswered leave the denominator
    applicable: int
    #: round half up of 100 * met / applicable; None when nothing applies
    percent: int | None


@dataclass(frozen=True)
class _Settings:
    #: grade key -> label, best first
    grades: dict[str, str]
    sections_needed: int
    outstanding_excludes: tuple[str, ...]
    drift_months: int
    drift_reviews: int
    drift_advice: str
    actions_needed_for: tuple[str, ...]
    timescales: tuple[Timescale, ...]


@cache
def settings() -> _Settings:
    """The rules' data, read once from grading_rules.yaml shipped beside this module."""
    text = resources.files("audit_docs.compute").joinpath("grading_rules.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    overall, drift_ = data["overall_grade"], data["drift"]
    return _Settings(
        grades={g["key"]: g["label"] for g in data["grades"]},
        sections_needed=int(overall["sections_needed"]),
        outstanding_excludes=tuple(overall["outstanding_excludes"]),
        drift_months=int(drift_["more_than_months"]),
        drift_reviews=int(drift_["reviews_at_least"]),
        drift_advice=drift_["advice"],
        actions_needed_for=tuple(data["actions"]["needed_for"]),
        timescales=tuple(
            Timescale(str(q), t["name"], t["wording"], str(form))
            for form, questions in data["timeliness"].items()
            for q, t in questions.items()
        ),
    )


def grade_label(grade: str) -> str:
    """ "requires_improvement" -> "Requires Improvement"; ValueError for an unknown key."""
    labels = settings().grades
    if grade not in labels:
        raise ValueError(f"the grade {grade!r} is not one of {', '.join(labels)}")
    return labels[grade]


def _rank(grade: str) -> int:
    grade_label(grade)
    return list(settings().grades).index(grade)


def _section_number(number: str) -> tuple[int, str]:
    return (int(number), number) if number.isdigit() else (10**6, number)


def sections_phrase(numbers: Iterable[str]) -> str:
    """["4", "6"] -> "sections 4 and 6"; ["2"] -> "section 2"; in the form's order."""
    ordered = sorted(numbers, key=_section_number)
    if len(ordered) == 1:
        return f"section {ordered[0]}"
    return f"sections {', '.join(ordered[:-1])} and {ordered[-1]}"


def overall_grade_anomaly(overall: str | None, sections: Mapping[str, str | None]) -> str | None:
    """The reason the overall grade is not supported by the section grades, or None.

    The guidance: "To receive a grading, 3+ sections need to have been achieved to obtain the
    equivalent grading", and "an EHA cannot be outstanding if 3 sections are outstanding, but
    one section is inadequate or requires improvement". Two things are flagged:

    - fewer than 3 sections are at the overall grade or better, even if every ungraded section
      were (an ungraded section gets the benefit of the doubt: the reader reports it missing);
    - Outstanding overall while any section is Requires Improvement or Inadequate.

    An overall grade *worse* than the sections would support is not flagged: the guidance
    expects the auditor to grade down "dependent on what is missing", and the appendix grades
    a whole case Inadequate when "children are left at risk of significant harm", which one
    weak section can show.

    ``sections`` maps each graded section's number to a grade key or None (never the form's
    overall judgement: that is ``overall``). Returns None when the grades agree, and when
    there is too little to judge: no overall grade, or no section graded.
    """
    if overall is None:
        return None
    rules = settings()
    needed = rules.sections_needed
    grades = dict(sections)
    graded = {n: g for n, g in grades.items() if g is not None}
    if not graded:
        return None
    label = grade_label(overall)
    sentences = []
    better = [n for n, g in graded.items() if _rank(g) <= _rank(overall)]
    ungraded = [n for n, g in grades.items() if g is None]
    if len(better) + len(ungraded) < needed:
        at = label if _rank(overall) == 0 else f"{label} or better"
        if not better:
            sentence = f"Overall grade {label}, but no section is {at} ({needed} needed)"
        else:
            count = (
                f"{len(better)} section is" if len(better) == 1 else f"{len(better)} sections are"
            )
            sentence = (
                f"Overall grade {label}, but only {count} {at} ({needed} needed): "
                f"{sections_phrase(better)}"
            )
        if ungraded:
            verb = "is" if len(ungraded) == 1 else "are"
            sentence += f"; {sections_phrase(ungraded)} {verb} not graded"
        sentences.append(sentence + ".")
    weak = [n for n, g in graded.items() if g in rules.outstanding_excludes]
    if _rank(overall) == 0 and weak:
        parts = []
        for grade in rules.outstanding_excludes:
            numbers = [n for n in weak if graded[n] == grade]
            if numbers:
                verb = "is" if len(numbers) == 1 else "are"
                parts.append(f"{sections_phrase(numbers)} {verb} {grade_label(grade)}")
        excluded = " or ".join(grade_label(g) for g in rules.outstanding_excludes)
        sentences.append(
            f"Overall grade {label}, but {' and '.join(parts)}: an audit cannot be {label} "
            f"while any section is {excluded}."
        )
    return " ".join(sentences) or None


def drift(months_in_early_help: int | None, reviews: int | None = None) -> str | None:
    """The sentence flagging a case for a consultation about drift, or None.

    Shropshire's guidance: "Possibly early help cases that are open for more than a year, or
    had three or more reviews, should be considered for consultation with an early help
    social worker." So: more than 12 months open, or 3 or more reviews. Either value may be
    None (not known); the audit form records months but has no review count, so ``reviews``
    is for trackers that carry one. None when neither threshold is known to be passed.
    """
    rules = settings()
    reasons = []
    if months_in_early_help is not None and months_in_early_help > rules.drift_months:
        reasons.append(
            f"open in Early Help for {months_in_early_help} months (more than {rules.drift_months})"
        )
    if reviews is not None and reviews >= rules.drift_reviews:
        times = "once" if reviews == 1 else f"{reviews} times"
        reasons.append(f"reviewed {times} ({rules.drift_reviews} or more)")
    if not reasons:
        return None
    return f"Case {' and '.join(reasons)}: {rules.drift_advice}"


def timescales(form: str | None = None) -> tuple[Timescale, ...]:
    """The timescales the form ``form`` states (every form's when None), in the form's order
    (question id, name, wording)."""
    return tuple(s for s in settings().timescales if form is None or s.form == form)


def timeliness(
    answers_by_audit: Iterable[Mapping[str, str | None]], form: str | None = None
) -> list[TimelinessFigure]:
    """For each timescale the form states, how many audits met it, partly met it or did not.

    Each item of ``answers_by_audit`` is one audit's answers, question id -> "yes", "no",
    "partially", "n/a" or None. "yes" is met, "partially" partly met, "no" not met; "n/a" and
    None (unanswered, or the question missing) leave the denominator. Any other value raises
    ValueError: answers arrive already converted by the reader.
    """
    scales = timescales(form)
    counts = {s.question: {"yes": 0, "partially": 0, "no": 0} for s in scales}
    for answers in answers_by_audit:
        for scale in scales:
            answer = answers.get(scale.question)
            if answer is None or answer == "n/a":
                continue
            if answer not in _ANSWERS:
                raise ValueError(
                    f"question {scale.question}: the answer {answer!r} is not one of "
                    "yes, no, partially, n/a"
                )
            counts[scale.question][answer] += 1
    figures = []
    for scale in scales:
        c = counts[scale.question]
        applicable = c["yes"] + c["partially"] + c["no"]
        figures.append(
            TimelinessFigure(
                name=scale.name,
                question=scale.question,
                wording=scale.wording,
                met=c["yes"],
                partly=c["partially"],
                not_met=c["no"],
                applicable=applicable,
                percent=percent(c["yes"], applicable),
            )
        )
    return figures


def _filled(text: str | None) -> bool:
    return bool(text and text.strip())


def actions_missing(final_overall: str | None, actions: Sequence[ActionLike]) -> str | None:
    """The sentence flagging an audit graded Requires Improvement or Inadequate that has no
    action saying what will be done, by whom and by when; None otherwise.

    ``final_overall`` is the overall grade key after moderation (None: not graded, nothing to
    flag). An action counts when its action, who and when are all written; rows with none of
    the three are blank table rows and are not counted as recorded.
    """
    rules = settings()
    if final_overall is None or final_overall not in rules.actions_needed_for:
        return None
    if any(_filled(a.action) and _filled(a.who) and _filled(a.when) for a in actions):
        return None
    label = grade_label(final_overall)
    recorded = [a for a in actions if _filled(a.action) or _filled(a.who) or _filled(a.when)]
    need = "at least one action saying who will do it and by when is needed"
    if not recorded:
        return f"Overall grade {label}, but no actions are recorded: {need}."
    if len(recorded) == 1:
        found = "the 1 action recorded does not say"
    else:
        found = f"none of the {len(recorded)} actions recorded says"
    return f"Overall grade {label}, but {found} what will be done, by whom and by when: {need}."
