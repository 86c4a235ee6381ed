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


def _python_block(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index("```python\n") + len("```python\n")
    return text[start : text.index("```", start)]


@pytest.mark.slow
def test_good_or_better_by_team_example_runs_and_agrees_with_the_figures(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """docs/analysis.md's example, run on the sample inbox, gives the report's by_team."""
    import json

    from audit_docs.cli import main

    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(tmp_path)
    argv = ["annual-report", "--year", "2016", "-q", "--inbox", str(root / "examples" / "inbox")]
    assert main(argv) == 0
    figures = json.loads((tmp_path / "outbox" / "annual-report-2016-17.json").read_text("utf-8"))
    assert figures["schema_version"] == 1
    namespace: dict[str, object] = {}
    exec(_python_block(root / "docs" / "analysis.md"), namespace)
    by_team = namespace["by_team"]
    assert isinstance(by_team, pd.DataFrame)
    shown = {
        team: (int(row.graded), int(row.good_or_better), int(row.percent))
        for team, row in by_team.iterrows()
    }
    expected = {
        row["label"]: (row["graded"], row["good_or_better"], row["percent"])
        for row in figures["by_team"]
        if row["graded"]
    }
    assert shown == expected
    assert "Children's Social Care" in shown
    assert "Children's Social Care" in capsys.readouterr().out


def test_breakdowns_by_team_and_service_in_name_order_with_n_of_n() -> None:
    """Each team's audits, graded and Good or better; blank teams last as 'not recorded'."""
    from audit_docs.compute.breakdowns import breakdowns
    from audit_docs.records import Rating
    from tests.builders.audits import stored_audit

    audits = [
        stored_audit(key="1", team="Zeta", service_area="Early Help", overall=Rating("good")),
        stored_audit(
            key="2", team="Alpha", service_area="Early Help", overall=Rating("inadequate")
        ),
        stored_audit(key="3", team="Alpha", service_area=None, overall=Rating("outstanding")),
        stored_audit(key="4", team=" ", service_area="Child in Need", overall=Rating("n/a")),
    ]
    result = breakdowns(audits, min_graded=2)
    assert [
        (r["label"], r["audits"], r["graded"], r["good_or_better"], r["share_text"])
        for r in result["by_team"]
    ] == [
        ("Alpha", 2, 2, 1, "1/2 (50%)"),
        ("Zeta", 1, 1, 1, "1/1 (100%), too few to rank"),
        ("not recorded", 1, 0, 0, "0/0 (n/a)"),
    ]
    assert [r["label"] for r in result["by_service_area"]] == [
        "Child in Need",
        "Early Help",
        "not recorded",
    ]
