"""Hostile files: nothing outside the document reaches the output, and bombs are refused fast.

XML entities (XXE) must not pull a local file or a URL into the values read, entity expansion
must not blow up, and a zip "bomb" (a small file whose document.xml unpacks beyond
``MAX_PART_BYTES``) must be refused quickly and without unpacking it into memory.
"""

from __future__ import annotations

import io
import json
import socket
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from audit_docs.jobs.read_forms import extract
from audit_docs.read.word.forms_reader import read_form
from audit_docs.read.word.package import MAX_PART_BYTES
from audit_docs.records import FileFailure, FormRecord
from tests.builders.wordform import build_document_xml, document_xml, example_spec, package

AUDITOR = "Priya Sandhu"


def _with_doctype(doctype: str, auditor: str) -> bytes:
    """The example form with a DOCTYPE after the XML declaration and the auditor's name replaced."""
    xml = build_document_xml(example_spec(), "typed")
    end = xml.index("?>") + 2
    return package(xml[:end] + doctype + xml[end:].replace(AUDITOR, auditor))


def _extract(path: Path) -> tuple[int, dict, str]:
    out, err = io.StringIO(), io.StringIO()
    status = extract([path], out=out, err=err)
    return status, json.loads(out.getvalue()), out.getvalue() + err.getvalue()


def test_external_entity_does_not_read_a_local_file(tmp_path: Path) -> None:
    """An entity pointing at a local file (XXE) is not expanded: its content is not in the output."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7731", encoding="utf-8")
    form = tmp_path / "xxe.docx"
    form.write_bytes(
        _with_doctype(f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>', "&xxe;")
    )
    status, line, printed = _extract(form)
    assert "TOP-SECRET" not in printed
    assert "Traceback" not in printed
    assert line["status"] == "ok"
    assert line["header"]["auditor"] is None
    assert line["header"]["case_id"] == "H123456 / EHA-2016-0042"  # the rest is read as usual
    assert status == 0


def test_external_entity_etc_hostname(tmp_path: Path) -> None:
    """The classic XXE on file:///etc/hostname leaves the auditor empty and does not crash."""
    hostname = Path("/etc/hostname")
    form = tmp_path / "xxe.docx"
    form.write_bytes(
        _with_doctype(
            '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>', "&xxe;"
        )
    )
    _, line, printed = _extract(form)
    assert line["status"] == "ok"
    assert line["header"]["auditor"] is None
    if hostname.exists() and (name := hostname.read_text().strip()):
        assert json.dumps(name) not in printed  # never a value in the output
    assert "Traceback" not in printed


def test_external_dtd_is_not_fetched(tmp_path: Path) -> None:
    """A DOCTYPE naming a DTD on the network is never fetched."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.setblocking(False)
        port = server.getsockname()[1]
        form = tmp_path / "dtd.docx"
        form.write_bytes(
            _with_doctype(f'<!DOCTYPE w:document SYSTEM "http://127.0.0.1:{port}/x.dtd">', AUDITOR)
        )
        record = read_form(form)
        with pytest.raises(BlockingIOError):
            server.accept()  # nobody connected
    assert isinstance(record, FormRecord)
    assert record.header["auditor"] == AUDITOR


def test_entity_expansion_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """Nested internal entities ("billion laughs") neither expand nor hang the reader."""
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    form = tmp_path / "laughs.docx"
    form.write_bytes(_with_doctype(f"<!DOCTYPE w:document [{entities}]>", "&l9;"))
    started = time.process_time()  # CPU: a loaded machine cannot stretch it
    _, line, printed = _extract(form)
    assert time.process_time() - started < 2
    assert line["status"] == "error"  # refused as damaged: the expansion limit is exceeded
    assert line["error"].startswith("laughs.docx: ")
    assert "lollol" not in printed
    assert "Traceback" not in printed


# -- zip bombs ----------------------------------------------------------------------------------

BOMB_BYTES = 40 * 1024 * 1024


def _zip_bomb() -> bytes:
    """A .docx whose document.xml is ~40 MB of spaces: it compresses to ~40 KB."""
    assert BOMB_BYTES > MAX_PART_BYTES
    normal = zipfile.ZipFile(io.BytesIO(package(document_xml(""))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in normal.namelist():
            if name != "word/document.xml":
                zf.writestr(name, normal.read(name))
        with zf.open("word/document.xml", "w") as fh:
            fh.write(b'<?xml version="1.0"?>')
            spaces = b" " * (1 << 20)
            for _ in range(BOMB_BYTES >> 20):
                fh.write(spaces)
    return buffer.getvalue()


def _lie_about_size(data: bytes, name: bytes = b"word/document.xml", size: int = 1000) -> bytes:
    """The same zip with the uncompressed size of ``name`` patched to ``size`` in both headers."""
    patched = bytearray(data)
    # (signature, offset of the uncompressed size, offset of the name length, header length)
    for signature, size_at, name_len_at, header in (
        (b"PK\x01\x02", 24, 28, 46),  # central directory entry
        (b"PK\x03\x04", 22, 26, 30),  # local file header
    ):
        at = patched.find(signature)
        while at != -1:
            length = struct.unpack_from("<H", patched, at + name_len_at)[0]
            if patched[at + header : at + header + length] == name:
                struct.pack_into("<I", patched, at + size_at, size)
            at = patched.find(signature, at + 4)
    return bytes(patched)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _zip_bomb()


@pytest.mark.parametrize("lying", [False, True], ids=["declared", "size-lies"])
def test_zip_bomb_is_refused_fast_and_small(tmp_path: Path, bomb: bytes, lying: bool) -> None:
    """A document.xml that unpacks beyond MAX_PART_BYTES is refused within 2 s, memory bounded."""
    data = _lie_about_size(bomb) if lying else bomb
    assert len(data) < 1024 * 1024
    declared = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").file_size
    assert (declared == 1000) if lying else (declared > MAX_PART_BYTES)
    form = tmp_path / "bomb.docx"
    form.write_bytes(data)

    started = time.process_time()  # CPU: a loaded machine cannot stretch it
    status, line, printed = _extract(form)
    assert time.process_time() - started < 2
    assert status == 1
    assert line["status"] == "error"
    assert line["error"].startswith("bomb.docx: ")
    assert "Traceback" not in printed

    tracemalloc.start()
    try:
        record = read_form(form)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(record, FileFailure)
    assert peak < MAX_PART_BYTES  # never unpacked whole
