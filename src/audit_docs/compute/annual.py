"""The figures of the annual QA case audit report, computed from the store's records.

Everything a report says is computed here, once, as plain JSON-ready values: the keys of
docs/contracts/report-figures.md plus the tables, rankings and sentences the report shows.
The Word template only places them, and the same dict is written beside the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from audit_docs.compute import messages
from audit_docs.compute.grades import GRADE_KEYS, agreement, compare, count, final
from audit_docs.compute.periods import FinancialYear, Period, year_named_in
from audit_docs.compute.sections import RULE, AreaGrades, area_grades, strengths
from audit_docs.compute.thematic import ThematicRound, percent, stored_rounds
from audit_docs.records import (
    FeedbackAnswer,
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


@dataclass(frozen=True)
class Question:
    """What the computations need of a form question."""

    id: str
    text: str
    section: str
    reverse: bool = False
    advice: str | None = None


@dataclass(frozen=True)
class Inputs:
    """Everything the annual report is computed from (the job gathers it from the store)."""

    year: FinancialYear
    audits: Sequence[StoredAudit]
    #: the year before, for comparison (empty when the store has none)
    previous: Sequence[StoredAudit]
    thematic: Sequence[ThematicResult]
    checks: Sequence[QualityCheck]
    feedback: Sequence[FeedbackAnswer]
    #: rated form sections "2".."8" -> title (section 1 is the overall grade)
    section_titles: dict[str, str]
    questions: Sequence[Question]
    #: feedback question key -> the question as asked
    feedback_questions: dict[str, str] = field(default_factory=dict)
    #: grading-rule flags per audit key, e.g. {"overall-grade-rule": 3, "drift": 5}
    rule_flags: dict[str, int] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)


def _overall(audit: StoredAudit) -> str | None:
    return final(audit.overall)


def _quarter(audits: Sequence[StoredAudit], q: Period) -> dict[str, Any]:
    inside = [a for a in audits if q.holds(a.audit_date)]
    grades = count(_overall(a) for a in inside)
    rounds = Counter(a.thematic_round for a in inside if a.thematic_round)
    scheduled = [a for a in inside if not a.thematic_round]
    return {
        "label": q.label,
        "start": q.start.isoformat(),
        "end": q.end.isoformat(),
        "months": q.months,
        "audits": len(inside),
        "moderated": sum(a.moderated for a in inside),
        "grades": grades,
        "thematic_rounds": [{"title": t, "audits": n} for t, n in sorted(rounds.items())],
        "scheduled": len(scheduled),
        "scheduled_grades": count(_overall(a) for a in scheduled),
        "scheduled_moderated": sum(a.moderated for a in scheduled),
    }


def _strength_lists(audits: Sequence[StoredAudit], titles: dict[str, str]) -> dict[str, Any]:
    best, worst = strengths(area_grades(audits, titles))
    return {
        "areas_of_strength": [a.to_dict() for a in best],
        "areas_for_development": [a.to_dict() for a in worst],
    }


def _moderation(audits: Sequence[StoredAudit], titles: dict[str, str]) -> dict[str, Any]:
    moderated = [a for a in audits if a.moderated]
    outcomes = Counter(compare(a.overall.auditor, a.overall.moderator) for a in moderated)
    overall = agreement((a.overall.auditor, a.overall.moderator) for a in moderated)
    by_area: dict[str, list[tuple[str | None, str | None]]] = {}
    area_titles: dict[str, str] = {}
    for a in moderated:
        for number, r in a.sections.items():
            if number in titles:
                by_area.setdefault(number, []).append((r.auditor, r.moderator))
                area_titles[number] = titles[number]
    sections = []
    for key, pairs in by_area.items():
        agree = agreement(pairs)
        if agree.n:
            sections.append(
                {
                    "key": key,
                    "title": area_titles[key],
                    "n": agree.n,
                    "agreed": agree.agreed,
                    "changed": agree.n - agree.agreed,
                    "percent": agree.percent,
                    "kappa": agree.kappa,
                    "kappa_words": agree.kappa_words,
                }
            )
    pooled = agreement(p for pairs in by_area.values() for p in pairs)
    most_changed = sorted(
        (s for s in sections if s["changed"]), key=lambda s: (-s["changed"] / s["n"], s["key"])
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
        "sections_pooled": {
            "n": pooled.n,
            "agreed": pooled.agreed,
            "percent": pooled.percent,
            "kappa": pooled.kappa,
            "kappa_words": pooled.kappa_words,
        },
        "by_section": sections,
        "most_changed": most_changed,
    }


def _answers(audits: Sequence[StoredAudit], questions: Sequence[Question]) -> tuple[dict, list]:
    forms = [a for a in audits if a.form]
    table: dict[str, dict[str, int]] = {}
    ranked = []
    for q in questions:
        counts = dict.fromkeys(ANSWER_KEYS, 0)
        for a in forms:
            if q.id in a.answers:
                answer = a.answers[q.id]
                counts[answer if answer in counts else "unanswered"] += 1
        table[q.id] = counts
        applicable = counts["yes"] + counts["partially"] + counts["no"]
        good = counts["no"] if q.reverse else counts["yes"]
        ranked.append(
            {
                "id": q.id,
                "section": q.section,
                "text": q.text,
                "reverse": q.reverse,
                "advice": q.advice,
                **{k.replace("/", ""): v for k, v in counts.items()},
                "applicable": applicable,
                "good": good,
                "percent": percent(good, applicable),
            }
        )
    ranked.sort(key=lambda r: (r["percent"] is None, r["percent"] or 0, r["id"]))
    return table, ranked


def _profile(audits: Sequence[StoredAudit]) -> dict[str, Any]:
    bands = [
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
    known = [{"label": s, "audits": services.pop(s, 0)} for s in SERVICE_AREAS]
    others = [{"label": s, "audits": n} for s, n in sorted(services.items())]
    return {"age_bands": bands, "service_areas": known + others, "total": len(audits)}


def _round_dict(r: ThematicRound, previous: ThematicRound | None) -> dict[str, Any]:
    d = r.to_dict()
    d["source"] = r.source
    d["sheet"] = r.sheet
    d["previous"] = None
    if previous is not None:
        d["previous"] = previous.to_dict()
        before = {m.label: m for m in previous.measures}
        for m in d["measures"]:
            old = before.get(m["label"])
            m["previous_percent"] = old.percent if old else None
            m["change"] = (
                None
                if old is None or old.percent is None or m["percent"] is None
                else m["percent"] - old.percent
            )
    return d


def _thematic(results: Sequence[ThematicResult], year: FinancialYear) -> list[dict[str, Any]]:
    rounds = stored_rounds(results)
    out = []
    for i, r in enumerate(rounds):
        if not year.holds(r.date):
            continue
        theme = r.title or ""
        earlier = [p for p in rounds[:i] if (p.title or "") == theme and p.date != r.date]
        out.append(_round_dict(r, earlier[-1] if earlier else None))
    return out


def _graded_rounds(audits: Sequence[StoredAudit]) -> list[dict[str, Any]]:
    """Thematic rounds kept in the audit log (e.g. all Child Protection cases in August)."""
    rounds: dict[str, list[StoredAudit]] = {}
    for a in audits:
        if a.thematic_round:
            rounds.setdefault(a.thematic_round, []).append(a)
    out = []
    for title, members in rounds.items():
        keys = list(dict.fromkeys(k for a in members for k in a.practice_areas))
        areas = []
        for key in keys:
            finals = [final(a.practice_areas.get(key, Rating())) for a in members]
            grades = count(finals)
            grades["not_recorded"] = grades.pop("not_graded")
            if sum(grades.values()) and grades["not_recorded"] < len(members):
                areas.append(
                    {"key": key, "title": key.replace("_", " ").capitalize(), "grades": grades}
                )
        dates = sorted(a.audit_date for a in members if a.audit_date)
        out.append(
            {
                "title": title,
                "audits": len(members),
                "from": dates[0].isoformat() if dates else None,
                "to": dates[-1].isoformat() if dates else None,
                "overall": count(_overall(a) for a in members),
                "areas": areas,
            }
        )
    return out


def _quality_checks(checks: Sequence[QualityCheck], year: FinancialYear) -> dict[str, Any]:
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


def _feedback(
    answers: Sequence[FeedbackAnswer], year: FinancialYear, labels: dict[str, str]
) -> dict[str, Any]:
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
    questions = []
    for key in keys:
        given = [r.get(key) for r in responses.values()]
        words = Counter(
            g for g in given if g in ("always", "sometimes", "never", "yes", "no", "not_sure")
        )
        written = [g for g in given if g and g not in words]
        closed = sum(words.values())
        if closed == 0:
            continue  # a free-text question: shown in the appendix
        questions.append(
            {
                "key": key,
                "question": labels.get(key, key.replace("_", " ").capitalize()),
                "answers": dict(words),
                "other": len(written),
                "blank": sum(1 for g in given if not g),
                "responses": len(given),
            }
        )
    appendix = [
        {"number": i, "answers": [{"question": labels.get(k, k), "answer": r.get(k)} for k in keys]}
        for i, r in enumerate(responses.values(), 1)
    ]
    return {"responses": len(responses), "questions": questions, "appendix": appendix, "keys": keys}


def _year_summary(
    audits: Sequence[StoredAudit], questions: Sequence[Question], titles: dict[str, str]
) -> dict[str, Any]:
    grades = count(_overall(a) for a in audits)
    _, ranked = _answers(audits, questions)
    areas = {a.key: a.to_dict() for a in area_grades(audits, titles)}
    return {
        "audits": len(audits),
        "grades": grades,
        "moderation": _moderation(audits, titles),
        "questions": {r["id"]: r for r in ranked},
        "areas": areas,
    }


def annual_figures(inputs: Inputs) -> dict[str, Any]:
    year = inputs.year
    audits = [a for a in inputs.audits if year.holds(a.audit_date)]
    titles = inputs.section_titles
    quarters = []
    for q in year.quarters:
        figures = _quarter(audits, q)
        in_q = [a for a in audits if q.holds(a.audit_date) and not a.thematic_round]
        figures |= _strength_lists(in_q, titles)
        quarters.append(figures)
    areas: list[AreaGrades] = area_grades(audits, titles)
    best, worst = strengths(areas)
    answers, ranked = _answers(audits, inputs.questions)
    figures: dict[str, Any] = {
        "report": {"title": "Quality Assurance Case Audit Annual Report", "year": year.short},
        "period": {
            "start": year.start.isoformat(),
            "end": year.end.isoformat(),
            "label": year.label,
        },
        "audits": {"total": len(audits), "moderated": sum(a.moderated for a in audits)},
        "quarters": quarters,
        "grades": count(_overall(a) for a in audits),
        "sections": {
            a.key: {"title": a.title, "grades": a.grades | {"not_graded": 0}}
            for a in areas
            if a.scheme == "form-section" and a.key != "1"
        },
        "areas": [a.to_dict() for a in areas if a.key != "1"],
        "best_areas": [a.to_dict() for a in best],
        "weakest_areas": [a.to_dict() for a in worst],
        "strength_rule": RULE,
        "moderation": _moderation(audits, titles) | {"rule_flags": dict(inputs.rule_flags)},
        "answers": answers,
        "questions": ranked,
        "profile": _profile(audits),
        "thematic": _thematic(inputs.thematic, year),
        "thematic_graded": _graded_rounds(audits),
        "quality_checks": _quality_checks(inputs.checks, year),
        "family_feedback": _feedback(inputs.feedback, year, inputs.feedback_questions),
        "sources": dict(inputs.sources)
        | {
            "forms": sum(1 for a in audits if a.form),
            "audit_log_rows": sum(1 for a in audits if "audit-log" in a.origin),
        },
    }
    previous = [a for a in inputs.previous if year.previous.holds(a.audit_date)]
    figures["previous_year"] = (
        _comparison(figures, _year_summary(previous, inputs.questions, titles), year.previous)
        if previous
        else None
    )
    figures["key_messages"] = messages.key_messages(figures)
    figures["sentences"] = messages.sentences(figures)
    return figures


def _comparison(now: dict[str, Any], before: dict[str, Any], year: FinancialYear) -> dict[str, Any]:
    def share(grades: dict[str, int]) -> int | None:
        graded = sum(grades[g] for g in GRADE_KEYS[:4])
        return percent(grades["outstanding"] + grades["good"], graded)

    this_share, last_share = share(now["grades"]), share(before["grades"])
    questions = []
    for q in now["questions"][:5]:
        old = before["questions"].get(q["id"])
        if old and old["percent"] is not None and q["percent"] is not None:
            questions.append(
                {
                    "id": q["id"],
                    "text": q["text"],
                    "percent": q["percent"],
                    "previous_percent": old["percent"],
                    "change": q["percent"] - old["percent"],
                }
            )
    areas = []
    for a in now["areas"]:
        old = before["areas"].get(a["key"])
        if old and old["percent"] is not None and a["percent"] is not None:
            areas.append(
                {
                    "title": a["title"],
                    "percent": a["percent"],
                    "previous_percent": old["percent"],
                    "change": a["percent"] - old["percent"],
                }
            )
    return {
        "label": year.label,
        "short": year.short,
        "audits": before["audits"],
        "grades": before["grades"],
        "good_or_better": {"now": this_share, "before": last_share},
        "moderation": {
            "agreement_now": now["moderation"]["exact_agreement"]["percent"],
            "agreement_before": before["moderation"]["exact_agreement"]["percent"],
            "kappa_now": now["moderation"]["kappa"],
            "kappa_before": before["moderation"]["kappa"],
        },
        "questions": questions,
        "areas": areas,
    }
