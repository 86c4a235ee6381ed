"""One spreadsheet cell into one value, by the column's type.

openpyxl hands over what Excel stored: text, numbers, booleans, datetimes (for cells formatted
as dates) and error texts such as ``#REF!``. Text goes through ``values.py`` like everything
people write; the rest is checked here. Each function returns ``(value, problem)`` as the
converters in ``values.py`` do.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from audit_docs.read import values
from audit_docs.read.trackerdef import Column, TrackerDefinition
from audit_docs.read.values import Converted, Flaw
from audit_docs.records import TrackerScalar

EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Excel day numbers of the first and last day of the years an audit record can have
#: (values.FIRST_YEAR, LAST_YEAR: 32874 and 73050): a whole number in a date column inside
#: this range is a date whose cell lost its date format
_SERIAL_FIRST = (dt.date(values.FIRST_YEAR, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_LAST = (dt.date(values.LAST_YEAR, 12, 31) - _EXCEL_EPOCH).days
_DASHES = frozenset({"-", "--", "–", "—", "_", "."})
_NUMBERED_REF = re.compile(r"^(\d+)\s*[.)]$")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str | None:
    """What a cell shows, as text: numbers without a spurious ".0", dates as YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, str):
        return values.clean_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def plain(value: Any) -> TrackerScalar:
    """A cell under a header the definition does not know: kept, typed only as Excel typed it."""
    if isinstance(value, str):
        return values.clean_text(value)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else cell_text(value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else cell_text(value)
    return cell_text(value)


def _excel_error(value: Any) -> Flaw | None:
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return Flaw(
            "excel_error", f"the cell shows the Excel error {value.strip().upper()}, not a value"
        )
    return None


def _shown(date: dt.date) -> str:
    """A date as a UK reader writes it (not strftime: its years before 1000 vary by platform)."""
    return f"{date.day:02d}/{date.month:02d}/{date.year:04d}"


def to_cell_date(value: Any) -> Converted:
    if isinstance(value, dt.datetime):
        return values.within_years(value.date(), _shown(value))
    if isinstance(value, dt.date):
        return values.within_years(value, _shown(value))
    if isinstance(value, dt.time | dt.timedelta):
        return None, Flaw("not_a_date", f"'{cell_text(value)}' is a time, not a date")
    if isinstance(value, bool):
        return None, Flaw("not_a_date", f"'{cell_text(value)}' is not a date")
    if isinstance(value, int | float):
        if float(value).is_integer() and _SERIAL_FIRST <= value <= _SERIAL_LAST:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value)), None
        return None, Flaw(
            "not_a_date",
            f"the number {cell_text(value)} is not a date (write it as DD/MM/YYYY)",
        )
    return values.to_date(value)


def to_cell_integer(value: Any, unit: str | None) -> Converted:
    if isinstance(value, bool):
        return None, Flaw("not_whole_number", f"'{cell_text(value)}' is not a whole number")
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        if value.is_integer():
            return int(value), None
        return None, Flaw("not_whole_number", f"'{cell_text(value)}' is not a whole number")
    if isinstance(value, dt.date | dt.time):
        return None, Flaw(
            "not_whole_number",
            f"'{cell_text(value)}' is a date, not a number (Excel may have reformatted it)",
        )
    return values.to_integer(value, unit)


def _ref(value: Any) -> str | None:
    text = cell_text(value)
    if text is None or text in _DASHES:
        return None
    m = _NUMBERED_REF.match(text)
    return m.group(1) if m else text


def _text(value: Any) -> str | None:
    text = cell_text(value)
    return None if text is None or text in _DASHES else text


def convert(value: Any, column: Column, definition: TrackerDefinition) -> Converted:
    """The value of one cell under ``column``, or None and a sentence saying what is wrong."""
    if is_blank(value):
        return None, None
    if (error := _excel_error(value)) is not None:
        return None, error
    kind = column.type
    if kind == "text":
        return _text(value), None
    if kind == "ref":
        return _ref(value), None
    if kind == "date":
        return to_cell_date(value)
    if kind == "integer":
        return to_cell_integer(value, column.unit)
    text = None if isinstance(value, bool) else cell_text(value)
    if kind == "grade":
        if not isinstance(value, str):
            return None, Flaw(
                "not_a_grade", f"'{cell_text(value)}' is not a grade (write the word, e.g. Good)"
            )
        return values.to_grade_or_mark(value)
    if kind == "tick":
        return (value, None) if isinstance(value, bool) else values.to_tick(text)
    if kind == "measure":
        return (value, None) if isinstance(value, bool) else values.to_evidence(text)
    if kind == "answer":
        word, problem = values.to_choice(cell_text(value), definition.answers)
        if problem is None:
            return word, None
        # an answer in other words is kept as written: it is the family's own answer
        return _text(value), None
    raise AssertionError(f"column type {kind!r} has no converter")


def category(text: TrackerScalar, column: Column) -> str | None:
    """The category of a text value (school, health visitor...), or None when not listed."""
    if not column.categories or not isinstance(text, str):
        return None
    found, _ = values.to_choice(text, column.categories)
    return found if isinstance(found, str) else None
