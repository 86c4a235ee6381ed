"""The annual report: its figures from the store, and a safe, accessible Word document."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from audit_docs.cli import main
from audit_docs.compute.grades import agreement
from audit_docs.compute.messages import grade_sentence, plural
from audit_docs.compute.periods import FinancialYear, parse_year, year_named_in
from audit_docs.compute.sections import AreaGrades, strengths
from audit_docs.documents.annual_report import gather
from audit_docs.errors import TemplateProblem, UsageError
from audit_docs.jobs.ingest import ingest
from audit_docs.jobs.places import Places
from audit_docs.jobs.reports import annual_report
from audit_docs.jobs.templates import check_templates
from audit_docs.render.docx_render import check_template, render_document
from audit_docs.workspace import Workspace
from tests.builders.audits import stored_audit
from tests.builders.years import three_year_inbox
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
    # grades by quarter, the practice areas, a thematic round, quality checks: no chart
    # repeats another (the per-quarter charts repeated Figure 1, issue 21)
    assert len(pictures) >= 4
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
    ws = Workspace.at("inbox", "outbox", "x.sqlite", out=out)
    assert check_templates(ws) == 0, out.getvalue()
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
    result = agreement(pairs, min_pairs=2)
    assert (result.n, result.agreed, result.percent) == (4, 3, 75)
    # observed weighted disagreement 1/4; expected from the margins (2,1,1) x (1,2,1): 20/16
    assert result.kappa == round(1 - (1 / 4) / (20 / 16), 2) == 0.8
    assert result.kappa_words == "substantial"
    assert agreement([("good", "good")], min_pairs=1).kappa is None
    # by default kappa needs 10 pairs: on 4 it is not quoted, and the cell says why
    assert agreement(pairs).kappa is None
    assert agreement(pairs).kappa_text == "too few pairs to measure (n = 4)"
    assert agreement(pairs * 3).kappa_text == "0.80 (substantial)"


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
    # two areas: one each way, so 80% is not called a strength beside 100%
    best, worst = strengths([area("A", 10, 10), area("B", 8, 10)])
    assert ([a.title for a in best], [a.title for a in worst]) == (["A"], ["B"])
    assert strengths([area("A", 10, 10)]) == ([], [])


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


# --- several years in one store (issue 11) ---------------------------------------------------


@pytest.fixture(scope="module")
def three_years(tmp_path_factory: pytest.TempPathFactory) -> Places:
    """2015-16, 2016-17 and 2017-18: forms, audit logs, the bundled trackers (2016-17 with a
    Voice of the Child round in August 2016 and another in April 2017)."""
    root = tmp_path_factory.mktemp("years")
    inbox = root / "inbox"
    three_year_inbox(inbox)
    places = Places(inbox, root / "outbox", root / "s.sqlite")
    ingest(places.inbox, places.store, out=io.StringIO(), err=io.StringIO())
    return places


def test_three_years_build_and_each_compares_with_the_years_before(three_years: Places) -> None:
    """Each year builds (document and JSON); later years carry a trend of the earlier ones."""
    built = {}
    for year in ("2015", "2016-17", "2017/18"):
        docx, data = annual_report(three_years, year, out=io.StringIO(), err=io.StringIO())
        built[docx.name] = json.loads(data.read_text(encoding="utf-8"))
    first, second, third = built.values()
    assert list(built) == [f"annual-report-{y}.docx" for y in ("2015-16", "2016-17", "2017-18")]
    assert first["years_held"] == ["2015-16", "2016-17", "2017-18"]
    assert first["previous_year"] is None
    assert [t["year"] for t in first["trend"]] == ["2015-16"]
    assert [t["year"] for t in second["trend"]] == ["2015-16", "2016-17"]
    assert [t["year"] for t in third["trend"]] == ["2015-16", "2016-17", "2017-18"]
    assert second["previous_year"]["short"] == "2015-16"
    assert third["previous_year"]["short"] == "2016-17"
    # 2015-16: 3 forms + 12 log rows, all moderated; 12 of 15 graded Good or better
    assert second["trend"][0] == {
        "year": "2015-16",
        "label": "April 2015 – March 2016",
        "audits": 15,
        "moderated": 15,
        "graded": 15,
        "good_or_better": 11,
        "percent": 73,
        "compared": 15,
        "agreed": 15,
        "agreement_percent": 100,
    }
    # the bundled log's 86 rows dated in 2016-17 and the 2 forms of that year
    assert second["trend"][1]["audits"] == second["audits"]["total"] == 86 + 2
    assert third["trend"][-1]["moderated"] == 1  # the one 2017-18 form; the log is unmoderated
    lines = second["sentences"]["comparison"]
    assert lines[0].startswith("Good or better overall grades this year: ")
    assert lines[0].endswith(", down from 11 of 15 (73%) in 2015-16.")
    # the 2017 Voice of the Child round is compared with the August 2016 round
    (voc,) = third["thematic"]
    assert (voc["previous"]["date"], voc["previous_year"]) == ("2016-08-16", "2016-17")


def test_a_year_with_nothing_is_one_sentence_listing_the_years_held(three_years: Places) -> None:
    """2014-15 and 2018-19 hold nothing: a sentence names the years the store does hold."""
    for year in (2014, 2018):
        with pytest.raises(UsageError) as caught:
            annual_report(three_years, year, out=io.StringIO(), err=io.StringIO())
        assert str(caught.value).startswith("The store holds no audits, thematic rounds")
        assert "It holds 2015-16, 2016-17 and 2017-18: choose one of those" in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "first"), [("2016", 2016), ("2016-17", 2016), ("2016/17", 2016), ("1990", 1990)]
)
def test_year_spellings(typed: str, first: int) -> None:
    """2016, 2016-17 and 2016/17 are the same financial year."""
    assert parse_year(typed) == FinancialYear(first)


def test_a_year_out_of_range_is_refused_before_anything_is_ingested(tmp_path: Path) -> None:
    """1989, 2101, 20016 and 2016-18: one sentence, exit status 2, no store created."""
    places = _places(tmp_path, trackers_only=True)
    for typed in ("1989", "2101", "20016", "2016-18"):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(
                ["annual-report", "--year", typed, "--inbox", str(places.inbox)]  # noqa: RUF005
                + ["--store", str(places.store), "--outbox", str(places.outbox)]
            )
        assert code == 2
        assert err.getvalue().count("\n") == 1
        assert typed in err.getvalue()
        assert "Traceback" not in err.getvalue()
    assert not places.store.exists()


def test_form_sections_and_practice_areas_are_ranked_apart_and_never_on_few(
    log_2016: dict, report: tuple[Path, dict]
) -> None:
    """3 forms: their sections are shown but too few to rank; the log's areas rank alone."""
    _, f = report
    by_scheme = {r["scheme"]: r for r in f["rankings"]}
    forms = by_scheme["form-section"]
    assert forms["best"] == forms["weakest"] == []
    assert all(
        not a["ranked"] and a["share_text"].endswith("too few to rank") for a in forms["areas"]
    )
    log = by_scheme["practice-area"]
    assert {a["scheme"] for a in log["best"] + log["weakest"]} == {"practice-area"}
    assert all(a["graded"] >= f["min_graded"] == 5 for a in log["best"] + log["weakest"])
    assert not any("Quality of Assessments" in m for m in f["key_messages"])
    for q in f["quarters"]:
        for a in q["areas_of_strength"] + q["areas_for_development"]:
            assert a["graded"] >= 5


def test_kappa_only_from_ten_pairs_and_every_key_message_names_its_base(
    three_years: Places,
) -> None:
    """2017-18 has one moderated form: exact agreement 1 of 1, kappa too few pairs."""
    f = gather(three_years, FinancialYear(2017))
    m = f["moderation"]
    assert (m["compared"], m["kappa"], m["kappa_text"]) == (
        1,
        None,
        "too few pairs to measure (n = 1)",
    )
    assert all(s["kappa"] is None for s in m["by_section"])
    assert (
        "Weighted kappa for the overall grade: too few pairs to measure (n = 1)."
        in (f["sentences"]["moderation"])
    )
    assert f["key_messages"]
    for message in f["key_messages"]:
        assert re.search(r"from \d+ (audit|graded|case)", message), message


def test_a_question_met_in_no_case_is_the_weakest_finding() -> None:
    """0 of 5 is named first; 0 of 4 (under the threshold) is shown but not named."""
    from audit_docs.compute.annual import Inputs, annual_figures
    from audit_docs.compute.forms import FormInfo, Question

    audits = [
        stored_audit(
            key=f"k{i}",
            case_reference=f"H{i}",
            answers={"2.1": "no", "2.2": "yes" if i < 2 else "no", "2.3": "no" if i else None},
        )
        for i in range(5)
    ]
    f = annual_figures(
        Inputs(
            year=FinancialYear(2016),
            audits=audits,
            earlier=[],
            thematic=[],
            checks=[],
            feedback=[],
            forms=[
                FormInfo(
                    "early-help-practice-audit",
                    "Early Help",
                    {"2": "Why this family needs help"},
                    tuple(Question(q, q, "2") for q in ("2.1", "2.2", "2.3")),
                )
            ],
        )
    )
    assert [(q["id"], q["good"], q["applicable"], q["ranked"]) for q in f["questions"]] == [
        ("2.1", 0, 5, True),
        ("2.2", 2, 5, True),
        ("2.3", 0, 4, False),
    ]
    weak = [m for m in f["key_messages"] if m.startswith("Question")]
    assert weak == [
        "Question 2.1 (‘2.1’) was answered Yes in 0 of 5 cases it applied to (0%), from 5 audit forms.",
        "Question 2.2 (‘2.2’) was answered Yes in 2 of 5 cases it applied to (40%), from 5 audit forms.",
    ]
    assert f["questions"][2]["share_text"] == "0/4 (0%), too few to rank"


def test_figures_agree_with_themselves(log_2016: dict, report: tuple[Path, dict]) -> None:
    """CP "Not recorded" from the tracker's values; feedback parts add up; plurals; dates;
    section counts add up to the forms; every Yes/No question answered, 9.3 and 9.7 too."""
    (cp,) = [r for r in log_2016["thematic_graded"] if r["title"] == "Child Protection thematic"]
    assert [a["grades"]["not_recorded"] for a in cp["areas"]] == [5, 2, 4, 2, 2]
    assert cp["blank"] == 70
    summary = log_2016["sentences"]["thematic_graded"][0]
    assert "between 1 August 2016 and 30 August 2016" in summary
    assert "70 cells were left blank in the tracker and are not counted in the table." in summary
    helped = log_2016["sentences"]["feedback_lines"][2]
    assert helped.endswith(
        "7 yes, 1 no, 1 answered in their own words and 1 left blank (of 10 responses)."
    )
    _, f = report
    assert f["sentences"]["introduction"][1] == (
        "Sources: 3 audit forms, 86 audit log entries, 3 thematic audit rounds, 22 quality "
        "checks of Early Help Assessments and 10 family feedback responses."
    )
    for section in f["sections"].values():
        assert sum(section["grades"].values()) == f["sources"]["forms"] == 3
    assert {"9.3", "9.7"} <= set(f["answers"])
    for counts in f["answers"].values():
        assert sum(counts.values()) == 3


def test_plurals_and_the_rounding_footnote() -> None:
    """One round is "1 thematic audit round"; 3 × 33% gets a note, 100% does not."""
    assert plural(1, "thematic audit round", "thematic audit rounds") == "1 thematic audit round"
    assert grade_sentence({"good": 1, "requires_improvement": 1, "inadequate": 1}, 3) == (
        "Of the 3 audits completed, 1 (33%) was Good, 1 (33%) was Requires Improvement and "
        "1 (33%) was Inadequate. (Percentages are rounded, so they add up to 99%.)"
    )
    assert "rounded" not in grade_sentence({"good": 1, "inadequate": 1}, 2)


def test_a_year_with_only_a_thematic_round_builds_and_says_what_there_is(tmp_path: Path) -> None:
    """A store holding only the Voice of the Child tracker: 2017-18 is that round alone."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(DATA / "trackers" / "voice-of-the-child-thematic.xlsx", inbox)
    places = Places(inbox, tmp_path / "outbox", tmp_path / "s.sqlite")
    docx, data = annual_report(places, "2017-18", out=io.StringIO(), err=io.StringIO())
    f = json.loads(data.read_text(encoding="utf-8"))
    assert (f["audits"]["total"], f["years_held"]) == (0, ["2016-17", "2017-18"])
    assert f["key_messages"] == ["No case audits are recorded for this period."]
    text = " ".join(p.text for p in Document(str(docx)).paragraphs)
    assert (
        "No case audits are recorded for this year; the report shows what the store holds." in text
    )
    assert "Sources: 0 audit forms, 0 audit log entries, 1 thematic audit round," in text


def test_the_introduction_counts_forms_without_a_date() -> None:
    """Forms whose audit date could not be read are counted, in words, in the introduction."""
    from audit_docs.compute.annual import Inputs, annual_figures

    def intro(undated: int) -> list[str]:
        inputs = Inputs(FinancialYear(2016), [stored_audit()], [], [], [], [], [])
        inputs = replace(inputs, sources={"undated_forms": undated})
        return annual_figures(inputs)["sentences"]["introduction"]

    assert intro(1)[-1] == (
        "1 audit form could not be placed in a year because its audit date is missing or "
        "unreadable; it is listed in the data-quality workbook."
    )
    assert intro(2)[-1].startswith("2 audit forms could not be placed in a year because their")
    assert len(intro(0)) == 2
