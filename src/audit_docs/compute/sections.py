"""Sections and practice areas: final grades per area, and which are strengths.

The rule, stated once in the report (``strength_rule``): an area's share is the percentage of
its graded audits whose final grade is Good or Outstanding. Areas for development are the
STRENGTHS areas with the lowest share (at most half the ranked areas). An area of strength is
among the STRENGTHS with the highest share (at most half) *and* has at least half of its graded
audits Good or better *and* a higher share than every area for development of the same period,
whatever the instrument (issue 21: in a weak quarter a minority-Good area is no strength).
Ties at the edge are included, an area needs ``min_graded`` (MIN_GRADED unless a council sets
its own) graded audits to be ranked, and no area is both. The form's sections and the audit
log's practice areas are different instruments, graded on different cases: each is ranked on
its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from audit_docs.compute.grades import (
    GRADE_KEYS,
    GRADE_WORDS,
    final,
    good_or_better,
    good_or_outstanding,
    or_better,
)
from audit_docs.records import GRADES, Rating, StoredAudit

STRENGTHS = 3
#: no area, question or key message is ranked or headlined on fewer graded audits (or
#: applicable cases) than this; such areas are still shown, marked as too few to rank
MIN_GRADED = 5
#: the two instruments, in the order the report shows them, and what each is called
SCHEMES = {
    "form-section": "sections of the audit form",
    "practice-area": "practice areas (audit log and the forms that grade them)",
}


def strength_rule(
    min_graded: int = MIN_GRADED,
    words: Mapping[str, str] = GRADE_WORDS,
    bands: Sequence[str] = GRADES,
) -> str:
    return (
        f"How areas are named: areas for development are the {STRENGTHS} areas with the lowest "
        f"share of {good_or_outstanding(words, bands)} final grades; an area of strength is "
        f"among the {STRENGTHS} with the highest share, has at least half of its graded audits "
        f"{or_better(words)}, and stands above every area for development of the same period, whatever "
        f"the instrument (ties included; with fewer than {2 * STRENGTHS} areas, at most half "
        "of them each way). The sections of each audit form and the practice areas are ranked "
        f"separately, an area needs at least {min_graded} graded audits to be ranked (fewer "
        "are marked † in the tables), and audits of a thematic round are ranked within their "
        "round. The final grade is the moderator's where the audit was moderated, otherwise "
        "the auditor's."
    )


#: the rule with the default threshold (kept for readers of the old name)
RULE = strength_rule()


@dataclass(frozen=True)
class AreaGrades:
    scheme: str  # form-section | practice-area
    key: str
    title: str
    grades: dict[str, int]
    #: graded audits with a final grade of Good or Outstanding, and of all graded
    good_or_better: int
    graded: int
    percent: int | None
    #: "n/a" / "not recorded" entries: the area did not apply or was not graded
    not_applicable: int


def area_title(key: str) -> str:
    return key.replace("_", " ").capitalize()


def area_grades(
    audits: Sequence[StoredAudit], section_titles: dict[str, str], form: str | None = None
) -> list[AreaGrades]:
    """Final grades per section of one form (in form order), then per practice area.

    A form section counts every audit of the form ``form`` (of any form when None): one
    whose section has no final grade is ``not_graded`` there, so each section's counts add
    up to the forms. Practice areas count every audit, whichever form or log graded them.
    """
    result = []
    forms = [a for a in audits if a.form and (form is None or a.form == form)]
    for number, title in section_titles.items():
        ratings = [a.sections.get(number, Rating()) for a in forms]
        if any(number in a.sections for a in forms):
            result.append(_area("form-section", number, title, ratings))
    # one pass over the audits: each area's ratings in the audits' order, the areas in the
    # order first met
    by_key: dict[str, list[Rating]] = {}
    for a in audits:
        for key, rating in a.practice_areas.items():
            by_key.setdefault(key, []).append(rating)
    for key, ratings in by_key.items():
        area = _area("practice-area", key, area_title(key), ratings)
        if area.graded or area.not_applicable:
            result.append(area)
    return result


def practice_area_grades(key: str, title: str, audits: Sequence[StoredAudit]) -> AreaGrades:
    """One practice area's grades over ``audits`` (e.g. a thematic round's cases)."""
    return _area(
        "practice-area",
        key,
        title,
        [a.practice_areas[key] for a in audits if key in a.practice_areas],
    )


def _area(scheme: str, key: str, title: str, ratings: Sequence[Rating]) -> AreaGrades:
    # the final grade once per distinct pair of grades (there are few), not once per rating
    pairs = Counter((r.auditor, r.moderator) for r in ratings)
    finals = {pair: final(Rating(*pair)) for pair in pairs}
    grades = dict.fromkeys(GRADE_KEYS, 0)
    for pair, n in pairs.items():
        grades[finals[pair] or "not_graded"] += n
    marked = sum(n for p, n in pairs.items() if finals[p] is None and (p[0] or p[1]))
    if scheme == "practice-area":
        grades["not_graded"] = 0  # an audit-log row without the area is not an audit of it
    n, total, pct = good_or_better(grades)
    return AreaGrades(scheme, key, title, grades, n, total, pct, marked)


def strengths(
    areas: Iterable[AreaGrades], min_graded: int = MIN_GRADED
) -> tuple[list[AreaGrades], list[AreaGrades]]:
    """(areas of strength, areas for development) under the rule, among ``areas`` of one
    scheme (the caller never mixes the form's sections with the audit log's areas). Areas
    with the same share keep the order they are given in (the form's), never their titles'."""
    ranked = sorted(
        (a for a in areas if a.graded >= min_graded and a.percent is not None),
        key=lambda a: -(a.percent or 0),  # ties stay in the order given (the form's)
    )
    # with fewer than 2 × STRENGTHS areas, each side takes at most half of them, so an area
    # in the lower half is never called a strength (of two areas, one each way)
    take = min(STRENGTHS, len(ranked) // 2)
    if take == 0 or ranked[0].percent == ranked[-1].percent:
        return [], []  # one area, or every area scores the same: nothing stands out
    top_cut = ranked[take - 1].percent or 0
    bottom_cut = ranked[len(ranked) - take].percent or 0
    best = [a for a in ranked if (a.percent or 0) >= top_cut]
    worst = [a for a in reversed(ranked) if (a.percent or 0) <= bottom_cut and a not in best]
    return standing_out(best, worst), worst


def at_least_half(a: AreaGrades) -> bool:
    """Half or more of the area's graded audits are Good or better (exactly, not rounded)."""
    return a.graded > 0 and 2 * a.good_or_better >= a.graded


def above(a: AreaGrades, b: AreaGrades) -> bool:
    """``a``'s share of Good or better is higher than ``b``'s (compared exactly)."""
    return a.good_or_better * b.graded > b.good_or_better * a.graded


def standing_out(best: Iterable[AreaGrades], development: Iterable[AreaGrades]) -> list[AreaGrades]:
    """The candidates that are strengths under the rule: at least half Good or better and
    above every area for development of the period (of any instrument)."""
    below = list(development)
    return [a for a in best if at_least_half(a) and all(above(a, d) for d in below)]
