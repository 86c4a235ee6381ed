"""Reporting periods: the UK financial year (April to March) and its quarters."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.date
    end: dt.date
    #: the months in words, e.g. "April – June 2016"
    months: str

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class FinancialYear:
    """The year starting 1 April ``first``: ``FinancialYear(2016)`` is 2016-17."""

    first: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.first, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.first + 1, 3, 31)

    @property
    def short(self) -> str:
        return f"{self.first}-{(self.first + 1) % 100:02d}"

    @property
    def label(self) -> str:
        return f"April {self.first} – March {self.first + 1}"

    @property
    def previous(self) -> FinancialYear:
        return FinancialYear(self.first - 1)

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def quarters(self) -> tuple[Period, ...]:
        spans = ((self.first, 4), (self.first, 7), (self.first, 10), (self.first + 1, 1))
        quarters = []
        for n, (year, month) in enumerate(spans, 1):
            start = dt.date(year, month, 1)
            last_month = month + 2
            end = (
                dt.date(year, last_month + 1, 1) - dt.timedelta(days=1)
                if last_month < 12
                else dt.date(year, 12, 31)
            )
            months = f"{_MONTHS[month - 1]} – {_MONTHS[last_month - 1]} {year}"
            quarters.append(Period(f"Q{n}", start, end, months))
        return tuple(quarters)

    @staticmethod
    def of(day: dt.date) -> FinancialYear:
        return FinancialYear(day.year if day.month >= 4 else day.year - 1)


#: the financial years a report can be asked for (a typo such as 20016 is caught early)
FIRST_YEAR, LAST_YEAR = 1990, 2100
_ASKED_YEAR = re.compile(r"\s*(\d{4})\s*(?:[-/–]\s*(\d{2}|\d{4}))?\s*")


def day_words(day: dt.date) -> str:
    """A date as a sentence writes it: "1 August 2016"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def parse_year(text: str) -> FinancialYear | str:
    """The financial year asked for as 2016, 2016-17 or 2016/17 (also 2016-2017), or the
    sentence that says why ``text`` is not one (the caller decides how to refuse it)."""
    match = _ASKED_YEAR.fullmatch(text)
    if not match:
        return (
            f"‘{text}’ is not a financial year: write the year it starts in, as 2016, "
            "2016-17 or 2016/17."
        )
    first, second = int(match.group(1)), match.group(2)
    if second is not None and int(second) % 100 != (first + 1) % 100:
        return (
            f"‘{text}’ is not a financial year: the second year must follow the first, "
            f"as in {first}-{(first + 1) % 100:02d}."
        )
    if not FIRST_YEAR <= first <= LAST_YEAR:
        return (
            f"‘{text}’ is outside the years a report can cover ({FIRST_YEAR} to {LAST_YEAR}): "
            "write the year the financial year starts in, as 2016 or 2016-17."
        )
    return FinancialYear(first)


_NAMED_YEAR = re.compile(r"(?<!\d)(20\d\d)\s*[-–/_ ]\s*(\d\d|20\d\d)(?!\d)")


def year_named_in(text: str) -> FinancialYear | None:
    """The financial year a file or sheet name states, e.g. "feedback 2016-17.xlsx" -> 2016-17."""
    match = _NAMED_YEAR.search(text)
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if second % 100 != (first + 1) % 100:
        return None
    return FinancialYear(first)
