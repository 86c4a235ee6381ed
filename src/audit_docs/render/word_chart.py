"""Native, editable Word charts: a DrawingML chart part with its data as an embedded workbook.

A picture of a chart cannot be changed; a native chart can (right-click → Edit Data in Word).
python-pptx already writes the DrawingML chart XML and the workbook behind it for PowerPoint,
and Word reads the same chart part, so this module only styles python-pptx's chart and bridges
it into a Word package: a chart part ``/word/charts/chartN.xml`` related from the document
part, the workbook ``/word/embeddings/…xlsx`` related from the chart part, and a ``wp:inline``
frame that points at the chart and carries the alt text.

It takes plain data (categories, series, fills, labels) and knows nothing of audits, so it
could be lifted into a package of its own. Import it only where charts are made: python-pptx
and XlsxWriter are not needed to start the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_AXIS_CROSSES,
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_TICK_LABEL_POSITION,
    XL_TICK_MARK,
)
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.oxml import parse_xml
from pptx.util import Pt

from audit_docs.ns import WP, A, C, R, W

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_RELATIONSHIP = f"{R}/chart"
PACKAGE_RELATIONSHIP = f"{R}/package"
#: the chart part's one relationship, to its workbook: always the first id of a new part
WORKBOOK_RID = "rId1"
EMU_PER_CM = 360000
#: characters XML 1.0 cannot hold: text from a tracker cell may have them
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_TEXT = RGBColor(0x21, 0x21, 0x21)
_AXIS_LINE = RGBColor(0x61, 0x61, 0x61)
_GRID = RGBColor(0xD9, 0xD9, 0xD9)


@dataclass(frozen=True)
class Fill:
    """A bar's look: its colour and, so it survives greyscale print, a DrawingML preset
    pattern (e.g. ``wdUpDiag``, ``pct20``) drawn in ``pattern_colour``; no pattern = solid."""

    colour: str
    pattern: str = ""
    pattern_colour: str = "#ffffff"


@dataclass(frozen=True)
class Series:
    """One series: a name for the legend, a value per category (None = no value), its fill,
    optionally a fill per point (one series of differently coloured bars) and a data label
    text per point (None = the value, formatted)."""

    name: str
    values: tuple[float | None, ...]
    fill: Fill | None = None
    point_fills: tuple[Fill, ...] = ()
    labels: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class WordChart:
    """A chart ready to place: what it shows, its alt text and its size on the page.

    ``xml`` and ``workbook`` are made together from the same data by ``parts``.
    """

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    alt_text: str
    width_cm: float
    height_cm: float
    value_axis_title: str = ""
    category_axis_title: str = ""
    number_format: str = "0"
    value_max: float | None = None
    major_unit: float | None = None
    legend: bool = True
    gap_width: int = 60
    label_position: str = "ctr"

    def parts(self, font: str | None = None) -> tuple[bytes, bytes]:
        """The chart XML (cached values, styling, a link to the workbook) and the workbook
        (.xlsx), both from one ``CategoryChartData``, so they cannot disagree."""
        data = CategoryChartData(number_format=self.number_format)
        data.categories = self.categories
        for s in self.series:
            data.add_series(s.name, s.values)
        chart_type = _CHART_TYPES[self.kind]
        space = parse_xml(data.xml_bytes(chart_type))
        _style(Chart(space, None), self, font)
        space.get_or_add_externalData().rId = WORKBOOK_RID
        xml = etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)
        return xml, data.xlsx_blob


#: chart kind -> python-pptx chart type
_CHART_TYPES = {
    "clustered_columns": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "clustered_bars": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked_columns": XL_CHART_TYPE.COLUMN_STACKED,
    "stacked_bars": XL_CHART_TYPE.BAR_STACKED,
    "percent_stacked_bars": XL_CHART_TYPE.BAR_STACKED_100,
    "grouped_columns_over_time": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "grouped_bars_over_time": XL_CHART_TYPE.BAR_CLUSTERED,
}


# --- one public function per kind ------------------------------------------------------------


def clustered_columns(
    categories: Sequence[str], series: Sequence[Series], title: str, **options: Any
) -> WordChart:
    """Vertical bars side by side, one per series in each category (e.g. one per grade)."""
    return _chart(
        "clustered_columns", categories, series, title, label_position="outEnd", **options
    )


def clustered_bars(
    categories: Sequence[str], series: Sequence[Series], title: str, **options: Any
) -> WordChart:
    """Horizontal bars side by side; the first category at the top, as it is read."""
    return _chart("clustered_bars", categories, series, title, label_position="outEnd", **options)


def stacked_columns(
    categories: Sequence[str], series: Sequence[Series], title: str, **options: Any
) -> WordChart:
    """Vertical bars, each category's series stacked, counts written in the segments."""
    return _chart("stacked_columns", categories, series, title, gap_width=70, **options)


def stacked_bars(
    categories: Sequence[str], series: Sequence[Series], title: str, **options: Any
) -> WordChart:
    """Horizontal stacked bars, the first category at the top."""
    return _chart("stacked_bars", categories, series, title, **options)


def percent_stacked_bars(
    categories: Sequence[str], series: Sequence[Series], title: str, **options: Any
) -> WordChart:
    """Horizontal bars each stacked to 100%; the workbook and the labels keep the counts."""
    options.setdefault("value_axis_title", "Share of audits")
    return _chart("percent_stacked_bars", categories, series, title, **options)


def grouped_bars_over_time(
    categories: Sequence[str], periods: Sequence[Series], title: str, **options: Any
) -> WordChart:
    """Per category, one horizontal bar per period (a series each, earliest first), so last
    round's bar stands beside this round's."""
    return _chart(
        "grouped_bars_over_time", categories, periods, title, label_position="outEnd", **options
    )


def grouped_columns_over_time(
    categories: Sequence[str], periods: Sequence[Series], title: str, **options: Any
) -> WordChart:
    """Per category, one vertical bar per period (a series each, earliest first)."""
    return _chart(
        "grouped_columns_over_time", categories, periods, title, label_position="outEnd", **options
    )


def _chart(
    kind: str,
    categories: Sequence[str],
    series: Sequence[Series],
    title: str,
    *,
    alt_text: str,
    width_cm: float = 16.0,
    height_cm: float = 8.0,
    **options: Any,
) -> WordChart:
    if not categories or not series:
        raise ValueError(f"{title}: a chart needs at least one category and one series")
    for s in series:
        if len(s.values) != len(categories):
            raise ValueError(
                f"{title}, {s.name}: {len(s.values)} values for {len(categories)} categories"
            )
        for extra, what in ((s.labels, "labels"), (s.point_fills, "point fills")):
            if extra and len(extra) != len(categories):
                raise ValueError(f"{title}, {s.name}: {len(extra)} {what} for {len(categories)}")
    return WordChart(
        kind=kind,
        title=_text(title),
        categories=tuple(_text(c) for c in categories),
        series=tuple(
            replace(
                s,
                name=_text(s.name),
                labels=tuple(None if t is None else _text(t) for t in s.labels),
            )
            for s in series
        ),
        alt_text=_text(alt_text),
        width_cm=width_cm,
        height_cm=height_cm,
        **options,
    )


def _text(value: str) -> str:
    return _XML_ILLEGAL.sub("", str(value))


# --- styling (python-pptx's API keeps every element in the schema's order) ------------------


def _style(chart: Chart, spec: WordChart, font: str | None) -> None:
    _style_text(chart, spec, font)
    _style_axes(chart, spec, font)
    _style_series(chart, spec, font)


def _style_text(chart: Chart, spec: WordChart, font: str | None) -> None:
    """en-GB and the document's font throughout; title above, legend below."""
    space = chart._chartSpace
    lang = etree.Element(f"{{{C}}}lang", val="en-GB")
    space.insert_element_before(lang, "c:roundedCorners", "c:style", "c:clrMapOvr", "c:chart")
    rounded = etree.Element(f"{{{C}}}roundedCorners", val="0")
    space.insert_element_before(rounded, "c:style", "c:clrMapOvr", "c:chart")
    _font(chart.font, font, 9)
    chart.font.color.rgb = _TEXT
    for end in space.txPr.iter(f"{{{A}}}endParaRPr"):
        end.set("lang", "en-GB")
    chart.has_title = True
    title = chart.chart_title.text_frame
    title.text = spec.title
    _font(title.paragraphs[0].runs[0].font, font, 11, bold=True)
    chart.has_legend = spec.legend
    if spec.legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        _font(chart.legend.font, font, 9)


def _style_axes(chart: Chart, spec: WordChart, font: str | None) -> None:
    # python-pptx numbers the axes with negative ids, which the schema's xsd:unsignedInt
    # forbids; below 2**31 as Word writes them (LibreOffice reads ids as signed 32-bit
    # numbers and loses the axes' pairing above), each still paired with its crossing axis
    for ref in chart._chartSpace.iter(f"{{{C}}}axId", f"{{{C}}}crossAx"):
        ref.set("val", str(int(ref.get("val")) % 2**31))
    categories = chart.category_axis
    categories.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    categories.major_tick_mark = categories.minor_tick_mark = XL_TICK_MARK.NONE
    categories.format.line.color.rgb = _AXIS_LINE
    _axis_title(categories, spec.category_axis_title, font)
    values = chart.value_axis
    if "_bars" in spec.kind:  # horizontal: the first category at the top, as it is read,
        categories.reverse_order = True
        crossing = values._element  # ... and the value axis still below the bars
        crossing._remove_crosses()
        crossing._add_crosses(val=XL_AXIS_CROSSES.MAXIMUM)
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = _GRID
    values.format.line.fill.background()
    values.tick_labels.number_format = _axis_format(spec)
    values.tick_labels.number_format_is_linked = False
    values.minimum_scale = 0
    if spec.kind == "percent_stacked_bars":
        values.maximum_scale = 1
        values.major_unit = 0.25
    elif spec.value_max is not None:
        values.maximum_scale = spec.value_max
    if spec.major_unit is not None:
        values.major_unit = spec.major_unit
    _axis_title(values, spec.value_axis_title, font)


def _style_series(chart: Chart, spec: WordChart, font: str | None) -> None:
    """Gap width, a fill (colour and pattern) per series or point, and data labels: the
    value, or the text given for a point."""
    plot = chart.plots[0]
    plot.gap_width = spec.gap_width
    plot.vary_by_categories = False
    if spec.kind.startswith(("clustered", "grouped")):
        plot.overlap = 0 if len(spec.series) == 1 else -5
    plot.has_data_labels = True
    labels = plot.data_labels
    # the third section hides zero: an empty segment gets no "0" written over its neighbours
    labels.number_format = _label_format(spec.number_format)
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.position = _LABEL_POSITIONS[spec.label_position]
    _font(labels.font, font, 8.5, bold=spec.kind.startswith("stacked"))
    for s, series in zip(spec.series, plot.series, strict=True):
        series.invert_if_negative = False
        if s.fill is not None:
            _fill(series.format, s.fill)
        for i, point_fill in enumerate(s.point_fills):
            _fill(series.points[i].format, point_fill)
        for i, text in enumerate(s.labels):
            if text is not None:
                label = series.points[i].data_label
                label.text_frame.text = text
                _font(label.text_frame.paragraphs[0].runs[0].font, font, 8.5)
                label.position = _LABEL_POSITIONS[spec.label_position]


_LABEL_POSITIONS = {
    "ctr": XL_LABEL_POSITION.CENTER,
    "outEnd": XL_LABEL_POSITION.OUTSIDE_END,
    "inEnd": XL_LABEL_POSITION.INSIDE_END,
}


def _label_format(number_format: str) -> str:
    return f"{number_format};-{number_format};;@"


def _axis_format(spec: WordChart) -> str:
    return "0%" if spec.kind == "percent_stacked_bars" else spec.number_format


def _axis_title(axis: Any, text: str, font: str | None) -> None:
    axis.has_title = bool(text)
    if text:
        frame = axis.axis_title.text_frame
        frame.text = text
        _font(frame.paragraphs[0].runs[0].font, font, 9)


def _font(target: Any, name: str | None, size: float, bold: bool = False) -> None:
    """Document font (None: the theme's body font, as Word's own charts), en-GB."""
    if name:
        target.name = name
    target.size = Pt(size)
    target.bold = bold
    target.language_id = MSO_LANGUAGE_ID.ENGLISH_UK


def _fill(fmt: Any, fill: Fill) -> None:
    if fill.pattern:
        fmt.fill.patterned()
        fmt.fill.pattern = MSO_PATTERN.from_xml(fill.pattern)
        fmt.fill.fore_color.rgb = _rgb(fill.pattern_colour)
        fmt.fill.back_color.rgb = _rgb(fill.colour)
    else:
        fmt.fill.solid()
        fmt.fill.fore_color.rgb = _rgb(fill.colour)
    fmt.line.color.rgb = _rgb(fill.pattern_colour if fill.pattern else fill.colour)
    fmt.line.width = Pt(0.5)


def _rgb(colour: str) -> RGBColor:
    value: RGBColor = RGBColor.from_string(colour.lstrip("#").upper())
    return value


# --- the bridge into a Word package ----------------------------------------------------------


def document_font(document: Any) -> str | None:
    """The font of the document's default paragraph style, for the chart text; None when it
    comes from the theme (the chart then uses the theme's body font, as Word does)."""
    from docx.enum.style import WD_STYLE_TYPE

    style = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    name = style.font.name if style is not None else None
    return str(name) if name else None


def add_chart(part: Any, chart: WordChart, shape_id: int, font: str | None = None) -> str:
    """Add ``chart`` to the package of ``part`` (a python-docx document or story part) and
    return the ``w:drawing`` XML that shows it inline, with the alt text on ``wp:docPr``."""
    from docx.opc.part import Part

    package = part.package
    xml, workbook = chart.parts(font)
    chart_part = Part(
        package.next_partname("/word/charts/chart%d.xml"), CHART_CONTENT_TYPE, xml, package
    )
    name = package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx")
    workbook_part = Part(name, XLSX_CONTENT_TYPE, workbook, package)
    rid = chart_part.relate_to(workbook_part, PACKAGE_RELATIONSHIP)
    if rid != WORKBOOK_RID:  # pragma: no cover - a new part's first relationship
        raise RuntimeError(f"chart workbook related as {rid}, not {WORKBOOK_RID}")
    return drawing_xml(part.relate_to(chart_part, CHART_RELATIONSHIP), chart, shape_id)


def drawing_xml(rid: str, chart: WordChart, shape_id: int) -> str:
    """``w:drawing/wp:inline`` (extent, docPr with the alt text, graphic frame) → ``c:chart``."""
    nsmap = {"w": W, "wp": WP, "a": A, "c": C, "r": R}
    drawing = etree.Element(f"{{{W}}}drawing", nsmap=nsmap)
    inline = etree.SubElement(
        drawing, f"{{{WP}}}inline", distT="0", distB="0", distL="0", distR="0"
    )
    etree.SubElement(
        inline,
        f"{{{WP}}}extent",
        cx=str(round(chart.width_cm * EMU_PER_CM)),
        cy=str(round(chart.height_cm * EMU_PER_CM)),
    )
    etree.SubElement(inline, f"{{{WP}}}effectExtent", l="0", t="0", r="0", b="0")
    etree.SubElement(
        inline,
        f"{{{WP}}}docPr",
        id=str(shape_id),
        name=f"Chart {shape_id}",
        descr=chart.alt_text,
        title=chart.title,
    )
    etree.SubElement(inline, f"{{{WP}}}cNvGraphicFramePr")
    graphic = etree.SubElement(inline, f"{{{A}}}graphic")
    data = etree.SubElement(graphic, f"{{{A}}}graphicData", uri=C)
    etree.SubElement(data, f"{{{C}}}chart").set(f"{{{R}}}id", rid)
    return etree.tostring(drawing, encoding="unicode")
