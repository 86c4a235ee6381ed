"""The receipt ``audit-docs check`` prints: what was read from a form, problems first.

Written for the auditor who has the form open in Word beside it: plain words, the form's own
labels, every problem with the field it belongs to and what was found there.
"""

from __future__ import annotations

import datetime as dt

from audit_docs.compute.grades import grade_words, scale_words
from audit_docs.read.files import shown
from audit_docs.read.formdef import FormDefinition
from audit_docs.records import FileFailure, FormResult, WorkbookResult
from audit_docs.words import plural

_ANSWER_WORDS = {"yes": "YES", "no": "NO", "n/a": "N/A", "partially": "Partially", None: "—"}
_KIND_WORDS = {
    "unreadable": "cannot be read",
    "ambiguous": "ambiguous",
    "missing": "missing",
    "notice": "note",
}


def _value(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "YES" if value else "NO"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def receipt(record: FormResult, definition: FormDefinition | None) -> str:
    if isinstance(record, FileFailure):
        return f"✗ {shown(record.source)}\n  NOT READ: {shown(record.error)}\n"
    lines = []
    status = (
        "no problems"
        if not record.problems
        else plural(len(record.problems), "problem", "problems")
    )
    title = definition.title if definition else record.form
    lines.append(f"{'✓' if not record.problems else '!'} {shown(record.source)} — {status}")
    lines.append(f"  Form: {title} ({record.form})")
    if record.converted_from:
        what = (
            "an OpenDocument .odt" if record.converted_from == "odt" else "an old Word 97-2003 .doc"
        )
        lines.append(f"  Converted from {what} file with LibreOffice.")
    found = ", ".join(f"{kind} ×{n}" for kind, n in sorted(record.controls.items())) or "none"
    lines.append(f"  Controls found: {found}")
    if record.problems:
        lines.append("")
        lines.append("  PROBLEMS — fix these in Word, then check again:")
        for p in record.problems:
            where = f"[{_KIND_WORDS.get(p.kind, p.kind)}] {p.field}"
            lines.append(f"    • {where}: {p.message}")
    if definition is None:
        return "\n".join(lines) + "\n"
    scale = definition.grade_scale
    said: dict[str | None, str] = {None: "—"} | grade_words([scale_words(scale.words, scale.bands)])
    lines.append("")
    lines.append("  HEADER")
    width = max(len(f.label) for f in definition.header)
    for f in definition.header:
        lines.append(f"    {f.label.ljust(width)}  {_short(_value(record.header.get(f.key)), 70)}")
    for section in definition.sections:
        if not (section.rated or section.questions):
            continue
        lines.append("")
        heading = f"  SECTION {section.number} — {section.short_title}"
        rating = record.ratings.get(section.number)
        if rating is not None:
            heading += f"   Auditor: {said[rating.auditor]}   Moderator: {said[rating.moderator]}"
        lines.append(heading)
        for q in section.questions:
            answer = _ANSWER_WORDS[record.answers.get(q.id)]
            lines.append(f"    {q.id:<5} {_short(q.text, 78):<78}  {answer}")
    score = record.family_feedback.get("relationship_score")
    lines.append("")
    lines.append(f"  FAMILY FEEDBACK  relationship score (1-5): {_value(score)}")
    lines.append(f"  ACTIONS  {plural(len(record.actions), 'action', 'actions')}")
    for a in record.actions:
        lines.append(f"    • {a.action or '—'}  (who: {a.who or '—'}; when: {a.when or '—'})")
    return "\n".join(lines) + "\n"


def workbook_receipt(result: WorkbookResult) -> str:
    """What was found in a tracker: each table with its kind and rows, problems first."""
    status = (
        "no problems"
        if not result.problems
        else plural(len(result.problems), "problem", "problems")
    )
    lines = [f"{'✓' if not result.problems else '!'} {result.source} — {status}"]
    lines.append(f"  Tracker: {', '.join(result.kinds) or 'no known table found'}")
    if result.problems:
        lines.append("")
        lines.append("  PROBLEMS — fix these in Excel, then check again:")
        for p in result.problems:
            lines.append(f"    • [{_KIND_WORDS.get(p.kind, p.kind)}] {p.field}: {p.message}")
    lines.append("")
    for sheet in result.sheets:
        hidden = " (hidden)" if sheet.hidden else ""
        lines.append(f"  SHEET {sheet.name}{hidden}")
        for t in sheet.tables:
            lines.append(
                f"    table {t.number}: {t.kind}, header on row {t.header_row}, {plural(t.records, 'record', 'records')}"
                + (f", {plural(len(t.skipped), 'row', 'rows')} not counted" if t.skipped else "")
            )
    return "\n".join(shown(line) for line in lines) + "\n"
