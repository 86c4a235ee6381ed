"""Finding tracker tables on one sheet by their header rows, and reading their rows.

A sheet is a list of rows of cell values (as openpyxl gives them, read once). A table starts
at a row whose cells are the headers of a tracker kind, wherever it stands: under title rows,
notes and blank rows, beside merged title cells, or under a second table. A header may take
two rows (a merged "Overall grade" over "Auditor" and "Moderator"). Every row under a header
is a case, a blank row, or a totals / notes row; the next header row starts the next table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from openpyxl.utils import get_column_letter

from audit_docs.places_in_files import Place
from audit_docs.read import values
from audit_docs.read.excel.recognise import unfit
from audit_docs.read.excel.tracker_cells import (
    category,
    cell_text,
    convert,
    is_blank,
    plain,
    to_cell_date,
)
from audit_docs.read.text import field_words
from audit_docs.read.trackerdef import Column, RoundRules, TrackerDefinition, header_keys
from audit_docs.read.values import Converted
from audit_docs.records import Problem, ProblemKind, TrackerRecord, TrackerTable, TrackerValue

Row = Sequence[Any]

#: first words of a row under a table that sums it up rather than being a case
SUMMARY_WORDS: frozenset[str] = frozenset(
    {
        "total",
        "totals",
        "grand total",
        "subtotal",
        "sub total",
        "sum",
        "count",
        "number of cases",
        "average",
        "mean",
        "median",
        "percentage",
        "percent",
        "current",
        "findings",
        "summary",
        "key",
        "note",
        "notes",
        "source",
        "overall judgement",
        "all cases",
    }
)
#: how many cases under a header are enough to judge what its columns hold
SAMPLE_CASES = 30
_SUMMARY_FIRST_WORDS = frozenset(w.split()[0] for w in SUMMARY_WORDS)
_PERCENT = re.compile(r"^\d+(?:[.,]\d+)?\s*%$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_DATE_TOKEN = re.compile(
    r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
)
_MONTH_YEAR = re.compile(
    r"(?<![a-z])(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[\s\-_'’]*(\d{4}|\d{2})(?!\d)",
    re.I,
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def cell_ref(sheet: str, column: int, row: int) -> Place:
    """The cell "Sheet1!D14" for the 0-based column and the 1-based row."""
    return Place.in_cell(sheet, get_column_letter(column + 1), row)


def _texts(row: Row) -> dict[int, str]:
    return {c: t for c, v in enumerate(row) if not is_blank(v) and (t := cell_text(v)) is not None}


def _filled(row: Row) -> dict[int, Any]:
    """The cells holding something (rows are tidied first: a blank text is None)."""
    return {c: v for c, v in enumerate(row) if v is not None}


def _tidy(row: Row) -> tuple[Any, ...]:
    return tuple(None if v.__class__ is str and not v.strip() else v for v in row)


# --- header rows ---------------------------------------------------------------------------


@dataclass
class Header:
    definition: TrackerDefinition
    #: the (lower) header row, 1-based, and how many rows the header takes
    row: int
    height: int
    #: 0-based column -> the column it is, and the header as written
    columns: dict[int, Column]
    labels: dict[int, str]
    #: headers the definition does not know, and headers naming a column already found
    unknown: dict[int, str] = field(default_factory=dict)
    duplicates: dict[int, int] = field(default_factory=dict)

    @property
    def score(self) -> int:
        return len(self.columns)

    @property
    def required_found(self) -> int:
        return sum(1 for c in self.columns.values() if c.required)

    def column_of(self, key: str) -> int | None:
        for i, c in self.columns.items():
            if c.key == key:
                return i
        return None


def _match_labels(
    definition: TrackerDefinition,
    labels: dict[int, str],
    row: int,
    height: int,
    fuzzy: bool = True,
) -> Header:
    header = Header(definition, row, height, {}, dict(labels))
    taken: dict[str, int] = {}
    for c in sorted(labels):
        column = definition.match(labels[c], fuzzy)
        if column is None:
            header.unknown[c] = labels[c]
        elif column.path in taken:
            header.duplicates[c] = taken[column.path]
        else:
            taken[column.path] = c
            header.columns[c] = column
    return header


def _two_row_labels(
    upper: Row, lower: Row, definition: TrackerDefinition, fuzzy: bool = True
) -> dict[int, str]:
    """Labels of a two-row header; a merged group label above is carried to the right."""
    up, low = _texts(upper), _texts(lower)
    labels: dict[int, str] = {}
    carried = None
    for c in range(max([*up, *low], default=-1) + 1):
        if c in up:
            carried = up[c]
        elif c not in low:
            carried = None
        above = up.get(c) or carried
        if c in low:
            candidates = [f"{above} {low[c]}", low[c]] if above else [low[c]]
        elif c in up:
            candidates = [up[c]]
        else:
            continue
        labels[c] = next((t for t in candidates if definition.match(t, fuzzy)), candidates[0])
    return labels


def _header_cells_ok(row: Row) -> bool:
    """Header rows hold words: a date, a number or a tick among them means a data row."""
    filled = _filled(row)
    if not filled:
        return False
    return not any(isinstance(v, dt.date | dt.time | bool) for v in filled.values())


def _acceptable(h: Header, strict: bool) -> bool:
    """Enough of the row's cells are this kind's headers, and not only generic ones."""
    cells = len(h.labels)
    if h.score < h.definition.min_match:
        return False
    if all(h.definition.is_generic(h.labels[c]) for c in h.columns):
        return False
    return h.score * (2 if strict else 3) >= cells


def _typed_columns(h: Header) -> dict[int, Column]:
    """The header's columns; where unknown headers are measures, those too."""
    columns = dict(h.columns)
    if h.definition.unknown_columns == "measure":
        for c, text in h.unknown.items():
            columns[c] = Column(key=text, label=text, type="measure", group="measures")
    return columns


def _cases_below(rows: Sequence[Row], start: int, h: Header) -> list[Row]:
    """The first rows under a header that would be read as cases, to judge the table by."""
    cases: list[Row] = []
    for row in rows[start : start + 4 * SAMPLE_CASES]:
        why = classify(row, h)
        if why == "note" or repeats_header(row, h):
            break  # a title or date line, or a header: the next table
        if why is None:
            cases.append(row)
            if len(cases) == SAMPLE_CASES:
                break
    return cases


def repeats_header(row: Row, h: Header) -> bool:
    """A row that repeats this table's header row (the next round's own header)."""
    labels = _texts(row)
    if len(labels) < 2 or not _header_cells_ok(row):
        return False
    same = sum(
        1
        for c, text in labels.items()
        if h.labels.get(c) and header_keys(text)[:1] == header_keys(h.labels[c])[:1]
    )
    return same * 2 >= len([t for t in h.labels.values() if t]) and same >= 2


@dataclass(frozen=True)
class Miss:
    """A row whose headers looked like a kind, but whose values did not fit it."""

    row: int
    title: str
    why: str


def find_header(
    rows: Sequence[Row],
    i: int,
    definitions: Sequence[TrackerDefinition],
    strict: bool,
    misses: list[Miss] | None = None,
) -> Header | None:
    """The header of a table starting at row index ``i`` (one or two rows), or None.

    ``strict`` (inside a table) asks half of the row's cells to be known headers, so a case
    row is never taken for a header. A header is only taken when the rows under it hold what
    its kind holds (``recognise.unfit``); one that does not is added to ``misses``.
    """
    row = rows[i]
    if not _header_cells_ok(row):
        return None
    labels = _texts(row)
    best: Header | None = None
    for d in definitions:
        # inside a table only exact headers start a new one: case rows are never compared
        # word by word with long questions
        h = _match_labels(d, labels, i + 1, 1, fuzzy=not strict)
        if h.score == 0:
            continue
        # the same table's header split over two rows (merged group labels above)
        if i + 1 < len(rows) and _header_cells_ok(rows[i + 1]):
            fuzzy = not strict
            two = _match_labels(d, _two_row_labels(row, rows[i + 1], d, fuzzy), i + 2, 2, fuzzy)
            below = _match_labels(d, _texts(rows[i + 1]), i + 2, 1, fuzzy)
            if two.score > h.score and two.score > below.score:
                h = two
        if not _acceptable(h, strict):
            continue
        start = i + h.height
        _headerless_first_column(h, rows, start)
        why = unfit(d, _typed_columns(h), _cases_below(rows, start, h))
        if why is not None:
            if misses is not None:
                misses.append(Miss(h.row, d.title, why))
            continue
        if best is None or (h.score, h.required_found) > (best.score, best.required_found):
            best = h
    return best


def closest_header(rows: Sequence[Row], definitions: Sequence[TrackerDefinition]) -> int | None:
    """For a sheet where no table was found: the row that looks most like a header."""
    best: tuple[int, int, int] | None = None
    for i, row in enumerate(rows[:200]):
        filled = _filled(row)
        # a header row is all words; the first of the best such rows is shown
        if len(filled) < 2 or not all(isinstance(v, str) for v in filled.values()):
            continue
        labels = _texts(row)
        score = max(_match_labels(d, labels, i + 1, 1).score for d in definitions)
        if best is None or (score, len(labels)) > best[:2]:
            best = (score, len(labels), i)
    return None if best is None else best[2]


# --- rows under a header -------------------------------------------------------------------


def _numberish(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and bool(
        _PERCENT.match(value.strip()) or _NUMBER.match(value.strip())
    )


def _percent(value: Any) -> bool:
    return isinstance(value, str) and bool(_PERCENT.match(value.strip()))


def _summary_start(text: Any) -> bool:
    if not isinstance(text, str):
        return False
    stripped = text.lstrip(" *(")
    if stripped.startswith("%"):
        return True
    first_word = stripped.split(None, 1)[0].casefold().rstrip(":.") if stripped else ""
    if first_word not in _SUMMARY_FIRST_WORDS:
        return False
    keys = header_keys(text)
    if not keys or len(keys[0].split()) > 4:
        return False
    first = keys[0]
    return any(first == w or first.startswith(w + " ") for w in SUMMARY_WORDS)


def classify(row: Row, header: Header) -> str | None:
    """Why a row under the header is not a case ("blank", "totals or summary row", "note"),
    or None for a case."""
    filled = _filled(row)
    if not filled:
        return "blank"
    ordered = [filled[c] for c in sorted(filled)]
    if _summary_start(ordered[0]):
        return "totals or summary row"
    rest = ordered[1:]
    if rest and sum(1 for v in rest if _percent(v)) * 2 >= len(rest):
        return "totals or summary row"
    identity = header.column_of(header.definition.identity) if header.definition.identity else None
    if (identity is None or identity not in filled) and all(_numberish(v) for v in ordered):
        return "totals or summary row"
    if len(filled) == 1:
        ((c, v),) = filled.items()
        if isinstance(v, str) and (
            c != identity or len(v.split()) >= 4 or _round_line(header.definition.round).match(v)
        ):
            return "note"
    return None


@cache
def _round_line(rules: RoundRules | None) -> re.Pattern[str]:
    """A line such as "Audit date: 16/08/2016" or "Auditor: ...": above a table, never a case."""
    labels = (*rules.date_labels, *rules.other_labels) if rules else ("audit date",)
    return _label_pattern(labels)


# --- the lines above a table: its title and date -------------------------------------------


def _label_pattern(labels: Sequence[str]) -> re.Pattern[str]:
    alts = sorted((r"[\W_]*".join(map(re.escape, lbl.split())) for lbl in labels), key=len)
    return re.compile(rf"^\W*(?:{'|'.join(reversed(alts))})\s*(?:[:\-–—=]|\s)\s*(.*)$", re.I | re.S)


def _date_in(text: str) -> dt.date | None:
    date, problem = values.to_date(text)
    if problem is None and isinstance(date, dt.date):
        return date
    for m in _DATE_TOKEN.finditer(text):
        date, problem = values.to_date(m.group(0))
        if problem is None and isinstance(date, dt.date):
            return date
    return None


def date_from_sheet_name(name: str) -> dt.date | None:
    """ "August 2016", "Apr 17", "VOC aug-2016" -> the first day of that month."""
    if date := _date_in(name.replace("_", " ")):
        return date
    m = _MONTH_YEAR.search(name)
    if not m:
        return None
    year = int(m.group(2))
    year = 2000 + year if year < 100 else year
    return dt.date(year, _MONTHS[m.group(1).casefold()[:3]], 1)


@dataclass
class Preamble:
    title: str | None = None
    date: dt.date | None = None
    date_row: int | None = None


def read_preamble(lines: Sequence[tuple[int, Row]], definition: TrackerDefinition) -> Preamble:
    """The table's title and date from the lines above its header.

    The date is the nearest "Date of Audit: 16/08/2016" line (or the label in one cell and
    the date in the next). The title is the top line of the nearest block of lines (blocks
    are separated by blank rows) that is neither a date nor an auditor / period line.
    """
    rules = definition.round
    date_labels = rules.date_labels if rules else ("date of audit", "audit date", "date")
    other_labels = rules.other_labels if rules else ()
    date_re = _label_pattern(date_labels)
    other_re = _label_pattern(other_labels) if other_labels else None
    out = Preamble()
    block_title: str | None = None
    previous: int | None = None
    for number, row in reversed(lines):
        if previous is not None and previous - number > 1:  # a blank row: a new block
            if block_title is not None and out.title is None:
                out.title = block_title
            block_title = None
        previous = number
        cells = [v for v in row if not is_blank(v)]
        text = " ".join(t for v in cells if (t := cell_text(v)))
        if not text:
            continue
        m = date_re.match(text)
        if m:
            if out.date is None:
                dated = [v for v in cells[1:] if isinstance(v, dt.date | int | float)]
                date = to_cell_date(dated[0])[0] if dated else _date_in(m.group(1))
                if date is not None:
                    out.date, out.date_row = date, number
            continue
        if other_re is not None and other_re.match(text):
            continue
        block_title = text
    if out.title is None:
        out.title = block_title
    return out


# --- reading a table -----------------------------------------------------------------------


@dataclass
class TableRead:
    table: TrackerTable
    records: list[TrackerRecord]
    problems: list[Problem]


def _headerless_first_column(header: Header, rows: Sequence[Row], start: int) -> None:
    """A first column with no header holding case numbers is the case column (thematic)."""
    key = header.definition.first_column_if_blank
    if key is None or header.column_of(key) is not None or not header.labels:
        return
    c = min(header.labels) - 1
    if c < 0:
        return
    for row in rows[start : start + 8]:
        if c < len(row) and row[c] is not None:
            header.columns[c] = header.definition.column(key)
            header.labels[c] = ""
            return


class TableReader:
    """Reads the rows under one header into records, problems and a table report."""

    def __init__(
        self,
        *,
        source: str,
        sheet: str,
        number: int,
        header: Header,
        preamble: Sequence[tuple[int, Row]],
        rows: Sequence[Row],
    ) -> None:
        self.source, self.sheet, self.number, self.h = source, sheet, number, header
        self.d = header.definition
        _headerless_first_column(header, rows, header.row)
        self.preamble = read_preamble(preamble, self.d)
        self.records: list[TrackerRecord] = []
        self.problems: list[Problem] = []
        self.skipped: list[tuple[int, str]] = []
        #: notes seen since the last case: they may be the next table's title lines
        self.pending: list[tuple[int, Row, str]] = []
        self.headerless: dict[int, list[int]] = {}
        #: (column, cell value) -> converted: the same grade word is read once per column
        self._converted: dict[tuple[int, type, Any], Converted] = {}
        self._template = self._empty_fields()
        self._header_problems()

    # problems about the header itself, once per table
    def _header_problems(self) -> None:
        h, d = self.h, self.d
        cols = sorted(h.labels) or [0]
        span = Place.in_cell(
            self.sheet, get_column_letter(cols[0] + 1), h.row, get_column_letter(cols[-1] + 1)
        )
        for column in d.required:
            if h.column_of(column.key) is None:
                spellings = ", ".join(f"'{s}'" for s in (column.label, *column.aliases[:4]))
                self.problems.append(
                    Problem(
                        span,
                        f"the {d.title} table on sheet '{self.sheet}' (headers in row {h.row}) "
                        f"has no '{column.label}' column, which every case needs; name its "
                        f"header one of {spellings}",
                        "missing",
                        code="missing_column",
                        label=f"{field_words(column.label)} column",
                    )
                )
        if d.unknown_columns == "other":
            for c, text in h.unknown.items():
                self.problems.append(
                    Problem(
                        cell_ref(self.sheet, c, h.row),
                        f"the header '{text}' (column {get_column_letter(c + 1)}) is not one "
                        f"the {d.title} knows; its values are kept as written under 'other'",
                        "notice",
                        text,
                        code="unknown_header",
                        label=self._words(c, h.row),
                    )
                )
        for c, first in h.duplicates.items():
            self.problems.append(
                Problem(
                    cell_ref(self.sheet, c, h.row),
                    f"the header '{h.labels[c]}' (column {get_column_letter(c + 1)}) names the "
                    f"same thing as '{h.labels[first]}' (column {get_column_letter(first + 1)}); "
                    "the first is read as that column and this one is kept under 'other'",
                    "ambiguous",
                    h.labels[c],
                    code="duplicate_header",
                    label=self._words(c, h.row),
                )
            )

    def _label(self, c: int) -> str:
        text = self.h.labels.get(c)
        if text:
            return text
        column = self.h.columns.get(c)
        return column.label if column else f"column {get_column_letter(c + 1)}"

    def _words(self, c: int, row: int) -> str:
        """A cell as the advice names it: "'Audit date' (cell B4 on sheet 'Log')"."""
        where = f"cell {get_column_letter(c + 1)}{row} on sheet '{self.sheet}'"
        return f"{field_words(self._label(c))} ({where})"

    def _cell_problem(
        self, c: int, row: int, message: str, kind: ProblemKind, *, code: str, found: Any = None
    ) -> None:
        self.problems.append(
            Problem(
                cell_ref(self.sheet, c, row),
                f"'{self._label(c)}' in row {row}: {message}",
                kind,
                cell_text(found) if found is not None else None,
                code=code,
                label=self._words(c, row),
            )
        )

    def _empty_fields(self) -> dict[str, TrackerValue]:
        fields: dict[str, Any] = {}
        present = {c.path for c in self.h.columns.values()}
        for column in self.d.columns:
            if column.type == "measure" and column.path not in present:
                continue
            target = fields.setdefault(column.group, {}) if column.group else fields
            target[column.label if column.type == "measure" else column.key] = None
            if column.categories:
                fields[f"{column.key}_category"] = None
        if self.d.unknown_columns == "measure":
            fields.setdefault("measures", {})
        return fields

    def add_row(self, number: int, row: Row) -> None:
        why = classify(row, self.h)
        if why == "blank":
            return
        if why is not None:
            self.pending.append((number, row, why))
            return
        for n, skipped_row, reason in self.pending:
            self.skipped.append((n, reason))
            filled = _filled(skipped_row)
            text = " | ".join(t for v in filled.values() if (t := cell_text(v)))
            self.problems.append(
                Problem(
                    cell_ref(self.sheet, min(filled), n),
                    f"row {n} sits between cases but was read as a {reason}, not a case "
                    f"('{text[:80]}'); check it",
                    "notice",
                    text,
                    code="row_not_a_case",
                    label=f"row {n} on sheet '{self.sheet}'",
                )
            )
        self.pending.clear()
        self.records.append(self._record(number, row))

    def pending_notes(self) -> bool:
        """A title or date line was met since the last case: a new table may follow."""
        return any(why == "note" for _, _, why in self.pending)

    def hand_over(self) -> list[tuple[int, Row]]:
        """Notes under the last case, which may be the next table's title lines; the rest of
        what is pending (totals) stays with this table."""
        notes = [(n, r) for n, r, why in self.pending if why == "note"]
        self.pending = [p for p in self.pending if p[2] != "note"]
        return notes

    def _convert(self, c: int, value: Any, column: Column) -> Converted:
        memo = (c, value.__class__, value)  # True == 1, yet not the same cell
        found = self._converted.get(memo)
        if found is None:
            found = convert(value, column, self.d)
            if len(self._converted) < 20_000:
                self._converted[memo] = found
        return found

    def _record(self, number: int, row: Row) -> TrackerRecord:
        fields = {k: dict(v) if isinstance(v, dict) else v for k, v in self._template.items()}
        other: dict[str, Any] = {}
        for c, value in enumerate(row):
            if value is None:
                continue
            column = self.h.columns.get(c)
            if column is None:
                self._other(c, number, value, fields, other)
                continue
            converted, problem = self._convert(c, value, column)
            if problem is not None:
                self._cell_problem(
                    c, number, problem.text, "unreadable", code=problem.code, found=value
                )
            target = fields[column.group] if column.group else fields
            assert isinstance(target, dict)
            target[column.label if column.type == "measure" else column.key] = converted
            if column.categories:
                fields[f"{column.key}_category"] = category(converted, column)
        for column in self.d.required:
            at = self.h.column_of(column.key)
            if at is not None and (at >= len(row) or row[at] is None):
                self._cell_problem(
                    at, number, "is empty; every case needs it", "missing", code="missing"
                )
        if other:
            fields["other"] = other
        return TrackerRecord(self.source, self.sheet, number, self.d.kind, fields, self.number)

    def _other(
        self, c: int, number: int, value: Any, fields: dict[str, Any], other: dict[str, Any]
    ) -> None:
        if c in self.h.unknown and self.d.unknown_columns == "measure":
            fields["measures"][self.h.unknown[c]] = values.to_evidence(cell_text(value))[0]
            return
        if c in self.h.unknown or c in self.h.duplicates:
            other[self.h.labels[c]] = plain(value)
            return
        self.headerless.setdefault(c, []).append(number)
        other[f"column {get_column_letter(c + 1)}"] = plain(value)

    def finish(self) -> TableRead:
        for n, _, reason in self.pending:
            self.skipped.append((n, reason))
        for c, numbers in self.headerless.items():
            letter = get_column_letter(c + 1)
            where = f"row {numbers[0]}" if len(numbers) == 1 else f"rows {numbers[0]}–{numbers[-1]}"
            self.problems.append(
                Problem(
                    cell_ref(self.sheet, c, self.h.row),
                    f"column {letter} holds values ({where}) but has "
                    f"no header; they are kept as written under 'other' as 'column {letter}'; "
                    "give the column a header",
                    "notice",
                    code="headerless_column",
                    label=f"column {letter} on sheet '{self.sheet}'",
                )
            )
        if self.d.unknown_columns == "measure":
            self._measures_without_marks()
        title, date, date_from = self._round()
        if self.d.round is not None:
            for r in self.records:
                r.fields["round_title"] = title
                r.fields["round_date"] = date
            if date is None and self.records:
                self.problems.append(
                    Problem(
                        cell_ref(self.sheet, min(self.h.labels or [0]), self.h.row),
                        f"the {self.d.title} round on sheet '{self.sheet}' (headers in row "
                        f"{self.h.row}) has no date: write 'Date of audit: DD/MM/YYYY' above "
                        "the table, or name the sheet after the month",
                        "missing",
                        code="no_round_date",
                        label=f"the round on sheet '{self.sheet}' (headers in row {self.h.row})",
                    )
                )
        columns = {}
        for c in sorted({*self.h.columns, *self.h.unknown, *self.h.duplicates}):
            col = self.h.columns.get(c)
            if col is not None:
                name = col.label if col.type == "measure" else col.key
                columns[get_column_letter(c + 1)] = f"{col.group}.{name}" if col.group else name
            elif c in self.h.unknown and self.d.unknown_columns == "measure":
                columns[get_column_letter(c + 1)] = f"measures.{self.h.unknown[c]}"
            else:
                columns[get_column_letter(c + 1)] = f"other.{self.h.labels[c]}"
        rows = [r.row for r in self.records]
        table = TrackerTable(
            sheet=self.sheet,
            number=self.number,
            kind=self.d.kind,
            header_row=self.h.row,
            columns=columns,
            records=len(self.records),
            first_row=rows[0] if rows else None,
            last_row=rows[-1] if rows else None,
            skipped=tuple(self.skipped),
            title=title,
            date=date,
            date_from=date_from,
        )
        return TableRead(table, self.records, self.problems)

    def _measures_without_marks(self) -> None:
        """A column taken as a measure (its header is not a known one) that holds words but
        no tick or cross anywhere is probably not a measure: say so."""
        for c, label in self.h.unknown.items():
            marks = [(r.fields.get("measures") or {}).get(label) for r in self.records]  # type: ignore[union-attr]
            if any(m is not None for m in marks) and not any(isinstance(m, bool) for m in marks):
                self.problems.append(
                    Problem(
                        cell_ref(self.sheet, c, self.h.row),
                        f"the column '{label}' (column {get_column_letter(c + 1)}) was read as "
                        "a measure, but it holds no tick or cross, so no case counts for it; "
                        "if it is not a measure, add its header to the thematic definition",
                        "notice",
                        label,
                        code="measure_without_marks",
                        label=self._words(c, self.h.row),
                    )
                )

    def _round(self) -> tuple[str | None, dt.date | None, str | None]:
        title = self.preamble.title
        if self.d.round is not None and title is None:
            title = self.sheet
        dates = [d for r in self.records if isinstance(d := r.fields.get("audit_date"), dt.date)]
        if self.d.round is not None and dates:
            return title, max(dates), "date column"
        if self.preamble.date is not None:
            return title, self.preamble.date, f"line above the table (row {self.preamble.date_row})"
        if self.d.round is not None and (date := date_from_sheet_name(self.sheet)):
            return title, date, "sheet name"
        return title, None, None


def _next_header(
    rows: Sequence[Row],
    i: int,
    definitions: Sequence[TrackerDefinition],
    current: TableReader | None,
    misses: list[Miss],
) -> Header | None:
    """The header starting at row index ``i``, if one does.

    Under a table's cases only a row that is clearly a header starts a new table (a case row
    must never be taken for one), unless a title or date line stands just above it. A row
    repeating the table's own header always starts a new table of the same kind.
    """
    if current is None or not current.records:
        return find_header(rows, i, definitions, strict=False, misses=misses)
    strict = not current.pending_notes()
    header = find_header(rows, i, definitions, strict=strict)
    if header is None and repeats_header(rows[i], current.h):
        header = find_header(rows, i, [current.d], strict=False) or Header(
            current.d,
            i + 1,
            1,
            dict(current.h.columns),
            _texts(rows[i]),
            dict(current.h.unknown),
            dict(current.h.duplicates),
        )
    return header


def read_sheet(
    source: str, sheet: str, rows: Sequence[Row], definitions: Sequence[TrackerDefinition]
) -> tuple[list[TableRead], list[Problem]]:
    """Every table on one sheet, in order; and the sheet's own notice when none is found."""
    rows = [_tidy(r) for r in rows]
    reads: list[TableRead] = []
    current: TableReader | None = None
    above: list[tuple[int, Row]] = []
    misses: list[Miss] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if not _filled(row):
            i += 1
            continue
        header = _next_header(rows, i, definitions, current, misses)
        if header is not None:
            if current is not None:
                above = current.hand_over()
                reads.append(current.finish())
            current = TableReader(
                source=source,
                sheet=sheet,
                number=len(reads) + 1,
                header=header,
                preamble=above,
                rows=rows,
            )
            above = []
            i += header.height
            continue
        if current is None:
            above.append((i + 1, row))
        else:
            current.add_row(i + 1, row)
        i += 1
    if current is not None:
        reads.append(current.finish())
    if reads or not any(_filled(r) for r in rows):
        return reads, []
    return reads, [_no_table(sheet, rows, definitions, misses)]


def _no_table(
    sheet: str, rows: Sequence[Row], definitions: Sequence[TrackerDefinition], misses: list[Miss]
) -> Problem:
    """The sheet's notice: no tracker table on it, and the nearest thing to one."""
    if misses:
        miss = misses[0]
        shown = ", ".join(f"'{t}'" for t in list(_texts(rows[miss.row - 1]).values())[:6])
        return Problem(
            cell_ref(sheet, min(_texts(rows[miss.row - 1])), miss.row),
            f"sheet '{sheet}' holds no tracker table: the headers in row {miss.row} ({shown}) "
            f"match the {miss.title}, but {miss.why}",
            "notice",
            code="sheet_not_a_tracker",
            label=f"sheet '{sheet}'",
        )
    at = closest_header(rows, definitions)
    if at is None:
        return Problem(
            Place.in_cell(sheet, "A", 1),
            f"sheet '{sheet}' holds no tracker table: no row holds the headers of one",
            "notice",
            code="sheet_not_a_tracker",
            label=f"sheet '{sheet}'",
        )
    labels = _texts(rows[at])
    shown = ", ".join(f"'{t}'" for t in list(labels.values())[:6])
    generic = [
        labels[c]
        for d in definitions
        for c in _match_labels(d, labels, at + 1, 1).columns
        if d.is_generic(labels[c])
    ]
    why = (
        f"match a tracker's only in generic headers ({', '.join(dict.fromkeys(generic))}), "
        "which is not enough"
        if generic
        else "are not those of any kind of tracker"
    )
    return Problem(
        cell_ref(sheet, min(labels), at + 1),
        f"sheet '{sheet}' holds no tracker table: the headers in row {at + 1} ({shown}) {why}",
        "notice",
        code="sheet_not_a_tracker",
        label=f"sheet '{sheet}'",
    )
