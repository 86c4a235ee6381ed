"""Native Word charts: each chart part of a generated report holds the figures, its embedded
workbook the same numbers, its XML the ECMA-376 element order, and LibreOffice draws it."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from openpyxl import load_workbook

from audit_docs.jobs.places import Places
from audit_docs.jobs.reports import annual_report
from audit_docs.render import chart_design, word_chart
from audit_docs.render.annual_docx import CAPTIONS
from audit_docs.render.docx_render import render_document
from tests.chart_schema import NS, order_problems
from tests.office import pdf_text, to_pdf

DATA = Path(__file__).parent / "data"
C = f"{{{NS['c']}}}"
A = f"{{{NS['a']}}}"
WP = f"{{{NS['wp']}}}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
WORDS = chart_design.GRADE_WORDS


def _report(folder: Path, charts: str) -> tuple[Path, dict]:
    inbox = folder / "inbox"
    shutil.copytree(DATA / "trackers", inbox / "trackers")
    (inbox / "forms").mkdir()
    for docx in DATA.glob("example-*.docx"):
        shutil.copy(docx, inbox / "forms" / docx.name)
    places = Places(inbox, folder / "outbox", folder / "s.sqlite")
    docx, data = annual_report(places, 2016, out=io.StringIO(), err=io.StringIO(), charts=charts)
    return docx, json.loads(data.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def native(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    return _report(tmp_path_factory.mktemp("native"), "native")


@pytest.fixture(scope="module")
def picture(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    return _report(tmp_path_factory.mktemp("picture"), "picture")


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = part.rsplit("/", 1)
    root = etree.fromstring(zf.read(f"{folder}/_rels/{name}.rels"))
    return {r.get("Id"): f"{folder}/{r.get('Target')}" for r in root.iter(REL)}


def _charts(docx: Path) -> list[dict]:
    """Every chart placed in the document, in reading order: its frame, XML and workbook."""
    found = []
    with zipfile.ZipFile(docx) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
        rels = _rels(zf, "word/document.xml")
        for inline in body.iter(f"{WP}inline"):
            ref = inline.find(f".//{C}chart")
            if ref is None:
                continue
            part = rels[ref.get(R_ID)]
            workbook_part = next(iter(_rels(zf, part).values())).replace("charts/../", "")
            found.append(
                {
                    "inline": inline,
                    "docPr": inline.find(f"{WP}docPr"),
                    "xml": etree.fromstring(zf.read(part)),
                    "workbook": zf.read(workbook_part),
                    "part": part,
                }
            )
    return found


def _cache(space: etree._Element) -> dict:
    """Title, categories and {series name: values} as cached in the chart XML."""

    def points(cache: etree._Element) -> list:
        out: list = [None] * int(cache.find(f"{C}ptCount").get("val"))
        for pt in cache.iter(f"{C}pt"):
            out[int(pt.get("idx"))] = pt.findtext(f"{C}v")
        return out

    series = {}
    categories: list = []
    for ser in space.iter(f"{C}ser"):
        name = ser.findtext(f"{C}tx/{C}strRef/{C}strCache/{C}pt/{C}v")
        categories = points(ser.find(f"{C}cat/{C}strRef/{C}strCache"))
        values = points(ser.find(f"{C}val/{C}numRef/{C}numCache"))
        series[name] = [None if v is None else float(v) for v in values]
    title = "".join(t.text for t in space.find(f"{C}chart/{C}title").iter(f"{A}t"))
    return {"title": title, "categories": categories, "series": series}


def _expected(f: dict) -> dict[str, dict]:
    """What each chart must show, straight from the figures JSON, by chart title."""
    year = f["report"]["year"]
    four = [g for g in chart_design.GRADE_KEYS if g != "not_graded"]

    def grades(rows: list[tuple[str, dict]]) -> dict:
        keys = four + (["not_graded"] if any(r.get("not_graded") for _, r in rows) else [])
        return {
            "categories": [label for label, _ in rows],
            "series": {WORDS[g]: [float(r.get(g, 0)) for _, r in rows] for g in keys},
        }

    out = {
        f"Overall grades by quarter, {year}": grades(
            [(q["label"], q["grades"]) for q in f["quarters"]]
        ),
        f"Quality checks of Early Help Assessments by quarter, {year}": grades(
            [(q["label"], q["grades"]) for q in f["quality_checks"]["quarters"]]
        ),
    }
    for ranking in f["rankings"]:  # form sections and practice areas: one chart each
        if f"ranking:{ranking['scheme']}" in f["sentences"]["moved"]:
            continue  # every area too few to rank: its table is in the appendix, no chart
        what = CAPTIONS[ranking["scheme"]][1]
        out[f"Final grades per {what}, {year}"] = grades(
            [(a["title"], a["grades"]) for a in ranking["areas"] if a["graded"]]
        )
    # no chart per quarter: each repeated a bar of the first chart (issue 21)
    for r in f["thematic"]:
        rounds = [r["previous"], r] if r["previous"] else [r]
        labels = [m["label"] for m in r["measures"]]
        series = {}
        for one in rounds:
            by_label = {m["label"]: m["percent"] for m in one["measures"]}
            series[_round_label(one)] = [
                None if by_label.get(m) is None else float(by_label[m]) for m in labels
            ]
        out[r["title"] or "Thematic audit"] = {"categories": labels, "series": series}
    return out


def _round_label(r: dict) -> str:
    import datetime as dt

    return dt.date.fromisoformat(r["date"]).strftime("%B %Y") if r.get("date") else r["sheet"]


def test_the_report_holds_native_charts_only_with_the_figures_cached(
    native: tuple[Path, dict],
) -> None:
    docx, f = native
    charts = _charts(docx)
    expected = _expected(f)
    assert len(charts) == len(expected) >= 4
    with zipfile.ZipFile(docx) as zf:
        assert not [n for n in zf.namelist() if n.startswith("word/media/")]  # no chart pictures
        types = zf.read("[Content_Types].xml").decode()
    assert types.count("drawingml.chart+xml") == len(charts)
    seen = set()
    for chart in charts:
        cached = _cache(chart["xml"])
        want = expected[cached["title"]]
        assert cached["categories"] == want["categories"], cached["title"]
        assert cached["series"] == want["series"], cached["title"]
        seen.add(cached["title"])
    assert seen == set(expected)


def test_each_embedded_workbook_holds_the_cached_values(native: tuple[Path, dict]) -> None:
    """Word's Edit Data opens the workbook: every c:f reference resolves to the cached value."""
    for chart in _charts(native[0]):
        sheet = load_workbook(io.BytesIO(chart["workbook"]))["Sheet1"]
        space = chart["xml"]
        assert space.find(f"{C}externalData").get(R_ID) == word_chart.WORKBOOK_RID
        checked = 0
        for ref in space.iter(f"{C}strRef", f"{C}numRef"):
            cells = sheet[ref.findtext(f"{C}f").split("!")[1].replace("$", "")]
            rows = cells if isinstance(cells, tuple) else (cells,)
            flat = [c for row in rows for c in (row if isinstance(row, tuple) else (row,))]
            cache = ref.find(f"{C}strCache")
            cache = ref.find(f"{C}numCache") if cache is None else cache
            cached = {int(pt.get("idx")): pt.findtext(f"{C}v") for pt in cache.iter(f"{C}pt")}
            for i, cell in enumerate(flat):
                if i in cached:
                    assert str(cell.value) == cached[i] or float(cell.value) == float(cached[i])
                else:
                    assert cell.value is None  # no value: an empty cell, never a made-up 0
                checked += 1
        assert checked > 0


def test_chart_xml_follows_the_ecma_376_element_order(native: tuple[Path, dict]) -> None:
    for chart in _charts(native[0]):
        assert list(order_problems(chart["xml"])) == [], chart["part"]
        assert list(order_problems(chart["inline"])) == [], chart["part"]
        # axis ids are xsd:unsignedInt, and each axis crosses the other one of its chart
        ids = [int(a.get("val")) for a in chart["xml"].iter(f"{C}axId")]
        crossing = [int(a.get("val")) for a in chart["xml"].iter(f"{C}crossAx")]
        assert all(0 <= i < 2**31 for i in ids)  # unsigned, and signed 32-bit readers agree
        assert len(set(ids)) == 2
        assert set(crossing) == set(ids)


def test_order_check_catches_an_element_out_of_place() -> None:
    """The check itself: gapWidth before the series is what Word refuses."""
    xml, _ = _small().parts()
    space = etree.fromstring(xml)
    bar = space.find(f".//{C}barChart")
    bar.insert(1, bar.find(f"{C}gapWidth"))
    assert any("gapWidth" in p or "grouping" in p for p in order_problems(space))


def test_alt_text_is_the_same_as_the_pictures(
    native: tuple[Path, dict], picture: tuple[Path, dict]
) -> None:
    """Title plus every number, word for word what the PNG version says."""
    with zipfile.ZipFile(picture[0]) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
        pictures = [d.get("descr") for d in body.iter(f"{WP}docPr")]
        assert len([n for n in zf.namelist() if n.startswith("word/charts/")]) == 0
    natives = [c["docPr"].get("descr") for c in _charts(native[0])]
    assert natives == pictures
    assert all(re.search(r"\d", d) for d in natives)
    ids = [d.get("id") for d in etree.fromstring(_document_xml(native[0])).iter(f"{WP}docPr")]
    assert len(ids) == len(set(ids))


def _document_xml(docx: Path) -> bytes:
    with zipfile.ZipFile(docx) as zf:
        return zf.read("word/document.xml")


def test_grades_differ_by_pattern_and_text_is_en_gb_in_the_document_font(
    native: tuple[Path, dict],
) -> None:
    for chart in _charts(native[0]):
        space = chart["xml"]
        assert space.find(f"{C}lang").get("val") == "en-GB"
        langs = {e.get("lang") for e in space.iter() if e.get("lang")}
        assert langs == {"en-GB"}
        assert {e.get("typeface") for e in space.iter(f"{A}latin")} == {"Arial"}
        title = _cache(space)["title"]
        if title.startswith(("Overall grades", "Final grades", "Quality checks")):
            fills = {
                ser.findtext(f"{C}tx//{C}v"): ser.find(f"{C}spPr/{A}pattFill")
                for ser in space.iter(f"{C}ser")
            }
            for grade in ("outstanding", "good", "requires_improvement", "inadequate"):
                pattern, _ = chart_design.GRADE_PATTERNS[grade]
                fill = fills[WORDS[grade]]
                assert fill.get("prst") == pattern
                colour = fill.find(f"{A}bgClr/{A}srgbClr").get("val")
                assert f"#{colour.lower()}" == chart_design.GRADE_COLOURS[grade]
        assert space.find(f".//{C}barChart/{C}gapWidth") is not None
        assert space.find(f".//{C}barChart/{C}dLbls/{C}showVal").get("val") == "1"
        assert space.find(f".//{C}valAx/{C}title") is not None


def test_thematic_bars_are_labelled_with_percent_and_n_of_n(native: tuple[Path, dict]) -> None:
    _, f = native
    r = f["thematic"][0]
    chart = next(c for c in _charts(native[0]) if _cache(c["xml"])["title"] == r["title"])
    labels = [
        "".join(t.text for t in d.iter(f"{A}t"))
        for d in chart["xml"].iter(f"{C}dLbl")
        if d.find(f"{C}tx") is not None
    ]
    for m in r["measures"]:
        if m["percent"] is not None:
            assert f"{m['percent']}% ({m['evidenced']}/{m['applicable']})" in labels


def _small() -> word_chart.WordChart:
    return word_chart.stacked_bars(
        ["Q1", "Q2"],
        [
            word_chart.Series("Good", (3, 0), word_chart.Fill("#66bb6a", "wdDnDiag", "#1b3d1d")),
            word_chart.Series("Inadequate", (1, None), word_chart.Fill("#e53935")),
        ],
        "Grades",
        alt_text="Stacked bar chart: Grades. Q1: Good 3, Inadequate 1.",
    )


def test_every_kind_makes_a_well_ordered_chart_of_its_own_type() -> None:
    kinds = {
        word_chart.clustered_columns: ("col", "clustered"),
        word_chart.clustered_bars: ("bar", "clustered"),
        word_chart.stacked_columns: ("col", "stacked"),
        word_chart.stacked_bars: ("bar", "stacked"),
        word_chart.percent_stacked_bars: ("bar", "percentStacked"),
        word_chart.grouped_bars_over_time: ("bar", "clustered"),
        word_chart.grouped_columns_over_time: ("col", "clustered"),
    }
    series = [word_chart.Series("2016", (1, 2)), word_chart.Series("2017", (3, None))]
    for make, (direction, grouping) in kinds.items():
        xml, workbook = make(["A", "B"], series, "T", alt_text="T").parts("Arial")
        space = etree.fromstring(xml)
        assert space.find(f".//{C}barDir").get("val") == direction
        assert space.find(f".//{C}grouping").get("val") == grouping
        assert list(order_problems(space)) == [], make.__name__
        rows = list(load_workbook(io.BytesIO(workbook)).active.iter_rows(values_only=True))
        assert rows == [(None, "2016", "2017"), ("A", 1, 3), ("B", 2, None)]


def test_mismatched_data_is_refused_with_the_chart_named() -> None:
    with pytest.raises(ValueError, match="Grades, Good: 1 values for 2 categories"):
        word_chart.stacked_bars(
            ["Q1", "Q2"], [word_chart.Series("Good", (1,))], "Grades", alt_text=""
        )


def test_an_edited_template_places_a_chart_wherever_the_tag_is(tmp_path: Path) -> None:
    """A council's template with the chart tag in a table cell, twice: two native charts."""
    doc = Document()
    doc.add_paragraph("Before {{ charts.grades }} after")
    doc.add_table(rows=1, cols=1).cell(0, 0).text = "{{ charts.grades }}"
    doc.save(tmp_path / "t.docx")
    target = tmp_path / "out.docx"
    render_document(tmp_path / "t.docx", {}, {"grades": _small()}, target, title="t")
    charts = _charts(target)
    assert len(charts) == 2
    assert {c["part"] for c in charts} == {"word/charts/chart1.xml", "word/charts/chart2.xml"}
    assert all(c["docPr"].get("descr").startswith("Stacked bar chart: Grades.") for c in charts)
    text = [p.text for p in Document(str(target)).paragraphs]
    assert "Before  after" in text


@pytest.mark.slow
def test_libreoffice_draws_every_chart(native: tuple[Path, dict], tmp_path: Path) -> None:
    """The PDF LibreOffice makes has each chart's title and axis titles, and a horizontal
    chart reads top down: first quarter at the top, the value axis below the bars."""
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.skip(
            "LibreOffice (soffice) and poppler (pdftotext) are needed: .ci/run installs them"
        )
    docx, f = native
    pdf = to_pdf(docx, tmp_path)
    text = " ".join(pdf_text(pdf).split())
    for title in _expected(f):
        assert title in text
    for label in ("Share of audits", "Applicable cases where the measure was evidenced"):
        assert label in text
    title = f"Overall grades by quarter, {f['report']['year']}"
    words = _words_below(pdf, title)
    top = {w: min(y for word, y in words if word == w) for w in ("Q1", "Q4", "Audits")}
    assert top["Q1"] < top["Q4"] < top["Audits"]


def _words_below(pdf: Path, title: str) -> list[tuple[str, float]]:
    """(word, top) for the words below ``title`` on its page, from pdftotext's boxes."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for page in boxes.split("<page ")[1:]:
        words = [
            (html.unescape(word), float(y))
            for y, word in re.findall(
                r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page
            )
        ]
        wanted = title.split()
        for i in range(len(words) - len(wanted) + 1):
            if [w for w, _ in words[i : i + len(wanted)]] == wanted:
                at = words[i][1]
                return [(w, y) for w, y in words if y > at + 1]
    raise AssertionError(f"{title} is not in the PDF")


def test_charts_option_defaults_to_native_and_accepts_picture(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from audit_docs.cli import _parser

    assert _parser().parse_args(["annual-report", "--year", "2016"]).charts == "native"
    args = _parser().parse_args(["annual-report", "--year", "2016", "--charts", "picture"])
    assert args.charts == "picture"
    with pytest.raises(SystemExit):
        _parser().parse_args(["annual-report", "--year", "2016", "--charts", "svg"])
    assert "invalid choice: 'svg'" in capsys.readouterr().err


def test_text_xml_cannot_hold_is_dropped_and_markup_stays_text() -> None:
    """A tracker cell with a control character or ``<&>`` still makes a chart that opens."""
    chart = word_chart.stacked_bars(
        ["Q1 <&>\x07"], [word_chart.Series("Good\x0b", (1,))], "Title\x01", alt_text="a\x02b"
    )
    xml, workbook = chart.parts()
    cached = _cache(etree.fromstring(xml))
    assert cached == {"title": "Title", "categories": ["Q1 <&>"], "series": {"Good": [1.0]}}
    assert chart.alt_text == "ab"
    assert load_workbook(io.BytesIO(workbook)).active["A2"].value == "Q1 <&>"
