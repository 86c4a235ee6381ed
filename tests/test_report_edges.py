"""Reports that must still be written when a chart has little or odd data to draw."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from audit_docs.compute.annual import Inputs, annual_figures
from audit_docs.compute.periods import FinancialYear
from audit_docs.records import Rating, ThematicResult
from audit_docs.render.annual_docx import chart_set, write_annual_report
from tests.builders.audits import stored_audit

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "annual-report.docx"


def _round(table: int, day: dt.date) -> list[ThematicResult]:
    return [
        ThematicResult("voc.xlsx", "VOC", table, "Voice", day, row, f"C{row}", "Seen", result, None)
        for row, result in enumerate(("evidenced", "not_evidenced"), 2)
    ]


def test_all_na_practice_areas_and_two_rounds_in_one_month(tmp_path: Path) -> None:
    """An audit log whose areas are all N/A has no area chart (its table stays); two rounds of
    a theme in one month are told apart in the chart, never an error."""
    audit = stored_audit(
        origin="audit-log", form=None, sections={}, practice_areas={"outcomes": Rating("n/a")}
    )
    thematic = _round(1, dt.date(2016, 4, 5)) + _round(2, dt.date(2016, 4, 20))
    f = annual_figures(Inputs(FinancialYear(2016), [audit], [], thematic, [], [], []))
    charts = chart_set(f)
    assert charts.get("areas_practice-area") is None  # no chart; the table is in the appendix
    assert "ranking:practice-area" in f["sentences"]["moved"]
    assert charts["thematic_1"] is not None
    target = tmp_path / "report.docx"
    write_annual_report(f, target, TEMPLATE)
    assert target.stat().st_size > 0
