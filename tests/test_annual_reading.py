"""Issue 21: the annual report as a Head of Service reads it.

A summary up front, strengths that are strengths, comparisons only on honest bases, every
source the store holds reported, a theme's rounds one series. Each test names the defect it
guards against and builds the smallest store that shows it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from audit_docs.cli import main
from audit_docs.compute.annual import Inputs, annual_figures
from audit_docs.compute.forms import FormInfo
from audit_docs.compute.periods import FinancialYear
from audit_docs.documents.annual_report import gather
from audit_docs.jobs.ingest import ingest
from audit_docs.jobs.places import Places
from audit_docs.records import FeedbackAnswer, Rating, StoredAudit, ThematicResult
from tests.builders.audits import stored_audit
from tests.builders.workbooks import write_workbook
from tests.office import PDFTOTEXT, SOFFICE, page_lines, to_pdf

DATA = Path(__file__).parent / "data"
ROOT = DATA.parents[1]
FORMS = [FormInfo("early-help-practice-audit", "Early Help", {"2": "Why this family needs help"})]


def log_audits(
    when: dt.date, grades: dict[str, Sequence[str]], prefix: str = "L", **changes: object
) -> list[StoredAudit]:
    """Audit-log rows on ``when``: area key -> the grade of each row (rows as many as the
    longest list)."""
    rows = max(len(g) for g in grades.values())
    return [
        stored_audit(
            key=f"{prefix}{when}-{i}",
            case_reference=f"{prefix}{i}",
            audit_date=when,
            origin="audit-log",
            form=None,
            sections={},
            practice_areas={k: Rating(g[i]) for k, g in grades.items() if i < len(g)},
            **changes,
        )
        for i in range(rows)
    ]


def figures(audits: Sequence[StoredAudit], earlier: Sequence[StoredAudit] = (), **kw: object):
    return annual_figures(
        Inputs(FinancialYear(2016), audits, earlier, [], [], [], FORMS, **kw)  # type: ignore[arg-type]
    )


def demo_report(tmp_path: Path) -> tuple[Path, Path]:
    """The sample inbox's report for 2016-17 through the command line: (docx, its JSON)."""
    out = tmp_path / "out"
    args = ["annual-report", "--year", "2016", "--inbox", str(ROOT / "examples" / "inbox")]
    args += ["--store", str(tmp_path / "s.sqlite"), "--outbox", str(out)]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(args) == 0
    return out / "annual-report-2016-17.docx", out / "annual-report-2016-17.json"


def grades(good: int, of: int) -> list[str]:
    return ["good"] * good + ["requires_improvement"] * (of - good)


def test_a_minority_good_area_is_no_strength_and_one_sentence_says_so() -> None:
    """Q4 of the issue: the top area, Good or better in 7 of 15 (47%), was called a strength."""
    q4 = dt.date(2017, 2, 1)
    audits = log_audits(
        q4,
        {
            "assessment": grades(7, 15),
            "plans": grades(5, 15),
            "risk": grades(3, 15),
            "outcomes": grades(2, 15),
        },
    )
    f = figures(audits)
    quarter = f["quarters"][3]
    assert quarter["areas_of_strength"] == []
    assert [a["key"] for a in quarter["areas_for_development"]] == ["outcomes", "risk"]
    assert any(
        "No area stands out as a strength" in x for x in f["sentences"]["quarters"][3]["lines"]
    )
    year = f["rankings"][0]
    assert year["best"] == []
    assert f["best_areas"] == []
    assert f["sentences"]["rankings"]["practice-area"][0].startswith("No area stands out")
    assert not any(m.startswith("Strongest") for m in f["key_messages"])


def test_a_strength_stands_above_every_area_for_development_of_any_instrument() -> None:
    """A form section at 60% is no strength in a year whose practice area for development
    stands at 70%: the rule holds across instruments."""
    when = dt.date(2016, 5, 1)
    log = log_audits(when, {"risk": grades(9, 10), "plans": grades(7, 10)})
    forms = [
        stored_audit(
            key=f"F{i}",
            case_reference=f"F{i}",
            audit_date=when,
            sections={
                "2": "good" if i < 6 else "inadequate",
                "3": "good" if i < 3 else "inadequate",
            },
        )
        for i in range(10)
    ]
    titles = FormInfo("early-help-practice-audit", "Early Help", {"2": "Need", "3": "Consent"})
    f = annual_figures(Inputs(FinancialYear(2016), log + forms, [], [], [], [], [titles]))
    by = {r["scheme"]: r for r in f["rankings"]}
    assert [a["key"] for a in by["practice-area"]["best"]] == ["risk"]
    assert [a["key"] for a in by["practice-area"]["weakest"]] == ["plans"]
    assert by["form-section"]["best"] == []  # 60% is under the 70% area for development
    assert [a["key"] for a in by["form-section"]["weakest"]] == ["3"]


def test_a_thematic_rounds_area_is_never_the_years_headline() -> None:
    """'Management oversight', graded only in the August child protection round (0 of 14),
    was the year's key message; it belongs to its round."""
    when = dt.date(2016, 8, 10)
    scheduled = log_audits(when, {"risk": grades(8, 10), "plans": grades(3, 10)})
    thematic = log_audits(
        when,
        {"management_oversight": grades(0, 14), "risk": grades(2, 14)},
        prefix="CP",
        thematic_round="Child Protection thematic",
    )
    f = figures(scheduled + thematic)
    assert not any("Management oversight" in m for m in f["key_messages"])
    assert "management_oversight" not in [a["key"] for a in f["areas"]]
    risk = next(a for a in f["areas"] if a["key"] == "risk")
    assert (risk["good_or_better"], risk["graded"]) == (8, 10)
    overview = f["thematic_graded"][0]["overview"]
    assert [a["key"] for a in overview["weakest"]] == ["management_oversight"]


def _voc_round(path: Path, sheet: str, taf_header: str, marks: list[tuple[str, str]]) -> None:
    """A voice-of-the-child round with no title line: named after its sheet (a month)."""
    rows: list[list[object]] = [
        ["Case", taf_header, "Evidence of the voice of the child in the plan"]
    ]
    rows += [[f"{i + 1}.", a, b] for i, (a, b) in enumerate(marks)]
    write_workbook(path, {sheet: rows})


def test_a_themes_rounds_are_one_series_whichever_sheet_or_workbook_holds_them(
    tmp_path: Path,
) -> None:
    """April 2017 said 'the first round of this theme' while August 2016 sat in another
    workbook under a header variant ("Child present at TAF meeting")."""
    inbox = tmp_path / "inbox"
    _voc_round(
        inbox / "voc-2016.xlsx",
        "August 2016",
        "Present at TAF",
        [("✓", "X")] * 3 + [("X", "X")] * 3,
    )
    _voc_round(
        inbox / "voc-2017.xlsx",
        "April 2017",
        "Child present at TAF meeting",
        [("✓", "✓")] * 5 + [("X", "✓")],
    )
    places = Places(inbox=inbox, outbox=tmp_path / "out", store=tmp_path / "s.sqlite")
    with contextlib.redirect_stdout(io.StringIO()):
        ingest(places.inbox, places.store, out=io.StringIO(), err=io.StringIO())
    f = gather(places, FinancialYear(2017))
    (voc,) = f["thematic"]
    assert voc["previous"] is not None
    assert voc["previous"]["date"] == "2016-08-01"
    by_label = {m["label"]: m for m in voc["measures"]}
    taf = by_label["Present at TAF"]  # the definition's label, not the header variant
    plan = by_label["Evidence of the voice of the child in the plan"]
    assert (taf["evidenced"], taf["applicable"], taf["previous_evidenced"]) == (5, 6, 3)
    assert (taf["change"], taf["compared"]) == (33, True)
    assert (plan["previous_evidenced"], plan["previous_applicable"]) == (0, 6)
    assert "compared with the previous round" in f["sentences"]["thematic"][0]


def test_a_measure_the_definition_does_not_know_keeps_its_label() -> None:
    """Header variants match the definition's keys and aliases; anything else is its own."""
    from audit_docs.compute.thematic import measure_key, theme_words

    names = {"present_at_taf": ("Present at TAF", "present at taf meeting", "child present at taf")}
    assert measure_key("Child present at TAF meeting", names) == "present_at_taf"
    assert measure_key("PRESENT AT TAF?", names) == "present_at_taf"
    assert measure_key("Present at school", names) is None
    assert theme_words("Voice of the child – April 2017") == ("voice", "child")
    assert theme_words("August 2016") == ()


DIRECTION = ("up from", "down from", "the same as", " rose ", " fell ", "improved")


def test_no_direction_on_a_base_under_the_threshold() -> None:
    """'59 of 150 graded audits (39%) … down from 2 of 4 (50%) in 2015-16', and the next
    year's '1 of 2, up from 59 of 150': one sentence says a period holds too few instead."""
    now = log_audits(dt.date(2016, 6, 1), {"risk": grades(4, 10)}, overall="good")
    now = [*now[:4], *(replace(a, overall=Rating("inadequate")) for a in now[4:])]
    before = log_audits(dt.date(2015, 6, 1), {"risk": grades(2, 4)}, prefix="B")
    f = figures(now, before)
    lines = f["sentences"]["comparison"] + f["key_messages"]
    assert not [x for x in lines if any(w in x for w in DIRECTION)], lines
    assert (
        "Good or better overall grades this year: 4 of 10 graded audits (40%); 2015-16 holds "
        "too few graded audits to compare with (4, fewer than 5)." in lines
    )
    few = log_audits(dt.date(2016, 6, 1), {"risk": grades(1, 2)})
    big = log_audits(dt.date(2015, 6, 1), {"risk": grades(6, 10)}, prefix="B")
    g = figures(few, big)
    assert not [x for x in g["sentences"]["comparison"] if any(w in x for w in DIRECTION)]
    assert g["sentences"]["comparison"][0].endswith(
        "too few this year to compare with 2015-16, when it was 10 of 10 (100%)."
    )


def test_a_rounds_change_is_shown_only_on_enough_cases() -> None:
    """A measure that applied to 3 cases in the earlier round carries no change."""
    results = [
        ThematicResult(
            "voc.xlsx", sheet, 1, "Voice of the child", day, row, None, "Seen", mark, None
        )
        for sheet, day, marks in (
            ("Aug", dt.date(2016, 8, 1), ["evidenced", "not_evidenced", "not_evidenced"]),
            ("Feb", dt.date(2017, 2, 1), ["evidenced"] * 6),
        )
        for row, mark in enumerate(marks, 1)
    ]
    f = annual_figures(Inputs(FinancialYear(2016), [], [], results, [], [], FORMS))
    later = f["thematic"][-1]
    (seen,) = later["measures"]
    assert seen["previous_applicable"] == 3
    assert seen["compared"] is False


def test_every_source_the_forms_carry_is_reported(tmp_path: Path) -> None:
    """The forms' family feedback (relationship scores, the families' words), practitioner
    feedback and actions were read and never reported: 'No family feedback responses are
    recorded for this year' over forms that carry them."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for docx in DATA.glob("example-*.docx"):
        shutil.copy(docx, inbox / docx.name)
    places = Places(inbox=inbox, outbox=tmp_path / "out", store=tmp_path / "s.sqlite")
    ingest(places.inbox, places.store, out=io.StringIO(), err=io.StringIO())
    f = gather(places, FinancialYear(2016))
    family = f["family_feedback_forms"]
    assert family["responses"] == family["forms"] == f["sources"]["forms"] > 0
    rel = family["relationship"]
    assert [r["score"] for r in rel["scores"]] == [1, 2, 3, 4, 5]
    assert rel["scored"] == sum(r["responses"] for r in rel["scores"]) > 0
    assert family["words"]
    assert f["practitioner_feedback"]["responses"] > 0
    x = f["actions"]
    assert x["total"] > 0
    assert sum(r["actions"] for r in x["by_role"]) == x["total"]
    said = " ".join(f["sentences"]["family_forms"] + f["sentences"]["actions"])
    assert f"Families gave feedback on {family['responses']} of {family['forms']}" in said
    assert "case action" in said
    # the families' and practitioners' words carry no name the audits hold
    names = {"Kieran", "Tanya", "Farah", "Oluwaseun", "Lindqvist", "Hargreaves"}
    quotes = [q for g in family["words"] + f["practitioner_feedback"]["words"] for q in g["quotes"]]
    assert not [q for q in quotes if names & set(re.findall(r"\w+", q))]
    assert any(x["topic"] == "feedback" for x in f["summary"]["findings"])


@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None, reason="needs LibreOffice and poppler")
def test_the_demo_report_reads_as_a_report_in_a_pdf_made_by_libreoffice(tmp_path: Path) -> None:
    """Contents with page numbers, the summary after them, no page more than a third blank
    before the appendix, no heading left at the foot of a page (issue 21)."""
    docx, _ = demo_report(tmp_path)
    pages = page_lines(to_pdf(docx, tmp_path))
    text = [" ".join(t for _, t in page) for page in pages]
    contents = [t for _, t in pages[0] if re.search(r"\.{5,}", t)]
    assert contents
    assert all(re.search(r"\.{5,}\s*\d+$", t) for t in contents), contents
    summary = next(i for i, t in enumerate(text) if re.search(r"(^| )Summary Overall", t))
    assert summary == 1
    # the summary is at most a page: the introduction follows on the summary's page or the next
    introduction = next(i for i, t in enumerate(text) if i >= summary and "1. Introduction" in t)
    assert introduction <= summary + 1
    appendix = next(i for i, t in enumerate(text) if "Appendix: family feedback" in t and i > 1)
    body = [p for p in pages[summary:appendix] if p]
    for number, page in enumerate(body[:-1], summary + 1):
        lines = [(y, t) for y, t in page if not re.fullmatch(r"Page \d+ of \d+", t)]
        assert lines[-1][0] > 2 / 3, f"page {number} is more than a third blank"
    headings = re.compile(r"^(\d+\. [A-Z]|Summary$|Appendix)")
    for number, page in enumerate(pages[:appendix], 1):
        lines = [t for _, t in page if not re.fullmatch(r"Page \d+ of \d+", t)]
        if lines and number > 1:
            assert not headings.match(lines[-1]), f"a heading at the foot of page {number}"


def test_suggested_next_steps_go_into_the_commentary_never_the_report(tmp_path: Path) -> None:
    """The figures' next steps stand under "Next steps" in the officer's commentary document,
    as text of their own (kept, they go into the report; deleted, they do not); the report
    itself never prints them."""
    from docx import Document

    from audit_docs.render.commentary import Commentary
    from audit_docs.render.commentary_doc import SUGGESTED, report_sections, start

    docx, data = demo_report(tmp_path)
    steps = json.loads(data.read_text(encoding="utf-8"))["next_steps"]
    assert steps
    assert any("Decision making" in x for x in steps)
    report_text = " ".join(p.text for p in Document(str(docx)).paragraphs)
    assert not [x for x in steps if x in report_text]
    document = Document(str(docx))
    sections = [*report_sections(document), (1, "Next steps", "What was agreed.")]
    start(document, sections, "the annual report", {"Next steps": steps})
    target = tmp_path / "commentary.docx"
    document.save(str(target))
    texts = [p.text for p in Document(str(target)).paragraphs]
    at = texts.index("Next steps")
    assert texts[at + 2] == SUGGESTED
    assert texts[at + 3 : at + 3 + len(steps)] == steps
    written = {s.heading: s for s in Commentary.load(target).written()}
    assert list(written) == ["Next steps"]  # the suggestions are the officer's text to keep


def test_the_questionnaires_own_words_are_anonymised_too() -> None:
    """A family's words in the feedback tracker lose the names in them; closed answers stay."""
    ff = [
        FeedbackAnswer("ff-2016-17.xlsx", "FF", 2, dt.date(2016, 6, 1), False, "done_well", text)
        for text in ["Kayleigh Mbeki was brilliant with my son", "always"]
    ]
    ff[1] = replace(ff[1], row=3)
    f = annual_figures(
        Inputs(FinancialYear(2016), [], [], [], [], ff, FORMS, years_held=[FinancialYear(2016)])
    )
    answers = [a["answer"] for r in f["family_feedback"]["appendix"] for a in r["answers"]]
    assert answers[1] == "always"
    assert "Kayleigh" not in answers[0]
    assert "Mbeki" not in answers[0]
    assert "brilliant with my son" in answers[0]


def test_a_table_of_rows_all_too_few_to_rank_is_one_sentence_and_the_appendix(
    tmp_path: Path,
) -> None:
    """With 3 forms, pages of question rows each marked 'too few to rank': now one sentence
    in the body, the table in the appendix, the mark † in its cells."""
    from docx import Document

    docx, data = demo_report(tmp_path)
    f = json.loads(data.read_text(encoding="utf-8"))
    moved = f["sentences"]["moved"]
    assert {"ranking:form-section", "questions:early-help-practice-audit"} <= set(moved)
    body = Document(str(docx)).element.body
    texts = ["".join(t.text or "" for t in e.iter("{*}t")) for e in body]
    appendix = max(
        i for i, t in enumerate(texts) if t == "Appendix: tables with too few cases to rank"
    )
    for sentence in moved.values():
        assert 0 < texts.index(sentence) < appendix
    first = f["questions"][0]
    rows = [i for i, t in enumerate(texts) if f"{first['id']} {first['text']}" in t]
    assert rows
    assert min(rows) > appendix
    assert not [t for t in texts if "too few to rank" in t and "/" in t]  # no cell says it
    assert any(t.endswith("†") for t in texts[appendix:])
