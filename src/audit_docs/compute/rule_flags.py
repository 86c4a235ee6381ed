"""The grading rules applied to stored audits: one flag per audit and rule that found something.

``grading_rules`` holds the rules as functions of plain values; this module feeds them what
the store holds for each audit and keeps what they say as ``RuleFlag`` records, for the
data-quality workbook, the annual report and the best practice guidance.

- overall grade rule: the final overall grade against the final grades of the form's graded
  sections (the overall judgement is the grade itself, not a section; a section the form
  does not rate counts as not graded); audits with no section grades at all (audit-log rows)
  are not checked;
- drift: the months the case has been open in Early Help, as written on the form;
- actions missing: the final overall grade against the actions table; only audits read from
  a form are checked, because the audit log has no actions column;
- timeliness: a timescale the form states answered No (not met); one flag names every
  timescale an audit did not meet. "Partially" is counted in the timeliness figures, not
  flagged.

Final grades are the moderator's where given, otherwise the auditor's (``grades.final``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from audit_docs.compute import grading_rules as rules
from audit_docs.compute.grades import GRADE_WORDS, final, improvement_or_inadequate
from audit_docs.records import StoredAudit

#: rule ids in the order flags are listed
RULE_ORDER = (rules.OVERALL_GRADE_RULE, rules.DRIFT, rules.ACTIONS_MISSING, rules.TIMELINESS)
#: rule id -> what a flag from it means, as a table row says it
FLAG_LABELS = {
    rules.OVERALL_GRADE_RULE: "Overall grade not supported by the section grades",
    rules.DRIFT: "Open in Early Help more than 12 months: consider a consultation about drift",
    rules.ACTIONS_MISSING: (
        "Requires Improvement or Inadequate without an action saying who will act and by when"
    ),
    rules.TIMELINESS: "A timescale the form states was not met",
}


def flag_label(rule: str, words: Mapping[str, str] = GRADE_WORDS) -> str:
    """FLAG_LABELS[rule], the grades in their printed words (a council's own)."""
    if rule == rules.ACTIONS_MISSING:
        return (
            f"{improvement_or_inadequate(words)} without an action saying who will act and by when"
        )
    return FLAG_LABELS[rule]


@dataclass(frozen=True)
class RuleFlag:
    """What one grading rule found in one audit: a prompt to look again, never a change."""

    rule: str
    case_reference: str | None
    audit_date: dt.date | None
    #: where on the form the rule looked, e.g. "overall grade and section grades"
    where: str
    message: str
    #: the store's key for the audit, to find it again
    audit_key: str


def _overall_grade_rule(audit: StoredAudit) -> tuple[str, str] | None:
    if not audit.sections:
        return None
    sections = {n: final(r) for n, r in audit.sections.items()}
    message = rules.overall_grade_anomaly(final(audit.overall), sections)
    return ("overall grade and section grades", message) if message else None


def _drift(audit: StoredAudit) -> tuple[str, str] | None:
    message = rules.drift(audit.months_in_early_help)
    return ("length of time case in Early Help", message) if message else None


def _actions_missing(audit: StoredAudit) -> tuple[str, str] | None:
    if audit.form is None:
        return None
    message = rules.actions_missing(final(audit.overall), audit.actions)
    return ("overall grade and actions table", message) if message else None


def _timeliness(audit: StoredAudit) -> tuple[str, str] | None:
    if audit.form is None:
        return None
    missed = [s for s in rules.timescales(audit.form) if audit.answers.get(s.question) == "no"]
    if not missed:
        return None
    numbers = [s.question for s in missed]
    where = ("question " if len(numbers) == 1 else "questions ") + _and(numbers)
    names = _and([f"{s.name.lower()} ({s.question})" for s in missed])
    label = "Timescale" if len(missed) == 1 else "Timescales"
    return where, f"{label} the form states not met (answered No): {names}."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


_CHECKS = {
    rules.OVERALL_GRADE_RULE: _overall_grade_rule,
    rules.DRIFT: _drift,
    rules.ACTIONS_MISSING: _actions_missing,
    rules.TIMELINESS: _timeliness,
}


def rule_flags(audits: Iterable[StoredAudit]) -> list[RuleFlag]:
    """Every flag the grading rules raise, audit by audit (in the order given), then by rule."""
    flags = []
    for audit in audits:
        for rule in RULE_ORDER:
            found = _CHECKS[rule](audit)
            if found is not None:
                where, message = found
                flags.append(
                    RuleFlag(
                        rule=rule,
                        case_reference=audit.case_reference,
                        audit_date=audit.audit_date,
                        where=where,
                        message=message,
                        audit_key=audit.key,
                    )
                )
    return flags


def count_flags(flags: Iterable[RuleFlag]) -> dict[str, int]:
    """{rule id: audits flagged}, every rule present (0 when nothing was found), in rule order."""
    counts = dict.fromkeys(RULE_ORDER, 0)
    for flag in flags:
        counts[flag.rule] += 1
    return counts
