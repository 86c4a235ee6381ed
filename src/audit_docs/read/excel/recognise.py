"""Whether the values under a header row make the table a tracker of the header's kind.

Headers alone let in everyday workbooks: "Name, Date, Number, Formula" names a case column
and a date column of a thematic round. A kind's definition therefore also says what its
cells hold (``recognise: values`` in ``read/trackers/<kind>.yaml``): a thematic round's
measure columns hold ticks and crosses, an audit log's date column dates and its grade
column grade words. A table is that kind only when enough of its columns mostly do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from audit_docs.read.excel.tracker_cells import convert, is_blank
from audit_docs.read.trackerdef import Column, TrackerDefinition, ValueRule
from audit_docs.records import GRADES

#: "mostly": at least this share of a column's filled cells (not counting neutral ones)
MOSTLY = 0.5


def _fits(value: Any, column: Column, definition: TrackerDefinition) -> bool | None:
    """Whether one cell holds what its column's type holds; None when it says nothing either
    way (a grade column's "N/A")."""
    converted, problem = convert(value, column, definition)
    if problem is not None or converted is None:
        return False
    if column.type == "date":
        return isinstance(converted, dt.date)
    if column.type == "grade":
        return True if converted in GRADES else None
    if column.type == "measure":
        return isinstance(converted, bool)
    if column.type == "answer":
        return converted in definition.answers
    return True


def _mostly_fits(
    c: int, column: Column, definition: TrackerDefinition, cases: Iterable[Any]
) -> bool:
    verdicts = [
        _fits(row[c], column, definition) for row in cases if c < len(row) and not is_blank(row[c])
    ]
    counted = [v for v in verdicts if v is not None]
    return bool(counted) and sum(counted) >= MOSTLY * len(counted)


def _takes(rule: ValueRule, column: Column) -> bool:
    return column.key == rule.key if rule.key else column.type == rule.type


def _named(columns: Sequence[Column]) -> str:
    names = [f"'{c.label}'" for c in columns[:3]]
    more = " and others" if len(columns) > 3 else ""
    return (" and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]) + more


def unfit(
    definition: TrackerDefinition, columns: Mapping[int, Column], cases: Sequence[Any]
) -> str | None:
    """Why the ``cases`` (rows under the header) under ``columns`` do not make a table of
    this kind, as words to follow "it is not a <kind>:"; None when they do."""
    if definition.identity and not any(c.key == definition.identity for c in columns.values()):
        return f"it has no '{definition.column(definition.identity).label}' column"
    if definition.recognise.values and not cases:
        return "no case is listed under its headers"
    for rule in definition.recognise.values:
        taken = {c: col for c, col in columns.items() if _takes(rule, col)}
        if not taken:
            what = f"'{definition.column(rule.key).label}'" if rule.key else f"{rule.type}"
            return f"it has no {what} column"
        fitting = sum(1 for c, col in taken.items() if _mostly_fits(c, col, definition, cases))
        if fitting < rule.at_least:
            many = (
                "at least two columns"
                if rule.at_least == 2
                else (f"at least {rule.at_least} columns" if rule.at_least > 1 else "a column")
            )
            return (
                f"it needs {many} mostly holding {rule.holding}, and the cells under "
                f"{_named(list(taken.values()))} do not"
            )
    return None
