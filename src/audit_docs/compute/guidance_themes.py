"""The guidance's learning by theme: findings grouped, comments chosen, good practice found.

- A question's theme is its form's ``theme:`` ("The voice of the child"); a form without
  themes is grouped by its sections' titles.
- A theme's share is its good answers over the answers that applied, across its questions; it
  is compared with the others only when its questions applied in at least MIN_GRADED audits.
- A comment is quoted once, however many audits wrote it in the same words (case, spacing and
  end punctuation aside), with how many did ("in 42 audits"). It belongs to the theme of its
  section whose questions share most words with it. A few are quoted per theme, chosen for
  variety (another case, team, grade) and a readable length; the rest stay in the JSON.
- Good practice is the auditor's own words under a section graded Outstanding (Good when no
  section was), never a moderator's remark, never a section the auditor or moderator graded
  Requires Improvement or Inadequate.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from audit_docs.compute.grades import GRADE_WORDS, final, good_or_outstanding
from audit_docs.compute.guidance_types import (
    Finding,
    GoodPractice,
    LearningExample,
    LearningGroup,
    Quote,
    Theme,
    ThemeSummary,
)
from audit_docs.compute.messages import listed
from audit_docs.compute.sections import MIN_GRADED
from audit_docs.compute.thematic import percent
from audit_docs.read.formdef import Question, Section
from audit_docs.records import GRADES, StoredAudit

#: quotes per theme, good-practice examples, learning examples per theme
QUOTES_PER_THEME = 3
GOOD_PRACTICE_EXAMPLES = 4
LEARNING_EXAMPLES = 2
#: the length of a quote that reads well: long enough to say something, short enough to read
SHORT_QUOTE, LONG_QUOTE = 40, 320
#: a comment shorter than this says too little to quote ("Agree.")
MIN_QUOTE = 20
#: the strongest and weakest themes named, each way (at most half of the ranked ones)
NAMED_EACH_WAY = 2
_APPLIES = frozenset({"yes", "no", "partially"})
_BAD_GRADES = frozenset({"requires_improvement", "inadequate"})
_WORDS = re.compile(r"[a-z]+")
#: words too common to tell one theme from another
_STOP_WORDS = (
    "about after also been before being case cases does done every from have here into "
    "more need needs only other over same should some such than that their them then there "
    "these they this those through under very were what when where which while with would "
    "your yes"
)
_STOP = frozenset(_STOP_WORDS.split())
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def theme_of(question: Question, section: Section) -> str:
    return question.theme or section.short_title


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def vocabulary(text: str) -> set[str]:
    """The content words of a text, lower case, plurals folded: what two texts share."""
    return {_stem(w) for w in _WORDS.findall(text.casefold()) if len(w) > 3 and w not in _STOP}


def _same_words(text: str) -> str:
    """What two comments must share to be one quote: words, not case, spacing or end stop."""
    return " ".join(text.casefold().split()).rstrip(" .!;")


class ThemeWords:
    """Each theme's words (its name, its questions and their advice), to place a comment."""

    def __init__(self, sections: Sequence[Section]) -> None:
        self.words: dict[str, set[str]] = {}
        self.of_section: dict[str, list[str]] = {}
        for s in sections:
            names: list[str] = []
            for q in s.questions:
                name = theme_of(q, s)
                self.words.setdefault(name, vocabulary(name))
                self.words[name] |= vocabulary(f"{q.text} {q.advice or ''}")
                if name not in names:
                    names.append(name)
            self.of_section[s.number] = names or [s.short_title]
            for name in self.of_section[s.number]:
                self.words.setdefault(name, vocabulary(name))

    def place(self, text: str, section: str | None = None) -> str | None:
        """The theme sharing most words with ``text`` (among ``section``'s, when given); ties
        and no shared word go to the section's first theme (None without a section)."""
        candidates = self.of_section.get(section, []) if section else list(self.words)
        words = vocabulary(text)
        best, score = (candidates[0] if section and candidates else None), 0
        for name in candidates:
            shared = len(words & self.words[name])
            if shared > score:
                best, score = name, shared
        return best


@dataclass
class Said:
    """One comment in the same words, and where it was written."""

    text: str
    section: str
    theme: str
    audits: int = 0
    cases: list[str] = field(default_factory=list)
    teams: set[str] = field(default_factory=set)
    grades: set[str] = field(default_factory=set)

    def add(self, case: str, team: str | None, grade: str | None) -> None:
        self.audits += 1
        if len(self.cases) < 3:  # enough to tell one case from several, and to name one
            self.cases.append(case)
        self.teams.add(team or "")
        self.grades.add(grade or "not_graded")

    @property
    def said(self) -> str:
        return f"in {self.audits} audits" if self.audits > 1 else self.cases[0]


def collect(
    comments: Iterable[tuple[str, str, str, str | None, str | None]],
    theme_words: ThemeWords,
) -> dict[str, Said]:
    """(text, section, case, team, grade) -> one Said per wording, in first-written order."""
    out: dict[str, Said] = {}
    keys: dict[str, str] = {}
    for text, section, case, team, grade in comments:
        key = keys.get(text)
        if key is None:
            key = keys[text] = _same_words(text)
        said = out.get(key)
        if said is None:
            theme = theme_words.place(text, section) or section
            said = out[key] = Said(text, section, theme)
        said.add(case, team, grade)
    return out


def _sentences(text: str) -> set[str]:
    """The sentences of a text long enough to be noticed when printed again."""
    return {_same_words(s) for s in _SENTENCE.split(text) if len(s) >= SHORT_QUOTE}


def choose(
    candidates: Sequence[Said], limit: int, printed: set[str], usable: Callable[[Said], bool]
) -> list[Said]:
    """Up to ``limit`` comments for variety: each pick prefers a case, team and grade not yet
    quoted, a readable length, then more audits saying it; a comment sharing a sentence with
    one already printed (``printed``, updated) is skipped, so nothing is read three times."""
    chosen: list[Said] = []
    cases: set[str] = set()
    teams: set[str] = set()
    grades: set[str] = set()
    pool = [
        c
        for c in candidates
        if len(c.text) >= MIN_QUOTE and usable(c) and not (_sentences(c.text) & printed)
    ]
    while pool and len(chosen) < limit:

        def score(c: Said) -> tuple[float, int, str]:
            variety = 2 * bool(set(c.cases) - cases) + bool(c.teams - teams)
            variety += 2 * bool(c.grades - grades)
            length = 1 if SHORT_QUOTE <= len(c.text) <= LONG_QUOTE else 0
            return (variety + length + math.log10(c.audits), -len(c.text), c.text)

        best = max(pool, key=score)
        chosen.append(best)
        cases.update(best.cases)
        teams.update(best.teams)
        grades.update(best.grades)
        printed |= _sentences(best.text)
        pool = [c for c in pool if c is not best and not (_sentences(c.text) & printed)]
    return chosen


def quote(said: Said, chosen: bool) -> Quote:
    return {
        "text": said.text,
        "audits": said.audits,
        "theme": said.theme,
        "section": said.section,
        "grades": sorted(said.grades),
        "teams": len(said.teams),
        "chosen": chosen,
        "said": said.said,
    }


# --- good practice ----------------------------------------------------------------------------


def good_practice_candidates(
    forms: Sequence[StoredAudit],
    sections: Sequence[Section],
    level: str,
    *,
    anonymous: Callable[[str], str],
    case: Callable[[StoredAudit], str],
    theme_words: ThemeWords,
) -> dict[str, Said]:
    """The auditor's words under sections whose final grade is ``level`` and that nobody
    graded Requires Improvement or Inadequate."""

    def comments() -> Iterable[tuple[str, str, str, str | None, str | None]]:
        for s in sections:
            for a in forms:
                rating = a.sections.get(s.number)
                if rating is None or final(rating) != level:
                    continue
                if {rating.auditor, rating.moderator} & _BAD_GRADES:
                    continue
                comment = a.comments.get(s.number)
                text = anonymous(comment.auditor) if comment and comment.auditor else ""
                if text:
                    yield text, s.number, case(a), a.team, level

    return collect(comments(), theme_words)


def good_practice(
    found: dict[str, Said], titles: dict[str, str], printed: set[str]
) -> list[GoodPractice]:
    chosen = choose(list(found.values()), GOOD_PRACTICE_EXAMPLES, printed, lambda _: True)
    return [
        {
            "case": c.cases[0],
            "section": c.section,
            "title": titles[c.section],
            "comment": c.text,
            "comment_by": "auditor",
            "audits": c.audits,
            "said": c.said,
            "theme": c.theme,
        }
        for c in chosen
    ]


def good_practice_sentence(
    level: str | None,
    audits: int,
    words: Mapping[str, str] = GRADE_WORDS,
    bands: Sequence[str] = GRADES,
) -> str:
    """What the good practice quoted is, in the grades' printed words (a council's own)."""
    best, good = words["outstanding"], words["good"]
    if level == "outstanding":
        return (
            f"These sections were judged {best}. What made them {best.lower()}, in the "
            "auditors' own words:"
        )
    none_best = (
        f"No section was judged {best} with the auditor's own words on it. "
        if "outstanding" in bands
        else ""
    )
    if level == "good":
        return (
            f"{none_best}These sections were judged {good}; what made them {good.lower()}, in "
            "the auditors' words:"
        )
    return (
        f"None of the {audits} audits has a section judged {good_or_outstanding(words, bands)} "
        "with the auditor's own words on what made it so, so there is no example to share."
    )


# --- themes -----------------------------------------------------------------------------------


def cases_by_theme(forms: Iterable[StoredAudit], findings: Sequence[Finding]) -> dict[str, int]:
    """theme -> the audits in which at least one of its questions applied."""
    theme = {f["id"]: f["theme"] for f in findings}
    out = dict.fromkeys(theme.values(), 0)
    for a in forms:
        applied = {theme[q] for q, v in a.answers.items() if q in theme and v in _APPLIES}
        for name in applied:
            out[name] += 1
    return out


def theme_sentence(good: int, applicable: int, questions: int, cases: int) -> str:
    asked = f"its {questions} questions" if questions > 1 else "its question"
    if applicable == 0:
        return f"None of {asked} applied to a case audited."
    share = percent(good, applicable)
    rank = "" if cases >= MIN_GRADED else f"; in {cases} audits, too few to compare"
    return (
        f"Good answers in {good} of the {applicable} answers to {asked} that applied "
        f"({share}%){rank}."
    )


def learning_group(actions: Sequence[Said], printed: set[str]) -> LearningGroup:
    total = sum(a.audits for a in actions)
    ordered = sorted(actions, key=lambda a: (-a.audits, a.text))
    examples: list[LearningExample] = []
    for a in ordered:
        if len(examples) == LEARNING_EXAMPLES:
            break
        if _sentences(a.text) & printed:
            continue
        printed |= _sentences(a.text)
        examples.append({"text": a.text, "audits": a.audits, "said": a.said})
    if not total:
        sentence = ""
    else:
        what = "learning action was" if total == 1 else "learning actions were"
        sentence = f"{total} {what} recorded"
        sentence += ", for example:" if examples else "."
    return {"count": total, "examples": examples, "sentence": sentence}


def themes(
    findings: Sequence[Finding],
    cases: dict[str, int],
    said: dict[str, Said],
    learning: dict[str, Said],
    printed: set[str],
) -> list[Theme]:
    """Every theme with its findings, quotes and learning actions: the ranked ones strongest
    first, then those with too few audits to compare, in the form's order."""
    names: list[str] = []
    for f in findings:
        if f["theme"] not in names:
            names.append(f["theme"])
    out: list[Theme] = []
    for name in names:
        mine = [f for f in findings if f["theme"] == name]
        good = sum(f["good"] for f in mine)
        applicable = sum(f["applicable"] for f in mine)
        audits = cases.get(name, 0)
        out.append(
            {
                "name": name,
                "good": good,
                "applicable": applicable,
                "cases": audits,
                "percent": percent(good, applicable),
                "ranked": audits >= MIN_GRADED and applicable > 0,
                "sentence": theme_sentence(good, applicable, len(mine), audits),
                "findings": mine,
                "quotes": [],
                "quotes_total": sum(1 for s in said.values() if s.theme == name),
                "learning": {"count": 0, "examples": [], "sentence": ""},
            }
        )
    out.sort(key=lambda t: (not t["ranked"], -(t["percent"] or 0) if t["ranked"] else 0))
    # the weakest themes choose their quotes and examples first: they need them most
    for t in sorted(out, key=lambda t: (not t["ranked"], t["percent"] or 0)):
        mine_said = [s for s in said.values() if s.theme == t["name"]]
        picked = choose(mine_said, QUOTES_PER_THEME, printed, lambda _: True)
        t["quotes"] = [quote(s, True) for s in picked]
        t["learning"] = learning_group(
            [a for a in learning.values() if a.theme == t["name"]], printed
        )
    return out


def _named(theme: Theme) -> str:
    return f"{theme['name'][0].lower()}{theme['name'][1:]} ({theme['percent']}%)"


def summary(all_themes: Sequence[Theme], audits: int) -> ThemeSummary:
    """The strongest and weakest themes, in a sentence; or why none can be named."""
    ranked = [t for t in all_themes if t["ranked"]]
    if len(ranked) < 2:
        return {
            "strongest": [],
            "weakest": [],
            "sentence": (
                f"With {audits} audit{'s' if audits != 1 else ''}, fewer than two themes reach "
                f"the {MIN_GRADED} cases needed to compare them; each theme's figures are "
                "below."
            ),
        }
    each = min(NAMED_EACH_WAY, len(ranked) // 2)
    strongest, weakest = ranked[:each], ranked[-each:][::-1]
    sentence = (
        f"Practice was strongest in {listed([_named(t) for t in strongest])}, and weakest in "
        f"{listed([_named(t) for t in weakest])} (the share of good answers to each theme's "
        "questions)."
    )
    return {
        "strongest": [t["name"] for t in strongest],
        "weakest": [t["name"] for t in weakest],
        "sentence": sentence[0].upper() + sentence[1:],
    }
