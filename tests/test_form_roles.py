"""Form definitions say what each part *is* (a role), so code never names a section number."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from audit_docs.errors import DefinitionError
from audit_docs.read.definitions import bundled, load_yaml
from audit_docs.read.formdef import builtin_definitions, parse_definition


def early_help_yaml() -> dict:
    (path,) = [p for p in bundled("forms") if p.stem == "early-help-practice-audit"]
    data: dict = load_yaml(Path(path))
    return data


def test_the_early_help_form_names_its_parts_by_role():
    """Case reference, audit date, the overall judgement, feedback and consent are found by role."""
    form = builtin_definitions()[0]
    assert form.field_for("case_reference").key == "case_id"
    assert form.field_for("audit_date").key == "audit_date"
    assert form.field_for("child_age").unit == "years"
    assert form.section_for("overall").number == "1"
    assert form.section_for("family_feedback").number == "9"
    assert form.section_for("practitioner_feedback").number == "10"
    assert form.section_for("bespoke").number == "bespoke"
    assert form.question_for("consent").id == "3.2"
    assert form.field_for("service_area") is None


def test_an_unknown_role_is_one_sentence_naming_it():
    """A misspelt role fails loading with the role and the roles allowed."""
    data = copy.deepcopy(early_help_yaml())
    data["header"][0]["role"] = "auditer"
    with pytest.raises(DefinitionError, match="role 'auditer' is not one of"):
        parse_definition(data, "copy.yaml")


def test_a_role_given_twice_is_refused():
    """Two sections cannot both be the overall judgement."""
    data = copy.deepcopy(early_help_yaml())
    data["sections"][1]["role"] = "overall"
    with pytest.raises(DefinitionError, match="the role 'overall' is given to more than one"):
        parse_definition(data, "copy.yaml")


def test_a_choice_field_needs_its_options():
    """A header field of type choice without options is a definition error."""
    data = copy.deepcopy(early_help_yaml())
    data["header"].append({"key": "service", "label": "Service", "type": "choice"})
    with pytest.raises(DefinitionError, match="needs its options"):
        parse_definition(data, "copy.yaml")
    data["header"][-1]["options"] = ["Child in Need", "Child Protection"]
    assert parse_definition(data, "copy.yaml").header[-1].options == (
        "Child in Need",
        "Child Protection",
    )
