"""The grading rules applied to stored audits, from worked examples."""

from __future__ import annotations

import datetime as dt

from audit_docs.compute.rule_flags import RuleFlag, count_flags, rule_flags
from audit_docs.records import Rating
from tests.builders.audits import stored_audit

MODERATED_UP = Rating("good", "outstanding")


def test_a_consistent_audit_raises_no_flag() -> None:
    """Good overall and Good in every section, 6 months open, no timescale missed: no flag."""
    assert rule_flags([stored_audit(answers={"4.1": "yes", "6.1": "n/a"})]) == []


def test_outstanding_overall_with_two_outstanding_sections_and_one_weak_is_flagged() -> None:
    """The moderator's Outstanding is checked against final section grades: both rules' reasons."""
    audit = stored_audit(
        overall=MODERATED_UP,
        sections={"2": "outstanding", "3": "outstanding", "4": "good"}
        | {"5": "requires_improvement", "6": "good", "7": "good", "8": "good"},
    )
    assert rule_flags([audit]) == [
        RuleFlag(
            rule="overall-grade-rule",
            case_reference="H100001",
            audit_date=dt.date(2016, 5, 12),
            where="overall grade and section grades",
            message=(
                "Overall grade Outstanding, but only 2 sections are Outstanding (3 needed): "
                "sections 2 and 3. Overall grade Outstanding, but section 5 is Requires "
                "Improvement: an audit cannot be Outstanding while any section is Requires "
                "Improvement or Inadequate."
            ),
            audit_key="h100001|2016-05-12",
        )
    ]


def test_a_moderated_section_grade_is_the_one_compared() -> None:
    """Sections the auditor graded Good but the moderator Outstanding support Outstanding."""
    up = Rating("good", "outstanding")
    audit = stored_audit(
        overall="outstanding", sections={"2": up, "3": up, "4": up} | dict.fromkeys("5678", "good")
    )
    assert rule_flags([audit]) == []


def test_a_case_open_fourteen_months_is_flagged_for_drift() -> None:
    """More than 12 months in Early Help: the drift sentence of the Shropshire guidance."""
    (flag,) = rule_flags([stored_audit(months_in_early_help=14)])
    assert (flag.rule, flag.where, flag.message) == (
        "drift",
        "length of time case in Early Help",
        "Case open in Early Help for 14 months (more than 12): consider a consultation with "
        "an Early Help social worker about drift.",
    )


def test_twelve_months_is_not_drift() -> None:
    """Exactly 12 months is not more than a year."""
    assert rule_flags([stored_audit(months_in_early_help=12)]) == []


def test_requires_improvement_after_moderation_needs_an_action_with_who_and_when() -> None:
    """The final grade is the moderator's; an action without who and when does not count."""
    audit = stored_audit(
        overall=Rating("good", "requires_improvement"),
        actions=[("Invite Dad to the review", "", "")],
    )
    (flag,) = rule_flags([audit])
    assert (flag.rule, flag.message) == (
        "actions-missing",
        "Overall grade Requires Improvement, but the 1 action recorded does not say what will "
        "be done, by whom and by when: at least one action saying who will do it and by when "
        "is needed.",
    )
    done = stored_audit(
        overall=Rating("good", "requires_improvement"),
        actions=[("Invite Dad to the review", "Jo", "By 01/06/16")],
    )
    assert rule_flags([done]) == []


def test_an_audit_log_row_is_not_flagged_for_missing_actions() -> None:
    """The audit log has no actions column, so a log row graded Inadequate is not flagged."""
    row = stored_audit(origin="audit-log", form=None, overall="inadequate", sections={})
    assert rule_flags([row]) == []


def test_timescales_answered_no_make_one_flag_naming_each() -> None:
    """4.1 and 6.1 answered No are one flag; 7.3 answered Partially is not flagged."""
    audit = stored_audit(answers={"4.1": "no", "6.1": "no", "7.3": "partially", "2.2": "yes"})
    (flag,) = rule_flags([audit])
    assert (flag.rule, flag.where, flag.message) == (
        "timeliness",
        "questions 4.1 and 6.1",
        "Timescales the form states not met (answered No): assessment within 30 days (4.1) "
        "and visits every 3 weeks (6.1).",
    )


def test_flags_come_audit_by_audit_in_rule_order_and_are_counted() -> None:
    """Two audits: the first drifts and misses a timescale, the second breaks the overall rule."""
    first = stored_audit(months_in_early_help=20, answers={"5.2": "no"})
    second = stored_audit(
        key="h100002|2016-06-01",
        case_reference="H100002",
        overall="good",
        sections=dict.fromkeys("2345678", "requires_improvement"),
    )
    flags = rule_flags([first, second])
    assert [(f.case_reference, f.rule) for f in flags] == [
        ("H100001", "drift"),
        ("H100001", "timeliness"),
        ("H100002", "overall-grade-rule"),
    ]
    assert count_flags(flags) == {
        "overall-grade-rule": 1,
        "drift": 1,
        "actions-missing": 0,
        "timeliness": 1,
    }
