"""The guidance's rules on one audit: overall grade, drift, timeliness, actions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit_docs.compute.grading_rules import (
    ACTIONS_MISSING,
    DRIFT,
    OVERALL_GRADE_RULE,
    RULES,
    TIMELINESS,
    TimelinessFigure,
    actions_missing,
    drift,
    overall_grade_anomaly,
    sections_phrase,
    timeliness,
    timescales,
)
from audit_docs.read.formdef import builtin_definitions
from audit_docs.records import Action

DATA = Path(__file__).parent / "data"
RI = "requires_improvement"


def final_grades(name: str) -> dict[str, str | None]:
    """Section number -> the grade after moderation, from a sample form's extract."""
    ratings = json.loads((DATA / name).read_text())["ratings"]
    return {n: r["moderator"] or r["auditor"] for n, r in ratings.items()}


def test_rule_ids_are_stable():
    """Problems are stored and counted by these ids, so they never change."""
    assert list(RULES) == ["overall-grade-rule", "drift", "actions-missing", "timeliness"]
    assert tuple(RULES) == (OVERALL_GRADE_RULE, DRIFT, ACTIONS_MISSING, TIMELINESS)


def test_sections_phrase_lists_in_form_order():
    """Section numbers are listed in the form's order, joined as a sentence reads."""
    assert sections_phrase(["6", "4"]) == "sections 4 and 6"
    assert sections_phrase(["8", "2", "5"]) == "sections 2, 5 and 8"
    assert sections_phrase(["3"]) == "section 3"


# --- overall grade ---------------------------------------------------------------------------


def test_good_overall_with_two_good_sections_is_flagged():
    """The legacy-fields sample is Good overall with only sections 5 and 8 Good or better."""
    grades = final_grades("example-legacy-fields.json")
    overall = grades.pop("1")
    assert overall == "good"
    assert overall_grade_anomaly(overall, grades) == (
        "Overall grade Good, but only 2 sections are Good or better (3 needed): sections 5 and 8."
    )


def test_samples_that_meet_the_rule_are_not_flagged():
    """The other three samples have 3+ sections at their overall grade or better."""
    for name in ("example-content-controls.json", "example-symbols.json", "example-typed.json"):
        grades = final_grades(name)
        assert overall_grade_anomaly(grades.pop("1"), grades) is None, name


def test_no_section_at_the_grade():
    """An overall grade no section reaches says so without listing sections."""
    sections = {str(n): RI for n in range(2, 9)}
    assert overall_grade_anomaly("good", sections) == (
        "Overall grade Good, but no section is Good or better (3 needed)."
    )


def test_outstanding_needs_three_outstanding_sections():
    """For Outstanding only Outstanding sections count, and one section reads in the singular."""
    sections = {"2": "outstanding", "3": "good", "4": "good", "5": "good", "6": "good"}
    assert overall_grade_anomaly("outstanding", sections) == (
        "Overall grade Outstanding, but only 1 section is Outstanding (3 needed): section 2."
    )


def test_outstanding_with_a_weak_section_is_flagged():
    """Three Outstanding sections do not make Outstanding while another is Inadequate or RI."""
    sections = {"2": "outstanding", "3": "outstanding", "4": "outstanding", "5": RI}
    sections |= {"6": "inadequate", "7": RI, "8": "good"}
    assert overall_grade_anomaly("outstanding", sections) == (
        "Overall grade Outstanding, but sections 5 and 7 are Requires Improvement and section 6 "
        "is Inadequate: an audit cannot be Outstanding while any section is Requires Improvement "
        "or Inadequate."
    )


def test_both_outstanding_rules_at_once():
    """When both rules fail, both sentences are given, the count first."""
    sections = {"2": "outstanding", "3": "good", "4": "inadequate"}
    assert overall_grade_anomaly("outstanding", sections) == (
        "Overall grade Outstanding, but only 1 section is Outstanding (3 needed): section 2. "
        "Overall grade Outstanding, but section 4 is Inadequate: an audit cannot be Outstanding "
        "while any section is Requires Improvement or Inadequate."
    )


def test_outstanding_with_good_fourth_section_is_consistent():
    """The guidance's own example: 3+ sections Outstanding and the fourth Good."""
    sections = {"2": "outstanding", "3": "outstanding", "4": "outstanding", "5": "good"}
    assert overall_grade_anomaly("outstanding", sections) is None


def test_ungraded_sections_get_the_benefit_of_the_doubt():
    """Two Good sections and one ungraded could still make three, so nothing is flagged."""
    sections = {"2": "good", "3": "good", "4": None, "5": RI, "6": RI, "7": RI, "8": RI}
    assert overall_grade_anomaly("good", sections) is None


def test_ungraded_sections_are_named_when_still_short():
    """One Good and one ungraded section cannot make three, and the ungraded one is named."""
    sections = {"2": "good", "3": RI, "4": RI, "5": RI, "6": RI, "7": RI, "8": None}
    assert overall_grade_anomaly("good", sections) == (
        "Overall grade Good, but only 1 section is Good or better (3 needed): section 2; "
        "section 8 is not graded."
    )


def test_grading_down_is_left_to_the_auditor():
    """An overall grade worse than the sections would support is not flagged."""
    sections = {str(n): "good" for n in range(2, 9)}
    assert overall_grade_anomaly(RI, sections) is None
    assert overall_grade_anomaly("inadequate", sections) is None


def test_too_little_to_judge():
    """No overall grade, or no section graded, gives nothing to flag."""
    assert overall_grade_anomaly(None, {"2": RI, "3": RI, "4": RI}) is None
    assert overall_grade_anomaly("good", {str(n): None for n in range(2, 9)}) is None
    assert overall_grade_anomaly("good", {}) is None


def test_unknown_grade_key_is_refused():
    """A grade key that is not one of the four is a caller's mistake, named in the error."""
    with pytest.raises(ValueError, match="the grade 'ri' is not one of"):
        overall_grade_anomaly("ri", {"2": "good"})


# --- drift -----------------------------------------------------------------------------------


def test_drift_after_more_than_twelve_months():
    """The content-controls sample has been open 21 months, more than 12."""
    months = json.loads((DATA / "example-content-controls.json").read_text())["header"][
        "months_in_early_help"
    ]
    assert drift(months, None) == (
        "Case open in Early Help for 21 months (more than 12): consider a consultation with an "
        "Early Help social worker about drift."
    )


def test_twelve_months_is_not_drift():
    """Exactly a year is not "more than a year"; 13 months is."""
    assert drift(12) is None
    assert drift(13) == (
        "Case open in Early Help for 13 months (more than 12): consider a consultation with an "
        "Early Help social worker about drift."
    )


def test_three_reviews_is_drift():
    """Three or more reviews flag the case even when the months are not known."""
    assert drift(None, 2) is None
    assert drift(None, 3) == (
        "Case reviewed 3 times (3 or more): consider a consultation with an Early Help social "
        "worker about drift."
    )


def test_both_drift_reasons_are_given():
    """A long case with many reviews names both reasons."""
    assert drift(24, 4) == (
        "Case open in Early Help for 24 months (more than 12) and reviewed 4 times (3 or more): "
        "consider a consultation with an Early Help social worker about drift."
    )


def test_unknown_drift_values_flag_nothing():
    """Nothing known, or both under the thresholds, is not flagged."""
    assert drift(None, None) is None
    assert drift(6, 1) is None


# --- timeliness ------------------------------------------------------------------------------


def test_timeliness_of_the_four_samples():
    """The four sample forms' answers counted per timescale, n/a and unanswered left out."""
    answers = [json.loads(p.read_text())["answers"] for p in sorted(DATA.glob("example-*.json"))]
    assert timeliness(answers) == [
        TimelinessFigure(
            "Help provided in a timely manner",
            "2.2",
            "in a timely manner in line with the practice guidance",
            met=3,
            partly=0,
            not_met=1,
            applicable=4,
            percent=75,
        ),
        TimelinessFigure(
            "TAF meeting in a timely manner",
            "2.4",
            "TAF/professionals meeting in a timely manner, where required",
            met=1,
            partly=0,
            not_met=1,
            applicable=2,
            percent=50,
        ),
        TimelinessFigure(
            "Assessment within 30 days",
            "4.1",
            "assessment completed within 30 days",
            met=1,
            partly=0,
            not_met=2,
            applicable=3,
            percent=33,
        ),
        TimelinessFigure(
            "Review every 6–8 weeks",
            "5.2",
            "review every 6–8 weeks from the original assessment or last review",
            met=2,
            partly=0,
            not_met=0,
            applicable=2,
            percent=100,
        ),
        TimelinessFigure(
            "Visits every 3 weeks",
            "6.1",
            "visits to the family every 3 weeks",
            met=3,
            partly=1,
            not_met=0,
            applicable=4,
            percent=75,
        ),
        TimelinessFigure(
            "Supervision every two months",
            "7.3",
            "case supervision at least every two months",
            met=1,
            partly=2,
            not_met=0,
            applicable=3,
            percent=33,
        ),
    ]


def test_timeliness_percent_rounds_half_up():
    """One met of eight is 12.5 per cent, shown as 13; partly met is not met."""
    audits = [{"4.1": "yes"}, {"4.1": "partially"}] + [{"4.1": "no"}] * 6
    figure = timeliness(audits)[2]
    assert (figure.question, figure.met, figure.partly, figure.not_met) == ("4.1", 1, 1, 6)
    assert (figure.applicable, figure.percent) == (8, 13)


def test_timeliness_with_nothing_applicable():
    """No audits, or only n/a and blanks, give zero counts and no percent."""
    for audits in ([], [{"4.1": "n/a", "2.2": None}]):
        figures = timeliness(audits)
        assert [(f.applicable, f.percent) for f in figures] == [(0, None)] * 6


def test_timeliness_refuses_unconverted_answers():
    """An answer the reader would have converted is a caller's mistake, named in the error."""
    with pytest.raises(ValueError, match=r"question 4\.1: the answer 'Y' is not one of"):
        timeliness([{"4.1": "Y"}])


def test_timescales_are_the_forms_own_questions():
    """Each timescale's question id is a question on the form that states that timescale."""
    form = builtin_definitions()[0]
    texts = {q.id: q.text for q in form.questions()}
    stated = {s.question: texts[s.question] for s in timescales()}
    assert stated == {
        "2.2": "Was the help/ support identified provided in a timely manner in line with the "
        "practice guidance?",
        "2.4": "Was a TAF/Professionals meeting undertaken in a timely manner, where required?",
        "4.1": "Has a timely assessment been completed (30 days)",
        "5.2": "Was the review completed in a timely way (6-8 weeks from original assessment or "
        "last review)",
        "6.1": "Are visits timely to the family? Every 3 weeks",
        "7.3": "Is there evidence of case supervision at least every two months?",
    }


# --- actions ---------------------------------------------------------------------------------


def test_requires_improvement_without_actions():
    """An audit graded Requires Improvement with no actions at all is flagged."""
    assert actions_missing(RI, []) == (
        "Overall grade Requires Improvement, but no actions are recorded: at least one action "
        "saying who will do it and by when is needed."
    )


def test_inadequate_with_incomplete_actions():
    """Actions that lack a who or a when do not count, and the sentence says how many there are."""
    actions = [Action("Invite Dad to the next review", "Oluwaseun / TM", None)]
    assert actions_missing("inadequate", actions) == (
        "Overall grade Inadequate, but the 1 action recorded does not say what will be done, "
        "by whom and by when: at least one action saying who will do it and by when is needed."
    )
    actions.append(Action(None, "Auditor", "17/09/2017"))
    actions.append(Action(None, None, "  "))
    assert actions_missing("inadequate", actions) == (
        "Overall grade Inadequate, but none of the 2 actions recorded says what will be done, "
        "by whom and by when: at least one action saying who will do it and by when is needed."
    )


def test_one_complete_action_is_enough():
    """The content-controls sample is Requires Improvement with one action saying who and when."""
    data = json.loads((DATA / "example-content-controls.json").read_text())
    actions = [Action(**a) for a in data["actions"]]
    assert actions == [
        Action("Obtain signed consent from both parents", "Kieran / TM", "By 07/04/17")
    ]
    assert actions_missing(RI, actions) is None


def test_good_or_ungraded_audits_need_no_actions():
    """Only Requires Improvement and Inadequate audits need an action."""
    assert actions_missing("good", []) is None
    assert actions_missing("outstanding", []) is None
    assert actions_missing(None, []) is None
