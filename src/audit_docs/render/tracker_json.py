"""Tracker records as JSON: one object per record (one line each in a .jsonl file).

Every object starts with "source", "sheet", "row", "kind" and "table", then the record's own
fields as the tracker definition names them; dates are written YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from audit_docs.records import FileFailure, TrackerRecord, WorkbookReadResult
from audit_docs.render.extract_json import failure_to_dict, problem_to_dict


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def tracker_record_to_dict(record: TrackerRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "source": record.source,
        "sheet": record.sheet,
        "row": record.row,
        "kind": record.kind,
        "table": record.table,
    }
    for key, value in record.fields.items():
        if key not in out:
            out[key] = _plain(value)
    return out


def tracker_record_to_json_line(record: TrackerRecord) -> str:
    return json.dumps(tracker_record_to_dict(record), ensure_ascii=False, separators=(",", ":"))


def workbook_summary(result: WorkbookReadResult) -> dict[str, Any]:
    """What was read from one workbook, without its records: status, tables, problems."""
    if isinstance(result, FileFailure):
        return failure_to_dict(result)
    return {
        "source": result.source,
        "sha256": result.sha256,
        "status": "ok",
        "records": len(result.records),
        "sheets": [
            {
                "name": s.name,
                "hidden": s.hidden,
                "rows_used": s.rows_used,
                "tables": [
                    {
                        "number": t.number,
                        "kind": t.kind,
                        "header_row": t.header_row,
                        "first_row": t.first_row,
                        "last_row": t.last_row,
                        "records": t.records,
                        "columns": dict(t.columns),
                        "skipped": [{"row": n, "reason": why} for n, why in t.skipped],
                        "title": t.title,
                        "date": _plain(t.date),
                        "date_from": t.date_from,
                    }
                    for t in s.tables
                ],
            }
            for s in result.sheets
        ],
        "problems": [problem_to_dict(p) for p in result.problems],
    }
