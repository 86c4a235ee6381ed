"""Choices found by nearness: a group of boxes (or a drop-down) and the words beside them.

A choice on a council's form is a set of options, each a box or a list entry, tied to a word
by where the word is printed: in the box's own cell before or after it, in the next cell to
the right or the left, in the column heading over a column of boxes, or in the cell below.
Each arrangement is one handler in ``ARRANGEMENTS``; a table row's choice is the first that
accounts for every box in the row. Drafting asks here what a row offers; it never needs to
know which arrangement a council chose. Boxes are whatever ``wordml`` turned into its two
box characters (content controls, legacy fields, ☐ ☒ ■ glyphs, Wingdings, a typed X).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from audit_docs.read.word.layout import Slot
from audit_docs.read.word.wordml import EMPTY, TICKED

_BOX = re.compile(f"[{TICKED}{EMPTY}]")
#: the options of one cell printed as words ("Yes / No / N/A" over a column to type in)
_LISTED = re.compile(r"\s*[/,|]\s*|\s+or\s+", re.I)


@dataclass(frozen=True)
class Found:
    """A row's choice: its option words in order, the cells they took, and the label."""

    options: tuple[str, ...]
    #: indexes (in the row) of the cells holding the boxes and their words
    taken: frozenset[int]
    arrangement: str
    #: the words before the boxes in the same cell ("Is there a plan? ☐ Yes ☐ No"), if any
    lead: str = ""
    #: the row holding the option words, when it is another row (headings, or words below)
    words_row: int = -1


Rows = list[list[Slot]]
Arrangement = Callable[[Rows, int], Found | None]


def _boxes_only(c: Slot) -> bool:
    return c.has_boxes and not c.words and not c.drops


def _wordy(c: Slot) -> bool:
    return bool(c.words) and not c.has_control


def _box_cells(row: list[Slot]) -> list[int]:
    return [i for i, c in enumerate(row) if _boxes_only(c)]


def _clean(text: str) -> str:
    return " ".join(Slot(text).words.split())


def words_by_boxes(text: str) -> tuple[str, list[str]]:
    """(the words before the first option, the option words) of boxes printed with words.

    "Is there a plan? ☐ Yes ☐ No" gives ("Is there a plan?", ["Yes", "No"]); the words may
    follow their boxes ("Good ☐ Adequate ☐"), and then the lead is what a line break, a colon
    or a tab sets apart from the first option ("Auditor grade: Good ☐ ...").
    """
    parts = _BOX.split(text)
    if len(parts) < 3:
        return "", []
    after = [_clean(p) for p in parts[1:]]
    if all(after):
        return _clean(parts[0]), after
    if not after[-1] and all(after[:-1]):  # words before their boxes
        head = parts[0].rstrip()
        cut = max(head.rfind("\n"), head.rfind(":"), head.rfind("\t"))
        if cut < 0:  # no mark between the lead and the first word: take as many words
            width = max(1, round(sum(len(a.split()) for a in after[:-1]) / len(after[:-1])))
            pieces = head.split()
            lead, first = " ".join(pieces[:-width]), " ".join(pieces[-width:])
        else:
            lead, first = head[: cut + 1], head[cut + 1 :]
        return _clean(lead), [_clean(first), *after[:-1]]
    return "", []


def same_cell(rows: Rows, r: int, start: int = 0) -> Found | None:
    """☐ Yes ☐ No (or Yes ☐ No ☐) in one cell, after the question's words or alone."""
    for i, c in enumerate(rows[r][start:], start):
        if c.has_boxes and c.words and not c.drops:
            lead, options = words_by_boxes(c.text)
            if len(options) >= 2 and all(options):
                return Found(tuple(options), frozenset({i}), "same cell", lead)
    return None


def _paired(rows: Rows, r: int, step: int, name: str) -> Found | None:
    row = rows[r]
    boxes = _box_cells(row)
    if len(boxes) < 2:
        return None
    words = [i + step for i in boxes]
    if not all(0 <= w < len(row) and _wordy(row[w]) for w in words) or set(words) & set(boxes):
        return None
    return Found(tuple(row[w].words for w in words), frozenset(boxes) | frozenset(words), name)


def cell_right(rows: Rows, r: int) -> Found | None:
    """☐ | Good | ☐ | Adequate: each box's word in the cell to its right."""
    return _paired(rows, r, 1, "cell to the right")


def cell_left(rows: Rows, r: int) -> Found | None:
    """Good | ☐ | Adequate | ☐: each box's word in the cell to its left."""
    return _paired(rows, r, -1, "cell to the left")


def _over(row: list[Slot], box: Slot) -> Slot | None:
    """The cell of ``row`` over (or under) ``box``: the one whose columns hold its first."""
    return next((c for c in row if c.col <= box.col < c.col + c.span), None)


def _words_row(rows: Rows, at: int, boxes: list[Slot]) -> tuple[str, ...] | None:
    """The words of row ``at`` in the columns of ``boxes``, when that row has no controls."""
    if not 0 <= at < len(rows) or any(c.has_control for c in rows[at]):
        return None
    found = [_over(rows[at], b) for b in boxes]
    # a heading stands over its own column: one that starts further left is another column's
    words = tuple(
        c.words
        for c, b in zip(found, boxes, strict=True)
        if c is not None and c.words and c.col == b.col
    )
    if len(words) != len(boxes) or len({id(c) for c in found}) != len(boxes):
        return None
    return words


def column_header(rows: Rows, r: int) -> Found | None:
    """Yes | No | N/A headings over columns of boxes: the nearest such row above."""
    boxes = _box_cells(rows[r])
    if len(boxes) < 2:
        return None
    cells = [rows[r][i] for i in boxes]
    for above in range(r - 1, -1, -1):
        if any(c.has_boxes for c in rows[above]):
            continue  # another row of boxes under the same headings
        words = _words_row(rows, above, cells)
        return Found(words, frozenset(boxes), "column heading", words_row=above) if words else None
    return None


def cell_below(rows: Rows, r: int) -> Found | None:
    """A row of boxes with each box's word in the cell under it."""
    boxes = _box_cells(rows[r])
    if len(boxes) < 2:
        return None
    words = _words_row(rows, r + 1, [rows[r][i] for i in boxes])
    return Found(words, frozenset(boxes), "cell below", words_row=r + 1) if words else None


def drop_down(rows: Rows, r: int, start: int = 0) -> Found | None:
    """A drop-down list: its entries are the options."""
    for i, c in enumerate(rows[r][start:], start):
        if c.drops and len(c.drops[0]) >= 2:
            lead = re.split("[\ue010]", c.text)[0] if c.words else ""
            return Found(tuple(c.drops[0]), frozenset({i}), "drop-down", _clean(lead))
    return None


def typed_under_heading(rows: Rows, r: int) -> Found | None:
    """A place to type under a heading that lists the options ("Yes / No / N/A")."""
    for i, c in enumerate(rows[r]):
        if c.words or c.has_boxes or c.drops or i == 0:
            continue
        for above in range(r - 1, -1, -1):
            if any(x.has_control for x in rows[above]):
                continue
            head = _over(rows[above], c)
            if head is None or not head.words:
                break
            options = listed(head.words)
            if len(options) >= 2:
                return Found(tuple(options), frozenset({i}), "typed under a heading")
            break
    return None


def listed(text: str) -> list[str]:
    """The options a heading lists ("Yes / No / N/A" -> Yes, No, N/A); [] for other words."""
    if not re.search(r"[/,|]|\sor\s", text):
        return []
    pieces = [p for p in _LISTED.split(text.strip(" ()")) if p]
    out: list[str] = []
    for piece in pieces:  # "N/A" split at its slash is one option again
        if out and len(out[-1]) == 1 and len(piece) == 1:
            out[-1] = f"{out[-1]}/{piece}"
        else:
            out.append(piece)
    return out if all(len(o.split()) <= 3 for o in out) else []


#: every arrangement of options and their words, most specific first
ARRANGEMENTS: dict[str, Arrangement] = {
    "drop-down": drop_down,
    "same cell": same_cell,
    "cell to the right": cell_right,
    "cell to the left": cell_left,
    "cell below": cell_below,
    "column heading": column_header,
    "typed under a heading": typed_under_heading,
}


def choice_in_row(
    rows: Rows, r: int, arrangements: dict[str, Arrangement] | None = None
) -> Found | None:
    """The choice row ``r`` offers, by the first arrangement that finds two options or more."""
    for handler in (ARRANGEMENTS if arrangements is None else arrangements).values():
        found = handler(rows, r)
        if found is not None and len(found.options) >= 2:
            return found
    return None


#: arrangements held in one cell each, so that a row may hold several ("Auditor | [list] |
#: Moderator | [list]")
_ONE_CELL: dict[str, Callable[[Rows, int, int], Found | None]] = {
    "drop-down": drop_down,
    "same cell": same_cell,
}


def choices_in_row(
    rows: Rows, r: int, arrangements: dict[str, Arrangement] | None = None
) -> list[Found]:
    """Every choice row ``r`` offers, left to right: one, or one per cell of drop-downs or
    boxes with their words."""
    first = choice_in_row(rows, r, arrangements)
    if first is None:
        return []
    out = [first]
    more = _ONE_CELL.get(first.arrangement)
    while more is not None and (found := more(rows, r, max(out[-1].taken) + 1)) is not None:
        if len(found.options) >= 2:
            out.append(found)
    return out
