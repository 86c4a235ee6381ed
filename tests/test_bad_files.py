"""Files that are not a readable form each get one clear sentence, and never stop the others.

Every case goes through ``extract`` (what ``audit-docs extract`` runs) beside a good form:
the bad file's line says "error" with a sentence naming the file, the good form is still
read, nothing prints a traceback and the exit status is 1.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from audit_docs.jobs.read_forms import extract
from audit_docs.read.word import doc_convert
from audit_docs.read.word.package import OLE_MAGIC
from tests.builders.wordform import (
    FormSpec,
    build_document_xml,
    build_form,
    example_spec,
    package,
    simple_docx,
)
from tests.office import convert

GOOD = "form.docx"


def _ole(stream_name: str) -> bytes:
    """An OLE compound file (the pre-2007 container) naming one stream, as Word's files do."""
    return OLE_MAGIC + bytes(504) + stream_name.encode("utf-16-le") + bytes(1024)


def _xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Case ID"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _good() -> bytes:
    return build_form(example_spec(), "content-controls")


#: file name → (how to make its bytes, the reason code the reader gives)
BAD_FILES: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty.docx": (lambda: b"", "empty"),
    "truncated.docx": (lambda: _good()[: len(_good()) // 2], "corrupt-zip"),
    "corrupt.docx": (lambda: _good()[:30] + bytes(range(256)) * 40, "corrupt-zip"),
    f"~${GOOD}": (lambda: b"\x0bPriya Sandhu" + bytes(150), "lock-file"),
    "old-form.doc": (lambda: _ole("WordDocument"), "doc-needs-conversion"),
    "workbook.docx": (_xlsx, "excel-renamed"),
    "protected.docx": (lambda: _ole("EncryptedPackage"), "encrypted"),
    "minutes.docx": (
        lambda: simple_docx("Minutes of the team meeting", "Present: all", "Actions: none"),
        "not-this-form",
    ),
    "malformed.docx": (lambda: package(build_document_xml()[:-300]), "malformed-xml"),
}


def _extract(paths: list[Path]) -> tuple[int, dict[str, dict], str]:
    out, err = io.StringIO(), io.StringIO()
    status = extract(paths, out=out, err=err)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == len({line["source"] for line in lines}), "one line per file"
    return status, {line["source"]: line for line in lines}, out.getvalue() + err.getvalue()


def _assert_one_sentence(message: str, name: str) -> None:
    assert message.startswith(f"{name}: "), message
    assert "\n" not in message
    assert message.endswith(".")
    assert not re.search(r"[.!?] +[A-Z]", message), f"more than one sentence: {message}"


def _assert_good_form_read(lines: dict[str, dict]) -> None:
    good = lines[GOOD]
    assert good["status"] == "ok"
    assert good["header"]["auditor"] == "Priya Sandhu"
    assert good["answers"]["2.4"] == "partially"


@pytest.fixture
def no_soffice(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine without LibreOffice: .doc files cannot be converted."""
    monkeypatch.setattr(doc_convert, "soffice", lambda: None)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A folder with one good form, every bad file and a blank, never-filled form."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / GOOD).write_bytes(_good())
    (folder / "blank.docx").write_bytes(build_form(FormSpec(), "content-controls"))
    for name, (make, _) in BAD_FILES.items():
        (folder / name).write_bytes(make())
    return folder


@pytest.mark.usefixtures("no_soffice")
def test_folder_of_bad_files(inbox: Path) -> None:
    """Each bad file in a folder is an error with its own sentence; the good form is still read."""
    status, lines, printed = _extract([inbox])
    assert status == 1
    assert set(lines) == {GOOD, "blank.docx", *BAD_FILES}
    _assert_good_form_read(lines)
    for name, (_, reason) in BAD_FILES.items():
        assert lines[name]["status"] == "error", name
        assert lines[name]["reason"] == reason, name
        _assert_one_sentence(lines[name]["error"], name)
    assert "Traceback" not in printed
    assert "unexpected error" not in printed


@pytest.mark.usefixtures("no_soffice")
@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_beside_a_good_one(tmp_path: Path, name: str) -> None:
    """One bad file given beside a good form: error line for it, ok line for the form, status 1."""
    good = tmp_path / GOOD
    good.write_bytes(_good())
    make, reason = BAD_FILES[name]
    bad = tmp_path / name
    bad.write_bytes(make())
    status, lines, printed = _extract([bad, good])
    assert status == 1
    assert lines[name]["status"] == "error"
    assert lines[name]["reason"] == reason
    _assert_one_sentence(lines[name]["error"], name)
    assert lines[name]["error"] in printed.split("\n")  # the sentence also goes to stderr
    assert "Traceback" not in printed
    _assert_good_form_read(lines)


WHAT_TO_DO = {
    "empty.docx": "save the form again",
    "truncated.docx": "copy it again",
    "corrupt.docx": "copy it again",
    f"~${GOOD}": "lock file",
    "old-form.doc": "Save As > Word Document (*.docx)",
    "workbook.docx": "Excel workbook",
    "protected.docx": "remove the password",
    "minutes.docx": "none of the audit forms audit-docs knows ('Understanding our Early Help Practice'",
    "malformed.docx": "damaged",
}


@pytest.mark.usefixtures("no_soffice")
@pytest.mark.parametrize("name", BAD_FILES)
def test_error_says_what_is_wrong_and_what_to_do(tmp_path: Path, name: str) -> None:
    """The sentence names the trouble in words a QA officer knows (password, Excel, lock file...)."""
    bad = tmp_path / name
    bad.write_bytes(BAD_FILES[name][0]())
    _, lines, _ = _extract([bad])
    assert WHAT_TO_DO[name] in lines[name]["error"]


@pytest.mark.usefixtures("no_soffice")
def test_doc_without_libreoffice_says_how_to_convert(tmp_path: Path) -> None:
    """Without LibreOffice a .doc is an error that says how to save it as .docx."""
    doc = tmp_path / "old-form.doc"
    doc.write_bytes(_ole("WordDocument"))
    status, lines, _ = _extract([doc])
    assert status == 1
    error = lines["old-form.doc"]["error"]
    assert "Word 97-2003" in error
    assert "File > Save As > Word Document (*.docx)" in error
    assert "install LibreOffice" in error


def test_blank_form_is_read_with_one_problem(tmp_path: Path) -> None:
    """A never-filled form (untouched controls) is ok, every value null, one problem on "form"."""
    blank = tmp_path / "blank.docx"
    blank.write_bytes(build_form(FormSpec(), "content-controls"))
    status, lines, _ = _extract([blank])
    got = lines["blank.docx"]
    assert status == 0
    assert got["status"] == "ok"
    assert all(v is None for v in got["header"].values())
    assert all(v is None for v in got["answers"].values())
    assert all(r == {"auditor": None, "moderator": None} for r in got["ratings"].values())
    assert all(v is None for v in got["family_feedback"].values())
    assert got["actions"] == []
    assert [p["field"] for p in got["problems"]] == ["form"]


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_doc_is_converted_with_libreoffice(tmp_path: Path) -> None:
    """A Word 97-2003 .doc is converted with LibreOffice and read like the .docx it came from."""
    source = tmp_path / "src" / "old-form.docx"
    source.parent.mkdir()
    source.write_bytes(build_form(example_spec(), "legacy"))
    convert([source], "doc", tmp_path, timeout=180)
    doc = tmp_path / "old-form.doc"
    assert doc.read_bytes().startswith(OLE_MAGIC)
    good = tmp_path / GOOD
    good.write_bytes(_good())
    status, lines, printed = _extract([doc, good])
    assert status == 0, printed
    got = lines["old-form.doc"]
    assert got["status"] == "ok"
    assert got["converted_from"] == "doc"
    spec = example_spec()
    assert got["answers"] == spec.expected_answers()
    assert got["header"]["audit_date"] == "2016-05-12"
    assert got["ratings"]["2"] == {"auditor": "requires_improvement", "moderator": "inadequate"}
    _assert_good_form_read(lines)
