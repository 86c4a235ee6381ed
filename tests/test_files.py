"""Names of files in the inbox: stored and listed as valid UTF-8, typed back as listed."""

import os
from pathlib import Path

from audit_docs.read.files import inbox_name, name_to_path


def test_a_name_that_is_not_utf8_is_escaped_and_found_again(tmp_path: Path) -> None:
    """A Latin-1 'café' is listed as caf\\xe9 and that spelling opens the same file."""
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9-audit.docx"))
    path.write_bytes(b"form")
    name = inbox_name(path, tmp_path)
    assert name == "caf\\xe9-audit.docx"
    name.encode("utf-8")  # storable and printable
    assert name_to_path(name, tmp_path).read_bytes() == b"form"


def test_a_utf8_name_in_a_sub_folder_is_kept_as_written(tmp_path: Path) -> None:
    """Valid names, accents included, are the path inside the inbox with forward slashes."""
    assert inbox_name(tmp_path / "Q1" / "é audit.docx", tmp_path) == "Q1/é audit.docx"
    assert name_to_path("Q1/é audit.docx", tmp_path) == tmp_path / "Q1" / "é audit.docx"
