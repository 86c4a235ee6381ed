"""The data-quality list people can act on: a code per problem, advice by code naming the
field in words, a sheet per form for emailing each auditor, and pages that print."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from audit_docs.compute.data_quality import (
    DataQualityRow,
    count_line,
    data_quality_rows,
    field_in_words,
    form_words,
)
from audit_docs.compute.problem_codes import ADVICE, CATEGORIES, what_to_do
from audit_docs.jobs.places import Places
from audit_docs.jobs.problems import problems
from audit_docs.places_in_files import Place
from audit_docs.read.formdef import builtin_definitions
from audit_docs.records import Refusal, StoredProblem
from audit_docs.store.db import open_store
from audit_docs.store.schema import MIGRATIONS
from tests.builders.wordform import example_spec, write_form
from tests.builders.workbooks import write_workbook

SRC = Path(__file__).parents[1] / "src" / "audit_docs"
FORM = builtin_definitions()[0]
QUESTION_42 = next(q.text for q in FORM.questions() if q.id == "4.2")
#: how internal keys look: "header.case_reference", "family_feedback.relationship_score"
INTERNAL_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(?:header|ratings|section)\.\w")
EXCEPTION_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception)\b|BadZipFile")


# --- advice by code -------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(ADVICE))
def test_each_codes_advice_names_the_field_in_words(code: str) -> None:
    """Every code's "What to do" is a sentence built around the field's words."""
    field = f"question 4.2 '{QUESTION_42}'"
    todo = what_to_do(code, "unreadable", field)
    assert field in todo
    assert todo[:1].isupper()
    assert todo.endswith(".")
    assert not INTERNAL_KEY.search(todo.replace(field, ""))


def test_several_ticked_advice_is_the_issues_sentence() -> None:
    field = "question 4.2 'Was the assessment shared with the family?'"
    assert what_to_do("several_ticked", "ambiguous", field).startswith(
        "Tick one box for question 4.2 'Was the assessment shared with the family?'"
    )


def _codes_set_in(text: str) -> set[str]:
    found = set(re.findall(r'\bcode="([a-z_]+)"', text))
    found |= {
        c for pair in re.findall(r'\bcode = "([a-z_]+)" if .* else "([a-z_]+)"', text) for c in pair
    }
    found |= set(re.findall(r'\bFlaw\(\s*"([a-z_]+)"', text))
    found |= set(re.findall(r"'merge', '([a-z_]+)'", text))
    return found


def test_every_code_set_where_problems_are_made_has_advice() -> None:
    """Readers, the merge and the checks set codes; each has its own advice and group."""
    codes: set[str] = set()
    for path in SRC.rglob("*.py"):
        codes |= _codes_set_in(path.read_text(encoding="utf-8"))
    expected = {"missing", "several_ticked", "not_a_date", "range", "not_whole_number"}
    expected |= {"tracked_changes", "disagreement", "grading_rule", "not_placed", "not_a_tracker"}
    assert expected <= codes
    assert codes - set(ADVICE) == set()


def test_problems_stored_without_words_are_named_in_words() -> None:
    """Problems stored before labels existed still name the field as the form prints it."""
    WORDS = form_words(builtin_definitions())
    case_reference = Place.header_field("case_reference")
    assert field_in_words(case_reference, WORDS) == "'Whole Family EISi ID/ Holistic ID'"
    assert field_in_words(Place.answer("4.2"), WORDS) == f"question 4.2 '{QUESTION_42}'"
    assert field_in_words(Place.family_feedback("relationship_score"), WORDS) == (
        "'How was your relationship with your practitioner?'"
    )
    assert field_in_words(Place.rating("3", "moderator"), WORDS).startswith(
        "the moderator's rating for section 3"
    )
    assert field_in_words(Place.in_cell("Log", "B", 4), WORDS) == "cell B4 on sheet 'Log'"
    assert field_in_words(Place.in_cell("Log", "A", 1, "F"), WORDS) == "cell A1:F1 on sheet 'Log'"
    assert field_in_words(Place.value("overall_auditor"), WORDS) == "the overall auditor"
    row = data_quality_rows(
        [StoredProblem("a.docx", case_reference, "missing", "x", None, "read", code="missing")],
        [],
    )[0]
    assert (
        row.what_to_do
        == "Fill in 'Whole Family EISi ID/ Holistic ID', save the file and put it in the inbox again."
    )


def test_counts_are_in_the_right_number() -> None:
    def row(category: str, file: str) -> DataQualityRow:
        return DataQualityRow(1, category, file, "", None, None, "p", None, "t")

    rows = [row("File not read", "a.docx"), row("Value not readable", "b.docx")]
    rows += [row("Value not readable", "b.docx")]
    assert count_line(rows) == ("3 problems in 2 files (1 file not read, 2 values not readable).")
    assert count_line(rows[:1]) == "1 problem in 1 file (1 file not read)."


def test_a_refused_files_sentence_names_it_once() -> None:
    refusal = Refusal(
        "forms/x.docx", "x.docx: the file is empty (0 bytes); save it again.", "empty", "s"
    )
    (row,) = data_quality_rows([], [refusal])
    assert row.file == "forms/x.docx"
    assert row.problem == "The file is empty (0 bytes); save it again."
    assert row.code == "file_not_read"


# --- the workbook ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data-quality workbook from an inbox with a form in no report, a form with two boxes
    ticked and a range for the age, a good form, and an everyday workbook."""
    base = tmp_path_factory.mktemp("dq")
    places = Places(base / "inbox", base / "outbox", base / "s.sqlite")
    spec = example_spec()
    write_form(places.inbox / "good.docx", spec)
    write_form(
        places.inbox / "no-case.docx",
        dataclasses.replace(spec, header=spec.header | {"case_id": None, "auditor": "Ann Lee"}),
    )
    write_form(
        places.inbox / "two-ticks.docx",
        dataclasses.replace(
            spec,
            header=spec.header | {"case_id": "H999", "child_age": "3-4"},
            answers=spec.answers | {"4.2": ("yes", "no")},
        ),
    )
    write_workbook(
        places.inbox / "sample.xlsx",
        {"Sample": [["Name", "Date", "Number", "Formula"], ["Ann", dt.date(2016, 6, 1), 3, "=C2"]]},
    )
    out = io.StringIO()
    path = problems(places, today=dt.date(2017, 4, 3), out=out, err=io.StringIO())
    return path, out.getvalue().splitlines()[-1]


def _sheet(path: Path, name: str) -> list[tuple]:
    return list(load_workbook(path)[name].iter_rows(values_only=True))


def test_a_form_in_no_report_is_at_the_top(workbook: tuple[Path, str]) -> None:
    rows = _sheet(workbook[0], "Problems")
    top = dict(zip(rows[0], rows[1], strict=True))
    assert (top["Category"], top["File"]) == ("Audit in no report", "no-case.docx")
    assert top["Where"] == "'Whole Family EISi ID/ Holistic ID' (the case reference)"
    assert top["What to do"].startswith("Fill in 'Whole Family EISi ID/ Holistic ID'")
    # said once: the header field's own "is not filled in" row is not repeated below
    wheres = [r[3] for r in rows[2:] if r[2] == "no-case.docx"]
    assert wheres
    assert not [w for w in wheres if w.startswith("'Whole Family EISi ID")]


def test_advice_is_specific_and_in_words(workbook: tuple[Path, str]) -> None:
    rows = _sheet(workbook[0], "Problems")
    header = rows[0]
    cells = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    ticked = next(c for c in cells if c["Category"] == "Ambiguous value")
    assert ticked["What to do"].startswith(f"Tick one box for question 4.2 '{QUESTION_42}'")
    age = next(c for c in cells if c["Found"] == "3-4")
    assert age["What to do"].startswith("Write one whole number for 'Index Child")
    for c in cells:
        for column in ("Where", "What to do", "Problem"):
            text = c[column] or ""
            assert not re.search(r"\b(?:header|ratings|family_feedback)\.\w", text), text
            assert not EXCEPTION_NAME.search(text), text
    refused = next(c for c in cells if c["File"] == "sample.xlsx")
    assert refused["Problem"].startswith("Not a tracker this tool knows")


def test_per_form_sheet_counts_each_forms_problems_by_kind(workbook: tuple[Path, str]) -> None:
    rows = _sheet(workbook[0], "By form")
    assert rows[0] == (
        "File",
        "Case reference",
        "Audit date",
        "Auditor",
        "Problems",
        *(c.title for c in CATEGORIES),
    )
    forms = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert rows[1][0] == "no-case.docx"  # forms in no report first
    two = forms["two-ticks.docx"]
    assert (two["Case reference"], two["Audit date"], two["Auditor"]) == (
        "H999",
        dt.datetime(2016, 5, 12),  # a real date: openpyxl reads dates as date-times
        "Priya Sandhu",
    )
    assert (two["Ambiguous value"], two["Value not readable"]) == (1, 1)
    assert two["Problems"] == sum(
        v for k, v in two.items() if k in {c.title for c in CATEGORIES} and v
    )
    assert forms["no-case.docx"]["Auditor"] == "Ann Lee"
    assert forms["sample.xlsx"]["File not read"] == 1
    problems_rows = _sheet(workbook[0], "Problems")
    assert sum(f["Problems"] for f in forms.values()) == len(problems_rows) - 1


def test_every_sheet_prints_landscape_one_page_wide(workbook: tuple[Path, str]) -> None:
    wb = load_workbook(workbook[0])
    assert wb.sheetnames == ["Problems", "By form", "Summary"]
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.print_title_rows == "$1:$1"
        assert ws.freeze_panes == "A2"
        assert all(c.alignment.wrap_text for c in ws[2])
    problems_sheet = wb["Problems"]
    what_to_do_cell = problems_sheet.cell(row=2, column=9)
    assert problems_sheet.row_dimensions[2].height >= 15 * 2  # room for the wrapped advice
    assert len(what_to_do_cell.value) > 44


def test_the_count_line_is_in_words(workbook: tuple[Path, str]) -> None:
    line = workbook[1]
    assert re.match(r"^\d+ problems in \d+ files \(1 audit in no report, 1 file not read, ", line)
    assert "1 value not readable, 1 ambiguous value" in line


# --- the store ------------------------------------------------------------------------------


def test_the_code_and_words_are_stored_and_old_problems_get_their_kind(tmp_path: Path) -> None:
    """A store from before codes: its problems take their kind as their code."""
    store = tmp_path / "old.sqlite"
    conn = sqlite3.connect(store)
    conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO problems (source, location, kind, message, origin) "
        "VALUES ('a.docx', '2.1', 'missing', 'not answered', 'read')"
    )
    conn.commit()
    conn.close()
    conn = open_store(store)
    assert conn.execute("SELECT code, label FROM problems").fetchall() == [("missing", None)]
    conn.close()


def test_an_audit_log_rows_problems_belong_to_its_audit(tmp_path: Path) -> None:
    """A cell problem in an audit-log row carries the row's case, date and auditor, so the
    By form sheet can say whom to ask."""
    from audit_docs.jobs.ingest import ingest
    from audit_docs.store import queries

    header = ["Case reference", "Audit date", "Auditor", "Overall grade (auditor)", "Child's age"]
    rows = [header, ["RCC-1", dt.date(2016, 4, 2), "Ann Lee", "Good", "3-4"]]
    rows.append(["RCC-2", dt.date(2016, 4, 3), "Bob Khan", "Good", 7])
    write_workbook(tmp_path / "inbox" / "log.xlsx", {"Log": rows})
    ingest(tmp_path / "inbox", tmp_path / "s.sqlite", out=io.StringIO(), err=io.StringIO())
    conn = open_store(tmp_path / "s.sqlite")
    (problem,) = queries.problems(conn)
    conn.close()
    assert (problem.location, problem.code) == ("Log!E2", "range")
    assert (problem.case_reference, problem.audit_date, problem.auditor) == (
        "RCC-1",
        dt.date(2016, 4, 2),
        "Ann Lee",
    )
    assert problem.label == "'Child's age' (cell E2 on sheet 'Log')"


def test_guidance_reminders_go_by_code_not_wording() -> None:
    """A range and tracked changes become their reminders by code, whatever the message says."""
    from audit_docs.compute.anonymise import Pseudonyms
    from audit_docs.compute.guidance import guidance_figures
    from tests.builders.audits import stored_audit

    audit = stored_audit(sources=("a.docx",))
    when = audit.audit_date

    def problem(place: Place, kind: str, code: str) -> StoredProblem:
        return StoredProblem(
            "a.docx",
            place,
            kind,
            "worded any way",
            None,
            "read",
            "H100001",
            when,
            code=code,
            file_kind="form",
        )

    figures = guidance_figures(
        [audit],
        [
            problem(Place.header_field("child_age"), "unreadable", "range"),
            problem(Place.whole_form(), "notice", "tracked_changes"),
        ],
        FORM,
        start=dt.date(2016, 4, 1),
        end=dt.date(2017, 3, 31),
        pseudonyms=Pseudonyms(b"k" * 32),
    )
    assert [r["key"] for r in figures["paperwork"]] == ["score_range", "tracked_changes"]


def test_guidance_reminders_come_from_what_the_store_read_as_a_form_not_from_a_name() -> None:
    """A reminder counts problems of files the store read as forms, whatever their names: a
    form without a Word suffix counts, a tracker whose name ends in .docx does not."""
    from audit_docs.compute.anonymise import Pseudonyms
    from audit_docs.compute.guidance import guidance_figures
    from tests.builders.audits import stored_audit

    audit = stored_audit(sources=("scanned form (no suffix)", "log-export.docx"))

    def range_in(source: str, file_kind: str) -> StoredProblem:
        return StoredProblem(
            source,
            Place.header_field("child_age"),
            "unreadable",
            "3-4",
            None,
            "read",
            "H100001",
            audit.audit_date,
            code="range",
            file_kind=file_kind,
        )

    def reminders(problem: StoredProblem) -> list[str]:
        figures = guidance_figures(
            [audit],
            [problem],
            FORM,
            start=dt.date(2016, 4, 1),
            end=dt.date(2017, 3, 31),
            pseudonyms=Pseudonyms(b"k" * 32),
        )
        return [r["key"] for r in figures["paperwork"]]

    assert reminders(range_in("scanned form (no suffix)", "form")) == ["score_range"]
    assert reminders(range_in("log-export.docx", "tracker")) == []
