"""The figures of the best practice guidance: what case audits in a period teach practitioners.

The guidance follows Shropshire's *Best practice guidance, Early help audit*: the scope of the
audit, the questions the audit tool explored, the findings as sentences with their n/N and
percentage, the judgements given per section, key messages, paperwork reminders, good
practice examples and the grading-rule checks. Everything is computed here as plain
JSON-ready values (the same dict is written beside the document); the Word template only
places them.

The rules, stated in the document too (``RULES``):

- Only audits recorded on the audit form count (the form's questions are what the guidance
  is about); audits known only from a tracker row are counted apart as ``other_audits``.
- A question applies to a case when it was answered Yes, No or Partially; N/A and
  unanswered leave the denominator. A good answer is Yes, or No for a question about a
  shortfall (``reverse``: "Are there gaps in case recordings?"). Partially is not good.
- A question is weak when fewer than WEAK_BELOW percent of the cases it applied to had a
  good answer (and it applied to at least MIN_GRADED cases, as in the annual report: the
  threshold is on the cases it applied to, never on the cases that met it, so a question
  met in none of them is the weakest finding, not a skipped one); its advice becomes a key
  message, the weakest (lowest share) first, then the one that applied to more cases, then
  the form's order.
- A grade is the final grade: the moderator's where given, otherwise the auditor's.
- Free text is anonymised with ``anonymise.scrub`` (every name the audits hold, every case
  reference, and capitalised words that are not known words); a case is only ever named by
  its pseudonym.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import PurePath
from typing import Any

import yaml

from audit_docs.compute import grading_rules
from audit_docs.compute.anonymise import Pseudonyms, scrub
from audit_docs.compute.figures import SCHEMA_VERSION
from audit_docs.compute.grades import GRADE_KEYS, GRADE_WORDS, count, final
from audit_docs.compute.messages import WEAK_QUESTION, grade_sentence
from audit_docs.compute.periods import day_words
from audit_docs.compute.rule_flags import FLAG_LABELS, count_flags, rule_flags
from audit_docs.compute.sections import MIN_GRADED
from audit_docs.compute.thematic import percent
from audit_docs.errors import UsageError
from audit_docs.read.formdef import FormDefinition, Question, Section
from audit_docs.read.word.forms_reader import WORD_SUFFIXES
from audit_docs.records import StoredAudit, StoredProblem
from audit_docs.words import plural as _count_words

DEFAULT_TITLE = "Best practice guidance: Early help audit"
#: a question is weak when fewer than this percent of the cases it applied to answered well
WEAK_BELOW = WEAK_QUESTION
#: reminders about what a practitioner keeps on the case file (the others are about how an
#: auditor filled in the audit form)
CASE_FILE_REMINDERS = frozenset({"consent"})
#: exact shares said in words, checked in this order: (numerator, denominator, words)
FRACTIONS = (
    (1, 2, "half"),
    (1, 3, "a third"),
    (2, 3, "two thirds"),
    (1, 4, "a quarter"),
    (3, 4, "three quarters"),
)
NO_CASE = "a case without a reference"

RULES = (
    "Figures come from the case audits recorded on the audit form and dated in the period.",
    "A question counts for a case when it was answered Yes, No or Partially; N/A and "
    "unanswered questions are left out of its figures. A good answer is Yes, or No where the "
    "question asks about a shortfall (such as gaps in case recording); Partially is not "
    "counted as good.",
    f"A key message is given for every question with a good answer in fewer than {WEAK_BELOW}% "
    f"of the cases it applied to (when it applied to at least {MIN_GRADED} cases), the "
    "lowest share first.",
    "Grades are final grades: the moderator's where the audit was moderated, otherwise the "
    "auditor's.",
    "Names and case references are taken out of every quotation; a case is named only by its "
    "pseudonym.",
)


# --- sentences -------------------------------------------------------------------------------


def period_label(start: dt.date, end: dt.date) -> str:
    """ "1 April 2016 to 31 March 2017"."""
    return f"{_day(start)} to {_day(end)}"


_day = day_words


def share_words(n: int, d: int) -> str:
    """How many of d in words: "all", "none", "only a third", "two thirds", "most", ...

    Exact common fractions are named (with "only" in front when the share is weak); other
    shares are bounded by the nearest common fraction ("fewer than a third").
    """
    if d <= 0 or not 0 <= n <= d:
        raise ValueError(f"{n} of {d} is not a share")
    weak = 100 * n < WEAK_BELOW * d
    if n == d:
        return "all"
    if n == 0:
        return "none"
    for a, b, words in FRACTIONS:
        if n * b == a * d:
            return f"only {words}" if weak else words
    if n == 1:
        return "only one"
    if n == d - 1:
        return "all but one"
    if 100 * n >= 90 * d:
        return "nearly all"
    if 100 * n >= WEAK_BELOW * d:
        return "most"
    if 2 * n > d:
        return "just over half"
    if 3 * n > d:
        return "fewer than half"
    if 4 * n > d:
        return "fewer than a third"
    return "fewer than a quarter"


def share_of_cases(n: int, d: int, *, all_applied: bool = True) -> str:
    """ "only a third of the cases audited", "all cases where it applied", ... (lower case)."""
    cases = "cases audited" if all_applied else "cases where it applied"
    words = share_words(n, d)
    if words == "all":
        return f"all {cases}"
    return f"{words} of the {cases}"


def figures_in_brackets(n: int, d: int, partially: int = 0) -> str:
    """ "(3 of 9, 33%)", or "(3 of 9, 33%; 2 more answered Partially)"."""
    more = f"; {partially} more answered Partially" if partially else ""
    return f"({n} of {d}, {percent(n, d)}%{more})"


def finding_sentence(
    question: Question,
    good: int,
    applicable: int,
    *,
    partially: int = 0,
    all_applied: bool = True,
    phrase: str | None = None,
) -> str:
    """One finding: "Only a third of the cases audited had SMART outcomes in the plan (3 of 9,
    33%)."; without a phrase, the question is quoted as the form asks it."""
    if applicable == 0:
        return (
            f"‘{question.text.strip()}’ was not answered for any case audited (it did not "
            "apply, or was left blank)."
        )
    share = share_of_cases(good, applicable, all_applied=all_applied)
    brackets = figures_in_brackets(good, applicable, partially)
    if phrase:
        verb = "was" if share.startswith("only one ") else "were"
        sentence = f"{share} {phrase.replace('{were}', verb)} {brackets}."
    else:
        answer = "No" if question.reverse else "Yes"
        sentence = f"‘{question.text.strip()}’ was answered {answer} in {share} {brackets}."
    return sentence[0].upper() + sentence[1:]


@cache
def finding_phrases(form_id: str) -> dict[str, str]:
    """question id -> the phrase of a good finding, from guidance_findings.yaml."""
    text = (
        resources.files("audit_docs.compute").joinpath("guidance_findings.yaml").read_text("utf-8")
    )
    data = yaml.safe_load(text) or {}
    return {str(k): str(v) for k, v in (data.get(form_id) or {}).items()}


# --- choosing what to report on ---------------------------------------------------------------


def chosen_sections(definition: FormDefinition, sections: Sequence[str] | None) -> list[Section]:
    """The rated sections asked for, in the form's order (default: every rated section except
    the overall evaluation); UsageError naming the choices for a section the form lacks."""
    rated = [s for s in definition.rated_sections if s.questions]
    if not sections:
        return rated
    numbers = {s.number for s in rated}
    unknown = [n for n in sections if n not in numbers]
    if unknown:
        raise UsageError(
            f"The form ‘{definition.title}’ has no rated section {', '.join(unknown)} with "
            f"questions; choose from sections {', '.join(s.number for s in rated)}."
        )
    wanted = set(sections)
    return [s for s in rated if s.number in wanted]


def in_period(audit_date: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return audit_date is not None and start <= audit_date <= end


# --- the figures ------------------------------------------------------------------------------


def guidance_figures(
    audits: Iterable[StoredAudit],
    problems: Iterable[StoredProblem],
    definition: FormDefinition,
    *,
    start: dt.date,
    end: dt.date,
    sections: Sequence[str] | None = None,
    title: str | None = None,
    pseudonyms: Pseudonyms,
) -> dict[str, Any]:
    """The guidance's figures for audits dated in [start, end] (JSON-ready, deterministic).

    ``audits`` may hold audits of every period: only those dated in the period are counted,
    but the names of all of them are kept out of the quotations. ``problems`` are the
    store's open problems; those of forms dated in the period (and every form with no
    readable audit date, which belongs to no period) become paperwork reminders.
    """
    everyone = list(audits)
    period = [a for a in everyone if in_period(a.audit_date, start, end)]
    forms = sorted(
        (a for a in period if a.form == definition.id),
        key=lambda a: (a.audit_date, a.case_reference or "", a.key),
    )
    chosen = chosen_sections(definition, sections)
    names = sorted({n for a in everyone for n in a.names})
    references = sorted({a.case_reference for a in everyone if a.case_reference})

    def anonymous(text: str) -> str:
        return scrub(text, names, references).strip()

    def case(audit: StoredAudit) -> str:
        return pseudonyms.of(audit.case_reference) if audit.case_reference else NO_CASE

    section_figures = [_section(s, forms, definition.id, anonymous, case) for s in chosen]
    flags = rule_flags(forms)
    return {
        "schema_version": SCHEMA_VERSION,
        "title": title or DEFAULT_TITLE,
        "form": {"id": definition.id, "title": definition.title},
        "period": {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "label": period_label(start, end),
        },
        "chosen_sections": [s.number for s in chosen],
        "scope": _scope(forms, len(period) - len(forms), definition, start, end),
        "sections": section_figures,
        "key_messages": _key_messages(section_figures),
        "learning_actions": [
            {"case": case(a), "text": anonymous(text)}
            for a in forms
            for text in a.learning_actions
            if text.strip()
        ],
        "paperwork": (
            paperwork := _paperwork(
                forms, _problems_of(definition, everyone, problems), start, end, definition
            )
        ),
        # the guidance is for practitioners: what to keep on the case file goes to them; how
        # the audit form was filled in goes to the auditors, in a section of its own
        "reminders": {
            "practitioners": [r for r in paperwork if r["key"] in CASE_FILE_REMINDERS],
            "auditors": [r for r in paperwork if r["key"] not in CASE_FILE_REMINDERS],
        },
        # an example only where the auditor or moderator wrote what made it outstanding
        "good_practice": [
            g for g in _good_practice(forms, chosen, anonymous, case) if g["comment"]
        ],
        "rule_flags": _rule_flags(forms, flags, definition.id),
        "rules": list(RULES),
        "weak_below_percent": WEAK_BELOW,
        "min_applicable": MIN_GRADED,
    }


def _counted(names: Iterable[str | None], missing: str) -> list[dict[str, Any]]:
    counts = Counter((n or "").strip() or missing for n in names)
    return [
        {"name": name, "audits": n}
        for name, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
    ]


def _scope(
    forms: Sequence[StoredAudit],
    others: int,
    definition: FormDefinition,
    start: dt.date,
    end: dt.date,
) -> dict[str, Any]:
    teams = _counted((a.team for a in forms), "Team not recorded")
    areas = _counted(
        (a.service_area or definition.service_area for a in forms), "Service not recorded"
    )
    moderated = sum(a.moderated for a in forms)
    n = len(forms)
    sentence = (
        f"{_count_words(n, 'case was', 'cases were')} audited on the ‘{definition.title}’ "
        f"form between {_day(start)} and {_day(end)}"
    )
    if n:
        if n == 1:
            how = "it was moderated" if moderated else "it was not moderated"
        else:
            how = f"{moderated} of the {n} audits {'was' if moderated == 1 else 'were'} moderated"
        sentence += f", held by {_count_words(len(teams), 'team', 'teams')}; {how}."
    else:
        sentence += "."
    others_sentence = ""
    if others:
        verb = "is" if others == 1 else "are"
        others_sentence = (
            f"A further {_count_words(others, 'audit', 'audits')} in the period {verb} recorded "
            f"on another form or only in a tracker, not on this form, and {verb} not part of "
            "this guidance."
        )
    overall = count(final(a.overall) for a in forms)
    return {
        "audits": n,
        "moderated": moderated,
        "teams": len(teams),
        "by_team": teams,
        "by_service_area": areas,
        "other_audits": others,
        "sentence": sentence,
        "other_audits_sentence": others_sentence,
        "overall_grades": overall,
        "overall_table": _grade_rows(overall),
        "overall_sentence": grade_sentence(overall, n, "cases audited"),
    }


def _grade_rows(counts: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {"grade": g, "label": GRADE_WORDS[g], "audits": counts[g]}
        for g in GRADE_KEYS
        if g != "not_graded" or counts[g]
    ]


def _question(
    q: Question, section: str, forms: Sequence[StoredAudit], phrases: dict[str, str]
) -> dict[str, Any]:
    answers = Counter(a.answers.get(q.id) for a in forms if q.id in a.answers)
    yes, no, partially, na = (answers[k] for k in ("yes", "no", "partially", "n/a"))
    applicable = yes + no + partially
    good = no if q.reverse else yes
    share = percent(good, applicable)
    return {
        "id": q.id,
        "section": section,
        "text": q.text.strip(),
        "reverse": q.reverse,
        "yes": yes,
        "no": no,
        "partially": partially,
        "na": na,
        "unanswered": len(forms) - applicable - na,
        "applicable": applicable,
        "good": good,
        "percent": share,
        "weak": applicable >= MIN_GRADED and share is not None and share < WEAK_BELOW,
        "advice": q.advice,
        "sentence": finding_sentence(
            q,
            good,
            applicable,
            partially=partially,
            all_applied=applicable == len(forms),
            phrase=phrases.get(q.id),
        ),
    }


def _section(
    s: Section,
    forms: Sequence[StoredAudit],
    form_id: str,
    anonymous: Callable[[str], str],
    case: Callable[[StoredAudit], str],
) -> dict[str, Any]:
    phrases = finding_phrases(form_id)
    grades = count(final(a.sections.get(s.number)) for a in forms)
    said = [
        {"case": case(a), "text": cut_quote(anonymous(c.auditor))}
        for a in forms
        if (c := a.comments.get(s.number)) is not None and c.auditor and c.auditor.strip()
    ]
    return {
        "number": s.number,
        "title": s.short_title,
        "theme": s.theme,
        "questions": [{"id": q.id, "text": q.text.strip()} for q in s.questions],
        "findings": [_question(q, s.number, forms, phrases) for q in s.questions],
        "judgements": {
            "grades": grades,
            "rows": _grade_rows(grades),
            "sentence": grade_sentence(grades, len(forms), "cases audited"),
        },
        "recommendations": [r for r in said if r["text"]],
    }


def _key_messages(sections: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    weak = [q for s in sections for q in s["findings"] if q["weak"]]
    order = {q["id"]: i for i, q in enumerate(weak)}
    weak.sort(key=lambda q: (q["percent"], -q["applicable"], order[q["id"]]))
    return [
        {
            "question": q["id"],
            "section": q["section"],
            "message": q["advice"] or f"Look again at practice on ‘{q['text']}’.",
            "evidence": (
                f"question {q['id']}: {q['good']} of {q['applicable']} cases, {q['percent']}%"
            ),
            "good": q["good"],
            "applicable": q["applicable"],
            "percent": q["percent"],
        }
        for q in weak
    ]


# --- paperwork reminders ----------------------------------------------------------------------

#: what the reader says of a question left unanswered or not found (a section not found is
#: "not_on_form" too, at "section.<number>")
_QUESTION_CODES = frozenset({"unanswered", "not_on_form"})


def _question_missing(p: StoredProblem) -> bool:
    where = p.location or ""
    return p.kind == "missing" and p.code in _QUESTION_CODES and not where.startswith("section.")


#: (key, reminder, what is counted (one, many), does a problem belong to it?) in the order the
#: reminders are printed; a problem goes to the first that takes it
_REMINDERS: tuple[tuple[str, str, tuple[str, str], Callable[[StoredProblem], bool]], ...] = (
    (
        "audit_date",
        "Record the audit date on every form",
        ("form", "forms"),
        lambda p: p.location == "header.audit_date",
    ),
    (
        "other_dates",
        "Record the date of every activity the form asks about (moderation, collaborative "
        "discussion, previous audit)",
        ("date", "dates"),
        lambda p: (p.location or "").startswith("header.") and (p.location or "").endswith("_date"),
    ),
    (
        "signed",
        "Sign every form: write the auditor's name in the header",
        ("form", "forms"),
        lambda p: p.location == "header.auditor" and p.kind == "missing",
    ),
    (
        "case_reference",
        "Write the case reference (EISi ID or Holistic ID) on every form",
        ("form", "forms"),
        lambda p: p.location == "header.case_reference" and p.kind == "missing",
    ),
    (
        "score_range",
        "Write one whole number for a score, age or length of time: not a range (3-5) or a "
        "half score (1.5)",
        ("value", "values"),
        lambda p: p.code in ("range", "not_whole_number"),
    ),
    (
        "unrated",
        "Rate every section: the auditor always, and the moderator whenever the form is moderated",
        ("rating", "ratings"),
        lambda p: (p.location or "").startswith("ratings.") and p.kind == "missing",
    ),
    (
        "one_choice",
        "Tick one box only for each question and choose one rating",
        ("answer", "answers"),
        lambda p: p.kind == "ambiguous",
    ),
    (
        "unanswered",
        "Answer every question, ticking N/A where it does not apply",
        ("question", "questions"),
        _question_missing,
    ),
    (
        "tracked_changes",
        "Accept or reject tracked changes before the form is sent in",
        ("form", "forms"),
        lambda p: p.code == "tracked_changes",
    ),
    (
        "unreadable",
        "Use the form's own choices, dates such as 14/04/2016 and whole numbers, so that every "
        "value can be read",
        ("value", "values"),
        lambda p: p.kind == "unreadable",
    ),
)
_MISSING_WORDS = {
    "audit_date": "missing or unreadable on",
    "other_dates": "missing or unreadable on",
    "signed": "missing on",
    "case_reference": "missing on",
    "score_range": "not read on",
    "unrated": "missing on",
    "one_choice": "with more than one choice on",
    "unanswered": "unanswered on",
    "tracked_changes": "left in",
    "unreadable": "not read on",
}


def _is_form(source: str) -> bool:
    return PurePath(source).suffix.lower() in WORD_SUFFIXES


def _paperwork(
    forms: Sequence[StoredAudit],
    problems: Iterable[StoredProblem],
    start: dt.date,
    end: dt.date,
    definition: FormDefinition,
) -> list[dict[str, Any]]:
    found: dict[str, list[StoredProblem]] = {key: [] for key, *_ in _REMINDERS}
    for p in problems:
        if p.origin != "read" or not _is_form(p.source):
            continue
        undated = p.audit_date is None and p.location == "header.audit_date"
        if not (undated or in_period(p.audit_date, start, end)):
            continue
        for key, _, _, takes in _REMINDERS:
            if takes(p):
                found[key].append(p)
                break
    # the question that asks for signed consent on file: a "No" is a paperwork reminder
    consent = definition.question_for("consent")
    no_consent = [a for a in forms if consent and a.answers.get(consent.id) == "no"]
    out = []
    for key, reminder, (one, many), _ in _REMINDERS:
        items = found[key]
        if one == "form":
            files = len({p.source for p in items})
            if files:
                detail = f"{_MISSING_WORDS[key]} {_count_words(files, 'form', 'forms')}"
                out.append(_reminder(key, reminder, detail, files, files))
        elif items:
            files = len({p.source for p in items})
            detail = (
                f"{_count_words(len(items), one, many)} {_MISSING_WORDS[key]} "
                f"{_count_words(files, 'form', 'forms')}"
            )
            out.append(_reminder(key, reminder, detail, len(items), files))
        if key == "audit_date" and no_consent:
            n = len(no_consent)
            out.append(
                _reminder(
                    "consent",
                    "Get signed consent for recording and sharing information, completed in "
                    "full and signed by every family member over 18",
                    f"no signed consent on file in {_count_words(n, 'case', 'cases')}",
                    n,
                    n,
                )
            )
    return out


def _problems_of(
    definition: FormDefinition, audits: Sequence[StoredAudit], problems: Iterable[StoredProblem]
) -> list[StoredProblem]:
    """The problems read from files of this form (another form's are its own guidance's)."""
    files = {s for a in audits if a.form == definition.id for s in a.sources}
    return [p for p in problems if p.source in files]


def _reminder(key: str, reminder: str, detail: str, n: int, forms: int) -> dict[str, Any]:
    return {
        "key": key,
        "reminder": reminder,
        "count": n,
        "forms": forms,
        "sentence": f"{reminder} ({detail}).",
    }


# --- good practice and rule checks ------------------------------------------------------------


#: a quote is cut at a sentence boundary once it passes this many words
QUOTE_WORDS = 80


def cut_quote(text: str, words: int = QUOTE_WORDS) -> str:
    """About ``words`` words of ``text``, ending at a sentence boundary, with "…" when cut;
    a first sentence longer than that is cut at a word."""
    tokens = text.split()
    if len(tokens) <= words:
        return text.strip()
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    kept: list[str] = []
    for sentence in sentences:
        if kept and len(" ".join([*kept, sentence]).split()) > words:
            break
        kept.append(sentence)
    cut = " ".join(kept)
    if len(cut.split()) > words:
        cut = " ".join(cut.split()[:words])
    return cut + " …"


def _good_practice(
    forms: Sequence[StoredAudit],
    chosen: Sequence[Section],
    anonymous: Callable[[str], str],
    case: Callable[[StoredAudit], str],
) -> list[dict[str, Any]]:
    out = []
    for s in chosen:
        for a in forms:
            if final(a.sections.get(s.number)) != "outstanding":
                continue
            comments = a.comments.get(s.number)
            text = comments.auditor if comments else None
            whose = "auditor"
            if not (text and text.strip()) and comments and comments.moderator:
                text, whose = comments.moderator, "moderator"
            out.append(
                {
                    "case": case(a),
                    "section": s.number,
                    "title": s.short_title,
                    "comment": cut_quote(anonymous(text)) if text and text.strip() else None,
                    "comment_by": whose if text and text.strip() else None,
                }
            )
    return out


def _rule_flags(forms: Sequence[StoredAudit], flags: Sequence[Any], form: str) -> dict[str, Any]:
    counts = count_flags(flags)
    timeliness = []
    for t in grading_rules.timeliness((a.answers for a in forms), form):
        sentence = (
            f"{t.name}: met in {t.met} of {t.applicable} cases ({t.percent}%), partly met in "
            f"{t.partly}, not met in {t.not_met}."
            if t.applicable
            else f"{t.name}: not answered for any case audited."
        )
        timeliness.append(
            {
                "name": t.name,
                "question": t.question,
                "met": t.met,
                "partly": t.partly,
                "not_met": t.not_met,
                "applicable": t.applicable,
                "percent": t.percent,
                "sentence": sentence,
            }
        )
    return {
        "counts": counts,
        "rows": [
            {"rule": rule, "label": FLAG_LABELS[rule], "audits": n} for rule, n in counts.items()
        ],
        "timeliness": timeliness,
    }
