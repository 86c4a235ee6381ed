"""The command line: exit codes, output order, receipts, and no tracebacks for users."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from audit_docs.cli import main
from audit_docs.jobs.read_forms import check, extract, read_all

DATA = Path(__file__).parent / "data"


def test_parallel_reading_keeps_input_order(tmp_path: Path) -> None:
    """With a process pool, results still come back in the files' name order."""
    for i in range(6):
        shutil.copy(DATA / "example-typed.docx", tmp_path / f"form-{i}.docx")
    (tmp_path / "form-3.docx").write_bytes(b"")
    results = list(read_all([tmp_path], io.StringIO(), workers=2))
    assert [r.source for r in results] == [f"form-{i}.docx" for i in range(6)]
    assert [r.status for r in results] == ["ok", "ok", "ok", "error", "ok", "ok"]


def test_check_exit_status_and_problems_first(capsys) -> None:
    """check exits 1 for a form with problems and lists them before the values read."""
    status = main(["check", str(DATA / "example-typed.docx")])
    out = capsys.readouterr().out
    assert status == 1
    assert out.index("PROBLEMS") < out.index("HEADER")
    assert "ratings.3.auditor" in out
    assert "Dominic Hargreaves" in out


def test_check_exit_status_zero_without_problems(tmp_path: Path) -> None:
    """A form read without a single problem gives exit status 0."""
    from tests.builders.wordform import example_spec, write_form

    spec = example_spec()
    spec.answers["6.3"] = "yes"  # the example leaves one question unanswered on purpose
    path = tmp_path / "complete.docx"
    write_form(path, spec)
    out = io.StringIO()
    assert check([path], out=out, err=io.StringIO()) == 0, out.getvalue()
    assert "no problems" in out.getvalue()


def test_missing_path_is_a_line_not_a_crash() -> None:
    """A path that does not exist gets an error line; the other files still come out."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "audit_docs",
            "extract",
            "no/such/form.docx",
            str(DATA / "example-typed.docx"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 1
    assert [line["status"] for line in lines] == ["error", "ok"]
    assert "no such file" in lines[0]["error"]
    assert "Traceback" not in proc.stderr


def test_extract_prints_one_object_per_tracker_record() -> None:
    """An .xlsx gives one JSON line per record with source, sheet, row and kind."""
    out = io.StringIO()
    status = extract(
        [DATA / "trackers" / "voice-of-the-child-thematic.xlsx"], out=out, err=io.StringIO()
    )
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert status == 0
    assert {line["kind"] for line in lines} == {"thematic"}
    first = lines[0]
    assert (first["source"], first["sheet"], first["row"]) == (
        "voice-of-the-child-thematic.xlsx",
        "August 2016",
        6,
    )
    assert first["measures"]["Present at TAF"] is False
    assert {line["round_date"] for line in lines} == {"2016-08-16", "2017-04-11"}


def test_output_closed_early_is_not_a_traceback() -> None:
    """`audit-docs extract ... | head -1` ends quietly, without a BrokenPipeError traceback."""
    proc = subprocess.run(
        f"'{sys.executable}' -m audit_docs extract '{DATA}' | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert len(proc.stdout.splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_parallel_extract_and_check_print_what_one_process_prints(
    tmp_path: Path, monkeypatch
) -> None:
    """On a process pool the workers make each file's text; it must be the same text."""
    from audit_docs.jobs import read_forms

    for i in range(4):
        shutil.copy(DATA / "example-legacy-fields.docx", tmp_path / f"form-{i}.docx")
    (tmp_path / "form-2.docx").write_bytes(b"PK\x03\x04 broken")
    tracker = sorted((DATA / "trackers").glob("*.xlsx"))[0]
    shutil.copy(tracker, tmp_path / tracker.name)

    def run(command, parallel_from: int) -> tuple[int, str, str]:
        monkeypatch.setattr(read_forms, "PARALLEL_FROM", parallel_from)
        out, err = io.StringIO(), io.StringIO()
        return command([tmp_path], out=out, err=err), out.getvalue(), err.getvalue()

    for command in (extract, check):
        alone, pooled = run(command, 1000), run(command, 2)
        assert pooled == alone
        assert alone[0] == 1
    _, out, err = run(extract, 2)
    forms = [json.loads(line) for line in out.splitlines() if '"form-' in line]
    assert [(f["source"], f["status"]) for f in forms] == [
        ("form-0.docx", "ok"),
        ("form-1.docx", "ok"),
        ("form-2.docx", "error"),
        ("form-3.docx", "ok"),
    ]
    assert forms[3]["header"] == forms[0]["header"]
    assert "form-2.docx: the file is damaged" in err
    assert len(out.splitlines()) > len(forms)  # the tracker's records follow
