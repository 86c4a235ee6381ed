"""Every YES/NO question on the bundled form carries a key message for when it is weak."""

from __future__ import annotations

from pathlib import Path

from audit_docs.read.definitions import bundled, load_yaml
from audit_docs.read.formdef import builtin_definitions


def advice_by_question() -> dict[str, str | None]:
    """Question id -> its advice, read from the bundled form definition's YAML."""
    (path,) = [p for p in bundled("forms") if p.stem == "early-help-practice-audit"]
    found = {}
    for section in load_yaml(path)["sections"]:
        for position, question in enumerate(section.get("questions") or [], 1):
            qid = f"{section['number']}.{question.get('position', position)}"
            found[qid] = question.get("advice")
    return found


def test_every_question_has_advice():
    """All 43 YES/NO questions have a one-sentence key message ending in a full stop."""
    advice = advice_by_question()
    assert len(advice) == 43
    assert [q for q, a in advice.items() if not (a and a.endswith("."))] == []


def test_smart_outcomes_advice_quotes_the_key_message():
    """The SMART question carries the guidance's key message on tasks with timescales."""
    assert advice_by_question()["5.5"] == (
        "All concerns on action plans require a task with timescales, so that they are SMART."
    )


def test_loader_still_reads_the_form_with_advice():
    """The form definition loader accepts the advice key and still finds the 43 questions."""
    form = builtin_definitions()[0]
    assert [q.id for q in form.questions()] == list(advice_by_question())


def test_definitions_load_without_the_c_yaml_loader():
    """Every bundled YAML file parses with PyYAML's pure-Python loader (no libyaml needed)."""
    import yaml

    root = Path(__file__).resolve().parent.parent / "src" / "audit_docs"
    files = sorted(root.rglob("*.yaml"))
    assert len(files) >= 7
    for path in files:
        assert isinstance(
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader), dict
        ), path


def test_the_loaded_definition_carries_the_advice():
    """The form definition object exposes each question's advice to the report code."""
    form = builtin_definitions()[0]
    assert all(q.advice for q in form.questions())
