"""Trackers are recognised by what makes them trackers: headers and the values under them.

Everyday workbooks from other software share generic headers with the trackers (Name, Date,
Number, ID, Grade); they are refused as "not a tracker this tool knows", never read as a
thematic round or an audit log. Rounds stacked on one sheet stay separate rounds.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from audit_docs.compute.thematic import thematic_rounds
from audit_docs.read.excel.workbook import read_workbook
from audit_docs.records import FileFailure, WorkbookResult
from tests.builders.workbooks import write_workbook

D = dt.date

#: workbooks as other software writes them: (name, sheets)
GENERIC: list[tuple[str, dict[str, list[list[object]]]]] = [
    (
        "name-date-number-formula",  # the example: was a thematic round of 3 cases
        {
            "Sample": [
                ["Name", "Date", "Number", "Formula"],
                ["Ann", D(2016, 6, 1), 3, "=C2*2"],
                ["Bob", D(2016, 6, 2), 4, "=C3*2"],
                ["Cy", D(2016, 6, 3), 5, "=C4*2"],
            ]
        },
    ),
    (
        "yes-no-checklist",  # generic headers over Yes/No values
        {
            "Sheet1": [
                ["Number", "Date", "Paid", "Attended"],
                [1, D(2017, 1, 5), "Yes", "No"],
                [2, D(2017, 1, 6), "No", "Yes"],
            ]
        },
    ),
    (
        "invoices",  # reference, date and type: three audit-log headers, all generic
        {
            "Invoices": [
                ["Reference", "Date", "Type", "Amount"],
                ["INV-001", D(2016, 5, 1), "Goods", 120.5],
                ["INV-002", D(2016, 5, 9), "Services", 80],
            ]
        },
    ),
    (
        "class-marks",  # date, grade and notes: generic for the EHA checks
        {
            "Marks": [
                ["Name", "Date", "Grade", "Notes"],
                ["Ann", D(2016, 9, 1), "B+", "late"],
                ["Bob", D(2016, 9, 1), "A", None],
            ]
        },
    ),
    (
        "staff-list",  # ID and grade, with pay grades under "Grade"
        {
            "Staff": [
                ["ID", "Name", "Grade", "Start date", "Team"],
                [101, "Ann Lee", "Band 5", D(2015, 3, 1), "North"],
                [102, "Bob Khan", "Band 6", D(2014, 7, 1), "South"],
            ]
        },
    ),
    (
        "log-headers-wrong-values",  # an audit log's headers over values that are not its own
        {
            "Log": [
                ["Case reference", "Audit date", "Overall grade (auditor)", "Auditor"],
                ["RCC-1", "pending", 3, "Ann"],
                ["RCC-2", "tbc later", 4, "Bob"],
            ]
        },
    ),
    (
        "chart-data",  # a chart's source table and a notes sheet
        {
            "Chart data": [["Month", "Number", "Percentage"], ["April", 12, "40%"]],
            "Notes": [["Figures from the finance system"]],
        },
    ),
]


@pytest.mark.parametrize(("name", "sheets"), GENERIC, ids=[g[0] for g in GENERIC])
def test_generic_workbooks_are_not_trackers(
    tmp_path: Path, name: str, sheets: dict[str, list[list[object]]]
) -> None:
    """Each is refused in one sentence naming the kinds looked for, with no records."""
    result = read_workbook(write_workbook(tmp_path / f"{name}.xlsx", sheets))
    assert isinstance(result, FileFailure), result
    assert result.reason == "not-a-tracker"
    assert result.error.startswith(
        f"{name}.xlsx: not a tracker this tool knows (the kinds it looked for: "
    )
    for kind in ("Case audit log", "Thematic audit", "Early Help Assessment quality checks"):
        assert kind in result.error


def test_headers_of_a_log_over_other_values_say_what_the_values_lack(tmp_path: Path) -> None:
    """The sentence says which kind the headers looked like and what the cells did not hold."""
    _, sheets = next(g for g in GENERIC if g[0] == "log-headers-wrong-values")
    result = read_workbook(write_workbook(tmp_path / "log.xlsx", sheets))
    assert isinstance(result, FileFailure)
    assert "match the Case audit log, but it needs a column mostly holding dates" in result.error


def test_generic_headers_alone_are_named_as_not_enough(tmp_path: Path) -> None:
    """The issue's Name, Date, Number, Formula: its sentence says why it is no thematic round."""
    _, sheets = GENERIC[0]
    result = read_workbook(write_workbook(tmp_path / "sample.xlsx", sheets))
    assert isinstance(result, FileFailure)
    assert "match a tracker's only in generic headers (Date, Number), which is not enough" in (
        result.error
    )


def test_empty_workbook_is_refused_as_empty(tmp_path: Path) -> None:
    result = read_workbook(write_workbook(tmp_path / "empty.xlsx", {"Sheet1": []}))
    assert isinstance(result, FileFailure)
    assert result.reason == "empty-workbook"
    assert "the workbook is empty" in result.error


#: the voice-of-the-child headers as one council wrote them: the measures are reworded, so
#: only Case, Gender and Age (years) are headers the definition knows
STACKED_HEADER = [
    "Case",
    "Gender",
    "Age (years)",
    "Was the child present at the TAF?",
    "Child's wishes recorded in the plan?",
    "Direct work done with the child?",
    "Child seen and observed?",
]


def _stacked_round(date_line: str, marks: list[list[str]], first_age: int) -> list[list[object]]:
    rows: list[list[object]] = [[date_line], list(STACKED_HEADER)]
    for n, m in enumerate(marks, 1):
        rows.append([f"{n}.", "Female" if n % 2 else "Male", first_age + n, *m])
    return rows


def test_two_rounds_stacked_on_one_sheet_are_two_rounds(tmp_path: Path) -> None:
    """The issue's sheet: a round dated 11/04/2017, a blank row, a round dated 16/08/2016 with
    its own header row. Two rounds, each with its own date, cases and ratios; the second
    header row is a header, not a case with an unreadable age."""
    later = [["✓", "✓", "x", "✓"]] * 6 + [["x", "✓", "✓", "✓"]] * 4
    earlier = [["x", "x", "✓", "✓"]] * 7 + [["No information recorded", "✓", "✓", "x"]] * 3
    rows = [
        *_stacked_round("Audit date: 11/04/2017", later, 2),
        [],
        *_stacked_round("Audit date: 16/08/2016", earlier, 4),
    ]
    result = read_workbook(write_workbook(tmp_path / "voc.xlsx", {"VOC": rows}))
    assert isinstance(result, WorkbookResult)
    tables = result.sheets[0].tables
    assert [(t.header_row, t.records, t.date) for t in tables] == [
        (2, 10, D(2017, 4, 11)),
        (15, 10, D(2016, 8, 16)),
    ]
    rounds = {r.date: r for r in thematic_rounds(result.records)}
    assert [(m.evidenced, m.applicable, m.percent) for m in rounds[D(2017, 4, 11)].measures] == [
        (6, 10, 60),
        (10, 10, 100),
        (4, 10, 40),
        (10, 10, 100),
    ]
    assert [(m.evidenced, m.applicable) for m in rounds[D(2016, 8, 16)].measures] == [
        (0, 10),
        (3, 10),
        (10, 10),
        (7, 10),
    ]
    assert not [p for p in result.problems if p.code == "not_whole_number"]


def test_a_repeated_header_row_always_starts_a_new_table(tmp_path: Path) -> None:
    """Even with no title or date line between them, a repeated header is never a case."""
    round_ = _stacked_round("Date of audit: 02/09/2016", [["✓", "x", "✓", "✓"]] * 3, 5)
    rows = [*round_, *round_[1:]]  # the same header and cases again, straight under
    result = read_workbook(write_workbook(tmp_path / "twice.xlsx", {"Round": rows}))
    assert isinstance(result, WorkbookResult)
    assert [(t.header_row, t.records) for t in result.sheets[0].tables] == [(2, 3), (6, 3)]
    assert all(r.fields["case"] != "Case" for r in result.records)


def test_short_real_trackers_are_still_recognised(tmp_path: Path) -> None:
    """One header of the kind's own, with values that fit, is enough beside generic ones."""
    sheets = {
        "Log": [
            ["Case ref", "Date", "Grade"],
            ["RCC-1", D(2016, 4, 2), "Good"],
            ["RCC-2", "3/5/16", "RI"],
        ],
        "EHA": [
            ["Date", "Agency", "Grade", "Comments"],
            [D(2016, 5, 4), "School", "Good", None],
            [D(2016, 5, 9), "Health visitor", "Requires improvement", "no plan"],
        ],
    }
    result = read_workbook(write_workbook(tmp_path / "short.xlsx", sheets))
    assert isinstance(result, WorkbookResult)
    assert [(s.name, [t.kind for t in s.tables]) for s in result.sheets] == [
        ("Log", ["audit-log"]),
        ("EHA", ["eha-quality-checks"]),
    ]
    assert [r.fields.get("overall_grade_auditor") for r in result.records[:2]] == [
        "good",
        "requires_improvement",
    ]


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ({"type": "measure", "key": "case", "holding": "x"}, "give either 'type' or 'key'"),
        ({"key": "nothing", "holding": "x"}, "key 'nothing' is not a column"),
        ({"type": "colour", "holding": "x"}, "type 'colour' is not one of"),
        ({"type": "measure", "at_least": 0, "holding": "x"}, "at_least must be a whole number"),
        ({"type": "measure"}, "'holding' is missing"),
    ],
)
def test_a_badly_edited_recognise_rule_says_what_is_wrong(rule: dict, says: str) -> None:
    """A council's edited definition fails once, clearly, naming the rule."""
    from audit_docs.errors import DefinitionError
    from audit_docs.read.trackerdef import parse_tracker_definition

    data = {
        "kind": "mine",
        "columns": [{"key": "case", "label": "Case", "type": "ref"}],
        "recognise": {"generic_headers": ["number"], "values": [rule]},
    }
    with pytest.raises(DefinitionError, match=re.escape(says)):
        parse_tracker_definition(data, "mine.yaml")
