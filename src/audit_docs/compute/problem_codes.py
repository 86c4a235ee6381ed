"""What each problem code means to the person working down the data-quality list.

Every problem carries a code set where it was found (``Problem.code``) and the field in words
(``Problem.label``). Here each code gets its place in the list and what to do, written around
the field's words, so that the advice is specific ("Tick one box for question 4.2 'Was the
assessment shared with the family?'") and never depends on how a message is worded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from audit_docs.read.text import counted


@dataclass(frozen=True)
class Category:
    """A group of the list, in the order to work on it; counted as "2 values missing"."""

    priority: int
    title: str
    one: str
    many: str

    def count(self, n: int) -> str:
        return counted(n, self.one, self.many)


NOT_PLACED = Category(0, "Audit in no report", "audit in no report", "audits in no report")
NOT_READ = Category(1, "File not read", "file not read", "files not read")
UNREADABLE = Category(2, "Value not readable", "value not readable", "values not readable")
AMBIGUOUS = Category(3, "Ambiguous value", "ambiguous value", "ambiguous values")
MISSING = Category(4, "Value missing", "value missing", "values missing")
DISAGREE = Category(
    5,
    "Form and log disagree",
    "disagreement between form and log",
    "disagreements between form and log",
)
RULE = Category(6, "Guidance check", "guidance check", "guidance checks")
NOTICE = Category(7, "For information", "notice", "notices")
CATEGORIES = (NOT_PLACED, NOT_READ, UNREADABLE, AMBIGUOUS, MISSING, DISAGREE, RULE, NOTICE)

_AGAIN = "save the file and put it in the inbox again."


@dataclass(frozen=True)
class Advice:
    category: Category
    #: what to do, with {field} where the field's words go
    todo: str


#: code -> its group and what to do; every code a reader, the merge or the checks can set
ADVICE: dict[str, Advice] = {
    "not_placed": Advice(
        NOT_PLACED,
        "Fill in {field} on the form, then save it and put it in the inbox again; until then "
        "this audit belongs to no period and is counted in no report.",
    ),
    "not_a_tracker": Advice(
        NOT_READ,
        "If {field} is a tracker, give its header row the column names of one of the kinds "
        "the problem lists; otherwise take it out of the inbox. Nothing in it is counted.",
    ),
    "file_not_read": Advice(
        NOT_READ,
        "Follow the advice in the problem to correct {field}, then put it in the inbox again. "
        "Nothing in it is counted until then.",
    ),
    "not_a_date": Advice(UNREADABLE, f"Write {{field}} as a date such as 14/04/2016, {_AGAIN}"),
    "formula_not_calculated": Advice(
        UNREADABLE,
        "Open the workbook in Excel and save it, so that the results of the formulas on "
        "{field} are saved with it, then put it in the inbox again.",
    ),
    "not_whole_number": Advice(
        UNREADABLE, f"Write {{field}} as one whole number, such as 9, {_AGAIN}"
    ),
    "range": Advice(
        UNREADABLE, f"Write one whole number for {{field}}, not a range such as 3-4, {_AGAIN}"
    ),
    "not_a_score": Advice(UNREADABLE, f"Write one score from the scale for {{field}}, {_AGAIN}"),
    "out_of_scale": Advice(
        UNREADABLE, f"Write {{field}} as a score within the form's scale, {_AGAIN}"
    ),
    "not_a_grade": Advice(
        UNREADABLE,
        # the problem names the grades: the form's own scale's, or the usual four
        "Write {field} as one of the grades the problem names, " + _AGAIN,
    ),
    "not_a_tick": Advice(
        UNREADABLE, f"Write a tick (✓ or Yes) or a cross (X or No) in {{field}}, {_AGAIN}"
    ),
    "not_an_option": Advice(
        UNREADABLE, f"Tick the box of one of the printed options for {{field}}, {_AGAIN}"
    ),
    "excel_error": Advice(
        UNREADABLE,
        f"Correct the formula in {{field}} so that it shows a value, or type the value, {_AGAIN}",
    ),
    "several_ticked": Advice(
        AMBIGUOUS, f"Tick one box for {{field}} and clear the others, {_AGAIN}"
    ),
    "duplicate_header": Advice(
        AMBIGUOUS,
        f"Rename or remove one of the two columns headed like {{field}}, {_AGAIN}",
    ),
    "missing": Advice(MISSING, f"Fill in {{field}}, {_AGAIN}"),
    "unanswered": Advice(MISSING, f"Answer {{field}} (tick N/A where it does not apply), {_AGAIN}"),
    "unrated": Advice(MISSING, f"Choose a grade for {{field}}, {_AGAIN}"),
    "not_on_form": Advice(
        MISSING,
        "Check that the current version of the form was used and that {field} is on it with "
        "its printed wording; copy the answers into the current form if not.",
    ),
    "blank_form": Advice(
        MISSING, "Complete {field} in Word, or take it out of the inbox if it is there by mistake."
    ),
    "missing_column": Advice(
        MISSING,
        "Add a column headed {field} to the table, or rename the column that holds it, then "
        "save the tracker and put it in the inbox again.",
    ),
    "no_round_date": Advice(
        MISSING,
        "Write 'Date of audit: DD/MM/YYYY' above {field}, or name the sheet after the month "
        "of the round, then save the tracker and put it in the inbox again.",
    ),
    "disagreement": Advice(
        DISAGREE,
        "Check the case file and correct {field} in the audit log row or on the form, "
        "whichever is wrong.",
    ),
    "grading_rule": Advice(
        RULE,
        "Discuss {field} with the auditor (and the moderator); change a grade only if "
        "professional judgement agrees. Nothing is changed automatically.",
    ),
    "embedded_documents": Advice(
        NOTICE,
        "Open {field} in Word and copy what its embedded document holds into the form's own "
        "boxes and fields, then " + _AGAIN,
    ),
    "tracked_changes": Advice(
        NOTICE,
        "Open {field} in Word, accept or reject the tracked changes (Review > Accept), " + _AGAIN,
    ),
    "unknown_header": Advice(
        NOTICE,
        "Nothing to do if the column is not needed; if it is, rename the header of {field} "
        "to one the tracker knows.",
    ),
    "headerless_column": Advice(
        NOTICE, "Give {field} a header, or clear it if its values are not needed."
    ),
    "row_not_a_case": Advice(
        NOTICE,
        "Check {field}: if it is a case, complete it like the other rows; if it is a note or "
        "a total, nothing to do.",
    ),
    "measure_without_marks": Advice(
        NOTICE,
        "If {field} is a measure, mark each case with a tick or a cross; if it is not, "
        "nothing to do.",
    ),
    "sheet_not_a_tracker": Advice(
        NOTICE,
        "Nothing to do if {field} holds notes or lists; if it should hold a tracker table, "
        "give the table the tracker's header row.",
    ),
    "older_version": Advice(
        NOTICE,
        "Nothing to do if the version saved last is the right one; if {field} is, open it, "
        f"save it again and {_AGAIN}",
    ),
    "version_clash": Advice(
        AMBIGUOUS,
        "Two files hold this audit and were saved at the same time: check which is right and "
        "take the other ({field} or the one used) out of the inbox.",
    ),
    # problems stored before codes existed carry their kind as their code
    "unreadable": Advice(
        UNREADABLE,
        "Correct {field}: use one of the form's choices, a date such as 14/04/2016 or a "
        f"whole number, then {_AGAIN}",
    ),
    "ambiguous": Advice(
        AMBIGUOUS, f"Leave exactly one choice ticked or written for {{field}}, {_AGAIN}"
    ),
    "notice": Advice(NOTICE, "No change needed to {field} unless the notice shows a mistake."),
}


def advice(code: str, kind: str) -> Advice:
    """The advice for a code; an unknown code (a newer release's) goes by the kind."""
    return ADVICE.get(code) or ADVICE.get(kind) or ADVICE["unreadable"]


@cache
def what_to_do(code: str, kind: str, field: str | None) -> str:
    """The sentence for the "What to do" column, naming the field in words."""
    todo = advice(code, kind).todo.format(field=field or "the value")
    return todo[:1].upper() + todo[1:]
