"""The analysis extra: the store's tables as DataFrames typed for analysis."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest

from audit_docs.jobs.forget import forget
from audit_docs.jobs.ingest import ingest
from audit_docs.jobs.places import Places
from tests.builders.wordform import example_spec, write_form
from tests.builders.workbooks import clean_audit_log

pd = pytest.importorskip("pandas", reason="pandas comes with the analysis extra")


def test_frames_give_dates_ordered_grades_and_counts(tmp_path: Path) -> None:
    """Dates are datetimes, grades compare in order, ages are integers, forgotten files absent."""
    from audit_docs.analysis import frames

    places = Places(tmp_path / "inbox", tmp_path / "outbox", tmp_path / "s.sqlite")
    spec = example_spec()
    write_form(
        places.inbox / "a.docx", dataclasses.replace(spec, header=spec.header | {"case_id": "EH-1"})
    )
    clean_audit_log(places.inbox / "log.xlsx")
    ingest(places.inbox, places.store, out=io.StringIO(), err=io.StringIO())

    tables = frames(places.store)
    audits = tables["audits"]
    assert pd.api.types.is_datetime64_any_dtype(audits["audit_date"])
    assert audits.loc[audits.case_reference == "EH-1", "audit_date"].item() == pd.Timestamp(
        dt.date(2016, 5, 12)
    )
    grades = audits["overall_final"]
    assert grades.cat.ordered
    assert list(grades.cat.categories) == [
        "inadequate",
        "requires_improvement",
        "good",
        "outstanding",
    ]
    assert set(audits.loc[grades >= "good", "case_reference"]) == {"EH-1", "RCC-002", "RCC-004"}
    assert audits["child_age"].dtype == "Int64"
    assert audits["moderated"].dtype == "boolean"
    areas = tables["section_ratings"]
    # "Not recorded" is kept by export but is no grade: missing in the categorical
    rcc4 = areas[(areas.case_reference == "RCC-004") & (areas.section == "identification_of_risk")]
    assert rcc4["auditor"].isna().all()
    assert str(tables["source_files"]["ingested_at"].dtype).startswith("datetime64")

    forget(places, ["log.xlsx"], out=io.StringIO())
    assert set(frames(places.store)["audits"]["case_reference"]) == {"EH-1"}
