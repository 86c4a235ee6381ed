"""The JSON object ``audit-docs extract`` prints per file (docs/contracts/extract-json.md)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from audit_docs.records import FileFailure, FormRecord, FormResult, Problem


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    return {
        "field": problem.field,
        "message": problem.message,
        "kind": problem.kind,
        "found": problem.found,
        "code": problem.code,
        "label": problem.label,
        "place": problem.place.parts(),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def failure_to_dict(failure: FileFailure) -> dict[str, Any]:
    """A file that could not be read: the same object for Word forms and Excel trackers."""
    return {
        "source": failure.source,
        "sha256": failure.sha256,
        "status": "error",
        "error": failure.error,
        "reason": failure.reason,
    }


def form_to_dict(record: FormResult) -> dict[str, Any]:
    """Contract keys first, in the contract's order; extra keys after them."""
    if isinstance(record, FileFailure):
        return failure_to_dict(record)
    r: FormRecord = record
    return {
        "source": r.source,
        "sha256": r.sha256,
        "status": "ok",
        "form": r.form,
        "header": {k: _plain(v) for k, v in r.header.items()},
        "ratings": {
            n: {"auditor": x.auditor, "moderator": x.moderator} for n, x in r.ratings.items()
        },
        "answers": dict(r.answers),
        "family_feedback": dict(r.family_feedback),
        "actions": [{"action": a.action, "who": a.who, "when": a.when} for a in r.actions],
        "problems": [problem_to_dict(p) for p in r.problems],
        "action_updates": [
            {"action": a.action, "update": a.update} for a in r.actions if a.update is not None
        ],
        "comments": {
            n: {"auditor": c.auditor, "moderator": c.moderator} for n, c in r.comments.items()
        },
        "practitioner_feedback": dict(r.practitioner_feedback),
        "bespoke": dict(r.bespoke),
        "learning_actions": list(r.learning_actions),
        "controls": dict(sorted(r.controls.items())),
        "tracked_changes": r.tracked_changes,
        "converted_from": r.converted_from,
    }


def to_json_line(record: FormResult) -> str:
    return json.dumps(form_to_dict(record), ensure_ascii=False, separators=(",", ":"))
