"""The summary a manager reads first, the sentences about the forms' feedback and actions,
and the suggested next steps for the officer's commentary (issue 21).

Made from the figures only, by the rules of compute/messages.py: every percentage beside its
n and N, nothing named on fewer than ``min_graded`` graded audits or cases, a direction (up,
down, rose, fell) only where both periods hold ``min_graded``, a thematic round's area never
the year's headline (the year's rankings are over its scheduled audits).

The summary is at most a page: one finding per topic, in the order a Head of Service asks
them (how good is practice, and is it better; where is it strong and weak; can we trust the
grades; what did the child's voice rounds find; what did families and practitioners say;
were actions followed up; what could not be counted).

Suggested next steps are never printed in the report: they go into the officer's commentary
document (render/commentary_doc.py) under "Next steps", for the officer to keep, edit or
delete.
"""

from __future__ import annotations

import datetime as dt

from audit_docs.compute.figures import (
    ActionFigures,
    AnnualFigures,
    Finding,
    FormFamilyFeedback,
    PractitionerFeedback,
    Summary,
)
from audit_docs.compute.grades import good_or_better, good_or_outstanding, or_better
from audit_docs.compute.messages import (
    NOTABLE_CHANGE,
    WEAK_QUESTION,
    compared,
    feedback_line,
    listed,
    month_words,
    no_strength,
    share,
)
from audit_docs.compute.periods import day_words
from audit_docs.words import plural

#: at most this many suggested next steps: the officer adds their own
MAX_NEXT_STEPS = 8


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


# --- the forms' feedback and actions ----------------------------------------------------------


def family_form_lines(fb: FormFamilyFeedback, tracker_responses: int) -> list[str]:
    """The families' feedback on the audit forms, with the questionnaire's count beside it."""
    if not fb["responses"]:
        if not fb["forms"]:
            return []
        return [
            f"None of the {plural(fb['forms'], 'audit form', 'audit forms')} of the year "
            "carries feedback from the family."
        ]
    lines = [
        f"Families gave feedback on {share(fb['responses'], fb['forms'], 'audit forms')}"
        + (
            f", besides the {plural(tracker_responses, 'response', 'responses')} to the "
            "feedback questionnaire above."
            if tracker_responses
            else "."
        )
    ]
    lines += [feedback_line(q) for q in fb["questions"] if q["answers"] or q["other"]]
    rel = fb["relationship"]
    if rel["scored"]:
        parts = [
            f"{plural(r['responses'], 'family', 'families')} {r['score']}"
            for r in reversed(rel["scores"])
            if r["responses"]
        ]
        high = sum(r["responses"] for r in rel["scores"] if r["score"] >= rel["high"] - 1)
        lines.append(
            f"‘{rel['question'].rstrip('?')}’, scored from {rel['low']} (not good) to "
            f"{rel['high']} (excellent): {listed(parts)}; {rel['high'] - 1} or {rel['high']} "
            f"from {share(high, rel['scored'])} of the families who scored it."
        )
    if rel["unreadable"]:
        lines.append(
            f"{plural(rel['unreadable'], 'score was', 'scores were')} not one whole number "
            f"from {rel['low']} to {rel['high']} and {'is' if rel['unreadable'] == 1 else 'are'} "
            "not counted."
        )
    if fb["words"]:
        lines.append("What the families wrote is in the appendix, with names and places taken out.")
    return lines


def practitioner_lines(pf: PractitionerFeedback) -> list[str]:
    if not pf["forms"]:
        return []
    if not pf["responses"]:
        return [
            f"None of the {plural(pf['forms'], 'audit form', 'audit forms')} of the year "
            "carries feedback from the practitioner."
        ]
    said = f"Practitioners gave feedback on {share(pf['responses'], pf['forms'], 'audit forms')}"
    if pf["words"]:
        said += (
            f", answering {plural(len(pf['words']), 'question', 'questions')} of the form; what "
            "they wrote is in the appendix, with names and places taken out"
        )
    return [said + "."]


def action_lines(x: ActionFigures) -> list[str]:
    if not x["total"]:
        return (
            [
                f"No case actions are recorded on the {plural(x['forms'], 'audit form', 'audit forms')} of the year."
            ]
            if x["forms"]
            else []
        )
    end = day_words(dt.date.fromisoformat(x["year_end"]))
    roles = [f"{r['label'].lower()} {r['actions']}" for r in x["by_role"]]
    lines = [
        f"The audits set {plural(x['total'], 'case action', 'case actions')} on "
        f"{plural(x['audits'], 'audit', 'audits')}"
        + (
            f", and {plural(x['learning'], 'learning action', 'learning actions')} for the "
            "practitioner, team or service."
            if x["learning"]
            else "."
        ),
        f"Who owns them, as written: {listed(roles)}.",
        f"An update is recorded for {share(x['updated'], x['total'])} of them.",
    ]
    due = (
        f"{plural(x['with_due_date'], 'action has', 'actions have')} a due date; "
        f"{x['due_by_year_end']} of them {_was(x['due_by_year_end'])} due by {end}, and "
        f"{plural(x['overdue'], 'has', 'have')} no update recorded (overdue)."
        if x["with_due_date"]
        else "No action has a due date written as a date."
    )
    undated = []
    if x["due_not_a_date"]:
        undated.append(
            f"{x['due_not_a_date']} give a time in words (such as ‘within 2 weeks’), not a date"
        )
    if x["no_due_date"]:
        undated.append(f"{x['no_due_date']} give no time at all")
    lines.append(due + (f" Of the rest, {listed(undated)}." if undated else ""))
    return lines


# --- the summary ------------------------------------------------------------------------------


def _overall(f: AnnualFigures) -> str:
    now = f["trend"][-1]
    least = f["min_graded"]
    if now["graded"] < least:
        return (
            f"Only {plural(now['graded'], 'audit was', 'audits were')} graded in the year, fewer "
            f"than the {least} needed to draw conclusions from the grades (of "
            f"{plural(f['audits']['total'], 'audit', 'audits')})."
        )
    earlier = f["trend"][:-1]
    if not earlier:
        return (
            f"Overall, practice was {good_or_outstanding(f['grade_words'], f['grade_bands'])} in "
            f"{share(now['good_or_better'], now['graded'], 'graded audits')}; the store holds "
            "no earlier year to compare with."
        )
    said = compared(
        f"Overall, practice was {good_or_outstanding(f['grade_words'], f['grade_bands'])} in",
        (now["good_or_better"], now["graded"]),
        (earlier[-1]["good_or_better"], earlier[-1]["graded"]),
        earlier[-1]["year"],
        "graded audits",
        least=least,
    )
    older = [t for t in earlier[:-1] if t["graded"] >= least]
    if older and earlier[-1]["graded"] >= least:
        said += (
            " Earlier: "
            + "; ".join(f"{t['year']} {share(t['good_or_better'], t['graded'])}" for t in older)
            + "."
        )
    return said


def _areas(f: AnnualFigures) -> list[Finding]:
    out: list[Finding] = []
    for r in f["rankings"]:
        name = r["name"].split(" (")[0]
        if not r["best"] and not r["weakest"]:
            if any(a["ranked"] for a in r["areas"]):
                continue
            out.append(
                {
                    "topic": "areas",
                    "text": f"The {name} are not ranked: none was graded on at least "
                    f"{f['min_graded']} audits this year.",
                }
            )
            continue
        parts = []
        if r["best"]:
            a = r["best"][0]
            parts.append(
                f"the strongest of the {name} was ‘{a['title']}’, {or_better(f['grade_words'])} in "
                f"{share(a['good_or_better'], a['graded'])}"
            )
        if r["weakest"]:
            a = r["weakest"][0]
            parts.append(f"the weakest ‘{a['title']}’, {share(a['good_or_better'], a['graded'])}")
        text = "; ".join(parts)
        text = text[0].upper() + text[1:] + "."
        if not r["best"]:
            text += " " + no_strength(name, f["grade_words"])
        out.append({"topic": "areas", "text": text})
    return out


def _moderation(f: AnnualFigures) -> str:
    m = f["moderation"]
    if not m["compared"]:
        return (
            f"{plural(m['moderated'], 'audit was', 'audits were')} moderated; none has both an "
            "auditor's and a moderator's overall grade to compare."
        )
    kappa = (
        f"; weighted kappa {m['kappa']:.2f} ({m['kappa_words']})" if m["kappa"] is not None else ""
    )
    return (
        f"Moderators agreed with the auditor's overall grade in "
        f"{share(m['agreed'], m['compared'], 'moderated audits')}{kappa}; they upgraded "
        f"{m['upgraded']} and downgraded {m['downgraded']}."
    )


def _rounds(f: AnnualFigures) -> list[Finding]:
    out: list[Finding] = []
    least = f["min_graded"]
    for r in f["thematic"]:
        title = r["title"] or "Thematic audit"
        when = month_words(r["date"])
        head = f"{title} ({when}, {plural(r['cases'], 'case', 'cases')})" if when else title
        moved = [m for m in r["measures"] if m["compared"] and m["change"]]
        if r["previous"] is None:
            shares = [
                f"‘{m['label']}’ {share(m['evidenced'], m['applicable'])}"
                for m in r["measures"]
                if m["applicable"]
            ]
            text = f"{head}: {listed(shares)}; the first round of this theme the store holds."
        elif moved:
            before = month_words(r["previous"]["date"]) or "the previous round"
            parts = [
                f"‘{m['label']}’ {'rose' if (m['change'] or 0) > 0 else 'fell'} from "
                f"{share(m['previous_evidenced'] or 0, m['previous_applicable'] or 0)} to "
                f"{share(m['evidenced'], m['applicable'])}"
                for m in moved
            ]
            text = f"{head}, against {before}: {listed(parts)}."
        else:
            before = month_words(r["previous"]["date"]) or "the previous round"
            text = (
                f"{head}: no measure can be compared with {before} on at least {least} cases "
                "in both rounds."
            )
        out.append({"topic": "thematic", "text": text})
    for g in f["thematic_graded"]:
        good, graded, _ = good_or_better(g["overall"])
        weak = g["overview"]["weakest"]
        text = (
            f"{g['title']} ({plural(g['audits'], 'case', 'cases')}): "
            f"{or_better(f['grade_words'])} overall in "
            f"{share(good, graded)}"
        )
        if weak:
            w = weak[0]
            text += f"; weakest area ‘{w['title']}’, {share(w['good_or_better'], w['graded'])}"
        out.append({"topic": "thematic", "text": text + "."})
    return out


def _feedback(f: AnnualFigures) -> str | None:
    forms = f["family_feedback_forms"]
    tracker = f["family_feedback"]["responses"]
    if not forms["responses"] and not tracker:
        return None
    parts = []
    if forms["responses"]:
        parts.append(f"on {share(forms['responses'], forms['forms'], 'audit forms')}")
    if tracker:
        parts.append(f"in {plural(tracker, 'questionnaire response', 'questionnaire responses')}")
    text = f"Families gave feedback {listed(parts)}."
    rel = forms["relationship"]
    if rel["scored"]:
        high = sum(r["responses"] for r in rel["scores"] if r["score"] >= rel["high"] - 1)
        text += (
            f" {share(high, rel['scored'])} of those who scored their relationship with the "
            f"practitioner gave {rel['high'] - 1} or {rel['high']} out of {rel['high']}."
        )
    return text


def _actions(f: AnnualFigures) -> str | None:
    x = f["actions"]
    if not x["total"]:
        return None
    end = day_words(dt.date.fromisoformat(x["year_end"]))
    return (
        f"The audits set {plural(x['total'], 'case action', 'case actions')}: an update is "
        f"recorded for {share(x['updated'], x['total'])}; {x['overdue']} {_was(x['overdue'])} due by {end} "
        "with no update recorded."
    )


def _checks(f: AnnualFigures) -> str | None:
    qc = f["quality_checks"]
    if not qc["total"]:
        return None
    good, graded, _ = good_or_better(qc["grades"])
    return (
        f"{plural(qc['total'], 'quality check', 'quality checks')} of Early Help Assessments "
        f"completed by partner agencies: {or_better(f['grade_words'])} in "
        f"{share(good, graded, 'graded')}."
    )


def _not_counted(f: AnnualFigures) -> str:
    parts = []
    undated = f["sources"].get("undated_forms", 0)
    if undated:
        parts.append(
            f"{plural(undated, 'audit form', 'audit forms')} without a readable audit date "
            "(in no year)"
        )
    not_graded = f["grades"].get("not_graded", 0)
    if not_graded:
        parts.append(f"{plural(not_graded, 'audit', 'audits')} without an overall grade")
    blank = sum(g["blank"] for g in f["thematic_graded"])
    if blank:
        parts.append(f"{plural(blank, 'blank cell', 'blank cells')} in the thematic trackers")
    x = f["actions"]
    if x["due_not_a_date"]:
        parts.append(
            f"{plural(x['due_not_a_date'], 'action due date', 'action due dates')} written "
            "in words, not as a date"
        )
    if f["family_feedback_forms"]["relationship"]["unreadable"]:
        parts.append(
            f"{plural(f['family_feedback_forms']['relationship']['unreadable'], 'relationship score', 'relationship scores')} "
            "that are not one whole number"
        )
    if not parts:
        return "Everything the store holds for the year is counted in this report."
    return (
        f"Not counted: {listed(parts)}. The data-quality workbook (audit-docs problems) lists "
        "each one."
    )


def summary(f: AnnualFigures) -> Summary:
    """The year's findings, each with its n and N, in the order a manager asks them."""
    findings: list[Finding] = [{"topic": "overall", "text": _overall(f)}]
    findings += _areas(f)
    if f["audits"]["moderated"]:
        findings.append({"topic": "moderation", "text": _moderation(f)})
    findings += _rounds(f)
    for topic, text in (
        ("feedback", _feedback(f)),
        ("actions", _actions(f)),
        ("quality_checks", _checks(f)),
    ):
        if text:
            findings.append({"topic": topic, "text": text})
    findings.append({"topic": "not_counted", "text": _not_counted(f)})
    return {"findings": findings}


# --- suggested next steps (for the officer's commentary, never the report) --------------------


def next_steps(f: AnnualFigures) -> list[str]:
    """Suggestions from the weakest areas, the weakest questions, the measures that fell and
    the actions not followed up; each says what it rests on."""
    out: list[str] = []
    for r in f["rankings"]:
        for a in r["weakest"][:2]:
            out.append(
                f"Agree with the teams how to improve ‘{a['title']}’ ({or_better(f['grade_words'])} in "
                f"{share(a['good_or_better'], a['graded'])} of this year's graded audits), and "
                "look at it again in next quarter's audits."
            )
    for q in f["questions"]:
        if q["ranked"] and q["percent"] is not None and q["percent"] < WEAK_QUESTION:
            advice = (q["advice"] or "").rstrip(".")
            lead = advice if advice else f"Remind practitioners of ‘{q['text']}’"
            out.append(
                f"{lead} (question {q['id']} met in {share(q['good'], q['applicable'])} of the "
                "cases it applied to)."
            )
            if len(out) >= MAX_NEXT_STEPS - 2:
                break
    for t in f["thematic"]:
        for m in t["measures"]:
            if m["compared"] and (m["change"] or 0) <= -NOTABLE_CHANGE:
                out.append(
                    f"Look again at ‘{m['label']}’ ({t['title'] or 'thematic audit'}): it fell "
                    f"from {share(m['previous_evidenced'] or 0, m['previous_applicable'] or 0)} "
                    f"to {share(m['evidenced'], m['applicable'])}."
                )
    x = f["actions"]
    if x["overdue"]:
        out.append(
            f"Follow up the {plural(x['overdue'], 'case action', 'case actions')} that "
            f"{_was(x['overdue'])} due "
            "with no update recorded, and ask supervisors to record progress on the audit form."
        )
    return out[:MAX_NEXT_STEPS]


# --- selection: what the body shows, what moves to the appendix ------------------------------

#: the mark a table row carries when its base is too small to rank or compare
MARK = "†"


def notes(f: AnnualFigures) -> dict[str, str]:
    """The footnote for the mark, once per kind of table."""
    least = f["min_graded"]
    return {
        "areas": f"{MARK} Graded on fewer than {least} audits: shown, but too few to rank.",
        "questions": f"{MARK} Applied to fewer than {least} cases: shown, but too few to rank.",
        "measures": (
            f"{MARK} Applied to fewer than {least} cases in this round or the previous one: "
            "too few to compare."
        ),
        "kappa": (
            f"{MARK} Fewer than {f['moderation']['min_pairs']} compared pairs: too few to "
            "measure kappa (the number of pairs is in the table)."
        ),
    }


def moved(f: AnnualFigures) -> dict[str, str]:
    """Tables whose every row is under the threshold: one sentence each in the body, the
    table in the appendix (issue 21: pages of rows each marked too few to rank)."""
    least = f["min_graded"]
    out: dict[str, str] = {}
    for r in f["rankings"]:
        if r["areas"] and not any(a["ranked"] for a in r["areas"]):
            out[f"ranking:{r['scheme']}"] = (
                (
                    f"Each of the {len(r['areas'])} {r['name']} was"
                    if len(r["areas"]) > 1
                    else f"The one area of the {r['name']} was"
                )
                + f" graded on fewer than {least} audits this year, too few to rank; the table "
                "is in the appendix."
            )
    main = next(iter(f["forms"]), None)
    for form_id, form in f["forms"].items():
        title = form["title"]
        if form_id != main and form["areas"] and not any(a["ranked"] for a in form["areas"]):
            out[f"form:{form_id}"] = (
                f"Each section of the ‘{title}’ form was graded on fewer than {least} audits "
                f"this year ({plural(form['audits'], 'audit', 'audits')}), too few to rank; its "
                "table is in the appendix."
            )
        questions = f["questions"] if form_id == main else form["questions"]
        if (
            (form["audits"] or form_id == main)
            and questions
            and not any(q["ranked"] for q in questions)
        ):
            out[f"questions:{form_id}"] = (
                f"Each of the {plural(len(questions), 'question', 'questions')} of the "
                f"‘{title}’ form applied to fewer than {least} of the year's cases "
                f"({plural(form['audits'], 'audit', 'audits')}), too few to rank; the table is "
                "in the appendix."
            )
    return out
