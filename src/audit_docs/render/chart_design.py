"""What every report chart shows and says, whichever way it is drawn (PNG or native Word chart).

The grade palette, the patterns that keep grades apart in greyscale print, and the alt text
with every number live here, so a picture and a native chart of the same figures look alike
and read out the same words. No drawing library is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from audit_docs.compute import grades
from audit_docs.words import plural

#: grade keys in the order charts show them; "not_graded" is shown only when it has audits
#: and the words for them: the same as every table and sentence of the report
GRADE_KEYS: tuple[str, ...] = grades.GRADE_KEYS
GRADE_WORDS: dict[str, str] = grades.GRADE_WORDS
#: bar colours; grey levels (0.299 R + 0.587 G + 0.114 B) 67, 152, 190, 108, 224: every grade
#: at least 34 steps from every other, so they stay apart in greyscale print
GRADE_COLOURS: dict[str, str] = {
    "outstanding": "#1b5e20",
    "good": "#66bb6a",
    "requires_improvement": "#ffc107",
    "inadequate": "#e53935",
    "not_graded": "#e0e0e0",
}
#: light tints of the same hues for Word table cells: black text readable on each (contrast
#: above 10:1), grey levels 170, 218, 241, 188 for the four grades
GRADE_SHADING: dict[str, str] = {
    "outstanding": "#81c784",
    "good": "#c8e6c9",
    "requires_improvement": "#fff3c4",
    "inadequate": "#f5a3a3",
    "not_graded": "#f2f2f2",
}
#: one hatch per grade, drawn in a colour that shows on the bar (white on the dark ones)
GRADE_HATCHES: dict[str, str] = {
    "outstanding": "//",
    "good": "\\\\",
    "requires_improvement": "..",
    "inadequate": "xx",
    "not_graded": "--",
}
HATCH_COLOURS: dict[str, str] = {
    "outstanding": "#ffffff",
    "good": "#1b3d1d",
    "requires_improvement": "#5c4300",
    "inadequate": "#ffffff",
    "not_graded": "#616161",
}
#: rounds of a thematic audit, side by side: blues in lightness steps, a hatch each
ROUND_STYLES: tuple[tuple[str, str, str], ...] = (
    ("#1f3d7a", "", "#1f3d7a"),
    ("#6f9fd8", "//", "#163060"),
    ("#c9dcf2", "..", "#163060"),
    ("#3f6fb5", "xx", "#ffffff"),
    ("#9dbfe6", "\\\\", "#163060"),
    ("#e8f0fa", "--", "#163060"),
)


#: the same patterns as DrawingML preset fills (native Word charts): grade -> (preset,
#: pattern colour); the bar's own colour is the pattern's background
GRADE_PATTERNS: dict[str, tuple[str, str]] = {
    "outstanding": ("wdUpDiag", HATCH_COLOURS["outstanding"]),
    "good": ("wdDnDiag", HATCH_COLOURS["good"]),
    "requires_improvement": ("pct20", HATCH_COLOURS["requires_improvement"]),
    "inadequate": ("diagCross", HATCH_COLOURS["inadequate"]),
    "not_graded": ("narHorz", HATCH_COLOURS["not_graded"]),
}
#: DrawingML preset for each hatch of ROUND_STYLES ("" = a solid bar)
HATCH_PATTERNS: dict[str, str] = {
    "//": "wdUpDiag",
    "\\\\": "wdDnDiag",
    "..": "pct20",
    "xx": "diagCross",
    "--": "narHorz",
}

EMPTY_MESSAGE = "No audits in this period"


def checked(counts: Mapping[str, int], where: str) -> dict[str, int]:
    """Counts for every grade key; unknown keys or negative counts are the caller's bug."""
    unknown = sorted(set(counts) - set(GRADE_KEYS))
    if unknown:
        raise ValueError(
            f"{where}: unknown grade key(s) {', '.join(map(repr, unknown))}; "
            f"expected {', '.join(GRADE_KEYS)}"
        )
    totals = {g: int(counts.get(g, 0)) for g in GRADE_KEYS}
    negative = [g for g, n in totals.items() if n < 0]
    if negative:
        raise ValueError(f"{where}: negative count for {', '.join(negative)}")
    return totals


def shown_grades(
    rows: Sequence[Mapping[str, int]], words: Mapping[str, str] = GRADE_WORDS
) -> list[str]:
    """The grades ``words`` names (the document's, compute/grades.shown_bands: a council's
    three-grade scale has no empty "Outstanding"), then "not graded" only where some row
    has one; a grade a row counts is never left out."""
    return [g for g in GRADE_KEYS if (g in words and g != "not_graded") or any(r[g] for r in rows)]


def measure_table(
    rounds: Sequence[tuple[str, Sequence[tuple[str, int | None, int, int]]]], title: str
) -> tuple[dict[str, dict[str, tuple[int | None, int, int]]], list[str]]:
    """Round label -> measure -> (percent, evidenced, applicable); measures in first-seen order."""
    if len(rounds) > len(ROUND_STYLES):
        raise ValueError(f"{title}: {len(rounds)} rounds, at most {len(ROUND_STYLES)} per chart")
    labels = [label for label, _ in rounds]
    if len(set(labels)) != len(labels):
        raise ValueError(f"{title}: the same round label twice in {labels}")
    table: dict[str, dict[str, tuple[int | None, int, int]]] = {}
    measures: dict[str, None] = {}
    for round_label, rows in rounds:
        table[round_label] = {}
        for measure, pct, evidenced, applicable in rows:
            if not 0 <= evidenced <= applicable:
                raise ValueError(
                    f"{title}, {round_label}, {measure}: {evidenced} evidenced of "
                    f"{applicable} applicable"
                )
            table[round_label][measure] = (pct, evidenced, applicable)
            measures.setdefault(measure, None)
    return table, list(measures)


def _sentence(title: str) -> str:
    return title.strip().rstrip(".")


def _grade_list(
    totals: Mapping[str, int],
    shown: Sequence[str],
    percent: bool = False,
    words: Mapping[str, str] = GRADE_WORDS,
) -> str:
    total = sum(totals.values())
    parts = []
    for g in shown:
        part = f"{words.get(g, GRADE_WORDS[g])} {totals[g]}"
        if percent and total:
            part += f" ({(200 * totals[g] + total) // (2 * total)}%)"
        parts.append(part)
    return ", ".join(parts)


def grade_bars_alt(
    counts: Mapping[str, int], title: str, words: Mapping[str, str] = GRADE_WORDS
) -> str:
    totals = checked(counts, title)
    total = sum(totals.values())
    if total == 0:
        return f"Bar chart: {_sentence(title)}. {EMPTY_MESSAGE}."
    listed = _grade_list(totals, shown_grades([totals], words), words=words)
    return f"Bar chart: {_sentence(title)}. {listed} ({plural(total, 'audit', 'audits')})."


def grades_by_group_alt(
    groups: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
    percent: bool = False,
    *,
    none: str = "no audits",
    total_said: Callable[[int], str] = lambda n: plural(n, "audit", "audits"),
    words: Mapping[str, str] = GRADE_WORDS,
) -> str:
    """A stacked bar chart's alt text: each bar's grades in words, with its total."""
    rows = [(label, checked(counts, f"{title}, {label}")) for label, counts in groups]
    kind = "Stacked bar chart, each bar 100%" if percent else "Stacked bar chart"
    if not any(sum(totals.values()) for _, totals in rows):
        return f"{kind}: {_sentence(title)}. {EMPTY_MESSAGE}."
    shown = shown_grades([totals for _, totals in rows], words)
    parts = []
    for label, totals in rows:
        total = sum(totals.values())
        if total == 0:
            parts.append(f"{label}: {none}.")
        else:
            listed = _grade_list(totals, shown, percent, words)
            parts.append(f"{label}: {listed} ({total_said(total)}).")
    return f"{kind}: {_sentence(title)}. " + " ".join(parts)


def measures_alt(
    rounds: Sequence[tuple[str, Sequence[tuple[str, int | None, int, int]]]], title: str
) -> str:
    table, measures = measure_table(rounds, title)
    head = f"Bar chart: {_sentence(title)}."
    if not any(a for row in table.values() for _, _, a in row.values()):
        return f"{head} {EMPTY_MESSAGE}."
    parts = []
    for measure in measures:
        values = []
        for round_label, _ in rounds:
            v = table[round_label].get(measure)
            if v is None:
                said = "not measured"
            elif v[0] is None:
                said = "n/a (no applicable cases)"
            else:
                said = f"{v[0]}% ({v[1]} of {v[2]})"
            values.append(f"{round_label} {said}" if len(rounds) > 1 else said)
        parts.append(f"{measure.rstrip('?.: ')}: {', '.join(values)}.")
    return f"{head} Percentage of applicable cases where each measure was evidenced. " + " ".join(
        parts
    )


def grades_over_time_alt(
    periods: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
    words: Mapping[str, str] = GRADE_WORDS,
) -> str:
    return grades_by_group_alt(
        periods, title, none="none", total_said=lambda n: f"{n} in total", words=words
    )
