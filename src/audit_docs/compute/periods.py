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
