"""The one place where text written by people becomes a value.

Each converter returns ``(value, flaw)``: the value when the text can be read without
guessing, otherwise ``None`` with a ``Flaw``: a code saying what is wrong (``not_a_date``,
``range``...) and a sentence that says what was found. Empty text is
``(None, None)``: absent is not a problem at this level; whether it matters is the reader's
call (a required field).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from audit_docs.records import Answer, Grade


@dataclass(frozen=True)
class Flaw:
    """Why a written value could not be read: a code for advice and grouping, and the words
    for the person reading the list."""

    code: str
    text: str


Converted = tuple[Any, Flaw | None]

_FOLD = re.compile(r"[^\w/]+|_")


def _compatible(text: str) -> str:
    """``text`` in its compatibility form (NFKC) where it is not plain ASCII."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def fold(text: str) -> str:
    """Case-, space- and punctuation-insensitive key ("Req. Improvement" -> "req improvement").

    Text that is not plain ASCII is first put in its compatibility form (NFKC): the full-width
    "Ｇｏｏｄ" an East Asian keyboard types, ligatures and the like are the words they show.
    """
    return " ".join(
        _FOLD.sub(" ", _compatible(text).casefold()).replace("/", " / ").split()
    ).replace(" / ", "/")


def clean_text(text: str | None) -> str | None:
    """Runs of white space (line breaks and tabs too) folded to one space; empty is None."""
    if text is None:
        return None
    out = " ".join(text.split())
    return out or None


@cache
def vocabulary() -> dict[str, Any]:
    from audit_docs.read.definitions import load_yaml

    loaded: dict[str, Any] = load_yaml(
        Path(str(resources.files("audit_docs.read").joinpath("vocabulary.yaml")))
    )
    return loaded


@cache
def _grade_index() -> dict[str, Grade]:
    index: dict[str, Grade] = {}
    for grade, spellings in vocabulary()["grades"].items():
        for spelling in [grade.replace("_", " "), *spellings]:
            index[fold(str(spelling))] = grade
    return index


@cache
def _placeholders() -> frozenset[str]:
    return frozenset(fold(p) for p in vocabulary()["placeholders"])


@cache
def _no_value() -> frozenset[str]:
    return frozenset(fold(str(p)) for p in vocabulary()["no_value"]) | {""}


def is_placeholder(text: str) -> bool:
    return fold(text) in _placeholders()


def says_no_value(text: str) -> bool:
    """ "None", "N/A", "not known", "-": written in a date or number field, it means empty."""
    return fold(text) in _no_value()


@lru_cache(maxsize=4096)
def to_grade(text: str | None) -> Converted:
    """A grade word or abbreviation; anything else is unreadable, never the nearest grade."""
    text = clean_text(text)
    if text is None or is_placeholder(text):
        return None, None
    grade = _grade_index().get(fold(text))
    if grade is not None:
        return grade, None
    return None, Flaw(
        "not_a_grade",
        f"the grade '{text}' is not one of Outstanding, Good, Requires Improvement, Inadequate",
    )


_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_NUMERIC_DATE = re.compile(r"^(\d{1,4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,4})$")
_DAY_MONTH_NAME = re.compile(
    r"^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?[\s\-/.]*([a-z]+)\.?[\s\-/.,]*(\d{2,4})$"
)
_MONTH_NAME_DAY = re.compile(
    r"^(?:[a-z]+,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$"
)
_ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})t[\d:.]+z?$")


def _year(text: str) -> int | None:
    if len(text) == 2:
        return 2000 + int(text)
    if len(text) == 4:
        return int(text)
    return None


def _make_date(year: int | None, month: int | None, day: int) -> dt.date | None:
    if year is None or month is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


#: the years a date on an audit form or tracker can fall in (an audit, a moderation, a due
#: date, a response): a date outside them is a slip or Excel's day 0 ("00/01/1900"), not kept
FIRST_YEAR, LAST_YEAR = 1990, 2099


def within_years(date: dt.date, written: str) -> Converted:
    """``date``, or no date and a flaw when it falls outside the years an audit can have."""
    if FIRST_YEAR <= date.year <= LAST_YEAR:
        return date, None
    return None, Flaw(
        "not_a_date",
        f"'{written}' is not a date an audit record can have (the years {FIRST_YEAR} to "
        f"{LAST_YEAR}); check it and write it as DD/MM/YYYY",
    )


@lru_cache(maxsize=4096)
def to_date(text: str | None) -> Converted:
    """A date written day first (UK): 12/5/16, 12.05.2016, 12 May 2016, 2016-05-12."""
    text = clean_text(text)
    if text is None or is_placeholder(text) or says_no_value(text):
        return None, None
    low = text.casefold().rstrip(".")
    iso = _ISO_DATETIME.match(low)
    if iso:
        low = iso.group(1)
    date = None
    if m := _NUMERIC_DATE.match(low):
        a, b, c = m.groups()
        if len(a) == 4:  # ISO order: year first
            date = _make_date(int(a), int(b), int(c))
        elif len(c) in (2, 4):
            date = _make_date(_year(c), int(b), int(a))
    elif m := _DAY_MONTH_NAME.match(low):
        day, month, year = m.groups()
        date = _make_date(_year(year), _MONTHS.get(month), int(day))
    elif m := _MONTH_NAME_DAY.match(low):
        month, day, year = m.groups()
        date = _make_date(_year(year), _MONTHS.get(month), int(day))
    if date is None:
        return None, Flaw(
            "not_a_date", f"'{text}' is not a date that can be read (write it as DD/MM/YYYY)"
        )
    return within_years(date, text)


_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z]*)\.?")
_UNIT_WORDS = {
    "years": ("y", "yr", "yrs", "year", "years", "yo"),
    "months": ("m", "mo", "mos", "mth", "mths", "month", "months"),
    "weeks": ("w", "wk", "wks", "week", "weeks"),
}
_PER_MONTH = {"years": 12, "months": 1}


def _unit_of(word: str) -> str | None:
    for unit, words in _UNIT_WORDS.items():
        if word in words:
            return unit
    return None


@lru_cache(maxsize=4096)
def to_integer(text: str | None, unit: str | None = None) -> Converted:
    """A whole number, optionally with a unit ("11 yrs", "24 Months", "1 year 6 months").

    A range ("3-4"), a fraction ("3.5") or words that are not a unit are unreadable: the
    form asks for one whole number and we do not pick one for the auditor.
    """
    text = clean_text(text)
    if text is None or is_placeholder(text) or says_no_value(text):
        return None, None
    low = text.casefold().replace("approx", "").replace("old", "").strip(" .~")
    if re.fullmatch(r"\d+", low):
        return int(low), None
    if re.search(r"\d\s*(?:-|–|to|/|or)\s*\d", low):
        return None, Flaw("range", f"'{text}' is a range; write one whole number")
    parts = _AMOUNT.findall(low)
    leftover = _AMOUNT.sub("", low).replace("and", "").replace(",", "").strip()
    if not parts or leftover:
        return None, Flaw("not_whole_number", f"'{text}' is not a whole number")
    if any(("." in n or "," in n) for n, _ in parts):
        return None, Flaw("not_whole_number", f"'{text}' is not a whole number")
    if unit is None:
        if len(parts) == 1 and not parts[0][1]:
            return int(parts[0][0]), None
        return None, Flaw("not_whole_number", f"'{text}' is not a whole number")
    if len(parts) == 1 and not parts[0][1]:
        return int(parts[0][0]), None
    months = 0
    for number, word in parts:
        found = _unit_of(word) if word else unit
        if found not in _PER_MONTH or found is None:
            return None, Flaw("not_whole_number", f"'{text}' is not a number of {unit}")
        months += int(number) * _PER_MONTH[found]
    # whole years are what the form asks for: 18 months is 1 year, not a guess
    return (months // 12 if unit == "years" else months), None


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_RANGE = re.compile(r"\d\s*(?:-|–|to|or|&|and)\s*\d")


@lru_cache(maxsize=4096)
def to_score(text: str | None, low: int, high: int) -> Converted:
    """One whole grade on a scale: "4", "4/5", "4 out of 5", "Mum gave a 5".

    Exactly one number must be written; a range ("3-4") or a half ("3.5") is not read.
    """
    text = clean_text(text)
    if text is None or is_placeholder(text) or says_no_value(text):
        return None, None
    t = re.sub(rf"(?:/|out of)\s*{high}\b", "", text.casefold())
    if _RANGE.search(t):
        return None, Flaw(
            "range", f"'{text}' is a range; the score must be one whole number from {low} to {high}"
        )
    numbers = _NUMBER.findall(t)
    if len(numbers) != 1:
        return None, Flaw("not_a_score", f"'{text}' is not one score from {low} to {high}")
    number = numbers[0]
    if "." in number or "," in number:
        return None, Flaw(
            "not_whole_number",
            f"'{text}' is not a whole number; the score must be one of {low} to {high}",
        )
    value = int(number)
    if not low <= value <= high:
        return None, Flaw("out_of_scale", f"'{text}' is outside the scale {low} to {high}")
    return value, None


ANSWER_VALUES: tuple[Answer, ...] = ("yes", "no", "n/a", "partially")


# --- marks written in trackers -------------------------------------------------------------

#: evidenced: a tick, or yes (docs/contracts/report-figures.md, thematic audit measures)
TICKS = ("✓", "✔", "☑", "✅", "🗸", "yes", "y", "tick", "ticked")
#: not evidenced: a cross, or no
CROSSES = ("x", "✗", "✘", "×", "❌", "❎", "no", "n", "cross")
#: written where nothing was found: not evidenced either
NOTHING_RECORDED = (
    "no information recorded on the system",
    "no information recorded on system",
    "no information recorded",
    "no information on the system",
    "nothing recorded",
    "nothing recorded on the system",
    "not recorded",
    "not recorded on the system",
    "no evidence",
    "no evidence recorded",
    "no evidence on the system",
    "not evidenced",
)
#: written in a grade column instead of a grade
GRADE_MARKS: dict[str, tuple[str, ...]] = {
    "n/a": ("n/a", "na", "n a", "not applicable", "not relevant"),
    "not_recorded": (
        "not recorded",
        "nr",
        "no information recorded",
        "nothing recorded",
        "not graded",
        "not rated",
        "no grade",
        "ungraded",
    ),
}


def _mark(text: str) -> str:
    """A short mark compared as written (symbols survive), without case or a closing dot."""
    return _compatible(text).strip().casefold().rstrip(".").strip()


@cache
def _nothing_recorded() -> frozenset[str]:
    return frozenset(fold(t) for t in NOTHING_RECORDED)


def to_tick(text: str | None) -> Converted:
    """A tick (✓, ✔, Yes, Y) is True, a cross (X, ✗, No, N, "nothing recorded") is False."""
    text = clean_text(text)
    if text is None or is_placeholder(text):
        return None, None
    mark = _mark(text)
    if mark in TICKS:
        return True, None
    if mark in CROSSES or fold(text) in _nothing_recorded():
        return False, None
    return None, Flaw("not_a_tick", f"'{text}' is neither a tick (✓, Yes) nor a cross (X, No)")


def to_evidence(text: str | None) -> Converted:
    """A thematic measure: True (evidenced), False (not evidenced), or the words written.

    Anything else written ("Joint working", "No TAF plan") says the measure does not apply to
    the case; it is returned as written, never as a problem. Empty is None (not applicable).
    """
    text = clean_text(text)
    if text is None or is_placeholder(text):
        return None, None
    value, problem = to_tick(text)
    if problem is None:
        return value, None
    return text, None


@cache
def _grade_marks() -> dict[str, str]:
    return {fold(s): mark for mark, spellings in GRADE_MARKS.items() for s in spellings}


def to_grade_or_mark(text: str | None) -> Converted:
    """A grade, or "n/a" / "not_recorded" where the cell says there is no grade to give."""
    text = clean_text(text)
    if text is None or is_placeholder(text):
        return None, None
    mark = _grade_marks().get(fold(text))
    if mark is not None:
        return mark, None
    return to_grade(text)


def to_choice(text: str | None, spellings: dict[str, tuple[str, ...]]) -> Converted:
    """One of a fixed set of words ({"always": ("always",), "yes": ("yes", "y")}), by spelling."""
    text = clean_text(text)
    if text is None or is_placeholder(text):
        return None, None
    folded = fold(text)
    for choice, words in spellings.items():
        if folded == fold(choice.replace("_", " ")) or folded in {fold(w) for w in words}:
            return choice, None
    names = ", ".join(c.replace("_", " ") for c in spellings)
    return None, Flaw("not_an_option", f"'{text}' is not one of {names}")
