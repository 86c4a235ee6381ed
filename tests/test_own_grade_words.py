"""A council's own grade words in every published document (issue 23).

A form definition carries its grade scale (Good / Adequate / Inadequate, 1 to 4, or any words
of the council's). By principle: Hypothesis draws a scale of three or four grades in words no
one has used, and a small year of audits graded on it; the annual report and the guidance are
published, and their whole .docx (sentences, table headings, chart series and categories,
alt text) holds the council's words and none of the usual ones where the council's differ.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit_docs.compute.annual import Inputs, annual_figures
from audit_docs.compute.anonymise import Pseudonyms
from audit_docs.compute.forms import form_info
from audit_docs.compute.grades import GRADE_WORDS, grade_words, scale_words, shown_bands
from audit_docs.compute.guidance import guidance_figures
from audit_docs.compute.periods import FinancialYear
from audit_docs.read.formdef import GRADE_BANDS, FormDefinition, GradeScale, builtin_definitions
from audit_docs.records import Rating, StoredAudit
from audit_docs.render.annual_docx import write_annual_report
from audit_docs.render.cover import Publishing
from audit_docs.render.docx_render import Rendering, render_publication
from tests.builders.audits import stored_audit

ROOT = Path(__file__).resolve().parents[1]
EARLY_HELP = builtin_definitions()[0]
YEAR = FinancialYear(2016)
#: the usual printed words, and the heading that shortens one of them
USUAL = {**{g: GRADE_WORDS[g] for g in GRADE_BANDS}, "requires_improvement_head": "RI"}
#: words of the documents that are not grades: the guidance's "Good practice" heading and
#: the "good answer" of a question are about practice, whatever the scale
NOT_GRADES = re.compile(r"Good practice|good practice|Good answer|good answer")


def _words() -> st.SearchStrategy[str]:
    word = st.text("bcdfghjklmnpqrstvwxz", min_size=3, max_size=8).map(lambda w: "Q" + w + "y")
    return word


@st.composite
def scales(draw: st.DrawFn) -> GradeScale:
    """Three grades (no Outstanding: Good / Adequate / Inadequate in the council's own words)
    or four, each word new, one or two words long."""
    bands = draw(st.sampled_from([GRADE_BANDS[1:], GRADE_BANDS]))
    words = draw(
        st.lists(
            st.tuples(_words(), st.none() | _words()).map(lambda p: " ".join(w for w in p if w)),
            min_size=len(bands),
            max_size=len(bands),
            unique_by=str.casefold,
        )
    )
    return GradeScale(tuple(words), tuple(bands))


@st.composite
def years(draw: st.DrawFn, bands: tuple[str, ...]) -> list[StoredAudit]:
    """Up to a dozen audits in the year, every grade one of the scale's bands (or none)."""
    grade = st.sampled_from(bands)
    n = draw(st.integers(1, 12))
    audits = []
    for i in range(n):
        sections = {s: draw(st.none() | grade) for s in "2345678"}
        overall = draw(grade)
        moderator = draw(st.none() | grade)
        audits.append(
            stored_audit(
                key=f"k{i}",
                case_reference=f"H2000{i:02d}",
                audit_date=dt.date(2016, 4, 1) + dt.timedelta(days=draw(st.integers(0, 364))),
                overall=Rating(overall, moderator),
                moderated=moderator is not None,
                sections={s: Rating(g) for s, g in sections.items() if g},
            )
        )
    return audits


def _text(docx: Path) -> str:
    """Everything a reader or a screen reader meets in the document: the XML of every part
    (text, alt text in attributes, chart titles, series and categories), the embedded chart
    workbooks' too, entities resolved."""
    parts = []
    with zipfile.ZipFile(docx) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith(".xml"):
                parts.append(data.decode("utf-8"))
            elif name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(data)) as book:
                    parts += [book.read(n).decode() for n in book.namelist() if n.endswith(".xml")]
    return NOT_GRADES.sub("", html.unescape("\n".join(parts)))


def _said(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def _publish(definition: FormDefinition, audits: list[StoredAudit], tmp: Path) -> list[Path]:
    annual = annual_figures(Inputs(YEAR, audits, [], [], [], [], [form_info(definition)]))
    report = tmp / "report.docx"
    write_annual_report(annual, report, ROOT / "templates" / "annual-report.docx")
    guidance = guidance_figures(
        audits,
        [],
        definition,
        start=YEAR.start,
        end=YEAR.end,
        pseudonyms=Pseudonyms(bytes(range(32))),
    )
    guide = tmp / "guidance.docx"
    render_publication(
        ROOT / "templates" / "best-practice-guidance.docx",
        Rendering(guidance, {}, guidance["title"]),
        Publishing(),
        guide,
    )
    for figures in (annual, guidance):
        assert figures["grade_words"] == grade_words([scale_words(*_scale(definition))])
        assert figures["grade_bands"] == list(definition.grade_scale.bands)
    return [report, guide]


def _scale(definition: FormDefinition) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return definition.grade_scale.words, definition.grade_scale.bands


@settings(
    max_examples=6,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_the_published_documents_print_the_councils_grade_words(
    data: st.DataObject, tmp_path: Path
) -> None:
    """Every grade the council uses is printed in its own word, in the annual report and in
    the guidance; no usual word is printed for a grade the council names otherwise, and a
    grade outside its scale (Outstanding, on a three-grade scale) is no column or bar."""
    scale = data.draw(scales())
    definition = dataclasses.replace(EARLY_HELP, grade_scale=scale)
    audits = data.draw(years(scale.bands))
    for docx in _publish(definition, audits, tmp_path):
        text = _text(docx)
        used = {a.overall.auditor for a in audits}
        for word, band in zip(scale.words, scale.bands, strict=True):
            if band in used:
                assert _said(text, word), (docx.name, word)
        for band, usual in USUAL.items():
            assert not _said(text, usual), (docx.name, band, usual)


def test_a_band_outside_the_scale_is_shown_only_when_it_holds_audits() -> None:
    """A three-grade council's documents have no Outstanding column; an audit-log row graded
    Outstanding still is counted and shown, in the usual word."""
    three = scale_words(("Good", "Adequate", "Inadequate"), GRADE_BANDS[1:])
    assert shown_bands([three], [{"good": 2, "inadequate": 1}]) == list(GRADE_BANDS[1:])
    assert shown_bands([three], [{"outstanding": 1}]) == list(GRADE_BANDS)
    assert grade_words([three])["outstanding"] == "Outstanding"
    assert shown_bands([], [{}]) == list(GRADE_BANDS)


def test_the_shipped_form_prints_the_usual_words() -> None:
    """A form keeping the standard scale (its words "Requires improvement" in the
    definition's spelling) prints the report's usual words."""
    info = form_info(EARLY_HELP)
    assert grade_words([info.grade_scale]) == GRADE_WORDS


def test_the_check_receipt_prints_a_forms_grades_in_its_own_words() -> None:
    """`audit-docs check` on a Good / Adequate / Inadequate form says "Adequate", never
    "Requires Improvement"."""
    from audit_docs.render.receipt import receipt
    from tests.builders.filler import FILL_DIALECTS
    from tests.grammar_run import drafted, read_copy
    from tests.test_grade_scale import _form

    definition = drafted(_form("three"))
    said = []
    for seed in range(6):
        _, record = read_copy(_form("three"), definition, FILL_DIALECTS[0], seed=seed)
        said.append(receipt(record, definition))
    text = "\n".join(said)
    assert "Adequate" in text
    assert "Requires Improvement" not in text


def _council(tmp_path: Path) -> list[str]:
    """A council's Good / Adequate / Inadequate form drafted into a forms folder, and three
    filled copies of it in the inbox: the places to give a command."""
    from audit_docs.read.word.draft import definition_yaml, draft
    from tests.builders.filler import fill
    from tests.builders.layout_grammar import blank, fill_values
    from tests.test_grade_scale import _form

    c = _form("three")
    forms, inbox = tmp_path / "forms", tmp_path / "inbox"
    forms.mkdir()
    inbox.mkdir()
    xml = zipfile.ZipFile(io.BytesIO(blank(c))).read("word/document.xml")
    (forms / "three.yaml").write_text(definition_yaml(draft(xml, "three.docx")), "utf-8")
    for seed in range(3):
        values = fill_values(c, seed).values | {"h:case_reference": f"C10{seed}"}
        (inbox / f"audit-{seed}.docx").write_bytes(fill(blank(c), values, "typed"))
    return ["--inbox", str(inbox), "--store", str(tmp_path / "s.sqlite"), "--forms", str(forms)]


def test_the_annual_report_of_a_councils_forms_prints_its_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`audit-docs annual-report --forms` on forms graded Good / Adequate / Inadequate: the
    figures carry the council's words and three bands, the report prints no Outstanding."""
    import json

    from audit_docs.cli import main

    outbox = tmp_path / "outbox"
    place = [*_council(tmp_path), "--outbox", str(outbox)]
    assert main(["annual-report", "--year", "2024", *place]) == 0, capsys.readouterr()
    figures = json.loads((outbox / "annual-report-2024-25.json").read_text("utf-8"))
    assert figures["grade_bands"] == ["good", "requires_improvement", "inadequate"]
    assert figures["grade_words"]["requires_improvement"] == "Adequate"
    text = _text(outbox / "annual-report-2024-25.docx")
    assert _said(text, "Adequate")
    assert not _said(text, "Outstanding")
    assert not _said(text, "Requires Improvement")


def test_an_export_prints_the_grade_words_of_the_forms_in_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The `_words` columns of an export of audits read with a Good / Adequate / Inadequate
    form say "Adequate" beside requires_improvement, never "Requires Improvement"."""
    import csv

    from audit_docs.cli import main

    place = _council(tmp_path)
    assert main(["export", "--format", "csv", "--table", "section_ratings", *place]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    said = {(r["auditor"], r["auditor_words"]) for r in rows}
    assert ("requires_improvement", "Adequate") in said
    assert not {w for _, w in said} & {"Requires Improvement", "Outstanding"}


def test_a_blank_made_from_a_councils_definition_offers_its_own_grades(tmp_path: Path) -> None:
    """`forms blank` of a Good / Adequate / Inadequate definition: the grade drop-downs list
    those three words, and it reads back with that definition."""
    from audit_docs.render.blank_form import write_blank_form

    three = GradeScale(("Good", "Adequate", "Inadequate"), GRADE_BANDS[1:])
    definition = dataclasses.replace(EARLY_HELP, grade_scale=three)
    target = tmp_path / "blank.docx"
    write_blank_form(definition, target)
    xml = zipfile.ZipFile(target).read("word/document.xml").decode()
    items = set(re.findall(r'w:listItem w:displayText="([^"]+)"', xml))
    assert {"Good", "Adequate", "Inadequate"} <= items
    assert not items & {"Outstanding", "Requires Improvement"}
