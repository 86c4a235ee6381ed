"""Drafting a form definition from a council's blank form (``audit-docs forms draft``).

A council should not have to read our code to add its form. Drafting walks the blank the way
a person reads it: the title at the top; label and value pairs (side by side, in a grid of
four, a label above its value, or "Label: ____" in a paragraph) before the first section, or
after the sections where they name header values (a case-information grid at the end);
sections as numbered headings or section rows; under each, questions answered by a
drop-down, a box per option under option headings, or boxes beside option words; grades as
a drop-down or a row of boxes with grade words, by whoever's label they carry. Whatever is a
guess rather than read from the form is written with a ``# guessed:`` comment beside it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from audit_docs.read.text import strip_numbering, words
from audit_docs.read.values import fold
from audit_docs.read.word.choices import grade_options
from audit_docs.read.word.layout import Block, Slot, read_layout
from audit_docs.read.word.near import (
    ARRANGEMENTS,
    Arrangement,
    choices_in_row,
    listed,
    words_by_boxes,
)

#: the answers' standard spellings (the definition's ``options``)
OPTIONS: dict[str, tuple[str, ...]] = {
    "yes": ("yes", "y"),
    "no": ("no", "n"),
    "n/a": ("n/a", "na", "n a", "not applicable"),
    "partially": ("partially", "partial", "part", "partly"),
}
_SECTION_NUMBER = re.compile(
    r"^\s*(?:(?:section|part|area)\s+)?(\d{1,2}|[A-Z])(?:[.):]|\s*[-–—]|\s)\s*(?=\S)", re.I
)
_PARAGRAPH_FIELD = re.compile(r"^\s*([^:\n]{2,60}?)\s*:\s*(.*)$", re.S)
#: header roles, from the words of a label (the first role whose words all appear wins)
_ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("moderation_date", ("moderation", "date")),
    ("moderation_date", ("date", "moderated")),
    ("audit_date", ("audit", "date")),
    ("case_reference", ("case", "reference")),
    ("case_reference", ("case", "id")),
    ("case_reference", ("child", "id")),
    ("case_reference", ("case", "number")),
    ("case_reference", ("lcs",)),
    ("case_reference", ("id",)),
    ("moderator", ("moderator",)),
    ("auditor", ("auditor",)),
    ("team_manager", ("manager",)),
    ("case_worker", ("social", "worker")),
    ("case_worker", ("case", "worker")),
    ("case_worker", ("practitioner",)),
    ("team", ("team",)),
    ("child_age", ("age",)),
    ("months_involved", ("months",)),
    ("months_involved", ("length", "time")),
    ("service_area", ("service",)),
    ("service_area", ("legal", "status")),
    ("service_area", ("case", "type")),
    ("ethnicity", ("ethnicity",)),
    ("overview", ("overview",)),
)
_SECTION_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overall", ("overall",)),
    ("family_feedback", ("family", "feedback")),
    ("practitioner_feedback", ("practitioner", "feedback")),
    ("bespoke", ("bespoke",)),
)


def field_key(label: str) -> str:
    """Lower case, apostrophes deleted, other runs outside a-z and 0-9 one '_', trimmed."""
    text = re.sub(r"['’‘`]", "", label.lower())
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _clean_label(text: str) -> str:
    return " ".join(text.split()).rstrip(":").strip()


@dataclass
class DraftField:
    label: str
    type: str
    options: tuple[str, ...] = ()
    guesses: dict[str, str] = field(default_factory=dict)
    role: str | None = None
    inside: str | None = None
    hints: tuple[str, ...] = ()
    unit: str | None = None
    #: the table, or the run of "Label: ____" paragraphs, it is printed in: the fields of
    #: a case-information grid stay together wherever it is printed
    group: int = 0
    #: printed as a paragraph ("Label: ____"), not in a table
    paragraph: bool = False

    @property
    def key(self) -> str:
        return field_key(self.label)


@dataclass
class DraftSection:
    number: str | None
    title: str
    questions: list[str] = field(default_factory=list)
    rated: bool = False
    fields: list[DraftField] = field(default_factory=list)
    role: str | None = None
    guesses: dict[str, str] = field(default_factory=dict)
    #: the labels of its comment and answer boxes other than the grades' comments
    free_text: list[str] = field(default_factory=list)
    #: where its title is printed ("table 2, row 1")
    where: str = ""


@dataclass
class Draft:
    title: str
    header: list[DraftField]
    sections: list[DraftSection]
    grade_labels: dict[str, list[str]]
    answer_spellings: dict[str, set[str]]
    actions: dict[str, str]
    read_paragraphs: bool
    source: str
    #: "auditor"/"moderator" -> the label of their comments box, where the form has one
    comment_labels: dict[str, str] = field(default_factory=dict)
    #: printed words between a grade's label and its box ("Click to select rating:")
    grade_hints: list[str] = field(default_factory=list)
    #: the form's own grades, best first: (word, band, guessed); [] for the usual four
    scale: list[tuple[str, str, bool]] = field(default_factory=list)
    #: what drafting could not make sense of, each a sentence naming its place in the form
    warnings: list[str] = field(default_factory=list)
    #: grade rows that are neither the auditor's nor the moderator's (a second second-line
    #: rater, "Manager review grade" beside "Moderator grade"): named, so never read as theirs
    other_grades: list[str] = field(default_factory=list)


# -- what a slot is -------------------------------------------------------------------------


def _option_of(word: str) -> str | None:
    f = fold(word)
    return next((o for o, spellings in OPTIONS.items() if f in spellings or f == o), None)


def _grade_of(word: str) -> str | None:
    f = fold(word)
    return next(
        (
            g
            for g, spellings in grade_options().items()
            if f in {fold(s) for s in spellings} or f == fold(g.replace("_", " "))
        ),
        None,
    )


def _box_words(slot: Slot) -> list[str]:
    """The words printed beside the boxes of a cell ("☐ Yes ☐ No" -> ["Yes", "No"])."""
    from audit_docs.read.word.wordml import EMPTY, TICKED

    parts = re.split(f"[{TICKED}{EMPTY}]", slot.text)
    return [" ".join(p.split()) for p in parts[1:] if p.strip()]


_UNITS = {"months": "months", "month": "months", "years": "years", "weeks": "weeks"}


def _value_like(slot: Slot) -> bool:
    if slot.words.lower() in _UNITS:  # "____ Months"
        return True
    return not slot.words or (slot.has_control and not _is_question_text(slot.words))


def _label_like(slot: Slot) -> bool:
    w = slot.words
    return bool(w) and not slot.has_control and len(w) <= 90 and len(words(w)) <= 12


def _is_question_text(text: str) -> bool:
    return text.rstrip().endswith("?") and len(words(text)) > 3


#: the words of a label that name who grades ("Auditor grade", "Manager moderation grade")
_RATER = re.compile(
    r"\b(?:auditor|audited by|moderat\w*|manager|reviewer|qa|quality assurance|second line)\b",
    re.I,
)
_SECOND = re.compile(r"\b(?:moderat\w*|manager|reviewer|qa|quality assurance|second line)\b", re.I)
#: the second-line rater whose grade is the moderation, where a section has two
_MODERATOR = re.compile(r"\bmoderat", re.I)


def _kind_of_choice(options: Iterable[str], label: str = "") -> str | None:
    """'answer' for Yes/No/N/A options, 'grade' for grade words or any options on a rater's
    row ("Auditor grade: ☐ 1 ☐ 2 ☐ 3 ☐ 4"), else None."""
    options = [o for o in options if o]
    if len(options) < 2:
        return None
    if all(_option_of(o) for o in options):
        return "answer"
    if all(_grade_of(o) for o in options) or _RATER.search(label):
        return "grade"
    return None


# -- header fields ----------------------------------------------------------------------------


_INSIDE = re.compile(
    r"(?<=[\s\ue000\ue001])([^\W\d_][^\ue000\ue001:\n]{1,30}?):\s*(?=[\ue010\ue012\ue013]|_*\s*$)"
)


def _fields(label: str, value: Slot) -> list[DraftField]:
    """The field of a label, and one inside its value ("☐ Yes ☐ No  DATE: [date]")."""
    m = _INSIDE.search(value.text) if value.has_boxes else None
    if m is None:
        return [_field(label, value)]
    head = value.text[: m.start()]
    # the sub-label is the last word(s) after the last option word: "No     DATE" -> "DATE"
    last_box = max(head.rfind("\ue000"), head.rfind("\ue001"))
    option_and_label = value.text[last_box + 1 : m.end(1)].split()
    sub = option_and_label[-1] if len(option_and_label) > 1 else m.group(1)
    cut = value.text.rfind(sub, 0, m.end(1))
    outer = _field(label, Slot(value.text[:cut], drops=value.drops))
    inner = _field(sub + ":", Slot(value.text[m.end() :], drops=value.drops))
    inner.inside = outer.key
    return [outer, inner]


def _field(label: str, value: Slot | None) -> DraftField:
    label = _clean_label(label)
    lw = set(words(label))
    guesses: dict[str, str] = {}
    kind, options = "text", tuple[str, ...]()
    if value is not None and value.drops:
        options = value.drops[0]
        kind = "choice"
    elif value is not None and value.has_date:
        kind = "date"
    elif value is not None and value.has_boxes:
        options = tuple(_box_words(value))
        kind = "choice"
    if kind == "choice" and {_option_of(o) for o in options} == {"yes", "no"}:
        kind, options = "yes_no", ()
    unit = _UNITS.get(value.words.lower()) if value is not None else None
    if kind == "text" and unit:
        return DraftField(
            label, "integer", (), {"type": f"type integer: '{unit}' printed beside it"}, unit=unit
        )
    if kind == "text":
        if lw & {"date", "dob"}:
            kind, guesses["type"] = "date", "type date from label"
        elif lw & {"age", "months", "weeks", "years", "length", "duration"} or (
            "number" in lw
            and not lw & {"case", "reference", "id", "phone", "telephone"}
            and not _names_a_case(lw)  # "LCS number" is a reference, not a count
        ):
            kind, guesses["type"] = "integer", "type integer from label"
        else:
            guesses["type"] = "type text: no date, number or choice found"
    return DraftField(label, kind, tuple(options), guesses)


def _names_a_case(label_words: set[str]) -> bool:
    return any(
        role == "case_reference" and set(needed) <= label_words for role, needed in _ROLE_WORDS
    )


def _paragraph_field(slot: Slot) -> DraftField | None:
    m = _PARAGRAPH_FIELD.match(slot.text)
    if not m or not words(m.group(1)):
        return None
    rest = Slot(m.group(2))
    if words(rest.words) and not rest.has_control:  # "___/___/____" is a blank to fill
        return None
    rest.drops = slot.drops
    return _field(m.group(1), rest)


def _row_fields(row: list[Slot]) -> list[DraftField]:
    """Label | value pairs across a row (two or four columns, or more)."""
    out, i = [], 0
    cells = list(row)
    while i < len(cells):
        c = cells[i]
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        box = nxt is not None and nxt.has_control and not nxt.words  # a long label's box
        labelled = _label_like(c) or (box and bool(c.words) and not c.has_control)
        if labelled and nxt is not None and _value_like(nxt) and not _label_like(nxt):
            found = _fields(c.lines[0], nxt)
            found[0].hints = tuple(c.lines[1:])
            out.extend(found)
            i += 2
            continue
        if c.has_control or "__" in c.text:  # "Label: [ ]" or "Label: ____" lines in a cell
            found = [
                inline
                for line in c.text.split("\n")
                if (inline := _paragraph_field(Slot(line, drops=c.drops))) is not None
            ]
            head, _, rest = c.text.partition("\n")
            below = Slot(rest, drops=c.drops)
            if not found and _label_like(Slot(head)) and below.has_control and not below.words:
                found = [_field(head, below)]  # its label on the first line, its box below
            out.extend(found)
        i += 1
    return out


def _label_rows(rows: list[list[Slot]], i: int) -> list[DraftField] | None:
    """Labels above values: a row of labels over a row of the same number of empty places."""
    if i + 1 >= len(rows):
        return None
    labels, values = rows[i], rows[i + 1]
    if len(labels) < 2 or len(labels) != len(values):
        return None
    # a grid's last row may be part empty: an empty place under no label is no field
    pairs = [(c, v) for c, v in zip(labels, values, strict=True) if c.words or v.has_control]
    if (
        pairs
        and all(_label_like(c) for c, _ in pairs)
        and all(_value_like(v) and not _label_like(v) for _, v in pairs)
    ):
        return [_field(c.words, v) for c, v in pairs]
    return None


# -- sections, questions, grades ------------------------------------------------------------


def _section_start(slot: Slot, in_table: bool, row_len: int = 1) -> DraftSection | None:
    """A section's number and title, when ``slot`` prints one (its first line; hints follow)."""
    text = slot.lines[0] if slot.lines else ""
    if not text or slot.has_control or len(words(text)) > 25:
        return None
    numbered = _SECTION_NUMBER.match(text)
    heading = slot.style.lower().startswith("heading")
    bold = slot.bold or slot.first_bold
    if in_table:
        if not heading and (row_len != 1 or not bold):
            return None
    elif not heading and not (bold and numbered):
        return None
    if numbered and (number := numbered.group(1)) is not None:
        return DraftSection(number, text[numbered.end() :].strip(" :.-–—"), where=slot.where)
    return DraftSection(None, text.strip(" :"), where=slot.where)


@dataclass
class _Headings:
    """The last heading row of a table: column → the option or grade word it heads."""

    answer: dict[int, str] = field(default_factory=dict)
    grade: dict[int, str] = field(default_factory=dict)


def _headings(row: list[Slot]) -> _Headings | None:
    if any(c.has_control for c in row):
        return None  # a row of boxes with their words is a choice, not headings
    answer = {c.col: c.words for c in row if not c.has_control and _option_of(c.words)}
    grade = {c.col: c.words for c in row if not c.has_control and _grade_of(c.words)}
    if len(answer) >= 2 or len(grade) >= 2:
        return _Headings(answer if len(answer) >= 2 else {}, grade if len(grade) >= 2 else {})
    return None


def _answered_by(
    rows: list[list[Slot]], i: int, arrangements: dict[str, Arrangement]
) -> list[tuple[str, list[str], str, str, int]]:
    """(kind, option words, label, arrangement, the row of its words if another) of each
    answer or grade row ``i`` offers, found by nearness, left to right."""
    row = rows[i]
    out = []
    after = 0  # a choice's label is not left of the choice before it
    for found in choices_in_row(rows, i, arrangements):
        # the label is the nearest words left of the choice's first box ("Legal status |
        # [list]" in a row that begins "Moderator | [ ]"), else the row's first words
        first = min(found.taken)
        before = [c.words for c in row[after:first] if c.words and not c.has_control]
        label = (
            found.lead
            or (before[-1] if before else "")
            or next((c.words for n, c in enumerate(row) if n not in found.taken and c.words), "")
        )
        after = max(found.taken) + 1
        kind = _kind_of_choice(found.options, label)
        if kind is not None and words(label):
            out.append((kind, list(found.options), label, found.arrangement, found.words_row))
    return out


_BANDS = ("outstanding", "good", "requires_improvement", "inadequate")


def _scale(found: list[tuple[str, ...]]) -> list[tuple[str, str, bool]]:
    """The grade scale the form prints most often, each word with its band (and whether
    the band is a guess); [] when it is the usual four grades, read with every spelling.

    A word of the usual grades keeps its band; a word between two of them ("Adequate"
    between Good and Inadequate) takes the next band down from the one above; a scale of
    no such words (1 to 4) is spread over the bands in order, best first.
    """
    if not found:
        return []
    words_ = Counter(found).most_common(1)[0][0]
    known = [_grade_of(w) for w in words_]
    ranks = [_BANDS.index(b) for b in known if b]
    if len(ranks) >= 2 and ranks == sorted(ranks, reverse=True):  # printed worst first
        words_, known = words_[::-1], known[::-1]
    if known == list(_BANDS):
        return []
    if not any(known):
        n = len(words_)
        spread = [_BANDS[round(i * 3 / (n - 1))] if n > 1 else _BANDS[1] for i in range(n)]
        if n == 3:  # three grades: good, a middle one, inadequate
            spread = ["good", "requires_improvement", "inadequate"]
        return [(w, b, True) for w, b in zip(words_, spread, strict=True)]
    out: list[tuple[str, str, bool]] = []
    for i, (w, band) in enumerate(zip(words_, known, strict=True)):
        if band is not None:
            out.append((w, band, False))
            continue
        above = next((b for b in reversed(known[:i]) if b), None)
        below = next((b for b in known[i + 1 :] if b), None)
        rank = _BANDS.index(above) + 1 if above else max(_BANDS.index(below or "good") - 1, 0)
        out.append((w, _BANDS[min(rank, 3)], True))
    return out


def _who(label: str) -> str:
    return "moderator" if _SECOND.search(label) else "auditor"


def _number(sections: list[DraftSection]) -> None:
    """Give every section a number of its own: one not printed takes the next in order, one
    printed twice becomes "2-2" (never a new number such as "210"); both marked as guesses."""
    used: set[str] = set()
    numbers = {s.number for s in sections if s.number and s.number.isdigit()}
    n = 0
    for s in sections:
        if s.number is None:
            n = max([n, *(int(x) for x in numbers)]) + 1
            while str(n) in numbers:
                n += 1
            numbers.add(str(n))
            s.number = str(n)
            s.guesses["number"] = "number: not printed, the next in order"
        if s.number in used:
            k = 2
            while f"{s.number}-{k}" in used:
                k += 1
            s.guesses["number"] = f"number: {s.number} is printed twice on the form"
            s.number = f"{s.number}-{k}"
        used.add(s.number)


class _Drafter:
    def __init__(
        self, blocks: list[Block], source: str, arrangements: dict[str, Arrangement]
    ) -> None:
        self.blocks = blocks
        self.source = source
        self.arrangements = arrangements
        #: the option words of every grade found, as printed
        self.scales: list[tuple[str, ...]] = []
        #: every table cell met, with the section open there (None before the first)
        self.seen: list[tuple[Slot, DraftSection | None]] = []
        #: the cells read as a choice, its words or its headings (by id)
        self.consumed: set[int] = set()
        #: headings that opened a section, whether or not it was kept
        self.opened: list[DraftSection] = []
        self.title = ""
        self.header: list[DraftField] = []
        self.sections: list[DraftSection] = []
        self.grade_labels: dict[str, list[str]] = {"auditor": [], "moderator": []}
        self.spellings: dict[str, set[str]] = {o: set() for o in OPTIONS}
        self.actions: dict[str, str] = {}
        self.comment_labels: dict[str, str] = {}
        self.grade_hints: list[str] = []
        self.paragraphs = False
        self.current: DraftSection | None = None
        #: where the row or paragraph being read is printed
        self.place = ""
        #: every second-line grade met: (its section, its label, where)
        self.second_line: list[tuple[DraftSection, str, str]] = []
        #: the table or run of field paragraphs being read (DraftField.group)
        self.group = 0
        self.in_run = False

    def run(self) -> Draft:
        for block in self.blocks:
            if block.para is not None:
                self.paragraph(block.para)
            else:
                self.table(block.rows)
        self.settle()
        others, told = self.second_line_grades()
        self.grade_labels["moderator"] = [
            label for label in self.grade_labels["moderator"] if label not in others
        ]
        return Draft(
            self.title,
            self.header,
            self.sections,
            self.grade_labels,
            self.spellings,
            self.actions,
            self.paragraphs,
            self.source,
            self.comment_labels,
            self.grade_hints,
            _scale(self.scales),
            self.warnings() + told,
            others,
        )

    def second_line_grades(self) -> tuple[list[str], list[str]]:
        """A section graded by two second-line raters (a moderator and a manager, reviewer or
        QA): the one labelled moderator (else the first printed) is the moderation; the
        others are listed as grades not read, each with a warning naming its place."""
        rows: dict[int, list[tuple[str, str]]] = {}
        sections: dict[int, DraftSection] = {}
        for s, label, where in self.second_line:
            met = rows.setdefault(id(s), [])
            sections[id(s)] = s
            if label not in [m for m, _ in met]:
                met.append((label, where))
        others: list[str] = []
        told: list[str] = []
        for key, met in rows.items():
            if len(met) < 2:
                continue
            read = next((m for m, _ in met if _MODERATOR.search(m)), met[0][0])
            unread = [(m, w) for m, w in met if m != read]
            others += [m for m, _ in unread if m not in others]
            s = sections[key]
            for label, where in unread:
                told.append(
                    f"section {s.number} '{s.title}' ({where}) has a second second-line grade, "
                    f"'{label}', besides '{read}': '{read}' is read as the moderator's grade "
                    f"and '{label}' is listed under rating_labels.other, not read (swap them "
                    "in the definition to read it instead)"
                )
        return others, told

    def paragraph(self, slot: Slot) -> None:
        if not slot.words and not slot.has_control:
            return
        self.place = slot.where
        if _paragraph_field(slot) is None:
            self.in_run = False
        if not self.title and not slot.has_control:
            self.title = slot.words
            self.paragraphs = self.paragraphs or False
            return
        start = _section_start(slot, in_table=False)
        if start is not None:
            self.paragraphs = True
            self.open(start)
            return
        if self.current is not None and slot.has_control and self.grades_in_cells([slot]):
            self.paragraphs = True  # "Auditor grade: ☐ Good ☐ ..." as a line of its own
            self.consume([slot])
            return
        found = _paragraph_field(slot)
        if found is not None:
            self.paragraphs = self.paragraphs or self.current is None
            if not self.in_run:
                self.group += 1
            self.in_run = True
            found.paragraph = True
            self.place_fields([found])

    def open(self, section: DraftSection) -> None:
        self.current = section
        self.sections.append(section)
        self.opened.append(section)

    def consume(self, row: list[Slot]) -> None:
        self.consumed.update(id(c) for c in row)

    def warnings(self) -> list[str]:
        """What was not found, each with its place: no graded section, a section without
        questions, grade words with no boxes near them, labels that made no field."""
        out = []
        if not any(s.rated for s in self.sections):
            out.append(
                "no graded section was found: no boxes or drop-down of grades (Outstanding, "
                "Good… or the form's own words) beside a rater's label (Auditor, Moderator, "
                "Manager, Reviewer, QA, Second line); the definition reads no grades"
            )
        kept = {id(s) for s in self.sections}
        for s in self.opened:
            at = f" ({s.where})" if s.where else ""
            if id(s) in kept and not s.questions and s.role != "overall":
                out.append(
                    f"section {s.number} '{s.title}'{at} has no questions: no row in it has "
                    "Yes / No boxes, a drop-down or option words beside its words"
                )
            elif id(s) not in kept and s.number and "number" not in s.guesses and self.sections:
                out.append(
                    f"section {s.number} '{s.title}'{at} has no questions or grades, so it is "
                    "left out: nothing under its heading has boxes, a drop-down or option words"
                )
        labels = {fold(f.label) for f in self.header} | {
            fold(h) for f in self.header for h in f.hints
        }
        labels |= {fold(self.title)} | {fold(s.title) for s in self.opened}
        legends: dict[tuple[int, int], list[Slot]] = {}
        first = next((n for n, (_, sec) in enumerate(self.seen) if id(sec) in kept), len(self.seen))
        for n, (slot, _) in enumerate(self.seen):
            if id(slot) in self.consumed:
                continue
            printed = listed(slot.words) or [slot.words]
            if slot.words and not slot.has_control and all(_grade_of(w) for w in printed):
                legends.setdefault((slot.table, slot.row), []).append(slot)
            elif (
                n < first
                and _label_like(slot)
                and fold(_clean_label(slot.lines[0] if slot.lines else "")) not in labels
                and not _option_of(slot.words)
            ):
                out.append(
                    f"'{_clean_label(slot.words)}' ({slot.where}) looks like a label, but no "
                    "field was made of it: no box or space to write in beside or below it"
                )
        for slots in legends.values():
            shown = ", ".join(c.words for c in slots)
            out.append(
                f"grade words '{shown}' ({slots[0].where}) have no boxes or drop-down near "
                "them: nothing there is read as a grade"
            )
        return out

    def place_fields(self, fields: list[DraftField]) -> None:
        for f in fields:
            f.group = self.group
        (self.current.fields if self.current is not None else self.header).extend(fields)

    def table(self, rows: list[list[Slot]]) -> None:
        self.group += 1
        self.in_run = False
        i = 0
        if not self.title and rows and rows[0] and _label_like(rows[0][0]) and len(rows[0]) == 1:
            self.title = rows[0][0].words
            i = 1
        if self.actions_table(rows):
            return
        rows = list(rows)
        # a case-information grid after the sections is the header's, as one before them:
        # its "Audited before? ☐ Yes ☐ No" is a field, not a question of the last section
        current = self.current
        if current is not None and _header_grid(rows):
            self.current = None
        while i < len(rows):
            i += self.row(rows, i)
        self.current = current

    def row(self, rows: list[list[Slot]], i: int) -> int:
        """Read row ``i`` of a table; the number of rows it took (a label's value row too)."""
        full = rows[i]
        self.place = full[0].where if full else self.place
        self.seen += [(c, self.current) for c in full]
        content = [c for c in full if c.words or c.has_control]
        if len(full) >= 2 and len(content) == 1 and (above := _label_rows(rows, i)):
            self.place_fields(above)  # a grid's last row: one label over its value
            return 2
        if self.structure(full, content):
            return 1
        lead = full[0] if full else None
        if (
            lead is not None
            and len(content) >= 2
            and lead is content[0]
            and _SECTION_NUMBER.match(lead.lines[0] if lead.lines else "")
            and (start := _section_start(lead, True, 1)) is not None
        ):
            # "2. Why this family needs help", merged down beside its questions
            self.open(start)
            self.consumed.add(id(lead))
            rows[i] = full = [Slot("", c.col, c.span) if c is lead else c for c in full]
        if self.grades_in_cells(full):
            self.consume(full)
            return 1
        answered = _answered_by(rows, i, self.arrangements)
        if answered and (self.current is not None or answered[0][0] == "grade"):
            for kind, options, label, _, words_row in answered:
                self.choice_row(kind, options, label)
                if words_row >= 0:
                    self.consume(rows[words_row])
            self.consume(full)
            # the words under the boxes are theirs
            return 2 if answered[0][3] == "cell below" else 1
        after = _answered_by(rows, i + 1, self.arrangements) if i + 1 < len(rows) else []
        if after and after[0][3] == "column heading":
            self.consume(full)  # the option words heading the columns of boxes below
            return 1
        above = _label_rows(rows, i)
        if above is not None:
            self.place_fields(above)
            return 2
        row = [c for c in full if not (c.words == "" and not c.has_control)] or full
        self.place_fields(_row_fields(full if len(full) > 1 else row))
        return 1

    def structure(self, full: list[Slot], content: list[Slot]) -> bool:
        """Whether the row is a section's title row, or a heading row over option columns."""
        start = _section_start(content[0], True) if len(content) == 1 else None
        if start is not None:
            self.open(start)
            self.consume(full)
            return True
        if (h := _headings(full)) is None:
            return False
        # a header row "2. Why this family needs help | Yes | No | N/A"
        lead = full[0] if full and full[0].col not in {**h.answer, **h.grade} else None
        titled = lead is not None and (
            lead.style.lower().startswith("heading") or _SECTION_NUMBER.match(lead.words)
        )
        if titled and lead and (start := _section_start(lead, True, 1)) is not None:
            self.open(start)
        return True

    def grades_in_cells(self, row: list[Slot]) -> bool:
        """Grades chosen in the cell that labels them ("Auditor: [grade]" on its own lines)."""
        found = False
        for cell in row:
            lines = cell.text.split("\n")
            for n, line in enumerate(lines):
                marks = [o for m, o in cell.marks.items() if m in line]
                lead, boxed = words_by_boxes(line)
                options = marks[0] if marks else tuple(boxed)
                before = Slot(re.split(r"[\ue010]", line)[0]).words if marks else lead
                if not before:
                    before = next((Slot(p).words for p in reversed(lines[:n]) if Slot(p).words), "")
                label = _clean_label(before.split(":")[0]) if before else ""
                if _kind_of_choice(options, label) != "grade" or not words(label):
                    continue
                if self.current is None:
                    continue
                hint = before.split(":", 1)[1].strip() if ":" in before else ""
                if words(hint) and hint not in self.grade_hints:
                    self.grade_hints.append(hint)  # "Click to select rating:"
                self.grade(label, options)
                found = True
        if found:
            for cell in row:
                for line in cell.lines:
                    head = line.split(":")[0]
                    lw = set(words(head))
                    if (
                        ":" in line
                        and lw & {"comment", "comments"}
                        and _who(head) not in self.comment_labels
                    ):
                        self.comment_labels[_who(head)] = _clean_label(head)
        return found

    def grade(self, label: str, options: Iterable[str]) -> None:
        """A grade of the open section, by whose label it carries, on the scale it offers."""
        assert self.current is not None
        label = _clean_label(label)
        who = _who(label)
        if label not in self.grade_labels[who]:
            self.grade_labels[who].append(label)
        if who == "moderator":
            self.second_line.append((self.current, label, self.place))
        self.scales.append(tuple(options))
        self.current.rated = True

    def choice_row(self, kind: str, opts: list[str], label: str) -> None:
        if self.current is None:
            self.open(DraftSection(None, "Overall judgement"))
        if kind == "grade":
            self.grade(label, opts)
            return
        assert self.current is not None
        for o in opts:
            if (value := _option_of(o)) is not None:
                self.spellings[value].add(o)
        self.current.questions.append(" ".join(strip_numbering(label).split()))

    def actions_table(self, rows: list[list[Slot]]) -> bool:
        if not rows:
            return False
        heads = {fold(c.words): c.words for c in rows[0] if c.words}
        named: dict[str, str] = {}
        for f, text in heads.items():
            ws = set(f.split())
            if "action" in f and "action" not in named:
                named["action"] = text
            elif ("who" in ws or "whom" in ws or "responsible" in ws) and "who" not in named:
                named["who"] = text
            elif ("when" in ws or "timescale" in ws or "date" in ws) and "when" not in named:
                named["when"] = text
        if {"who", "when"} <= set(named) and "action" not in named and len(heads) >= 3:
            named["action"] = next(t for t in heads.values() if t not in named.values())
        if {"action", "who", "when"} <= set(named):
            self.actions = named
            return True
        return False

    def settle(self) -> None:
        """Sections with nothing to read give their fields to the header, if before the first."""
        kept: list[DraftSection] = []
        for s in self.sections:
            if s.questions or s.rated or (kept and s.fields):
                kept.append(s)
            elif not kept:
                self.header.extend(s.fields)
        for s in kept:
            header = _header_fields(s.fields)
            self.header += header
            s.fields = [f for f in s.fields if f not in header]
            self.paragraphs = self.paragraphs or any(f.paragraph for f in header)
            for f in s.fields:
                lw = set(words(f.label))
                who = _who(f.label)
                if lw & {"comment", "comments", "evidence"} and who not in self.comment_labels:
                    self.comment_labels[who] = f.label
                elif f.label not in s.free_text and f.label not in self.comment_labels.values():
                    s.free_text.append(f.label)
        _number(kept)
        for s in kept:
            fw = set(words(s.title))
            for role, needed in _SECTION_ROLES:
                if set(needed) <= fw and role not in {x.role for x in kept}:
                    s.role = role
                    s.guesses["role"] = "role from title"
                    break
        self.sections = kept
        keys: set[str] = set()
        fields = []
        for f in self.header:
            if f.key and f.key not in keys:
                keys.add(f.key)
                fields.append(f)
        self.header = fields
        taken: set[str] = set()
        for f in self.header:
            lw = set(words(f.label))
            for role, needed in _ROLE_WORDS:
                if set(needed) <= lw and role not in taken:
                    if role in ("auditor", "moderator") and lw & {"date", "grade"}:
                        continue
                    f.role = role
                    f.guesses["role"] = "role from label"
                    taken.add(role)
                    break


#: words of a label that make it part of a section, whatever else it names
_SECTION_WORDS = frozenset({"comment", "comments", "evidence", "grade", "rating", "judgement"})


def _header_grid(rows: list[list[Slot]]) -> bool:
    """A table of label | value pairs naming header values (two labels or more, and at
    least one every other row), with no numbered section title or grade words in it."""
    labels = [c.lines[0] for r in rows for c in r if _label_like(c) and c.lines]
    named = sum(_header_like(label) for label in labels)
    return (
        named >= max(2, len(rows) // 2)
        and not any(_SECTION_NUMBER.match(r[0].words) for r in rows if r)
        and not any(_grade_of(c.words) for r in rows for c in r if c.words)
    )


def _header_like(label: str) -> bool:
    """A short label naming what the header holds (case reference, audit date, auditor,
    team...), not a question ("How was your relationship with your practitioner?")."""
    said = words(label)
    lw = set(said)
    if len(said) > 5 or label.rstrip().endswith("?") or lw & _SECTION_WORDS:
        return False
    return any(set(needed) <= lw for role, needed in _ROLE_WORDS if role != "overview")


def _header_fields(fields: list[DraftField]) -> list[DraftField]:
    """The fields printed after a section that are the form's header: a grid (or a run of
    "Label: ____" lines) holding two labels or more that name header values, whole, and any
    one such label on its own ("Auditor name: ____" at the end of the form)."""
    named = Counter(f.group for f in fields if _header_like(f.label))
    grids = {g for g, n in named.items() if n >= 2}
    taken = {f.key for f in fields if f.group in grids or _header_like(f.label)}
    return [f for f in fields if f.key in taken or f.inside in taken]


def draft(xml: bytes, source: str, arrangements: dict[str, Arrangement] | None = None) -> Draft:
    """A draft definition of the form whose document.xml is ``xml``; ``arrangements`` are
    the ways of printing a choice to recognise (all of ``near.ARRANGEMENTS`` unless given)."""
    return _Drafter(
        read_layout(xml), source, ARRANGEMENTS if arrangements is None else arrangements
    ).run()


# -- writing the YAML -------------------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML scalar that stays a string (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _line(indent: int, text: str, guess: str | None = None) -> str:
    pad = " " * indent
    return f"{pad}{text}  # guessed: {guess}" if guess else f"{pad}{text}"


def definition_yaml(d: Draft) -> str:
    """The draft as a definition file, with a comment beside every guess."""
    form_id = field_key(d.title).replace("_", "-") or "drafted-form"
    out = [
        f"# Drafted by `audit-docs forms draft` from {d.source}.",
        "# Lines marked 'guessed' were not printed on the form: check them, then run",
        "# `audit-docs forms check` on this file and the blank form.",
        "",
        f"id: {_q(form_id)}",
        f"title: {_q(d.title or 'Audit form')}",
    ]
    if d.read_paragraphs:
        out.append("# headings and 'Label:' lines outside the tables are part of this form")
        out.append("read_paragraphs: true")
    identify = [d.title] if d.title else []
    identify += [s.title for s in d.sections[:3]]
    identify += [f.label for f in d.header[:4]]
    identify = [t for t in dict.fromkeys(identify) if words(t)]
    out.append("identify:")
    out += [f"  - {_q(t)}" for t in identify]
    out.append("options:")
    for value, spellings in OPTIONS.items():
        seen = sorted(set(d.answer_spellings.get(value, set())) - {*spellings})
        out.append(f"  {_q(value)}: [{', '.join(_q(s) for s in (*spellings, *seen))}]")
    out += _header_yaml(d.header)
    out += _ratings_yaml(d)
    if d.scale:
        out.append("# the grades as printed, best first, and the report's band of each")
        out.append("grade_scale:")
        for word, band, guessed in d.scale:
            entry = f"  - {{word: {_q(word)}, band: {band}}}"
            out.append(_line(0, entry, "band from its place on the scale" if guessed else None))
    out += _sections_yaml(d.sections)
    if d.actions:
        out.append("actions:")
        out.append("  columns:")
        for name in ("action", "who", "when"):
            out.append(f"    {name}: [{_q(d.actions[name])}]")
    return "\n".join(out) + "\n"


def _list(items: Iterable[str]) -> str:
    return f"[{', '.join(_q(i) for i in items)}]"


def _header_yaml(fields: list[DraftField]) -> list[str]:
    out = ["header:" if fields else "header: []"]
    for f in fields:
        out.append(f"  - key: {_q(f.key)}")
        out.append(f"    label: {_q(f.label)}")
        out.append(_line(4, f"type: {f.type}", f.guesses.get("type")))
        if f.options:
            out.append(f"    options: {_list(f.options)}")
        if f.inside:
            out.append(f"    inside: {_q(f.inside)}")
        if f.unit:
            out.append(f"    unit: {f.unit}")
        if f.hints:
            out.append(f"    hints: {_list(f.hints)}")
        if f.role:
            out.append(_line(4, f"role: {f.role}", f.guesses.get("role")))
    return out


def _ratings_yaml(d: Draft) -> list[str]:
    out = ["rating_labels:"]
    for who in ("auditor", "moderator"):
        found = d.grade_labels[who]
        labels = found or [who.capitalize()]
        out.append(_line(2, f"{who}: {_q(labels[0])}", None if found else "not on the form"))
        if labels[1:]:
            out.append(f"  {who}_aliases: {_list(labels[1:])}")
    for who in ("auditor", "moderator"):
        comments = d.comment_labels.get(who, f"{who.capitalize()}'s comments:")
        guess = None if who in d.comment_labels else "not on the form"
        out.append(_line(2, f"{who}_comments: {_q(comments)}", guess))
    if d.other_grades:
        # a second second-line rater's grade: printed on the form, named so it is never read
        # as the moderator's (forms draft warns where)
        out.append(f"  other: {_list(d.other_grades)}")
    if d.grade_hints:
        out.append(f"  hints: {_list(d.grade_hints)}")
    return out


def _sections_yaml(sections: list[DraftSection]) -> list[str]:
    out = ["sections:"]
    for s in sections:
        out.append(_line(2, f"- number: {_q(s.number or '')}", s.guesses.get("number")))
        out.append(f"    title: {_q(s.title)}")
        if s.role:
            out.append(_line(4, f"role: {s.role}", s.guesses.get("role")))
        out.append(f"    rated: {'true' if s.rated else 'false'}")
        if s.questions:
            out.append("    questions:")
            out += [f"      - text: {_q(q)}" for q in s.questions]
        if s.free_text:
            out.append("    free_text:")
            out += [f"      - {{key: {_q(field_key(t))}, label: {_q(t)}}}" for t in s.free_text]
    return out
