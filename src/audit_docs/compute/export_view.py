"""The export's tables as people read them: which column holds what, and the grade words.

The store keeps dates as ISO text and grades as keys (``requires_improvement``). A workbook
for people shows real dates and numbers, and beside each grade key the grade as the reports
print it ("Requires Improvement"), in a column named after the key's with ``_words``
(``overall_final_words``). The pandas frames (``audit_docs.analysis``) read the same column
lists, so a column is typed the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from audit_docs.compute.grades import GRADE_WORDS

#: columns holding a calendar date (YYYY-MM-DD) and a UTC time stamp (ISO 8601)
DATES = frozenset({"audit_date", "moderation_date", "response_date", "round_date", "check_date"})
STAMPS = frozenset({"ingested_at", "replaced_at", "forgotten_at"})
#: columns holding a grade key, by table (elsewhere "auditor" and "moderator" are names)
GRADE_COLUMNS: dict[str, frozenset[str]] = {
    "audits": frozenset({"overall_auditor", "overall_moderator", "overall_final"}),
    "section_ratings": frozenset({"auditor", "moderator", "final"}),
    "quality_checks": frozenset({"grade"}),
}
COUNTS = frozenset(
    {"child_age", "months_in_early_help", "age", "row", "position", "size", "table_no"}
)
FLAGS = frozenset({"moderated"})
#: a grade cell's words: the four grades as the reports print them, and a tracker's own
#: "N/A" and "Not recorded"
WORDS = {**GRADE_WORDS, "n/a": "N/A", "not_recorded": "Not recorded"}
WORDS_SUFFIX = "_words"

Kind = Literal["text", "date", "datetime", "number", "bool"]

#: Excel's limits (Excel specifications and limits): rows on a sheet, characters in a cell
MAX_ROWS = 1_048_576
MAX_CELL = 32_767
#: the sheet holding, whole, every text longer than a cell holds
LONG_VALUES = "Long values"


@dataclass(frozen=True)
class ExportColumn:
    """A column as written: its name, what its values are, and the stored column it shows
    (``words``: the grade words of that column)."""

    name: str
    kind: Kind
    source: str
    words: bool = False


def kind_of(column: str) -> Kind:
    if column in DATES:
        return "date"
    if column in STAMPS:
        return "datetime"
    if column in COUNTS:
        return "number"
    if column in FLAGS:
        return "bool"
    return "text"


def export_columns(table: str, names: Sequence[str]) -> list[ExportColumn]:
    """The columns of ``table`` as written for people: each stored column, and after each
    grade column its words."""
    grades = GRADE_COLUMNS.get(table, frozenset())
    columns = []
    for name in names:
        columns.append(ExportColumn(name, kind_of(name), name))
        if name in grades:
            columns.append(ExportColumn(f"{name}{WORDS_SUFFIX}", "text", name, words=True))
    return columns


def _date(text: Any) -> Any:
    """A stored date as a date; a value that is no ISO date is kept as it is (never guessed)."""
    if isinstance(text, str):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _stamp(text: Any) -> Any:
    """A stored UTC time stamp as a date-time in UTC (spreadsheets hold no time zone)."""
    if isinstance(text, str):
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
    return text


def cell_words(grades: Mapping[str, str]) -> dict[str, str]:
    """A grade cell's words: ``grades`` (the council's own, compute/grades.grade_words, or
    the usual four), and a tracker's own "N/A" and "Not recorded"."""
    return {**WORDS, **grades}


def _said(words: Mapping[str, str]) -> Callable[[Any], Any]:
    def said(key: Any) -> Any:
        return words.get(key, key) if isinstance(key, str) else key

    return said


def typed_row(
    names: Sequence[str], columns: Sequence[ExportColumn], words: Mapping[str, str] = WORDS
) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function turning a stored row (values in the order of ``names``) into the row as
    written: dates and time stamps as values, grade words (``words``) beside the keys."""
    _words = _said(words)
    position = {name: i for i, name in enumerate(names)}
    steps: list[tuple[int, Callable[[Any], Any] | None]] = []
    for c in columns:
        convert = (
            _words
            if c.words
            else _date
            if c.kind == "date"
            else _stamp
            if c.kind == "datetime"
            else None
        )
        steps.append((position[c.source], convert))
    if all(convert is None for _, convert in steps) and [i for i, _ in steps] == list(
        range(len(names))
    ):
        return tuple

    def row(values: Sequence[Any]) -> tuple[Any, ...]:
        return tuple([values[i] if f is None else f(values[i]) for i, f in steps])

    return row


def text_row(
    names: Sequence[str], columns: Sequence[ExportColumn], words: Mapping[str, str] = WORDS
) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function turning a stored row into the row as a text file carries it: values as
    stored (ISO dates), grade words (``words``) beside the keys."""
    _words = _said(words)
    position = {name: i for i, name in enumerate(names)}
    steps = [(position[c.source], c.words) for c in columns]

    def row(values: Sequence[Any]) -> tuple[Any, ...]:
        return tuple([_words(values[i]) if words else values[i] for i, words in steps])

    return row


def written_line(
    rows: dict[str, int],
    where: Path | None,
    continued: dict[str, list[str]] | None = None,
    cut: int = 0,
) -> str:
    """What the export wrote where, in one line: "Wrote the table audits (1,000 rows) to …"."""
    place = str(where) if where is not None else "standard output"
    if len(rows) == 1:
        ((name, n),) = rows.items()
        line = f"Wrote the table {name} ({_rows(n)}) to {place}."
    else:
        line = f"Wrote {len(rows)} tables ({_rows(sum(rows.values()))}) to {place}."
    for name, sheets in (continued or {}).items():
        line += (
            f" The table {name} is longer than one Excel sheet holds ({MAX_ROWS:,} rows): it "
            f"fills {len(sheets)} sheets, {', '.join(repr(s) for s in sheets)}."
        )
    if cut:
        line += (
            f" {cut:,} {'text' if cut == 1 else 'texts'} longer than an Excel cell holds ({MAX_CELL:,} characters) "
            f"{'is' if cut == 1 else 'are'} cut there and written whole on the sheet "
            f"'{LONG_VALUES}'."
        )
    return line


def _rows(n: int) -> str:
    return f"{n:,} {'row' if n == 1 else 'rows'}"
