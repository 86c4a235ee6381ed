"""Form definitions: the YAML files under ``read/forms/`` loaded into typed objects.

Loading checks the file and says what is wrong in it (a council may edit its own copy), so a
bad definition fails once, clearly, instead of reading every form wrongly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from audit_docs.errors import DefinitionError
from audit_docs.read.definitions import bundled, load_yaml, need, strings
from audit_docs.read.text import key, words

HEADER_TYPES = frozenset({"text", "date", "integer", "yes_no", "choice"})
FREE_TEXT_TYPES = frozenset({"text", "score"})

# What a part of a form *is*, whatever its key, number or wording on a council's form. The
# store, merge and reports ask for a role, never for a key or a section number, so a form
# read with any definition reaches every report.
HEADER_ROLES = frozenset(
    {
        "case_reference",
        "audit_date",
        "auditor",
        "moderator",
        "moderation_date",
        "team",
        "case_worker",
        "team_manager",
        "child_age",
        "service_area",
        "ethnicity",
        "months_involved",
        "overview",
    }
)
SECTION_ROLES = frozenset(
    {"overall", "family_feedback", "practitioner_feedback", "bespoke", "actions"}
)
#: reminders a question stands for in the practitioners' guidance ("record signed consent")
REMINDERS = frozenset({"consent"})


@dataclass(frozen=True)
class HeaderField:
    key: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    required: bool = False
    inside: str | None = None
    unit: str | None = None
    #: what the field is (one of ``HEADER_ROLES``), or None for a field only this form has
    role: str | None = None
    #: for ``type: choice``: the options as written on the form
    options: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    reverse: bool = False
    #: the practitioner-facing key message for when this question is answered weakly
    advice: str | None = None
    #: the guidance reminder this question stands for (one of ``REMINDERS``)
    reminder: str | None = None
    #: the area of practice it is evidence for in the guidance ("The voice of the child")
    theme: str | None = None

    @property
    def words(self) -> frozenset[str]:
        return frozenset(words(self.text))


@dataclass(frozen=True)
class FreeText:
    key: str
    label: str
    type: str = "text"
    hints: tuple[str, ...] = ()
    scale: tuple[int, int] = (1, 5)


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    short_title: str
    rated: bool
    theme: str | None
    questions: tuple[Question, ...]
    free_text: tuple[FreeText, ...]
    comment_prompts: tuple[str, ...]
    hints: tuple[str, ...]
    #: what the section is (one of ``SECTION_ROLES``), or None for an ordinary section
    role: str | None = None
    #: the audit-log practice area this graded section is ("Voice of the child"), if any
    practice_area: str | None = None


@dataclass(frozen=True)
class RatingLabels:
    auditor: str
    moderator: str
    auditor_comments: str
    moderator_comments: str
    other: tuple[str, ...]
    hints: tuple[str, ...]
    #: other labels of the same rows ("Manager moderation grade"), from drafted definitions
    auditor_aliases: tuple[str, ...] = ()
    moderator_aliases: tuple[str, ...] = ()

    def grade_labels(self) -> tuple[tuple[str, str], ...]:
        """(who, label) for every label that starts an auditor's or moderator's grade."""
        return (
            ("auditor", self.auditor),
            ("moderator", self.moderator),
            *(("auditor", a) for a in self.auditor_aliases),
            *(("moderator", m) for m in self.moderator_aliases),
        )


#: the report's grade bands, best first (records.GRADES)
GRADE_BANDS = ("outstanding", "good", "requires_improvement", "inadequate")
_DEFAULT_WORDS = ("Outstanding", "Good", "Requires improvement", "Inadequate")


@dataclass(frozen=True)
class GradeScale:
    """The grades a form prints, best first, and the report's band each one counts as.

    A council grading Good / Adequate / Inadequate, or 1 to 4, says so in its definition
    (``grade_scale:``); a definition that does not has the four Ofsted-style grades, read
    with every spelling in the vocabulary.
    """

    words: tuple[str, ...] = _DEFAULT_WORDS
    bands: tuple[str, ...] = GRADE_BANDS

    @property
    def is_default(self) -> bool:
        return self.words == _DEFAULT_WORDS and self.bands == GRADE_BANDS

    def options(self) -> dict[str, tuple[str, ...]]:
        """band -> the words printed for it, for reading a choice (bands off the scale absent)."""
        out: dict[str, tuple[str, ...]] = {}
        for word, band in zip(self.words, self.bands, strict=True):
            out[band] = (*out.get(band, ()), word)
        return out

    def word_for(self, band: str) -> str | None:
        """The form's own word for a band (its first, where several count as one band)."""
        return next((w for w, b in zip(self.words, self.bands, strict=True) if b == band), None)


def _scale(items: Any, where: str) -> GradeScale:
    if items is None:
        return GradeScale()
    at = f"{where}, grade_scale"
    if not isinstance(items, list) or len(items) < 2:
        raise DefinitionError(f"{at}: give two grades or more, best first, each with its band")
    words_: list[str] = []
    bands: list[str] = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise DefinitionError(f"{at}, grade {i}: write it as {{word: ..., band: ...}}")
        word, band = str(need(item, "word", at)).strip(), str(need(item, "band", at))
        if band not in GRADE_BANDS:
            raise DefinitionError(
                f"{at}, grade {i}: band '{band}' is not one of {list(GRADE_BANDS)}"
            )
        if not word or word.casefold() in {w.casefold() for w in words_}:
            raise DefinitionError(f"{at}, grade {i}: the word {word!r} is empty or used twice")
        words_.append(word)
        bands.append(band)
    ranks = [GRADE_BANDS.index(b) for b in bands]
    if ranks != sorted(ranks):
        raise DefinitionError(f"{at}: list the grades best first (their bands are out of order)")
    return GradeScale(tuple(words_), tuple(bands))


@dataclass(frozen=True)
class ActionsTable:
    columns: dict[str, tuple[str, ...]]
    learning: str | None


@dataclass(frozen=True)
class FormDefinition:
    id: str
    title: str
    identify: tuple[str, ...]
    options: dict[str, tuple[str, ...]]
    header: tuple[HeaderField, ...]
    rating_labels: RatingLabels
    sections: tuple[Section, ...]
    actions: ActionsTable
    #: the service the audited cases belong to (e.g. "Early Help"), for counts by service
    service_area: str | None = None
    #: whether headings and "Label: value" lines outside tables are part of the form
    #: (sections printed as headings between tables); off for forms wholly in tables
    read_paragraphs: bool = False
    #: the grades the form prints and the report's band of each
    grade_scale: GradeScale = GradeScale()

    @property
    def rated_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.rated)

    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def section(self, number: str) -> Section:
        for s in self.sections:
            if s.number == number:
                return s
        raise KeyError(number)

    def field_for(self, role: str) -> HeaderField | None:
        """The header field that is ``role`` on this form, if it has one."""
        return next((f for f in self.header if f.role == role), None)

    def section_for(self, role: str) -> Section | None:
        """The section that is ``role`` on this form, if it has one."""
        return next((s for s in self.sections if s.role == role), None)

    def question_for(self, reminder: str) -> Question | None:
        """The question that stands for ``reminder`` on this form, if it has one."""
        return next((q for q in self.questions() if q.reminder == reminder), None)


def _label(text: Any, where: str) -> str:
    if not isinstance(text, str) or not words(text):
        raise DefinitionError(f"{where}: the label {text!r} has no words to look for")
    return text


def _header(items: list[dict[str, Any]], where: str) -> tuple[HeaderField, ...]:
    fields = []
    for i, item in enumerate(items, 1):
        at = f"{where}, header field {i}"
        kind = item.get("type", "text")
        if kind not in HEADER_TYPES:
            raise DefinitionError(f"{at}: type '{kind}' is not one of {sorted(HEADER_TYPES)}")
        options = strings(item.get("options"), at)
        if kind == "choice" and not options:
            raise DefinitionError(f"{at}: a field of type choice needs its options")
        fields.append(
            HeaderField(
                key=need(item, "key", at),
                label=_label(need(item, "label", at), at),
                type=kind,
                aliases=strings(item.get("aliases"), at),
                hints=strings(item.get("hints"), at),
                required=bool(item.get("required", False)),
                inside=item.get("inside"),
                unit=item.get("unit"),
                role=_role(item.get("role"), HEADER_ROLES, at),
                options=options,
            )
        )
    keys = [f.key for f in fields]
    _once([f.role for f in fields], where)
    for f in fields:
        if f.inside and f.inside not in keys:
            raise DefinitionError(
                f"{where}: '{f.key}' is inside '{f.inside}', which is not a field"
            )
    return tuple(fields)


def _section(item: dict[str, Any], where: str) -> Section:
    number = str(need(item, "number", where))
    at = f"{where}, section {number}"
    questions, used = [], set()
    for position, q in enumerate(item.get("questions") or [], 1):
        pos = int(q.get("position", position))
        qid = f"{number}.{pos}"
        if qid in used:
            raise DefinitionError(f"{at}: question id {qid} is used twice")
        used.add(qid)
        advice = q.get("advice")
        questions.append(
            Question(
                qid,
                _label(need(q, "text", at), at),
                bool(q.get("reverse")),
                str(advice).strip() if advice else None,
                _role(q.get("reminder"), REMINDERS, f"{at}, question {qid}"),
                _theme(q.get("theme"), f"{at}, question {qid}"),
            )
        )
    free = []
    for f in item.get("free_text") or []:
        kind = f.get("type", "text")
        if kind not in FREE_TEXT_TYPES:
            raise DefinitionError(
                f"{at}: free text type '{kind}' is not one of {sorted(FREE_TEXT_TYPES)}"
            )
        scale = tuple(f.get("scale", (1, 5)))
        free.append(
            FreeText(
                key=need(f, "key", at),
                label=_label(need(f, "label", at), at),
                type=kind,
                hints=strings(f.get("hints"), at),
                scale=(int(scale[0]), int(scale[1])),
            )
        )
    title = _label(need(item, "title", at), at)
    return Section(
        number=number,
        title=title,
        short_title=item.get("short_title") or title,
        rated=bool(item.get("rated", False)),
        theme=item.get("theme"),
        questions=tuple(questions),
        free_text=tuple(free),
        comment_prompts=strings(item.get("comment_prompts"), at),
        hints=strings(item.get("hints"), at),
        role=_role(item.get("role"), SECTION_ROLES, at),
        practice_area=item.get("practice_area"),
    )


def _theme(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise DefinitionError(f"{where}: theme {value!r} must be the name of a theme, in words")
    return value.strip()


def _role(value: Any, allowed: frozenset[str], where: str) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise DefinitionError(f"{where}: role '{value}' is not one of {sorted(allowed)}")
    return str(value)


def _once(roles: list[str | None], where: str) -> None:
    named = [r for r in roles if r]
    for role in sorted({r for r in named if named.count(r) > 1}):
        raise DefinitionError(f"{where}: the role '{role}' is given to more than one part")


def parse_definition(data: Any, where: str) -> FormDefinition:
    if not isinstance(data, dict):
        raise DefinitionError(f"{where}: a form definition must be a mapping of keys")
    options = {str(k): strings(v, where) for k, v in (need(data, "options", where)).items()}
    if set(options) != {"yes", "no", "n/a", "partially"}:
        raise DefinitionError(f"{where}: options must be exactly yes, no, n/a and partially")
    rl = need(data, "rating_labels", where)
    labels = RatingLabels(
        auditor=_label(rl.get("auditor"), where),
        moderator=_label(rl.get("moderator"), where),
        auditor_comments=_label(rl.get("auditor_comments"), where),
        moderator_comments=_label(rl.get("moderator_comments"), where),
        other=strings(rl.get("other"), where),
        hints=strings(rl.get("hints"), where),
        auditor_aliases=tuple(_label(a, where) for a in strings(rl.get("auditor_aliases"), where)),
        moderator_aliases=tuple(
            _label(m, where) for m in strings(rl.get("moderator_aliases"), where)
        ),
    )
    actions = data.get("actions") or {}
    columns = {k: strings(v, where) for k, v in (actions.get("columns") or {}).items()}
    sections = tuple(_section(s, where) for s in need(data, "sections", where))
    numbers = [s.number for s in sections]
    if len(set(numbers)) != len(numbers):
        raise DefinitionError(f"{where}: a section number is used twice")
    _once([s.role for s in sections], where)
    _once([q.reminder for s in sections for q in s.questions], where)
    identify = strings(need(data, "identify", where), where)
    if any(not key(t) for t in identify):
        raise DefinitionError(f"{where}: an 'identify' text has no words")
    return FormDefinition(
        id=str(need(data, "id", where)),
        title=str(need(data, "title", where)),
        identify=identify,
        options=options,
        header=_header(need(data, "header", where), where),
        rating_labels=labels,
        sections=sections,
        actions=ActionsTable(columns=columns, learning=actions.get("learning")),
        service_area=data.get("service_area"),
        read_paragraphs=_flag(data.get("read_paragraphs", False), "read_paragraphs", where),
        grade_scale=_scale(data.get("grade_scale"), where),
    )


def _flag(value: Any, name: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise DefinitionError(f"{where}: '{name}' must be true or false, not {value!r}")
    return value


def load_definition(path: Path) -> FormDefinition:
    data = load_yaml(path)
    return parse_definition(data, path.name)


@cache
def builtin_definitions() -> tuple[FormDefinition, ...]:
    """Every form definition shipped with audit_docs."""
    return tuple(load_definition(path) for path in bundled("forms"))


def folder_definitions(folder: Path) -> tuple[FormDefinition, ...]:
    """Every definition in ``folder`` (*.yaml, *.yml), in file-name order."""
    if not folder.is_dir():
        raise DefinitionError(
            f"the forms folder {folder} does not exist; point --forms (or AUDIT_DOCS_FORMS) at "
            "the folder holding your form definitions"
        )
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
    return tuple(load_definition(p) for p in files)


def definitions_with(folder: Path | None) -> tuple[FormDefinition, ...]:
    """The shipped definitions and those in a council's ``folder`` (``--forms``), if any.

    A folder's definition with a shipped one's id replaces it (a council's edited copy).
    """
    extra = folder_definitions(folder) if folder is not None else ()
    ids = {d.id for d in extra}
    return tuple(d for d in builtin_definitions() if d.id not in ids) + extra


@cache
def worker_definitions(folder: str | None) -> tuple[FormDefinition, ...]:
    """:func:`definitions_with`, loaded once per worker process of one run (a worker is
    handed the folder's name, which pickles in a few bytes, not the definitions)."""
    return definitions_with(Path(folder) if folder else None)
