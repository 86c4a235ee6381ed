"""No code names a section number, question number, header key or title of any form.

A copy of the Early Help definition with every section renumbered ("2" -> "P2", "bespoke"
-> "extra"), every section retitled and the header keys renamed (``case_id`` -> ``child_id``,
``audit_date`` -> ``date_of_audit``...) reads the same values by role from forms printed with
the new titles, and the store, the annual report's figures and the guidance built from it are
the same as from the shipped definition, once the new numbers and titles are mapped back.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from audit_docs.compute.annual import Inputs, annual_figures
from audit_docs.compute.anonymise import Pseudonyms
from audit_docs.compute.forms import form_info
from audit_docs.compute.guidance import guidance_figures
from audit_docs.compute.periods import FinancialYear
from audit_docs.compute.rule_flags import count_flags, rule_flags
from audit_docs.read.definitions import bundled, load_yaml
from audit_docs.read.formdef import FormDefinition, builtin_definitions, parse_definition
from audit_docs.read.word.forms_reader import read_form
from audit_docs.records import FormRecord
from audit_docs.store import queries
from audit_docs.store.db import open_store, transaction
from audit_docs.store.write import form_facts, store_form
from tests.builders.wordform import FORM, build_form, example_spec

NUMBERS = {n: f"P{n}" for n in map(str, range(1, 11))} | {"bespoke": "extra"}
TITLES = {
    "1": "Overall judgement of the quality and impact of the work",
    "2": "Reasons the family needs support",
    "3": "Case record quality",
    "4": "How good the assessments are",
    "5": "Plans reviews and interventions",
    "6": "Direct work with the child and family",
    "7": "Management oversight and supervision",
    "8": "Community and wider networks",
    "bespoke": "Local questions",
    "9": "What the family told us",
    "10": "What the practitioner told us",
}
KEYS = {
    "auditor": "auditor_name",
    "audit_date": "date_of_audit",
    "moderator": "moderator_name",
    "moderation_date": "date_moderated",
    "case_id": "child_id",
    "team": "team_holding",
    "case_worker": "worker",
    "team_manager": "manager",
    "audited_previously": "seen_before",
    "previous_audit_date": "last_seen",
    "ethnicity": "ethnic_group",
    "child_age": "age_of_child",
    "months_in_early_help": "months_open",
    "discussion_date": "date_discussed",
    "escalation": "escalated",
    "overview": "synopsis",
}
PSEUDONYMS = Pseudonyms(b"k" * 32)


def renumbered() -> FormDefinition:
    (path,) = [p for p in bundled("forms") if p.stem == FORM.id]
    data: dict[str, Any] = copy.deepcopy(load_yaml(Path(path)))
    data["id"] = "renumbered-early-help"
    data["identify"] = [
        "Understanding our Early Help Practice",
        "Whole Family EISi ID/ Holistic ID",
        "Audit Cycle Date",
        "Overview of Case",
        TITLES["2"],
        TITLES["9"],
    ]
    for field in data["header"]:
        field["key"] = KEYS[field["key"]]
        if field.get("inside"):
            field["inside"] = KEYS[field["inside"]]
    for section in data["sections"]:
        number = str(section["number"])
        section["number"] = NUMBERS[number]
        section["title"] = TITLES[number]
        section.pop("short_title", None)
    return parse_definition(data, "renumbered.yaml")


def retitled_docx(data: bytes) -> bytes:
    """The form printed with the copy's numbers and titles."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    xml = parts["word/document.xml"].decode()
    for number, title in TITLES.items():
        if number == "bespoke":
            old, new = "BESPOKE QUESTIONS", title.upper()
        else:
            section = FORM.section(number)
            old = escape(f"{number}. {section.title}")
            new = escape(title)
        assert xml.count(old) == 1, old
        xml = xml.replace(old, new)
    parts["word/document.xml"] = xml.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, value in parts.items():
            zf.writestr(name, value)
    return buffer.getvalue()


def specs() -> list[Any]:
    """Six audits over the year: grades, answers and a missing consent differ."""
    base = example_spec()
    grades = ["good", "requires_improvement", "outstanding", "inadequate"]
    out = []
    for i in range(6):
        ratings = {
            n: (grades[(i + int(n)) % 4], grades[(i * int(n)) % 4] if i % 2 else None)
            for n in map(str, range(1, 9))
        }
        answers = {
            q: ("yes", "no", "n/a", "partially")[(i + k) % 4] for k, q in enumerate(base.answers)
        }
        header = base.header | {
            "case_id": f"H10000{i}",
            "audit_date": dt.date(2016, 4, 10) + dt.timedelta(days=55 * i),
            "moderator": "Tom Okafor" if i % 2 else None,
            "moderation_date": dt.date(2016, 5, 1) + dt.timedelta(days=55 * i) if i % 2 else None,
            "months_in_early_help": 6 + 3 * i,
            "auditor": None if i == 5 else base.header["auditor"],
        }
        out.append(dataclasses.replace(base, header=header, ratings=ratings, answers=answers))
    return out


def back(value: Any) -> Any:
    """Figures from the copy in the shipped form's numbers and titles, for comparison."""
    if isinstance(value, dict):
        return {back(k): back(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(back(v) for v in value)
    if isinstance(value, str):
        value = value.replace("renumbered-early-help", FORM.id)
        for number, title in TITLES.items():
            if number != "bespoke":
                value = value.replace(title, FORM.section(number).short_title)
        return re.sub(r"\bP(\d+)\b", r"\1", value.replace("extra", "bespoke"))
    return value


def build(tmp_path: Path, definition: FormDefinition, retitle: bool) -> dict[str, Any]:
    """Read, store and report the six forms with ``definition``."""
    folder = tmp_path / definition.id
    folder.mkdir()
    records: list[FormRecord] = []
    store = folder / "audits.sqlite"
    conn = open_store(store)
    for i, spec in enumerate(specs()):
        data = build_form(spec, ("content-controls", "legacy", "typed")[i % 3])
        path = folder / f"form-{i}.docx"
        path.write_bytes(retitled_docx(data) if retitle else data)
        record = read_form(path, (definition,))
        assert isinstance(record, FormRecord), record
        records.append(record)
        with transaction(conn):
            store_form(conn, path.name, len(data), record, form_facts(definition))
    audits = queries.audits(conn)
    problems = queries.problems(conn)
    table = {
        name: conn.execute(f"SELECT * FROM {name} ORDER BY 1, 2, 3, 4").fetchall()
        for name in ("section_ratings", "answers", "comments", "family_feedback")
    }
    conn.close()
    year = FinancialYear(2016)
    inputs = Inputs(
        year,
        audits,
        [],
        [],
        [],
        [],
        [form_info(definition)],
        rule_flags=count_flags(rule_flags(audits)),
    )
    guidance = guidance_figures(
        audits,
        problems,
        definition,
        start=year.start,
        end=year.end,
        pseudonyms=PSEUDONYMS,
    )
    return {
        "records": records,
        "audits": audits,
        "problems": sorted((p.source, p.location, p.code) for p in problems),
        "tables": table,
        "annual": json.loads(json.dumps(annual_figures(inputs))),
        "guidance": json.loads(json.dumps(guidance)),
    }


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("renumbered")
    return build(tmp, builtin_definitions()[0], False), build(tmp, renumbered(), True)


def test_the_copy_reads_the_same_values_by_role(both) -> None:
    """Every header value under its renamed key, every answer, rating and feedback by role."""
    shipped, copy_ = both
    for old, new in zip(shipped["records"], copy_["records"], strict=True):
        assert {KEYS[k]: v for k, v in old.header.items()} == new.header
        assert back(new.answers) == old.answers
        assert back(new.ratings) == old.ratings
        assert new.family_feedback == old.family_feedback
        assert new.practitioner_feedback == old.practitioner_feedback
        assert new.bespoke == old.bespoke
        assert new.actions == old.actions


def test_the_store_holds_the_same_audits(both) -> None:
    """Case reference, audit date, overall grade, months open and the rest come by role."""
    shipped, copy_ = both
    for old, new in zip(shipped["audits"], copy_["audits"], strict=True):
        assert new.case_reference == old.case_reference
        assert new.case_reference
        assert new.audit_date == old.audit_date
        assert new.overall == old.overall
        assert new.overall.auditor
        assert new.months_in_early_help == old.months_in_early_help
        assert (new.auditor, new.moderator, new.moderated) == (
            old.auditor,
            old.moderator,
            old.moderated,
        )
        assert back(new.sections) == old.sections
        assert back(new.answers) == old.answers
        assert back(new.comments) == old.comments
    assert back(copy_["problems"]) == shipped["problems"]
    assert ("form-5.docx", "header.auditor", "missing") in shipped["problems"]
    old_tables, new_tables = shipped["tables"], copy_["tables"]
    assert len(old_tables["family_feedback"]) == len(new_tables["family_feedback"]) > 0
    assert back([r[2:] for r in new_tables["answers"]]) == [r[2:] for r in old_tables["answers"]]


def test_the_annual_figures_are_the_same(both) -> None:
    """Every figure of the annual report, sentences included, once numbers are mapped back;
    the copy's form is under its own id in ``forms``."""
    shipped, copy_ = both
    old, new = shipped["annual"], back(copy_["annual"])
    assert old["grades"] == new["grades"]
    assert sum(old["grades"].values()) == 6
    assert old["sections"] == new["sections"]
    assert len(old["sections"]) == 7
    assert old["answers"] == new["answers"]
    assert list(new["forms"]) == [FORM.id]
    # timescales are keyed by the Early Help form's question ids (compute/grading_rules.yaml)
    for figures in (old, new):
        figures["moderation"]["rule_flags"].pop("timeliness", None)
    assert new == old


def test_the_guidance_is_the_same(both) -> None:
    """Scope, findings, judgements, key messages, reminders (consent by its reminder role)."""
    shipped, copy_ = both
    old, new = shipped["guidance"], back(copy_["guidance"])
    assert [r["key"] for r in new["paperwork"]] == [r["key"] for r in old["paperwork"]]
    assert "consent" in [r["key"] for r in old["paperwork"]]
    assert "signed" in [r["key"] for r in old["paperwork"]]
    # the finding phrases (compute/guidance_findings.yaml) and timescales are keyed by the
    # Early Help form's question ids: a renumbered copy quotes its questions instead
    for figures in (old, new):
        for group in (*figures["sections"], *figures["themes"]):
            for finding in group["findings"]:
                finding.pop("sentence")
        figures["rule_flags"]["counts"].pop("timeliness", None)
        figures["rule_flags"]["rows"] = [
            r for r in figures["rule_flags"]["rows"] if r["rule"] != "timeliness"
        ]
        figures["rule_flags"].pop("timeliness")
    assert new == old


def test_a_store_from_before_roles_keeps_the_overall_grade_out_of_the_sections(
    tmp_path: Path,
) -> None:
    """Forms stored when the overall judgement was kept as a section are settled by role on
    the next ingest, without reading them again."""
    from audit_docs.jobs.ingest import ingest
    from tests.builders.wordform import write_form

    inbox, store = tmp_path / "inbox", tmp_path / "audits.sqlite"
    write_form(inbox / "form.docx")
    ingest(inbox, store, out=io.StringIO(), err=io.StringIO())
    overall = FORM.section_for("overall").number  # type: ignore[union-attr]
    conn = open_store(store)
    with transaction(conn):  # as an earlier release stored it
        conn.execute("UPDATE section_ratings SET scheme = 'form-section' WHERE scheme = 'overall'")
    (before,) = queries.audits(conn)
    conn.close()
    assert overall in before.sections
    summary = ingest(inbox, store, out=io.StringIO(), err=io.StringIO())
    assert summary.unchanged == 1
    conn = open_store(store)
    (after,) = queries.audits(conn)
    conn.close()
    assert overall not in after.sections
    assert len(after.sections) == len(before.sections) - 1
    assert after.overall == before.overall
