"""Acceptance: every value in each real sample's .json is what `audit-docs extract` prints."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from audit_docs.jobs.read_forms import extract

DATA = Path(__file__).parent / "data"
SAMPLES = sorted(p.stem for p in DATA.glob("*.json"))


def _extract_one(path: Path) -> dict:
    out, err = io.StringIO(), io.StringIO()
    status = extract([path], out=out, err=err)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1, "one JSON line per file"
    assert status == 0, err.getvalue()
    return json.loads(lines[0])


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_values_match_truth(name: str) -> None:
    """Header, ratings, answers, family feedback and actions equal the truth exactly."""
    truth = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    got = _extract_one(DATA / f"{name}.docx")
    assert got["source"] == truth["source"]
    assert got["status"] == "ok"
    assert got["form"] == "early-help-practice-audit"
    for part in ("header", "ratings", "answers", "family_feedback"):
        for key, value in truth[part].items():
            assert got[part][key] == value, f"{part}.{key}"
    assert got["actions"] == truth["actions"]


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_reports_the_required_problems(name: str) -> None:
    """Every problem field the truth lists is among the problems reported."""
    truth = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    got = _extract_one(DATA / f"{name}.docx")
    wanted = {p["field"] if isinstance(p, dict) else p for p in truth["problems"]}
    assert wanted <= {p["field"] for p in got["problems"]}


def test_sha256_is_of_the_file_bytes() -> None:
    """The sha256 key is the hex digest of exactly the bytes on disk."""
    path = DATA / "example-typed.docx"
    assert _extract_one(path)["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_blank_form_says_nothing_was_filled_in() -> None:
    """A never-filled form is read (status ok), all values null, one problem saying so."""
    got = _extract_one(DATA / "blank-form.docx")
    assert all(v is None for v in got["header"].values())
    assert all(v is None for v in got["answers"].values())
    assert [p["field"] for p in got["problems"]] == ["form"]
    assert "nothing has been filled in" in got["problems"][0]["message"]


def test_folder_is_read_in_name_order() -> None:
    """A folder gives one line per Word file, sub-folders included, sorted by path inside it."""
    out = io.StringIO()
    extract([DATA], out=out, err=io.StringIO())
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    # tracker rows have a kind; workbooks that cannot be read (tests/data/public) are .xlsx
    sources = [line["source"] for line in lines if line["source"].endswith(".docx")]
    by_path = sorted(DATA.rglob("*.docx"), key=lambda p: p.relative_to(DATA).as_posix().casefold())
    assert sources == [p.name for p in by_path]
