"""Every sentence the annual report prints, and its key messages, made from the figures.

Each sentence is made here and nowhere else (the Word template and render/annual_docx.py only
place them), by rules a reader can check: every percentage stands beside its n and N
("4 of 7, 57%"), counts in a sentence add up to the total it states, nothing is ranked or
headlined on fewer than the figures' ``min_graded`` cases, and every key message names the
audits it rests on ("from 3 audit forms"). Thresholds are named constants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from audit_docs.compute.figures import (
    AnnualFigures,
    AreaFigures,
    Comparison,
    FeedbackQuestion,
    GradedRound,
    Ranking,
    RoundOverview,
    Sentences,
    ThematicFigures,
)
from audit_docs.compute.grades import (
    GRADE_WORDS,
    good_or_outstanding,
    or_better,
)
from audit_docs.compute.periods import day_words
from audit_docs.compute.thematic import percent
from audit_docs.words import plural

#: a question answered Yes (or, for a question about a shortfall, No) in fewer than this
#: share of the cases it applied to is named as weak
WEAK_QUESTION = 60
#: a change of at least this many percentage points is called rising or falling
NOTABLE_CHANGE = 10
MAX_WEAK_QUESTIONS = 5

_ORDER = ("outstanding", "good", "requires_improvement", "inadequate")
#: a closed answer's stored value -> its words (never print the value itself: not_sure)
ANSWER_WORDS = {
    "always": "always",
    "sometimes": "sometimes",
    "never": "never",
    "yes": "yes",
    "no": "no",
    "not_sure": "not sure",
}

EMPTY_SENTENCES: Sentences = {
    "introduction": [],
    "quarters": [],
    "overall": "",
    "rankings": {},
    "moderation": [],
    "thematic": [],
    "thematic_graded": [],
    "thematic_overview": [],
    "quality_checks": "",
    "feedback": "",
    "feedback_lines": [],
    "comparison": [],
    "family_forms": [],
    "practitioner": [],
    "actions": [],
    "notes": {},
    "moved": {},
}


# --- words ------------------------------------------------------------------------------------


def pct(value: int | None) -> str:
    return "n/a" if value is None else f"{value}%"


def share(n: int, total: int, what: str = "") -> str:
    """ "4 of 7 (57%)", "4 of 7 graded audits (57%)": a percentage always with its n and N
    (the one form every sentence uses, so a reader, and a test, can check it)."""
    words = f" {what}" if what else ""
    return f"{n} of {total}{words} ({pct(percent(n, total))})"


def share_cell(n: int, total: int, ranked: bool) -> str:
    """A table cell: "4/7 (57%)", marked when its base is too small to rank."""
    cell = f"{n}/{total} ({pct(percent(n, total))})"
    return cell if ranked or not total else f"{cell}, too few to rank"


def listed(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def rounding_note(percents: Sequence[int | None]) -> str:
    """The footnote a set of shares that should make 100% needs when rounding moved it."""
    shown = [p for p in percents if p is not None]
    total = sum(shown)
    if not shown or total == 100:
        return ""
    return f" (Percentages are rounded, so they add up to {total}%.)"


def _when(text: str | None) -> str:
    return day_words(dt.date.fromisoformat(text)) if text else ""


def month_words(text: str | None) -> str:
    """ "August 2016" for a round's date, "" for none."""
    return dt.date.fromisoformat(text).strftime("%B %Y") if text else ""


# --- grade breakdowns -------------------------------------------------------------------------


def grade_sentence(
    grades: dict[str, int],
    total: int,
    what: str = "audits completed",
    words: Mapping[str, str] = GRADE_WORDS,
) -> str:
    """ "Of the 15 audits completed, 1 (7%) was Outstanding, 5 (33%) were Good, ..."; the
    shares are of ``total``, so audits without a grade are counted (and named) too; ``words``
    are the grades' printed words (a council's own, from ``grades.grade_words``)."""
    if total == 0:
        return f"No {what}."
    if total == 1:
        what = what.replace("audits", "audit", 1)
    parts, shares = [], []
    for g in (*_ORDER, "not_graded"):
        n = grades.get(g, 0)
        if n:
            verb = "was" if n == 1 else "were"
            word = "not graded" if g == "not_graded" else words[g]
            shares.append(percent(n, total))
            parts.append(f"{n} ({pct(percent(n, total))}) {verb} {word}")
    if not parts:
        return f"Of the {total} {what}, none was graded."
    if total == 1:
        return f"The one {what} {parts[0].split(' ', 2)[-1]}."
    return f"Of the {total} {what}, {listed(parts)}.{rounding_note(shares)}"


def _area_sentence(a: AreaFigures, words: Mapping[str, str]) -> str:
    grades = ", ".join(f"{a['grades'][g]} {words[g]}" for g in _ORDER if a["grades"].get(g))
    extra = (
        f" ({a['not_applicable']} not applicable or not recorded)" if a["not_applicable"] else ""
    )
    return (
        f"‘{a['title']}’: {a['good_or_better']} of {a['graded']} graded audits "
        f"({pct(a['percent'])}) were {or_better(words)} — {grades}{extra}."
    )


def ranking_sentences(
    r: Ranking, min_graded: int, words: Mapping[str, str] = GRADE_WORDS
) -> list[str]:
    """The best and weakest of one instrument, or why none is named."""
    if not r["best"] and not r["weakest"]:
        return [
            f"No strengths or areas for development are named among the {r['name']}: "
            f"none was graded on at least {min_graded} audits."
            if not any(a["ranked"] for a in r["areas"])
            else f"The {r['name']} graded on at least {min_graded} audits all scored the same."
        ]
    lines = (
        [f"Best judgements among the {r['name']}:"]
        if r["best"]
        else [no_strength(r["name"], words)]
    )
    lines += [_area_sentence(a, words) for a in r["best"]]
    if r["weakest"]:
        lines.append(f"The {r['name']} which scored less well:")
        lines += [_area_sentence(a, words) for a in r["weakest"]]
    return lines


def no_strength(where: str, words: Mapping[str, str] = GRADE_WORDS) -> str:
    """The one sentence for a period (or instrument) where nothing qualifies as a strength."""
    return (
        f"No area stands out as a strength among the {where}: none has at least half of its "
        f"graded audits {or_better(words)} and a higher share than every area for development."
    )


def area_phrase(a: AreaFigures, words: Mapping[str, str] = GRADE_WORDS) -> str:
    """A quarter's strength or area for development: its title, instrument and base."""
    where = "audit form" if a["scheme"] == "form-section" else "practice area"
    said = share(a["good_or_better"], a["graded"])
    return f"{a['title']} ({where}): {or_better(words)} in {said}"


# --- sections of the report -------------------------------------------------------------------


def _introduction(f: AnnualFigures) -> list[str]:
    total, moderated = f["audits"]["total"], f["audits"]["moderated"]
    s = f["sources"]
    lines = [
        (
            f"{plural(total, 'case audit was', 'case audits were')} completed in the year and "
            f"{moderated} of them {'was' if moderated == 1 else 'were'} moderated."
        )
        if total
        else "No case audits are recorded for this year; the report shows what the store holds."
    ]
    parts = [
        plural(s["forms"], "audit form", "audit forms"),
        plural(s["audit_log_rows"], "audit log entry", "audit log entries"),
        plural(s["thematic_rounds"], "thematic audit round", "thematic audit rounds"),
        plural(
            f["quality_checks"]["total"],
            "quality check of an Early Help Assessment",
            "quality checks of Early Help Assessments",
        ),
        plural(
            f["family_feedback"]["responses"],
            "family feedback response",
            "family feedback responses",
        ),
    ]
    lines.append(f"Sources: {listed(parts)}.")
    undated = s.get("undated_forms", 0)
    if undated:
        lines.append(
            f"{plural(undated, 'audit form', 'audit forms')} could not be placed in a year "
            f"because {'its' if undated == 1 else 'their'} audit date is missing or unreadable; "
            f"{'it is' if undated == 1 else 'they are'} listed in the data-quality workbook."
        )
    return lines


def _quarter_lines(f: AnnualFigures) -> list[list[str]]:
    out = []
    for q in f["quarters"]:
        lines = [grade_sentence(q["grades"], q["audits"], words=f["grade_words"])]
        if q["thematic_rounds"]:
            rounds = "; ".join(
                f"{r['title']}: {plural(r['audits'], 'audit', 'audits')}"
                for r in q["thematic_rounds"]
            )
            lines.append(f"This includes thematic audits ({rounds}).")
            lines.append(
                grade_sentence(
                    q["scheduled_grades"], q["scheduled"], "scheduled audits", f["grade_words"]
                )
            )
        lines.append(
            f"{plural(q['moderated'], 'audit was', 'audits were')} moderated."
            if q["moderated"]
            else "No audits were moderated."
        )
        if q["areas_for_development"] and not q["areas_of_strength"]:
            lines.append(no_strength(f"areas graded in {q['label']}", f["grade_words"]))
        out.append(lines)
    return out


def _moderation_lines(f: AnnualFigures) -> list[str]:
    m = f["moderation"]
    total = f["audits"]["total"]
    lines = [f"{m['moderated']} of {plural(total, 'audit was', 'audits were')} moderated."]
    if m["compared"]:
        lines.append(
            f"Of the {plural(m['compared'], 'moderated audit', 'moderated audits')} with both an "
            f"auditor's and a moderator's overall grade, the moderator agreed in {m['agreed']}, "
            f"upgraded {m['upgraded']} and downgraded {m['downgraded']}: exact agreement in "
            f"{share(m['agreed'], m['compared'])}."
        )
        if m["kappa"] is not None:
            lines.append(
                f"Quadratic-weighted kappa for the overall grade is {m['kappa']:.2f} "
                f"(n = {m['compared']}): {m['kappa_words']} agreement beyond chance."
            )
        else:
            lines.append(f"Weighted kappa for the overall grade: {m['kappa_text']}.")
    if m["most_changed"]:
        changed = "; ".join(
            f"‘{s['title']}’ ({share(s['changed'], s['n'], 'changed')})" for s in m["most_changed"]
        )
        lines.append(f"Moderators most often changed the grade for {changed}.")
    flags = m["rule_flags"]
    if flags:
        lines.append(
            f"{plural(flags.get('overall-grade-rule', 0), 'audit has', 'audits have')} an overall "
            "grade that the section grades do not support under the grading guidance "
            "(3 or more sections at that grade or better); these are listed in the "
            "data-quality workbook for discussion, not changed."
        )
        lines.append(
            f"{plural(flags.get('drift', 0), 'case was', 'cases were')} flagged for drift (open in "
            "Early Help for more than 12 months, or 3 or more reviews)."
        )
    return lines


def thematic_summary(r: ThematicFigures) -> str:
    audited = f"{plural(r['cases'], 'case was', 'cases were')} audited"
    if r["previous"] is None:
        return f"{audited}; this is the first round of this theme the store holds."
    before = month_words(r["previous"]["date"]) or "an undated round"
    return (
        f"{audited}; each measure is compared with the previous round of this theme "
        f"({before}, {plural(r['previous']['cases'], 'case', 'cases')})."
    )


def graded_round_summary(
    r: GradedRound, words: Mapping[str, str] = GRADE_WORDS, bands: Sequence[str] = _ORDER
) -> str:
    when = ""
    if r["from"] and r["to"]:
        when = (
            f" on {_when(r['from'])}"
            if r["from"] == r["to"]
            else f" between {_when(r['from'])} and {_when(r['to'])}"
        )
    overall = [f"{r['overall'][g]} {words[g]}" for g in bands]
    if r["overall"].get("not_graded"):
        overall.append(f"{r['overall']['not_graded']} not graded")
    blank = ""
    if r["blank"]:
        verb = "is" if r["blank"] == 1 else "are"
        blank = (
            f" {plural(r['blank'], 'cell was', 'cells were')} left blank in the tracker and "
            f"{verb} not counted in the table."
        )
    return (
        f"{plural(r['audits'], 'case was', 'cases were')} audited{when}. Overall judgement: "
        f"{listed(overall)}.{blank}"
    )


def overview_lines(
    o: RoundOverview,
    min_graded: int,
    words: Mapping[str, str] = GRADE_WORDS,
    bands: Sequence[str] = _ORDER,
) -> list[str]:
    """A graded round at a glance: the share of all its judgements at each grade, then its
    strongest and weakest areas with their n (ranked only from ``min_graded`` cases)."""
    if not o["judgements"]:
        return []
    c, p = o["counts"], o["percents"]
    parts = [f"{p[g]}% {words[g]} ({c[g]})" for g in bands]
    extra = [
        f"{p[k]}% {word} ({c[k]})"
        for k, word in (("not_recorded", "not recorded"), ("not_applicable", "not applicable"))
        if c[k]
    ]
    lines = [
        f"Out of all the area judgements made (n={o['judgements']}), {listed(parts)}"
        + (f"; {listed(extra)}" if extra else "")
        + "."
    ]
    if o["strongest"]:
        best = [
            f"{a['title']} ({share(a['good_or_better'], a['graded'])} {or_better(words)})"
            for a in o["strongest"]
        ]
        lines.append(f"The strongest areas were {listed(best)}.")
    if o["weakest"]:
        worst = [
            f"{a['title']} ({share(a['good_or_better'], a['graded'])} {or_better(words)})"
            for a in o["weakest"]
        ]
        lines.append(f"The areas that scored less well were {listed(worst)}.")
    if not o["strongest"] and not o["weakest"]:
        lines.append(
            f"No area is named strongest or weakest: that needs at least two areas graded on "
            f"{min_graded} or more cases with different shares of {or_better(words)}."
        )
    return lines


def feedback_line(q: FeedbackQuestion) -> str:
    """One question's answers; the parts add up to the responses stated."""
    parts = [f"{n} {ANSWER_WORDS.get(k, k)}" for k, n in q["answers"].items()]
    if q["other"]:
        parts.append(f"{q['other']} answered in their own words")
    if q["blank"]:
        parts.append(f"{q['blank']} left blank")
    return (
        f"{q['question']} {listed(parts)} (of {plural(q['responses'], 'response', 'responses')})."
    )


def direction(now: tuple[int, int], before: tuple[int, int]) -> str:
    """ "up from", "down from" or "the same as": the exact shares compared, not the rounded."""
    a = now[0] * before[1]
    b = before[0] * now[1]
    return "up from" if a > b else "down from" if a < b else "the same as"


def compared(
    lead: str,
    now: tuple[int, int],
    before: tuple[int, int],
    when: str,
    what: str,
    *,
    least: int,
) -> str:
    """ "{lead} 4 of 7 {what} (57%), up from 2 of 6 (33%) in 2015-16." where both bases hold at
    least ``least``; otherwise one sentence saying which period holds too few to compare
    (a direction on a base of 2 or 4 is noise, issue 21)."""
    said = f"{lead} {share(*now, what)}"
    if now[1] >= least and before[1] >= least:
        return f"{said}, {direction(now, before)} {share(*before)} in {when}."
    if before[1] < least:
        return f"{said}; {when} holds too few {what} to compare with ({before[1]}, fewer than {least})."
    return f"{said}: too few this year to compare with {when}, when it was {share(*before)}."


def comparison_lines(p: Comparison, f: AnnualFigures) -> list[str]:
    lines = []
    least = f["min_graded"]
    now, before = f["trend"][-1], next(t for t in f["trend"] if t["year"] == p["short"])
    if now["graded"] and before["graded"]:
        lines.append(
            compared(
                f"{or_better(f['grade_words'])} overall grades this year:",
                (now["good_or_better"], now["graded"]),
                (before["good_or_better"], before["graded"]),
                p["short"],
                "graded audits",
                least=least,
            )
        )
    if now["compared"] and before["compared"]:
        lines.append(
            compared(
                "Moderators agreed with auditors this year in",
                (now["agreed"], now["compared"]),
                (before["agreed"], before["compared"]),
                p["short"],
                "compared audits",
                least=least,
            )
        )
    for q in p["questions"]:
        word = "up" if q["change"] > 0 else "down" if q["change"] < 0 else "unchanged"
        lines.append(
            f"Question {q['id']} (‘{q['text']}’): met in "
            f"{share(q['good'], q['applicable'], 'applicable cases')}, {word} from "
            f"{share(q['previous_good'], q['previous_applicable'])} in {p['short']}."
        )
    return lines


def sentences(f: AnnualFigures) -> Sentences:
    """The sentences the report prints, keyed by where they go."""
    qc = f["quality_checks"]
    fb = f["family_feedback"]
    words, bands = f["grade_words"], f["grade_bands"]
    return {
        "introduction": _introduction(f),
        "quarters": [
            {"label": q["label"], "lines": lines}
            for q, lines in zip(f["quarters"], _quarter_lines(f), strict=True)
        ],
        "overall": grade_sentence(f["grades"], f["audits"]["total"], words=words),
        "rankings": {
            r["scheme"]: ranking_sentences(r, f["min_graded"], words) for r in f["rankings"]
        },
        "moderation": _moderation_lines(f),
        "thematic": [thematic_summary(r) for r in f["thematic"]],
        "thematic_graded": [graded_round_summary(r, words, bands) for r in f["thematic_graded"]],
        "thematic_overview": [
            overview_lines(r["overview"], f["min_graded"], words, bands)
            for r in f["thematic_graded"]
        ],
        "quality_checks": (
            f"{plural(qc['total'], 'Early Help Assessment', 'Early Help Assessments')} completed "
            f"by partner agencies {'was' if qc['total'] == 1 else 'were'} checked for quality."
            if qc["total"]
            else "No quality checks of Early Help Assessments are recorded for this year."
        ),
        "feedback": (
            f"{plural(fb['responses'], 'parent or carer', 'parents and carers')} responded to "
            "the feedback questionnaire."
            if fb["responses"]
            else "No family feedback responses are recorded for this year."
        ),
        "feedback_lines": [feedback_line(q) for q in fb["questions"]],
        "comparison": comparison_lines(f["previous_year"], f) if f["previous_year"] else [],
        # filled by compute/summary.py (annual_figures)
        "family_forms": [],
        "practitioner": [],
        "actions": [],
        "notes": {},
        "moved": {},
    }


# --- key messages -----------------------------------------------------------------------------


def _forms_base(n: int) -> str:
    return f"from {plural(n, 'audit form', 'audit forms')}"


def _weak_questions(f: AnnualFigures) -> list[str]:
    out = []
    base = _forms_base(f["sources"]["forms"])
    for q in f["questions"]:
        if not q["ranked"] or q["percent"] is None or q["percent"] >= WEAK_QUESTION:
            continue
        answer = "No" if q["reverse"] else "Yes"
        out.append(
            f"Question {q['id']} (‘{q['text']}’) was answered {answer} in "
            f"{share(q['good'], q['applicable'], 'cases it applied to')}, {base}."
        )
    return out[:MAX_WEAK_QUESTIONS]


def _area_messages(f: AnnualFigures) -> list[str]:
    out = []
    for r in f["rankings"]:
        form = r["scheme"] == "form-section"
        name = "section of the audit form" if form else "practice area"
        # a practice area is graded in the audit log or on a form that declares it
        one, many = (
            ("graded audit form", "graded audit forms")
            if form
            else ("graded audit", "graded audits")
        )
        for label, areas in (
            (f"Strongest {name}", r["best"]),
            (f"{name[0].upper()}{name[1:]} most in need of development", r["weakest"]),
        ):
            if areas:
                a = areas[0]
                out.append(
                    f"{label}: ‘{a['title']}’, {or_better(f['grade_words'])} in "
                    f"{share(a['good_or_better'], a['graded'])}, from {plural(a['graded'], one, many)}."
                )
    return out


def key_messages(f: AnnualFigures) -> list[str]:
    """Rule-based key messages, most important first; each names the audits it rests on."""
    out: list[str] = []
    total = f["audits"]["total"]
    least = f["min_graded"]
    if total == 0:
        return ["No case audits are recorded for this period."]
    g = f["grades"]
    good = g["outstanding"] + g["good"]
    graded = sum(g[k] for k in _ORDER)
    prev = f["previous_year"]
    if graded >= least:
        best = good_or_outstanding(f["grade_words"], f["grade_bands"])
        line = f"{share(good, graded, 'graded audits')} were {best}"
        before = next((t for t in f["trend"] if prev and t["year"] == prev["short"]), None)
        if before and before["graded"] >= least:
            trend = direction((good, graded), (before["good_or_better"], before["graded"]))
            line += (
                f", {trend} {share(before['good_or_better'], before['graded'])} in {before['year']}"
            )
        out.append(f"{line} (from {plural(total, 'audit', 'audits')} in the year).")
    else:
        out.append(
            f"Only {plural(graded, 'audit was', 'audits were')} graded this year, fewer than the "
            f"{least} needed to draw conclusions from the grades (from "
            f"{plural(total, 'audit', 'audits')} in the year)."
        )
    out += _area_messages(f)
    out += _weak_questions(f)
    if prev:
        for a in prev["areas"]:
            if abs(a["change"]) >= NOTABLE_CHANGE:
                word = "rose" if a["change"] > 0 else "fell"
                out.append(
                    f"{or_better(f['grade_words'])} grades for ‘{a['title']}’ {word} from "
                    f"{share(a['previous_good_or_better'], a['previous_graded'])} in "
                    f"{prev['short']} to {share(a['good_or_better'], a['graded'])}, from "
                    f"{plural(a['graded'], 'graded audit', 'graded audits')} this year."
                )
    m = f["moderation"]
    if m["compared"] >= least:
        out.append(
            f"Moderators agreed with the auditor's overall grade in "
            f"{share(m['agreed'], m['compared'], 'moderated audits')}"
            + (
                f"; weighted kappa {m['kappa']:.2f} ({m['kappa_words']}, n = {m['compared']})."
                if m["kappa"] is not None
                else "."
            )
        )
    for r in f["thematic"]:
        for meas in r["measures"]:
            change = meas["change"]
            before_n = meas["previous_applicable"] or 0
            if (
                change is not None
                and abs(change) >= NOTABLE_CHANGE
                and min(meas["applicable"], before_n) >= least
            ):
                word = "rose" if change > 0 else "fell"
                out.append(
                    f"{r['title'] or 'Thematic audit'}: ‘{meas['label']}’ {word} from "
                    f"{share(meas['previous_evidenced'] or 0, before_n)} to "
                    f"{share(meas['evidenced'], meas['applicable'])} of the cases it applied to "
                    f"(from {plural(r['cases'], 'case', 'cases')} audited)."
                )
    return out
