"""Issue 14: documents a council would publish — its settings, the officer's commentary, and
the finish (A4, page numbers, British English, captions, tables that do not break)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import runpy
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm

from audit_docs.cli import main
from audit_docs.compute.messages import overview_lines
from audit_docs.errors import UsageError
from audit_docs.jobs.commentary import annual_commentary, guidance_commentary
from audit_docs.jobs.places import Places
from audit_docs.jobs.reports import annual_report, guidance
from audit_docs.render.annual_docx import answer_text
from audit_docs.render.commentary import HINT_STYLE, heading_key
from audit_docs.render.finish import word_width
from audit_docs.settings import Settings, load_settings
from audit_docs.workspace import Options, resolve
from tests.office import SOFFICE, convert, pdf_text

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
START, END = dt.date(2016, 4, 1), dt.date(2017, 3, 31)
SETTINGS = """
[organisation]
name = "Northbridge Borough Council"
service = "Children's Services"
logo = "logo.png"

[reports]
author = "Quality Assurance Team"
approved_by = "Head of Early Help"
"""


def _png() -> bytes:
    """A 2×2 red PNG, for a logo and a picture in the commentary."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _places(tmp_path: Path) -> Places:
    inbox = tmp_path / "inbox"
    shutil.copytree(DATA / "trackers", inbox / "trackers")
    (inbox / "forms").mkdir()
    for docx in DATA.glob("example-*.docx"):
        shutil.copy(docx, inbox / "forms" / docx.name)
    return Places(inbox, tmp_path / "outbox", tmp_path / "s.sqlite")


def _settings(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logo.png").write_bytes(_png())
    path = folder / "audit-docs.toml"
    path.write_text(SETTINGS, encoding="utf-8")
    return path


def _write_under(path: Path, heading: str) -> None:
    """What an officer does in Word: bold and italic text, a bullet, a table and a picture
    under ``heading`` of the commentary document."""
    doc = Document(str(path))
    paragraphs = doc.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == heading)
    assert paragraphs[at + 1].style.name == HINT_STYLE
    # heading, hint, any sentences suggested from the figures, the empty paragraph to write in
    anchor = next(p for p in paragraphs[at + 2 :] if not p.text)
    anchor.add_run("We will run ")
    anchor.add_run("three workshops").bold = True
    anchor.add_run(" on ")
    anchor.add_run("planning").italic = True
    anchor.add_run(".")
    bullet = doc.add_paragraph("Supervision audits every quarter", "List Bullet")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Action", "Lead"
    table.cell(1, 0).text, table.cell(1, 1).text = "Workshops", "Head of Early Help"
    picture = doc.add_paragraph()
    picture.add_run().add_picture(io.BytesIO(_png()), width=Cm(1))
    for element in (picture._p, table._tbl, bullet._p):
        anchor._p.addnext(element)
    doc.save(str(path))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both documents built with a settings file and commentary under "Next steps"."""
    tmp = tmp_path_factory.mktemp("published")
    places = _places(tmp)
    settings = load_settings(_settings(tmp / "council"))
    folder = tmp / "commentary"
    quiet = {"out": io.StringIO(), "err": io.StringIO()}
    annual = annual_commentary(places, 2016, settings=settings, folder=folder, **quiet)
    advice = guidance_commentary(places, START, END, settings=settings, folder=folder, **quiet)
    _write_under(annual, "Next steps")
    _write_under(advice, "Key messages")
    report, _ = annual_report(places, 2016, settings=settings, commentary=folder, **quiet)
    guide = guidance(places, START, END, settings=settings, commentary=folder, **quiet)
    return {"annual": report, "guidance": guide, "annual_commentary": annual, "tmp": tmp}


DOCUMENTS = ("annual", "guidance")


def _all_text(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return " ".join(
            re.sub(r"<[^>]+>", "", zf.read(n).decode("utf-8"))
            for n in zf.namelist()
            if n.startswith("word/") and n.endswith(".xml")
        )


# --- settings ---------------------------------------------------------------------------------


def test_settings_are_read_from_the_folder_the_command_runs_in(tmp_path: Path) -> None:
    """./audit-docs.toml is read with every key; the logo is relative to the file."""
    _settings(tmp_path)
    s = load_settings(None, cwd=tmp_path)
    assert (s.organisation, s.service) == ("Northbridge Borough Council", "Children's Services")
    assert (s.author, s.approved_by) == ("Quality Assurance Team", "Head of Early Help")
    assert s.logo == tmp_path / "logo.png"
    assert load_settings(None, cwd=tmp_path / "inbox") == Settings()


def test_the_environment_names_a_settings_file(tmp_path: Path) -> None:
    path = _settings(tmp_path / "elsewhere")
    ws = resolve(Options(), environ={"AUDIT_DOCS_SETTINGS": str(path)}, cwd=tmp_path)
    assert ws.settings.organisation == "Northbridge Borough Council"


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("[reports]\nautor = 'x'\n", "has “autor” under [reports], which audit-docs does not know"),
        ("[organisaton]\nname = 'x'\n", "has “organisaton”, which audit-docs does not know"),
        ("[reports]\nmin_graded = 'five'\n", "min_graded under [reports] should be a whole number"),
        ("[reports]\nmin_graded = 0\n", "min_graded under [reports] should be a whole number"),
        ("[organisation]\nname = 3\n", "name under [organisation] should be text in quotes"),
    ],
)
def test_an_unknown_key_or_a_wrong_type_is_one_sentence_naming_it(
    tmp_path: Path, text: str, sentence: str
) -> None:
    path = tmp_path / "audit-docs.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=re.escape(sentence)):
        load_settings(path)


def test_a_bad_settings_file_stops_the_command_with_exit_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "audit-docs.toml"
    path.write_text("[reports]\nauthor = \n", encoding="utf-8")
    places = ["--inbox", str(tmp_path), "--store", str(tmp_path / "s.sqlite")]
    assert main(["annual-report", "--year", "2016", "--settings", str(path), *places]) == 2
    err = capsys.readouterr().err
    assert err.startswith("audit-docs: The settings file")
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_min_graded_from_the_settings_is_the_reports_threshold(tmp_path: Path) -> None:
    places = _places(tmp_path)
    quiet = {"out": io.StringIO(), "err": io.StringIO()}
    _, data = annual_report(places, 2016, settings=Settings(min_graded=2), **quiet)
    assert json.loads(data.read_text(encoding="utf-8"))["min_graded"] == 2


def test_the_demo_passes_its_own_sample_settings() -> None:
    """No sample settings file sits where a real run would pick it up: `audit-docs demo`
    (and so `make demo`) reads the one shipped with the examples."""
    from audit_docs.jobs.getting_started import demo_settings

    assert demo_settings() == ROOT / "examples" / "audit-docs.toml"
    assert load_settings(demo_settings()).organisation
    assert not (ROOT / "audit-docs.toml").exists()


# --- done when: settings and commentary in both documents -------------------------------------


@pytest.mark.parametrize("which", DOCUMENTS)
def test_the_cover_names_the_council_and_the_file_its_author(published, which: str) -> None:
    doc = Document(str(published[which]))
    text = "\n".join(p.text for p in doc.paragraphs[:20])
    assert "Northbridge Borough Council" in text
    assert "Prepared by Quality Assurance Team" in text
    assert "Approved by Head of Early Help" in text
    today = dt.date.today()
    assert f"Published {today.day} {today:%B %Y}" in text
    props = doc.core_properties
    assert props.author == "Quality Assurance Team"
    assert props.created is not None
    assert props.created.date() >= today - dt.timedelta(days=1)
    assert props.modified == props.created
    assert doc.inline_shapes[0].width == Cm(4)  # the logo


@pytest.mark.parametrize("which", DOCUMENTS)
def test_no_instruction_text_reaches_a_document(published, which: str) -> None:
    text = _all_text(published[which]).lower()
    for phrase in ("edit this", "in the template", "not_sure", "commentary hint", "in the report:"):
        assert phrase not in text


def test_the_commentary_goes_under_its_heading_after_the_generated_text(published) -> None:
    doc = Document(str(published["annual"]))
    body = list(doc.element.body)
    texts = ["".join(t.text or "" for t in e.iter(f"{W}t")) for e in body]

    def heading(text: str) -> int:  # the heading, not its line in the contents
        return len(texts) - 1 - texts[::-1].index(text)

    steps = heading("Next steps")
    assert heading("14. Key messages") < steps < heading("Appendix: family feedback responses")
    # the sentences suggested from the figures come first, kept as the officer left them
    at = texts.index("We will run three workshops on planning.") - 1
    assert steps < at
    assert all(
        t.startswith(("Agree with the teams", "Follow up")) for t in texts[steps + 1 : at + 1]
    )
    written = body[at + 1]
    runs = {r.findtext(f"{W}t"): r for r in written.iter(f"{W}r")}
    assert runs["three workshops"].find(f"{W}rPr/{W}b") is not None
    assert runs["planning"].find(f"{W}rPr/{W}i") is not None
    assert texts[at + 2] == "Supervision audits every quarter"
    assert body[at + 3].tag == f"{W}tbl"
    assert "Head of Early Help" in texts[at + 3]
    assert next(body[at + 4].iter("{*}blip"), None) is not None  # the picture, with its image
    assert "Conclusion" not in texts  # nothing written there: no heading, no placeholder


def test_the_guidance_carries_its_commentary_after_the_key_messages(published) -> None:
    doc = Document(str(published["guidance"]))
    texts = [p.text for p in doc.paragraphs]
    at = texts.index("We will run three workshops on planning.")
    assert texts.index("Key messages") < at < texts.index("Paperwork reminders")


def test_commentary_has_the_reports_headings_a_hint_and_room_to_write(published) -> None:
    report = Document(str(published["annual"]))
    commentary = Document(str(published["annual_commentary"]))
    levels = {p.text: p.style.name for p in report.paragraphs if p.style.name.startswith("Heading")}
    mine = {
        p.text: p.style.name for p in commentary.paragraphs if p.style.name.startswith("Heading")
    }
    assert {k: v for k, v in mine.items() if k in levels} == levels
    assert {"Next steps", "Conclusion"} <= set(mine)
    paragraphs = commentary.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == "2. Audits completed and moderated")
    assert paragraphs[at + 1].style.name == HINT_STYLE
    assert "89" in paragraphs[at + 1].text  # the section's figures: 89 audits completed
    assert "Table 1" not in paragraphs[at + 1].text  # captions are not figures


def test_a_second_run_adds_only_new_headings_and_keeps_what_is_written(
    published, tmp_path: Path
) -> None:
    target = tmp_path / "annual-report-2016-17.docx"
    shutil.copy(published["annual_commentary"], target)
    doc = Document(str(target))
    dropped = next(p for p in doc.paragraphs if p.text == "5. Moderation")
    for element in (dropped._p.getnext().getnext(), dropped._p.getnext(), dropped._p):
        element.getparent().remove(element)  # as if the report had gained the section
    doc.save(str(target))
    before = [p.text for p in Document(str(target)).paragraphs]
    places = _places(tmp_path / "run")
    out = io.StringIO()
    annual_commentary(places, 2016, folder=tmp_path, out=out, err=io.StringIO())
    after = [p.text for p in Document(str(target)).paragraphs]
    assert "(1 new heading added; nothing written was changed)" in out.getvalue()
    at = after.index("5. Moderation")
    assert after[:at] + after[at + 3 :] == before  # nothing else is changed
    assert after[at + 3] == "6. Findings from the audit questions"
    assert "We will run three workshops on planning." in after


def test_headings_match_ignoring_case_spacing_punctuation_and_number() -> None:
    assert heading_key("8. Thematic audits") == heading_key("thematic  AUDITS!")
    assert heading_key("Summary of audits – Q1 2016-17") == heading_key(
        "summary of audits Q1 201617"
    )
    assert heading_key("Next steps") != heading_key("Conclusion")


def test_a_commentary_heading_matching_no_section_is_a_warning_not_lost(tmp_path: Path) -> None:
    places = _places(tmp_path)
    folder = tmp_path / "commentary"
    quiet = {"out": io.StringIO(), "err": io.StringIO()}
    path = annual_commentary(places, 2016, folder=folder, **quiet)
    doc = Document(str(path))
    doc.add_paragraph("Ofsted action plan", "Heading 1")
    doc.add_paragraph("The plan is reviewed monthly.")
    doc.save(str(path))
    err = io.StringIO()
    report, _ = annual_report(places, 2016, commentary=folder, out=io.StringIO(), err=err)
    assert "“Ofsted action plan”" in err.getvalue()
    assert "matches no section" in err.getvalue()
    texts = [p.text for p in Document(str(report)).paragraphs]
    assert texts[texts.index("Ofsted action plan") + 1] == "The plan is reviewed monthly."


# --- the finish -------------------------------------------------------------------------------


@pytest.mark.parametrize("which", DOCUMENTS)
def test_a4_page_numbers_british_english_and_heading_fonts(published, which: str) -> None:
    doc = Document(str(published[which]))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert 1.5 <= section.left_margin.cm <= 3
    footer = section.footer._element.xml
    assert "PAGE" in footer
    assert "NUMPAGES" in footer
    assert "Page " in footer
    assert " of " in footer
    import zipfile

    with zipfile.ZipFile(published[which]) as zf:
        for name in zf.namelist():
            assert b"en-US" not in zf.read(name), name
    assert 'w:val="en-GB"' in doc.styles.element.xml
    body = doc.styles["Normal"].font.name
    for name in ("Heading 1", "Heading 2", "Title", "Caption"):
        assert doc.styles[name].font.name == body
        assert "Theme" not in doc.styles[name].element.xml.split("rFonts")[1].split("/>")[0]


@pytest.mark.parametrize("which", DOCUMENTS)
def test_captions_are_numbered_seq_fields_above_every_table(published, which: str) -> None:
    doc = Document(str(published[which]))
    numbers: dict[str, list[int]] = {}
    for field in doc.element.body.iter(f"{W}fldSimple"):
        kind = field.get(f"{W}instr").split()[1]
        numbers.setdefault(kind, []).append(int(field.findtext(f".//{W}t")))
    assert numbers["Table"] == list(range(1, len(numbers["Table"]) + 1))
    for table in doc.element.body.iter(f"{W}tbl"):
        if "Head of Early Help" in "".join(table.itertext()):
            continue  # the officer's own table, from the commentary
        before = table.getprevious()
        # blank paragraphs, and the key to a mark (†) kept between the caption and its table
        while before is not None and (
            not "".join(before.itertext()).strip() or "".join(before.itertext()).startswith("†")
        ):
            before = before.getprevious()
        assert before is not None, table
        assert before.find(f".//{W}fldSimple") is not None, table
        rows = table.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    if which == "annual":
        assert numbers["Figure"] == list(range(1, len(numbers["Figure"]) + 1))
        assert len(numbers["Figure"]) >= 4


def test_contents_is_a_toc_heading_not_a_heading_1(published) -> None:
    doc = Document(str(published["annual"]))
    contents = next(p for p in doc.paragraphs if p.text == "Contents")
    assert contents.style.name == "TOC Heading"


def test_header_columns_are_as_wide_as_their_longest_word(published) -> None:
    """Every cell's widest word fits its column (in Arial's metrics, with room to spare)."""
    doc = Document(str(published["annual"]))
    for table in doc.tables:
        grid = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
        for i, cell in enumerate(table.rows[0].cells):
            for word in cell.text.split():
                assert word_width(word, 11, bold=True) * 20 < grid[i], (word, grid[i])


def test_total_rows_under_the_case_profile(published) -> None:
    doc = Document(str(published["annual"]))
    totals = [t for t in doc.tables if t.rows[-1].cells[0].text == "TOTAL"]
    assert [t.rows[0].cells[0].text for t in totals][:2] == ["Cases by age", "Cases by type"]
    for t in totals[:2]:
        assert int(t.rows[-1].cells[1].text) == sum(int(r.cells[1].text) for r in t.rows[1:-1])


def test_the_appendix_is_one_block_per_respondent_in_sentence_case(published) -> None:
    doc = Document(str(published["annual"]))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Appendix: family feedback responses")
    appendix = texts[start:]
    assert appendix.count("Response 1") == 1
    assert sum(1 for t in appendix if t.startswith("Response ")) == 10
    question = next(t for t in appendix if t.startswith("Q1 "))
    assert sum(1 for t in appendix if question[3:] in t) == 1  # each question once
    answers = [t for t in appendix if re.match(r"Q\d ", t) and t != question]
    assert all(a[3:4].isupper() or not a[3:4].isalpha() for a in answers)
    assert not doc.tables[-1].rows[0].cells[0].text.startswith("Respon")


def test_internal_values_read_as_words() -> None:
    assert answer_text("not_sure") == "Not sure"
    assert answer_text("always") == "Always"
    assert answer_text("in some cases - yes") == "In some cases - yes"


def test_the_graded_rounds_overview_gives_shares_and_areas_with_n(published) -> None:
    figures = json.loads(published["annual"].with_suffix(".json").read_text(encoding="utf-8"))
    ofsted = next(r for r in figures["thematic_graded"] if "Ofsted" in r["title"])
    o = ofsted["overview"]
    assert sum(r["audits"] for r in o["by_age"]) == ofsted["audits"]
    assert sum(r["audits"] for r in o["by_service"]) == ofsted["audits"]
    assert o["judgements"] == sum(o["counts"].values())
    lines = overview_lines(o, figures["min_graded"])
    assert lines[0].startswith(f"Out of all the area judgements made (n={o['judgements']})")
    assert all(a["graded"] >= figures["min_graded"] for a in o["strongest"] + o["weakest"])
    assert any("Good or better" in line for line in lines[1:])
    text = "\n".join(p.text for p in Document(str(published["annual"])).paragraphs)
    assert lines[0] in text


def test_the_shipped_annual_template_is_what_its_script_makes(tmp_path: Path) -> None:
    build = runpy.run_path(str(ROOT / "tools" / "build_templates.py"))["annual_report"]
    build(tmp_path / "built.docx")
    shipped = ROOT / "templates" / "annual-report.docx"
    assert (tmp_path / "built.docx").read_bytes() == shipped.read_bytes()


# --- as LibreOffice prints it -----------------------------------------------------------------


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdfinfo") is None, reason="needs LibreOffice")
def test_libreoffice_prints_a4_numbered_pages_without_broken_header_words(published) -> None:
    outdir = published["tmp"] / "pdf"
    convert([published["annual"], published["guidance"]], "pdf", outdir)
    for which in DOCUMENTS:
        pdf = outdir / published[which].with_suffix(".pdf").name
        info = subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        assert "(A4)" in info
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        text = pdf_text(pdf)
        assert f"Page 1 of {pages}" in text
        assert f"Page {pages} of {pages}" in text
        tokens = set(re.findall(r"[\w'’]+", text))
        cells = {
            word
            for table in Document(str(published[which])).tables
            for row in table.rows
            for cell in row.cells
            for word in re.findall(r"[\w'’]+", cell.text)
        }
        assert cells - tokens == set()  # every word of every table printed whole
        assert "Response 10" in text if which == "annual" else True


# --- guidance wording -------------------------------------------------------------------------


def test_known_programme_names_are_never_taken_for_names() -> None:
    from audit_docs.compute.anonymise import scrub

    text = "Mum attended Triple P and a Family Group Conference; Jayden enjoyed Signs of Safety."
    assert scrub(text, [], []) == (
        "Mum attended Triple P and a Family Group Conference; [name] enjoyed Signs of Safety."
    )


def test_a_long_quote_is_cut_at_a_sentence_boundary_near_80_words() -> None:
    from audit_docs.compute.guidance import cut_quote

    sentence = "The plan was reviewed with the family and every agency at the meeting. "
    long = sentence * 20  # 13 words a sentence, 260 words
    cut = cut_quote(long)
    assert cut.endswith("meeting. …")
    assert len(cut.split()) - 1 == 78  # six whole sentences: the seventh would pass 80
    assert cut_quote("Short and sweet.") == "Short and sweet."


def test_an_outstanding_example_is_given_only_with_the_auditors_words(published) -> None:
    figures = json.loads(published["guidance"].with_suffix(".json").read_text(encoding="utf-8"))
    assert all(g["comment"] for g in figures["good_practice"])
    assert "did not record a comment" not in _all_text(published["guidance"])


def test_reminders_for_practitioners_are_about_the_case_file(published) -> None:
    """Consent goes to practitioners; how the audit form was filled in goes to auditors."""
    figures = json.loads(published["guidance"].with_suffix(".json").read_text(encoding="utf-8"))
    practitioners = figures["reminders"]["practitioners"]
    auditors = figures["reminders"]["auditors"]
    assert {r["key"] for r in practitioners} <= {"consent", "never_met"}
    assert len(practitioners) + len(auditors) == len(figures["paperwork"])
    doc = Document(str(published["guidance"]))
    texts = [p.text for p in doc.paragraphs]
    reminders = texts[texts.index("Paperwork reminders") : texts.index("The audit")]
    assert not any("Rate every section" in t or "audit date" in t for t in reminders)
    if auditors:
        at = texts.index("For auditors: completing the audit form")
        assert auditors[0]["sentence"] in texts[at:]


def test_the_commentary_command_uses_its_folder_option_or_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    places = _places(tmp_path)
    where = ["--inbox", str(places.inbox), "--store", str(places.store)]
    monkeypatch.setenv("AUDIT_DOCS_COMMENTARY", str(tmp_path / "from-env"))
    assert main(["commentary", "--from", "2016-04-01", "--to", "2017-03-31", *where]) == 0
    assert (tmp_path / "from-env" / "best-practice-guidance-2016-04-01-2017-03-31.docx").is_file()
    given = tmp_path / "given"
    assert main(["commentary", "--year", "2016", "--commentary", str(given), *where]) == 0
    assert (given / "annual-report-2016-17.docx").is_file()
    assert "written, with the report's" in capsys.readouterr().out
    assert main(["commentary", *where]) == 2
    assert "Say which document the commentary is for" in capsys.readouterr().err


def test_without_settings_the_file_still_has_todays_date_and_no_library_author(
    tmp_path: Path,
) -> None:
    places = _places(tmp_path)
    report, _ = annual_report(places, 2016, out=io.StringIO(), err=io.StringIO())
    props = Document(str(report)).core_properties
    assert props.author == ""
    assert props.last_modified_by == ""
    assert props.created.date() >= dt.date.today() - dt.timedelta(days=1)
