"""Office files from public test suites nobody here wrote: each listed once, with its sentence.

Tried in full on 2026-11-30: 1,246 files (Word, Excel, OpenDocument, RTF, PDF, CSV and text)
from the test data of python-docx, Apache POI and openpyxl went through one ingest with no
crash; each was listed exactly once (19 byte-identical copies as duplicates). The ten kept
in tests/data/public/ (licences in LICENCE.md there) cover the kinds of answer they got.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from audit_docs.cli import main
from audit_docs.jobs.files import files
from audit_docs.jobs.places import Places

PUBLIC = Path(__file__).parent / "data" / "public"

#: file -> (kind, as `files` says what it is; words its sentence must hold); every one is
#: refused
EXPECTED = {
    "sty-having-no-styles-part.docx": ("document", "is none of the audit forms audit-docs knows"),
    "bug53475-password-is-pass.docx": ("document", "protected with a password"),
    "stress025.docx": ("document", "damaged"),
    "SampleSS.xlsx": ("workbook", "not a tracker this tool knows"),
    "SampleSS.ods": ("other", "OpenDocument spreadsheet (.ods)"),
    "xor-encryption-abc.xls": ("workbook", "old Excel 97-2003 workbook (.xls)"),
    "message.rtf": ("other", "Rich Text (.rtf)"),
    "null_file.xlsx": ("workbook", "the file is empty (0 bytes)"),
    "null_archive.xlsx": ("workbook", "not an Excel workbook"),
    "empty-no-string.xlsx": ("workbook", "the workbook is empty"),
}


def test_every_public_file_gets_its_sentence(tmp_path: Path) -> None:
    """Each public file is listed once, refused with the sentence for what it is."""
    places = Places(tmp_path / "inbox", tmp_path / "outbox", tmp_path / "s.sqlite")
    shutil.copytree(PUBLIC, places.inbox, ignore=shutil.ignore_patterns("*.md"))
    where = ["--inbox", str(places.inbox), "--store", str(places.store)]
    assert main(["ingest", *where]) == 1  # Word and Excel files among them cannot be read
    out = io.StringIO()
    files(places, "json", out=out, err=io.StringIO())
    listed = json.loads(out.getvalue())
    assert sorted(r["path"] for r in listed) == sorted(EXPECTED)
    for row in listed:
        kind, words = EXPECTED[row["path"]]
        assert (row["status"], row["kind"], row["audits"]) == ("refused", kind, 0), row
        assert words in row["reason"], row
        assert row["path"] not in row["reason"]  # the name once, in its own column
        assert "Error" not in row["reason"]
