"""Several files holding the same audit: the version saved last is used, whatever its name."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import re
import sqlite3
import zipfile
from pathlib import Path

from audit_docs.jobs.ingest import IngestSummary, ingest
from tests.builders.wordform import build_document_xml, example_spec, package
from tests.builders.workbooks import AUDIT_LOG_HEADER, write_workbook


def _core(modified: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{modified}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _form(path: Path, team: str, modified: str | None = None) -> Path:
    """The example audit (same case and date every time) with its team set to ``team``."""
    spec = example_spec()
    spec = dataclasses.replace(spec, header=spec.header | {"team": team})
    extra = {"docProps/core.xml": _core(modified)} if modified else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(package(build_document_xml(spec), extra))
    return path


def _ingest(inbox: Path, store: Path) -> tuple[IngestSummary, str]:
    out = io.StringIO()
    return ingest(inbox, store, out=out, err=io.StringIO()), out.getvalue()


def _one(store: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(store)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_the_corrected_copy_saved_last_wins_over_earlier_names(tmp_path: Path) -> None:
    """The issue's case: every corrected name sorted before audit-011.docx lost to it."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    _form(inbox / "audit-011.docx", "Old team", "2016-05-01T09:00:00Z")
    _form(inbox / "audit-011 (corrected).docx", "Corrected team", "2016-05-03T15:30:00Z")
    _form(inbox / "audit-011 v2.docx", "Second team", "2016-05-02T10:00:00Z")
    summary, printed = _ingest(inbox, store)
    assert _one(store, "SELECT team FROM audits") == [("Corrected team",)]
    assert _one(
        store, "SELECT path, saved_at, saved_at_from FROM source_files WHERE status = 'current'"
    ) == [("audit-011 (corrected).docx", "2016-05-03T15:30:00+00:00", "document")]
    assert (summary.audits_added, len(summary.versions)) == (1, 2)
    assert (
        "same audit: audit-011 v2.docx holds the audit of H123456 / EHA-2016-0042 on 2016-05-12, but "
        "audit-011 (corrected).docx was saved later (2016-05-03 15:30 UTC, against 2016-05-02 "
        "10:00 UTC); audit-011 v2.docx is an older version and was not used."
    ) in printed
    notices = _one(store, "SELECT source, message FROM problems WHERE origin = 'versions'")
    assert len(notices) == 2
    assert all("audit-011 (corrected).docx" in message for _, message in notices)
    assert {source for source, _ in notices} == {"audit-011.docx", "audit-011 v2.docx"}


def test_without_a_save_time_inside_the_file_its_modification_time_decides(
    tmp_path: Path,
) -> None:
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    newer = _form(inbox / "a-corrected.docx", "Corrected team")
    older = _form(inbox / "b.docx", "Old team")
    os.utime(older, (1_460_000_000, 1_460_000_000))
    os.utime(newer, (1_460_086_400, 1_460_086_400))
    _ingest(inbox, store)
    assert _one(store, "SELECT team FROM audits") == [("Corrected team",)]
    assert _one(store, "SELECT saved_at_from FROM source_files WHERE status = 'current'") == [
        ("file",)
    ]


def test_two_copies_saved_at_the_same_time_are_a_clash_and_the_later_name_is_kept(
    tmp_path: Path,
) -> None:
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    _form(inbox / "audit-011.docx", "Team A", "2016-05-01T09:00:00Z")
    _form(inbox / "audit-011b.docx", "Team B", "2016-05-01T09:00:00Z")
    _, printed = _ingest(inbox, store)
    assert _one(store, "SELECT team FROM audits") == [("Team B",)]
    assert (
        "audit-011b.docx and audit-011.docx both hold the audit of H123456 / EHA-2016-0042 on 2016-05-12 and "
        "were saved at the same time (2016-05-01 09:00 UTC); audit-011b.docx was used because "
        "its name comes later. Check which is right and take the other out of the inbox."
    ) in printed
    assert len(_one(store, "SELECT * FROM problems WHERE origin = 'versions'")) == 1


def test_an_older_copy_that_reappears_later_never_overrides_the_newer_reading(
    tmp_path: Path,
) -> None:
    """A fresh copy of an old version from an email, in a later run, under a new name."""
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    _form(inbox / "audit-011 v2.docx", "Second team", "2016-05-02T10:00:00Z")
    _ingest(inbox, store)
    _form(inbox / "zz from email.docx", "Old team", "2016-05-01T09:00:00Z")
    summary, printed = _ingest(inbox, store)
    assert _one(store, "SELECT team FROM audits") == [("Second team",)]
    assert re.search(r"^ +1 older version not used$", printed, re.M), printed
    assert [v.not_used for v in summary.versions] == [True]
    assert "zz from email.docx is an older version and was not used." in printed
    assert _one(store, "SELECT path, status FROM source_files ORDER BY id") == [
        ("audit-011 v2.docx", "current"),
        ("zz from email.docx", "replaced"),
    ]
    assert _one(store, "SELECT count(*) FROM history") == [(1,)]
    again, _ = _ingest(inbox, store)
    assert (again.read, again.unchanged) == (0, 2)


def _saved_at(workbook: Path, modified: str) -> Path:
    """Set the save time Excel records inside the file (openpyxl writes the moment it saved)."""
    with zipfile.ZipFile(workbook) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts["docProps/core.xml"] = re.sub(
        rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>",
        rb"<dcterms:modified\1>" + modified.encode() + rb"</dcterms:modified>",
        parts["docProps/core.xml"],
    )
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return workbook


def test_an_audit_log_saved_later_wins_over_an_earlier_one_whatever_the_names(
    tmp_path: Path,
) -> None:
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    # an audit log is known by its grade column too
    header = [*AUDIT_LOG_HEADER[:4], AUDIT_LOG_HEADER[6]]
    row = ["RCC-001", dt.date(2016, 4, 14), "Child Protection", "Mark Morgan", "Good"]
    fixed = [*row[:3], "Ann Fix", "Good"]
    newer = write_workbook(inbox / "a log (fixed).xlsx", {"Log": [header, fixed]})
    older = write_workbook(inbox / "b log.xlsx", {"Log": [header, row]})
    _saved_at(newer, "2016-06-02T08:00:00Z")
    _saved_at(older, "2016-06-01T08:00:00Z")
    summary, printed = _ingest(inbox, store)
    assert _one(store, "SELECT auditor FROM audits") == [("Ann Fix",)]
    assert summary.audits_added == 1
    assert (
        "same audit: b log.xlsx shares 1 audit-log row with a log (fixed).xlsx, which was saved "
        "later (2016-06-02 08:00 UTC, against 2016-06-01 08:00 UTC); those rows of b log.xlsx "
        "are older and were not used."
    ) in printed
    assert _one(store, "SELECT count(*) FROM history") == [(1,)]
    assert _one(store, "SELECT source FROM problems WHERE origin = 'versions'") == [("b log.xlsx",)]
