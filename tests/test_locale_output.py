"""Output any console can take (issue 20 "Locale-proof", issue 24): under a narrow encoding
(cp1252, as Windows redirects output; ISO-8859-1; the C locale) text is written with
replacement characters, never a crash, and JSON and CSV are UTF-8."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "examples" / "inbox" / "forms"
#: a form whose receipt starts with "✓", which cp1252 lacks
TICKED = FORMS / "social-care-lcs-3001.docx"
#: a form whose values hold "–", which ISO-8859-1 lacks
DASHED = FORMS / "example-typed.docx"


def _run(
    args: list[str], encoding: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``python -m audit_docs ARGS`` with its output redirected (not a terminal), under
    ``encoding`` and the C locale."""
    env = {
        **os.environ,
        "PYTHONIOENCODING": encoding,
        "LC_ALL": "C",
        "PYTHONUTF8": "0",
        "PYTHONPATH": str(ROOT / "src"),
    }
    return subprocess.run(
        [sys.executable, "-m", "audit_docs", *args],
        capture_output=True,
        env=env,
        cwd=cwd or ROOT,
        timeout=600,
        check=False,
    )


def _no_traceback(run: subprocess.CompletedProcess[bytes]) -> None:
    err = run.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert "Error" not in err, err


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "ascii"])
def test_check_redirected_under_a_narrow_encoding_replaces_what_it_cannot_write(
    encoding: str,
) -> None:
    """`check FORM > receipt.txt`: the whole receipt is written, "✓" as "?" (before: a
    UnicodeEncodeError and an empty or cut receipt)."""
    run = _run(["check", str(TICKED)], encoding)
    _no_traceback(run)
    assert run.returncode == 0
    text = run.stdout.decode(encoding)
    assert text.startswith(f"? {TICKED.name} ")
    assert "SECTION 1" in text
    assert text.rstrip().splitlines()[-1].strip()  # written to its end


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_extract_sends_utf8_json_whatever_the_encoding(encoding: str) -> None:
    """`extract FORM > all.jsonl` is UTF-8 JSON holding the very characters read ("–"), not
    the console's code page (before: cp1252 bytes, or a UnicodeEncodeError under latin-1)."""
    run = _run(["extract", str(DASHED)], encoding)
    _no_traceback(run)
    assert run.returncode == 0
    (line,) = run.stdout.decode("utf-8").splitlines()
    record = json.loads(line)
    assert record["source"] == DASHED.name
    assert "–" in line


def test_help_under_the_c_locale_is_written_whole() -> None:
    """`--help` texts hold "…" and "—": under ASCII they are replaced, not a crash."""
    run = _run(["annual-report", "--help"], "ascii")
    _no_traceback(run)
    assert run.returncode == 0
    assert b"--settings" in run.stdout


@pytest.mark.slow
def test_annual_report_and_json_export_under_latin1(tmp_path: Path) -> None:
    """`annual-report` under ISO-8859-1 writes the report and its summary and exits 0
    (before: the report was written, then the run died on "–"); `export --format json` to
    standard output is UTF-8."""
    places = ["--inbox", str(ROOT / "examples" / "inbox"), "--store", str(tmp_path / "s.sqlite")]
    run = _run(
        ["annual-report", "--year", "2016", *places, "--outbox", str(tmp_path / "out")],
        "latin-1",
        cwd=tmp_path,
    )
    _no_traceback(run)
    assert run.returncode == 0
    assert (tmp_path / "out" / "annual-report-2016-17.docx").is_file()
    export = _run(["export", "--format", "json", *places], "latin-1", cwd=tmp_path)
    _no_traceback(export)
    tables = json.loads(export.stdout.decode("utf-8"))["tables"]
    assert tables["audits"]
