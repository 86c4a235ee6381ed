"""`forms blank`, `forms check` and `forms list`: each shipped definition's blank round-trips.

The blank is written from each shipped definition (the Early Help form and the social care
case file audit), filled by the test filler in each dialect and read back; drafted again
from the blank, the new definition reads the same values as the shipped one. The blanks
kept in ``examples/blank-forms/`` are exactly what ``forms blank`` writes today.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from audit_docs.cli import main
from audit_docs.read.formdef import FormDefinition, builtin_definitions, load_definition
from audit_docs.read.word.draft import definition_yaml, draft, field_key
from audit_docs.read.word.forms_reader import read_form
from audit_docs.records import ANSWERS, GRADES, FormRecord
from audit_docs.render.blank_form import write_blank_form
from tests.builders.filler import FILL_DIALECTS, fill
from tests.office import PDFTOTEXT, SOFFICE, convert, pdf_text, to_pdf

EARLY_HELP = builtin_definitions()[0]
SHIPPED = {d.id: d for d in builtin_definitions()}
ROOT = Path(__file__).parents[1]


def every_value(d: FormDefinition) -> dict[str, Any]:
    """A value for every header field, question and grade of ``d``, keyed by the blank's tags."""
    values: dict[str, Any] = {}
    for i, f in enumerate(d.header):
        values[f"h:{f.key}"] = {
            "date": dt.date(2024, 3, 1 + i),
            "integer": 4 + i,
            "yes_no": i % 2 == 0,
            "choice": f.options[0] if f.options else None,
            "text": f"Written {i}",
        }[f.type]
    answers = itertools.cycle(ANSWERS)
    values |= {f"a:{q.id}": next(answers) for q in d.questions()}
    grades = itertools.cycle(GRADES)
    for s in d.rated_sections:
        values |= {f"r:{s.number}:auditor": next(grades), f"r:{s.number}:moderator": next(grades)}
        values |= {
            f"c:{s.number}:{who}": f"{who} on {s.number}" for who in ("auditor", "moderator")
        }
    for s in d.sections:
        for ft in s.free_text:
            values[f"f:{s.number}:{ft.key}"] = "4" if ft.type == "score" else f"{ft.key} here"
    for row in (1, 2):
        values |= {f"x:{row}:{name}": f"{name} {row}" for name in d.actions.columns}
    values["x:learning"] = "Team learning"
    return values


def read(path: Path, definition: FormDefinition) -> FormRecord:
    record = read_form(path, (definition,))
    assert isinstance(record, FormRecord), record
    return record


@pytest.fixture(scope="module")
def blanks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The blank of each shipped definition, by its id."""
    folder = tmp_path_factory.mktemp("blank")
    return {
        d.id: write_blank_form(d, folder / f"{d.id}.docx").read_bytes() for d in SHIPPED.values()
    }


@pytest.fixture(scope="module")
def early_help_blank(blanks: dict[str, bytes]) -> bytes:
    return blanks[EARLY_HELP.id]


@pytest.mark.parametrize("dialect", FILL_DIALECTS)
@pytest.mark.parametrize("form_id", sorted(SHIPPED))
def test_a_shipped_blank_filled_in_each_dialect_reads_back_every_field(
    blanks: dict[str, bytes], form_id: str, dialect: str, tmp_path: Path
) -> None:
    definition = SHIPPED[form_id]
    values = every_value(definition)
    path = tmp_path / "filled.docx"
    path.write_bytes(fill(blanks[form_id], values, dialect))
    record = read(path, definition)
    assert record.form == form_id
    assert record.header == {f.key: values[f"h:{f.key}"] for f in definition.header}
    assert record.answers == {q.id: values[f"a:{q.id}"] for q in definition.questions()}
    # auditor and moderator grades of every graded section, the overall judgement's too
    assert {number: (r.auditor, r.moderator) for number, r in record.ratings.items()} == {
        s.number: (values[f"r:{s.number}:auditor"], values[f"r:{s.number}:moderator"])
        for s in definition.rated_sections
    }
    assert definition.section_for("overall") in definition.rated_sections
    assert not [p for p in record.problems if p.kind != "notice"]
    for s in definition.rated_sections:
        comments = record.comments[s.number]
        assert (comments.auditor, comments.moderator) == (
            f"auditor on {s.number}",
            f"moderator on {s.number}",
        )
    assert [(a.action, a.who, a.when, a.update) for a in record.actions] == [
        (f"action {r}", f"who {r}", f"when {r}", f"update {r}") for r in (1, 2)
    ]


@pytest.mark.parametrize("dialect", FILL_DIALECTS)
def test_early_help_blank_reads_back_its_feedback_and_learning(
    early_help_blank: bytes, dialect: str, tmp_path: Path
) -> None:
    values = every_value(EARLY_HELP)
    path = tmp_path / "filled.docx"
    path.write_bytes(fill(early_help_blank, values, dialect))
    record = read(path, EARLY_HELP)
    family = EARLY_HELP.section_for("family_feedback")
    practitioner = EARLY_HELP.section_for("practitioner_feedback")
    bespoke = EARLY_HELP.section_for("bespoke")
    assert family is not None
    assert practitioner is not None
    assert bespoke is not None
    assert record.family_feedback == {
        ft.key: 4 if ft.type == "score" else f"{ft.key} here" for ft in family.free_text
    }
    assert record.practitioner_feedback == {f.key: f"{f.key} here" for f in practitioner.free_text}
    assert record.bespoke == {f.key: f"{f.key} here" for f in bespoke.free_text}
    assert record.learning_actions == ("Team learning",)


@pytest.mark.parametrize("form_id", sorted(SHIPPED))
def test_the_blanks_kept_in_examples_are_what_forms_blank_writes_today(
    form_id: str, tmp_path: Path
) -> None:
    """If this fails, write them again: audit-docs forms blank DEF --output examples/..."""
    written = tmp_path / f"{form_id}.docx"
    shipped = ROOT / f"src/audit_docs/read/forms/{form_id}.yaml"
    assert main(["forms", "blank", str(shipped), "--output", str(written)]) == 0
    kept = ROOT / f"examples/blank-forms/{form_id}.docx"
    # part by part, not the zip's bytes: another zlib build may compress the same parts
    # differently
    assert _parts(kept) == _parts(written)


def _parts(docx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as zf:
        return {name: zf.read(name) for name in sorted(zf.namelist())}


def test_the_blank_has_headings_header_rows_and_controls(early_help_blank: bytes) -> None:
    xml = zipfile.ZipFile(io.BytesIO(early_help_blank)).read("word/document.xml").decode()
    assert xml.count("<w14:checkbox>") == 4 * len(EARLY_HELP.questions()) + 2
    assert xml.count("<w:dropDownList>") == 2 * len(EARLY_HELP.rated_sections)
    assert xml.count("<w:date>") == sum(1 for f in EARLY_HELP.header if f.type == "date")
    assert xml.count("<w:tblHeader/>") >= len(EARLY_HELP.rated_sections)
    assert 'w:val="Heading2"' in xml
    assert 'w:val="Title"' in xml


@pytest.mark.parametrize("form_id", sorted(SHIPPED))
def test_a_definition_drafted_from_the_blank_reads_the_same_values(
    blanks: dict[str, bytes], form_id: str, tmp_path: Path
) -> None:
    definition, blank = SHIPPED[form_id], blanks[form_id]
    xml = zipfile.ZipFile(io.BytesIO(blank)).read("word/document.xml")
    drafted_yaml = tmp_path / "drafted.yaml"
    drafted_yaml.write_text(definition_yaml(draft(xml, f"{form_id}.docx")), encoding="utf-8")
    drafted = load_definition(drafted_yaml)
    path = tmp_path / "filled.docx"
    path.write_bytes(fill(blank, every_value(definition), "legacy"))
    original, again = read(path, definition), read(path, drafted)

    assert {f.label.rstrip(":"): original.header[f.key] for f in definition.header} == {
        f.label: again.header[f.key] for f in drafted.header
    }
    by_text = {q.text: q.id for q in drafted.questions()}
    assert {q.text: original.answers[q.id] for q in definition.questions()} == {
        text: again.answers[qid] for text, qid in by_text.items()
    }
    assert original.ratings == again.ratings
    assert not [p for p in again.problems if p.kind != "notice"]
    # every role the shipped form gives its header is guessed from the label, so an audit
    # read with the drafted definition reaches the store and the reports the same way
    assert {f.role: f.key for f in drafted.header if f.role} == {
        f.role: field_key(f.label) for f in definition.header if f.role
    }
    overall = definition.section_for("overall")
    assert overall is not None
    assert drafted.section_for("overall").number == overall.number  # type: ignore[union-attr]


def test_forms_commands_blank_draft_check_and_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = tmp_path / "eh.yaml"
    shipped.write_text(
        (Path(__file__).parents[1] / "src/audit_docs/read/forms/early-help-practice-audit.yaml")
        .read_text(encoding="utf-8")
        .replace("id: early-help-practice-audit", "id: our-early-help"),
        encoding="utf-8",
    )
    blank = tmp_path / "blank.docx"
    assert main(["forms", "blank", str(shipped), "--output", str(blank)]) == 0
    assert main(["forms", "check", str(shipped), str(blank)]) == 0
    out = capsys.readouterr().out
    assert "found 43 of 43 questions" in out
    assert "Every part of the definition was found on the form." in out

    forms = tmp_path / "forms"
    forms.mkdir()
    assert main(["forms", "draft", str(blank), "--output", str(forms / "drafted.yaml")]) == 0
    out = capsys.readouterr().out
    assert "43 questions" in out
    assert "Next: audit-docs forms check" in out
    assert main(["forms", "check", str(forms / "drafted.yaml"), str(blank)]) == 0

    capsys.readouterr()
    assert main(["forms", "list", "--forms", str(forms)]) == 0
    listed = capsys.readouterr().out.splitlines()
    # the shipped forms first (the Early Help form and the social care form), then the folder's
    assert listed[0].startswith("early-help-practice-audit ")
    assert all("(shipped)" in line for line in listed[:2])
    assert listed[2].startswith("understanding-our-early-help-practice ")
    assert f"(from {forms})" in listed[2]


def test_check_names_what_it_cannot_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blank = tmp_path / "blank.docx"
    write_blank_form(EARLY_HELP, blank)
    other = tmp_path / "other.yaml"
    text = (
        Path(__file__).parents[1] / "src/audit_docs/read/forms/early-help-practice-audit.yaml"
    ).read_text(encoding="utf-8")
    other.write_text(text.replace("label: Ethnicity", "label: Religion"), encoding="utf-8")
    assert main(["forms", "check", str(other), str(blank)]) == 1
    out = capsys.readouterr().out
    assert "found 14 of 15 header fields" in out
    assert "header field 'Religion': its label is not on the form" in out
    assert "Ethnicity" in out  # on the form, and placed by no part of the definition


def test_draft_of_a_missing_file_is_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["forms", "draft", str(tmp_path / "none.docx"), "--output", str(tmp_path / "x.yaml")])
        == 2
    )
    err = capsys.readouterr().err
    assert "there is no such file" in err
    assert "Traceback" not in err


def test_audit_docs_forms_names_the_folder_when_no_option_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = tmp_path / "council-forms"
    forms.mkdir()
    blank = tmp_path / "blank.docx"
    write_blank_form(EARLY_HELP, blank)
    assert main(["forms", "draft", str(blank), "--output", str(forms / "ours.yaml")]) == 0
    monkeypatch.setenv("AUDIT_DOCS_FORMS", str(forms))
    capsys.readouterr()
    assert main(["forms", "list"]) == 0
    assert (
        f"understanding-our-early-help-practice  'Understanding our Early Help Practice'  (from {forms})"
        in capsys.readouterr().out
    )


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None, reason="needs LibreOffice and poppler")
def test_libreoffice_opens_the_blank_and_its_resaved_copy_is_still_the_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blank = write_blank_form(EARLY_HELP, tmp_path / "blank.docx")
    text = pdf_text(to_pdf(blank, tmp_path))
    assert EARLY_HELP.title in text
    assert "2. Why this family needs help" in text
    assert text.count("Choose an item.") == 2 * len(EARLY_HELP.rated_sections)
    resaved = tmp_path / "resaved"
    convert([blank], "docx:MS Word 2007 XML", resaved)
    shipped = Path(__file__).parents[1] / "src/audit_docs/read/forms/early-help-practice-audit.yaml"
    assert main(["forms", "check", str(shipped), str(resaved / "blank.docx")]) == 0
    assert "found 43 of 43 questions" in capsys.readouterr().out


def test_the_drafting_keys_of_a_definition_are_checked_with_a_sentence(tmp_path: Path) -> None:
    from audit_docs.errors import DefinitionError

    text = (
        Path(__file__).parents[1] / "src/audit_docs/read/forms/early-help-practice-audit.yaml"
    ).read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text + "read_paragraphs: sometimes\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="'read_paragraphs' must be true or false"):
        load_definition(bad)
    aliased = tmp_path / "aliased.yaml"
    aliased.write_text(
        text.replace(
            '  moderator: "Moderator:"',
            '  moderator: "Moderator:"\n  moderator_aliases: ["Manager moderation grade"]',
        ),
        encoding="utf-8",
    )
    labels = load_definition(aliased).rating_labels
    assert labels.grade_labels()[-1] == ("moderator", "Manager moderation grade")
    empty = tmp_path / "empty.yaml"
    empty.write_text(
        text.replace(
            '  moderator: "Moderator:"', '  moderator: "Moderator:"\n  moderator_aliases: ["--"]'
        ),
        encoding="utf-8",
    )
    with pytest.raises(DefinitionError, match="has no words"):
        load_definition(empty)


def test_drafting_from_a_document_that_is_no_form_is_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.builders.wordform import simple_docx

    letter = tmp_path / "letter.docx"
    letter.write_bytes(simple_docx("Dear colleague,", "Please find attached the audit schedule."))
    assert main(["forms", "draft", str(letter), "--output", str(tmp_path / "x.yaml")]) == 2
    assert "does not look like an audit form" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()


def test_forms_option_does_not_outlive_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("AUDIT_DOCS_FORMS", raising=False)
    forms = tmp_path / "forms"
    forms.mkdir()
    assert main(["forms", "list", "--forms", str(forms)]) == 0
    assert "AUDIT_DOCS_FORMS" not in os.environ
    monkeypatch.setenv("AUDIT_DOCS_FORMS", str(tmp_path))
    assert main(["forms", "list", "--forms", str(forms)]) == 0
    assert os.environ["AUDIT_DOCS_FORMS"] == str(tmp_path)
