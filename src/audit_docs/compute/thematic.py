"""Thematic audit rounds: evidenced / applicable / percent per measure.

The rule is the contract's (docs/contracts/report-figures.md): a tick is evidenced, a cross or
"nothing recorded" is not evidenced, and anything else written, or nothing, means the measure
does not apply to that case, which leaves the denominator. The tracker reader has already
turned each cell into True, False or the words written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
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


# --- one theme, one series (issue 21) ----------------------------------------------------------

#: measure key -> its label and the other names a tracker may give it (the thematic tracker
#: definition's measure columns)
MeasureNames = dict[str, tuple[str, ...]]

_WORD = re.compile(r"[^\W_]+")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
]
#: words that name when or how a round was held, not its theme
_NOT_THEME = {*_MONTHS, "round", "audit", "audits", "thematic", "tool", "of", "the", "and", "q"}


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORD.findall(text))


def measure_key(label: str, names: MeasureNames) -> str | None:
    """The definition's key for a measure header: its label or an alias exactly (case,
    spacing and punctuation aside), else the longest label or alias standing as whole words
    inside the header ("Child present at TAF meeting" holds "present at taf meeting"); None
    for a measure the definition does not know, or one two keys claim equally."""
    words = _words(label)
    for key, spellings in names.items():
        if any(_words(s) == words for s in spellings):
            return key
    found: dict[str, int] = {}
    for key, spellings in names.items():
        for s in spellings:
            w = _words(s)
            if len(w) >= 2 and any(words[i : i + len(w)] == w for i in range(len(words))):
                found[key] = max(found.get(key, 0), len(w))
    if not found:
        return None
    best = max(found.values())
    keys = [k for k, n in found.items() if n == best]
    return keys[0] if len(keys) == 1 else None


def theme_words(title: str | None) -> tuple[str, ...]:
    """A round's title without its dates and the words every round's title shares:
    "Voice of the child – April 2017" and "VOICE OF THE CHILD (Aug 16)" are one theme;
    a title that is only a date (a round named after its sheet) has none."""
    return tuple(
        w for w in _words(title or "") if w not in _NOT_THEME and not any(c.isdigit() for c in w)
    )


def same_theme(a: ThematicRound, b: ThematicRound, names: MeasureNames) -> bool:
    """Two rounds are one theme when their titles name the same theme, or when they measure
    mostly the same things (at least half of the smaller round's measures, matched by the
    definition's keys, unknown measures by their own label)."""
    ta, tb = theme_words(a.title), theme_words(b.title)
    if ta and ta == tb:
        return True

    def ids(r: ThematicRound) -> set[str]:
        return {measure_key(m.label, names) or " ".join(_words(m.label)) for m in r.measures}

    ia, ib = ids(a), ids(b)
    return bool(ia and ib) and 2 * len(ia & ib) >= min(len(ia), len(ib))


def named(r: ThematicRound, names: MeasureNames) -> ThematicRound:
    """``r`` with each measure the definition knows under the definition's label (so header
    variants line up across rounds); unknown measures keep the label they were written with."""
    labels = [names[k][0] if (k := measure_key(m.label, names)) else m.label for m in r.measures]
    if len(set(labels)) < len(labels):
        return r  # two headers of one round claim one measure: keep both as written
    measures = tuple(
        MeasureCount(label, m.evidenced, m.applicable, m.percent)
        for label, m in zip(labels, r.measures, strict=True)
    )
    return ThematicRound(r.source, r.sheet, r.table, r.title, r.date, r.cases, measures)


def series(rounds: Sequence[ThematicRound], names: MeasureNames) -> list[ThematicRound | None]:
    """For each round (in date order), the latest earlier round of the same theme, whichever
    sheet or workbook holds it; None for the first round of its theme."""
    out: list[ThematicRound | None] = []
    for i, r in enumerate(rounds):
        earlier = [
            p
            for p in rounds[:i]
            if p.date is not None
            and r.date is not None
            and p.date < r.date
            and same_theme(p, r, names)
        ]
        out.append(earlier[-1] if earlier else None)
    return out
