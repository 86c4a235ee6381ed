"""Grades: the final grade rule, counting, and agreement between auditor and moderator."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from audit_docs.compute.thematic import percent
from audit_docs.records import GRADES, Rating

#: the GRADE keys of the figures contract, best first, then no grade
GRADE_KEYS = (*GRADES, "not_graded")
GRADE_WORDS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires Improvement",
    "inadequate": "Inadequate",
    "not_graded": "Not graded",
}
_RANK = {g: i for i, g in enumerate(GRADES)}


def grade_words(own: Iterable[dict[str, str]]) -> dict[str, str]:
    """The word to print for each grade: a council's own word (its form's grade scale, band
    -> word) where every form in use that has the band says the same, else the usual word."""
    said: dict[str, set[str]] = {}
    for scale in own:
        for band, word in scale.items():
            said.setdefault(band, set()).add(word)
    return {
        g: (next(iter(said[g])) if len(said.get(g, ())) == 1 else w) for g, w in GRADE_WORDS.items()
    }


def scale_words(words: Sequence[str], bands: Sequence[str]) -> dict[str, str]:
    """A form's own scale as ``grade_words`` takes it: band -> its first word; the standard
    scale (the definition's default) is the usual words, so a form that keeps it never
    changes what the report prints."""
    if tuple(bands) == GRADES and [w.casefold() for w in words] == [
        GRADE_WORDS[g].casefold() for g in GRADES
    ]:
        return {g: GRADE_WORDS[g] for g in GRADES}
    out: dict[str, str] = {}
    for word, band in zip(words, bands, strict=True):
        out.setdefault(band, word)
    return out


def shown_bands(scales: Iterable[Iterable[str]], counted: Iterable[Mapping[str, int]]) -> list[str]:
    """The grades a document shows as columns, bars and list items, best first: every band
    some form in use grades with, and any other band that holds a count; all four when no
    form is in use (a tracker's grades are the usual four). A council grading Good /
    Adequate / Inadequate gets no empty "Outstanding" column as if it were one of its grades.
    """
    used = {b for scale in scales for b in scale}
    if not used:
        return list(GRADES)
    held = {g for counts in counted for g in GRADES if counts.get(g)}
    return [g for g in GRADES if g in used or g in held]


def or_better(words: Mapping[str, str]) -> str:
    """ "Good or better", in the council's word for Good."""
    return f"{words['good']} or better"


def good_or_outstanding(words: Mapping[str, str], bands: Sequence[str]) -> str:
    """ "Good or Outstanding"; just "Good" on a scale with nothing above it."""
    if "outstanding" not in bands:
        return words["good"]
    return f"{words['good']} or {words['outstanding']}"


def improvement_or_inadequate(words: Mapping[str, str]) -> str:
    """ "Requires Improvement or Inadequate", in the council's words."""
    return f"{words['requires_improvement']} or {words['inadequate']}"


#: a grade's word longer than this is shortened to its initials in a table heading, spelled
#: out in the key under the table ("RI: Requires Improvement."), so no heading breaks a word
HEAD_CHARS = 12


def _head(word: str) -> str:
    parts = word.split()
    if len(word) <= HEAD_CHARS or len(parts) < 2:
        return word
    return "".join(p[0].upper() for p in parts)


def grade_heads(words: Mapping[str, str], bands: Sequence[str]) -> list[dict[str, str]]:
    """The grade columns of a table: {"key": band, "head": its heading, "word": its word}."""
    return [{"key": g, "head": _head(words[g]), "word": words[g]} for g in bands]


def grade_key(words: Mapping[str, str], bands: Sequence[str]) -> str:
    """The key under a table whose headings shorten a grade: "RI: Requires Improvement."."""
    short = [h for h in grade_heads(words, bands) if h["head"] != h["word"]]
    return "; ".join(f"{h['head']}: {h['word']}" for h in short) + "." if short else ""


#: weighted kappa is quoted only from this many compared pairs: on fewer, one pair more or
#: less swings it from "poor" to "almost perfect"
MIN_PAIRS = 10


def final(rating: Rating | None) -> str | None:
    """The contract's final grade: the moderator's where given, otherwise the auditor's.

    Only the four grades count; "n/a" or "not recorded" in a tracker is no grade.
    """
    if rating is None:
        return None
    for grade in (rating.moderator, rating.auditor):
        if grade in _RANK:
            return grade
    return None


def count(grades: Iterable[str | None]) -> dict[str, int]:
    """{GRADE: n} with every key present; anything that is not a grade is not_graded."""
    counts = dict.fromkeys(GRADE_KEYS, 0)
    for g in grades:
        counts[g if g in _RANK else "not_graded"] += 1
    return counts


def graded(counts: dict[str, int]) -> int:
    return sum(counts[g] for g in GRADES)


def good_or_better(counts: dict[str, int]) -> tuple[int, int, int | None]:
    """(Outstanding + Good, graded, percent) — the share used to rank strengths."""
    n = counts["outstanding"] + counts["good"]
    total = graded(counts)
    return n, total, percent(n, total)


def compare(auditor: str | None, moderator: str | None) -> str | None:
    """agreed / upgraded (moderator's grade better) / downgraded; None unless both graded."""
    if auditor not in _RANK or moderator not in _RANK:
        return None
    if auditor == moderator:
        return "agreed"
    return "upgraded" if _RANK[moderator] < _RANK[auditor] else "downgraded"


@dataclass(frozen=True)
class Agreement:
    """How far moderators agreed with auditors on a set of paired grades."""

    n: int
    agreed: int
    #: exact agreement, percent of n
    percent: int | None
    #: quadratic-weighted Cohen's kappa; None when there are fewer than ``min_pairs`` pairs
    #: or it cannot be computed (every grade the same, so chance agreement is total)
    kappa: float | None
    min_pairs: int = MIN_PAIRS

    @property
    def kappa_text(self) -> str:
        """What a table cell says: "0.85 (almost perfect)", or why there is no kappa."""
        if self.n < self.min_pairs:
            return f"too few pairs to measure (n = {self.n})"
        if self.kappa is None:
            return "not measurable (every grade the same)"
        return f"{self.kappa:.2f} ({self.kappa_words})"

    @property
    def kappa_words(self) -> str:
        """Landis and Koch's words for the size of kappa, as QA reports usually quote them."""
        k = self.kappa
        if k is None:
            return "not measurable"
        for limit, words in (
            (0.0, "poor"),
            (0.20, "slight"),
            (0.40, "fair"),
            (0.60, "moderate"),
            (0.80, "substantial"),
        ):
            if k <= limit:
                return words
        return "almost perfect"


def agreement(
    pairs: Iterable[tuple[str | None, str | None]], min_pairs: int = MIN_PAIRS
) -> Agreement:
    """Exact agreement and quadratic-weighted kappa over (auditor, moderator) pairs.

    Kappa weighs a disagreement by the square of its distance on the four-point scale (Good
    against Requires Improvement costs a quarter of Outstanding against Requires
    Improvement) and corrects for the agreement expected by chance, so it says more than the
    share of exact agreement when most grades are the same.
    """
    both = [(_RANK[a], _RANK[m]) for a, m in pairs if a in _RANK and m in _RANK]
    n = len(both)
    agreed = sum(1 for a, m in both if a == m)
    if n < max(min_pairs, 2):
        return Agreement(n, agreed, percent(agreed, n), None, min_pairs)
    k = len(GRADES)
    rows = [sum(1 for a, _ in both if a == i) for i in range(k)]
    cols = [sum(1 for _, m in both if m == j) for j in range(k)]
    observed = sum((a - m) ** 2 for a, m in both) / n
    expected = sum(rows[i] * cols[j] * (i - j) ** 2 for i in range(k) for j in range(k)) / (n * n)
    kappa = None if expected == 0 else round(1 - observed / expected, 2)
    return Agreement(n, agreed, percent(agreed, n), kappa, min_pairs)
