"""The annual report: its figures from the store, and a safe, accessible Word document."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from audit_docs.compute.grades import agreement
from audit_docs.compute.messages import grade_sentence
from audit_docs.compute.periods import FinancialYear, year_named_in
from audit_docs.compute.sections import AreaGrades, strengths
from audit_docs.errors import TemplateProblem, UsageError
from audit_docs.jobs.annual_report import annual_report, gather
from audit_docs.jobs.ingest import ingest
from audit_docs.jobs.places import Places
from audit_docs.jobs.templates import check_templates
from audit_docs.render.docx_render import check_template, render_document
from tests.office import pdf_text, to_pdf

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _places(tmp_path: Path, trackers_only: bool = False) -> Places:
    inbox = tmp_path / "inbox"
    shutil.copytree(DATA / "trackers", inbox / "trackers")
    if not trackers_only:
        (inbox / "forms").mkdir()
        for docx in DATA.glob("example-*.docx"):
            shutil.copy(docx, inbox / "forms" / docx.name)
    return Places(inbox, tmp_path / "outbox", tmp_path / "s.sqlite")


def _figures(places: Places, year: int) -> dict:
    ingest(places.inbox, places.store, out=io.StringIO(), err=io.StringIO())
    return gather(places, FinancialYear(year))


@pytest.fixture(scope="module")
def log_2016(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return _figures(_places(tmp_path_factory.mktemp("log"), trackers_only=True), 2016)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    places = _places(tmp_path_factory.mktemp("report"))
    docx, data = annual_report(places, 2016, out=io.StringIO(), err=io.StringIO())
    return docx, json.loads(data.read_text(encoding="utf-8"))


def test_quarters_match_table_1_of_the_seed_report(log_2016: dict) -> None:
    """The audit log gives Table 1's counts per quarter and Q1's grade breakdown."""
    assert [q["audits"] for q in log_2016["quarters"]] == [15, 40, 10, 21]
    assert [q["label"] for q in log_2016["quarters"]] == ["Q1", "Q2", "Q3", "Q4"]
    q1 = log_2016["quarters"][0]
    assert q1["grades"] == {
        "outstanding": 1,
        "good": 5,
        "requires_improvement": 7,
        "inadequate": 2,
        "not_graded": 0,
    }
    assert (q1["start"], q1["end"]) == ("2016-04-01", "2016-06-30")
    assert log_2016["quarters"][1]["thematic_rounds"] == [
        {"title": "Child Protection thematic", "audits": 30}
    ]
    assert log_2016["sentences"]["quarters"][0]["lines"][0] == (
        "Of the 15 audits completed, 1 (7%) was Outstanding, 5 (33%) were Good, "
        "7 (47%) were Requires Improvement and 2 (13%) were Inadequate."
    )
    assert log_2016["period"] == {
        "start": "2016-04-01",
        "end": "2017-03-31",
        "label": "April 2016 – March 2017",
    }


def test_child_protection_thematic_by_type_and_grade(log_2016: dict) -> None:
    """The August 2016 CP round gives the seed's overall judgement 0/7/17/6."""
    (cp,) = [r for r in log_2016["thematic_graded"] if r["title"] == "Child Protection thematic"]
    assert cp["audits"] == 30
    overall = cp["overall"]
    assert [overall[g] for g in ("outstanding", "good", "requires_improvement", "inadequate")] == [
        0,
        7,
        17,
        6,
    ]


def test_voice_of_the_child_april_2017_compared_with_august_2016(tmp_path: Path) -> None:
    """The 2017-18 figures hold the April 2017 round with the published numbers and the earlier round."""
    figures = _figures(_places(tmp_path, trackers_only=True), 2017)
    (voc,) = figures["thematic"]
    assert voc["date"] == "2017-04-11"
    assert [(m["evidenced"], m["applicable"], m["percent"]) for m in voc["measures"]] == [
        (3, 9, 33),
        (7, 9, 78),
        (7, 10, 70),
        (10, 10, 100),
    ]
    assert voc["previous"]["date"] == "2016-08-16"
    assert [m["previous_percent"] for m in voc["measures"]] == [17, 22, 50, 90]
    assert [m["change"] for m in voc["measures"]] == [16, 56, 20, 10]


def test_moderation_counts_and_kappa_from_forms_and_log(report: tuple[Path, dict]) -> None:
    """Moderated audits are compared overall: agreed + upgraded + downgraded = compared."""
    _, f = report
    m = f["moderation"]
    assert m["moderated"] == f["audits"]["moderated"] == 19
    assert m["agreed"] + m["upgraded"] + m["downgraded"] == m["compared"] == 19
    assert (m["agreed"], m["upgraded"], m["downgraded"]) == (16, 1, 2)
    assert m["exact_agreement"] == {"agreed": 16, "n": 19, "percent": 84}
    assert m["kappa"] == 0.85
    # the grading guidance's checks over the 3 forms of the year, counted for managers
    assert m["rule_flags"] == {
        "overall-grade-rule": 1,
        "drift": 2,
        "actions-missing": 0,
        "timeliness": 2,
    }
    assert "2 cases were flagged for drift" in f["sentences"]["moderation"][-1]


def test_figures_json_has_every_contract_key(report: tuple[Path, dict]) -> None:
    """The JSON beside the report carries the keys of docs/contracts/report-figures.md."""
    docx, f = report
    assert docx.name == "annual-report-2016-17.docx"
    for key in (
        "period",
        "audits",
        "quarters",
        "grades",
        "sections",
        "moderation",
        "answers",
        "thematic",
    ):
        assert key in f
    assert set(f["sections"]) == {"2", "3", "4", "5", "6", "7", "8"}
    assert set(f["answers"]["2.1"]) == {"yes", "no", "partially", "n/a", "unanswered"}
    assert sum(f["grades"].values()) == f["audits"]["total"] == 89
    # 86 log rows (85 dated in the year) and the 4 forms (3 in the year)
    assert f["sources"]["forms"] == 3
    assert f["quarters"][0]["audits"] == 16  # the log's 15 and one Early Help form
    for m in f["thematic"][0]["measures"]:
        assert {"label", "evidenced", "applicable", "percent"} <= set(m)


def test_every_image_has_alt_text_and_every_table_a_repeating_header(
    report: tuple[Path, dict],
) -> None:
    """Read from the docx XML: descr on every picture, tblHeader on every table's first row."""
    docx, _ = report
    with zipfile.ZipFile(docx) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
        settings = etree.fromstring(zf.read("word/settings.xml"))
    pictures = body.findall(
        ".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    )
    assert len(pictures) >= 8
    assert all(len(p.get("descr", "")) > 20 for p in pictures)
    tables = body.findall(f".//{W}tbl")
    assert len(tables) >= 8
    for table in tables:
        assert table.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"
    props = Document(str(docx)).core_properties
    assert props.language == "en-GB"
    assert props.title.startswith("Quality Assurance Case Audit Annual Report")
    styles = {p.style.name for p in Document(str(docx)).paragraphs}
    assert {"Heading 1", "Heading 2", "Title"} <= styles


def _one_line_template(path: Path, text: str) -> Path:
    doc = Document()
    doc.add_paragraph(text)
    doc.save(path)
    return path


def test_auditor_text_renders_literally(tmp_path: Path) -> None:
    """Markup characters, quotes, an emoji and a control character render as plain text."""
    template = _one_line_template(tmp_path / "t.docx", "Comment: {{ comment }}")
    target = tmp_path / "out.docx"
    render_document(template, {"comment": "<b>&\"' 👍 fine\x07"}, {}, target, title="t")
    texts = [p.text for p in Document(str(target)).paragraphs]
    assert texts == ["Comment: <b>&\"' 👍 fine"]


def test_a_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    """Sandboxing stops attribute tricks with an error that names the template."""
    template = _one_line_template(tmp_path / "evil.docx", "{{ ''.__class__.__mro__ }}")
    with pytest.raises(
        TemplateProblem, match=r"evil\.docx asks for something a template may not do"
    ):
        render_document(template, {}, {}, tmp_path / "out.docx", title="t")


def test_a_missing_value_is_an_error_naming_it(tmp_path: Path) -> None:
    """StrictUndefined: a misspelt variable fails instead of leaving a blank."""
    template = _one_line_template(tmp_path / "t.docx", "Total: {{ audits.totl }}")
    with pytest.raises(TemplateProblem, match="totl"):
        render_document(template, {"audits": {"total": 3}}, {}, tmp_path / "out.docx", title="t")


def test_template_check_reports_split_tags_loops_and_unknown_values(tmp_path: Path) -> None:
    """An edited template's mistakes are listed as sentences before anyone renders it."""
    doc = Document()
    p = doc.add_paragraph()
    p.add_run("{{ peri")
    p.add_run("od.label }}").bold = True
    doc.add_paragraph("{%tr for q in quarters %}")
    doc.add_paragraph("{{ q.label }}")
    doc.add_paragraph("{%tr endfor %}")
    doc.save(tmp_path / "edited.docx")
    report = check_template(
        tmp_path / "edited.docx", {"period": {"label": "x"}, "quarters": []}, {}
    )
    text = " | ".join(report.problems)
    assert "{{ period.label }} is split" in text
    assert "{%tr for %} tag is outside a table row" in text
    assert "Encountered unknown tag 'tr'" in text
    misspelt = _one_line_template(
        tmp_path / "misspelt.docx", "{{ nonsense }} and {{ period.label }}"
    )
    (problem,) = check_template(misspelt, {"period": {"label": "x"}}, {}).problems
    assert problem.startswith("uses {{ nonsense }}, which the figures do not have")


def test_shipped_templates_pass_the_check() -> None:
    """`audit-docs templates check` passes on the templates in templates/."""
    out = io.StringIO()
    assert check_templates(Places(Path("inbox"), Path("outbox"), Path("x.sqlite")), out=out) == 0, (
        out.getvalue()
    )
    assert "annual-report.docx: ready" in out.getvalue()


def test_empty_inbox_says_so(tmp_path: Path) -> None:
    """An empty inbox gives a sentence pointing to it, not an empty report."""
    (tmp_path / "inbox").mkdir()
    places = Places(tmp_path / "inbox", tmp_path / "outbox", tmp_path / "s.sqlite")
    with pytest.raises(UsageError, match="There is nothing in the inbox folder"):
        annual_report(places, 2016, out=io.StringIO(), err=io.StringIO())


def test_weighted_kappa_worked_example() -> None:
    """Four pairs, one a single grade apart: 3/4 exact agreement, kappa 0.8."""
    pairs = [
        ("good", "good"),
        ("requires_improvement", "requires_improvement"),
        ("inadequate", "inadequate"),
        ("good", "requires_improvement"),
    ]
    result = agreement(pairs)
    assert (result.n, result.agreed, result.percent) == (4, 3, 75)
    # observed weighted disagreement 1/4; expected from the margins (2,1,1) x (1,2,1): 20/16
    assert result.kappa == round(1 - (1 / 4) / (20 / 16), 2) == 0.8
    assert result.kappa_words == "substantial"
    assert agreement([("good", "good")]).kappa is None


def test_strengths_take_the_top_and_bottom_three_with_ties() -> None:
    """Areas ranked by Good-or-better share; ties at the edge are included; small n left out."""

    def area(title: str, good: int, graded: int) -> AreaGrades:
        pct = round(100 * good / graded)
        return AreaGrades("practice-area", title, title, {}, good, graded, pct, 0)

    areas = [
        area("A", 9, 10),
        area("B", 8, 10),
        area("C", 7, 10),
        area("D", 7, 10),
        area("E", 2, 10),
        area("F", 1, 10),
        area("G", 0, 2),
    ]
    best, worst = strengths(areas)
    assert [a.title for a in best] == ["A", "B", "C", "D"]
    assert [a.title for a in worst] == ["F", "E"]


def test_periods_and_sentences() -> None:
    """Financial years, a year named in a file name, and the grade sentence's grammar."""
    year = FinancialYear(2016)
    assert (year.short, year.quarters[3].start.isoformat(), year.quarters[3].end.isoformat()) == (
        "2016-17",
        "2017-01-01",
        "2017-03-31",
    )
    assert year_named_in("family-feedback-2016-17.xlsx") == year
    assert year_named_in("feedback 2016-2017.xlsx") == year
    assert year_named_in("feedback 2016-18.xlsx") is None
    assert grade_sentence(
        {"good": 4, "requires_improvement": 4, "inadequate": 2}, 10, "scheduled audits"
    ) == (
        "Of the 10 scheduled audits, 4 (40%) were Good, 4 (40%) were Requires Improvement and 2 (20%) were Inadequate."
    )
    assert grade_sentence({"good": 1}, 1) == "The one audit completed was Good."


@pytest.mark.slow
def test_report_converts_with_libreoffice_and_its_text_holds_the_figures(
    report: tuple[Path, dict], tmp_path: Path
) -> None:
    """The PDF LibreOffice makes has the expected pages and every headline figure of the JSON."""
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.skip(
            "LibreOffice (soffice) and poppler (pdftotext) are needed: .ci/run installs them"
        )
    docx, f = report
    pdf = to_pdf(docx, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 12
    text = " ".join(pdf_text(pdf).split())
    assert f"{f['audits']['total']} case audits were completed" in text
    for q in f["quarters"]:
        assert f"Of the {q['audits']} audits completed" in text
    for line in f["sentences"]["moderation"]:
        assert line in text
    for m in f["thematic"][0]["measures"]:
        assert f"{m['evidenced']}/{m['applicable']}" in text
    assert f"{f['family_feedback']['responses']} parents and carers responded" in text
