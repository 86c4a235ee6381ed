"""The data-quality list: everything a QA officer has to look at, in the order to work on it.

Forms that count in no report (no case reference or no audit date) come first, then files
that could not be read (nothing in them is counted), then values that could not be read,
are ambiguous or missing, then disagreements between a form and the audit log, then flags
from the grading rules, then notices. Within each, by file and place, so all of one form's
problems sit together. Groups and advice go by each problem's code (``problem_codes``).

The per-form view (``form_rows``) counts each form's problems by group, so that a QA officer
can send each auditor one message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from audit_docs.compute.problem_codes import CATEGORIES, NOT_PLACED, advice, what_to_do
from audit_docs.places_in_files import RATERS, Place
from audit_docs.read.files import shown
from audit_docs.read.formdef import FormDefinition, builtin_definitions
from audit_docs.read.text import counted, field_words, rating_words
from audit_docs.records import Refusal, StoredAudit, StoredProblem

#: the form fields that place an audit in a period and match it with the audit log
#: (problems are stored with a header field's role as its place, whatever the form's key)
CASE_REFERENCE = Place.header_field("case_reference")
AUDIT_DATE = Place.header_field("audit_date")
PLACING = {CASE_REFERENCE: "case reference", AUDIT_DATE: "audit date"}


@dataclass(frozen=True)
class DataQualityRow:
    priority: int
    category: str
    file: str
    where: str
    case_reference: str | None
    audit_date: dt.date | None
    problem: str
    found: str | None
    what_to_do: str
    code: str = ""
    auditor: str | None = None


def form_words(forms: Iterable[FormDefinition]) -> dict[Place, str]:
    """Each form field's place (as readers make it) -> the field in the form's words."""
    out: dict[Place, str] = {Place.whole_form(): "the form"}
    for d in forms:
        for f in d.header:
            out.setdefault(Place.header_field(f.key), field_words(f.label))
            if f.role:
                out.setdefault(Place.header_field(f.role), field_words(f.label))
        for s in d.sections:
            out.setdefault(Place.whole_section(s.number), f"section {s.number} '{s.short_title}'")
            for q in s.questions:
                out.setdefault(Place.answer(q.id), f"question {q.id} '{q.text}'")
            for who in RATERS:
                rating = rating_words(s.number, s.short_title, who)
                out.setdefault(Place.rating(s.number, who), rating)
            for ft in s.free_text:
                family = s.role == "family_feedback"
                place = (
                    Place.family_feedback(ft.key) if family else Place.free_text(s.number, ft.key)
                )
                out.setdefault(place, field_words(ft.label))
    return out


def field_in_words(place: Place | None, words: Mapping[Place, str]) -> str | None:
    """Where a problem is, in words, for problems stored without their field's words: the
    form's own label (``words``, from :func:`form_words`), or the cell and sheet, or the
    audit's value; never an internal key."""
    if place is None:
        return None
    if place in words:
        return words[place]
    if place.kind == "cell":
        return f"cell {place.cell} on sheet '{place.sheet}'"
    if place.kind == "value":
        return f"the {str(place.name).replace('_', ' ')}"
    return None


def _sentence(text: str, file: str) -> str:
    """The message as a sentence, without the file's name in front (the row names it)."""
    name = PurePosixPath(file).name
    for prefix in (f"{file}: ", f"{name}: "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text[:1].upper() + text[1:]


def _refusal_row(r: Refusal) -> DataQualityRow:
    code = "not_a_tracker" if r.reason == "not-a-tracker" else "file_not_read"
    category = advice(code, "").category
    return DataQualityRow(
        category.priority,
        category.title,
        r.path,
        "the whole file",
        None,
        None,
        _sentence(r.error, r.path),
        None,
        what_to_do(code, "", "the file"),
        code=code,
    )


def _problem_row(p: StoredProblem, words: Mapping[Place, str]) -> DataQualityRow:
    category = advice(p.code, p.kind).category
    where = p.label or field_in_words(p.place, words)
    return DataQualityRow(
        category.priority,
        category.title,
        p.source,
        where or "",
        p.case_reference,
        p.audit_date,
        _sentence(p.message, p.source),
        p.found,
        what_to_do(p.code, p.kind, where),
        p.code,
        p.auditor,
    )


def _not_placed_rows(
    audits: Iterable[StoredAudit], problems: Sequence[StoredProblem], words: Mapping[Place, str]
) -> list[DataQualityRow]:
    """One row per form whose audit lacks a case reference or an audit date: it is stored,
    but belongs to no period and counts in no report."""
    found = {(p.source, p.place): p.found for p in problems if p.place in PLACING}
    rows = []
    for a in audits:
        if a.origin != "form" or not a.sources:
            continue
        lacking = [
            (place, said)
            for place, said in PLACING.items()
            if (a.case_reference if place == CASE_REFERENCE else a.audit_date) is None
        ]
        if not lacking:
            continue
        source = a.sources[0]
        what = " and ".join(said for _, said in lacking)
        where = " and ".join(f"{words.get(loc, said)} (the {said})" for loc, said in lacking)
        shown = [v for loc, _ in lacking if (v := found.get((source, loc)))]
        rows.append(
            DataQualityRow(
                NOT_PLACED.priority,
                NOT_PLACED.title,
                source,
                where,
                a.case_reference,
                a.audit_date,
                f"The form has no readable {what}, so it belongs to no period and is "
                "counted in no report.",
                "; ".join(shown) or None,
                what_to_do("not_placed", "missing", where),
                code="not_placed",
                auditor=a.auditor,
            )
        )
    return rows


def data_quality_rows(
    problems: Iterable[StoredProblem],
    refusals: Iterable[Refusal],
    audits: Iterable[StoredAudit] = (),
    forms: Iterable[FormDefinition] | None = None,
) -> list[DataQualityRow]:
    """The list, in the order to work on it; fields named in the words of ``forms`` (the
    definitions in use; default the shipped ones)."""
    problems = list(problems)
    words = form_words(builtin_definitions() if forms is None else forms)
    placed_rows = _not_placed_rows(audits, problems, words)
    unplaced = {r.file for r in placed_rows}
    rows = placed_rows + [_refusal_row(r) for r in refusals]
    for p in problems:
        if p.source in unplaced and p.place in PLACING:
            continue  # said once, at the top, by the row for the form in no report
        rows.append(_problem_row(p, words))
    # names as people see them: a control character in a file name is written as an escape
    rows = [dataclasses.replace(r, file=shown(r.file), problem=shown(r.problem)) for r in rows]
    rows.sort(key=lambda r: (r.priority, r.file.casefold(), r.where, r.problem))
    return rows


@dataclass
class FormRow:
    """One form (or tracker) and how many problems of each group it has."""

    file: str
    case_reference: str | None
    audit_date: dt.date | None
    auditor: str | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def form_rows(rows: Iterable[DataQualityRow]) -> list[FormRow]:
    """The list by form: one row per file and audit, with its problems counted by group;
    forms in no report and files not read first, then by file."""
    by: dict[tuple[str, str | None, dt.date | None], FormRow] = {}
    first: dict[tuple[str, str | None, dt.date | None], int] = {}
    for r in rows:
        key = (r.file, r.case_reference, r.audit_date)
        form = by.setdefault(key, FormRow(r.file, r.case_reference, r.audit_date, r.auditor))
        form.auditor = form.auditor or r.auditor
        form.counts[r.category] = form.counts.get(r.category, 0) + 1
        first[key] = min(first.get(key, r.priority), r.priority)
    order = sorted(
        by, key=lambda k: (min(first[k], 2), k[0].casefold(), k[1] or "", k[2] or dt.date.min)
    )
    return [by[k] for k in order]


def count_line(rows: list[DataQualityRow]) -> str:
    """ "3 problems in 2 files (1 file not read, 2 values missing)." """
    if not rows:
        return "No problems: every value in the store was read."
    files = len({r.file for r in rows})
    parts = [c.count(n) for c in CATEGORIES if (n := sum(1 for r in rows if r.category == c.title))]
    return f"{counted(len(rows), 'problem')} in {counted(files, 'file')} ({', '.join(parts)})."
