"""The report's charts as native Word charts: the same four charts as render/charts.py draws
as pictures, with the same arguments, titles, palette, patterns and alt text.

Only the report builder imports this module (it brings in python-pptx via word_chart).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from audit_docs.render import chart_design as design
from audit_docs.render import word_chart as wc

WIDTH_CM = 16.0


def _grade_fill(grade: str) -> wc.Fill:
    pattern, colour = design.GRADE_PATTERNS[grade]
    return wc.Fill(design.GRADE_COLOURS[grade], pattern, colour)


def _round_fill(index: int) -> wc.Fill:
    colour, hatch, hatch_colour = design.ROUND_STYLES[index]
    return wc.Fill(colour, design.HATCH_PATTERNS.get(hatch, ""), hatch_colour)


def _title(title: str, empty: bool) -> str:
    return f"{title}: {design.EMPTY_MESSAGE.lower()}" if empty else title


def _grade_series(rows: Sequence[Mapping[str, int]], words: Mapping[str, str]) -> list[wc.Series]:
    return [
        wc.Series(_word(words, g), tuple(r[g] for r in rows), _grade_fill(g))
        for g in design.shown_grades(rows, words)
    ]


def _word(words: Mapping[str, str], grade: str) -> str:
    return words.get(grade, design.GRADE_WORDS[grade])


def grade_bars(
    counts: Mapping[str, int], title: str, words: Mapping[str, str] = design.GRADE_WORDS
) -> wc.WordChart:
    """One bar per grade (not graded only when there are some), counts on the bars."""
    alt = design.grade_bars_alt(counts, title, words)
    totals = design.checked(counts, title)
    shown = design.shown_grades([totals], words)
    series = wc.Series(
        "Audits",
        tuple(totals[g] for g in shown),
        point_fills=tuple(_grade_fill(g) for g in shown),
    )
    return wc.clustered_columns(
        [_word(words, g) for g in shown],
        [series],
        _title(title, not sum(totals.values())),
        alt_text=alt,
        value_axis_title="Audits",
        legend=False,
        width_cm=WIDTH_CM,
        height_cm=8.0,
    )


def grades_by_group(
    groups: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
    percent: bool = False,
    words: Mapping[str, str] = design.GRADE_WORDS,
) -> wc.WordChart:
    """Horizontal stacked bars, one per group, split by grade; with ``percent`` each bar is
    100% and the counts stay in the workbook and on the segments."""
    alt = design.grades_by_group_alt(groups, title, percent, words=words)
    rows = [design.checked(counts, f"{title}, {label}") for label, counts in groups]
    make = wc.percent_stacked_bars if percent else wc.stacked_bars
    return make(
        [label for label, _ in groups],
        _grade_series(rows, words),
        _title(title, not any(sum(r.values()) for r in rows)),
        alt_text=alt,
        value_axis_title="Share of audits" if percent else "Audits",
        width_cm=WIDTH_CM,
        height_cm=3.5 + 0.9 * len(rows),
    )


def measures_chart(
    rounds: Sequence[tuple[str, Sequence[tuple[str, int | None, int, int]]]], title: str
) -> wc.WordChart:
    """Thematic measures: per measure one bar per round, labelled "33% (3/9)"; a measure
    with nothing applicable, or not measured in a round, has no bar and no value."""
    alt = design.measures_alt(rounds, title)
    table, measures = design.measure_table(rounds, title)
    series = []
    for j, (label, _) in enumerate(rounds):
        cells = [table[label].get(m) for m in measures]
        series.append(
            wc.Series(
                label,
                tuple(None if c is None else c[0] for c in cells),
                _round_fill(j),
                labels=tuple(
                    None if c is None or c[0] is None else f"{c[0]}% ({c[1]}/{c[2]})" for c in cells
                ),
            )
        )
    empty = not any(a for row in table.values() for _, _, a in row.values())
    if not measures:  # a round that recorded no measure: one empty row, no value made up
        measures = ["No measures recorded"]
        series = [wc.Series(label, (None,), _round_fill(j)) for j, (label, _) in enumerate(rounds)]
    return wc.grouped_bars_over_time(
        measures,
        series,
        _title(title, empty),
        alt_text=alt,
        value_axis_title="Applicable cases where the measure was evidenced",
        number_format='0"%"',
        value_max=100,
        major_unit=25,
        legend=len(rounds) > 1,
        width_cm=WIDTH_CM,
        height_cm=4.0 + len(measures) * max(0.9, 0.55 * len(rounds)),
    )


def grades_over_time(
    periods: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
    words: Mapping[str, str] = design.GRADE_WORDS,
) -> wc.WordChart:
    """Vertical stacked bars, one per period, split by grade, counts in the segments."""
    alt = design.grades_over_time_alt(periods, title, words)
    rows = [design.checked(counts, f"{title}, {label}") for label, counts in periods]
    return wc.stacked_columns(
        [label for label, _ in periods],
        _grade_series(rows, words),
        _title(title, not any(sum(r.values()) for r in rows)),
        alt_text=alt,
        value_axis_title="Number",
        width_cm=WIDTH_CM,
        height_cm=9.0,
    )
