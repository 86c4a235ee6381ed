"""Report charts: PNG at print size, grades told apart without colour, alt text with every number."""

from __future__ import annotations

import struct
from itertools import combinations

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from audit_docs.render import charts
from audit_docs.render.charts import (
    GRADE_COLOURS,
    GRADE_HATCHES,
    GRADE_SHADING,
    GRADE_WORDS,
    Chart,
    grade_bars,
    grades_by_group,
    grades_over_time,
    measures_chart,
)

Q1 = {"outstanding": 1, "good": 5, "requires_improvement": 7, "inadequate": 2}
QUARTERS = [
    ("Q1", Q1),
    ("Q2", {"good": 4, "requires_improvement": 4, "inadequate": 2}),
    ("Q3", {}),
    ("Q4", {"outstanding": 2, "good": 9, "requires_improvement": 8, "inadequate": 2}),
]
ROUNDS = [
    ("August 2016", [("Child's voice", 33, 3, 9), ("Risk", 80, 8, 10), ("Plan", None, 0, 0)]),
    ("February 2017", [("Child's voice", 50, 4, 8), ("Risk", 90, 9, 10)]),
]
PERIODS = [("Q1", {"good": 3, "requires_improvement": 2}), ("Q2", Q1), ("Q3", {})]
FOUR = ("outstanding", "good", "requires_improvement", "inadequate")


@pytest.fixture(scope="module")
def rendered() -> dict[str, Chart]:
    """One render of each chart, shared: a render takes a few tenths of a second."""
    return {
        "grade_bars": grade_bars(Q1, "Overall grades in Q1 2016-17"),
        "grades_by_group": grades_by_group(QUARTERS, "Overall grades by quarter"),
        "measures_chart": measures_chart(ROUNDS, "Thematic audit"),
        "grades_over_time": grades_over_time(PERIODS, "Assessment quality checks"),
    }


@pytest.fixture(scope="module")
def figures() -> dict[str, Figure]:
    """The same charts' figures, shared, for looking at their bars and labels."""
    return {
        "grade_bars": charts._grade_bars_figure(Q1, "Overall grades in Q1 2016-17"),
        "grades_by_group": charts._grades_by_group_figure(QUARTERS, "Overall grades by quarter"),
        "measures_chart": charts._measures_figure(ROUNDS, "Thematic audit"),
        "grades_over_time": charts._grades_over_time_figure(PERIODS, "Assessment quality checks"),
    }


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _png_dpi(png: bytes) -> float:
    at = png.index(b"pHYs")
    per_metre, _, unit = struct.unpack(">IIB", png[at + 4 : at + 13])
    assert unit == 1
    return per_metre * 0.0254


def _bars(fig: Figure) -> list[Rectangle]:
    return [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def _luma(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def _contrast_with_black(hex_colour: str) -> float:
    def linear(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))
    return (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05) / 0.05


def test_png_is_16_cm_wide_at_200_dpi(rendered):
    """Every chart is PNG bytes whose pixel width is 16 cm at 200 dpi, and says so."""
    for chart in rendered.values():
        width, _ = _png_size(chart.png)
        assert chart.width_cm == 16.0
        assert abs(width - 16.0 / 2.54 * 200) <= 1
        assert round(_png_dpi(chart.png)) == 200
    assert abs(_png_size(rendered["grade_bars"].png)[1] - 8.0 / 2.54 * 200) <= 1


def test_chart_carries_title_and_alt_text_with_every_count(rendered):
    """The alt text names each grade with its count and the total, in the brief's words."""
    chart = rendered["grade_bars"]
    assert chart.title == "Overall grades in Q1 2016-17"
    assert chart.alt_text == (
        "Bar chart: Overall grades in Q1 2016-17. Outstanding 1, Good 5, "
        "Requires Improvement 7, Inadequate 2 (15 audits)."
    )


def test_same_input_gives_identical_bytes(rendered):
    """A second render of the same chart is byte-identical (no timestamp or version)."""
    first = rendered["grade_bars"]
    assert grade_bars(Q1, "Overall grades in Q1 2016-17") == first
    assert b"matplotlib" not in first.png.lower()


def test_each_grade_has_its_own_colour_hatch_and_label():
    """Bars carry their grade's colour and a hatch no other grade uses, and are named on the axis."""
    fig = charts._grade_bars_figure({**Q1, "not_graded": 3}, "Overall grades")
    bars = _bars(fig)
    grades = (*FOUR, "not_graded")
    assert [b.get_hatch() for b in bars] == [GRADE_HATCHES[g] for g in grades]
    assert len({b.get_hatch() for b in bars}) == 5
    for bar, grade in zip(bars, grades, strict=True):
        expected = tuple(int(GRADE_COLOURS[grade][i : i + 2], 16) / 255 for i in (1, 3, 5))
        assert bar.get_facecolor()[:3] == pytest.approx(expected)
    ticks = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_xticklabels()]
    assert ticks == [GRADE_WORDS[g] for g in grades]


def test_counts_are_written_on_bars_but_zero_is_not():
    """Each non-zero count is written on its bar; a zero count gets no label."""
    fig = charts._grade_bars_figure({"good": 4, "requires_improvement": 0, "inadequate": 2}, "T")
    assert sorted(_texts(fig)) == ["2", "4"]
    assert [b.get_height() for b in _bars(fig)] == [0, 4, 0, 2]


def test_not_graded_bar_only_when_some_are_not_graded():
    """Four bars without ungraded audits; a fifth, "Not graded", when there are some."""
    assert len(_bars(charts._grade_bars_figure(Q1, "T"))) == 4
    assert len(_bars(charts._grade_bars_figure({**Q1, "not_graded": 1}, "T"))) == 5
    assert "Not graded" not in charts._grade_bars_alt(Q1, "T")


def test_grade_colours_stay_apart_in_greyscale():
    """Every grade's bar colour is at least 30 grey levels from every other grade's."""
    for a, b in combinations(GRADE_COLOURS, 2):
        assert abs(_luma(GRADE_COLOURS[a]) - _luma(GRADE_COLOURS[b])) >= 30, (a, b)


def test_table_shading_keeps_black_text_readable_and_grades_apart():
    """Cell tints give black text at least 7:1 contrast and the four grades differ in grey."""
    for grade in GRADE_SHADING:
        assert _contrast_with_black(GRADE_SHADING[grade]) >= 7, grade
    for a, b in combinations(FOUR, 2):
        assert abs(_luma(GRADE_SHADING[a]) - _luma(GRADE_SHADING[b])) >= 15, (a, b)
    assert set(GRADE_SHADING) == set(GRADE_COLOURS) == set(GRADE_WORDS) == set(GRADE_HATCHES)


def test_grouped_counts_stack_with_labels_and_totals(figures):
    """Each quarter's bar stacks its grades; counts sit inside, totals at the end, none for 0."""
    fig = figures["grades_by_group"]
    bars = _bars(fig)
    q1 = [b.get_width() for b in bars if b.get_y() < 0]  # the first group sits at y = 0
    assert q1 == [1, 5, 7, 2]
    texts = _texts(fig)
    assert texts.count("0") == 0
    assert {"15", "10", "21", "No audits"} <= set(texts)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Q1", "Q2", "Q3", "Q4"]
    assert fig.legends[0].texts[2].get_text() == "Requires Improvement"


def test_percent_bars_reach_100_and_keep_counts():
    """With percent=True each non-empty bar sums to 100% and the segments still show counts."""
    fig = charts._grades_by_group_figure(QUARTERS, "Overall grades by quarter", percent=True)
    for y in (0, 1, 3):
        widths = [b.get_width() for b in _bars(fig) if abs(b.get_y() + 0.31 - y) < 1e-9]
        assert sum(widths) == pytest.approx(100)
    texts = _texts(fig)
    assert {"5", "7", "9", "8", "n = 15", "n = 21"} <= set(texts)


def test_long_group_labels_are_wrapped():
    """A form section's long title is wrapped onto several lines beside its bar."""
    label = "Management oversight and supervision, including case direction recorded on file"
    fig = charts._grades_by_group_figure([(label, Q1)], "Sections")
    tick = fig.axes[0].get_yticklabels()[0].get_text()
    assert "\n" in tick
    assert tick.replace("\n", " ") == label


def test_grouped_alt_text_lists_every_group_and_count(rendered):
    """The stacked chart's alt text gives each group's counts, totals and empty quarters."""
    assert rendered["grades_by_group"].alt_text == (
        "Stacked bar chart: Overall grades by quarter. "
        "Q1: Outstanding 1, Good 5, Requires Improvement 7, Inadequate 2 (15 audits). "
        "Q2: Outstanding 0, Good 4, Requires Improvement 4, Inadequate 2 (10 audits). "
        "Q3: no audits. "
        "Q4: Outstanding 2, Good 9, Requires Improvement 8, Inadequate 2 (21 audits)."
    )


def test_measures_are_labelled_with_percent_and_fraction(figures):
    """Measure bars read "33% (3/9)", a measure with nothing applicable reads "n/a"."""
    fig = figures["measures_chart"]
    texts = _texts(fig)
    assert texts == ["33% (3/9)", "80% (8/10)", "n/a", "50% (4/8)", "90% (9/10)", "not measured"]
    bars = _bars(fig)
    assert [b.get_width() for b in bars] == [33, 80, 0, 50, 90, 0]
    assert bars[0].get_hatch() != bars[3].get_hatch()  # one hatch per round
    assert [t.get_text() for t in fig.legends[0].texts] == ["August 2016", "February 2017"]


def test_measures_alt_text_gives_each_round(rendered):
    """The measures alt text gives each measure's percent, evidenced and applicable per round."""
    assert rendered["measures_chart"].alt_text == (
        "Bar chart: Thematic audit. Percentage of applicable cases where each measure was "
        "evidenced. Child's voice: August 2016 33% (3 of 9), February 2017 50% (4 of 8). "
        "Risk: August 2016 80% (8 of 10), February 2017 90% (9 of 10). "
        "Plan: August 2016 n/a (no applicable cases), February 2017 not measured."
    )


def test_grades_over_time_stack_vertically_with_counts(rendered, figures):
    """Each period is one vertical stack; counts inside or beside segments, totals on top."""
    fig = figures["grades_over_time"]
    q2 = [b.get_height() for b in _bars(fig) if abs(b.get_x() + b.get_width() / 2 - 1) < 1e-9]
    assert q2 == [1, 5, 7, 2]
    texts = _texts(fig)
    assert sorted(texts) == sorted(["3", "2", "1", "5", "7", "2", "5", "15", "None"])
    alt = rendered["grades_over_time"].alt_text
    assert "Q2: Outstanding 1, Good 5, Requires Improvement 7, Inadequate 2 (15 in total)." in alt
    assert "Q3: none." in alt


def test_empty_input_still_renders_and_says_so():
    """With nothing to count a chart still renders, titled, saying "No audits in this period"."""
    chart = grade_bars({"good": 0}, "Overall grades – Q3")
    assert chart.alt_text == "Bar chart: Overall grades – Q3. No audits in this period."
    assert abs(_png_size(chart.png)[0] - 16.0 / 2.54 * 200) <= 1


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("_grade_bars", {}),
        ("_grade_bars", {"good": 0, "not_graded": 0}),
        ("_grades_by_group", []),
        ("_grades_by_group", [("Q3", {"good": 0})]),
        ("_measures", []),
        ("_measures", [("October 2016", [("Risk", None, 0, 0)])]),
        ("_grades_over_time", []),
        ("_grades_over_time", [("Q3", {}), ("Q4", {})]),
    ],
)
def test_every_chart_says_no_audits_when_empty(kind, data):
    """Each kind of chart, given nothing to count, prints and alt-texts the empty message."""
    fig = getattr(charts, f"{kind}_figure")(data, "Overall grades – Q3")
    assert fig.get_suptitle() == "Overall grades – Q3"
    assert _texts(fig) == ["No audits in this period"]
    alt = getattr(charts, f"{kind}_alt")(data, "Overall grades – Q3")
    assert alt.endswith(": Overall grades – Q3. No audits in this period.")


def test_empty_figure_shows_message_and_title():
    """The empty chart prints its title and the message, with no axes or bars."""
    fig = charts._grade_bars_figure({}, "Overall grades – Q3")
    assert fig.get_suptitle() == "Overall grades – Q3"
    assert _texts(fig) == ["No audits in this period"]
    assert _bars(fig) == []
    assert not fig.axes[0].axison


def test_every_chart_has_a_title_and_no_top_or_right_spine(figures, rendered):
    """Each kind of chart prints its title and drops the top and right frame lines."""
    for kind, fig in figures.items():
        assert fig.get_suptitle() == rendered[kind].title
        spines = fig.axes[0].spines
        assert not spines["top"].get_visible()
        assert not spines["right"].get_visible()


def test_unknown_grade_key_is_refused():
    """A grade key the charts do not know (e.g. the store's "not_recorded") is an error."""
    with pytest.raises(ValueError, match=r"Q1: unknown grade key\(s\) 'not_recorded'"):
        grades_by_group([("Q1", {"good": 1, "not_recorded": 2})], "Overall grades")
    with pytest.raises(ValueError, match="3 evidenced of 2 applicable"):
        measures_chart([("August 2016", [("Risk", 150, 3, 2)])], "Thematic audit")
