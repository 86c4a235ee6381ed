"""Excel trackers: the real samples give the annual report's figures; messy sheets read the
same as tidy ones; what cannot be read is a listed problem, never a crash."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from audit_docs.compute.thematic import count_measure, percent, thematic_rounds
from audit_docs.errors import DefinitionError
from audit_docs.read.excel.workbook import read_workbook
from audit_docs.read.trackerdef import parse_tracker_definition
from audit_docs.records import GRADES, FileFailure, TrackerRecord, WorkbookResult
from audit_docs.render.tracker_json import tracker_record_to_dict, workbook_summary
from tests.builders.workbooks import (
    AUDIT_LOG_CASES,
    AUDIT_LOG_HEADER,
    VOC_HEADER,
    clean_audit_log,
    messy_audit_log,
    voc_round,
    write_workbook,
)

TRACKERS = Path(__file__).parent / "data" / "trackers"

QUARTERS = {
    "Q1": (dt.date(2016, 4, 1), dt.date(2016, 6, 30)),
    "Q2": (dt.date(2016, 7, 1), dt.date(2016, 9, 30)),
    "Q3": (dt.date(2016, 10, 1), dt.date(2016, 12, 31)),
    "Q4": (dt.date(2017, 1, 1), dt.date(2017, 3, 31)),
}


def _read(path: Path) -> WorkbookResult:
    result = read_workbook(path)
    assert isinstance(result, WorkbookResult), getattr(result, "error", result)
    return result


def _quarter(date: dt.date) -> str:
    return next(q for q, (start, end) in QUARTERS.items() if start <= date <= end)


def _final_grade(fields: dict) -> str:
    """The contract's rule: the moderator's grade where given, else the auditor's."""
    grade = fields["overall_grade_moderator"] or fields["overall_grade_auditor"]
    return grade if grade in GRADES else "not_graded"


def _moderated(fields: dict) -> bool:
    return bool(fields["moderator"] or fields["overall_grade_moderator"])


# --- the real samples ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def audit_log() -> WorkbookResult:
    return _read(TRACKERS / "audit-log-2016-17.xlsx")


def test_voice_of_the_child_rounds_match_the_annual_report() -> None:
    """Both voice-of-the-child rounds give the contract's evidenced/applicable/percent."""
    result = _read(TRACKERS / "voice-of-the-child-thematic.xlsx")
    rounds = thematic_rounds(result.records)
    got = {r.date: [(m.evidenced, m.applicable, m.percent) for m in r.measures] for r in rounds}
    assert got == {
        dt.date(2016, 8, 16): [(1, 6, 17), (2, 9, 22), (5, 10, 50), (9, 10, 90)],
        dt.date(2017, 4, 11): [(3, 9, 33), (7, 9, 78), (7, 10, 70), (10, 10, 100)],
    }
    assert [r.cases for r in rounds] == [10, 10]
    assert rounds[1].title == "Thematic audit: voice of the child"
    assert [m.label for m in rounds[1].measures][:2] == [
        "Present at TAF",
        "Evidence of the voice of the child in the plan",
    ]
    assert result.problems == ()


def test_thematic_cells_keep_why_a_measure_does_not_apply() -> None:
    """A free-text cell is kept as written; a tick is True; "no information recorded" is False."""
    result = _read(TRACKERS / "voice-of-the-child-thematic.xlsx")
    august = [r for r in result.records if r.sheet == "August 2016"]
    assert august[0].fields["case"] == "1"
    assert august[0].fields["age"] == 9
    assert august[0].fields["measures"]["Present at TAF"] is False
    assert august[3].fields["measures"]["Present at TAF"] == "Joint working"
    assert august[7].fields["measures"]["Present at TAF"] == "1 st TAF cancelled by the family"
    assert august[0].fields["measures"][VOC_HEADER[6]] is True


def test_audit_log_quarters_match_table_1(audit_log: WorkbookResult) -> None:
    """Audits and moderated audits per quarter are those of the seed report's Table 1."""
    audits = Counter(_quarter(r.fields["audit_date"]) for r in audit_log.records)
    moderated = Counter(
        _quarter(r.fields["audit_date"]) for r in audit_log.records if _moderated(r.fields)
    )
    assert audits == {"Q1": 15, "Q2": 40, "Q3": 10, "Q4": 21}
    assert moderated == {"Q1": 4, "Q2": 3, "Q3": 10}
    rounds = Counter(
        (_quarter(r.fields["audit_date"]), r.fields["thematic_round"]) for r in audit_log.records
    )
    assert rounds[("Q2", "Child Protection thematic")] == 30
    assert rounds[("Q3", "Ofsted inspection")] == 10
    assert audit_log.problems == ()


def test_audit_log_grades_use_the_moderators_grade(audit_log: WorkbookResult) -> None:
    """Q1 is 1 Outstanding, 5 Good, 7 RI, 2 Inadequate only with the moderator's grade first."""
    by_quarter: dict[str, Counter] = {q: Counter() for q in QUARTERS}
    auditor_only = Counter()
    for r in audit_log.records:
        by_quarter[_quarter(r.fields["audit_date"])][_final_grade(r.fields)] += 1
        if _quarter(r.fields["audit_date"]) == "Q1":
            auditor_only[r.fields["overall_grade_auditor"]] += 1
    assert by_quarter["Q1"] == {
        "outstanding": 1,
        "good": 5,
        "requires_improvement": 7,
        "inadequate": 2,
    }
    assert auditor_only == {
        "outstanding": 2,
        "good": 5,
        "requires_improvement": 6,
        "inadequate": 2,
    }
    assert by_quarter["Q3"] == {"good": 4, "requires_improvement": 6}
    assert by_quarter["Q4"] == {
        "outstanding": 1,
        "good": 7,
        "requires_improvement": 12,
        "inadequate": 1,
    }
    cp = Counter(
        _final_grade(r.fields)
        for r in audit_log.records
        if r.fields["thematic_round"] == "Child Protection thematic"
    )
    assert cp == {"good": 7, "requires_improvement": 17, "inadequate": 6}


def test_audit_log_practice_areas_match_the_ofsted_summary(audit_log: WorkbookResult) -> None:
    """The Ofsted audits' practice-area grades are those of the report's Table 3 text."""
    ofsted = [r for r in audit_log.records if r.fields["thematic_round"] == "Ofsted inspection"]
    areas = {
        key: Counter(r.fields["practice_areas"][key] for r in ofsted)
        for key in ("placements", "preparation_for_independence", "decision_making")
    }
    assert areas["placements"] == {"good": 9, "requires_improvement": 1}
    assert areas["preparation_for_independence"] == {
        "good": 5,
        "requires_improvement": 1,
        "n/a": 4,
    }
    assert areas["decision_making"] == {"inadequate": 2, "requires_improvement": 7, "good": 1}
    cp_voice = Counter(
        r.fields["practice_areas"]["voice_of_the_child"]
        for r in audit_log.records
        if r.fields["thematic_round"] == "Child Protection thematic"
    )
    assert cp_voice == {
        "good": 3,
        "requires_improvement": 7,
        "inadequate": 1,
        "not_recorded": 5,
        None: 14,
    }


def test_eha_quality_checks_match_the_period_reports() -> None:
    """Grades and who completed the assessments match the EHA audit reports' periods."""
    result = _read(TRACKERS / "eha-quality-checks-2016-17.xlsx")
    periods = {
        "May-Jul": (dt.date(2016, 5, 1), dt.date(2016, 7, 31)),
        "Aug-Oct": (dt.date(2016, 8, 1), dt.date(2016, 10, 31)),
        "Nov-Jan": (dt.date(2016, 11, 1), dt.date(2017, 1, 31)),
    }

    def within(name: str, key: str) -> Counter:
        start, end = periods[name]
        return Counter(
            r.fields[key] for r in result.records if start <= r.fields["audit_date"] <= end
        )

    assert len(result.records) == 22
    assert within("May-Jul", "grade") == {"good": 3, "requires_improvement": 4}
    assert within("Aug-Oct", "grade") == {"good": 3, "requires_improvement": 2, "inadequate": 1}
    assert within("Nov-Jan", "grade") == {"good": 7, "requires_improvement": 2}
    assert within("Aug-Oct", "completed_by_category") == {
        "social_care_step_down": 2,
        "voluntary_sector": 1,
        "health_visitor": 1,
        "school": 2,
    }
    assert within("Nov-Jan", "completed_by_category") == {
        "health_visitor": 1,
        "early_years": 1,
        "school": 7,
    }
    assert result.problems == ()


def test_family_feedback_answers_are_words_or_kept_as_written() -> None:
    """Answer words become choices; other answers are kept as written; "-" is no answer."""
    result = _read(TRACKERS / "family-feedback-2016-17.xlsx")
    answers = [r.fields["answers"] for r in result.records]
    assert len(answers) == 10
    assert Counter(a["views_taken_into_account"] for a in answers) == {
        "always": 6,
        "sometimes": 3,
        "yes": 1,
    }
    assert Counter(a["worries_made_clear"] for a in answers) == {"yes": 10}
    assert Counter(a["helped_family"] for a in answers) == {
        "yes": 7,
        "no": 1,
        "In some cases - yes, some others, no": 1,
        None: 1,
    }
    assert Counter(a["told_how_to_complain"] for a in answers) == {
        "yes": 6,
        "no": 2,
        "No (but wasn't necessary)": 1,
        "not_sure": 1,
    }
    assert answers[0]["done_well"] == "Workers saved our lives"
    assert result.problems == ()


def test_samples_are_recognised_by_kind() -> None:
    """Each sample is recognised as its own kind, on every sheet, from its header row."""
    kinds = {p.name: _read(p).kinds for p in sorted(TRACKERS.glob("*.xlsx"))}
    assert kinds == {
        "audit-log-2016-17.xlsx": ("audit-log",),
        "eha-quality-checks-2016-17.xlsx": ("eha-quality-checks",),
        "family-feedback-2016-17.xlsx": ("family-feedback",),
        "voice-of-the-child-thematic.xlsx": ("thematic",),
    }


# --- real spreadsheet habits ---------------------------------------------------------------


def test_messy_tracker_reads_the_same_as_the_clean_one(tmp_path: Path) -> None:
    """Title rows, renamed headers, a hidden column, totals and notes change nothing read."""
    clean = _read(clean_audit_log(tmp_path / "clean.xlsx"))
    messy = _read(messy_audit_log(tmp_path / "messy.xlsx"))
    assert [r.fields for r in messy.records] == [r.fields for r in clean.records]
    assert [r.row for r in messy.records] == [5, 6, 8, 9]
    assert messy.records[2].fields["audit_date"] == dt.date(2016, 6, 14)
    assert messy.records[1].fields["moderator"] == "Paul Patel"  # from the hidden column
    assert messy.records[2].fields["practice_areas"]["outcomes"] == "n/a"
    table = messy.sheets[0].tables[0]
    assert table.header_row == 4
    assert table.skipped == ((11, "totals or summary row"), (12, "note"))
    assert table.title == "Rutland County Council: case audit log 2016-17"
    assert messy.problems == clean.problems == ()


def test_two_row_header_with_merged_group_label(tmp_path: Path) -> None:
    """ "Overall grade" merged over "Auditor" and "Moderator" names both grade columns."""
    rows = [
        ["Case reference", "Audit date", "Overall grade", None, "Auditor"],
        [None, None, "Auditor", "Moderator", None],
        ["RCC-9", dt.date(2016, 7, 1), "Good", "Requires improvement", "Ann Lee"],
    ]
    path = write_workbook(tmp_path / "two.xlsx", {"Log": rows}, merged={"Log": ["C1:D1"]})
    result = _read(path)
    assert result.sheets[0].tables[0].header_row == 2
    (record,) = result.records
    assert record.row == 3
    assert record.fields["overall_grade_auditor"] == "good"
    assert record.fields["overall_grade_moderator"] == "requires_improvement"
    assert record.fields["auditor"] == "Ann Lee"


def test_several_rounds_on_one_sheet_each_with_title_and_date(tmp_path: Path) -> None:
    """Two tables on one sheet are two rounds; findings rows under a table are not cases."""
    first = voc_round(
        "Thematic audit: voice of the child",
        "Date of Audit: 16/08/2016",
        [["1.", "Male", 9, "✓", "X", "✔", "✓"], ["2.", "Female", 5, "x", "Yes", "N", "✓"]],
    )
    findings = [
        [],
        ["Findings"],
        [None, None, None, "50%", "50%", "50%", "100%"],
        [],
    ]
    second = voc_round(
        "Thematic audit: voice of the child (re-audit)",
        "Audit date: 11/04/2017 (7 month period August 16 – February 17)",
        [["1.", "Male", 2, "Joint working", "No TAF plan", "✗", "Y"]],
    )
    path = write_workbook(tmp_path / "rounds.xlsx", {"VOC": first + findings + second})
    result = _read(path)
    tables = result.sheets[0].tables
    assert [(t.title, t.date, t.records) for t in tables] == [
        ("Thematic audit: voice of the child", dt.date(2016, 8, 16), 2),
        ("Thematic audit: voice of the child (re-audit)", dt.date(2017, 4, 11), 1),
    ]
    rounds = thematic_rounds(result.records)
    assert [(m.evidenced, m.applicable) for m in rounds[0].measures] == [
        (1, 2),
        (1, 2),
        (1, 2),
        (2, 2),
    ]
    assert [(m.evidenced, m.applicable, m.percent) for m in rounds[1].measures] == [
        (0, 0, None),
        (0, 0, None),
        (0, 1, 0),
        (1, 1, 100),
    ]
    assert result.problems == ()


def test_round_date_from_sheet_name_and_from_a_date_column(tmp_path: Path) -> None:
    """Without a date line the round's date is its latest audit date, else the sheet's month."""
    named = [list(VOC_HEADER), ["1.", "Male", 9, "✓", "✓", "✓", "✓"]]
    dated = [
        ["Case", "Date of audit", "Seen alone", "Seen at home"],
        ["1", dt.date(2016, 9, 2), "✓", "X"],
        ["2", "5/9/16", "X", "✓"],
    ]
    path = write_workbook(tmp_path / "d.xlsx", {"Aug 2016": named, "Round 2": dated})
    result = _read(path)
    tables = [t for s in result.sheets for t in s.tables]
    assert [(t.date, t.date_from) for t in tables] == [
        (dt.date(2016, 8, 1), "sheet name"),
        (dt.date(2016, 9, 5), "date column"),
    ]
    assert result.records[1].fields["measures"] == {"Seen alone": True, "Seen at home": False}
    assert result.records[2].fields["round_title"] == "Round 2"
    assert result.problems == ()


def test_new_measure_without_any_tick_is_a_notice(tmp_path: Path) -> None:
    """A header taken as a measure whose cells hold only words is pointed out."""
    rows = [
        ["Date of audit: 02/09/2016"],
        ["Case", "Age", "Seen alone", "Seen at home", "Worker"],
        ["1", 7, "✓", "✓", "Ann Lee"],
        ["2", 12, "X", "✓", "Bob Khan"],
    ]
    result = _read(write_workbook(tmp_path / "worker.xlsx", {"Round": rows}))
    (problem,) = result.problems
    assert (problem.field, problem.kind, problem.found) == ("Round!E2", "notice", "Worker")
    assert problem.code == "measure_without_marks"
    assert thematic_rounds(result.records)[0].measures[0].evidenced == 1


def test_hidden_sheet_and_several_kinds_in_one_workbook(tmp_path: Path) -> None:
    """Every sheet is read, hidden or not, and each table is read as its own kind."""
    eha = [
        ["Date audited", "Completed by", "Grade", "Notes"],
        [dt.date(2016, 5, 4), "School", "Good", None],
    ]
    log = [AUDIT_LOG_HEADER, ["RCC-1", dt.date(2016, 4, 2), *[None] * 4, "Good", None, 3]]
    path = write_workbook(
        tmp_path / "two-kinds.xlsx", {"EHA": eha, "Old log": log}, hidden_sheets=["Old log"]
    )
    result = _read(path)
    assert [(s.name, s.hidden, [t.kind for t in s.tables]) for s in result.sheets] == [
        ("EHA", False, ["eha-quality-checks"]),
        ("Old log", True, ["audit-log"]),
    ]
    assert [r.kind for r in result.records] == ["eha-quality-checks", "audit-log"]


# --- problems ------------------------------------------------------------------------------


def test_unreadable_cells_are_problems_with_sheet_row_and_column(tmp_path: Path) -> None:
    """A grade, date or age that cannot be read is a problem naming its cell and header."""
    rows = [
        AUDIT_LOG_HEADER,
        ["RCC-1", "31/02/2016", None, "Ann", None, None, "Excellent", None, "3-4", "Good", "#REF!"],
        ["RCC-2", dt.date(2016, 5, 1), None, "Ann", None, None, "Good", None, 4, "Good", "Good"],
    ]
    result = _read(write_workbook(tmp_path / "bad.xlsx", {"Log": rows}))
    got = {p.field: (p.kind, p.found) for p in result.problems}
    assert got == {
        "Log!B2": ("unreadable", "31/02/2016"),
        "Log!G2": ("unreadable", "Excellent"),
        "Log!I2": ("unreadable", "3-4"),
        "Log!K2": ("unreadable", "#REF!"),
    }
    messages = {p.field: p.message for p in result.problems}
    assert messages["Log!G2"].startswith(
        "'Overall grade (auditor)' in row 2: the grade 'Excellent'"
    )
    assert "Child's age" in messages["Log!I2"]
    assert len(result.records) == 2
    assert result.records[0].fields["overall_grade_auditor"] is None


def test_missing_required_column_and_value_are_problems(tmp_path: Path) -> None:
    """A log without its overall grade column, or a case without a reference, is listed."""
    rows = [
        ["Case reference", "Audit date", "Auditor", "Outcomes"],
        ["RCC-1", dt.date(2016, 4, 2), "Ann", "Good"],
        [None, dt.date(2016, 4, 3), "Bob", "Requires improvement"],
    ]
    result = _read(write_workbook(tmp_path / "nograde.xlsx", {"Sheet1": rows}))
    assert [(p.field, p.kind, p.code) for p in result.problems] == [
        ("Sheet1!A1:D1", "missing", "missing_column"),
        ("Sheet1!A3", "missing", "missing"),
    ]
    assert "has no 'Overall grade (auditor)' column" in result.problems[0].message
    assert result.problems[1].message.startswith("'Case reference' in row 3")
    assert result.problems[1].label == "'Case reference' (cell A3 on sheet 'Sheet1')"
    assert [r.fields["auditor"] for r in result.records] == ["Ann", "Bob"]


def test_log_without_an_audit_date_column_is_not_a_tracker(tmp_path: Path) -> None:
    """An audit log needs its audit date column: without it the file is refused, saying so."""
    rows = [
        ["Case reference", "Auditor", "Overall grade", "Team"],
        ["RCC-1", "Ann", "Good", "Early Help"],
    ]
    result = read_workbook(write_workbook(tmp_path / "nodate.xlsx", {"Sheet1": rows}))
    assert isinstance(result, FileFailure)
    assert result.reason == "not-a-tracker"
    assert "match the Case audit log, but it has no 'Audit date' column" in result.error


def test_unrecognised_header_is_a_notice_and_its_values_are_kept(tmp_path: Path) -> None:
    """An unknown header is listed at its cell; its values stay in the record under other."""
    rows = [
        ["Case reference", "Audit date", "Overall grade (auditor)", "Social worker"],
        ["RCC-1", dt.date(2016, 4, 2), "Good", "Jo Bloggs"],
    ]
    result = _read(write_workbook(tmp_path / "extra.xlsx", {"Sheet1": rows}))
    (problem,) = result.problems
    assert (problem.field, problem.kind, problem.found) == ("Sheet1!D1", "notice", "Social worker")
    assert "'Social worker'" in problem.message
    assert result.records[0].fields["other"] == {"Social worker": "Jo Bloggs"}


def test_workbook_with_no_known_table_is_not_a_tracker(tmp_path: Path) -> None:
    """A workbook whose headers belong to no tracker kind is refused, naming the header row
    and the kinds looked for: it is not a list of values to correct."""
    rows = [["Budget 2016"], [], ["Cost centre", "Amount", "Owner"], ["CC1", 10, "Ann"]]
    result = read_workbook(write_workbook(tmp_path / "budget.xlsx", {"Money": rows}))
    assert isinstance(result, FileFailure)
    assert result.reason == "not-a-tracker"
    assert result.error.startswith(
        "budget.xlsx: not a tracker this tool knows (the kinds it looked for: "
    )
    assert "Case audit log" in result.error
    assert "Thematic audit" in result.error
    assert "row 3 ('Cost centre', 'Amount', 'Owner')" in result.error


def test_sheet_with_no_known_table_beside_a_tracker_is_a_notice(tmp_path: Path) -> None:
    """A lists or notes sheet in a real tracker is pointed out, not listed as values to fix."""
    sheets = {
        "Log": [AUDIT_LOG_HEADER, *AUDIT_LOG_CASES],
        "Lists": [["Grades"], ["Outstanding"], ["Good"]],
    }
    result = _read(write_workbook(tmp_path / "log.xlsx", sheets))
    (problem,) = result.problems
    assert (problem.field, problem.kind, problem.code) == (
        "Lists!A1",
        "notice",
        "sheet_not_a_tracker",
    )
    assert len(result.records) == len(AUDIT_LOG_CASES)


def test_note_between_cases_and_headerless_column_are_notices(tmp_path: Path) -> None:
    """A note among the cases and values under no header are kept visible as notices."""
    rows = [
        ["Date of Audit:", dt.date(2016, 8, 16)],
        [],
        [None, *VOC_HEADER[1:]],  # the case numbers' column has no header
        ["1.", "Male", 9, "✓", "X", "✓", "✓"],
        ["Case 2 was closed in July so it was not audited"],
        ["3.", "Female", 5, "X", "X", "✓", "✓", None, "see file"],
    ]
    result = _read(write_workbook(tmp_path / "notes.xlsx", {"VOC": rows}))
    assert [(r.row, r.fields["case"]) for r in result.records] == [(4, "1"), (6, "3")]
    assert result.records[1].fields["other"] == {"column I": "see file"}
    assert result.sheets[0].tables[0].date == dt.date(2016, 8, 16)
    assert [(p.field, p.kind) for p in result.problems] == [
        ("VOC!A5", "notice"),
        ("VOC!I3", "notice"),
    ]
    assert result.problems[0].found == "Case 2 was closed in July so it was not audited"
    assert "column I holds values (row 6) but has no header" in result.problems[1].message


def test_two_headers_naming_one_column_are_ambiguous(tmp_path: Path) -> None:
    """A second header for the same column is listed; the first one is read."""
    rows = [
        ["Case reference", "Audit date", "Overall grade", "Grade"],
        ["RCC-1", dt.date(2016, 4, 1), "Good", "Inadequate"],
    ]
    result = _read(write_workbook(tmp_path / "twice.xlsx", {"Log": rows}))
    (problem,) = result.problems
    assert (problem.field, problem.kind, problem.found) == ("Log!D1", "ambiguous", "Grade")
    assert result.records[0].fields["overall_grade_auditor"] == "good"
    assert result.records[0].fields["other"] == {"Grade": "Inadequate"}


def _xlsx_bytes(tmp_path: Path) -> bytes:
    return clean_audit_log(tmp_path / "good.xlsx").read_bytes()


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _broken_sheet_xml(tmp_path: Path) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(_xlsx_bytes(tmp_path)))
    entries = {n: src.read(n) for n in src.namelist()}
    entries["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row r='1'><c r='A1' t='s'>"
    return _zip(entries)


BROKEN = {
    "empty": lambda tmp: b"",
    "text": lambda tmp: b"Case reference,Audit date\nRCC-1,01/04/2016\n",
    "html": lambda tmp: b"<html><body><table><tr><td>Case</td></tr></table></body></html>",
    "xls": lambda tmp: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"),
    "encrypted": lambda tmp: (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le")
    ),
    "docx": lambda tmp: _zip({"word/document.xml": b"<w:document/>"}),
    "zip": lambda tmp: _zip({"notes.txt": b"hello"}),
    "truncated": lambda tmp: _xlsx_bytes(tmp)[:900],
    "damaged": _broken_sheet_xml,
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_gives_one_sentence(tmp_path: Path, name: str) -> None:
    """A file that is not a readable workbook is a FileFailure of one sentence, not a crash."""
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(BROKEN[name](tmp_path))
    result = read_workbook(path)
    assert isinstance(result, FileFailure)
    assert result.status == "error"
    assert result.error.startswith(f"{name}.xlsx: ")
    assert result.error.endswith(".")
    assert "\n" not in result.error
    assert ". " not in result.error[:-1]
    expected = {
        "empty": "empty",
        "text": "not-a-workbook",
        "html": "html-or-xml",
        "xls": "xls",
        "encrypted": "encrypted",
        "docx": "word-document",
        "zip": "not-a-workbook",
        "truncated": "damaged",
        "damaged": "damaged",
    }
    assert result.reason == expected[name]


def test_lock_file_and_missing_file_are_failures(tmp_path: Path) -> None:
    """Excel's ~$ lock file and a path that does not exist are one-sentence failures."""
    lock = tmp_path / "~$tracker.xlsx"
    lock.write_bytes(b"\x00" * 165)
    assert read_workbook(lock).reason == "lock-file"  # type: ignore[union-attr]
    missing = read_workbook(tmp_path / "nowhere.xlsx")
    assert isinstance(missing, FileFailure)
    assert missing.reason == "not-found"


# --- records as JSON, the rule, the definitions --------------------------------------------


def test_record_json_has_the_contract_keys_first(audit_log: WorkbookResult) -> None:
    """A record is one JSON object: source, sheet, row, kind, then its fields; dates ISO."""
    record = audit_log.records[9]
    data = json.loads(json.dumps(tracker_record_to_dict(record)))
    assert list(data)[:4] == ["source", "sheet", "row", "kind"]
    assert data["source"] == "audit-log-2016-17.xlsx"
    assert data["sheet"] == "Audit log 2016-17"
    assert data["row"] == 11
    assert data["kind"] == "audit-log"
    assert data["case_reference"] == "RCC-Q1-010"
    assert data["moderation_date"] == "2016-05-30"
    assert data["overall_grade_moderator"] == "good"
    assert data["practice_areas"]["preparation_for_independence"] == "n/a"
    summary = workbook_summary(audit_log)
    assert summary["sheets"][0]["tables"][0]["records"] == 86


def test_record_json_for_a_thematic_case() -> None:
    """A thematic record carries its round's title and date and its marks as true/false/text."""
    record = TrackerRecord(
        "voc.xlsx",
        "VOC",
        6,
        "thematic",
        {
            "case": "4",
            "round_date": dt.date(2017, 4, 11),
            "measures": {"Present at TAF": "Joint working", "Child seen": True},
        },
    )
    assert tracker_record_to_dict(record) == {
        "source": "voc.xlsx",
        "sheet": "VOC",
        "row": 6,
        "kind": "thematic",
        "table": 1,
        "case": "4",
        "round_date": "2017-04-11",
        "measures": {"Present at TAF": "Joint working", "Child seen": True},
    }


def test_percent_rounds_half_up_and_text_leaves_the_denominator() -> None:
    """12.5% is 13%, 0 applicable is None, and free text is not counted at all."""
    assert percent(1, 8) == 13
    assert percent(2, 3) == 67
    assert percent(0, 0) is None
    counted = count_measure("Seen", [True, False, "Single agency", None, True])
    assert (counted.evidenced, counted.applicable, counted.percent) == (2, 3, 67)


def test_unquoted_yes_in_a_definition_is_refused() -> None:
    """YAML's bare yes is true: a definition using it fails with a sentence saying so."""
    data = {
        "kind": "k",
        "answers": {True: ["y"]},
        "columns": [{"key": "a", "label": "Answer", "type": "answer"}],
    }
    with pytest.raises(DefinitionError, match="in quotes"):
        parse_tracker_definition(data, "k.yaml")
