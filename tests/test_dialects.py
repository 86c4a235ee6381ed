"""Every way of ticking a box and choosing a value, built in code, reads back to what was written.

Documents come from ``tests.builders.wordform``: one dialect (content controls, legacy fields,
typed marks, symbol fonts, all mixed) and the variations Word produces (split runs, proofing
marks, bookmarks, smart tags, custom XML, tracked changes, merged cells, nested tables,
values below labels, reworded labels). Each test reads the built file with ``read_form``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from audit_docs.read.word.forms_reader import read_form
from audit_docs.records import FormRecord, Rating
from tests.builders.wordform import (
    DATE_FORMATS,
    DIALECTS,
    LEGACY_CHECKED,
    LEGACY_EMPTY,
    SYMBOL_STYLES,
    TRACKED_QUESTION,
    TYPED_MARKS,
    VARIATION_FLAGS,
    FormSpec,
    build_document_xml,
    example_spec,
    package,
    write_form,
)

FILLED_IN = ("content-controls", "legacy", "typed", "symbols")
#: boxes on the form: 4 per question in sections 2-8, 3 for 9.3 and 9.7, 2 for "Audited previously?"
BOXES = 4 * 41 + 3 * 2 + 2


def _read(
    tmp_path: Path, spec: FormSpec | None = None, dialect: str = "content-controls", **variations
) -> FormRecord:
    record = read_form(write_form(tmp_path / "form.docx", spec, dialect, **variations))
    assert isinstance(record, FormRecord), record.error
    return record


def _fields(record: FormRecord, kind: str | None = None) -> set[str]:
    return {p.field for p in record.problems if kind is None or p.kind == kind}


def _assert_everything_read(record: FormRecord, spec: FormSpec) -> None:
    assert record.header == spec.expected_header()
    assert record.answers == spec.expected_answers()
    assert record.ratings == {str(n): Rating(*spec.ratings[str(n)]) for n in range(1, 9)}
    assert record.family_feedback["relationship_score"] == int(spec.score or 0)
    assert [(a.action, a.who, a.when) for a in record.actions] == [a[:3] for a in spec.actions]
    assert record.comments["2"].auditor == spec.comments["2"][0]
    assert record.comments["2"].moderator == spec.comments["2"][1]
    # the example leaves 6.3 unanswered; nothing else may be reported as unreadable
    assert _fields(record) <= {"6.3", "form"}
    assert _fields(record, "unreadable") == set()


# -- dialects -----------------------------------------------------------------------------------


def test_content_controls(tmp_path: Path) -> None:
    """Content-control check boxes, drop-downs, date pickers and text controls give their values."""
    spec = example_spec()
    record = _read(tmp_path, spec, "content-controls")
    assert record.answers["2.1"] == "yes"
    assert record.answers["2.4"] == "partially"
    assert record.answers["9.7"] == "no"
    assert record.header["audit_date"] == dt.date(2016, 5, 12)
    assert record.header["auditor"] == "Priya Sandhu"
    assert record.header["audited_previously"] is True
    assert record.header["previous_audit_date"] == dt.date(2016, 1, 30)
    assert record.ratings["1"] == Rating("outstanding", "good")
    assert record.ratings["2"] == Rating("requires_improvement", "inadequate")
    assert {"content control checkbox", "content control drop-down", "content control date"} <= set(
        record.controls
    )
    _assert_everything_read(record, spec)


def test_content_control_state_wins_over_the_glyph(tmp_path: Path) -> None:
    """A check box whose glyph shows the opposite of w14:checked is read by its state."""
    xml = build_document_xml(example_spec(), "content-controls", glyph_disagrees=True)
    assert re.search(r'<w14:checked w14:val="1"/>.*?<w:t xml:space="preserve">☐</w:t>', xml)
    record = _read(tmp_path, example_spec(), "content-controls", glyph_disagrees=True)
    assert record.answers["2.1"] == "yes"
    assert record.answers["2.3"] == "n/a"
    _assert_everything_read(record, example_spec())


def test_legacy_form_fields(tmp_path: Path) -> None:
    """FORMCHECKBOX in every checked/default form, FORMDROPDOWN and FORMTEXT give their values."""
    spec = example_spec()
    xml = build_document_xml(spec, "legacy")
    for state in LEGACY_CHECKED + LEGACY_EMPTY:  # absent, val="0", val="1", no val, words
        assert state in xml
    record = _read(tmp_path, spec, "legacy")
    assert record.answers["2.2"] == "no"
    assert record.answers["3.1"] == "partially"
    assert record.ratings["3"] == Rating("outstanding", "good")
    assert record.header["moderation_date"] == dt.date(2016, 6, 3)
    assert record.header["months_in_early_help"] == 14
    assert record.controls["legacy checkbox"] == BOXES
    assert {"legacy drop-down", "legacy text field"} <= set(record.controls)
    _assert_everything_read(record, spec)


def test_legacy_drop_down_never_chosen_is_null(tmp_path: Path) -> None:
    """A FORMDROPDOWN with no result shows "Choose an item.": null, reported only as missing."""
    spec = example_spec()
    spec.ratings["5"] = (None, "good")
    record = _read(tmp_path, spec, "legacy")
    assert record.ratings["5"] == Rating(None, "good")
    assert [p.kind for p in record.problems if p.field == "ratings.5.auditor"] == ["missing"]


@pytest.mark.parametrize("mark", TYPED_MARKS)
def test_typed_marks(tmp_path: Path, mark: str) -> None:
    """A box overtyped with ☒ ☑ ✓ ✔ or X, or the other options deleted, is the answer."""
    spec = example_spec()
    record = _read(tmp_path, spec, "typed", mark=mark)
    assert record.answers["2.3"] == "n/a"
    assert record.answers["4.1"] == "yes"
    assert record.answers["9.3"] == "yes"
    _assert_everything_read(record, spec)


def test_typed_grades_in_any_case_or_abbreviation(tmp_path: Path) -> None:
    """Grades typed as words in any case or abbreviation are read as the grade."""
    spec = example_spec()
    typed = {
        "1": ("Good", "RI"),
        "2": ("Req. improvement", "INADEQUATE"),
        "3": ("OUTSTANDING", "good"),
        "4": ("requires improvement", "Inadequate"),
    }
    spec.ratings |= typed
    record = _read(tmp_path, spec, "typed")
    assert record.ratings["1"] == Rating("good", "requires_improvement")
    assert record.ratings["2"] == Rating("requires_improvement", "inadequate")
    assert record.ratings["3"] == Rating("outstanding", "good")
    assert record.ratings["4"] == Rating("requires_improvement", "inadequate")
    assert not {f for f in _fields(record) if f.startswith("ratings.")}


@pytest.mark.parametrize("date_format", DATE_FORMATS)
def test_typed_dates(tmp_path: Path, date_format: str) -> None:
    """Dates typed 12/5/16, 12 May 2016, 12.05.2016 or 2016-05-12 are read day first."""
    record = _read(tmp_path, example_spec(), "typed", date_format=date_format)
    assert record.header["audit_date"] == dt.date(2016, 5, 12)
    assert record.header["moderation_date"] == dt.date(2016, 6, 3)
    assert record.header["previous_audit_date"] == dt.date(2016, 1, 30)
    assert record.header["discussion_date"] == dt.date(2016, 5, 19)


@pytest.mark.parametrize("symbol", SYMBOL_STYLES)
def test_symbol_font_boxes(tmp_path: Path, symbol: str) -> None:
    """Wingdings and Wingdings 2 boxes, as w:sym or as a symbol-font run, are ticks and boxes."""
    spec = example_spec()
    record = _read(tmp_path, spec, "symbols", symbol=symbol)
    assert record.answers["2.4"] == "partially"
    assert record.answers["8.3"] == "partially"
    assert record.controls["symbol-font box"] == BOXES
    _assert_everything_read(record, spec)


def test_mixed_dialects_in_one_file(tmp_path: Path) -> None:
    """A form filled partly with content controls, fields, typed marks and symbols reads whole."""
    spec = example_spec()
    record = _read(tmp_path, spec, "mixed")
    assert {"content control checkbox", "legacy checkbox", "typed mark", "symbol-font box"} <= set(
        record.controls
    )
    assert record.answers["5.5"] == "n/a"
    assert record.header["child_age"] == 9
    _assert_everything_read(record, spec)


# -- variations -----------------------------------------------------------------------------------


def test_text_split_over_many_runs(tmp_path: Path) -> None:
    """Labels, questions and values split into three-letter runs still match and read."""
    xml = build_document_xml(example_spec(), "legacy", split_runs=True)
    assert '<w:t xml:space="preserve">Aud</w:t>' in xml
    record = _read(tmp_path, example_spec(), "legacy", split_runs=True)
    assert record.header["case_id"] == "H123456 / EHA-2016-0042"
    _assert_everything_read(record, example_spec())


def test_proofing_marks(tmp_path: Path) -> None:
    """w:proofErr marks inside labels and values are ignored."""
    record = _read(tmp_path, example_spec(), "content-controls", proof_errors=True)
    assert record.header["team_manager"] == "Ann Lee"
    _assert_everything_read(record, example_spec())


def test_bookmarks_inside_labels(tmp_path: Path) -> None:
    """w:bookmarkStart/End in the middle of a label or question do not break it."""
    record = _read(tmp_path, example_spec(), "typed", bookmarks=True)
    assert record.answers["3.2"] == "yes"
    _assert_everything_read(record, example_spec())


def test_smart_tags(tmp_path: Path) -> None:
    """Text wrapped in w:smartTag is read as if unwrapped."""
    record = _read(tmp_path, example_spec(), "symbols", smart_tags=True)
    assert record.header["ethnicity"] == "White British"
    _assert_everything_read(record, example_spec())


def test_custom_xml_wrappers(tmp_path: Path) -> None:
    """Runs and table rows wrapped in w:customXml are read as if unwrapped."""
    record = _read(tmp_path, example_spec(), "content-controls", custom_xml=True)
    assert record.answers["7.4"] == "n/a"
    _assert_everything_read(record, example_spec())


def test_tracked_changes_are_read_as_accepted(tmp_path: Path) -> None:
    """Insertions count, deletions do not: an answer changed from NO to YES is YES."""
    spec = example_spec()
    assert spec.answers[TRACKED_QUESTION] == "yes"
    record = _read(tmp_path, spec, "content-controls", tracked_changes=True)
    assert record.answers[TRACKED_QUESTION] == "yes"
    assert record.header["case_worker"] == "Jo Marsh"  # "Sam Previous" was deleted
    assert all(a.action != "Deleted action" for a in record.actions)  # a deleted table row
    assert record.tracked_changes == 7
    assert [p.kind for p in record.problems if p.field == "form"] == ["notice"]
    _assert_everything_read(record, spec)


def test_merged_cells(tmp_path: Path) -> None:
    """Header values spanning two grid columns and titles merged down the rows are read."""
    record = _read(tmp_path, example_spec(), "legacy", merged_cells=True)
    assert record.header["escalation"] == "None needed"
    _assert_everything_read(record, example_spec())


def test_garbled_grid_span_counts_as_one_column(tmp_path: Path) -> None:
    """A w:gridSpan Word would reject ("two") is one column: the form is still read, whole."""
    xml = build_document_xml(example_spec(), "legacy", merged_cells=True)
    assert xml.count('<w:gridSpan w:val="2"/>') == 29
    garbled = xml.replace('<w:gridSpan w:val="2"/>', '<w:gridSpan w:val="two"/>')
    path = tmp_path / "form.docx"
    path.write_bytes(package(garbled))
    record = read_form(path)
    assert isinstance(record, FormRecord), record.error
    assert record.header["escalation"] == "None needed"
    _assert_everything_read(record, example_spec())


def test_value_in_a_nested_table(tmp_path: Path) -> None:
    """A header value and an answer held in a table inside their cell are read."""
    record = _read(tmp_path, example_spec(), "typed", nested_table=True)
    assert record.header["team"] == "Early Help Hub North"
    assert record.answers["2.2"] == "no"
    _assert_everything_read(record, example_spec())


def test_header_value_in_the_row_below(tmp_path: Path) -> None:
    """A header value written in the row below its label is found there."""
    record = _read(tmp_path, example_spec(), "content-controls", value_below=True)
    assert record.header["discussion_date"] == dt.date(2016, 5, 19)
    assert record.header["escalation"] == "None needed"
    _assert_everything_read(record, example_spec())


def test_reworded_labels_and_questions(tmp_path: Path) -> None:
    """Extra spaces, other numbering, punctuation and one changed word still match."""
    xml = build_document_xml(example_spec(), "legacy", reworded=True)
    assert "Team holding the case" in xml
    assert "appraisal" in xml  # "assessment" → "appraisal" in a section 4 question
    record = _read(tmp_path, example_spec(), "legacy", reworded=True)
    assert record.header["team"] == "Early Help Hub North"
    assert record.header["months_in_early_help"] == 14
    _assert_everything_read(record, example_spec())


def test_line_breaks_and_tabs_in_comments(tmp_path: Path) -> None:
    """Line breaks (w:br) and tabs inside comments fold to single spaces."""
    spec = example_spec()
    spec.comments["1"] = ("Line one\nLine\ttwo", "Agree.\n\nWell evidenced.")
    spec.comments["3"] = ("Strengths:\n\tTAF held promptly.", None)
    spec.header["overview"] = "First paragraph.\nSecond\tline."
    record = _read(tmp_path, spec, "typed")
    assert record.comments["1"].auditor == "Line one Line two"
    assert record.comments["1"].moderator == "Agree. Well evidenced."
    assert record.comments["3"].auditor == "Strengths: TAF held promptly."
    assert record.header["overview"] == "First paragraph. Second line."


#: a marker each variation adds to document.xml, and how often it then occurs at least
VARIATION_MARKERS = {
    "split_runs": ('<w:t xml:space="preserve">Aud</w:t>', 1),
    "proof_errors": ('<w:proofErr w:type="spellStart"/>', 100),
    "bookmarks": ("<w:bookmarkStart ", 100),
    "smart_tags": ("<w:smartTag ", 100),
    "custom_xml": ('<w:customXml w:uri="urn:example:audit" w:element="row">', 50),
    "tracked_changes": ("<w:delText", 3),
    "merged_cells": ('<w:gridSpan w:val="2"/>', 15 + 14),  # + the 14 header values
    "nested_table": ("<w:tbl>", 21 + 2),  # + the team's and answer 2.2's tables
    "value_below": ("<w:tr>", 1),  # one more header row
    "reworded": ("Team holding the case", 1),
    "glyph_disagrees": ('">☒</w:t>', 100),  # most boxes are empty: flipped, most show ☒
}


@pytest.mark.parametrize("flag", VARIATION_FLAGS)
def test_each_variation_shows_in_the_xml(flag: str) -> None:
    """Each variation flag really changes the document the way its name says."""
    plain = build_document_xml(example_spec(), "content-controls")
    varied = build_document_xml(example_spec(), "content-controls", **{flag: True})
    assert varied != plain
    marker, at_least = VARIATION_MARKERS[flag]
    assert varied.count(marker) >= at_least
    assert varied.count(marker) > plain.count(marker)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_all_variations_at_once(tmp_path: Path, dialect: str) -> None:
    """Every variation in one document, in each dialect, still reads every value."""
    spec = example_spec()
    record = _read(tmp_path, spec, dialect, **dict.fromkeys(VARIATION_FLAGS, True))
    _assert_everything_read(record, spec)


# -- edge cases -------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", FILLED_IN)
def test_two_boxes_ticked_is_null_with_a_problem(tmp_path: Path, dialect: str) -> None:
    """Two boxes ticked for one question: null, and a problem whose field is the question id."""
    spec = example_spec()
    spec.answers["2.3"] = ("yes", "no")
    spec.answers["9.7"] = ("no", "n/a")
    record = _read(tmp_path, spec, dialect)
    assert record.answers["2.3"] is None
    assert record.answers["9.7"] is None
    assert {"2.3", "9.7"} <= _fields(record, "ambiguous")
    assert record.answers["2.4"] == "partially"


@pytest.mark.parametrize("score", ["3-4", "3.5"])
def test_score_range_or_half_is_null_with_a_problem(tmp_path: Path, score: str) -> None:
    """A family score written as a range or a half is null plus a problem."""
    spec = example_spec()
    spec.score = score
    record = _read(tmp_path, spec, "typed")
    assert record.family_feedback["relationship_score"] is None
    problem = next(p for p in record.problems if p.field == "family_feedback.relationship_score")
    assert problem.found == score


@pytest.mark.parametrize("dialect", ["content-controls", "legacy", "typed"])
@pytest.mark.parametrize("written", ["sometime in May", "31/02/2016"])
def test_unreadable_date_is_null_with_a_problem(tmp_path: Path, dialect: str, written: str) -> None:
    """A date that cannot be read is null plus a problem on header.audit_date."""
    spec = example_spec()
    spec.header["audit_date"] = written
    record = _read(tmp_path, spec, dialect)
    assert record.header["audit_date"] is None
    assert "header.audit_date" in _fields(record, "unreadable")
    assert record.header["moderation_date"] == dt.date(2016, 6, 3)


@pytest.mark.parametrize("dialect", FILLED_IN)
def test_grade_word_matching_nothing_is_null_with_a_problem(tmp_path: Path, dialect: str) -> None:
    """A grade that is no grade ("Very good") is null plus a problem, never the nearest grade."""
    spec = example_spec()
    spec.ratings["4"] = ("Very good", "good")
    record = _read(tmp_path, spec, dialect)
    assert record.ratings["4"] == Rating(None, "good")
    assert "ratings.4.auditor" in _fields(record, "unreadable")


def test_untouched_drop_down_placeholder_is_null_without_a_problem(tmp_path: Path) -> None:
    """An untouched "Choose an item." drop-down is null and reported only as missing."""
    spec = example_spec()
    spec.ratings["3"] = (None, None)
    xml = build_document_xml(spec, "content-controls")
    assert "<w:showingPlcHdr/><w:dropDownList>" in xml
    record = _read(tmp_path, spec, "content-controls")
    assert record.ratings["3"] == Rating(None, None)
    kinds = {p.field: p.kind for p in record.problems if p.field.startswith("ratings.3.")}
    assert kinds == {"ratings.3.auditor": "missing", "ratings.3.moderator": "missing"}
    assert all(p.found is None for p in record.problems if p.field.startswith("ratings.3."))
