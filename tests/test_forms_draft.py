"""`forms draft`: a definition drafted from a council's blank form reads its filled copies.

The blanks are laid out unlike the Early Help form (tests/builders/blank_layouts.py); each is
drafted once, with no code per layout, then filled in three dialects by the filler and read
with the drafted definition. Fields are counted over what the filled copies hold.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

from audit_docs.cli import main
from audit_docs.read.formdef import FormDefinition, load_definition
from audit_docs.read.word.draft import definition_yaml, draft, field_key
from audit_docs.read.word.forms_reader import read_form
from audit_docs.records import FormRecord
from tests.builders.blank_layouts import LAYOUTS, TICKS, Filled, Layout, blank, filled
from tests.builders.filler import FILL_DIALECTS, fill
from tests.builders.wordform import (
    DIALECTS,
    FormSpec,
    build_form,
    example_spec,
    write_form,
)
from tests.builders.wordform import (
    FORM as EARLY_HELP,
)

THRESHOLD = 0.98


def drafted(layout: Layout, folder: Path) -> tuple[Path, FormDefinition]:
    data = blank(layout)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    path = folder / f"{layout.name}.yaml"
    path.write_text(definition_yaml(draft(xml, f"{layout.name}.docx")), encoding="utf-8")
    return path, load_definition(path)


def read_filled(layout: Layout, definition: FormDefinition, dialect: str, tmp: Path, seed: int):
    copy = filled(layout, seed)
    path = tmp / f"{layout.name}-{dialect}-{seed}.docx"
    path.write_bytes(fill(blank(layout), copy.values, dialect))
    record = read_form(path, (definition,))
    assert isinstance(record, FormRecord), record
    return copy, record


def right_and_wrong(copy: Filled, record: FormRecord) -> tuple[int, list[str]]:
    right, wrong = 0, []
    checks = [(f"header.{k}", v, record.header.get(k)) for k, v in copy.header.items()]
    checks += [(q, v, record.answers.get(q)) for q, v in copy.answers.items()]
    for n, grades in copy.ratings.items():
        rating = record.ratings.get(n)
        for who, g in grades.items():
            checks.append((f"ratings.{n}.{who}", g, getattr(rating, who, None)))
    for name, want, got in checks:
        if want == got:
            right += 1
        else:
            wrong.append(f"{name}: wanted {want!r}, read {got!r}")
    return right, wrong


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda lay: lay.name)
def test_a_drafted_definition_reads_98_percent_of_filled_copies_in_every_dialect(
    layout: Layout, tmp_path: Path
) -> None:
    _, definition = drafted(layout, tmp_path)
    for dialect in FILL_DIALECTS:
        right = total = 0
        wrong: list[str] = []
        for seed in range(3):
            copy, record = read_filled(layout, definition, dialect, tmp_path, seed)
            r, w = right_and_wrong(copy, record)
            right, total, wrong = right + r, total + copy.count(), wrong + w
        ratio = right / total
        print(f"{layout.name} {dialect}: {right}/{total} = {ratio:.1%}")
        assert ratio >= THRESHOLD, wrong


def test_keys_follow_the_rule_for_labels() -> None:
    assert field_key("Child's age") == "childs_age"
    assert field_key("Date of audit") == "date_of_audit"
    assert field_key("  Audited before? (Y/N) ") == "audited_before_y_n"


def test_every_guess_is_marked_and_the_printed_parts_are_not(tmp_path: Path) -> None:
    path, definition = drafted(LAYOUTS[0], tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "type: date  # guessed: type date from label" not in text  # a date picker: read
    assert "type: integer  # guessed: type integer from label" in text  # "Child's age"
    assert "role: audit_date  # guessed: role from label" in text
    lines = [ln for ln in text.splitlines() if ln.strip().startswith("- number:")]
    assert lines[-1].endswith("# guessed: number: not printed, the next in order")
    assert [s.number for s in definition.sections] == ["1", "2", "3", "4"]
    assert definition.section("4").role == "overall"
    case_type = next(f for f in definition.header if f.key == "case_type")
    assert (case_type.type, case_type.options) == ("choice", ("CIN", "CP", "CLA", "Care leaver"))


def test_extract_with_a_drafted_definition_prints_the_contract_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layout = LAYOUTS[1]
    path, _ = drafted(layout, tmp_path)
    forms = tmp_path / "forms"
    forms.mkdir()
    path.rename(forms / path.name)
    copy = filled(layout)
    form = tmp_path / "filled.docx"
    form.write_bytes(fill(blank(layout), copy.values, "legacy"))
    assert main(["extract", "--forms", str(forms), str(form)]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["form"] == "multi-agency-case-audit"
    assert line["header"]["date_of_audit"] == copy.header["date_of_audit"].isoformat()
    assert isinstance(copy.header["date_of_audit"], dt.date)
    assert line["header"]["childs_age"] == copy.header["childs_age"]
    assert line["header"]["legal_status"] == copy.header["legal_status"]
    assert line["ratings"]["2"] == copy.ratings["2"]
    assert line["answers"]["1.1"] == copy.answers["1.1"]


@pytest.mark.parametrize("dialect", ["content-controls", "legacy"])
def test_a_filled_copy_drafts_the_same_definition_as_the_blank(dialect: str) -> None:
    for layout in LAYOUTS:
        data = blank(layout)
        copy = fill(data, filled(layout).values, dialect)
        from_blank = draft(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"), "x")
        from_copy = draft(zipfile.ZipFile(io.BytesIO(copy)).read("word/document.xml"), "x")
        assert definition_yaml(from_copy) == definition_yaml(from_blank), layout.name


def test_with_forms_each_file_is_read_with_the_definition_it_matches_best(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    inbox = tmp_path / "inbox"
    for layout in LAYOUTS:
        drafted(layout, forms)
        (inbox / f"{layout.name}.docx").parent.mkdir(exist_ok=True)
        (inbox / f"{layout.name}.docx").write_bytes(
            fill(blank(layout), filled(layout).values, "typed")
        )
    write_form(inbox / "early-help.docx")
    assert main(["extract", "--forms", str(forms), str(inbox)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {line["source"]: line["form"] for line in lines} == {
        "columns.docx": "childs-journey-audit",
        "early-help.docx": "early-help-practice-audit",
        "grid.docx": "multi-agency-case-audit",
        "headings.docx": "childrens-social-care-case-file-audit-tool",
    }
    early_help = next(line for line in lines if line["source"] == "early-help.docx")
    assert early_help["header"]["auditor"] == "Priya Sandhu"


def test_a_forms_folder_that_does_not_exist_is_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["forms", "list", "--forms", str(tmp_path / "nowhere")]) == 2
    assert "the forms folder" in capsys.readouterr().err


@pytest.mark.parametrize("dialect", DIALECTS)
def test_drafted_from_the_early_help_form_as_printed_reads_what_the_shipped_definition_reads(
    dialect: str, tmp_path: Path
) -> None:
    """The real layout: titles merged down beside their questions, theme banners, both grades
    and their hints in one cell, a date inside the Yes/No cell, "____ Months"."""
    empty = build_form(FormSpec(), "content-controls")
    xml = zipfile.ZipFile(io.BytesIO(empty)).read("word/document.xml")
    (tmp_path / "eh.yaml").write_text(definition_yaml(draft(xml, "eh.docx")), encoding="utf-8")
    drafted_eh = load_definition(tmp_path / "eh.yaml")
    path = write_form(tmp_path / "filled.docx", example_spec(), dialect)
    shipped, again = read_form(path, (EARLY_HELP,)), read_form(path, (drafted_eh,))
    assert isinstance(shipped, FormRecord)
    assert isinstance(again, FormRecord)
    by_label = {f.label.rstrip(":"): again.header[f.key] for f in drafted_eh.header}
    assert {f.label.rstrip(":"): shipped.header[f.key] for f in EARLY_HELP.header} == by_label
    ids = {q.text: q.id for q in drafted_eh.questions()}
    assert {q.id: again.answers[ids[q.text]] for q in EARLY_HELP.questions()} == shipped.answers
    assert again.ratings == shipped.ratings


def test_label_lines_with_blanks_to_write_on_are_header_fields() -> None:
    from tests.builders.wordform import document_xml, p, run, tbl, tc

    body = (
        p(run("Thematic Audit: Neglect", bold=True))
        + p(run("Name of auditor: ______________"))
        + p(run("Date of audit: ___/___/______"))
        + tbl(
            (4800, 4800),
            [
                f"<w:tr>{tc(p(run('Case number: ________')), 4800)}{tc(p(run('Number of children: ____')), 4800)}</w:tr>"
            ],
        )
        + f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{run("1. Neglect")}</w:p>'
        + tbl(
            (6000, 3600),
            [
                f"<w:tr>{tc(p(run('Was neglect identified early?')), 6000)}{tc(p(run('☐ Yes ☐ No ☐ N/A')), 3600)}</w:tr>"
            ],
        )
    )
    drafted_form = draft(document_xml(body).encode(), "neglect.docx")
    assert [(f.key, f.type, f.role) for f in drafted_form.header] == [
        ("name_of_auditor", "text", "auditor"),
        ("date_of_audit", "date", "audit_date"),
        ("case_number", "text", "case_reference"),
        ("number_of_children", "integer", None),
    ]
    assert [(s.number, s.title, s.questions) for s in drafted_form.sections] == [
        ("1", "Neglect", ["Was neglect identified early?"])
    ]


def test_an_audit_on_a_drafted_form_reaches_the_annual_report_and_guidance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --forms, a council's own form counts like a shipped one: its audit is in the
    annual report's totals and its own per-form tables, and guidance --form chooses it."""
    forms, inbox, outbox = tmp_path / "forms", tmp_path / "inbox", tmp_path / "outbox"
    forms.mkdir()
    inbox.mkdir()
    layout = LAYOUTS[2]  # labels above values, bold numbered sections, a box per grade
    _, definition = drafted(layout, forms)
    copy = filled(layout)
    (inbox / "ours.docx").write_bytes(fill(blank(layout), copy.values, "content-controls"))
    audit_date = copy.header[definition.field_for("audit_date").key]
    year = audit_date.year if audit_date.month > 3 else audit_date.year - 1
    places = ["--inbox", str(inbox), "--outbox", str(outbox), "--store", str(tmp_path / "s")]
    options = [*places, "--forms", str(forms)]
    assert main(["annual-report", "--year", str(year), *options]) == 0
    (figures_path,) = outbox.glob("annual-report-*.json")
    figures = json.loads(figures_path.read_text(encoding="utf-8"))
    assert figures["audits"]["total"] == 1
    answers = figures["forms"][definition.id]["answers"]
    assert set(answers) == {q.id for q in definition.questions()}
    met = {q: a for q, a in answers.items() if a[copy.answers[q]] == 1}
    assert met == answers  # every question counted under the answer the copy gives
    capsys.readouterr()
    day = audit_date.isoformat()
    assert main(["guidance", "--from", day, "--to", day, "--form", definition.id, *options]) == 0
    (guidance_path,) = outbox.glob("best-practice-guidance-*.json")
    assert json.loads(guidance_path.read_text(encoding="utf-8"))["scope"]["audits"] == 1


def test_a_rating_table_with_each_box_in_its_own_cell_is_drafted_and_read(
    tmp_path: Path,
) -> None:
    """Issue 23's form: "Auditor grade:" | ☐ | Outstanding | ☐ | Good ... in a table of its own
    per section; every section is graded, and every filled grade read in every dialect."""
    _, definition = drafted(TICKS, tmp_path)
    assert [s.number for s in definition.rated_sections] == ["1", "2", "3", "4", "5", "6"]
    assert definition.rating_labels.moderator == "Manager moderation grade"
    for dialect in FILL_DIALECTS:
        copy, record = read_filled(TICKS, definition, dialect, tmp_path, 1)
        right, wrong = right_and_wrong(copy, record)
        assert right / copy.count() >= THRESHOLD, (dialect, wrong)
        assert copy.ratings == {
            n: {"auditor": r.auditor, "moderator": r.moderator} for n, r in record.ratings.items()
        }


def test_forms_draft_reports_the_graded_sections_of_issue_23s_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = tmp_path / "ticks.docx"
    form.write_bytes(blank(TICKS))
    assert main(["forms", "draft", str(form), "--output", str(tmp_path / "t.yaml")]) == 0
    said = capsys.readouterr().out
    assert "6 sections, 12 questions, 6 graded sections" in said
    assert "Not understood" not in said


def test_forms_draft_says_what_it_did_not_understand_and_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No graded section; a section without questions; grade words with no boxes near them;
    a label with no place to write beside it — each named with its table and row."""
    from tests.builders.blank_layouts import checkbox, heading, text
    from tests.builders.wordform import document_xml, p, package, run, tbl, tc

    def tr(*cells: str) -> str:
        return f"<w:tr>{''.join(cells)}</w:tr>"

    body = (
        p(run("Neglect Audit", bold=True))
        + tbl((3000, 6600), [tr(tc(p(run("Team")), 3000), tc(p(text("t")), 6600))])
        + tbl((9600,), [tr(tc(p(run("Signature of the auditor")), 9600))])
        + heading("1. Early help")
        + tbl(
            (6000, 1200, 1200, 1200),
            [
                tr(
                    *(
                        tc(p(run(h)), w)
                        for h, w in (("Question", 6000), ("Yes", 1200), ("No", 1200))
                    )
                ),
                tr(
                    tc(p(run("Was help offered early?")), 6000),
                    tc(p(checkbox("a")), 1200),
                    tc(p(checkbox("b")), 1200),
                ),
            ],
        )
        + heading("2. Notes")
        + tbl((9600,), [tr(tc(p(run("Record what was seen")), 9600))])
        + tbl(
            (2400,) * 4,
            [
                tr(
                    *(
                        tc(p(run(g)), 2400)
                        for g in ("Outstanding", "Good", "Requires improvement", "Inadequate")
                    )
                )
            ],
        )
    )
    form = tmp_path / "neglect.docx"
    form.write_bytes(package(document_xml(body)))
    assert main(["forms", "draft", str(form), "--output", str(tmp_path / "n.yaml")]) == 0
    said = capsys.readouterr().out
    assert "0 graded sections" in said
    assert "no graded section was found" in said
    assert "'Signature of the auditor' (table 2, row 1) looks like a label" in said
    assert "section 2 'Notes' (paragraph 3) has no questions or grades" in said
    assert (
        "grade words 'Outstanding, Good, Requires improvement, Inadequate' (table 5, row 1) "
        "have no boxes"
    ) in said


def test_a_section_number_printed_twice_is_marked_never_made_into_another_number(
    tmp_path: Path,
) -> None:
    """The Early Help blank prints "2. Assessment" twice (the form's section and its guidance
    notes for auditors): the second is "2-2", marked as a guess, never "210" (a section number
    the form does not have), and the definition still loads."""
    data = (Path(__file__).parent / "data" / "blank-form.docx").read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    text = definition_yaml(draft(xml, "blank-form.docx"))
    path = tmp_path / "blank.yaml"
    path.write_text(text, encoding="utf-8")
    numbers = [s.number for s in load_definition(path).sections]
    assert len(numbers) == len(set(numbers))
    assert "2-2" in numbers
    assert all(n.isdigit() and int(n) <= 11 for n in numbers if "-" not in n)
    assert '- number: "2-2"  # guessed: number: 2 is printed twice on the form' in text
