"""The figures of the annual QA case audit report, computed from the store's records.

Everything a report says is computed here, once, as typed JSON-ready values (compute/figures.py):
the keys of docs/contracts/report-figures.md plus the tables, rankings and (through
compute/messages.py) the sentences the report shows. The Word template only places them, and
the same figures are written beside the report.

Rules that keep the figures honest: nothing is ranked or headlined on fewer than
``min_graded`` graded audits or applicable cases; the form's sections and the audit log's
practice areas are ranked apart; kappa is quoted only from MIN_PAIRS compared pairs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from audit_docs.compute import messages, summary, voices
from audit_docs.compute.breakdowns import breakdowns
from audit_docs.compute.figures import (
    SCHEMA_VERSION,
    AnnualFigures,
    AnswerCounts,
    AppendixResponse,
    AreaFigures,
    ComparedArea,
    ComparedMeasure,
    ComparedQuestion,
    Comparison,
    FamilyFeedback,
    FeedbackQuestion,
    FormFigures,
    GradeCounts,
    GradedArea,
    GradedRound,
    Moderation,
    Profile,
    ProfileRow,
    QualityChecks,
    Quarter,
    QuestionFigures,
    Ranking,
    RoundOverview,
    SectionAgreement,
    ThematicFigures,
    YearFigures,
)
from audit_docs.compute.forms import FormInfo
from audit_docs.compute.grades import (
    agreement,
    compare,
    count,
    final,
    good_or_better,
    grade_words,
    shown_bands,
)
from audit_docs.compute.periods import FinancialYear, Period, year_named_in
from audit_docs.compute.sections import (
    MIN_GRADED,
    SCHEMES,
    AreaGrades,
    area_grades,
    practice_area_grades,
    standing_out,
    strength_rule,
    strengths,
)
from audit_docs.compute.thematic import (
    MeasureNames,
    ThematicRound,
    named,
    percent,
    series,
    stored_rounds,
)
from audit_docs.records import (
    GRADES,
    FeedbackAnswer,
    FormFeedback,
    QualityCheck,
    Rating,
    StoredAudit,
    ThematicResult,
)

AGE_BANDS = (
    ("Under 1", 0, 0),
    ("1 to 5", 1, 5),
    ("6 to 9", 6, 9),
    ("10 to 14", 10, 14),
    ("15 and over", 15, 200),
)
SERVICE_AREAS = (
    "Early Help",
    "Child in Need",
    "Child Protection",
    "Looked After Child",
    "Adoption and Permanence",
    "Care Leaver",
    "Children with Disabilities",
)
ANSWER_KEYS = ("yes", "partially", "no", "n/a", "unanswered")
#: earlier financial years shown beside this one in the trend table
TREND_YEARS = 3
#: a form with no sections or questions, for a year without any form definition
NO_FORM = FormInfo("", "", {})


@dataclass(frozen=True)
class Inputs:
    """Everything the annual report is computed from (the job gathers it from the store)."""

    year: FinancialYear
    audits: Sequence[StoredAudit]
    #: audits of earlier years, for the comparison (only the most recent TREND_YEARS that
    #: hold audits are used; empty when the store has none)
    earlier: Sequence[StoredAudit]
    thematic: Sequence[ThematicResult]
    checks: Sequence[QualityCheck]
    feedback: Sequence[FeedbackAnswer]
    #: the form definitions, the main form first: its sections and questions are the
    #: figures' top-level tables; every form's are under ``forms``
    forms: Sequence[FormInfo]
    #: feedback question key -> the question as asked
    feedback_questions: dict[str, str] = field(default_factory=dict)
    #: grading-rule flags per audit key, e.g. {"overall-grade-rule": 3, "drift": 5}
    rule_flags: dict[str, int] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    #: financial years the store holds anything for
    years_held: Sequence[FinancialYear] = ()
    #: the threshold for ranking and headlining (a council may set its own)
    min_graded: int = MIN_GRADED
    #: the family feedback written on the year's audit forms (store/queries.form_feedback)
    form_feedback: Sequence[FormFeedback] = ()
    #: the thematic tracker definition's measures: key -> (label, *aliases), so a round's
    #: header variants are matched to the measures of the rounds before it
    thematic_measures: MeasureNames = field(default_factory=dict)


def years_held(
    audit_dates: Iterable[dt.date | None],
    thematic: Iterable[ThematicResult],
    checks: Iterable[QualityCheck],
    feedback: Iterable[FeedbackAnswer],
) -> list[FinancialYear]:
    """Every financial year anything in the store is dated in, oldest first."""
    days = [
        *audit_dates,
        *(r.round_date for r in thematic),
        *(c.date for c in checks),
        *(a.date for a in feedback if not a.from_form),
    ]
    years = {FinancialYear.of(d) for d in days if d is not None}
    years |= {
        y
        for a in feedback
        if not a.from_form and a.date is None and (y := year_named_in(a.source)) is not None
    }
    return sorted(years, key=lambda y: y.first)


def _overall(audit: StoredAudit) -> str | None:
    return final(audit.overall)


def _area_figures(a: AreaGrades, min_graded: int) -> AreaFigures:
    ranked = a.graded >= min_graded and a.percent is not None
    return {
        "scheme": a.scheme,
        "key": a.key,
        "title": a.title,
        "grades": a.grades,
        "good_or_better": a.good_or_better,
        "graded": a.graded,
        "percent": a.percent,
        "not_applicable": a.not_applicable,
        "not_graded": a.grades["not_graded"] if a.scheme == "form-section" else a.not_applicable,
        "ranked": ranked,
        "share_text": messages.share_cell(a.good_or_better, a.graded, ranked),
    }


def _rankings(audits: Sequence[StoredAudit], form: FormInfo, min_graded: int) -> list[Ranking]:
    """One ranking per instrument that graded anything, in SCHEMES order: ``form``'s own
    sections, and the practice areas (the audit log's and those forms declare)."""
    areas = area_grades(audits, form.section_titles, form.id)
    ranked = {
        scheme: (mine, *strengths(mine, min_graded))
        for scheme in SCHEMES
        if (mine := [a for a in areas if a.scheme == scheme])
    }
    # a strength stands above every area for development of the period, of any instrument
    development = [a for _, _, worst in ranked.values() for a in worst]
    return [
        {
            "scheme": scheme,
            "name": SCHEMES[scheme],
            "areas": [_area_figures(a, min_graded) for a in mine],
            "best": [_area_figures(a, min_graded) for a in standing_out(best, development)],
            "weakest": [_area_figures(a, min_graded) for a in worst],
        }
        for scheme, (mine, best, worst) in ranked.items()
    ]


def _scheduled(audits: Sequence[StoredAudit]) -> list[StoredAudit]:
    """The audits of the audit programme: those not part of a thematic round."""
    return [a for a in audits if not a.thematic_round]


def _quarter(audits: Sequence[StoredAudit], q: Period, form: FormInfo, min_graded: int) -> Quarter:
    inside = [a for a in audits if q.holds(a.audit_date)]
    rounds = Counter(a.thematic_round for a in inside if a.thematic_round)
    scheduled = _scheduled(inside)
    rankings = _rankings(scheduled, form, min_graded)
    return {
        "label": q.label,
        "start": q.start.isoformat(),
        "end": q.end.isoformat(),
        "months": q.months,
        "audits": len(inside),
        "moderated": sum(a.moderated for a in inside),
        "grades": count(_overall(a) for a in inside),
        "thematic_rounds": [{"title": t, "audits": n} for t, n in sorted(rounds.items())],
        "scheduled": len(scheduled),
        "scheduled_grades": count(_overall(a) for a in scheduled),
        "scheduled_moderated": sum(a.moderated for a in scheduled),
        "areas_of_strength": [a for r in rankings for a in r["best"]],
        "areas_for_development": [a for r in rankings for a in r["weakest"]],
    }


def _moderation(audits: Sequence[StoredAudit], form: FormInfo, min_graded: int) -> Moderation:
    """The overall grade's moderation over every audit; by section for ``form``'s sections."""
    titles = form.section_titles
    moderated = [a for a in audits if a.moderated]
    outcomes = Counter(compare(a.overall.auditor, a.overall.moderator) for a in moderated)
    overall = agreement((a.overall.auditor, a.overall.moderator) for a in moderated)
    by_area: dict[str, list[tuple[str | None, str | None]]] = {}
    for a in (a for a in moderated if a.form == form.id):
        for number, r in a.sections.items():
            if number in titles:
                by_area.setdefault(number, []).append((r.auditor, r.moderator))
    sections: list[SectionAgreement] = []
    for key, title in titles.items():
        agree = agreement(by_area.get(key, []))
        if agree.n:
            sections.append(
                {
                    "key": key,
                    "title": title,
                    "n": agree.n,
                    "agreed": agree.agreed,
                    "changed": agree.n - agree.agreed,
                    "percent": agree.percent,
                    "kappa": agree.kappa,
                    "kappa_words": agree.kappa_words,
                    "kappa_text": agree.kappa_text,
                }
            )
    pooled = agreement(p for pairs in by_area.values() for p in pairs)
    most_changed = sorted(
        (s for s in sections if s["changed"] and s["n"] >= min_graded),
        key=lambda s: (-s["changed"] / s["n"], s["key"]),
    )[:3]
    return {
        "moderated": len(moderated),
        "agreed": outcomes["agreed"],
        "upgraded": outcomes["upgraded"],
        "downgraded": outcomes["downgraded"],
        "compared": overall.n,
        "exact_agreement": {"agreed": overall.agreed, "n": overall.n, "percent": overall.percent},
        "kappa": overall.kappa,
        "kappa_words": overall.kappa_words,
        "kappa_text": overall.kappa_text,
        "min_pairs": overall.min_pairs,
        "sections_pooled": {
            "n": pooled.n,
            "agreed": pooled.agreed,
            "percent": pooled.percent,
            "kappa": pooled.kappa,
            "kappa_words": pooled.kappa_words,
            "kappa_text": pooled.kappa_text,
        },
        "by_section": sections,
        "most_changed": most_changed,
        "rule_flags": {},
    }


def _answers(
    audits: Sequence[StoredAudit], form: FormInfo, min_graded: int
) -> tuple[AnswerCounts, list[QuestionFigures]]:
    """The contract's answer counts per question of ``form`` (over its audits), and the
    questions weakest first (those that applied to too few cases to rank after the rest)."""
    forms = [a for a in audits if a.form == form.id]
    table: AnswerCounts = {}
    ranked: list[QuestionFigures] = []
    for q in form.questions:
        counts = dict.fromkeys(ANSWER_KEYS, 0)
        for a in forms:
            answer = a.answers.get(q.id)
            counts[answer if answer in counts else "unanswered"] += 1
        table[q.id] = counts
        applicable = counts["yes"] + counts["partially"] + counts["no"]
        good = counts["no"] if q.reverse else counts["yes"]
        enough = applicable >= max(min_graded, 1)
        ranked.append(
            {
                "id": q.id,
                "section": q.section,
                "text": q.text,
                "reverse": q.reverse,
                "advice": q.advice,
                "yes": counts["yes"],
                "partially": counts["partially"],
                "no": counts["no"],
                "na": counts["n/a"],
                "unanswered": counts["unanswered"],
                "applicable": applicable,
                "good": good,
                "percent": percent(good, applicable),
                "ranked": enough,
                "share_text": messages.share_cell(good, applicable, enough),
            }
        )
    ranked.sort(key=lambda r: (not r["ranked"], r["percent"] is None, r["percent"] or 0, r["id"]))
    return table, ranked


def _profile(audits: Sequence[StoredAudit]) -> Profile:
    bands: list[ProfileRow] = [
        {
            "label": label,
            "audits": sum(1 for a in audits if a.child_age is not None and lo <= a.child_age <= hi),
        }
        for label, lo, hi in AGE_BANDS
    ]
    bands.append(
        {"label": "Age not recorded", "audits": sum(1 for a in audits if a.child_age is None)}
    )
    services = Counter(a.service_area or "Not recorded" for a in audits)
    known: list[ProfileRow] = [{"label": s, "audits": services.pop(s, 0)} for s in SERVICE_AREAS]
    others: list[ProfileRow] = [{"label": s, "audits": n} for s, n in sorted(services.items())]
    return {"age_bands": bands, "service_areas": known + others, "total": len(audits)}


def _round(r: ThematicRound, previous: ThematicRound | None, min_graded: int) -> ThematicFigures:
    before = {m.label: m for m in previous.measures} if previous else {}
    measures: list[ComparedMeasure] = []
    for m in r.measures:
        old = before.get(m.label)
        measures.append(
            {
                "label": m.label,
                "evidenced": m.evidenced,
                "applicable": m.applicable,
                "percent": m.percent,
                "previous_evidenced": old.evidenced if old else None,
                "previous_applicable": old.applicable if old else None,
                "previous_percent": old.percent if old else None,
                "change": None
                if old is None or old.percent is None or m.percent is None
                else m.percent - old.percent,
                # a direction only where both rounds applied to at least min_graded cases
                "compared": old is not None
                and min(m.applicable, old.applicable) >= max(min_graded, 1),
            }
        )
    return {
        "title": r.title,
        "date": r.date.isoformat() if r.date else None,
        "cases": r.cases,
        "measures": measures,
        "source": r.source,
        "sheet": r.sheet,
        "previous": previous.to_dict() if previous else None,
        "previous_year": FinancialYear.of(previous.date).short
        if previous and previous.date
        else None,
    }


def _thematic(
    results: Sequence[ThematicResult], year: FinancialYear, names: MeasureNames, least: int
) -> list[ThematicFigures]:
    """The year's rounds, each with the previous round of the same theme, whichever year,
    sheet or workbook holds it; measures matched by the definition's keys and aliases."""
    rounds = [named(r, names) for r in stored_rounds(results)]
    return [
        _round(r, previous, least)
        for r, previous in zip(rounds, series(rounds, names), strict=True)
        if year.holds(r.date)
    ]


def _graded_area(key: str, members: Sequence[StoredAudit]) -> GradedArea:
    """A thematic round's grades for one practice area: the tracker's own "Not recorded" and
    "N/A" values as written, and empty cells apart as blank."""
    ratings = [a.practice_areas.get(key, Rating()) for a in members]
    # the log keeps "n/a" and "not_recorded" where a grade would be
    written: list[str | None] = [r.as_written for r in ratings]
    grades = count(g for g in (final(r) for r in ratings) if g is not None)
    grades.pop("not_graded")
    grades["not_recorded"] = sum(1 for w in written if w == "not_recorded")
    return {
        "key": key,
        "title": key.replace("_", " ").capitalize(),
        "grades": grades,
        "not_applicable": sum(1 for w in written if w == "n/a"),
        "blank": sum(1 for w in written if w is None),
    }


def _overview(
    members: Sequence[StoredAudit], areas: Sequence[GradedArea], min_graded: int
) -> RoundOverview:
    """The round's cases, the share of all its judgements at each grade, and its strongest
    and weakest areas (ranked only from ``min_graded`` graded cases, like the year's)."""
    profile = _profile(members)
    counts: dict[str, int] = {g: sum(a["grades"].get(g, 0) for a in areas) for g in GRADES}
    counts["not_recorded"] = sum(a["grades"].get("not_recorded", 0) for a in areas)
    counts["not_applicable"] = sum(a["not_applicable"] for a in areas)
    total = sum(counts.values())
    ranked = [practice_area_grades(a["key"], a["title"], members) for a in areas]
    best, worst = strengths(ranked, min_graded)
    return {
        "by_age": [r for r in profile["age_bands"] if r["audits"]],
        "by_service": [r for r in profile["service_areas"] if r["audits"]],
        "judgements": total,
        "counts": counts,
        "percents": {k: round(100 * n / total) if total else 0 for k, n in counts.items()},
        "strongest": [_area_figures(a, min_graded) for a in best],
        "weakest": [_area_figures(a, min_graded) for a in worst],
    }


def _graded_rounds(audits: Sequence[StoredAudit], min_graded: int) -> list[GradedRound]:
    """Thematic rounds kept in the audit log (e.g. all Child Protection cases in August)."""
    rounds: dict[str, list[StoredAudit]] = {}
    for a in audits:
        if a.thematic_round:
            rounds.setdefault(a.thematic_round, []).append(a)
    out: list[GradedRound] = []
    for title, members in rounds.items():
        keys = list(dict.fromkeys(k for a in members for k in a.practice_areas))
        areas = [_graded_area(key, members) for key in keys]
        areas = [a for a in areas if a["blank"] < len(members)]
        dates = sorted(a.audit_date for a in members if a.audit_date)
        out.append(
            {
                "overview": _overview(members, areas, min_graded),
                "title": title,
                "audits": len(members),
                "from": dates[0].isoformat() if dates else None,
                "to": dates[-1].isoformat() if dates else None,
                "overall": count(_overall(a) for a in members),
                "areas": areas,
                "blank": sum(a["blank"] for a in areas),
            }
        )
    return out


def _quality_checks(checks: Sequence[QualityCheck], year: FinancialYear) -> QualityChecks:
    inside = [c for c in checks if year.holds(c.date)]
    by_who = Counter(c.completed_by or "Not recorded" for c in inside)
    return {
        "total": len(inside),
        "grades": count(c.grade for c in inside),
        "quarters": [
            {
                "label": q.label,
                "months": q.months,
                "grades": count(c.grade for c in inside if q.holds(c.date)),
            }
            for q in year.quarters
        ],
        "completed_by": [
            {
                "label": who,
                "checks": n,
                "grades": count(
                    c.grade for c in inside if (c.completed_by or "Not recorded") == who
                ),
            }
            for who, n in sorted(by_who.items(), key=lambda x: (-x[1], x[0]))
        ],
    }


_CLOSED = ("always", "sometimes", "never", "yes", "no", "not_sure")


def _feedback(
    answers: Sequence[FeedbackAnswer], year: FinancialYear, labels: dict[str, str]
) -> FamilyFeedback:
    """Feedback tracker responses in the year; an undated response counts in the year its
    workbook's name states (e.g. "family-feedback-2016-17.xlsx")."""
    inside = [
        a
        for a in answers
        if not a.from_form and (year.holds(a.date) if a.date else year_named_in(a.source) == year)
    ]
    responses: dict[tuple[str, str | None, int | None], dict[str, str | None]] = {}
    for a in inside:
        responses.setdefault((a.source, a.sheet, a.row), {})[a.question] = a.answer
    keys = list(dict.fromkeys(a.question for a in inside))
    questions: list[FeedbackQuestion] = []
    for key in keys:
        given = [r.get(key) for r in responses.values()]
        words = Counter(g for g in given if g in _CLOSED)
        written = [g for g in given if g and g not in words]
        if not words:
            continue  # a free-text question: shown in the appendix
        questions.append(
            {
                "key": key,
                "question": labels.get(key, key.replace("_", " ").capitalize()),
                "answers": {k: words[k] for k in _CLOSED if words[k]},
                "other": len(written),
                "blank": sum(1 for g in given if not g),
                "responses": len(given),
            }
        )
    appendix: list[AppendixResponse] = [
        {
            "number": i,
            "answers": [
                {"question": labels.get(k, k), "answer": voices.anonymised(r.get(k))} for k in keys
            ],
        }
        for i, r in enumerate(responses.values(), 1)
    ]
    return {"responses": len(responses), "questions": questions, "appendix": appendix, "keys": keys}


def _year_row(year: FinancialYear, audits: Sequence[StoredAudit]) -> YearFigures:
    good, graded, share = good_or_better(count(_overall(a) for a in audits))
    agree = agreement((a.overall.auditor, a.overall.moderator) for a in audits if a.moderated)
    return {
        "year": year.short,
        "label": year.label,
        "audits": len(audits),
        "moderated": sum(a.moderated for a in audits),
        "graded": graded,
        "good_or_better": good,
        "percent": share,
        "compared": agree.n,
        "agreed": agree.agreed,
        "agreement_percent": agree.percent,
    }


def _earlier_years(
    earlier: Sequence[StoredAudit], year: FinancialYear
) -> list[tuple[FinancialYear, list[StoredAudit]]]:
    """The (up to) TREND_YEARS most recent financial years before ``year`` holding audits."""
    by_year: dict[int, list[StoredAudit]] = {}
    for a in earlier:
        if a.audit_date is not None and a.audit_date < year.start:
            by_year.setdefault(FinancialYear.of(a.audit_date).first, []).append(a)
    firsts = sorted(by_year)[-TREND_YEARS:]
    return [(FinancialYear(f), by_year[f]) for f in firsts]


def annual_figures(inputs: Inputs) -> AnnualFigures:
    year = inputs.year
    least = inputs.min_graded
    audits = [a for a in inputs.audits if year.holds(a.audit_date)]
    main = inputs.forms[0] if inputs.forms else NO_FORM
    # the year's areas are ranked over its scheduled audits; a thematic round's in its round
    rankings = _rankings(_scheduled(audits), main, least)
    answers, ranked = _answers(audits, main, least)
    thematic = _thematic(inputs.thematic, year, inputs.thematic_measures, least)
    graded_rounds = _graded_rounds(audits, least)
    areas = area_grades(audits, main.section_titles, main.id)
    earlier = _earlier_years(inputs.earlier, year)
    figures: AnnualFigures = {
        "schema_version": SCHEMA_VERSION,
        "report": {"title": "Quality Assurance Case Audit Annual Report", "year": year.short},
        "period": {
            "start": year.start.isoformat(),
            "end": year.end.isoformat(),
            "label": year.label,
        },
        "audits": {"total": len(audits), "moderated": sum(a.moderated for a in audits)},
        "quarters": [_quarter(audits, q, main, least) for q in year.quarters],
        "grades": count(_overall(a) for a in audits),
        "sections": {
            a.key: {"title": a.title, "grades": a.grades}
            for a in areas
            if a.scheme == "form-section"
        },
        "areas": [a for r in rankings for a in r["areas"]],
        "rankings": rankings,
        "best_areas": [a for r in rankings for a in r["best"]],
        "weakest_areas": [a for r in rankings for a in r["weakest"]],
        "strength_rule": strength_rule(least),
        "min_graded": least,
        "moderation": _moderation(audits, main, least) | {"rule_flags": dict(inputs.rule_flags)},
        "answers": answers,
        "questions": ranked,
        "forms": {f.id: _form_figures(audits, f, least) for f in inputs.forms},
        "profile": _profile(audits),
        "thematic": thematic,
        "thematic_graded": graded_rounds,
        "quality_checks": _quality_checks(inputs.checks, year),
        "family_feedback": _feedback(inputs.feedback, year, inputs.feedback_questions),
        "sources": dict(inputs.sources)
        | {
            "forms": sum(1 for a in audits if a.form),
            "audit_log_rows": sum(1 for a in audits if "audit-log" in a.origin),
            "thematic_rounds": len(thematic) + len(graded_rounds),
        },
        "years_held": [y.short for y in inputs.years_held],
        "trend": [*(_year_row(y, a) for y, a in earlier), _year_row(year, audits)],
        "previous_year": None,
        "key_messages": [],
        "sentences": messages.EMPTY_SENTENCES,
        "family_feedback_forms": voices.family_feedback(audits, inputs.form_feedback, inputs.forms),
        "practitioner_feedback": voices.practitioner_feedback(audits, inputs.forms),
        "actions": voices.actions(audits, year.end),
        "summary": {"findings": []},
        "next_steps": [],
        **breakdowns(audits, least),
        "grade_words": {},
        "grade_bands": [],
    }
    if earlier:
        last_year, last = earlier[-1]
        _, before_ranked = _answers(last, main, least)
        before_rankings = _rankings(_scheduled(last), main, least)
        figures["previous_year"] = _comparison(
            figures, last_year, last, before_ranked, before_rankings
        )
    figures["grade_words"], figures["grade_bands"] = _grade_scale(figures, audits, inputs.forms)
    figures["strength_rule"] = strength_rule(least, figures["grade_words"], figures["grade_bands"])
    figures["key_messages"] = messages.key_messages(figures)
    said = messages.sentences(figures)
    said["family_forms"] = summary.family_form_lines(
        figures["family_feedback_forms"], figures["family_feedback"]["responses"]
    )
    said["practitioner"] = summary.practitioner_lines(figures["practitioner_feedback"])
    said["actions"] = summary.action_lines(figures["actions"])
    said["notes"] = summary.notes(figures)
    said["moved"] = summary.moved(figures)
    figures["sentences"] = said
    figures["summary"] = summary.summary(figures)
    figures["next_steps"] = summary.next_steps(figures)
    return figures


def _grade_scale(
    f: AnnualFigures, audits: Sequence[StoredAudit], forms: Sequence[FormInfo]
) -> tuple[dict[str, str], list[str]]:
    """The words and columns of the year's grades: from the scales of the forms its audits
    were read from (a form defined but not used this year has no say), with any other grade
    that holds a count in a table of the report."""
    used = {a.form for a in audits}
    scales = [form.grade_scale for form in forms if form.id in used]
    counted: list[GradeCounts] = [
        f["grades"],
        *(s["grades"] for s in f["sections"].values()),
        *(a["grades"] for a in f["areas"]),
        *(g for q in f["quarters"] for g in (q["grades"], q["scheduled_grades"])),
        *(
            g
            for x in f["forms"].values()
            for g in (x["grades"], *(a["grades"] for a in x["areas"]))
        ),
        *(r["overall"] for r in f["thematic_graded"]),
        *(a["grades"] for r in f["thematic_graded"] for a in r["areas"]),
        f["quality_checks"]["grades"],
        *([f["previous_year"]["grades"]] if f["previous_year"] else []),
    ]
    return grade_words(scales), shown_bands(scales, counted)


def _form_figures(audits: Sequence[StoredAudit], form: FormInfo, min_graded: int) -> FormFigures:
    """One form's own tables: its audits' overall grades, its sections with their strengths,
    its questions (the practice areas it declares are with the audit log's)."""
    mine = [a for a in audits if a.form == form.id]
    answers, ranked = _answers(mine, form, min_graded)
    areas = area_grades(mine, form.section_titles, form.id)
    sections = [a for a in areas if a.scheme == "form-section"]
    best, worst = strengths(sections, min_graded)
    return {
        "id": form.id,
        "title": form.title,
        "audits": len(mine),
        "moderated": sum(a.moderated for a in mine),
        "grades": count(_overall(a) for a in mine),
        "sections": {a.key: {"title": a.title, "grades": a.grades} for a in sections},
        "areas": [_area_figures(a, min_graded) for a in sections],
        "best": [_area_figures(a, min_graded) for a in best],
        "weakest": [_area_figures(a, min_graded) for a in worst],
        "answers": answers,
        "questions": ranked,
    }


def _comparison(
    now: AnnualFigures,
    year: FinancialYear,
    audits: Sequence[StoredAudit],
    questions: Sequence[QuestionFigures],
    rankings: Sequence[Ranking],
) -> Comparison:
    """This year against ``year``: only figures ranked (on enough cases) in both years."""
    before_row = _year_row(year, audits)
    this_row = now["trend"][-1]
    old_questions = {q["id"]: q for q in questions if q["ranked"]}
    compared_questions: list[ComparedQuestion] = []
    for q in (q for q in now["questions"] if q["ranked"]):
        old = old_questions.get(q["id"])
        if old and old["percent"] is not None and q["percent"] is not None:
            compared_questions.append(
                {
                    "id": q["id"],
                    "text": q["text"],
                    "good": q["good"],
                    "applicable": q["applicable"],
                    "percent": q["percent"],
                    "previous_good": old["good"],
                    "previous_applicable": old["applicable"],
                    "previous_percent": old["percent"],
                    "change": q["percent"] - old["percent"],
                }
            )
    old_areas = {(a["scheme"], a["key"]): a for r in rankings for a in r["areas"] if a["ranked"]}
    compared_areas: list[ComparedArea] = []
    for a in (a for a in now["areas"] if a["ranked"]):
        was = old_areas.get((a["scheme"], a["key"]))
        if was and was["percent"] is not None and a["percent"] is not None:
            compared_areas.append(
                {
                    "scheme": a["scheme"],
                    "title": a["title"],
                    "good_or_better": a["good_or_better"],
                    "graded": a["graded"],
                    "percent": a["percent"],
                    "previous_good_or_better": was["good_or_better"],
                    "previous_graded": was["graded"],
                    "previous_percent": was["percent"],
                    "change": a["percent"] - was["percent"],
                }
            )
    return {
        "label": year.label,
        "short": year.short,
        "audits": len(audits),
        "grades": count(_overall(a) for a in audits),
        "good_or_better": {"now": this_row["percent"], "before": before_row["percent"]},
        "moderation": {
            "agreement_now": this_row["agreement_percent"],
            "agreement_before": before_row["agreement_percent"],
            "kappa_now": now["moderation"]["kappa"],
            "kappa_before": agreement(
                (a.overall.auditor, a.overall.moderator) for a in audits if a.moderated
            ).kappa,
        },
        "questions": compared_questions[:5],
        "areas": compared_areas,
    }
