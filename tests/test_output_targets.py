"""Where a document, export or the store is written: never over a device, pipe or socket.

`export --output /dev/full` run by an administrator renamed the export over the device,
which was gone from the machine afterwards (and the command said it had written the export).
An output that exists and is no ordinary file is now one sentence and nothing is replaced.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from audit_docs.cli import main
from audit_docs.errors import UsageError
from audit_docs.jobs.places import write_atomically

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def _pipe(folder: Path) -> Path:
    path = folder / "pipe.xlsx"
    os.mkfifo(path)
    return path


def test_a_document_is_never_written_over_a_pipe(tmp_path: Path) -> None:
    """write_atomically, which writes every report and export, leaves a pipe a pipe."""
    pipe = _pipe(tmp_path)
    with pytest.raises(UsageError) as caught:
        write_atomically(pipe, lambda tmp: tmp.write_bytes(b"report"))
    assert "is not an ordinary file" in str(caught.value)
    assert str(pipe) in str(caught.value)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.xlsx"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_export_to_a_pipe_is_one_sentence_and_the_pipe_is_left(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export --output PIPE` exits 2 with one sentence naming it; nothing is replaced."""
    pipe = _pipe(tmp_path)
    args = ["--inbox", str(tmp_path / "inbox"), "--store", str(tmp_path / "s.sqlite")]
    (tmp_path / "inbox").mkdir()
    assert main(["export", "--format", fmt, "--output", str(pipe), *args]) == 2
    err = capsys.readouterr().err
    assert f"{pipe} is not an ordinary file" in err, err
    assert "Traceback" not in err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


@pytest.mark.parametrize("command", [["files"], ["problems"], ["ingest"]])
def test_a_pipe_given_as_the_store_is_no_store_and_never_called_empty(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`--store /dev/null` was "empty (0 bytes) ... delete the empty file", advice to delete a
    device; a pipe or device as the store is now one sentence saying it is no store."""
    pipe = tmp_path / "s.sqlite"
    os.mkfifo(pipe)
    (tmp_path / "inbox").mkdir()
    args = ["--inbox", str(tmp_path / "inbox"), "--store", str(pipe)]
    assert main([*command, *args]) == 2
    err = capsys.readouterr().err
    assert f"{pipe} is not an ordinary file (it is a device, pipe or socket)" in err, err
    assert "delete" not in err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
