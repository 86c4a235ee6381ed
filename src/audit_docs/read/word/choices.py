"""Reading which option was chosen in a cell of printed options ("☐ YES ☐ NO ☐ N/A ☐ Partially").

By the time text reaches here every ticked box, whatever its mechanism, is ``TICKED`` and every
empty one ``EMPTY`` (see ``wordml``). What is left is the human part: an X typed before an
option, options deleted so only one remains, boxes printed after the words instead of before.
Two ticks are never resolved to one: the answer is then unreadable and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from audit_docs.read.text import TEXT_CACHE
from audit_docs.read.values import Flaw, fold, vocabulary
from audit_docs.read.word.wordml import EMPTY, TICKED

_X_MARK = re.compile(r"(?<![^\W_])[xX][\s:.\-]*$")
_X_MARK_AFTER = re.compile(r"^[\s:.\-]*[xX](?![^\W_])")
_BOXES = (TICKED, EMPTY)


@dataclass(frozen=True)
class Choice:
    value: str | None
    problem: Flaw | None = None


@dataclass(frozen=True)
class _Occurrence:
    value: str
    start: int
    end: int


@cache
def _scanner(options: tuple[tuple[str, tuple[str, ...]], ...]) -> re.Pattern[str]:
    spellings = []
    for value, aliases in options:
        for alias in {value, *aliases}:
            # one letter is too common a word to be an option; a grade of 1 to 4 is not
            if len(fold(alias).replace(" ", "")) >= 2 or alias.strip().isdigit():
                spellings.append((alias, value))
    spellings.sort(key=lambda s: -len(s[0]))
    parts = []
    for alias, _ in spellings:
        body = r"\s*/\s*".join(
            r"\s+".join(map(re.escape, chunk.split())) for chunk in alias.split("/")
        )
        parts.append(body)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + r")(?![^\W_])", re.IGNORECASE)


@cache
def _alias_index(options: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    """Each spelling, folded and as plain lower case, to its option."""
    index = {}
    for value, aliases in options:
        for alias in {value, *aliases}:
            index[fold(alias)] = value
            index[alias.casefold()] = value
    return index


def _lookup(index: dict[str, str], found: str) -> str | None:
    return index.get(found.casefold()) or index.get(fold(found))


def _describe(values: list[str]) -> str:
    shown = [v.upper() if v != "partially" else "Partially" for v in values]
    return " and ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)


def read_choice(text: str | None, options: dict[str, tuple[str, ...]]) -> Choice:
    """The one option chosen in ``text``; None when nothing is chosen or it cannot be told."""
    if text is None or not text.strip():
        return Choice(None)
    return _read_choice(text, tuple(options.items()))


@lru_cache(maxsize=TEXT_CACHE)
def _read_choice(text: str, key: tuple[tuple[str, tuple[str, ...]], ...]) -> Choice:
    """read_choice for hashable options: the same printed cell is read once per batch."""
    options = dict(key)
    index = _alias_index(key)
    bare = text.replace(TICKED, " ").replace(EMPTY, " ")
    whole = fold(bare)
    if not any(b in text for b in _BOXES) and whole in index:
        return Choice(index[whole])
    found = [
        _Occurrence(value, m.start(), m.end())
        for m in _scanner(key).finditer(text)
        if (value := _lookup(index, m.group(0))) is not None
    ]
    if not found:
        return _none_of(bare, options)

    has_boxes = any(b in text for b in _BOXES)
    # Boxes usually stand before their option; some forms print them after ("YES ☐ NO ☒").
    before, after = text[: found[0].start], text[found[-1].end :]
    boxes_after = (
        has_boxes
        and not any(b in before for b in _BOXES)
        and not _X_MARK.search(before)
        and (any(b in after for b in _BOXES) or bool(_X_MARK_AFTER.search(after)))
    )
    ticked: list[str] = []
    for i, occ in enumerate(found):
        if boxes_after:
            region = text[occ.end : found[i + 1].start if i + 1 < len(found) else len(text)]
            marked = TICKED in region or bool(_X_MARK_AFTER.search(region))
        else:
            region = text[found[i - 1].end if i else 0 : occ.start]
            marked = TICKED in region or bool(_X_MARK.search(region))
        if marked and occ.value not in ticked:
            ticked.append(occ.value)
    if len(ticked) == 1:
        return Choice(ticked[0])
    if len(ticked) > 1:
        return Choice(
            None,
            Flaw("several_ticked", f"more than one box is ticked ({_describe(ticked)}); tick one"),
        )
    if has_boxes:
        return Choice(None)  # boxes printed, none ticked: unanswered
    # No boxes at all: the other options were deleted, or the answer was written as words.
    lead = text[: found[0].start].strip(" \t\n:-–•")
    values = [o.value for o in found]
    if lead:
        return _none_of(bare, options)
    if len(set(values)) == len(options) and len(values) == len(options):
        return Choice(None)  # the printed options with their boxes removed: nothing chosen
    return Choice(values[0])


def _none_of(bare: str, options: dict[str, tuple[str, ...]]) -> Choice:
    found = " ".join(bare.split())
    return Choice(
        None, Flaw("not_an_option", f"found '{found}', which is none of {_choices(options)}")
    )


def _choices(options: dict[str, tuple[str, ...]]) -> str:
    return " / ".join(v.upper() if v != "partially" else "Partially" for v in options)


def option_named(text: str, options: dict[str, tuple[str, ...]]) -> str | None:
    """The option a cell names by itself ("N/A" in a column heading), or None."""
    bare = text.replace(TICKED, " ").replace(EMPTY, " ")
    if not bare.strip():
        return None
    return _lookup(_alias_index(tuple(options.items())), bare.strip())


@cache
def grade_options() -> dict[str, tuple[str, ...]]:
    """The grades as options, for grades chosen by ticking a box beside a grade word."""
    return {
        grade: tuple(str(s) for s in spellings if len(str(s)) > 2)
        for grade, spellings in vocabulary()["grades"].items()
    }


def has_boxes(text: str) -> bool:
    return any(b in text for b in _BOXES)
