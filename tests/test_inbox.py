"""Every file in the inbox accounted for: read, or listed with the sentence saying why not."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from audit_docs.cli import main
from audit_docs.jobs import inputs
from audit_docs.jobs.files import files
from audit_docs.jobs.forget import forget
from audit_docs.jobs.hints import command
from audit_docs.jobs.ingest import ingest
from audit_docs.jobs.places import Places
from tests.builders.wordform import example_spec, write_form
from tests.builders.workbooks import AUDIT_LOG_HEADER, clean_audit_log, write_workbook
from tests.office import SOFFICE, convert

#: words from Python that must never reach a QA officer
PYTHON_WORDS = ("Error", "Exception", "Traceback", "KeyError", "BadZipFile", "(TypeError")


def _places(tmp_path: Path) -> Places:
    return Places(tmp_path / "inbox", tmp_path / "outbox", tmp_path / "s.sqlite")


def _ingest(places: Places) -> tuple[object, str]:
    out = io.StringIO()
    summary = ingest(places.inbox, places.store, out=out, err=io.StringIO())
    return summary, out.getvalue()


def _listed(places: Places) -> list[dict]:
    out = io.StringIO()
    files(places, "json", out=out, err=io.StringIO())
    return json.loads(out.getvalue())


def _form(path: Path, case: str) -> Path:
    spec = example_spec()
    return write_form(path, dataclasses.replace(spec, header=spec.header | {"case_id": case}))


def _mixed_inbox(inbox: Path) -> None:
    """Forms, trackers, a byte copy and the files people keep beside them."""
    _form(inbox / "forms" / "audit-010.docx", "EH-0010")
    _form(inbox / "forms" / "audit-011.docx", "EH-0011")
    shutil.copy(inbox / "forms" / "audit-010.docx", inbox / "forms" / "audit-010 (1).docx")
    os.utime(inbox / "forms" / "audit-010.docx", ns=(10**18, 10**18))
    os.utime(inbox / "forms" / "audit-010 (1).docx", ns=(2 * 10**18, 2 * 10**18))
    clean_audit_log(inbox / "trackers" / "audit-log.xlsx")
    (inbox / "prints").mkdir()
    (inbox / "prints" / "audit-010.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (inbox / "audit-log-export.csv").write_text("Case reference,Audit date\nEH-1,01/05/2016\n")
    (inbox / "note for Sam.txt").write_text("Remember the June round.\n")
    Workbook().save(inbox / "empty.xlsx")
    write_workbook(inbox / "budget.xlsx", {"Budget": [["Cost centre", "Amount"], ["QA", 1200]]})


def test_every_file_is_listed_once_and_only_forms_and_trackers_give_audits(
    tmp_path: Path,
) -> None:
    """files --format json lists each inbox file once; the rest are refused with a sentence."""
    places = _places(tmp_path)
    _mixed_inbox(places.inbox)
    listed = _listed(places)
    paths = [r["path"] for r in listed]
    on_disk = sorted(p.relative_to(places.inbox).as_posix() for p in places.inbox.rglob("*.*"))
    assert sorted(paths) == on_disk  # every file, exactly once
    by_path = {r["path"]: r for r in listed}
    assert set(listed[0]) >= {
        "path",
        "sha256",
        "kind",
        "status",
        "reason",
        "audits",
        "problems",
        "in_inbox",
        "copy_of",
    }
    for name in (
        "prints/audit-010.pdf",
        "audit-log-export.csv",
        "note for Sam.txt",
        "empty.xlsx",
        "budget.xlsx",
    ):
        row = by_path[name]
        kind = "workbook" if name.endswith(".xlsx") else "other"  # Excel, but no tracker
        assert (row["status"], row["kind"], row["audits"]) == ("refused", kind, 0), name
        assert row["reason"].endswith("."), name
    assert "PDF print of a form cannot be read" in by_path["prints/audit-010.pdf"]["reason"]
    assert "Excel workbook (.xlsx)" in by_path["audit-log-export.csv"]["reason"]
    assert "empty" in by_path["empty.xlsx"]["reason"]
    # refused as the issue words it, naming the kinds it looked for
    assert "not a tracker this tool knows" in by_path["budget.xlsx"]["reason"]
    assert "Case audit log" in by_path["budget.xlsx"]["reason"]
    copy = by_path["forms/audit-010 (1).docx"]
    assert (copy["status"], copy["copy_of"], copy["audits"]) == (
        "duplicate",
        "forms/audit-010.docx",
        0,
    )
    assert by_path["forms/audit-010.docx"]["status"] == "current"
    assert by_path["forms/audit-010.docx"]["audits"] == 1
    assert by_path["trackers/audit-log.xlsx"]["audits"] > 0
    assert all(r["in_inbox"] for r in listed)
    for row in listed:
        assert not any(word in (row["reason"] or "") for word in PYTHON_WORDS), row


def test_other_kinds_are_listed_but_only_unread_word_or_excel_fails(tmp_path: Path) -> None:
    """Exit status 0 with PDFs and notes beside the forms; 1 once a Word file cannot be read."""
    places = _places(tmp_path)
    _mixed_inbox(places.inbox)
    where = ["--inbox", str(places.inbox), "--store", str(places.store)]
    assert main(["ingest", *where]) == 0
    (places.inbox / "forms" / "audit-012.docx").write_bytes(b"PK\x03\x04 half copied")
    assert main(["ingest", *where]) == 1


def test_the_summary_names_each_file_not_read_once_with_plurals_right(tmp_path: Path) -> None:
    """One line per file not read, its name once, "1 file read", no Python words."""
    places = _places(tmp_path)
    _form(places.inbox / "a.docx", "EH-1")
    (places.inbox / "print.pdf").write_bytes(b"%PDF-1.7\n")
    (places.inbox / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    _, text = _ingest(places)
    assert "  1 file read\n" in text
    assert "  1 audit added\n" in text
    assert "  1 Word or Excel file refused\n" in text
    assert "  1 other file not read\n" in text
    assert text.count("print.pdf") == 1
    assert "not read: print.pdf: this is a PDF" in text
    (line,) = [t for t in text.splitlines() if "broken.xlsx" in t]
    assert line.startswith("  refused: broken.xlsx: the workbook is damaged")
    assert line.count("broken.xlsx") == 1
    assert not any(word in text for word in PYTHON_WORDS), text


def test_lock_and_system_files_pass_without_a_line(tmp_path: Path) -> None:
    """Office lock files and the system's hidden files are neither read nor listed."""
    places = _places(tmp_path)
    _form(places.inbox / "a.docx", "EH-1")
    for name in ("~$a.docx", ".~lock.log.xlsx#", ".DS_Store", "Thumbs.db", "desktop.ini"):
        (places.inbox / name).write_bytes(b"\x00\x01")
    summary, text = _ingest(places)
    assert summary.files == 1
    assert [r["path"] for r in _listed(places)] == ["a.docx"]
    assert "~$" not in text
    assert "Thumbs" not in text


def test_a_symlinked_folder_is_followed_once_and_a_loop_ends(tmp_path: Path) -> None:
    """A link to a folder inside is read once; a link back up the tree is not walked again;
    a link to a folder outside the inbox is listed, never looked into (issue 20)."""
    places = _places(tmp_path)
    _form(places.inbox / "forms" / "a.docx", "EH-1")
    _form(places.inbox / "archive" / "c.docx", "EH-3")
    _form(tmp_path / "elsewhere" / "b.docx", "EH-2")
    (places.inbox / "shared").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (places.inbox / "latest").symlink_to(places.inbox / "archive", target_is_directory=True)
    (places.inbox / "forms" / "again").symlink_to(places.inbox, target_is_directory=True)
    (places.inbox / "gone.docx").symlink_to(tmp_path / "no-such-file.docx")
    summary, text = _ingest(places)
    assert (summary.read, summary.audits_added, summary.duplicates) == (2, 2, 0)
    assert "refused: gone.docx: this is a shortcut (symbolic link)" in text
    assert (
        "not read: shared: this is a shortcut (symbolic link) to a file or folder outside the "
        "inbox, and nothing outside the inbox is read; put the file itself in the inbox, or "
        "delete the shortcut."
    ) in text
    assert sorted(r["path"] for r in _listed(places)) == [
        "archive/c.docx",
        "forms/a.docx",
        "gone.docx",
        "shared",
    ]


def test_a_folder_that_cannot_be_opened_is_listed(tmp_path: Path, monkeypatch) -> None:
    """A sub-folder without permission is named with what to do; the rest is read."""
    places = _places(tmp_path)
    _form(places.inbox / "a.docx", "EH-1")
    (places.inbox / "private").mkdir()
    real = os.scandir

    def scandir(path):
        if Path(path).name == "private":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(inputs.os, "scandir", scandir)
    summary, text = _ingest(places)
    assert summary.read == 1
    assert not summary.failed
    assert "not read: private: this folder cannot be opened because access is denied" in text
    (row,) = [r for r in _listed(places) if r["path"] == "private"]
    assert (row["status"], row["sha256"]) == ("unreadable", None)


def test_the_stored_copy_stays_the_original_on_every_run(tmp_path: Path) -> None:
    """A copy is the duplicate, whichever sorts first, run after run; else the older one."""
    places = _places(tmp_path)
    original = _form(places.inbox / "forms" / "audit-010.docx", "EH-0010")
    _ingest(places)
    copy = places.inbox / "audit-010 (1).docx"  # sorts first, and made older on purpose
    shutil.copy(original, copy)
    os.utime(copy, ns=(10**9, 10**9))
    for _ in range(2):
        summary, text = _ingest(places)
        assert summary.duplicate_of == [("audit-010 (1).docx", "forms/audit-010.docx")]
        assert "duplicate: audit-010 (1).docx has the same contents as forms/audit-010.docx" in text


def test_stored_files_no_longer_in_the_inbox_are_counted(tmp_path: Path) -> None:
    """Taking a file out says it still counts until forgotten, and how to forget it."""
    places = _places(tmp_path)
    _form(places.inbox / "a.docx", "EH-1")
    _form(places.inbox / "b.docx", "EH-2")
    _ingest(places)
    (places.inbox / "a.docx").unlink()
    summary, text = _ingest(places)
    assert summary.gone == 1
    assert "1 stored file is no longer in the inbox; its audits still count until forgotten" in (
        text
    )
    assert "audit-docs forget PATH" in text
    (row,) = [r for r in _listed(places) if r["path"] == "a.docx"]
    assert (row["status"], row["in_inbox"], row["audits"]) == ("current", False, 1)


def test_a_name_that_is_not_utf8_is_listed_escaped_and_forgotten_so(tmp_path: Path) -> None:
    """A Latin-1 file name from an old share is listed with \\xNN and accepted back that way."""
    places = _places(tmp_path)
    places.inbox.mkdir()
    Path(os.fsdecode(bytes(places.inbox) + b"/caf\xe9.pdf")).write_bytes(b"%PDF-1.4\n")
    (row,) = _listed(places)
    assert (row["path"], row["status"], row["kind"]) == ("caf\\xe9.pdf", "refused", "other")
    forget(places, ["caf\\xe9.pdf"], out=io.StringIO())
    (row,) = _listed(places)
    assert row["status"] == "forgotten"


def test_next_steps_work_where_the_user_is() -> None:
    """make users are told the make target; others the command they ran, with their places."""
    argv = [".venv/bin/audit-docs", "ingest", "--store", "my store.sqlite"]
    assert (
        command("problems", argv=argv) == ".venv/bin/audit-docs problems --store 'my store.sqlite'"
    )
    main_py = "/x/audit_docs/__main__.py"
    assert command("problems", argv=[main_py, "ingest"]) == "python -m audit_docs problems"
    assert command("problems", argv=["/x/pytest/__main__.py", "-q"]) == "audit-docs problems"
    assert command("problems", argv=["pytest"]) == "audit-docs problems"
    make = [".venv/bin/audit-docs", "annual-report"]
    assert command("problems", argv=make, via_make=True) == "make problems"
    assert command("forget", "--undo", "a b.docx", argv=make, via_make=True) == (
        ".venv/bin/audit-docs forget --undo 'a b.docx'"
    )


@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed to convert .odt"
)
def test_an_odt_form_among_the_rest_gives_its_audit(tmp_path: Path) -> None:
    """The whole inbox plus a form saved by LibreOffice as .odt: converted, read, listed once."""
    places = _places(tmp_path)
    _mixed_inbox(places.inbox)
    built = _form(tmp_path / "built" / "audit-020.docx", "EH-0020")
    convert([built], "odt", places.inbox / "forms", profile=tmp_path / "soffice-profile")
    listed = _listed(places)
    assert sorted(r["path"] for r in listed) == sorted(
        p.relative_to(places.inbox).as_posix() for p in places.inbox.rglob("*.*")
    )
    (row,) = [r for r in listed if r["path"] == "forms/audit-020.odt"]
    assert (row["kind"], row["status"], row["audits"]) == ("form", "current", 1)
    assert sum(r["audits"] for r in listed if r["kind"] == "form") == 3
    assert {r["status"] for r in listed if r["kind"] == "other"} == {"refused"}


def test_an_odt_without_libreoffice_is_listed_not_failed(tmp_path: Path, monkeypatch) -> None:
    """With no LibreOffice to convert it, an .odt gets the sentence saying how to save it."""
    from audit_docs.read.word import doc_convert

    monkeypatch.setattr(doc_convert, "soffice", lambda: None)
    places = _places(tmp_path)
    places.inbox.mkdir()
    # an OpenDocument text file starts with its stored "mimetype" entry
    header = b"PK\x03\x04" + b"\x00" * 26 + doc_convert.ODT_MAGIC
    (places.inbox / "audit-021.odt").write_bytes(header + b"\x00" * 64)
    summary, text = _ingest(places)
    assert not summary.failed
    assert "not read: audit-021.odt: this is an OpenDocument text (.odt) file and LibreOffice" in (
        text
    )


def test_a_generic_workbook_beside_a_log_is_refused_the_log_read(tmp_path: Path) -> None:
    """A workbook with no tracker table gives no audits; the log beside it gives its rows."""
    places = _places(tmp_path)
    row = ["EH-1", dt.date(2016, 5, 12), "Early Help", "A. Auditor", None, None, "Good"]
    write_workbook(places.inbox / "log.xlsx", {"Audit log": [AUDIT_LOG_HEADER, row]})
    write_workbook(places.inbox / "rota.xlsx", {"Rota": [["Week", "Who"], ["1", "Sam"]]})
    rows = {r["path"]: r for r in _listed(places)}
    assert rows["rota.xlsx"]["status"] == "refused"
    assert (rows["log.xlsx"]["kind"], rows["log.xlsx"]["audits"]) == ("tracker", 1)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("scan of form.png", b"\x89PNG\r\n\x1a\n", "a scan or photo of a form cannot be read"),
        ("photo.JPG", b"\xff\xd8\xff\xe0", "a scan or photo of a form cannot be read"),
        ("printed form", b"%PDF-1.5\n", "a PDF print of a form cannot be read"),
        ("log.ods", b"PK\x03\x04", "OpenDocument spreadsheet (.ods)"),
        ("forms.zip", b"PK\x03\x04", "this is a .zip file, not a Word form (.docx)"),
        ("old form.rtf", b"{\\rtf1", "Rich Text (.rtf)"),
    ],
)
def test_each_other_kind_gets_its_sentence(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    """Pictures, PDFs (even without their extension), archives: listed with what to do."""
    places = _places(tmp_path)
    places.inbox.mkdir()
    (places.inbox / name).write_bytes(content)
    summary, text = _ingest(places)
    assert not summary.failed
    assert summary.not_read == [(name, summary.not_read[0][1])]
    assert words in summary.not_read[0][1]
    assert f"not read: {name}: " in text


def test_a_strict_open_xml_workbook_is_not_called_empty(tmp_path: Path) -> None:
    """A workbook saved as Strict Open XML reads as empty sheets: the sentence says why."""
    import zipfile

    places = _places(tmp_path)
    plain = write_workbook(tmp_path / "plain.xlsx", {"Log": [["Case reference"], ["EH-1"]]})
    places.inbox.mkdir()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(places.inbox / "strict.xlsx", "w") as dst:
        for item in src.infolist():
            data = src.read(item).replace(  # as Excel's "Strict Open XML Spreadsheet" saves
                b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                b"http://purl.oclc.org/ooxml/spreadsheetml/main",
            )
            dst.writestr(item, data)
    summary, _ = _ingest(places)
    ((name, sentence),) = summary.refused
    assert name == "strict.xlsx"
    assert sentence.startswith("this workbook is saved as Strict Open XML")


def test_the_files_table_puts_each_reason_under_its_file(tmp_path: Path) -> None:
    """The table: one line per file, its sentence below it, then a count by status."""
    places = _places(tmp_path)
    _form(places.inbox / "a.docx", "EH-1")
    (places.inbox / "print.pdf").write_bytes(b"%PDF-1.4\n")
    out, err = io.StringIO(), io.StringIO()
    files(places, "table", out=out, err=err)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["status", "kind", "audits", "problems", "in", "inbox", "path"]
    assert lines[1].split()[:3] == ["current", "form", "1"]
    assert lines[1].endswith("a.docx")
    assert lines[2].split()[:3] == ["refused", "other", "0"]
    assert lines[3].strip().startswith("this is a PDF")
    assert lines[-1] == "2 files: 1 current, 1 refused."
    assert "1 file read" in err.getvalue()  # the ingest summary, kept off the list
