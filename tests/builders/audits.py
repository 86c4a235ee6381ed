"""StoredAudit records written in code, for computations that read the store's records."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from audit_docs.records import Action, Comments, Rating, StoredAudit


def stored_audit(**changes: Any) -> StoredAudit:
    """A form audit graded Good throughout with no answers; ``changes`` replace fields.

    ``sections`` may be given as {"2": "good"} (auditor's grade) or {"2": Rating(...)};
    ``overall`` as a grade key or a Rating; ``actions`` as tuples (action, who, when).
    """
    sections = changes.pop("sections", dict.fromkeys("2345678", "good"))
    overall = changes.pop("overall", "good")
    actions = changes.pop("actions", ())
    comments = changes.pop("comments", {})
    base = StoredAudit(
        key="h100001|2016-05-12",
        case_reference="H100001",
        audit_date=dt.date(2016, 5, 12),
        origin="form",
        form="early-help-practice-audit",
        service_area="Early Help",
        team="Early Help Hub North",
        auditor="Priya Sandhu",
        moderator=None,
        moderation_date=None,
        case_worker="Jo Marsh",
        team_manager="Ann Lee",
        overall=overall if isinstance(overall, Rating) else Rating(overall),
        moderated=False,
        child_age=9,
        months_in_early_help=6,
        ethnicity=None,
        thematic_round=None,
        sections={n: g if isinstance(g, Rating) else Rating(g) for n, g in sections.items()},
        practice_areas={},
        answers={},
        comments={n: c if isinstance(c, Comments) else Comments(c) for n, c in comments.items()},
        actions=tuple(a if isinstance(a, Action) else Action(*a) for a in actions),
        learning_actions=(),
    )
    return dataclasses.replace(base, **changes)
