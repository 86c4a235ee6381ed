"""Charts for the Word reports: grades and thematic measures as PNG bytes at print resolution.

Every chart reads without colour: each grade has its own lightness step, hatch and label, counts
are written on the bars, and the alt text carries every number for screen-reader users. The
same input gives the same bytes (no timestamp or software version in the PNG), so a report
built twice is identical.

Only the report builder imports this module; the CLI must not import it at startup.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator, PercentFormatter

from audit_docs.render.chart_design import (
    EMPTY_MESSAGE,
    GRADE_COLOURS,
    GRADE_HATCHES,
    GRADE_KEYS,
    GRADE_SHADING,
    GRADE_WORDS,
    HATCH_COLOURS,
    ROUND_STYLES,
)
from audit_docs.render.chart_design import checked as _checked
from audit_docs.render.chart_design import grade_bars_alt as _grade_bars_alt
from audit_docs.render.chart_design import grades_by_group_alt as _grades_by_group_alt
from audit_docs.render.chart_design import grades_over_time_alt as _grades_over_time_alt
from audit_docs.render.chart_design import measure_table as _measure_table
from audit_docs.render.chart_design import measures_alt as _measures_alt
from audit_docs.render.chart_design import shown_grades as _shown

matplotlib.use("Agg")  # headless: never open a window, whatever the environment says

#: the palette is chart_design's; kept importable from here for the templates' builder
__all__ = [
    "EMPTY_MESSAGE",
    "GRADE_COLOURS",
    "GRADE_HATCHES",
    "GRADE_KEYS",
    "GRADE_SHADING",
    "GRADE_WORDS",
    "Chart",
    "grade_bars",
    "grades_by_group",
    "grades_over_time",
    "measures_chart",
]

DPI = 200
WIDTH_CM = 16.0

_RC: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.labelsize": 9,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "text.color": "#212121",
    "axes.labelcolor": "#212121",
    "axes.edgecolor": "#616161",
    "xtick.color": "#424242",
    "ytick.color": "#424242",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.linewidth": 0.8,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
}


@dataclass(frozen=True)
class Chart:
    """A rendered chart: PNG bytes, the title printed on it, alt text and print width."""

    png: bytes = field(repr=False)
    title: str
    alt_text: str
    width_cm: float


def grade_bars(
    counts: Mapping[str, int], title: str, words: Mapping[str, str] = GRADE_WORDS
) -> Chart:
    """One bar per grade (not graded only when there are some), counts written on the bars."""
    alt = _grade_bars_alt(counts, title, words)  # checks the input before anything is drawn
    return Chart(_png(_grade_bars_figure(counts, title, words)), title, alt, WIDTH_CM)


def grades_by_group(
    groups: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
    percent: bool = False,
    words: Mapping[str, str] = GRADE_WORDS,
) -> Chart:
    """Horizontal stacked bars, one per group (quarter, form section), split by grade.

    With ``percent`` each bar is stacked to 100%; counts stay written inside the segments
    wide enough to hold them, and each bar's total is written at its end.
    """
    alt = _grades_by_group_alt(groups, title, percent, words=words)
    figure = _grades_by_group_figure(groups, title, percent, words)
    return Chart(_png(figure), title, alt, WIDTH_CM)


def measures_chart(
    rounds: Sequence[tuple[str, Sequence[tuple[str, int | None, int, int]]]], title: str
) -> Chart:
    """Thematic measures: per measure one horizontal bar per round, labelled "33% (3/9)".

    Each round is ``(label, [(measure, percent or None, evidenced, applicable), ...])``; a
    measure with no percent (nothing applicable) shows "n/a", one a round did not record
    shows "not measured".
    """
    alt = _measures_alt(rounds, title)
    return Chart(_png(_measures_figure(rounds, title)), title, alt, WIDTH_CM)


def grades_over_time(
    periods: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
    words: Mapping[str, str] = GRADE_WORDS,
) -> Chart:
    """Vertical stacked bars, one per period, split by grade, counts in the segments."""
    alt = _grades_over_time_alt(periods, title, words)
    return Chart(_png(_grades_over_time_figure(periods, title, words)), title, alt, WIDTH_CM)


# --- rendering ------------------------------------------------------------------------------


def _word(words: Mapping[str, str], grade: str) -> str:
    return words.get(grade, GRADE_WORDS[grade])


@matplotlib.rc_context(_RC)
def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _figure(title: str, height_cm: float) -> tuple[Figure, Axes]:
    layout = ConstrainedLayoutEngine(h_pad=0.06, w_pad=0.06)
    fig = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI, layout=layout)
    FigureCanvasAgg(fig)
    fig.suptitle(textwrap.fill(title, 80), fontsize=11, fontweight="bold")
    return fig, fig.add_subplot()


def _empty(fig: Figure, ax: Axes) -> Figure:
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        EMPTY_MESSAGE,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=11,
        color="#616161",
        style="italic",
    )
    return fig


def _grade_style(grade: str) -> dict[str, Any]:
    """Bar keywords: the edge colour doubles as hatch colour, the same on every version."""
    return {
        "color": GRADE_COLOURS[grade],
        "hatch": GRADE_HATCHES[grade],
        "edgecolor": HATCH_COLOURS[grade],
        "linewidth": 0.6,
    }


def _legend(fig: Figure, ax: Axes, count: int) -> None:
    """Below the chart, where it can cover neither the bars nor the title; five grades do not
    fit on one line of a portrait page, so they take two."""
    fig.legend(
        *ax.get_legend_handles_labels(),
        loc="outside lower center",
        ncols=count if count <= 4 else 3,
        frameon=False,
        handlelength=2.2,
        handleheight=1.3,
        columnspacing=1.5,
    )


def _segment_label(ax: Axes, x: float, y: float, count: int) -> Text:
    return ax.text(
        x,
        y,
        str(count),
        ha="center",
        va="center",
        fontsize=8.5,
        fontweight="bold",
        bbox={
            "boxstyle": "round,pad=0.18",
            "facecolor": "white",
            "edgecolor": "none",
            "alpha": 0.9,
        },
    )


def _keep_labels_that_fit(fig: Figure, pairs: list[tuple[Text, Any]], beside: bool = False) -> None:
    """Move or drop the count labels too big for their segments.

    ``beside`` (vertical bars): the label moves to the right of the bar at the segment's
    height. Otherwise (horizontal bars) it is dropped; the alt text still has the count.
    """
    if not pairs:
        return
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    pad = 10 * DPI / 100
    for text, patch in pairs:
        t = text.get_window_extent(renderer)
        p = patch.get_window_extent(renderer)
        if t.width + pad <= p.width and t.height + pad / 2 <= p.height:
            continue
        if beside:
            text.set_x(patch.get_x() + patch.get_width() + 0.03)
            text.set_horizontalalignment("left")
            text.set_bbox(None)
            text.set_fontsize(8)
        else:
            text.remove()


@matplotlib.rc_context(_RC)
def _grade_bars_figure(
    counts: Mapping[str, int], title: str, words: Mapping[str, str] = GRADE_WORDS
) -> Figure:
    totals = _checked(counts, title)
    if sum(totals.values()) == 0:
        return _empty(*_figure(title, 4.5))
    fig, ax = _figure(title, 8.0)
    shown = _shown([totals], words)
    for i, grade in enumerate(shown):
        n = totals[grade]
        ax.bar(i, n, width=0.62, label=_word(words, grade), **_grade_style(grade))
        if n:
            ax.annotate(
                str(n),
                (i, n),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=10,
                fontweight="bold",
            )
    ax.set_xticks(range(len(shown)), [textwrap.fill(_word(words, g), 12) for g in shown])
    ax.tick_params(axis="x", length=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Audits")
    ax.margins(y=0.12)
    return fig


@matplotlib.rc_context(_RC)
def _grades_by_group_figure(
    groups: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
    percent: bool = False,
    words: Mapping[str, str] = GRADE_WORDS,
) -> Figure:
    rows = [(label, _checked(counts, f"{title}, {label}")) for label, counts in groups]
    labels = [textwrap.fill(label, 30) for label, _ in rows]
    if not any(sum(totals.values()) for _, totals in rows):
        return _empty(*_figure(title, 4.5))
    lines = [label.count("\n") + 1 for label in labels]
    height = 3.2 + sum(max(0.95, 0.42 * n + 0.4) for n in lines)
    fig, ax = _figure(title, height)
    shown = _shown([totals for _, totals in rows], words)
    sums = [sum(totals.values()) for _, totals in rows]
    left = [0.0] * len(rows)
    pairs: list[tuple[Text, Any]] = []
    for grade in shown:
        counts = [totals[grade] for _, totals in rows]
        widths = [
            100 * n / s if percent and s else float(n) for n, s in zip(counts, sums, strict=True)
        ]
        bars = ax.barh(
            range(len(rows)),
            widths,
            left=left,
            height=0.62,
            label=_word(words, grade),
            **_grade_style(grade),
        )
        for i, (n, w, bar) in enumerate(zip(counts, widths, bars, strict=True)):
            if n:
                pairs.append((_segment_label(ax, left[i] + w / 2, i, n), bar))
            left[i] += w
    for i, s in enumerate(sums):
        end = 100.0 if percent else float(s)
        total = f"n = {s}" if percent else str(s)
        note = total if s else "No audits"
        ax.annotate(
            note,
            (end if s else 0.0, i),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=8.5,
            color="#424242",
            fontweight="normal" if percent or s == 0 else "bold",
            style="italic" if s == 0 else "normal",
            annotation_clip=False,
        )
    ax.set_yticks(range(len(rows)), labels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # first group at the top
    if percent:
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.set_xlabel("Share of audits")
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, max(sums) * 1.08)
        ax.set_xlabel("Audits")
    _legend(fig, ax, len(shown))
    _keep_labels_that_fit(fig, pairs)
    return fig


@matplotlib.rc_context(_RC)
def _measures_figure(
    rounds: Sequence[tuple[str, Sequence[tuple[str, int | None, int, int]]]], title: str
) -> Figure:
    table, measures = _measure_table(rounds, title)
    if not any(a for row in table.values() for _, _, a in row.values()):
        return _empty(*_figure(title, 4.5))
    labels = [textwrap.fill(m, 34) for m in measures]
    k = len(rounds)
    bar = 0.8 / k
    per_measure = [max(0.42 * (label.count("\n") + 1), 0.5 * k) + 0.45 for label in labels]
    fig, ax = _figure(title, 3.4 + sum(per_measure))
    for j, (round_label, _) in enumerate(rounds):
        colour, hatch, hatch_colour = ROUND_STYLES[j]
        ys = [i - 0.4 + bar * (j + 0.5) for i in range(len(measures))]
        values = [table[round_label].get(m) for m in measures]
        widths = [float(v[0]) if v and v[0] is not None else 0.0 for v in values]
        ax.barh(
            ys,
            widths,
            height=bar * 0.9,
            color=colour,
            hatch=hatch,
            edgecolor=hatch_colour,
            linewidth=0.6,
            label=round_label,
        )
        for y, w, v in zip(ys, widths, values, strict=True):
            if v is None:
                note, style = "not measured", "italic"
            elif v[0] is None:
                note, style = "n/a", "italic"
            else:
                note, style = f"{v[0]}% ({v[1]}/{v[2]})", "normal"
            ax.annotate(
                note,
                (w, y),
                xytext=(4, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=8.5,
                style=style,
                color="#212121" if style == "normal" else "#616161",
            )
    ax.set_yticks(range(len(measures)), labels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(measures) - 0.5, -0.5)
    ax.set_xlim(0, 122)  # room for "100% (30/30)" after a full bar
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.spines["bottom"].set_bounds(0, 100)
    ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_xlabel("Applicable cases where the measure was evidenced")
    if k > 1:
        _legend(fig, ax, k)
    return fig


@matplotlib.rc_context(_RC)
def _grades_over_time_figure(
    periods: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
    words: Mapping[str, str] = GRADE_WORDS,
) -> Figure:
    rows = [(label, _checked(counts, f"{title}, {label}")) for label, counts in periods]
    if not any(sum(totals.values()) for _, totals in rows):
        return _empty(*_figure(title, 4.5))
    fig, ax = _figure(title, 9.0)
    shown = _shown([totals for _, totals in rows], words)
    bottom = [0.0] * len(rows)
    pairs: list[tuple[Text, Any]] = []
    for grade in shown:
        counts = [totals[grade] for _, totals in rows]
        bars = ax.bar(
            range(len(rows)),
            counts,
            bottom=bottom,
            width=0.58,
            label=_word(words, grade),
            **_grade_style(grade),
        )
        for i, (n, patch) in enumerate(zip(counts, bars, strict=True)):
            if n:
                pairs.append((_segment_label(ax, i, bottom[i] + n / 2, n), patch))
            bottom[i] += n
    for i, total in enumerate(bottom):
        ax.annotate(
            str(int(total)) if total else "None",
            (i, total),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=9,
            fontweight="bold" if total else "normal",
            style="normal" if total else "italic",
        )
    ax.set_xticks(range(len(rows)), [textwrap.fill(label, 16) for label, _ in rows])
    ax.tick_params(axis="x", length=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Number")
    ax.margins(y=0.1)
    _legend(fig, ax, len(shown))
    _keep_labels_that_fit(fig, pairs, beside=True)
    return fig
