"""Sections and practice areas: final grades per area, and which are strengths.

The rule, stated in the report: an area's share is the percentage of its graded audits whose
final grade is Good or Outstanding. Areas of strength are the STRENGTHS areas with the
highest share, areas for development the STRENGTHS with the lowest (at most half the ranked
areas each, so an area in the lower half is never a strength); ties at the edge are
included, an area needs ``min_graded`` (MIN_GRADED unless a council sets its own) graded
audits to be ranked, and no area is both. The form's sections and the audit log's practice
areas are different instruments, graded on different cases: each is ranked on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from audit_docs.compute.grades import count, final, good_or_better
from audit_docs.records import Rating, StoredAudit

STRENGTHS = 3
#: no area, question or key message is ranked or headlined on fewer graded audits (or
#: applicable cases) than this; such areas are still shown, marked as too few to rank
MIN_GRADED = 5
#: the two instruments, in the order the report shows them, and what each is called
SCHEMES = {
    "form-section": "sections of the audit form",
    "practice-area": "practice areas (audit log and the forms that grade them)",
}


def strength_rule(min_graded: int = MIN_GRADED) -> str:
    return (
        f"Areas of strength are the {STRENGTHS} areas with the highest share of Good or "
        f"Outstanding final grades, and areas for development the {STRENGTHS} with the lowest "
        f"(ties included; with fewer than {2 * STRENGTHS} areas, at most half of them each way). The sections of the audit form and the practice areas of the audit "
        f"log are ranked separately, and an area needs at least {min_graded} graded audits to "
        "be ranked; areas with fewer are shown in the tables, marked as too few to rank. The "
        "final grade is the moderator's where the audit was moderated, otherwise the auditor's."
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
    keys: dict[str, None] = {}
    for a in audits:
        keys.update(dict.fromkeys(a.practice_areas))
    for key in keys:
        ratings = [a.practice_areas[key] for a in audits if key in a.practice_areas]
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
    finals = [final(r) for r in ratings]
    grades = count(finals)
    marked = sum(
        1 for g, r in zip(finals, ratings, strict=True) if g is None and (r.auditor or r.moderator)
    )
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
    return best, worst
