"""The year's audits by team and by service area, for analysts: how many audits, how many
graded, how many Good or better (n of N beside the percentage).

The rows are in the order of their names, never by their share: a team with three graded
audits is not compared with one of thirty. ``ranked`` says whether a row has enough graded
audits (the report's threshold) for its share to be quoted; the reports themselves rank
nothing by team. A team or service area is what the audit log or the form's header says,
written as found; audits that say none are counted under "not recorded".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypedDict

from audit_docs.compute.figures import GroupFigures
from audit_docs.compute.grades import count, final, good_or_better
from audit_docs.compute.messages import share_cell
from audit_docs.records import StoredAudit

#: the row of audits whose team (or service area) nobody recorded
NOT_RECORDED = "not recorded"


class Breakdowns(TypedDict):
    by_team: list[GroupFigures]
    by_service_area: list[GroupFigures]


def _overall(audit: StoredAudit) -> str | None:
    return final(audit.overall)


def _group(
    audits: Iterable[StoredAudit], key: Callable[[StoredAudit], str | None], min_graded: int
) -> list[GroupFigures]:
    groups: dict[str, list[StoredAudit]] = {}
    for audit in audits:
        label = (key(audit) or "").strip() or NOT_RECORDED
        groups.setdefault(label, []).append(audit)
    rows: list[GroupFigures] = []
    for label in sorted(groups, key=lambda g: (g == NOT_RECORDED, g.casefold(), g)):
        members = groups[label]
        n, graded, share = good_or_better(count(_overall(a) for a in members))
        ranked = graded >= min_graded and share is not None
        rows.append(
            {
                "label": label,
                "audits": len(members),
                "graded": graded,
                "good_or_better": n,
                "percent": share,
                "share_text": share_cell(n, graded, ranked),
                "ranked": ranked,
            }
        )
    return rows


def breakdowns(audits: Iterable[StoredAudit], min_graded: int) -> Breakdowns:
    """The audits (of one year) by team and by service area."""
    audits = list(audits)
    return {
        "by_team": _group(audits, lambda a: a.team, min_graded),
        "by_service_area": _group(audits, lambda a: a.service_area, min_graded),
    }
