"""A council's round of Early Help audits as the store holds them, for the guidance's tests.

``audit_round(64)`` gives what issue 22 was found with: a year (2016-17) of audits on the
Early Help form, with the answers spread so that some themes are strong and some weak, the
same sentences written in many audits ("Recommend Dad is invited to the next review." in 42
of 64), auditors' praise and criticism, moderators' remarks, learning actions repeated across
cases, names of people and children in the text, and the abbreviations practitioners write
("Q&A", "A&E", "S47", "CP/CIN", "TAF", "EHA"). Deterministic: the same count gives the same
audits.
"""

from __future__ import annotations

import datetime as dt
import random

from audit_docs.read.formdef import builtin_definitions
from audit_docs.records import Comments, Rating, StoredAudit

FORM = builtin_definitions()[0]
TEAMS = (
    "Early Help Hub North",
    "Early Help Hub South",
    "Targeted Youth Support",
    "Children's Centres East",
    "Family Support West",
    "Schools Early Help",
)
AUDITORS = ("Priya Sandhu", "Dominic Hargreaves", "Tanya Whitlock", "Mark Morgan", "Ruth Ibe")
MODERATORS = ("Tom Okafor", "Gemma Lyle")
WORKERS = ("Jo Marsh", "Kieran Quigley", "Harriet Fenwick", "Sam Oyelaran", "Lucy Penhallow")
MANAGERS = ("Ann Lee", "Farah Lindqvist", "Beatrix Brennan")
CHILDREN = ("Ayesha", "Jayden", "Oluwaseun", "Kacper", "Maisie")
#: the share of cases answered Yes per section (a weak section and a strong one)
YES_SHARE = {"2": 0.8, "3": 0.7, "4": 0.75, "5": 0.45, "6": 0.6, "7": 0.35, "8": 0.55}
#: questions met in no case (the safety plan, as in the sample round)
NEVER_MET = frozenset({"2.7"})
REPEATED = "Recommend Dad is invited to the next review."
MODERATOR_REMARK = (
    "I have moderated this to Outstanding as the impact for the child is not yet evident."
)
CRITICISM = "Records are descriptive and do not capture the children's lived experience."
#: auditors' words by section: (praise, criticism)
SAID = {
    "2": (
        "The practitioner is clear why Early Help is involved and {child} understands it too.",
        "Risk from outside the home was not explored; there is no safety plan on file.",
    ),
    "3": (
        "The case record is up to date and shows the work with the whole family.",
        "Consent form is not signed by the second parent.",
    ),
    "4": (
        "The EHA gives a clear analysis of {child}'s needs and was shared with Mum and Dad.",
        "The assessment describes the family but offers little analysis.",
    ),
    "5": (
        "The plan was written with {child} and the family and the outcomes are SMART.",
        "Outcomes in the plan are not SMART and the review is overdue.",
    ),
    "6": (
        "Direct work with {child} is creative; a Q&A session at TAF helped the family "
        "understand the plan.",
        "Visits are irregular and the father has not been considered.",
    ),
    "7": (
        "Supervision is regular and reflective; {manager} records a clear rationale.",
        "There is no recorded supervision since the step-down from CP/CIN after the S47.",
    ),
    "8": (
        "Community support was explored and a Family Group Conference considered.",
        "Barriers to accessing services, such as transport to A&E follow-up, were not explored.",
    ),
}
LEARNING = (
    "Invite fathers to every review.",
    "Agree a safety plan where risk is identified.",
    "Record supervision on the case file every two months.",
    "Write SMART outcomes in every plan.",
    "Get consent signed by every parent.",
    "Bring the child's words into the EHA.",
)
START = dt.date(2016, 4, 1)


def _grade(rng: random.Random, share: float) -> str:
    roll = rng.random() * 0.5 + share * 0.8
    if roll > 0.85:
        return "outstanding"
    if roll > 0.55:
        return "good"
    if roll > 0.35:
        return "requires_improvement"
    return "inadequate"


def _answer(rng: random.Random, qid: str, share: float, reverse: bool) -> str | None:
    roll = rng.random()
    if roll < 0.04:
        return None
    if roll < 0.10:
        return "n/a"
    if qid in NEVER_MET:
        return "yes" if reverse else "no"
    good = rng.random() < share
    if not good and rng.random() < 0.4:
        return "partially"
    return ("no" if reverse else "yes") if good else ("yes" if reverse else "no")


def _comments(
    rng: random.Random, i: int, sections: dict[str, Rating], child: str, manager: str
) -> dict[str, Comments]:
    out: dict[str, Comments] = {}
    for number, (praise, criticism) in SAID.items():
        rating = sections[number]
        final = rating.moderator or rating.auditor
        good = final in ("outstanding", "good")
        text = (praise if good else criticism).format(child=child, manager=manager)
        if number == "6" and i < 42:
            text = REPEATED
        moderator = None
        if rating.moderator == "outstanding" and rating.auditor != "outstanding":
            moderator = MODERATOR_REMARK
        if number == "3" and rating.auditor == "requires_improvement" and moderator:
            text = CRITICISM
        if rng.random() < 0.08 and final == "outstanding":
            text = ""  # the auditor wrote nothing: only the moderator's remark is there
        out[number] = Comments(text or None, moderator)
    return out


def audit_round(count: int = 64, *, seed: int = 22, first: dt.date = START) -> list[StoredAudit]:
    """``count`` Early Help audits dated over the year from ``first``."""
    rng = random.Random(seed)
    audits = []
    for i in range(count):
        day = first + dt.timedelta(days=(i * 364) // max(count, 1))
        moderated = i % 3 == 0
        sections: dict[str, Rating] = {}
        for number, share in YES_SHARE.items():
            auditor = _grade(rng, share)
            if number == "3" and i % 9 == 0:
                auditor = "requires_improvement"  # upgraded to Outstanding by the moderator
            moderator = None
            if moderated:
                moderator = "outstanding" if i % 9 == 0 else auditor
            sections[number] = Rating(auditor, moderator)
        answers = {
            q.id: _answer(rng, q.id, YES_SHARE[s.number], q.reverse)
            for s in FORM.sections
            if s.number in YES_SHARE
            for q in s.questions
        }
        child, manager = CHILDREN[i % len(CHILDREN)], MANAGERS[i % len(MANAGERS)]
        learning = (LEARNING[i % len(LEARNING)],) if i % 10 < 7 else ()
        overall_grade = sections["5"].moderator or sections["5"].auditor
        audits.append(
            StoredAudit(
                key=f"eh-{i:05d}|{day.isoformat()}",
                case_reference=f"EHA-2016-{i:04d}",
                audit_date=day,
                origin="form",
                form=FORM.id,
                service_area="Early Help",
                team=TEAMS[i % len(TEAMS)],
                auditor=AUDITORS[i % len(AUDITORS)],
                moderator=MODERATORS[i % 2] if moderated else None,
                moderation_date=day + dt.timedelta(days=14) if moderated else None,
                case_worker=WORKERS[i % len(WORKERS)],
                team_manager=manager,
                overall=Rating(overall_grade),
                moderated=moderated,
                child_age=3 + i % 14,
                months_in_early_help=2 + i % 18,
                ethnicity=None,
                thematic_round=None,
                sections=sections,
                practice_areas={},
                answers=answers,
                comments=_comments(rng, i, sections, child, manager),
                actions=(),
                learning_actions=learning,
                sources=(f"forms/round-{i:05d}.docx",),
            )
        )
    return audits
