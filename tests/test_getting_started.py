"""A first run without make: `audit-docs demo` and `audit-docs init` from any folder."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from docx import Document

from audit_docs.cli import main
from audit_docs.settings import Settings, load_settings


@pytest.mark.slow
def test_demo_builds_the_sample_documents_and_touches_nothing_of_the_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """From a folder holding a real store and commentary: the report, guidance and data-quality
    list of the shipped samples in --outbox; the folder run from is left as it was."""
    here = tmp_path / "my-work"
    (here / "var").mkdir(parents=True)
    (here / "var" / "audits.sqlite").write_bytes(b"the user's store")
    monkeypatch.chdir(here)
    monkeypatch.delenv("AUDIT_DOCS_VIA_MAKE", raising=False)
    before = sorted(p.relative_to(here) for p in here.rglob("*"))
    outbox = tmp_path / "sample"
    assert main(["demo", "--outbox", str(outbox)]) == 0
    made = sorted(p.name for p in outbox.iterdir())
    assert made[:2] == ["annual-report-2016-17.docx", "annual-report-2016-17.json"]
    assert made[2:4] == [
        "best-practice-guidance-2016-04-01-2017-03-31.docx",
        "best-practice-guidance-2016-04-01-2017-03-31.json",
    ]
    assert made[4].startswith("data-quality-")
    assert len(made) == 5
    cover = "\n".join(p.text for p in Document(str(outbox / made[0])).paragraphs[:20])
    assert "Northbridge Borough Council" in cover  # the sample settings, not the user's
    assert sorted(p.relative_to(here) for p in here.rglob("*")) == before
    assert (here / "var" / "audits.sqlite").read_bytes() == b"the user's store"
    said = capsys.readouterr().out
    assert said.startswith("Built from the sample forms and trackers shipped with audit-docs:")
    assert said.splitlines()[-1].startswith("Your own files: make a working folder with `")
    assert str(outbox) not in said.splitlines()[-1]  # the next step is for the user's folders


def test_init_makes_a_working_folder_whose_settings_read_as_none_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """inbox/, outbox/ and an audit-docs.toml that reads as no settings until edited; run
    again, it keeps what the officer wrote."""
    folder = tmp_path / "QA audits"
    assert main(["init", str(folder)]) == 0
    assert (folder / "inbox").is_dir()
    assert (folder / "outbox").is_dir()
    settings = folder / "audit-docs.toml"
    assert load_settings(settings) == Settings(source=settings)
    assert "Working folder ready" in capsys.readouterr().out
    edited = settings.read_text(encoding="utf-8").replace('# name = "', 'name = "')
    settings.write_text(edited, encoding="utf-8")
    assert main(["init", str(folder)]) == 0
    assert load_settings(settings).organisation == "Northbridge Borough Council"
    assert "kept as it was" in capsys.readouterr().out


def test_init_where_a_file_stands_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file in the way: exit 2 and a sentence, no traceback."""
    (tmp_path / "work").write_text("not a folder")
    assert main(["init", str(tmp_path / "work")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("audit-docs: ")
    assert "is a file" in err


@pytest.mark.parametrize("below", ["", "inbox", "sub/folder"])
def test_init_names_the_file_that_stands_in_the_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], below: str
) -> None:
    """`init afile` said "afile/inbox is a file", naming a path that does not exist; the
    sentence now names the file itself."""
    (tmp_path / "afile").write_text("not a folder")
    folder = tmp_path / "afile" / below if below != "inbox" else tmp_path / "work"
    if below == "inbox":
        folder.mkdir()
        (folder / "inbox").write_text("not a folder")
    assert main(["init", str(folder)]) == 2
    err = capsys.readouterr().err
    in_the_way = folder / "inbox" if below == "inbox" else tmp_path / "afile"
    assert err == (
        f"audit-docs: {in_the_way} is a file, so the working folder cannot be made there; "
        "choose another folder.\n"
    ), err


def test_picture_charts_without_matplotlib_say_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """matplotlib comes with the charts extra only: without it `--charts picture` stops
    before reading anything, with the command that installs it."""
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "matplotlib" else real(name, *a),
    )
    store = tmp_path / "s.sqlite"
    args = ["annual-report", "--year", "2016", "--charts", "picture", "--store", str(store)]
    assert main([*args, "--inbox", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert 'pip install "audit-docs[charts]"' in err
    assert "leave out --charts picture" in err
    assert not store.exists()
    assert not os.listdir(tmp_path)
