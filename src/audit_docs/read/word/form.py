"""Reading a completed audit form: the definition matched against the document's cells.

Nothing here knows a cell coordinate. Each value is found by the words around it: a header
value sits to the right of its label (or after it in the same cell, or in the row below);
a section runs from its title to the next section's title; a question's answer sits beside
the question; ratings follow "Auditor:" and "Moderator:" inside the section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, cast

from audit_docs.errors import NotThisForm
from audit_docs.places_in_files import RATERS, Place
from audit_docs.read.formdef import FormDefinition, FreeText, GradeScale, HeaderField, Section
from audit_docs.read.text import (
    TEXT_CACHE,
    counted,
    dice,
    field_words,
    key,
    label_pattern,
    rating_words,
    strip_numbering,
    words,
)
from audit_docs.read.values import (
    Flaw,
    clean_text,
    is_placeholder,
    to_date,
    to_grade,
    to_integer,
    to_score,
)
from audit_docs.read.word.choices import grade_options, has_boxes, option_named, read_choice
from audit_docs.read.word.wordml import EMPTY, TICKED, Cell, Document, _typed_marks_to_boxes
from audit_docs.records import (
    Action,
    Answer,
    Comments,
    FormRecord,
    Grade,
    HeaderValue,
    Problem,
    ProblemKind,
    Rating,
)

#: share of a definition's ``identify`` texts that must be found
IDENTIFY_THRESHOLD = 0.5
#: word-overlap needed to accept a reworded question, label or title
FUZZY = 0.8

_ONLY_NUMBERING = re.compile(r"^[\s\d.():\-]*$")
#: a section's printed number before its title, in words ("section 2 ...", "part b ...")
_SECTION_WORD = re.compile(r"^(?:section|part|area) \w{1,2} ")
_GLYPHS = str.maketrans({TICKED: "☒", EMPTY: "☐"})


def _display(text: str | None) -> str | None:
    """Free text as it should be shown: boxes as ☒/☐, white space folded."""
    return clean_text(text.translate(_GLYPHS)) if text else None


def _kind_of(flaw: Flaw) -> ProblemKind:
    return "ambiguous" if flaw.code == "several_ticked" else "unreadable"


def cell_key(cell: Cell) -> str:
    """The cell's words without numbering, computed once per cell."""
    if cell.key is None:
        cell.key = key(cell.text)
    return cell.key


@cache
def label_key(label: str) -> str:
    return key(label)


@cache
def _label_keys(labels: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    keys = [label_key(label) for label in labels]
    return frozenset(keys), tuple(k + " " for k in keys)


def starts_with_label(cell: Cell, labels: Iterable[str]) -> bool:
    """Whether the cell's words begin with one of the labels' words (a cheap, exact test)."""
    k = cell_key(cell)
    exact, prefixes = _label_keys(tuple(labels))
    return k in exact or k.startswith(prefixes)


@dataclass
class _Cells:
    """The document's cells, as the reader walks them.

    The cells with content are listed once, in document order, with where each row's
    cells begin: every section and header field asks for a range of rows, and answering
    with a slice is much cheaper than filtering the same cells again for each one.
    """

    doc: Document

    def __post_init__(self) -> None:
        self._content: list[Cell] = []
        #: index in ``_content`` of the first cell of each row (and one past the last row)
        self._row_start: list[int] = []
        only_numbering = _ONLY_NUMBERING.match
        content, row_start = self._content, self._row_start
        for row in self.doc.rows:
            row_start.append(len(content))
            for c in row.cells:
                # a cell holding only a stray number ("3.") is empty
                if not c.merged_up and not c.blank and not only_numbering(c.text):
                    if c.key is None:  # every content cell has its key: the searches use it
                        c.key = key(c.text)
                    content.append(c)
        row_start.append(len(content))

    def in_rows(self, start: int, stop: int) -> list[Cell]:
        """Cells with content in rows [start, stop), in document order."""
        rows = range(len(self.doc.rows))[start:stop]  # the rows a slice of doc.rows would give
        if not rows:
            return []
        return self._content[self._row_start[rows.start] : self._row_start[rows.stop]]


def identify_score(doc: Document, definition: FormDefinition) -> float:
    """Share of the definition's identifying texts found anywhere in the document."""
    return identify_scores(doc, (definition,))[0]


def identify_scores(doc: Document, definitions: Sequence[FormDefinition]) -> list[float]:
    """Each definition's share of its identifying texts found in the document.

    The document's text is gathered once for all definitions, and the paragraphs outside
    tables (where a title may stand) are read only until some definition is found whole:
    nothing can then score better.
    """
    wanted = [[label_key(t) for t in d.identify] for d in definitions]
    cells = "\n".join(cell_key(c) for r in doc.rows for c in r.cells if not c.blank)
    missing = [[t for t in w if t not in cells] for w in wanted]
    paragraphs = doc.body_paragraphs()
    while all(missing) and (paragraph := next(paragraphs, None)) is not None:
        if paragraph.strip():
            k = key(paragraph)
            missing = [[t for t in m if t not in k] for m in missing]
    return [1 - len(m) / len(w) for m, w in zip(missing, wanted, strict=True)]


_TITLE, _LIKE_TITLE, _NOT_TITLE = "title", "like title", "not title"


@lru_cache(maxsize=TEXT_CACHE)
def _title_match(cell_key: str, title: str, short_title: str) -> str:
    """Whether a cell's words begin with a section's title, or its first words resemble it.

    Cached: each section's title is looked for in most cells of every form, and the
    printed cells repeat across a batch.
    """
    if cell_key.startswith((label_key(title), label_key(short_title))):
        return _TITLE
    if (m := _SECTION_WORD.match(cell_key)) and cell_key[m.end() :].startswith(
        (label_key(title), label_key(short_title))
    ):
        return _TITLE  # "Section 2: Decision making"
    title_words = frozenset(words(short_title))
    head = frozenset(cell_key.split()[: len(title_words) + 2])
    return _LIKE_TITLE if dice(title_words, head) >= FUZZY else _NOT_TITLE


@lru_cache(maxsize=TEXT_CACHE)
def _strip_hints(text: str, hints: tuple[str, ...]) -> str:
    for hint in hints:
        text = label_pattern(hint).sub(" ", text)
    return text


@lru_cache(maxsize=TEXT_CACHE)
def _after_label(text: str, labels: tuple[str, ...]) -> str | None:
    """The text after the first of ``labels`` that starts ``text``; None if none does."""
    body = strip_numbering(text)
    for label in labels:
        if m := label_pattern(label, anchored=True).match(body):
            return body[m.end() :]
    return None


@lru_cache(maxsize=TEXT_CACHE)
def _fuzzy_label(text: str, labels: tuple[str, ...]) -> bool:
    first = next((p for p in text.split("\n") if p.strip()), "")
    have = frozenset(words(strip_numbering(first)))
    return any(dice(frozenset(words(label)), have) >= FUZZY for label in labels)


@dataclass
class _Reader:
    definition: FormDefinition
    doc: Document
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cells = _Cells(self.doc)
        self.label_cells: set[tuple[int, int]] = set()
        #: for ``understood``: what each cell read is to the definition (None: not noted)
        self.notes: dict[tuple[int, int], str] | None = None
        #: for ``understood``: every cell a section's reading took
        self.taken: set[tuple[int, int]] = set()

    def note(self, cell: Cell, text: str) -> None:
        if self.notes is not None:
            self.notes.setdefault((cell.row, cell.index), text)

    def problem(
        self,
        place: Place,
        message: str,
        kind: ProblemKind,
        found: str | None = None,
        *,
        code: str,
        label: str,
    ) -> None:
        self.problems.append(Problem(place, message, kind, found, code=code, label=label))

    def flawed(self, place: Place, label: str, flaw: Flaw, text: str | None) -> None:
        """A labelled value that was written but cannot be read."""
        self.problem(
            place,
            f"'{label}': {flaw.text}",
            _kind_of(flaw),
            _display(text),
            code=flaw.code,
            label=field_words(label),
        )

    # -- where the sections are ------------------------------------------------------------

    def section_rows(self) -> dict[str, tuple[int, int]]:
        """Each found section's row range [start, stop), in printed order."""
        starts: list[tuple[str, int]] = []
        row = 0
        for section in self.definition.sections:
            found = self._find_title(section, row)
            if found is None:
                if section.questions or section.rated:
                    self.problem(
                        Place.whole_section(section.number),
                        f"section {section.number} ('{section.short_title}') was not found on the "
                        "form; check the form is the current version",
                        "missing",
                        code="not_on_form",
                        label=f"section {section.number} '{section.short_title}'",
                    )
                continue
            starts.append((section.number, found))
            row = found + 1
        ranges = {}
        for i, (number, start) in enumerate(starts):
            stop = starts[i + 1][1] if i + 1 < len(starts) else len(self.doc.rows)
            ranges[number] = (start, stop)
        return ranges

    def _find_title(self, section: Section, start: int) -> int | None:
        fuzzy_hit = None
        for row_no in range(start, len(self.doc.rows)):
            for cell in self.doc.rows[row_no].cells:
                if cell.blank or cell.merged_up:
                    continue
                match = _title_match(cell_key(cell), section.title, section.short_title)
                if match == _TITLE:
                    self.label_cells.add((cell.row, cell.index))
                    graded = ", graded" if section.rated else ""
                    self.note(cell, f"section {section.number}{graded}: '{section.short_title}'")
                    return row_no
                if fuzzy_hit is None and match == _LIKE_TITLE:
                    fuzzy_hit = row_no
        return fuzzy_hit

    # -- header ------------------------------------------------------------------------------

    def header(self, stop: int) -> dict[str, HeaderValue]:
        fields = self.definition.header
        inside = {f.key: [g for g in fields if g.inside == f.key] for f in fields}
        raw: dict[str, str | None] = {}
        found_cells: dict[str, Cell] = {}
        for f in fields:
            if f.inside:
                continue
            cell = self.header_label(f, stop)
            if cell is not None:
                found_cells[f.key] = cell
                self.label_cells.add((cell.row, cell.index))
        for name, cell in found_cells.items():
            f = next(x for x in fields if x.key == name)
            raw[name] = self._value_beside(cell, f)
            for child in inside[name]:
                raw[name], raw[child.key] = _split_inside(raw[name], child)
        values: dict[str, HeaderValue] = {}
        for f in fields:
            values[f.key] = self._convert_header(f, raw.get(f.key))
        return values

    def _find_label_cell(self, f: HeaderField, stop: int) -> tuple[Cell, str] | None:
        cells = self.cells.in_rows(0, stop)
        taken = self.label_cells
        for label in f.labels:
            exact, prefixes = _label_keys((label,))
            for cell in cells:
                k = cell.key  # set for every content cell (see _Cells)
                if (
                    k is not None
                    and (k in exact or k.startswith(prefixes))
                    and (cell.row, cell.index) not in taken
                ):
                    return cell, ""
        for cell in cells:
            if (cell.row, cell.index) not in self.label_cells and _fuzzy_label(cell.text, f.labels):
                return cell, ""
        return None

    def header_label(self, f: HeaderField, stop: int) -> Cell | None:
        """The cell of a header field's label: before the first section (row ``stop``),
        else after the sections."""
        hit = self._find_label_cell(f, stop)
        return hit[0] if hit is not None else self._find_label_after(f, stop)

    def _find_label_after(self, f: HeaderField, start: int) -> Cell | None:
        """A header label printed after the sections (a case-information grid, or "Auditor
        name: ____" lines, at the end of the form): its words, from the end of the form back,
        never a cell a rater's grade or comments label starts."""
        rl = self.definition.rating_labels
        raters = (
            *(label for _, label in rl.grade_labels()),
            rl.auditor_comments,
            rl.moderator_comments,
            *rl.other,
        )
        exact, prefixes = _label_keys(tuple(f.labels))
        for cell in reversed(self.cells.in_rows(start, len(self.doc.rows))):
            k = cell.key
            if (
                k is not None
                and (k in exact or k.startswith(prefixes))
                and (cell.row, cell.index) not in self.label_cells
                and not starts_with_label(cell, raters)
            ):
                return cell
        return None

    def _value_beside(self, cell: Cell, f: HeaderField) -> str | None:
        rest = _after_label(cell.text, f.labels)
        inline = _strip_hints(rest or "", f.hints)
        right = self.doc.right_of(cell)
        if (
            right is not None
            and (right.row, right.index) not in self.label_cells
            and not right.blank
        ):
            return _strip_hints(right.text, f.hints)
        if inline.strip():
            return inline
        below_row = cell.row + 1
        if below_row < len(self.doc.rows) and not any(
            (below_row, c.index) in self.label_cells for c in self.doc.rows[below_row].cells
        ):
            for anchor in (right, cell):
                if (
                    anchor is right
                    and right is not None
                    and ((right.row, right.index) in self.label_cells)
                ):
                    continue  # labels above values: the next label's value is not this one's
                below = self.doc.cell_below(anchor) if anchor is not None else None
                if below is not None and not below.blank and not below.merged_up:
                    return _strip_hints(below.text, f.hints)
        return None

    def _convert_header(self, f: HeaderField, text: str | None) -> HeaderValue:
        where = Place.header_field(f.key)
        if f.type == "text":
            value = _display(text)
            return None if value is None or is_placeholder(value) else value
        if f.type == "yes_no":
            choice = read_choice(
                text, {k: v for k, v in self.definition.options.items() if k in ("yes", "no")}
            )
            if choice.problem:
                self.flawed(where, f.label, choice.problem, text)
            return None if choice.value is None else choice.value == "yes"
        if f.type == "choice":
            choice = read_choice(text, {o: (o,) for o in f.options})
            if choice.problem:
                self.flawed(where, f.label, choice.problem, text)
            return choice.value
        converted: HeaderValue
        if f.type == "date":
            converted, problem = to_date(_display(text))
        else:
            cleaned = _display(text)
            if cleaned and f.unit and not re.search(r"\d", cleaned):
                cleaned = None if words(cleaned) in ([f.unit], [f.unit.rstrip("s")]) else cleaned
            converted, problem = to_integer(cleaned, f.unit)
        if problem:
            self.flawed(where, f.label, problem, text)
        return converted

    # -- sections ----------------------------------------------------------------------------

    def section(self, section: Section, rows: tuple[int, int] | None, result: _Result) -> None:
        n = section.number
        if rows is None:
            for q in section.questions:
                result.answers[q.id] = None
            if section.rated:
                result.ratings[n] = Rating()
            return
        start, stop = rows
        cells = self.cells.in_rows(start, stop)
        used: set[tuple[int, int]] = {
            (c.row, c.index) for c in cells if (c.row, c.index) in self.label_cells
        }
        for q in section.questions:
            result.answers[q.id] = self._answer(q.id, q.text, cells, used)
        # the section's own tables: its title's, and those holding its questions
        tables = {self.doc.rows[start].table} | {
            self.doc.rows[r].table for (r, _) in used if start <= r < stop
        }
        for ft in section.free_text:
            result.free_text[(n, ft.key)] = self._free_text(n, ft, cells, used)
        for prompt in section.comment_prompts:
            pk = key(prompt)
            for c in cells:
                if pk and c.key and pk in c.key:
                    used.add((c.row, c.index))
        if section.rated or section.role == "overall":
            rating, comments = self._ratings(section, cells, used, tables)
            result.ratings[n] = rating
            result.comments[n] = comments
        if self.notes is not None:
            self.taken |= used

    def _answer(
        self, qid: str, text: str, cells: list[Cell], used: set[tuple[int, int]]
    ) -> Answer | None:
        qkey = key(text)
        qwords = frozenset(qkey.split())
        best: tuple[float, Cell] | None = None
        # the cheap text test first: most cells are not the question, so are never looked up
        exact = next(
            (
                c
                for c in cells
                if c.key is not None and c.key.startswith(qkey) and (c.row, c.index) not in used
            ),
            None,
        )
        if exact is not None:
            best = (2.0, exact)
        else:
            for cell in (c for c in cells if (c.row, c.index) not in used):
                first = next((p for p in cell.paragraphs if p.strip()), "")
                score = dice(qwords, frozenset(words(strip_numbering(first))))
                if score >= FUZZY and (best is None or score > best[0]):
                    best = (score, cell)
        if best is None:
            self.problem(
                Place.answer(qid),
                f"question {qid} ('{text}') was not found on the form",
                "missing",
                code="not_on_form",
                label=f"question {qid} '{text}'",
            )
            return None
        cell = best[1]
        used.add((cell.row, cell.index))
        self.label_cells.add((cell.row, cell.index))
        self.note(cell, f"question {qid}: an answer (Yes / No / N/A / Partially)")
        answer_text = None
        for right in self.doc.rows[cell.row].cells[cell.index + 1 :]:
            used.add((right.row, right.index))
            if not right.blank:
                answer_text = right.text
                break
        options = self.definition.options
        choice = read_choice(answer_text, options) if answer_text is not None else None
        if choice is None or choice.problem:
            # one box per option, in columns headed YES | NO | N/A
            columns = self._under_headings(cell, options, used)
            if columns:
                answer_text, choice = columns, None
        if answer_text is None:
            m = label_pattern(text).search(cell.text)
            answer_text = cell.text[m.end() :] if m else None
        if choice is None:
            choice = read_choice(answer_text, options)
        if choice.problem:
            self.problem(
                Place.answer(qid),
                f"question {qid}: {choice.problem.text}",
                _kind_of(choice.problem),
                _display(answer_text),
                code=choice.problem.code,
                label=f"question {qid} '{text}'",
            )
        elif choice.value is None:
            self.problem(
                Place.answer(qid),
                f"question {qid} ('{text}') is not answered",
                "missing",
                code="unanswered",
                label=f"question {qid} '{text}'",
            )
        # the options are exactly yes, no, n/a and partially (checked when the form loads)
        return cast("Answer | None", choice.value)

    def _under_headings(
        self, cell: Cell, options: dict[str, tuple[str, ...]], used: set[tuple[int, int]]
    ) -> str | None:
        """The boxes right of ``cell`` read against the option words heading their columns.

        "☒ YES ☐ NO ☐ N/A" is built from a row of boxes under a heading row "Yes | No | N/A",
        so the one reading of ticked options (``read_choice``) serves both layouts. A box
        left empty in a column is an empty box; the heading row is the row just below when it
        holds two or more option words over nothing but words (the words printed under their
        boxes), else the nearest above in the same table with two or more option words right
        of the cell and no boxes of its own.
        """
        rows = self.doc.rows
        table = rows[cell.row].table
        below = cell.row + 1
        if below < len(rows) and rows[below].table == table:
            read = self._read_headed(cell, below, options, used)
            if read is not None:
                return read
        for r in range(cell.row - 1, -1, -1):
            if rows[r].table != table:
                return None
            read = self._read_headed(cell, r, options, used)
            if read is not None:
                return read
        return None

    def _read_headed(
        self, cell: Cell, r: int, options: dict[str, tuple[str, ...]], used: set[tuple[int, int]]
    ) -> str | None:
        """The boxes of ``cell``'s row under (or over) the option words of row ``r``, if any."""
        named = [
            (c, word)
            for c in self.doc.rows[r].cells
            if c.col > cell.col and not c.blank and (word := option_named(c.text, options))
        ]
        if len(named) < 2 or any(has_boxes(c.text) for c in self.doc.rows[r].cells):
            return None  # a row of boxes with their words is a choice, not headings
        parts = []
        for heading, value in named:
            under = next(
                (x for x in self.doc.rows[cell.row].cells if x.col <= heading.col < x.col + x.span),
                None,
            )
            if under is None:
                continue
            used.add((under.row, under.index))
            used.add((heading.row, heading.index))
            mark = under.text.strip() or EMPTY
            # the option's own name, not the heading's: "Y" is too short a word to look for
            parts.append(f"{mark} {value}")
        return " ".join(parts)

    def _free_text(
        self, n: str, ft: FreeText, cells: list[Cell], used: set[tuple[int, int]]
    ) -> str | int | None:
        labels = (ft.label,)
        free = [c for c in cells if (c.row, c.index) not in used]
        label_cell = next((c for c in free if starts_with_label(c, labels)), None)
        if label_cell is None:
            label_cell = next((c for c in free if _fuzzy_label(c.text, labels)), None)
        if label_cell is None:
            return None
        used.add((label_cell.row, label_cell.index))
        self.note(label_cell, f"{ft.key}: {ft.type}, section {n}")
        text = None
        beside = self.doc.rows[label_cell.row].cells[label_cell.index + 1 :]
        for right in beside:
            used.add((right.row, right.index))
            if not right.blank:
                text = right.text
                break
        if not beside:  # the label's cell is the last in its row: the answer follows the label
            text = _after_label(label_cell.text, labels)
        text = _strip_hints(text or "", (*ft.hints, *self._section_hints(n)))
        if ft.type == "score":
            value: int | None
            value, problem = to_score(_display(text), *ft.scale)
            if problem:
                family = self.definition.section(n).role == "family_feedback"
                place = Place.family_feedback(ft.key) if family else Place.free_text(n, ft.key)
                self.flawed(place, ft.label, problem, text)
            return value
        return _display(text)

    def _section_hints(self, n: str) -> tuple[str, ...]:
        return self.definition.section(n).hints

    def _ratings(
        self, section: Section, cells: list[Cell], used: set[tuple[int, int]], tables: set[int]
    ) -> tuple[Rating, Comments]:
        rl = self.definition.rating_labels
        names = {
            "auditor_comments": rl.auditor_comments,
            "moderator_comments": rl.moderator_comments,
        }
        names |= {f"{who}#{i}": label for i, (who, label) in enumerate(rl.grade_labels())}
        names |= {f"other{i}": label for i, label in enumerate(rl.other)}
        grade_text: dict[str, str | None] = {}
        comments: dict[str, list[str]] = {"auditor": [], "moderator": []}
        loose: list[str] = []
        n = section.number
        label_items = tuple(names.items())
        segmented = [
            (c, _segments(c.text, label_items)) for c in cells if (c.row, c.index) not in used
        ]
        tables = tables | {
            self.doc.rows[c.row].table for c, segs in segmented if any(s[0] for s in segs)
        }
        for cell, segments in segmented:
            if (cell.row, cell.index) in used:
                continue  # a grade read beside its label, earlier in this loop
            for at, (name, segment) in enumerate(segments):
                text = _strip_hints(segment, rl.hints)
                who = name.split("#")[0] if name else None
                if who in ("auditor", "moderator"):
                    self.note(cell, f"grade, {who}, section {n}")
                    lines = [ln for ln in text.split("\n") if ln.strip()]
                    if not lines and at == len(segments) - 1:
                        # the grade is beside its label: in the cells to the right
                        beside = self._grade_beside(cell, used, label_items)
                        lines = [beside] if beside else []
                    elif len(lines) > 1 and has_boxes(text):
                        lines = [" ".join(lines)]  # a box per grade, one per line
                    if who not in grade_text:
                        grade_text[who] = lines[0] if lines else None
                    extra = "\n".join(lines[1:])
                    if extra.strip():
                        comments[who].append(extra)
                elif name in ("auditor_comments", "moderator_comments"):
                    self.note(cell, f"comments, {name.split('_')[0]}, section {n}")
                    if not text.strip() and at == len(segments) - 1:
                        # "Comments | the text", or the text under its label
                        text = self._text_beside(cell, used, cells[-1].row, label_items)
                    comments[name.split("_")[0]].append(text)
                elif (
                    name is None
                    and section.role != "overall"
                    and self.doc.rows[cell.row].table in tables
                ):
                    loose.append(text)
        if not comments["auditor"]:
            # text under no label in the section's tables is the auditor's comment, unless the
            # form labels its comments: then it is headings ("Question | Evidence") and the like
            comments["auditor"] = loose
        grades = {}
        for who in RATERS:
            grade, problem = _to_grade(grade_text.get(who), self.definition.grade_scale)
            if problem:
                self.problem(
                    Place.rating(n, who),
                    f"section {n} {who}'s rating: {problem.text}",
                    "unreadable",
                    _display(grade_text.get(who)),
                    code=problem.code,
                    label=rating_words(n, section.short_title, who),
                )
            grades[who] = grade
        return (
            Rating(grades["auditor"], grades["moderator"]),
            Comments(
                _display("\n".join(comments["auditor"])), _display("\n".join(comments["moderator"]))
            ),
        )

    def _text_beside(
        self,
        cell: Cell,
        used: set[tuple[int, int]],
        last_row: int,
        labels: tuple[tuple[str, str], ...],
    ) -> str:
        """The text of a label whose own cell holds nothing after it: in the first cell with
        text to its right; for a label alone in its row (a paragraph), in the cell or
        paragraph just below it, within the section (``last_row``) and holding no label."""
        rest = self.doc.rows[cell.row].cells[cell.index + 1 :]
        for right in rest:
            if (right.row, right.index) not in used and not right.blank:
                used.add((right.row, right.index))
                return right.text
        below = None if rest else self.doc.cell_below(cell)
        if (
            below is not None
            and below.row <= last_row
            and not below.blank
            and (below.row, below.index) not in used
            and (below.row, below.index) not in self.label_cells
            and not any(name for name, _ in _segments(below.text, labels))
        ):
            used.add((below.row, below.index))
            return below.text
        return ""

    def _grade_beside(
        self, cell: Cell, used: set[tuple[int, int]], labels: tuple[tuple[str, str], ...]
    ) -> str:
        """A grade right of its label: a drop-down, a typed word, or a box per grade.

        Only the cells up to the next labelled cell ("Moderator:") belong to this grade.
        """
        under = self._under_headings(cell, _grade_choices(self.definition.grade_scale), used)
        if under is not None:
            return under
        beside = []
        for right in self.doc.rows[cell.row].cells[cell.index + 1 :]:
            if (right.row, right.index) in used or any(
                name for name, _ in _segments(right.text, labels)
            ):
                break
            used.add((right.row, right.index))
            beside.append(right)
        return " ".join(c.text.strip() for c in beside if not c.blank)

    # -- actions -----------------------------------------------------------------------------

    def actions(self, start: int) -> tuple[tuple[Action, ...], tuple[str, ...]]:
        """The ACTIONS table (found by its column headings) and the learning actions below it."""
        columns = self.definition.actions.columns
        actions: list[Action] = []
        learning: list[str] = []
        rows = self.doc.rows
        for row_no in range(start, len(rows)):
            row = rows[row_no]
            if len(row.cells) < 3 or not any(
                starts_with_label(c, columns.get("who", ())) for c in row.cells if not c.blank
            ):
                continue
            mapping: dict[int, str] = {}
            for cell in row.cells:
                for name, labels in columns.items():
                    if name not in mapping.values() and starts_with_label(cell, labels):
                        mapping[cell.col] = name
                        break
            if {"action", "who", "when"} <= set(mapping.values()):
                for below in rows[row_no + 1 :]:
                    if below.table != row.table:
                        break
                    values = dict.fromkeys(columns)
                    for cell in below.cells:
                        if cell.col in mapping:
                            values[mapping[cell.col]] = _display(cell.text)
                    if any(values.values()):
                        actions.append(
                            Action(
                                values.get("action"),
                                values.get("who"),
                                values.get("when"),
                                values.get("update"),
                            )
                        )
                break
        label = self.definition.actions.learning
        if label:
            for row_no in range(start, len(rows)):
                row = rows[row_no]
                if any(starts_with_label(c, [label]) for c in row.cells if not c.blank):
                    for below in rows[row_no + 1 :]:
                        if below.table != row.table:
                            break
                        learning.extend(t for c in below.cells if (t := _display(c.text)))
                    break
        return tuple(actions), tuple(learning)


def _grade_choices(scale: GradeScale) -> dict[str, tuple[str, ...]]:
    """The grades as options: every vocabulary spelling, or the words of a form's own scale."""
    return grade_options() if scale.is_default else scale.options()


def _to_grade(text: str | None, scale: GradeScale) -> tuple[Grade | None, Flaw | None]:
    """A grade typed or chosen from a list, or ticked in a row of boxes with grade words.

    On a form's own scale ("Good / Adequate / Inadequate", "1 to 4") its words are read as
    their bands; a word of the usual grades is read too when its band is on the scale ("RI"
    where the scale's "Adequate" is Requires Improvement)."""
    if scale.is_default or text is None or has_boxes(text):
        if text is not None and has_boxes(text):
            choice = read_choice(text, _grade_choices(scale))
            return cast("Grade | None", choice.value), choice.problem
        grade, problem = to_grade(_display(text))
        return cast("Grade | None", grade), problem
    choice = read_choice(_display(text), scale.options())
    if choice.problem is None:
        return cast("Grade | None", choice.value), None
    grade, _ = to_grade(_display(text))
    if grade is not None and grade in scale.bands:
        return cast("Grade", grade), None
    words_ = ", ".join(scale.words)
    return None, Flaw("not_a_grade", f"the grade '{_display(text)}' is not one of {words_}")


def _split_inside(text: str | None, child: HeaderField) -> tuple[str | None, str | None]:
    """Split a value cell at a sub-label ("YES ☐ NO  DATE: 30/01/16")."""
    if not text:
        return text, None
    m = label_pattern(child.label).search(text)
    if not m:
        return text, None
    return text[: m.start()], text[m.end() :]


@lru_cache(maxsize=TEXT_CACHE)
def _segments(text: str, labels: tuple[tuple[str, str], ...]) -> tuple[tuple[str | None, str], ...]:
    """Split a cell at its labels: ((label name or None for leading text, text after it), ...)."""
    hits = []
    for name, label in labels:
        for m in label_pattern(label).finditer(text):
            hits.append((m.start(), m.end(), name))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    chosen: list[tuple[int, int, str]] = []
    for hit in hits:
        if not chosen or hit[0] >= chosen[-1][1]:
            chosen.append(hit)
    out: list[tuple[str | None, str]] = []
    lead_end = chosen[0][0] if chosen else len(text)
    if text[:lead_end].strip():
        out.append((None, text[:lead_end]))
    for i, (_, end, name) in enumerate(chosen):
        stop = chosen[i + 1][0] if i + 1 < len(chosen) else len(text)
        out.append((name, text[end:stop]))
    return tuple(out)


@dataclass
class _Result:
    answers: dict[str, Answer | None] = field(default_factory=dict)
    ratings: dict[str, Rating] = field(default_factory=dict)
    comments: dict[str, Comments] = field(default_factory=dict)
    free_text: dict[tuple[str, str], str | int | None] = field(default_factory=dict)


def read_document(
    doc: Document,
    definition: FormDefinition,
    *,
    source: str,
    sha256: str,
    converted_from: str | None = None,
    identified: float | None = None,
) -> FormRecord:
    """Every value of ``definition`` found in ``doc``, with the problems met on the way;
    ``identified`` is the definition's identify score when the caller already has it."""
    score = identify_score(doc, definition) if identified is None else identified
    if score < IDENTIFY_THRESHOLD:
        raise NotThisForm(
            source,
            f"{source}: this Word document is not the '{definition.title}' audit form (its "
            "headings and labels were not found); check that the right file was saved in the inbox.",
            "not-this-form",
        )
    if definition.read_paragraphs:
        _interleave(doc)
    reader = _Reader(definition, doc)
    ranges = reader.section_rows()
    first_section = min((r[0] for r in ranges.values()), default=len(doc.rows))
    header = reader.header(first_section)
    result = _Result()
    for section in definition.sections:
        reader.section(section, ranges.get(section.number), result)
    actions, learning = reader.actions(max((r[0] for r in ranges.values()), default=0))

    answers = {q.id: result.answers.get(q.id) for q in definition.questions()}
    ratings = {s.number: result.ratings.get(s.number, Rating()) for s in definition.rated_sections}
    family = _free_text_of(definition, "family_feedback", result)
    practitioner = _free_text_of(definition, "practitioner_feedback", result)
    bespoke = _free_text_of(definition, "bespoke", result)

    problems = reader.problems
    filled = (
        any(v is not None for v in header.values())
        or any(r.auditor or r.moderator for r in ratings.values())
        or any(a is not None for a in answers.values())
        or actions
        or any(v is not None for v in family.values())
    )
    if not filled:
        problems = [
            Problem(
                Place.whole_form(),
                "nothing has been filled in on this form (no header, answers or ratings); "
                "complete it in Word, or remove it from the inbox if it was put there by mistake",
                "missing",
                code="blank_form",
                label="the form",
            )
        ]
    else:
        problems = _required(definition, header, ratings, problems)
    if doc.tracked_changes:
        problems.append(
            Problem(
                Place.whole_form(),
                f"the form has {counted(doc.tracked_changes, 'tracked change')} not yet accepted; "
                "it was read as if all were accepted; accept or reject them in Word "
                "(Review > Accept)",
                "notice",
                code="tracked_changes",
                label="the form",
            )
        )
    if doc.embedded_documents:
        problems.append(
            Problem(
                Place.whole_form(),
                f"the form holds {counted(doc.embedded_documents, 'embedded document')} "
                "(pasted in from another file) whose content is not read; if it holds answers, "
                "grades or comments, copy them into the form's own boxes and fields",
                "notice",
                code="embedded_documents",
                label="the form",
            )
        )
    return FormRecord(
        source=source,
        sha256=sha256,
        form=definition.id,
        header=header,
        ratings=ratings,
        answers=answers,
        family_feedback=family,
        practitioner_feedback=practitioner,
        comments=result.comments,
        actions=actions,
        learning_actions=learning,
        bespoke=bespoke,
        problems=tuple(problems),
        controls=dict(doc.controls),
        tracked_changes=doc.tracked_changes,
        converted_from=converted_from,
    )


def _interleave(doc: Document) -> None:
    """The paragraphs outside tables among the rows, their typed ☒ ✓ ☐ made boxes as in cells
    ("Case type: ☐ CIN ☒ CP" on a line of its own)."""
    doc.interleave_paragraphs()
    _typed_marks_to_boxes(doc.rows, doc.controls)


def _free_text_of(definition: FormDefinition, role: str, result: _Result) -> dict[str, Any]:
    """The free text of the section that is ``role`` on this form, by its keys (score first)."""
    section = definition.section_for(role)
    if section is None:
        return {}
    return {ft.key: result.free_text.get((section.number, ft.key)) for ft in section.free_text}


def _required(
    definition: FormDefinition,
    header: dict[str, HeaderValue],
    ratings: dict[str, Rating],
    problems: list[Problem],
) -> list[Problem]:
    reported = {p.place for p in problems}
    out = list(problems)
    for f in definition.header:
        place = Place.header_field(f.key)
        if f.required and header.get(f.key) is None and place not in reported:
            out.append(
                Problem(
                    place,
                    f"'{f.label}' is not filled in",
                    "missing",
                    code="missing",
                    label=field_words(f.label),
                )
            )
    moderator, when = definition.field_for("moderator"), definition.field_for("moderation_date")
    moderated = (moderator is not None and header.get(moderator.key) is not None) or any(
        r.moderator for r in ratings.values()
    )
    if (
        moderated
        and when is not None
        and header.get(when.key) is None
        and Place.header_field(when.key) not in reported
    ):
        out.append(
            Problem(
                Place.header_field(when.key),
                "the form was moderated but has no moderation date",
                "missing",
                code="missing",
                label=field_words(when.label),
            )
        )
    for s in definition.rated_sections:
        r = ratings[s.number]
        if r.auditor is None and Place.rating(s.number, "auditor") not in reported:
            out.append(
                Problem(
                    Place.rating(s.number, "auditor"),
                    f"section {s.number} ('{s.short_title}') has no auditor's rating",
                    "missing",
                    code="unrated",
                    label=rating_words(s.number, s.short_title, "auditor"),
                )
            )
        if (
            moderated
            and r.moderator is None
            and Place.rating(s.number, "moderator") not in reported
        ):
            out.append(
                Problem(
                    Place.rating(s.number, "moderator"),
                    f"section {s.number} ('{s.short_title}') has no moderator's rating although the form was moderated",
                    "missing",
                    code="unrated",
                    label=rating_words(s.number, s.short_title, "moderator"),
                )
            )
    return out


@dataclass(frozen=True)
class Placement:
    """What a definition finds in a (blank) form, for ``audit-docs forms check``."""

    found: dict[str, tuple[int, int]]  # "header fields" -> (found, wanted)
    missing: tuple[str, ...]
    unplaced: tuple[str, ...]


def placement(doc: Document, definition: FormDefinition) -> Placement:
    """Each header label, section, question and grade of ``definition`` looked for in ``doc``.

    Texts that look like labels or questions but that no part of the definition accounts
    for are listed too: they are what a drafted definition missed.
    """
    return _place(doc, definition, None)[0]


@dataclass(frozen=True)
class Note:
    """A cell (row, index in ``doc.rows``) and what it is to the definition, for a person."""

    row: int
    index: int
    text: str
    #: False for a box or label that no part of the definition reads
    placed: bool = True


def understood(doc: Document, definition: FormDefinition) -> list[Note]:
    """Every cell the definition reads, saying what it is ("grade, auditor, section 3"), and
    every box or label-like cell it cannot place, in document order."""
    notes: dict[tuple[int, int], str] = {}
    _, reader, unplaced = _place(doc, definition, notes)
    out = [Note(r, i, text) for (r, i), text in notes.items()]
    out += [
        Note(c.row, c.index, "not read: no part of the definition reads this", False)
        for c in unplaced
    ]
    seen = set(notes) | {(c.row, c.index) for c in unplaced}
    first = min((r for r, _ in notes), default=0)
    for c in reader.cells.in_rows(first, len(doc.rows)):
        where = (c.row, c.index)
        if where not in seen and where not in reader.taken and has_boxes(c.text):
            seen.add(where)
            out.append(
                Note(c.row, c.index, "not read: these boxes belong to no question or grade", False)
            )
    return sorted(out, key=lambda n: (n.row, n.index))


def _place(
    doc: Document, definition: FormDefinition, notes: dict[tuple[int, int], str] | None
) -> tuple[Placement, _Reader, list[Cell]]:
    if definition.read_paragraphs:
        _interleave(doc)
    reader = _Reader(definition, doc)
    reader.notes = notes
    ranges = reader.section_rows()
    first = min((r[0] for r in ranges.values()), default=len(doc.rows))
    missing: list[str] = []
    fields = [f for f in definition.header if not f.inside]
    header_found = 0
    for f in fields:
        cell = reader.header_label(f, first)
        if cell is None:
            missing.append(f"header field '{f.label}': its label is not on the form")
            continue
        header_found += 1
        reader.label_cells.add((cell.row, cell.index))
        role = f", {f.role.replace('_', ' ')}" if f.role else ""
        reader.note(cell, f"{f.key}: {f.type}{role}")
    wanted = [s for s in definition.sections if s.questions or s.rated]
    result = _Result()
    for s in definition.sections:
        reader.section(s, ranges.get(s.number), result)
    for p in reader.problems:
        if p.code == "not_on_form":
            missing.append(p.message)
    questions = definition.questions()
    lost = {p.place for p in reader.problems if p.code == "not_on_form"}
    rated_found = 0
    labels = tuple(
        (f"{who}#{i}", label)
        for i, (who, label) in enumerate(definition.rating_labels.grade_labels())
    )
    for s in definition.rated_sections:
        rows = ranges.get(s.number)
        cells = reader.cells.in_rows(*rows) if rows else []
        if any(name for c in cells for name, _ in _segments(c.text, labels)):
            rated_found += 1
        elif rows:
            missing.append(f"section {s.number} ('{s.short_title}'): no grade label found in it")
    known = tuple(ft.label for s in definition.sections for ft in s.free_text) + tuple(
        label for labels in definition.actions.columns.values() for label in labels
    )
    unplaced = [
        c
        for c in reader.cells.in_rows(0, len(doc.rows))
        if (c.row, c.index) not in reader.label_cells
        and not starts_with_label(c, (definition.title, *known))
        and not has_boxes(c.text)
        and (c.row < first or (c.text.strip().endswith("?") and len(words(c.text)) > 2))
    ]
    placed = Placement(
        found={
            "header fields": (header_found, len(fields)),
            "sections": (sum(1 for s in wanted if s.number in ranges), len(wanted)),
            "questions": (
                sum(1 for q in questions if Place.answer(q.id) not in lost),
                len(questions),
            ),
            "graded sections with their grade labels": (
                rated_found,
                len(definition.rated_sections),
            ),
        },
        missing=tuple(missing),
        unplaced=tuple(_display(c.text) or "" for c in unplaced),
    )
    return placed, reader, unplaced
