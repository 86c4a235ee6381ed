"""``audit-docs forget``: a withdrawn file counts nowhere, stays withdrawn, and can come back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from audit_docs.cli import main
from audit_docs.compute.periods import FinancialYear
from audit_docs.documents.annual_report import gather
from audit_docs.errors import UsageError
from audit_docs.jobs.export import export
from audit_docs.jobs.files import files
from audit_docs.jobs.forget import forget
from audit_docs.jobs.ingest import ingest
from audit_docs.jobs.places import Places
from audit_docs.store import queries
from audit_docs.store.db import open_store
from tests.builders.wordform import example_spec, write_form
from tests.builders.workbooks import AUDIT_LOG_HEADER, VOC_HEADER, voc_round, write_workbook

YEAR = FinancialYear(2016)


def _form(path: Path, case: str) -> Path:
    spec = example_spec()
    return write_form(path, dataclasses.replace(spec, header=spec.header | {"case_id": case}))


@pytest.fixture
def places(tmp_path: Path) -> Places:
    """Two forms, an audit log whose first row is form A's audit, and a thematic round."""
    places = Places(tmp_path / "inbox", tmp_path / "outbox", tmp_path / "s.sqlite")
    _form(places.inbox / "forms" / "a.docx", "EH-A")
    _form(places.inbox / "forms" / "b.docx", "EH-B")
    row_a = ["EH-A", dt.date(2016, 5, 12), "Early Help", "Priya Sandhu", None, None]
    row_a += ["Requires Improvement", None, 9, "Good", "Good"]
    row_c = ["EH-C", dt.date(2016, 7, 1), "Early Help", "Sam Cole", None, None]
    row_c += ["Good", None, 4, "Good", "Good"]
    write_workbook(places.inbox / "log.xlsx", {"Audit log": [AUDIT_LOG_HEADER, row_a, row_c]})
    cases = [["Child 1", "F", 7, "Yes", "Yes", "No", "Yes"]]
    assert len(cases[0]) == len(VOC_HEADER)
    write_workbook(
        places.inbox / "voice.xlsx",
        {"June 2016": voc_round("Voice of the child", "Audit date: 14/06/2016", cases)},
    )
    _ingest(places)
    return places


def _ingest(places: Places) -> str:
    out = io.StringIO()
    ingest(places.inbox, places.store, out=out, err=io.StringIO())
    return out.getvalue()


def _figures(places: Places) -> dict:
    """The annual report's figures exactly as written to its JSON."""
    return json.loads(json.dumps(gather(places, YEAR), default=str))


def _export(places: Places) -> dict:
    out = io.StringIO()
    export(places, "json", out=out)
    return json.loads(out.getvalue())["tables"]


def _cases(tables: dict, table: str) -> set[str]:
    return {r["case_reference"] for r in tables[table]}


def _forget(places: Places, *names: str, undo: bool = False) -> str:
    out = io.StringIO()
    forget(places, list(names), undo=undo, out=out)
    return out.getvalue()


def test_forget_withdraws_a_forms_audit_from_figures_export_and_problems(places: Places) -> None:
    """Form B's audit, answers, ratings and problems leave the report figures and the export."""
    before = _figures(places)
    assert before["audits"]["total"] == 3
    assert "EH-B" in _cases(_export(places), "answers")
    text = _forget(places, "forms/b.docx")
    assert "forms/b.docx is forgotten" in text
    assert "forget --undo forms/b.docx" in text
    after = _figures(places)
    assert after["audits"]["total"] == 2
    tables = _export(places)
    for table in ("audits", "answers", "section_ratings", "comments", "actions", "problems"):
        assert "EH-B" not in _cases(tables, table), table
    assert {r["source"] for r in tables["family_feedback"]} == {"forms/a.docx"}
    conn = open_store(places.store)
    try:
        assert "forms/b.docx" not in {p.source for p in queries.problems(conn)}
        assert [a.case_reference for a in queries.audits(conn)] == ["EH-A", "EH-C"]
    finally:
        conn.close()


def test_a_forgotten_form_leaves_its_audit_log_row_counting(places: Places) -> None:
    """The merged audit falls back to the log row's values, and the disagreement goes."""
    conn = open_store(places.store)
    try:
        (merged,) = [a for a in queries.audits(conn) if a.case_reference == "EH-A"]
        assert (merged.origin, merged.overall.auditor) == ("form+audit-log", "outstanding")
        assert any(p.kind == "disagreement" for p in queries.problems(conn))
    finally:
        conn.close()
    _forget(places, "forms/a.docx")
    conn = open_store(places.store)
    try:
        (alone,) = [a for a in queries.audits(conn) if a.case_reference == "EH-A"]
        assert (alone.origin, alone.overall.auditor) == ("audit-log", "requires_improvement")
        assert alone.answers == {}  # the form's answers went with it
        assert alone.sources == ("log.xlsx",)
        assert not any(p.kind == "disagreement" for p in queries.problems(conn))
    finally:
        conn.close()


def test_forgotten_stays_forgotten_across_runs_and_undo_restores(places: Places) -> None:
    """Ingesting again (the file still in the inbox) keeps it out and says so; undo brings it back."""
    before = _figures(places)
    _forget(places, "forms/b.docx")
    text = _ingest(places)
    assert "forgotten: forms/b.docx was withdrawn with `forget`" in text
    assert "audit-docs forget --undo forms/b.docx" in text
    assert _figures(places)["audits"]["total"] == 2
    (places.inbox / "forms" / "b.docx").rename(places.inbox / "b again.docx")  # moved back in
    _ingest(places)
    assert _figures(places)["audits"]["total"] == 2
    assert "counts again" in _forget(places, "b again.docx", undo=True)
    assert _figures(places) == before


def test_forgetting_a_tracker_takes_its_rows_out(places: Places) -> None:
    """A thematic round and an audit log's rows leave with their workbook."""
    assert _export(places)["thematic_results"]
    _forget(places, "voice.xlsx", "log.xlsx")
    tables = _export(places)
    assert tables["thematic_results"] == []
    assert _cases(tables, "audits") == {"EH-A", "EH-B"}
    assert _figures(places)["audits"]["total"] == 2


def test_files_shows_forgotten_by_path_or_sha(places: Places) -> None:
    """files lists a forgotten file as such, with no audits; a SHA-256 names it too."""
    out = io.StringIO()
    files(places, "json", out=out, err=io.StringIO())
    (row,) = [r for r in json.loads(out.getvalue()) if r["path"] == "forms/b.docx"]
    _forget(places, row["sha256"])
    out = io.StringIO()
    files(places, "json", out=out, err=io.StringIO())
    (row,) = [r for r in json.loads(out.getvalue()) if r["path"] == "forms/b.docx"]
    assert (row["status"], row["audits"]) == ("forgotten", 0)
    assert "forget --undo" in row["reason"]


def test_forgetting_works_after_the_file_left_the_inbox(places: Places) -> None:
    """A file taken out of the inbox still counts until it is forgotten by its listed path."""
    (places.inbox / "forms" / "b.docx").unlink()
    assert "still count until forgotten" in _ingest(places)
    assert _figures(places)["audits"]["total"] == 3
    _forget(places, "forms/b.docx")
    assert _figures(places)["audits"]["total"] == 2


def test_an_unknown_name_changes_nothing_and_says_what_to_give(places: Places) -> None:
    """One wrong name among good ones: a sentence, exit status 2, nothing forgotten."""
    with pytest.raises(UsageError, match=r"forms/z\.docx is not a file in the store"):
        forget(places, ["forms/b.docx", "forms/z.docx"], out=io.StringIO())
    assert _figures(places)["audits"]["total"] == 3
    status = main(["forget", "nothing.docx", "--store", str(places.store)])
    assert status == 2


def test_a_path_typed_from_the_project_folder_is_accepted(
    places: Places, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``forget inbox/forms/b.docx`` (tab-completed from the project folder) finds the file."""
    monkeypatch.chdir(places.inbox.parent)
    where = ["--inbox", "inbox", "--store", str(places.store)]
    assert main(["forget", "inbox/forms/b.docx", *where]) == 0
    assert _figures(places)["audits"]["total"] == 2
