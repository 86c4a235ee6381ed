"""Thematic audit rounds: evidenced / applicable / percent per measure.

The rule is the contract's (docs/contracts/report-figures.md): a tick is evidenced, a cross or
"nothing recorded" is not evidenced, and anything else written, or nothing, means the measure
does not apply to that case, which leaves the denominator. The tracker reader has already
turned each cell into True, False or the words written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from audit_docs.compute.figures import RoundFigures
from audit_docs.records import ThematicResult, TrackerRecord, TrackerScalar


@dataclass(frozen=True)
class MeasureCount:
    label: str
    evidenced: int
    applicable: int
    #: round half up of 100 * evidenced / applicable; None when nothing applies
    percent: int | None


@dataclass(frozen=True)
class ThematicRound:
    source: str
    sheet: str
    table: int
    title: str | None
    date: dt.date | None
    cases: int
    measures: tuple[MeasureCount, ...]

    def to_dict(self) -> RoundFigures:
        """The contract's shape: {"title", "date", "cases", "measures": [...]}."""
        return {
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "cases": self.cases,
            "measures": [
                {
                    "label": m.label,
                    "evidenced": m.evidenced,
                    "applicable": m.applicable,
                    "percent": m.percent,
                }
                for m in self.measures
            ],
        }


def percent(numerator: int, denominator: int) -> int | None:
    """100 * numerator / denominator rounded half up (12.5 -> 13), None for 0 / 0."""
    if denominator <= 0:
        return None
    return (200 * numerator + denominator) // (2 * denominator)


def count_measure(label: str, marks: Iterable[Any]) -> MeasureCount:
    """True counts as evidenced, False as not evidenced; anything else does not apply."""
    evidenced = applicable = 0
    for mark in marks:
        if mark is True:
            evidenced += 1
            applicable += 1
        elif mark is False:
            applicable += 1
    return MeasureCount(label, evidenced, applicable, percent(evidenced, applicable))


def thematic_rounds(records: Iterable[TrackerRecord]) -> list[ThematicRound]:
    """One round per thematic table (file, sheet, table), in date order; measures in the
    order their columns stand."""
    groups: dict[tuple[str, str, int], list[TrackerRecord]] = {}
    for r in records:
        if r.kind == "thematic":
            groups.setdefault((r.source, r.sheet, r.table), []).append(r)
    rounds = []
    for (source, sheet, table), rows in groups.items():
        marks = [_measures(r) for r in rows]
        labels = dict.fromkeys(label for m in marks for label in m)
        measures = tuple(count_measure(label, (m.get(label) for m in marks)) for label in labels)
        first = rows[0].fields
        title = first.get("round_title")
        date = first.get("round_date")
        rounds.append(
            ThematicRound(
                source,
                sheet,
                table,
                title if isinstance(title, str) else None,
                date if isinstance(date, dt.date) else None,
                len(rows),
                measures,
            )
        )
    rounds.sort(key=lambda x: (x.date or dt.date.max, x.source, x.sheet, x.table))
    return rounds


def _measures(record: TrackerRecord) -> dict[str, TrackerScalar]:
    value = record.fields.get("measures")
    return value if isinstance(value, dict) else {}


_MARKS = {"evidenced": True, "not_evidenced": False}


def stored_rounds(results: Iterable[ThematicResult]) -> list[ThematicRound]:
    """The same rounds from the store's rows (one per case and measure)."""
    groups: dict[tuple[str, str, int], list[ThematicResult]] = {}
    for r in results:
        groups.setdefault((r.source, r.sheet, r.table), []).append(r)
    rounds = []
    for (source, sheet, table), rows in groups.items():
        labels = list(dict.fromkeys(r.measure for r in rows))
        measures = tuple(
            count_measure(
                label, (_MARKS.get(r.result, r.written) for r in rows if r.measure == label)
            )
            for label in labels
        )
        first = rows[0]
        cases = len({r.row for r in rows})
        rounds.append(
            ThematicRound(
                source, sheet, table, first.round_title, first.round_date, cases, measures
            )
        )
    rounds.sort(key=lambda x: (x.date or dt.date.max, x.source, x.sheet, x.table))
    return rounds
