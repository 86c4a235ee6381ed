"""What the families and practitioners said on the audit forms, and the actions the audits set.

The store reads all three from every form; the annual report used to show none of them
(issue 21: "No family feedback responses are recorded" over 54 forms that carry the family's
rating of their relationship with the worker). Here they become figures:

- the families' feedback on the forms: how many forms carry it, the tick-box questions
  counted, the relationship score (1 to 5) as a distribution, and the families' own words,
  anonymised (compute/anonymise.py: the names the audit holds and every unknown capitalised
  word taken out);
- the practitioners' feedback: how many forms carry it, and their words, anonymised;
- the case actions: how many, on how many audits, by the role of their owner (never the
  owner's name), how many have a readable due date, how many were due by the year's end
  with no update recorded, how many were updated.

A due date written as "Within 2 weeks" or "By next supervision" is not a date: it is counted
as such and never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from audit_docs.compute.anonymise import Anonymiser, scrub
from audit_docs.compute.figures import (
    ActionFigures,
    FeedbackQuestion,
    FormFamilyFeedback,
    PractitionerFeedback,
    QuoteGroup,
    ScoreCount,
)
from audit_docs.compute.forms import FormInfo
from audit_docs.records import FormFeedback, StoredAudit

#: the closed answers a tick-box question of the family feedback section may hold
_CLOSED = ("yes", "no", "n/a")
#: owner role -> words that name it in the "Who?" column (whole words, any case)
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "Team manager or supervisor": (
        "tm",
        "team manager",
        "manager",
        "supervisor",
        "senior practitioner",
        "sp",
    ),
    "Auditor": ("auditor", "qa", "quality assurance"),
    "Practitioner": (
        "practitioner",
        "worker",
        "key worker",
        "keyworker",
        "social worker",
        "sw",
        "lead professional",
        "lp",
        "fsw",
        "family support worker",
    ),
    "Family": ("mum", "dad", "parent", "parents", "family", "carer", "carers", "child"),
    "Partner agency": (
        "school",
        "health",
        "health visitor",
        "camhs",
        "police",
        "gp",
        "nursery",
        "partner",
        "partners",
        "agency",
    ),
}
NAMED = "Named person (role not stated)"
NO_OWNER = "No owner recorded"
_ROLE_RES = {
    role: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)
    for role, words in ROLE_WORDS.items()
}
_DATE = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


def owner_role(who: str | None) -> str:
    """The role an action's owner is written as: a role word ("TM", "School"), several
    ("Kieran / TM": a name with a role counts under the role), a name alone, or nobody."""
    text = (who or "").strip()
    if not text:
        return NO_OWNER
    roles = [role for role, pattern in _ROLE_RES.items() if pattern.search(text)]
    if not roles:
        return NAMED
    return " and ".join(roles) if len(roles) > 1 else roles[0]


def due_date(when: str | None) -> dt.date | None:
    """The day an action is due when it is written as a date ("By 07/04/17", "2017-03-01");
    None for anything else ("Within 2 weeks", "14 August": no year, never guessed)."""
    for m in _DATE.finditer(when or ""):
        try:
            if m.group(4):
                return dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
            year = int(m.group(3))
            return dt.date(2000 + year if year < 100 else year, int(m.group(2)), int(m.group(1)))
        except ValueError:
            continue
    return None


def actions(audits: Sequence[StoredAudit], year_end: dt.date) -> ActionFigures:
    """The case actions the year's audits set, and how far they were followed up."""
    listed = [x for a in audits for x in a.actions if x.action or x.who or x.when]
    roles = Counter(owner_role(x.who) for x in listed)
    dated = [(x, d) for x in listed if (d := due_date(x.when)) is not None]
    updated = [x for x in listed if (x.update or "").strip()]
    return {
        "total": len(listed),
        "audits": sum(1 for a in audits if any(x.action or x.who or x.when for x in a.actions)),
        "forms": sum(1 for a in audits if a.form),
        "learning": sum(len(a.learning_actions) for a in audits),
        "by_role": [
            {"label": label, "actions": n}
            for label, n in sorted(roles.items(), key=lambda x: (-x[1], x[0]))
        ],
        "with_due_date": len(dated),
        "no_due_date": sum(1 for x in listed if not (x.when or "").strip()),
        "due_not_a_date": sum(
            1 for x in listed if (x.when or "").strip() and due_date(x.when) is None
        ),
        "due_by_year_end": sum(1 for _, d in dated if d <= year_end),
        "overdue": sum(1 for x, d in dated if d <= year_end and not (x.update or "").strip()),
        "updated": len(updated),
        "year_end": year_end.isoformat(),
    }


def anonymised(text: str | None) -> str | None:
    """A family's own words from the feedback questionnaire with every unknown capitalised
    word taken out (no audit names them, so no names are known); a closed answer ("Always",
    "Yes") stays as it is."""
    if text is None or text.casefold().replace(" ", "_") in _CLOSED_WORDS:
        return text
    return scrub(text, [], [])


#: the questionnaire's closed answers, as stored
_CLOSED_WORDS = frozenset({"always", "sometimes", "never", "yes", "no", "not_sure", "n/a"})


def _names(a: StoredAudit) -> list[str | None]:
    return [a.case_worker, a.team_manager, a.auditor, a.moderator]


def _quotes(
    texts: Iterable[tuple[StoredAudit, str, str]], labels: dict[str, tuple[str, str, int, int]]
) -> list[QuoteGroup]:
    """The words written, anonymised with the names their audit holds, by question in the
    definition's order; answers that say nothing ("No.", "-") are left out."""
    by_key: dict[str, list[str]] = {}
    anonymisers: dict[str, Anonymiser] = {}  # one per audit, for all its texts
    for audit, key, text in texts:
        anonymiser = anonymisers.get(audit.key)
        if anonymiser is None:
            anonymiser = anonymisers[audit.key] = Anonymiser(_names(audit), [audit.case_reference])
        words = anonymiser.scrub(text).strip()
        if len(re.sub(r"\W", "", words)) > 3:
            by_key.setdefault(key, []).append(words)
    order = list(labels)
    return [
        {"key": key, "question": labels.get(key, (key,))[0], "quotes": quotes}
        for key, quotes in sorted(
            by_key.items(), key=lambda x: order.index(x[0]) if x[0] in order else len(order)
        )
    ]


def _feedback_form(forms: Sequence[FormInfo], role: str) -> FormInfo | None:
    return next((f for f in forms if role in f.section_roles), None)


def family_feedback(
    audits: Sequence[StoredAudit], answers: Sequence[FormFeedback], forms: Sequence[FormInfo]
) -> FormFamilyFeedback:
    """The family feedback the year's audit forms carry."""
    form = _feedback_form(forms, "family_feedback")
    by_key = {a.key: a for a in audits}
    given = [r for r in answers if r.audit_key in by_key and r.answer not in (None, "")]
    asked = [a for a in audits if a.form == form.id] if form else [a for a in audits if a.form]
    section = form.section_roles["family_feedback"] if form else ""
    questions: list[FeedbackQuestion] = []
    for q in form.questions if form else ():
        if q.section != section:
            continue
        marks = [r.answer for r in given if r.question == q.id]
        counts = Counter(m for m in marks if m in _CLOSED)
        responses = len({r.audit_key for r in given})
        questions.append(
            {
                "key": q.id,
                "question": q.text,
                "answers": {k: counts[k] for k in _CLOSED if counts[k]},
                "other": len(marks) - sum(counts.values()),
                "blank": responses - len(marks),
                "responses": responses,
            }
        )
    free = form.free_text.get("family_feedback", {}) if form else {}
    scores: Counter[int] = Counter()
    unreadable = 0
    score_key = next((k for k, v in free.items() if v[1] == "score"), None)
    low, high = (free[score_key][2], free[score_key][3]) if score_key else (1, 5)
    for r in given:
        if r.question == score_key:
            value = _score(r.answer, low, high)
            if value is None:
                unreadable += 1
            else:
                scores[value] += 1
    words = [
        (by_key[r.audit_key], r.question, r.answer or "")
        for r in given
        if r.question in free and free[r.question][1] != "score"
    ]
    score_rows: list[ScoreCount] = [
        {"score": s, "responses": scores[s]} for s in range(low, high + 1)
    ]
    return {
        "forms": len(asked),
        "responses": len({r.audit_key for r in given}),
        "questions": questions,
        "relationship": {
            "question": free[score_key][0] if score_key else "",
            "scores": score_rows,
            "scored": sum(scores.values()),
            "unreadable": unreadable,
            "low": low,
            "high": high,
        },
        "words": _quotes(words, free),
    }


def _score(text: str | None, low: int, high: int) -> int | None:
    from audit_docs.read.values import to_score

    value, problem = to_score(text, low, high)
    return value if problem is None and isinstance(value, int) else None


def practitioner_feedback(
    audits: Sequence[StoredAudit], forms: Sequence[FormInfo]
) -> PractitionerFeedback:
    """The practitioners' feedback on the year's audit forms: how many gave it, their words."""
    form = _feedback_form(forms, "practitioner_feedback")
    free = form.free_text.get("practitioner_feedback", {}) if form else {}
    texts = [
        (a, key.split(".", 1)[1], c.auditor or "")
        for a in audits
        for key, c in a.comments.items()
        if key.startswith("practitioner.") and (c.auditor or "").strip()
    ]
    return {
        "forms": sum(1 for a in audits if form and a.form == form.id),
        "responses": len({a.key for a, _, _ in texts}),
        "words": _quotes(texts, free),
    }
