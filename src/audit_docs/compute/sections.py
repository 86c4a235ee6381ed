"""Sections and practice areas: final grades per area, and which are strengths.

The rule, stated in the report: an area's share is the percentage of its graded audits whose
final grade is Good or Outstanding. Areas of strength are the STRENGTHS areas with the
highest share, areas for development the STRENGTHS with the lowest; ties at the edge are
included, an area needs MIN_GRADED graded audits to be ranked, and no area is both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from audit_docs.compute.grades import count, final, good_or_better
from audit_docs.records import StoredAudit

STRENGTHS = 3
MIN_GRADED = 3
RULE = (
    f"Areas of strength are the {STRENGTHS} sections or practice areas with the highest share "
    f"of Good or Outstanding final grades, and areas for development the {STRENGTHS} with the "
    f"lowest (ties included; an area needs at least {MIN_GRADED} graded audits to be ranked). "
    "The final grade is the moderator's where the audit was moderated, otherwise the auditor's."
)


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

    def to_dict(self) -> dict[str, object]:
        return {
            "scheme": self.scheme,
            "key": self.key,
            "title": self.title,
            "grades": self.grades,
            "good_or_better": self.good_or_better,
            "graded": self.graded,
            "percent": self.percent,
            "not_applicable": self.not_applicable,
        }


def area_title(key: str) -> str:
    return key.replace("_", " ").capitalize()


def area_grades(audits: Sequence[StoredAudit], section_titles: dict[str, str]) -> list[AreaGrades]:
    """Final grades per form section ("2".."8", in form order), then per practice area."""
    result = []
    for number, title in section_titles.items():
        ratings = [a.sections[number] for a in audits if number in a.sections]
        if ratings:
            result.append(
                _area("form-section", number, title, [final(r) for r in ratings], ratings)
            )
    keys: dict[str, None] = {}
    for a in audits:
        keys.update(dict.fromkeys(a.practice_areas))
    for key in keys:
        ratings = [a.practice_areas[key] for a in audits if key in a.practice_areas]
        area = _area("practice-area", key, area_title(key), [final(r) for r in ratings], ratings)
        if area.graded or area.not_applicable:
            result.append(area)
    return result


def _area(scheme: str, key: str, title: str, finals: list[str | None], ratings) -> AreaGrades:
    grades = count(g for g in finals if g is not None)
    marked = sum(
        1 for g, r in zip(finals, ratings, strict=True) if g is None and (r.auditor or r.moderator)
    )
    grades["not_graded"] = 0
    n, total, pct = good_or_better(grades)
    return AreaGrades(scheme, key, title, grades, n, total, pct, marked)


def strengths(areas: Iterable[AreaGrades]) -> tuple[list[AreaGrades], list[AreaGrades]]:
    """(areas of strength, areas for development) under RULE."""
    ranked = sorted(
        (a for a in areas if a.graded >= MIN_GRADED and a.percent is not None),
        key=lambda a: (-a.percent, a.title),
    )
    if not ranked:
        return [], []
    top_cut = ranked[min(STRENGTHS, len(ranked)) - 1].percent
    best = [a for a in ranked if a.percent >= top_cut]
    bottom_cut = ranked[max(len(ranked) - STRENGTHS, 0)].percent
    worst = [a for a in reversed(ranked) if a.percent <= bottom_cut and a not in best]
    if best and worst and best[-1].percent == worst[0].percent:
        worst = []  # every area scores the same: nothing stands out
    return best, worst
