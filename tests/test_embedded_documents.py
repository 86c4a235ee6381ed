"""A form holding a document pasted in from another file (Word's altChunk, a master
document's subDoc) is read as before, and the auditor is told that content was not read: it
never vanishes without a word."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from audit_docs.read.word.forms_reader import read_form
from audit_docs.records import FormRecord

DATA = Path(__file__).parent / "data"


def _with_embedded(source: Path, target: Path, elements: str) -> Path:
    """``source`` with ``elements`` put at the end of its body, before its section settings."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                at = data.rindex(b"<w:sectPr")
                data = data[:at] + elements.encode() + data[at:]
            zout.writestr(info, data)
    target.write_bytes(out.getvalue())
    return target


@pytest.mark.parametrize(
    ("elements", "sentence"),
    [
        ("<w:altChunk/>", "the form holds 1 embedded document"),
        ("<w:altChunk/><w:p/><w:subDoc/>", "the form holds 2 embedded documents"),
    ],
)
def test_an_embedded_document_is_a_notice_and_the_form_reads_as_before(
    tmp_path: Path, elements: str, sentence: str
) -> None:
    source = DATA / "example-typed.docx"
    plain = read_form(source)
    embedded = read_form(_with_embedded(source, tmp_path / "embedded.docx", elements))
    assert isinstance(plain, FormRecord)
    assert isinstance(embedded, FormRecord)
    notices = [p for p in embedded.problems if p.code == "embedded_documents"]
    assert len(notices) == 1
    assert notices[0].kind == "notice"
    assert notices[0].message.startswith(sentence)
    assert (embedded.header, embedded.answers, embedded.ratings) == (
        plain.header,
        plain.answers,
        plain.ratings,
    )
    assert [p for p in embedded.problems if p.code != "embedded_documents"] == list(plain.problems)
    assert not [p for p in plain.problems if p.code == "embedded_documents"]
