"""The figures of the best practice guidance: what case audits in a period teach practitioners.

The guidance follows Shropshire's *Best practice guidance, Early help audit*: key messages,
paperwork reminders, the scope of the audit, learning by theme (the findings grouped by the
themes the form names, with the auditors' words chosen to illustrate them and the learning
actions counted), good practice examples, then training, audit meetings and the next audit
(drafted here, written by the officer in the commentary document), and an appendix of
judgements, grading checks and the rules. Everything is computed here, typed
(``guidance_types.GuidanceFigures``), sentences included; the same dict is written beside the
document and the Word template only places it. Themes, quotes and good practice are chosen in
``guidance_themes``.

The rules, stated in the document too (``RULES``):

- Only audits recorded on the audit form count (the form's questions are what the guidance
  is about); audits known only from a tracker row are counted apart as ``other_audits``.
- A question applies to a case when it was answered Yes, No or Partially; N/A and
  unanswered leave the denominator. A good answer is Yes, or No for a question about a
  shortfall (``reverse``: "Are there gaps in case recordings?"). Partially is not good. Each
  answer is counted once, on one base: "Yes in 39 of 62 (63%); Partially in 13; No in 10".
- A question is weak when fewer than WEAK_BELOW percent of the cases it applied to had a
  good answer (and it applied to at least MIN_GRADED cases, as in the annual report: the
  threshold is on the cases it applied to, never on the cases that met it, so a question
  met in none of them is the weakest finding, not a skipped one); its advice becomes a key
  message, the weakest (lowest share) first, then the one that applied to more cases, then
  the form's order. A question met in none of the cases it applied to, however few, is also
  a reminder; a sentence saying there is nothing to report says why.
- A grade is the final grade: the moderator's where given, otherwise the auditor's.
- Free text is anonymised with one ``anonymise.Anonymiser`` built per run (every name the
  audits hold, every case reference, and capitalised words that are not known words); a case
  is only ever named by its pseudonym. The cost is linear in the audits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

import yaml

from audit_docs.compute import grading_rules
from audit_docs.compute import guidance_themes as themes_
from audit_docs.compute.anonymise import Anonymiser, Pseudonyms
from audit_docs.compute.figures import SCHEMA_VERSION
from audit_docs.compute.grades import (
    GRADE_KEYS,
    GRADE_WORDS,
    count,
    final,
    grade_heads,
    grade_key,
    grade_words,
    improvement_or_inadequate,
    scale_words,
    shown_bands,
)
from audit_docs.compute.guidance_types import (
    Counted,
    Finding,
    GoodPractice,
    GradeRow,
    GuidanceFigures,
    JudgementRow,
    KeyMessage,
    LearningAction,
    NextSteps,
    Reminder,
    Reminders,
    RuleFlags,
    Scope,
    SectionFigures,
    Theme,
    TimelinessRow,
)
from audit_docs.compute.messages import WEAK_QUESTION, grade_sentence, listed
from audit_docs.compute.periods import day_words
from audit_docs.compute.rule_flags import count_flags, flag_label, rule_flags
from audit_docs.compute.sections import MIN_GRADED
from audit_docs.compute.thematic import percent
from audit_docs.errors import UsageError
from audit_docs.read.formdef import FormDefinition, Question, Section
from audit_docs.records import StoredAudit, StoredProblem
from audit_docs.words import plural as _count_words

DEFAULT_TITLE = "Best practice guidance: Early help audit"
#: a question is weak when fewer than this percent of the cases it applied to answered well
WEAK_BELOW = WEAK_QUESTION
#: reminders about what a practitioner keeps on the case file or does in every case (the
#: others are about how an auditor filled in the audit form)
CASE_FILE_REMINDERS = frozenset({"consent", "never_met"})
#: exact shares said in words, checked in this order: (numerator, denominator, words)
FRACTIONS = (
    (1, 2, "half"),
    (1, 3, "a third"),
    (2, 3, "two thirds"),
    (1, 4, "a quarter"),
    (3, 4, "three quarters"),
)
NO_CASE = "a case without a reference"
#: key messages printed, the weakest first (the seed's guidance gives about ten)
KEY_MESSAGES = 10

RULES = (
    "Figures come from the case audits recorded on the audit form and dated in the period.",
    "A question counts for a case when it was answered Yes, No or Partially; N/A and "
    "unanswered questions are left out of its figures. A good answer is Yes, or No where the "
    "question asks about a shortfall (such as gaps in case recording); Partially is not "
    "counted as good.",
    f"A key message is given for each question with a good answer in fewer than {WEAK_BELOW}% "
    f"of the cases it applied to (when it applied to at least {MIN_GRADED} cases), the "
    f"lowest share first, at most {KEY_MESSAGES}; a question met in none of the cases it "
    "applied to is also a reminder.",
    "Grades are final grades: the moderator's where the audit was moderated, otherwise the "
    "auditor's.",
    "Names and case references are taken out of every quotation; a case is named only by its "
    "pseudonym.",
    "Findings are grouped by theme: a theme's share is its good answers out of the answers to "
    f"its questions that applied; themes are compared only when their questions applied in at "
    f"least {MIN_GRADED} audits.",
    "A comment written in the same words in several audits is quoted once, with how many "
    "audits wrote it; a few are quoted per theme, chosen for different cases, teams and grades; "
    "every comment is in the figures file beside this document.",
    "Good practice is quoted from the auditors' own words under sections judged Outstanding "
    "(or Good, when none was), never from a section anyone judged Requires Improvement or "
    "Inadequate.",
)


def _good_practice_rule(words: Mapping[str, str], bands: Sequence[str]) -> str:
    """The last of RULES, in the grades' printed words."""
    best = (
        f"{words['outstanding']} (or {words['good']}, when none was)"
        if "outstanding" in bands
        else words["good"]
    )
    return (
        f"Good practice is quoted from the auditors' own words under sections judged {best}, "
        f"never from a section anyone judged {improvement_or_inadequate(words)}."
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


def counts_words(good: int, applicable: int, partially: int = 0, *, reverse: bool = False) -> str:
    """ "Yes in 39 of 62 (63%); Partially in 13; No in 10": each answer once, the good one
    first with the base, which the others are part of."""
    good_word, bad_word = ("No", "Yes") if reverse else ("Yes", "No")
    bad = applicable - good - partially
    text = f"{good_word} in {good} of {applicable} ({percent(good, applicable)}%)"
    if partially:
        text += f"; Partially in {partially}"
    if bad:
        text += f"; {bad_word} in {bad}"
    return text


def finding_sentence(
    question: Question,
    good: int,
    applicable: int,
    *,
    partially: int = 0,
    all_applied: bool = True,
    phrase: str | None = None,
) -> str:
    """One finding: "Only a third of the cases audited had SMART outcomes in the plan: Yes in 3
    of 9 (33%); Partially in 2; No in 4."; without a phrase, the question is quoted."""
    if applicable == 0:
        return (
            f"‘{question.text.strip()}’ was not answered for any case audited (it did not "
            "apply, or was left blank)."
        )
    share = share_of_cases(good, applicable, all_applied=all_applied)
    counts = counts_words(good, applicable, partially, reverse=question.reverse)
    if phrase:
        verb = "was" if share.startswith("only one ") else "were"
        sentence = f"{share} {phrase.replace('{were}', verb)}: {counts}."
    else:
        sentence = f"‘{question.text.strip()}’ was answered well in {share}: {counts}."
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
) -> GuidanceFigures:
    """The guidance's figures for audits dated in [start, end] (JSON-ready, deterministic).

    ``audits`` may hold audits of every period: only those dated in the period are counted,
    but the names of all of them are kept out of the quotations. ``problems`` are the
    store's open problems; those of forms dated in the period (and every form with no
    readable audit date, which belongs to no period) become paperwork reminders. The cost is
    linear in the audits: names are taken out by one set built here, once.
    """
    everyone = list(audits)
    period = [a for a in everyone if in_period(a.audit_date, start, end)]
    forms = sorted(
        (a for a in period if a.form == definition.id),
        key=lambda a: (a.audit_date, a.case_reference or "", a.key),
    )
    chosen = chosen_sections(definition, sections)
    scale = [scale_words(definition.grade_scale.words, definition.grade_scale.bands)]
    printed_as = grade_words(scale)
    bands = shown_bands(
        scale,
        [
            count(final(a.overall) for a in forms),
            *(count(final(a.sections.get(s.number)) for a in forms) for s in chosen),
        ],
    )
    anonymiser = Anonymiser(
        {n for a in everyone for n in a.names}, {a.case_reference for a in everyone}
    )
    scrubbed: dict[str, str] = {}

    def anonymous(text: str) -> str:
        done = scrubbed.get(text)
        if done is None:
            done = scrubbed[text] = cut_quote(anonymiser.scrub(text).strip())
        return done

    named: dict[str, str] = {}

    def case(audit: StoredAudit) -> str:
        reference = audit.case_reference
        if not reference:
            return NO_CASE
        pseudonym = named.get(reference)
        if pseudonym is None:
            pseudonym = named[reference] = pseudonyms.of(reference)
        return pseudonym

    words = themes_.ThemeWords(chosen)
    said = themes_.collect(_auditor_comments(forms, chosen, anonymous, case), words)
    answered = Counter((q, v) for a in forms for q, v in a.answers.items())
    section_figures = [
        _section(s, forms, definition.id, said, answered, words=printed_as, bands=bands)
        for s in chosen
    ]
    findings = [f for s in section_figures for f in s["findings"]]
    learning_actions: list[LearningAction] = [
        {"case": case(a), "text": anonymous(text)}
        for a in forms
        for text in a.learning_actions
        if text.strip()
    ]
    learning = themes_.collect(
        ((la["text"], "", la["case"], None, None) for la in learning_actions if la["text"]),
        _LearningWords(words),
    )
    printed: set[str] = set()
    good, level = _good_practice(forms, chosen, anonymous, case, words=words, printed=printed)
    themes = themes_.themes(
        findings, themes_.cases_by_theme(forms, findings), said, learning, printed
    )
    quoted = {q["text"] for t in themes for q in t["quotes"]}
    key_messages = _key_messages(section_figures)
    paperwork = _paperwork(
        forms, _problems_of(definition, everyone, problems), start, end, definition
    ) + _never_met(findings, definition.question_for("consent"))
    reminders: Reminders = {
        "practitioners": [r for r in paperwork if r["key"] in CASE_FILE_REMINDERS],
        "auditors": [r for r in paperwork if r["key"] not in CASE_FILE_REMINDERS],
    }
    flags = rule_flags(forms)
    summary = themes_.summary(themes, len(forms))
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
        "scope": _scope(
            forms, len(period) - len(forms), definition, start, end, words=printed_as, bands=bands
        ),
        "sections": section_figures,
        "key_messages": key_messages,
        "key_messages_sentence": _key_messages_sentence(key_messages, findings, len(forms)),
        "key_messages_printed": key_messages[:KEY_MESSAGES],
        "key_messages_more": _more_messages(len(key_messages)),
        "learning_actions": learning_actions,
        # the guidance is for practitioners: what to keep on the case file goes to them; how
        # the audit form was filled in goes to the auditors, in a section of its own
        "paperwork": paperwork,
        "reminders": reminders,
        "reminders_sentence": _reminders_sentence(
            reminders["practitioners"], consent=definition.question_for("consent") is not None
        ),
        "good_practice": good,
        "good_practice_sentence": themes_.good_practice_sentence(
            level, len(forms), printed_as, bands
        ),
        "rule_flags": _rule_flags(forms, flags, definition.id, printed_as),
        "rules": [*RULES[:-1], _good_practice_rule(printed_as, bands)],
        "weak_below_percent": WEAK_BELOW,
        "min_applicable": MIN_GRADED,
        "themes": themes,
        "learning_other": themes_.learning_group(
            [a for a in learning.values() if a.theme == OTHER_LEARNING], printed
        ),
        "theme_summary": summary,
        "quotes": [themes_.quote(s, s.text in quoted) for s in said.values()],
        "quote_counts": {
            "comments": sum(s.audits for s in said.values()),
            "distinct": len(said),
            "quoted": len(quoted),
        },
        "judgement_rows": [_judgement_row(s) for s in section_figures],
        "next_steps": _next_steps(themes, summary["weakest"], forms, printed_as),
        "grade_words": printed_as,
        "grade_bands": bands,
        "grade_columns": grade_heads(printed_as, bands),
        "grade_key": grade_key(printed_as, bands),
    }


class _LearningWords(themes_.ThemeWords):
    """Learning actions are placed among every theme (they are not written under a section);
    one sharing no word with any theme is "Other learning"."""

    def __init__(self, words: themes_.ThemeWords) -> None:
        self.words, self.of_section = words.words, words.of_section

    def place(self, text: str, section: str | None = None) -> str | None:
        return super().place(text, None) or OTHER_LEARNING


#: the theme of a learning action that shares no word with any theme
OTHER_LEARNING = "Other learning"


def _auditor_comments(
    forms: Sequence[StoredAudit],
    chosen: Sequence[Section],
    anonymous: Callable[[str], str],
    case: Callable[[StoredAudit], str],
) -> Iterable[tuple[str, str, str, str | None, str | None]]:
    for a in forms:
        pseudonym = None
        for s in chosen:
            c = a.comments.get(s.number)
            if c is not None and c.auditor and c.auditor.strip():
                text = anonymous(c.auditor)
                if text:
                    pseudonym = pseudonym or case(a)
                    yield text, s.number, pseudonym, a.team, final(a.sections.get(s.number))


def _key_messages_sentence(
    messages: Sequence[KeyMessage], findings: Sequence[Finding], audits: int
) -> str:
    if messages:
        return (
            "The audits showed that these areas of practice most need to improve, the "
            "weakest first:"
        )
    if not any(f["applicable"] >= MIN_GRADED for f in findings):
        return (
            f"With {_count_words(audits, 'audit', 'audits')}, no question reaches the "
            f"{MIN_GRADED} cases needed to single out an area of practice as weak; the "
            "findings by theme give every figure."
        )
    return (
        f"Every question that applied to at least {MIN_GRADED} cases had a good answer in at "
        f"least {WEAK_BELOW}% of them, so no area of practice is singled out as weak."
    )


def _more_messages(weak: int) -> str:
    more = weak - KEY_MESSAGES
    if more <= 0:
        return ""
    questions = _count_words(more, "more question was", "more questions were")
    return (
        f"{questions[0].upper()}{questions[1:]} met in fewer than {WEAK_BELOW}% of the cases "
        "they applied to; they are among the findings by theme below."
    )


def _reminders_sentence(practitioners: Sequence[Reminder], *, consent: bool) -> str:
    """What comes before the reminders; with none, what was checked (signed consent only
    when the form asks about it)."""
    if practitioners:
        return (
            "Audit has also highlighted some recurrent issues with case paperwork and practice. "
            "Please remember, on every case:"
        )
    met = "every question was met in at least one case where it applied"
    checked = f"Every case audited had signed consent on file, and {met}" if consent else met
    return (
        f"{checked[0].upper()}{checked[1:]}, so there is nothing to remind practitioners of "
        "from this period."
    )


def _never_met(findings: Sequence[Finding], consent: Question | None) -> list[Reminder]:
    """A question met in none of the cases it applied to (however few) is a reminder (the
    consent question has its own)."""
    out = []
    for f in findings:
        if f["applicable"] and not f["good"] and (consent is None or f["id"] != consent.id):
            n = f["applicable"]
            out.append(
                _reminder(
                    "never_met",
                    f"‘{f['text']}’",
                    f"met in none of the {_count_words(n, 'case', 'cases')} where it applied",
                    n,
                    n,
                )
            )
    return out


def _judgement_row(s: SectionFigures) -> JudgementRow:
    g = s["judgements"]["grades"]
    return {
        "title": s["title"],
        "outstanding": g["outstanding"],
        "good": g["good"],
        "requires_improvement": g["requires_improvement"],
        "inadequate": g["inadequate"],
        "not_graded": g["not_graded"],
    }


def _theme_words(t: Theme) -> str:
    name = t["name"][0].lower() + t["name"][1:]
    return f"{name} ({t['good']} of {t['applicable']} answers good, {t['percent']}%)"


def _next_steps(
    themes: Sequence[Theme],
    weakest: Sequence[str],
    forms: Sequence[StoredAudit],
    words: Mapping[str, str] = GRADE_WORDS,
) -> NextSteps:
    """Drafts from the round's figures: the officer writes the rest in the commentary."""
    weak = [t for name in weakest for t in themes if t["name"] == name]
    n = len(forms)
    if weak:
        training = (
            "Training and development would help most where this round was weakest: "
            f"{listed([_theme_words(t) for t in weak])}."
        )
        focus = f"the weakest theme of this round, {_theme_words(weak[0])}"
        next_audit = f"This round's findings suggest the next audit looks again at {focus}."
    else:
        training = (
            f"With {_count_words(n, 'audit', 'audits')}, no theme reaches the {MIN_GRADED} "
            "cases needed to say where training would help most."
        )
        next_audit = (
            f"With {_count_words(n, 'audit', 'audits')}, this round is too small to suggest "
            "what the next audit should focus on."
        )
    low = sum(final(a.overall) in ("requires_improvement", "inadequate") for a in forms)
    if low:
        cases = _count_words(low, "case", "cases")
        verb = "was" if low == 1 else "were"
        them = "it" if low == 1 else "them"
        meetings = (
            f"{cases[0].upper()}{cases[1:]} of the {n} audited {verb} judged "
            f"{improvement_or_inadequate(words)} overall: audit meetings are the place to look "
            f"at {them} with the practitioners and managers who hold {them}."
        )
    else:
        meetings = (
            f"None of the {_count_words(n, 'case', 'cases')} audited was judged "
            f"{improvement_or_inadequate(words)} overall."
        )
    return {"training": training, "meetings": meetings, "next_audit": next_audit}


def _counted(names: Iterable[str | None], missing: str) -> list[Counted]:
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
    *,
    words: Mapping[str, str] = GRADE_WORDS,
    bands: Sequence[str] = GRADE_KEYS[:-1],
) -> Scope:
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
        "overall_table": _grade_rows(overall, words, bands),
        "overall_sentence": grade_sentence(overall, n, "cases audited", words),
    }


def _grade_rows(
    counts: dict[str, int],
    words: Mapping[str, str] = GRADE_WORDS,
    bands: Sequence[str] = GRADE_KEYS[:-1],
) -> list[GradeRow]:
    """One row per grade shown (``bands``), then "not graded" when some audits were."""
    return [
        {"grade": g, "label": words[g], "audits": counts[g]}
        for g in GRADE_KEYS
        if g in bands or (g == "not_graded" and counts[g])
    ]


def _question(
    q: Question,
    section: Section,
    forms: Sequence[StoredAudit],
    phrases: dict[str, str],
    answered: Counter[tuple[str, str | None]],
) -> Finding:
    yes, no, partially, na = (answered[q.id, k] for k in ("yes", "no", "partially", "n/a"))
    applicable = yes + no + partially
    good = no if q.reverse else yes
    share = percent(good, applicable)
    return {
        "id": q.id,
        "section": section.number,
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
        "theme": themes_.theme_of(q, section),
        "counts": counts_words(good, applicable, partially, reverse=q.reverse),
    }


def _section(
    s: Section,
    forms: Sequence[StoredAudit],
    form_id: str,
    said: dict[str, themes_.Said],
    answered: Counter[tuple[str, str | None]],
    *,
    words: Mapping[str, str] = GRADE_WORDS,
    bands: Sequence[str] = GRADE_KEYS[:-1],
) -> SectionFigures:
    phrases = finding_phrases(form_id)
    grades = count(final(a.sections.get(s.number)) for a in forms)
    return {
        "number": s.number,
        "title": s.short_title,
        "theme": s.theme,
        "questions": [{"id": q.id, "text": q.text.strip()} for q in s.questions],
        "findings": [_question(q, s, forms, phrases, answered) for q in s.questions],
        "judgements": {
            "grades": grades,
            "rows": _grade_rows(grades, words, bands),
            "sentence": grade_sentence(grades, len(forms), "cases audited", words),
        },
        # every comment once, with how many audits wrote it: for the officer, not printed
        "recommendations": [
            {"case": c.cases[0], "text": c.text, "audits": c.audits}
            for c in said.values()
            if c.section == s.number
        ],
    }


def _key_messages(sections: Sequence[SectionFigures]) -> list[KeyMessage]:
    weak = [q for s in sections for q in s["findings"] if q["weak"]]
    order = {q["id"]: i for i, q in enumerate(weak)}
    weak.sort(key=lambda q: (q["percent"] or 0, -q["applicable"], order[q["id"]]))
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
            "theme": q["theme"],
        }
        for q in weak
    ]


# --- paperwork reminders ----------------------------------------------------------------------

#: what the reader says of a question left unanswered or not found (a section not found is
#: "not_on_form" too, at "section.<number>")
_QUESTION_CODES = frozenset({"unanswered", "not_on_form"})


def _question_missing(p: StoredProblem) -> bool:
    whole_section = p.place is not None and p.place.kind == "section"
    return p.kind == "missing" and p.code in _QUESTION_CODES and not whole_section


def _header(p: StoredProblem) -> str | None:
    """The header field a problem is in, by its role where it has one (None: not a header's)."""
    return p.place.name if p.place is not None and p.place.kind == "header" else None


def _rating(p: StoredProblem) -> bool:
    return p.place is not None and p.place.kind == "rating"


#: does a problem belong to a reminder? Asked with the form's date fields (by role, else key)
_Takes = Callable[[StoredProblem, frozenset[str]], bool]
#: (key, reminder, what is counted (one, many), does a problem belong to it?) in the order the
#: reminders are printed; a problem goes to the first that takes it
_REMINDERS: tuple[tuple[str, str, tuple[str, str], _Takes], ...] = (
    (
        "audit_date",
        "Record the audit date on every form",
        ("form", "forms"),
        lambda p, _: _header(p) == "audit_date",
    ),
    (
        "other_dates",
        "Record the date of every activity the form asks about (moderation, collaborative "
        "discussion, previous audit)",
        ("date", "dates"),
        lambda p, dates: _header(p) in dates,
    ),
    (
        "signed",
        "Sign every form: write the auditor's name in the header",
        ("form", "forms"),
        lambda p, _: _header(p) == "auditor" and p.kind == "missing",
    ),
    (
        "case_reference",
        "Write the case reference (EISi ID or Holistic ID) on every form",
        ("form", "forms"),
        lambda p, _: _header(p) == "case_reference" and p.kind == "missing",
    ),
    (
        "score_range",
        "Write one whole number for a score, age or length of time: not a range (3-5) or a "
        "half score (1.5)",
        ("value", "values"),
        lambda p, _: p.code in ("range", "not_whole_number"),
    ),
    (
        "unrated",
        "Rate every section: the auditor always, and the moderator whenever the form is moderated",
        ("rating", "ratings"),
        lambda p, _: _rating(p) and p.kind == "missing",
    ),
    (
        "one_choice",
        "Tick one box only for each question and choose one rating",
        ("answer", "answers"),
        lambda p, _: p.kind == "ambiguous",
    ),
    (
        "unanswered",
        "Answer every question, ticking N/A where it does not apply",
        ("question", "questions"),
        lambda p, _: _question_missing(p),
    ),
    (
        "tracked_changes",
        "Accept or reject tracked changes before the form is sent in",
        ("form", "forms"),
        lambda p, _: p.code == "tracked_changes",
    ),
    (
        "unreadable",
        "Use the form's own choices, dates such as 14/04/2016 and whole numbers, so that every "
        "value can be read",
        ("value", "values"),
        lambda p, _: p.kind == "unreadable",
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


def _paperwork(
    forms: Sequence[StoredAudit],
    problems: Iterable[StoredProblem],
    start: dt.date,
    end: dt.date,
    definition: FormDefinition,
) -> list[Reminder]:
    found: dict[str, list[StoredProblem]] = {key: [] for key, *_ in _REMINDERS}
    # the dates of the form's header, by their type: a council's "date_of_discussion" is one
    dates = frozenset(f.role or f.key for f in definition.header if f.type == "date")
    for p in problems:
        if p.origin != "read" or p.file_kind != "form":
            continue
        undated = p.audit_date is None and _header(p) == "audit_date"
        if not (undated or in_period(p.audit_date, start, end)):
            continue
        for key, _, _, takes in _REMINDERS:
            if takes(p, dates):
                found[key].append(p)
                break
    # the question that asks for signed consent on file: a "No" is a paperwork reminder, and
    # so is "Partially" (a form not signed by every parent)
    consent = definition.question_for("consent")
    no_consent = [a for a in forms if consent and a.answers.get(consent.id) in ("no", "partially")]
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
                    f"signed consent missing or incomplete in {_count_words(n, 'case', 'cases')}",
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


def _reminder(key: str, reminder: str, detail: str, n: int, forms: int) -> Reminder:
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
    *,
    words: themes_.ThemeWords,
    printed: set[str],
) -> tuple[list[GoodPractice], str | None]:
    """A few examples in the auditors' words from sections judged Outstanding, else Good;
    and the level they come from (None: no example)."""
    titles = {s.number: s.short_title for s in chosen}
    for level in ("outstanding", "good"):
        found = themes_.good_practice_candidates(
            forms, chosen, level, anonymous=anonymous, case=case, theme_words=words
        )
        if found:
            return themes_.good_practice(found, titles, printed), level
    return [], None


def _rule_flags(
    forms: Sequence[StoredAudit],
    flags: Sequence[Any],
    form: str,
    words: Mapping[str, str] = GRADE_WORDS,
) -> RuleFlags:
    counts = count_flags(flags)
    timeliness: list[TimelinessRow] = []
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
            {"rule": rule, "label": flag_label(rule, words), "audits": n}
            for rule, n in counts.items()
        ],
        "timeliness": timeliness,
    }
