"""Faults where documents are written: each a sentence, the previous documents kept whole."""

from __future__ import annotations

import errno
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from audit_docs.cli import main
from audit_docs.errors import UsageError
from audit_docs.jobs.places import write_atomically, write_together
from tests.builders.wordform import write_copies
from tests.unprivileged import as_ordinary_user, reachable


def _one_sentence(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def _text(value: str) -> Callable[[Path], None]:
    return lambda tmp: tmp.write_text(value, encoding="utf-8")


def _disk_full(tmp: Path) -> None:
    tmp.write_bytes(b"half a file")
    raise OSError(errno.ENOSPC, "No space left on device", str(tmp))


def _previous_pair(outbox: Path) -> tuple[Path, Path]:
    docx, data = outbox / "annual-report-2016-17.docx", outbox / "annual-report-2016-17.json"
    outbox.mkdir(parents=True, exist_ok=True)
    docx.write_text("the report of 361 audits")
    data.write_text('{"audits": 361}')
    return docx, data


def test_a_full_disk_while_writing_the_figures_keeps_the_previous_pair(tmp_path: Path) -> None:
    """The issue's case: the new JSON (610 audits) beside the old report (361)."""
    docx, data = _previous_pair(tmp_path / "outbox")
    with pytest.raises(UsageError) as raised:
        write_together([(docx, _text("the report of 610 audits")), (data, _disk_full)])
    assert str(raised.value) == (
        f"The disk holding {tmp_path / 'outbox'} is full, so annual-report-2016-17.json was not "
        "written and the previous version is kept; free some space and run the command again."
    )
    assert (docx.read_text(), data.read_text()) == ("the report of 361 audits", '{"audits": 361}')
    assert sorted(p.name for p in docx.parent.iterdir()) == [docx.name, data.name]


def test_a_stopped_run_leaves_no_temporary_and_the_previous_pair(tmp_path: Path) -> None:
    docx, data = _previous_pair(tmp_path / "outbox")

    def stopped(tmp: Path) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_together([(docx, stopped), (data, _text("{}"))])
    assert sorted(p.name for p in docx.parent.iterdir()) == [docx.name, data.name]
    assert docx.read_text() == "the report of 361 audits"


def test_the_report_is_renamed_before_its_figures(tmp_path: Path) -> None:
    docx, data = _previous_pair(tmp_path / "outbox")
    write_together([(docx, _text("new report")), (data, _text("new figures"))])
    assert docx.stat().st_mtime_ns <= data.stat().st_mtime_ns
    assert (docx.read_text(), data.read_text()) == ("new report", "new figures")


def test_temporaries_left_by_a_killed_run_are_removed_by_the_next_write(tmp_path: Path) -> None:
    docx, _ = _previous_pair(tmp_path / "outbox")
    old = docx.parent / ".annual-report-2016-17-k1ll3d.docx"
    recent = docx.parent / ".annual-report-2016-17-wr1t1ng.docx"
    old.write_bytes(b"")
    recent.write_bytes(b"")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    write_atomically(docx, _text("new report"))
    assert not old.exists()
    assert recent.exists()  # perhaps another run writing the same report now


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_documents_get_the_users_usual_permissions(tmp_path: Path, umask: int, mode: int) -> None:
    """mkstemp makes owner-only files; a report is shared like any file the user saves."""
    previous = os.umask(umask)
    try:
        target = write_atomically(tmp_path / "report.docx", _text("x"))
    finally:
        os.umask(previous)
    assert target.stat().st_mode & 0o777 == mode


def test_an_outbox_that_is_a_file_is_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    write_copies(inbox, 1)
    outbox.write_text("not a folder")
    code = main(
        ["problems", "--inbox", str(inbox), "--outbox", str(outbox), "--store", str(tmp_path / "s")]
    )
    assert code == 2
    sentence = _one_sentence(capsys.readouterr().err)
    assert sentence.startswith(f"audit-docs: {outbox} is a file, not a folder, so data-quality-")
    assert sentence.endswith("rename or move that file, or choose another folder with --outbox.")


def test_an_output_that_is_a_folder_is_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, folder = tmp_path / "inbox", tmp_path / "exports"
    write_copies(inbox, 1)
    folder.mkdir()
    args = ["--inbox", str(inbox), "--store", str(tmp_path / "s.sqlite")]
    assert main(["ingest", *args]) == 0
    capsys.readouterr()
    code = main(["export", "--format", "csv", "--output", str(folder), *args])
    assert code == 2
    assert _one_sentence(capsys.readouterr().err) == (
        f"audit-docs: {folder} is a folder; give the path of a file to write (for example "
        f"{folder / 'exports'}.xlsx), or remove the folder."
    )


def test_a_full_disk_under_an_export_keeps_the_previous_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, target = tmp_path / "inbox", tmp_path / "out" / "audits.xlsx"
    write_copies(inbox, 1)
    target.parent.mkdir()
    target.write_bytes(b"last week's export")
    args = ["--inbox", str(inbox), "--store", str(tmp_path / "s.sqlite")]
    assert main(["ingest", *args]) == 0
    capsys.readouterr()
    from audit_docs.render import workbook

    monkeypatch.setattr(workbook, "write_tables", lambda tmp, tables: _disk_full(tmp))
    assert main(["export", "--format", "xlsx", "--output", str(target), *args]) == 2
    assert "is full, so audits.xlsx was not written" in _one_sentence(capsys.readouterr().err)
    assert target.read_bytes() == b"last week's export"
    assert [p.name for p in target.parent.iterdir()] == ["audits.xlsx"]


def test_a_read_only_outbox_is_a_sentence_for_an_ordinary_user() -> None:
    with reachable() as root:
        inbox, store, outbox = root / "inbox", root / "var" / "s.sqlite", root / "outbox"
        write_copies(inbox, 1)
        assert main(["ingest", "--inbox", str(inbox), "--store", str(store)]) == 0
        store.parent.chmod(0o777)
        store.chmod(0o666)
        outbox.mkdir(mode=0o755)
        target = outbox / "export.xlsx"
        run = as_ordinary_user(
            ["export", "--format", "xlsx", "--output", str(target), "--store", str(store)]
        )
    assert run.returncode == 2, run.stderr
    assert _one_sentence(run.stderr) == (
        f"audit-docs: audit-docs may not write in {outbox}; ask IT for permission, or choose a "
        "folder you can write in with --outbox (or --output)."
    )


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ("missing.docx", "does not exist"),
        ("notes.txt", "is not a Word document (.docx)"),
    ],
)
def test_a_wrong_template_is_refused_before_anything_is_ingested(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str, says: str
) -> None:
    inbox, store = tmp_path / "inbox", tmp_path / "s.sqlite"
    write_copies(inbox, 1)
    (tmp_path / "notes.txt").write_text("not a template")
    code = main(
        [
            "annual-report",
            "--year",
            "2016",
            "--template",
            str(tmp_path / template),
            "--inbox",
            str(inbox),
            "--store",
            str(store),
        ]
    )
    assert code == 2
    assert f"The template {tmp_path / template} {says}" in _one_sentence(capsys.readouterr().err)
    assert not store.exists()


def test_a_full_disk_during_an_annual_report_keeps_the_previous_report_and_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end: the report is written, then its figures hit a full disk."""
    data = Path(__file__).parent / "data"
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    shutil.copytree(data / "trackers", inbox / "trackers")
    docx, figures = _previous_pair(outbox)
    from audit_docs.jobs import publish
    from audit_docs.render import docx_render

    def full(_: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    def new_report(template: Path, rendering: object, publishing: object, tmp: Path) -> None:
        tmp.write_text("the report of 610 audits")  # (charts and all: not this test's subject)

    monkeypatch.setattr(docx_render, "render_publication", new_report)
    monkeypatch.setattr(publish, "figures_json", full)
    args = ["--inbox", str(inbox), "--outbox", str(outbox), "--store", str(tmp_path / "s")]
    assert main(["annual-report", "--year", "2016", *args]) == 2
    err = capsys.readouterr().err
    assert _one_sentence(err) == (
        f"audit-docs: The disk holding {outbox} is full, so annual-report-2016-17.json was not "
        "written and the previous version is kept; free some space and run the command again."
    )
    assert (docx.read_text(), figures.read_text()) == (
        "the report of 361 audits",
        '{"audits": 361}',
    )
    assert sorted(p.name for p in outbox.iterdir()) == [docx.name, figures.name]
