"""The second shipped form: a children's social care case file audit.

Its graded sections are the audit log's practice areas; an audit held on the form and in the
log is one audit, whose practice-area grades are the form's (a different log grade is a
``disagreement`` problem), counted once in the annual report beside the log-only audits.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from audit_docs.compute.annual import Inputs, annual_figures
from audit_docs.compute.forms import form_info
from audit_docs.compute.periods import FinancialYear
from audit_docs.jobs.ingest import ingest
from audit_docs.read.formdef import FormDefinition, builtin_definitions
from audit_docs.read.trackerdef import builtin_tracker_definitions
from audit_docs.read.word.forms_reader import read_form
from audit_docs.records import FormRecord, Rating
from audit_docs.store import queries
from audit_docs.store.db import open_store
from audit_docs.store.write import practice_area_key
from tests.builders.definition_form import Filled, write_definition_form
from tests.builders.workbooks import write_workbook

FORM_ID = "social-care-case-audit"
GRADES = ("good", "requires_improvement", "outstanding", "inadequate")


def social_care() -> FormDefinition:
    return next(d for d in builtin_definitions() if d.id == FORM_ID)


def filled(case: str, day: dt.date, *, moderated: bool = True, seed: int = 0) -> Filled:
    form = social_care()
    answers = {q.id: ("yes", "no", "n/a")[(i + seed) % 3] for i, q in enumerate(form.questions())}
    ratings = {
        s.number: (GRADES[(i + seed) % 4], GRADES[(i + seed + 1) % 4] if moderated else None)
        for i, s in enumerate(form.rated_sections)
    }
    return Filled(
        header={
            "child_id": case,
            "date_of_audit": day,
            "auditor": "Ann Jones",
            "moderator": "Bob Lee" if moderated else None,
            "date_of_moderation": day + dt.timedelta(days=14) if moderated else None,
            "type_of_case": "Child Protection",
            "team": "Safeguarding Team",
            "social_worker": "Sam Green",
            "team_manager": "Kim Ward",
            "childs_age": 7,
        },
        answers=answers,
        ratings=ratings,
        comments={"2": ("The child's views are recorded in her own words.", "Agreed.")},
        actions=[("Update the plan with SMART outcomes", "Sam Green", "By 30 June")],
    )


def test_graded_sections_are_the_audit_log_practice_areas() -> None:
    """Every graded section but the overall judgement declares an audit-log practice area,
    and together they are all thirteen."""
    (log,) = [d for d in builtin_tracker_definitions() if d.kind == "audit-log"]
    areas = {c.key for c in log.columns if c.group == "practice_areas"}
    form = social_care()
    declared = [practice_area_key(s.practice_area) for s in form.rated_sections if s.practice_area]
    assert sorted(declared) == sorted(areas)
    assert len(declared) == 13
    assert form.section_for("overall") is not None
    assert all(s.questions for s in form.rated_sections if s.practice_area)
    assert all(q.advice for q in form.questions())  # the guidance's key messages


@pytest.mark.parametrize("dialect", ["content-controls", "legacy", "typed"])
def test_a_filled_form_reads_back_every_value(tmp_path: Path, dialect: str) -> None:
    """Header, every Yes/No/N/A answer, both grades of every section, comments and actions."""
    spec = filled("LCS-100", dt.date(2016, 6, 1))
    path = write_definition_form(tmp_path / "form.docx", social_care(), spec, dialect)
    record = read_form(path)
    assert isinstance(record, FormRecord)
    assert record.form == FORM_ID
    assert record.header == spec.header
    assert record.answers == spec.answers
    assert {n: (r.auditor, r.moderator) for n, r in record.ratings.items()} == spec.ratings
    assert record.comments["2"].auditor == spec.comments["2"][0]
    assert [a.action for a in record.actions] == ["Update the plan with SMART outcomes"]
    assert record.problems == ()


def _log(path: Path, rows: list[list[Any]]) -> Path:
    header = [
        "Case reference",
        "Audit date",
        "Service area",
        "Auditor",
        "Overall grade (auditor)",
        "Identification of risk",
        "Outcomes",
        "Quality of plans",
    ]
    return write_workbook(path, {"Audit log": [header, *rows]})


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A form and a log row for the same audit, and one audit in the log only."""
    inbox = tmp_path / "inbox"
    spec = filled("LCS-200", dt.date(2016, 7, 4), moderated=False)
    form = social_care()
    risk = next(s.number for s in form.sections if s.practice_area == "Identification of risk")
    outcomes = next(s.number for s in form.sections if s.practice_area == "Outcomes")
    plans = next(s.number for s in form.sections if s.practice_area == "Quality of plans")
    spec.ratings[risk] = ("good", None)
    spec.ratings[outcomes] = ("requires_improvement", None)
    spec.ratings[plans] = (None, None)  # not graded on the form: the log's grade stands
    write_definition_form(inbox / "forms" / "lcs-200.docx", form, spec, "typed")
    _log(
        inbox / "trackers" / "log.xlsx",
        [
            # the same audit: risk differs from the form, outcomes agree, plans only here
            ["lcs-200", dt.date(2016, 7, 4), "Child Protection", "Ann Jones", "Good",
             "Inadequate", "Requires Improvement", "Good"],
            ["LCS-201", dt.date(2016, 8, 9), "Child in Need", "Ann Jones", "Good",
             "Good", "Good", "Requires Improvement"],
        ],
    )  # fmt: skip
    store = tmp_path / "audits.sqlite"
    ingest(inbox, store, out=io.StringIO(), err=io.StringIO())
    return store


def test_the_form_and_its_log_row_are_one_audit(store: Path) -> None:
    """Per practice area the form's grade wins; a different log grade is a disagreement."""
    conn = open_store(store)
    audits = {a.case_reference: a for a in queries.audits(conn)}
    problems = [p for p in queries.problems(conn) if p.origin == "merge"]
    conn.close()
    assert sorted(audits) == ["LCS-200", "LCS-201"]
    one = audits["LCS-200"]
    assert one.origin == "form+audit-log"
    assert one.form == FORM_ID
    assert one.service_area == "Child Protection"
    assert one.practice_areas["identification_of_risk"] == Rating("good", None)
    assert one.practice_areas["outcomes"] == Rating("requires_improvement", None)
    assert one.practice_areas["quality_of_plans"] == Rating("good", None)
    assert len(one.practice_areas) == 13
    # the overall judgement is the audit's overall grade, not a section
    assert len(one.sections) == 13
    assert [(p.location, p.code, p.found) for p in problems] == [
        ("practice_areas.identification_of_risk", "disagreement", "Good / Inadequate")
    ]


def test_practice_areas_count_each_audit_once(store: Path) -> None:
    """The annual report's practice areas: the form's grades and the log's, never twice; the
    form's questions are under its own id, and its audits in the overall grades."""
    conn = open_store(store)
    audits = queries.audits(conn)
    conn.close()
    forms = [form_info(d) for d in builtin_definitions()]
    f = annual_figures(Inputs(FinancialYear(2016), audits, [], [], [], [], forms))
    areas = {a["key"]: a for a in f["areas"] if a["scheme"] == "practice-area"}
    assert areas["identification_of_risk"]["graded"] == 2
    assert areas["identification_of_risk"]["grades"]["good"] == 2
    assert areas["outcomes"]["grades"]["requires_improvement"] == 1
    assert areas["outcomes"]["grades"]["good"] == 1
    assert areas["voice_of_the_child"]["graded"] == 1  # on the form only
    assert f["audits"]["total"] == 2
    assert sum(f["grades"].values()) == 2
    mine = f["forms"][FORM_ID]
    assert mine["audits"] == 1
    assert mine["sections"] == {}  # every graded section is a practice area
    assert len(mine["answers"]) == len(social_care().questions())
    assert all(sum(c.values()) == 1 for c in mine["answers"].values())
    early_help = builtin_definitions()[0].id
    assert f["forms"][early_help]["audits"] == 0
    assert all(sum(c.values()) == 0 for c in f["answers"].values())


def test_guidance_for_the_social_care_form(store: Path) -> None:
    """`guidance --form` chooses one form: its audits, sections and questions only, no other
    form's timescales; an unknown id is one sentence naming the forms there are."""
    from audit_docs.compute.anonymise import Pseudonyms
    from audit_docs.compute.guidance import guidance_figures
    from audit_docs.documents.guidance import chosen_form
    from audit_docs.errors import UsageError

    conn = open_store(store)
    audits, problems = queries.audits(conn), queries.problems(conn)
    conn.close()
    g = guidance_figures(
        audits,
        problems,
        chosen_form(FORM_ID),
        start=dt.date(2016, 4, 1),
        end=dt.date(2017, 3, 31),
        pseudonyms=Pseudonyms(b"k" * 32),
    )
    assert g["form"]["id"] == FORM_ID
    assert (g["scope"]["audits"], g["scope"]["other_audits"]) == (1, 1)
    assert [s["title"] for s in g["sections"]][:2] == [
        "Voice of the child",
        "Identification of risk",
    ]
    assert sum(len(s["findings"]) for s in g["sections"]) == len(social_care().questions())
    assert g["rule_flags"]["timeliness"] == []
    with pytest.raises(
        UsageError, match=r"no audit form with the id ‘nope’.*social-care-case-audit"
    ):
        chosen_form("nope")


def test_the_report_lists_each_forms_questions(store: Path) -> None:
    """The Word report's question tables: one per form that audited anything, titled by form."""
    from audit_docs.render.annual_docx import view

    conn = open_store(store)
    audits = queries.audits(conn)
    conn.close()
    forms = [form_info(d) for d in builtin_definitions()]
    v = view(annual_figures(Inputs(FinancialYear(2016), audits, [], [], [], [], forms)))
    # tables whose every question applied to too few cases stand in the appendix (issue 21)
    tables = v["question_views"] + v["appendix_questions"]
    assert [(q["title"], q["audits"], len(q["questions"])) for q in tables] == [
        (builtin_definitions()[0].title, 0, len(builtin_definitions()[0].questions())),
        (social_care().title, 1, len(social_care().questions())),
    ]
