"""Sentences and key messages generated from the figures, by rules a reader can check.

Each rule is a small function over the figures dict; thresholds are named constants so a
QA team can see (and change) what makes a message.
"""

from __future__ import annotations

from typing import Any

from audit_docs.compute.grades import GRADE_WORDS
from audit_docs.compute.thematic import percent

#: a question answered Yes (or, for a question about a shortfall, No) in fewer than this
#: share of the cases it applied to is named as weak
WEAK_QUESTION = 60
#: questions need this many applicable cases before a share is quoted as a finding
MIN_APPLICABLE = 3
#: a change of at least this many percentage points is called rising or falling
NOTABLE_CHANGE = 10
MAX_WEAK_QUESTIONS = 5

_ORDER = ("outstanding", "good", "requires_improvement", "inadequate")


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def grade_sentence(grades: dict[str, int], total: int, what: str = "audits completed") -> str:
    """ "Of the 15 audits completed, 1 (7%) was Outstanding, 5 (33%) were Good, ..."."""
    if total == 0:
        return f"No {what}."
    if total == 1:
        what = what.replace("audits", "audit", 1)
    parts = []
    for g in _ORDER:
        n = grades.get(g, 0)
        if n:
            verb = "was" if n == 1 else "were"
            parts.append(f"{n} ({percent(n, total)}%) {verb} {GRADE_WORDS[g]}")
    if grades.get("not_graded"):
        n = grades["not_graded"]
        parts.append(f"{n} {'was' if n == 1 else 'were'} not graded")
    if not parts:
        return f"Of the {total} {what}, none was graded."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    if total == 1:
        return f"The one {what} {listed.split(' ', 2)[-1]}."
    return f"Of the {total} {what}, {listed}."


def _area_sentence(a: dict[str, Any]) -> str:
    grades = ", ".join(f"{a['grades'][g]} {GRADE_WORDS[g]}" for g in _ORDER if a["grades"].get(g))
    extra = (
        f" ({a['not_applicable']} not applicable or not recorded)"
        if a.get("not_applicable")
        else ""
    )
    return (
        f"‘{a['title']}’: {a['good_or_better']} of {a['graded']} graded audits "
        f"({a['percent']}%) were Good or better — {grades}{extra}."
    )


def sentences(f: dict[str, Any]) -> dict[str, Any]:
    """The sentences the report prints, keyed by where they go."""
    quarters = []
    for q in f["quarters"]:
        lines = [grade_sentence(q["grades"], q["audits"])]
        if q["thematic_rounds"]:
            rounds = "; ".join(
                f"{r['title']}: {_n(r['audits'], 'audit', 'audits')}" for r in q["thematic_rounds"]
            )
            lines.append(f"This includes thematic audits ({rounds}).")
            lines.append(grade_sentence(q["scheduled_grades"], q["scheduled"], "scheduled audits"))
        lines.append(
            f"{_n(q['moderated'], 'audit was', 'audits were')} moderated."
            if q["moderated"]
            else "No audits were moderated."
        )
        quarters.append({"label": q["label"], "lines": lines})
    m = f["moderation"]
    moderation = [f"{m['moderated']} of {f['audits']['total']} audits were moderated."]
    if m["compared"]:
        moderation.append(
            f"Of the {m['compared']} moderated audits with both an auditor's and a moderator's "
            f"overall grade, the moderator agreed in {m['agreed']}, upgraded {m['upgraded']} "
            f"and downgraded {m['downgraded']} (exact agreement {m['exact_agreement']['percent']}%)."
        )
        if m["kappa"] is not None:
            moderation.append(
                f"Quadratic-weighted kappa for the overall grade is {m['kappa']:.2f} "
                f"(n={m['compared']}): {m['kappa_words']} agreement beyond chance."
            )
    if m["most_changed"]:
        changed = "; ".join(
            f"‘{s['title']}’ ({s['changed']} of {s['n']})" for s in m["most_changed"]
        )
        moderation.append(f"Moderators most often changed the grade for {changed}.")
    flags = m.get("rule_flags") or {}
    if flags:
        moderation.append(
            f"{_n(flags.get('overall-grade-rule', 0), 'audit has', 'audits have')} an overall "
            "grade that the section grades do not support under the grading guidance "
            "(3 or more sections at that grade or better); these are listed in the "
            "data-quality workbook for discussion, not changed."
        )
        moderation.append(
            f"{_n(flags.get('drift', 0), 'case was', 'cases were')} flagged for drift (open in "
            "Early Help for more than 12 months, or 3 or more reviews)."
        )
    return {
        "quarters": quarters,
        "overall": grade_sentence(f["grades"], f["audits"]["total"]),
        "best_areas": [_area_sentence(a) for a in f["best_areas"]],
        "weakest_areas": [_area_sentence(a) for a in f["weakest_areas"]],
        "moderation": moderation,
    }


def _weak_questions(f: dict[str, Any]) -> list[str]:
    out = []
    for q in f["questions"]:
        if (
            q["percent"] is None
            or q["applicable"] < MIN_APPLICABLE
            or q["percent"] >= WEAK_QUESTION
        ):
            continue
        answer = "No" if q["reverse"] else "Yes"
        out.append(
            f"Question {q['id']} (‘{q['text']}’) was answered {answer} in only {q['good']} of "
            f"{q['applicable']} applicable cases ({q['percent']}%)."
        )
    return out[:MAX_WEAK_QUESTIONS]


def key_messages(f: dict[str, Any]) -> list[str]:
    """Rule-based key messages, most important first."""
    out: list[str] = []
    total = f["audits"]["total"]
    if total == 0:
        return ["No case audits are recorded for this period."]
    g = f["grades"]
    good = g["outstanding"] + g["good"]
    graded = sum(g[k] for k in _ORDER)
    line = f"{good} of {graded} graded audits ({percent(good, graded)}%) were Good or Outstanding"
    prev = f.get("previous_year")
    if prev and prev["good_or_better"]["before"] is not None and percent(good, graded) is not None:
        before = prev["good_or_better"]["before"]
        now = percent(good, graded)
        trend = "up from" if now > before else "down from" if now < before else "the same as"
        line += f", {trend} {before}% in {prev['short']}"
    out.append(line + ".")
    if f["best_areas"]:
        a = f["best_areas"][0]
        out.append(
            f"Strongest area: ‘{a['title']}’ ({a['good_or_better']} of {a['graded']} Good or better, {a['percent']}%)."
        )
    if f["weakest_areas"]:
        a = f["weakest_areas"][0]
        out.append(
            f"Area most in need of development: ‘{a['title']}’ ({a['good_or_better']} of {a['graded']} Good or better, {a['percent']}%)."
        )
    out += _weak_questions(f)
    if prev:
        for a in prev["areas"]:
            if (
                abs(a["change"]) >= NOTABLE_CHANGE
                and min(a["graded"], a["previous_graded"]) >= MIN_APPLICABLE
            ):
                word = "rose" if a["change"] > 0 else "fell"
                out.append(
                    f"Good or better grades for ‘{a['title']}’ {word} from {a['previous_percent']}% "
                    f"to {a['percent']}% since {prev['short']}."
                )
    m = f["moderation"]
    if m["compared"]:
        out.append(
            f"Moderators agreed with the auditor's overall grade in {m['agreed']} of "
            f"{m['compared']} audits ({m['exact_agreement']['percent']}%)"
            + (
                f"; weighted kappa {m['kappa']:.2f} ({m['kappa_words']})."
                if m["kappa"] is not None
                else "."
            )
        )
    for r in f["thematic"]:
        for meas in r["measures"]:
            if meas.get("change") is not None and abs(meas["change"]) >= NOTABLE_CHANGE:
                word = "rose" if meas["change"] > 0 else "fell"
                out.append(
                    f"{r['title'] or 'Thematic audit'}: ‘{meas['label']}’ {word} from "
                    f"{meas['previous_percent']}% to {meas['percent']}% "
                    f"({meas['evidenced']}/{meas['applicable']})."
                )
    return out
