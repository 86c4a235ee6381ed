"""The inbox into the store: idempotent, replacing re-saves, merging forms with log rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from audit_docs.errors import StoreError
from audit_docs.jobs.export import export
from audit_docs.jobs.ingest import ingest
from audit_docs.jobs.places import Places
from audit_docs.jobs.problems import problems
from audit_docs.store import queries
from audit_docs.store.db import open_store, pseudonym_key
from audit_docs.store.schema import SCHEMA_VERSION
from audit_docs.workspace import Options, resolve
from tests.builders.wordform import example_spec, write_form
from tests.builders.workbooks import AUDIT_LOG_HEADER, clean_audit_log, write_workbook

DATA = Path(__file__).parent / "data"


def _dump(store: Path) -> list[str]:
    conn = sqlite3.connect(store)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _quiet_ingest(inbox: Path, store: Path):
    return ingest(inbox, store, out=io.StringIO(), err=io.StringIO())


def _count(store: Path, sql: str) -> int:
    conn = sqlite3.connect(store)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


Opener = Callable[[Path], sqlite3.Connection]


@pytest.fixture
def opened() -> Iterator[Opener]:
    """open_store for a test: every store it opens is closed when the test ends (Python 3.13
    warns of a connection left open)."""
    connections: list[sqlite3.Connection] = []

    def open_(path: Path) -> sqlite3.Connection:
        connections.append(open_store(path))
        return connections[-1]

    yield open_
    for conn in connections:
        conn.close()


@pytest.fixture
def sample_inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    (inbox / "forms").mkdir(parents=True)
    for docx in DATA.glob("example-*.docx"):
        shutil.copy(docx, inbox / "forms" / docx.name)
    shutil.copytree(DATA / "trackers", inbox / "trackers")
    return inbox


@pytest.fixture
def ticking_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's clock moves on a second at every reading, wherever it was imported, so that
    a test of "nothing changes" cannot pass by running within one second."""
    import sys

    from audit_docs.jobs import ingest as _loads_every_store_module  # noqa: F401
    from audit_docs.store import inbox, reading, write  # noqa: F401

    ticks = iter(range(10**9))
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    def later() -> str:
        return (start + dt.timedelta(seconds=next(ticks))).isoformat()

    clock = write.now
    for name, module in list(sys.modules.items()):
        if name.startswith("audit_docs.") and getattr(module, "now", None) is clock:
            monkeypatch.setattr(module, "now", later)


def test_ingesting_the_samples_twice_gives_the_same_database(
    sample_inbox: Path, tmp_path: Path, ticking_clock: None
) -> None:
    """A second run over the same inbox changes nothing in the store, however much later."""
    store = tmp_path / "audits.sqlite"
    first = _quiet_ingest(sample_inbox, store)
    once = _dump(store)
    second = _quiet_ingest(sample_inbox, store)
    assert _dump(store) == once
    assert (first.files, first.read, first.audits_added) == (8, 8, 90)
    assert (second.read, second.unchanged, second.audits_added, second.audits_updated) == (
        0,
        8,
        0,
        0,
    )
    # 86 audit-log rows and 4 forms, whose case references are not in the log
    assert _count(store, "SELECT count(*) FROM audits") == 90
    assert _count(store, "SELECT count(*) FROM audits WHERE origin = 'form'") == 4


def test_store_holds_the_normalised_tables(
    sample_inbox: Path, tmp_path: Path, opened: Opener
) -> None:
    """Answers, ratings, comments, actions, thematic results and checks land in their tables."""
    store = tmp_path / "audits.sqlite"
    _quiet_ingest(sample_inbox, store)
    conn = opened(store)
    audit = next(a for a in queries.audits(conn) if a.case_reference == "H497667")
    truth = json.loads((DATA / "example-content-controls.json").read_text())
    assert audit.answers == truth["answers"]
    # the overall evaluation (section 1 on this form) is the audit's overall grade, not a section
    assert {n: (r.auditor, r.moderator) for n, r in audit.sections.items()} == {
        n: (r["auditor"], r["moderator"]) for n, r in truth["ratings"].items() if n != "1"
    }
    assert audit.service_area == "Early Help"
    assert audit.overall.auditor == truth["ratings"]["1"]["auditor"]
    assert [a.action for a in audit.actions] == [a["action"] for a in truth["actions"]]
    assert audit.audit_date == dt.date(2017, 2, 16)
    # the voice of the child workbook: 2 rounds of 10 cases x 4 measures
    assert _count(store, "SELECT count(*) FROM thematic_results") == 80
    assert _count(store, "SELECT count(DISTINCT round_date) FROM thematic_results") == 2
    assert _count(store, "SELECT count(*) FROM quality_checks") == 22
    sha = _count(store, "SELECT count(DISTINCT sha256) FROM source_files WHERE kind='form'")
    assert sha == 4


def test_a_modified_resave_replaces_the_earlier_version_and_keeps_history(
    tmp_path: Path, opened: Opener
) -> None:
    """The same audit saved again with a changed grade replaces it; the old version is history."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    spec = example_spec()
    write_form(inbox / "case.docx", spec)
    _quiet_ingest(inbox, store)
    ratings = dict(spec.ratings) | {"1": ("inadequate", None)}
    write_form(inbox / "case.docx", dataclasses.replace(spec, ratings=ratings))
    summary = _quiet_ingest(inbox, store)
    assert (summary.read, summary.audits_added, summary.audits_updated, summary.replaced) == (
        1,
        0,
        1,
        1,
    )
    conn = opened(store)
    (audit,) = queries.audits(conn)
    assert audit.overall.auditor == "inadequate"
    assert _count(store, "SELECT count(*) FROM history") == 1
    assert _count(store, "SELECT count(*) FROM source_files WHERE status = 'replaced'") == 1
    assert _count(store, "SELECT count(*) FROM answers") == len(spec.answers)


def test_a_resave_under_another_name_replaces_the_same_audit(
    tmp_path: Path, opened: Opener
) -> None:
    """A corrected copy named differently (same case and date) is not a second audit."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    spec = example_spec()
    write_form(inbox / "case.docx", spec)
    _quiet_ingest(inbox, store)
    header = dict(spec.header) | {"team": "Early Help Hub South"}
    corrected = write_form(
        inbox / "case (corrected).docx", dataclasses.replace(spec, header=header)
    )
    later = (inbox / "case.docx").stat().st_mtime + 60  # saved later (no time inside the file)
    os.utime(corrected, (later, later))
    summary = _quiet_ingest(inbox, store)
    assert summary.audits_added == 0
    conn = opened(store)
    (audit,) = queries.audits(conn)
    assert audit.team == "Early Help Hub South"
    # a third run reads neither file again and keeps the corrected version
    again = _quiet_ingest(inbox, store)
    assert again.read == 0
    (audit,) = queries.audits(opened(store))
    assert audit.team == "Early Help Hub South"


def test_a_form_and_its_audit_log_row_are_one_audit(tmp_path: Path, opened: Opener) -> None:
    """Form values win, the log row fills gaps, and a different grade is a listed disagreement."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    spec = example_spec()
    header = dict(spec.header) | {"case_id": "EH-1001", "moderator": None, "moderation_date": None}
    ratings = {n: (auditor, None) for n, (auditor, _) in spec.ratings.items()}
    write_form(inbox / "EH-1001.docx", dataclasses.replace(spec, header=header, ratings=ratings))
    form_grade = ratings["1"][0]
    write_workbook(
        inbox / "log.xlsx",
        {
            "Audit log": [
                AUDIT_LOG_HEADER,
                [
                    "eh-1001",
                    spec.header["audit_date"],
                    "Early Help",
                    "Priya Sandhu",
                    "Sam Cole",
                    dt.date(2016, 6, 1),
                    "Inadequate",
                    "Requires Improvement",
                    9,
                    "Good",
                    "Good",
                ],
                [
                    "EH-2002",
                    dt.date(2016, 7, 1),
                    "Early Help",
                    "Priya Sandhu",
                    None,
                    None,
                    "Good",
                    None,
                    4,
                    "Good",
                    "Good",
                ],
            ]
        },
    )
    summary = _quiet_ingest(inbox, store)
    assert summary.audits_added == 2
    conn = opened(store)
    merged, other = queries.audits(conn)
    assert merged.case_reference == "EH-1001"
    assert merged.origin == "form+audit-log"
    assert merged.overall.auditor == form_grade == "outstanding"  # the form's value wins
    assert merged.overall.moderator == "requires_improvement"  # the log fills the gap
    assert merged.moderator == "Sam Cole"
    assert merged.moderated
    graded = {k: r.auditor for k, r in merged.practice_areas.items() if r.auditor}
    assert graded == {"identification_of_risk": "good", "outcomes": "good"}
    assert len(merged.answers) == len(spec.answers)
    assert other.origin == "audit-log"
    (disagreement,) = [p for p in queries.problems(conn) if p.kind == "disagreement"]
    assert disagreement.location == "overall_auditor"
    assert disagreement.found == "Outstanding / Inadequate"
    assert "EH-1001.docx" in disagreement.message
    assert "log.xlsx" in disagreement.message


def test_replacing_the_log_takes_its_values_out_of_the_merged_audit(tmp_path: Path) -> None:
    """A corrected audit log re-saved in place updates the merged audit and its disagreements."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    spec = example_spec()
    header = dict(spec.header) | {"case_id": "EH-1001"}
    write_form(inbox / "EH-1001.docx", dataclasses.replace(spec, header=header))
    row = [
        "EH-1001",
        spec.header["audit_date"],
        "Early Help",
        "Someone Else",
        None,
        None,
        "Outstanding",
        "Good",
        9,
        "Good",
        "Good",
    ]
    write_workbook(inbox / "log.xlsx", {"Audit log": [AUDIT_LOG_HEADER, row]})
    _quiet_ingest(inbox, store)
    assert _count(store, "SELECT count(*) FROM problems WHERE kind = 'disagreement'") == 1
    row[3] = "Priya Sandhu"
    write_workbook(inbox / "log.xlsx", {"Audit log": [AUDIT_LOG_HEADER, row]})
    summary = _quiet_ingest(inbox, store)
    assert (summary.read, summary.audits_added, summary.replaced) == (1, 0, 1)
    assert _count(store, "SELECT count(*) FROM audits") == 1
    assert _count(store, "SELECT count(*) FROM problems WHERE kind = 'disagreement'") == 0


def test_duplicates_and_moved_files_are_not_read_again(tmp_path: Path) -> None:
    """A copy with the same bytes is skipped and named; a file moved to a sub-folder is known."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    write_form(inbox / "a.docx", example_spec())
    shutil.copy(inbox / "a.docx", inbox / "a - Copy.docx")
    os.utime(inbox / "a.docx", ns=(1_000_000_000, 1_000_000_000))  # the earlier one
    summary = _quiet_ingest(inbox, store)
    assert (summary.read, summary.duplicates) == (1, 1)
    assert summary.duplicate_of == [("a - Copy.docx", "a.docx")]
    (inbox / "2016").mkdir()
    (inbox / "a - Copy.docx").unlink()
    (inbox / "a.docx").rename(inbox / "2016" / "a.docx")
    summary = _quiet_ingest(inbox, store)
    assert (summary.read, summary.unchanged, summary.duplicates) == (0, 1, 0)
    assert _count(store, "SELECT count(*) FROM audits") == 1


def test_a_refused_file_is_listed_every_run_until_fixed(tmp_path: Path) -> None:
    """An empty file is refused with its reason on each run; fixed, it is read."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    inbox.mkdir()
    (inbox / "broken.docx").write_bytes(b"")
    write_form(inbox / "good.docx", example_spec())
    out = io.StringIO()
    first = ingest(inbox, store, out=out, err=io.StringIO())
    assert [p for p, _ in first.refused] == ["broken.docx"]
    assert "empty" in first.refused[0][1]
    assert "refused: broken.docx:" in out.getvalue()
    second = _quiet_ingest(inbox, store)
    assert [p for p, _ in second.refused] == ["broken.docx"]
    assert (inbox / "broken.docx").exists()  # never moved or deleted
    spec = example_spec()
    write_form(
        inbox / "broken.docx", dataclasses.replace(spec, header=spec.header | {"case_id": "X1"})
    )
    third = _quiet_ingest(inbox, store)
    assert (third.refused, third.read, third.audits_added) == ([], 1, 1)


def test_problems_workbook_lists_refused_files_first_then_values(tmp_path: Path) -> None:
    """The data-quality workbook is sorted for working down and counts on one line."""
    from openpyxl import load_workbook

    places = Places(tmp_path / "inbox", tmp_path / "outbox", tmp_path / "s.sqlite")
    spec = example_spec()
    write_form(
        places.inbox / "a.docx", dataclasses.replace(spec, answers=spec.answers | {"2.1": None})
    )
    (places.inbox / "broken.docx").write_bytes(b"not a zip")
    out = io.StringIO()
    path = problems(places, today=dt.date(2017, 4, 3), out=out, err=io.StringIO())
    assert path == places.outbox / "data-quality-2017-04-03.xlsx"
    ws = load_workbook(path)["Problems"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("Priority", "Category", "File", "Where")
    assert rows[1][:4] == (1, "File not read", "broken.docx", "the whole file")
    wheres = [r[3] for r in rows[2:]]
    assert any(w.startswith("question 2.1 '") for w in wheres)
    assert any(w.startswith("question 6.3 '") for w in wheres)
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])
    # the example form has been open in Early Help for 14 months: a drift flag, for discussion
    (drift,) = [r for r in rows if r[1] == "Guidance check" and "12 months" in r[6]]
    assert (drift[2], drift[4]) == ("a.docx", "H123456 / EHA-2016-0042")
    assert out.getvalue().splitlines()[-1].startswith(f"{len(rows) - 1} problems in 2 files")
    assert not list(places.outbox.glob(".*"))  # no temporary file left behind


def test_exports_are_byte_identical_each_time(sample_inbox: Path, tmp_path: Path) -> None:
    """The same store gives the same JSON and CSV bytes, and the tables an analyst expects."""
    places = Places(sample_inbox, tmp_path / "outbox", tmp_path / "s.sqlite")
    _quiet_ingest(places.inbox, places.store)
    runs = []
    for _ in range(2):
        json_out, csv_out = io.StringIO(), io.StringIO()
        export(places, "json", out=json_out)
        export(places, "csv", out=csv_out)
        runs.append((json_out.getvalue(), csv_out.getvalue()))
    assert runs[0] == runs[1]
    tables = json.loads(runs[0][0])["tables"]
    assert len(tables["audits"]) == 90
    assert len(tables["thematic_results"]) == 80
    header, first = runs[0][1].splitlines()[:2]
    assert header.startswith("\ufeffcase_reference,audit_date,origin")  # a byte-order mark
    assert first.startswith("RCC-Q1-001,2016-04-14,audit-log")
    target = export(places, "xlsx")
    assert target == places.outbox / "audit-docs-export.xlsx"
    from openpyxl import load_workbook

    assert "answers" in load_workbook(target).sheetnames


def test_an_option_beats_the_environment_which_beats_the_default() -> None:
    """--inbox wins over AUDIT_DOCS_INBOX, which wins over inbox/."""
    env = {"AUDIT_DOCS_INBOX": "/shared/inbox", "AUDIT_DOCS_STORE": "/shared/a.sqlite"}
    places = resolve(Options(inbox=Path("mine")), environ=env).places
    assert places == Places(Path("mine"), Path("outbox"), Path("/shared/a.sqlite"))
    assert resolve(Options(), environ={}).places == Places(
        Path("inbox"), Path("outbox"), Path("var/audits.sqlite")
    )


def test_templates_come_from_the_option_the_environment_or_what_audit_docs_ships() -> None:
    """A council's own templates folder can be named; by default the shipped one is used."""
    env = {"AUDIT_DOCS_TEMPLATES": "/council/templates"}
    assert resolve(Options(), environ=env).places.templates == Path("/council/templates")
    ours = resolve(Options(templates=Path("ours")), environ=env)
    assert ours.places.templates == Path("ours")
    shipped_folder = resolve(Options(), environ={}).places.templates
    assert shipped_folder == Path(__file__).parents[1] / "templates"
    assert (shipped_folder / "annual-report.docx").is_file()


def test_the_packaged_copy_is_used_when_there_is_no_clone(tmp_path: Path, monkeypatch) -> None:
    """A wheel (pip install --user, pipx) has no project folder: the folders shipped inside
    the package serve, found with importlib.resources."""
    import importlib.resources

    from audit_docs.jobs import places

    package = tmp_path / "site-packages" / "audit_docs"
    (package / "templates").mkdir(parents=True)
    monkeypatch.setattr(places, "PROJECT", tmp_path / "no-clone")
    monkeypatch.setattr(
        importlib.resources, "files", lambda name: tmp_path / "site-packages" / name
    )
    assert places.shipped("templates") == package / "templates"
    assert places.shipped("examples/inbox") == tmp_path / "no-clone" / "examples" / "inbox"


def test_a_missing_template_is_a_sentence_naming_the_folder(tmp_path: Path) -> None:
    """No traceback: the officer is told which template, where it was looked for, what to do."""
    from audit_docs.errors import UsageError
    from audit_docs.jobs.reports import annual_report

    places = Places(tmp_path / "in", tmp_path / "out", tmp_path / "s.sqlite", tmp_path / "none")
    with pytest.raises(UsageError, match=r"annual-report\.docx is not in .*none.*--templates"):
        annual_report(places, 2016)
    assert not (tmp_path / "s.sqlite").exists()


def test_store_is_migrated_and_refuses_a_newer_schema(tmp_path: Path) -> None:
    """A new store gets the current schema; one from a newer release is refused with a reason."""
    store = tmp_path / "s.sqlite"
    open_store(store).close()
    assert _count(store, "PRAGMA user_version") == SCHEMA_VERSION
    conn = sqlite3.connect(store)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer audit-docs"):
        open_store(store)
    (tmp_path / "junk.sqlite").write_bytes(b"this is not a database, just text" * 100)
    with pytest.raises(StoreError, match="cannot be opened as an audit store"):
        open_store(tmp_path / "junk.sqlite")


def test_the_pseudonym_key_is_made_once_and_kept_in_the_store(
    tmp_path: Path, opened: Opener
) -> None:
    """The key is random per store and the same every time that store is opened."""
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    key = pseudonym_key(opened(a))
    assert len(key) == 32
    assert pseudonym_key(opened(a)) == key
    assert pseudonym_key(opened(b)) != key


def test_clean_audit_log_rows_become_audits_with_practice_areas(
    tmp_path: Path, opened: Opener
) -> None:
    """Each log row is an audit; 'N/A' and 'Not recorded' are kept as such, not as grades."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    inbox.mkdir()
    clean_audit_log(inbox / "log.xlsx")
    _quiet_ingest(inbox, store)
    audits = {a.case_reference: a for a in queries.audits(opened(store))}
    assert sorted(audits) == ["RCC-001", "RCC-002", "RCC-003", "RCC-004"]
    assert audits["RCC-002"].overall.moderator == "good"
    assert audits["RCC-002"].moderated
    assert audits["RCC-003"].practice_areas["outcomes"].auditor == "n/a"
    assert audits["RCC-004"].practice_areas["identification_of_risk"].auditor == "not_recorded"


def test_workbook_cells_keep_auditors_text_as_text(tmp_path: Path) -> None:
    """Text starting with "-" or "=" is stored as text, exactly as written: no apostrophe, no formula."""
    from openpyxl import load_workbook

    from audit_docs.compute.data_quality import DataQualityRow
    from audit_docs.render.workbook import write_data_quality

    row = DataQualityRow(
        2,
        "Value not readable",
        "a.docx",
        "question 2.1",
        None,
        None,
        "- a bullet",
        "=SUM(A1)",
        "fix",
    )
    write_data_quality(tmp_path / "dq.xlsx", [row], "t")
    cells = next(iter(load_workbook(tmp_path / "dq.xlsx")["Problems"].iter_rows(min_row=2)))
    assert [cells[6].value, cells[7].value] == ["- a bullet", "=SUM(A1)"]
    assert cells[7].data_type == "s"
