"""LibreOffice opens every built document, and forms re-saved by LibreOffice read the same.

LibreOffice is both a check on the builder (a file it cannot open is not a fair test) and a
dialect of its own: it rewrites content controls, form fields and symbols when it saves a
.docx. The conversions run in a few soffice calls (each starts LibreOffice once) with an
isolated profile; they are marked slow and skipped when soffice is not installed. The files
it re-saved from the real samples are kept in tests/data/libreoffice/ and read without it.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from audit_docs.jobs.read_forms import extract
from audit_docs.read.word.forms_reader import read_form
from audit_docs.records import FormRecord, Rating
from tests.builders.wordform import (
    DATE_FORMATS,
    DIALECTS,
    SYMBOL_STYLES,
    TYPED_MARKS,
    VARIATION_FLAGS,
    FormSpec,
    example_spec,
    write_form,
)
from tests.office import SOFFICE, convert

DATA = Path(__file__).parent / "data"
RESAVED = DATA / "libreoffice"
SAMPLES = sorted(p.stem for p in DATA.glob("example-*.json"))
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; these tests convert with it"
)


def _edge_spec() -> FormSpec:
    spec = example_spec()
    spec.answers["2.3"] = ("yes", "no")
    spec.ratings["3"] = (None, "Very good")
    spec.header["audit_date"] = "sometime in May"
    spec.score = "3-4"
    return spec


def _built_documents() -> dict[str, tuple[FormSpec, str, dict[str, Any]]]:
    """Every kind of document the builder writes: name → (spec, dialect, variations)."""
    docs: dict[str, tuple[FormSpec, str, dict[str, Any]]] = {}
    for dialect in DIALECTS:
        docs[f"built-{dialect}"] = (example_spec(), dialect, {})
        every = dict.fromkeys(VARIATION_FLAGS, True)
        docs[f"built-{dialect}-all-variations"] = (example_spec(), dialect, every)
        docs[f"built-{dialect}-blank"] = (FormSpec(), dialect, {})
    for i, flag in enumerate(VARIATION_FLAGS):
        docs[f"built-{flag}"] = (example_spec(), DIALECTS[i % len(DIALECTS)], {flag: True})
    for i, mark in enumerate(TYPED_MARKS):
        docs[f"built-typed-mark-{i}"] = (example_spec(), "typed", {"mark": mark})
    for i, date_format in enumerate(DATE_FORMATS):
        docs[f"built-typed-date-{i}"] = (example_spec(), "typed", {"date_format": date_format})
    for symbol in SYMBOL_STYLES:
        docs[f"built-symbols-{symbol}"] = (example_spec(), "symbols", {"symbol": symbol})
    docs["built-edge-cases"] = (_edge_spec(), "mixed", {})
    return docs


BUILT = _built_documents()
#: the built documents also re-saved as .docx by LibreOffice and read again
RESAVED_BUILT = [f"built-{d}" for d in DIALECTS] + [f"built-{d}-all-variations" for d in DIALECTS]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("built")
    return {
        name: write_form(folder / f"{name}.docx", spec, dialect, **variations)
        for name, (spec, dialect, variations) in BUILT.items()
    }


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory, built: dict[str, Path]) -> Path:
    """The real samples and some built forms, re-saved as .docx by LibreOffice in one run."""
    out = tmp_path_factory.mktemp("resaved")
    files = [DATA / f"{name}.docx" for name in SAMPLES] + [built[n] for n in RESAVED_BUILT]
    convert(files, "docx:MS Word 2007 XML", out, tmp_path_factory.mktemp("profile"))
    return out


def _extract_one(path: Path) -> dict:
    out, err = io.StringIO(), io.StringIO()
    status = extract([path], out=out, err=err)
    assert status == 0, err.getvalue()
    return json.loads(out.getvalue())


def _assert_matches_truth(got: dict, truth: dict) -> None:
    assert got["status"] == "ok"
    for part in ("header", "ratings", "answers", "family_feedback"):
        for key, value in truth[part].items():
            assert got[part][key] == value, f"{part}.{key}"
    assert got["actions"] == truth["actions"]
    wanted = {p["field"] if isinstance(p, dict) else p for p in truth["problems"]}
    assert wanted <= {p["field"] for p in got["problems"]}


def _assert_matches_spec(record: FormRecord, spec: FormSpec) -> None:
    assert record.header == spec.expected_header()
    assert record.answers == spec.expected_answers()
    assert record.ratings == {str(n): Rating(*spec.ratings[str(n)]) for n in range(1, 9)}
    assert record.family_feedback["relationship_score"] == int(spec.score or 0)
    assert [(a.action, a.who, a.when) for a in record.actions] == [a[:3] for a in spec.actions]


@pytest.mark.slow
@needs_soffice
def test_libreoffice_opens_every_built_document(
    tmp_path_factory: pytest.TempPathFactory, built: dict[str, Path]
) -> None:
    """Every dialect and variation the builder writes converts to PDF in LibreOffice."""
    out = tmp_path_factory.mktemp("pdf")
    convert(list(built.values()), "pdf", out, tmp_path_factory.mktemp("profile"))
    missing = [name for name in built if not (out / f"{name}.pdf").exists()]
    assert missing == []
    for name in built:
        assert (out / f"{name}.pdf").read_bytes().startswith(b"%PDF"), name


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("name", SAMPLES)
def test_real_sample_resaved_by_libreoffice_reads_the_same(resaved: Path, name: str) -> None:
    """A real sample re-saved by LibreOffice gives exactly the sample's truth values."""
    truth = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    _assert_matches_truth(_extract_one(resaved / f"{name}.docx"), truth)


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("name", RESAVED_BUILT)
def test_built_form_resaved_by_libreoffice_reads_the_same(resaved: Path, name: str) -> None:
    """A built form re-saved by LibreOffice reads back to what was written."""
    spec, _, _ = BUILT[name]
    record = read_form(resaved / f"{name}.docx")
    assert isinstance(record, FormRecord), record.error
    _assert_matches_spec(record, spec)


@pytest.mark.parametrize("name", sorted(p.stem for p in RESAVED.glob("*.json")))
def test_libreoffice_fixture_reads_the_truth(name: str) -> None:
    """The samples as re-saved by LibreOffice (kept in tests/data/libreoffice) give the truth."""
    path = RESAVED / f"{name}.docx"
    app = zipfile.ZipFile(path).read("docProps/app.xml").decode("utf-8")
    assert "<Application>LibreOffice" in app  # really written by LibreOffice
    truth = json.loads((RESAVED / f"{name}.json").read_text(encoding="utf-8"))
    got = _extract_one(path)
    assert got["source"] == truth["source"]
    _assert_matches_truth(got, truth)


def test_every_sample_has_a_libreoffice_fixture() -> None:
    """Each real example sample has its LibreOffice re-saved copy and truth beside it."""
    assert SAMPLES
    for name in SAMPLES:
        assert (RESAVED / f"{name}.docx").exists(), name
        assert (RESAVED / f"{name}.json").read_bytes() == (DATA / f"{name}.json").read_bytes()
