"""Tracebacks left (issue 20): a full disk under the outbox is one sentence and nothing
after it; a 20 MB comment is called too long, not damaged."""

from __future__ import annotations

import gc
import io
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from audit_docs.cli import main
from audit_docs.read.word.forms_reader import read_form
from audit_docs.read.word.wordml import MAX_TEXT_CHARS
from audit_docs.records import FileFailure
from tests.builders.wordform import build_form, example_spec

ROOT = Path(__file__).resolve().parent.parent
DEV_FULL = Path("/dev/full")


@pytest.mark.skipif(not DEV_FULL.exists(), reason="needs /dev/full to be a full disk")
def test_a_full_disk_under_the_outbox_is_one_sentence_and_nothing_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every file written in the outbox lands on a full disk (/dev/full): the sentence, and
    no "Exception ignored in: ZipFile.__del__ … OSError" when the writer is collected
    (before: openpyxl's zip writer was left open and complained after the sentence)."""
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    real_open = io.open

    def open_on_a_full_disk(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and str(file).startswith(str(outbox)) and "w" in mode:
            return real_open(DEV_FULL, mode.replace("x", "w"), *args, **kwargs)
        return real_open(file, mode, *args, **kwargs)

    ignored: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: ignored.append(repr(u.exc_value)))
    monkeypatch.setattr(io, "open", open_on_a_full_disk)
    inbox = ["--inbox", str(ROOT / "examples" / "inbox"), "--store", str(tmp_path / "s.sqlite")]
    status = main(["problems", *inbox, "--outbox", str(outbox)])
    monkeypatch.setattr(io, "open", real_open)
    gc.collect()
    err = capsys.readouterr().err
    assert status == 2
    assert err.splitlines() == [
        f"audit-docs: The disk holding {outbox} is full, so "
        f"{next(iter(err.split('so ', 1)[1].split()))} was not written and the previous "
        "version is kept; free some space and run the command again."
    ]
    assert ignored == []
    assert list(outbox.iterdir()) == []


def test_a_20_mb_comment_is_called_too_long_not_damaged(tmp_path: Path) -> None:
    """A form whose comment holds 20 MB of text: "too long to read", with the limit
    (before: "damaged (its text is broken at line 2)")."""
    built = build_form(example_spec(), "content-controls")
    long_comment = (
        b"<w:p><w:r><w:t>" + b"Mum said " * (20 * 1024 * 1024 // 9) + b"</w:t></w:r></w:p>"
    )
    path = tmp_path / "long-comment.docx"
    with zipfile.ZipFile(io.BytesIO(built)) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:sectPr", long_comment + b"<w:sectPr", 1)
            out.writestr(info, data, zipfile.ZIP_DEFLATED)
    result = read_form(path)
    assert isinstance(result, FileFailure)
    assert result.reason == "text-too-long"
    assert "too long to read" in result.error
    assert f"more than {MAX_TEXT_CHARS:,} characters" in result.error
    assert "damaged" not in result.error
