"""The exports and the data-quality workbook as people open them: safe, typed, whole.

A form holding text that spreadsheets take for formulas and a comment longer than an Excel
cell holds, read into a store and exported as CSV, JSON and xlsx, and listed in the
data-quality workbook; the workbook writer on its own for Excel's row limit, and with
generated text for what survives a round trip.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from audit_docs.compute.export_view import LONG_VALUES, MAX_CELL, MAX_ROWS
from audit_docs.jobs.export import export
from audit_docs.jobs.places import Places
from audit_docs.jobs.problems import problems
from audit_docs.render.export_files import write_json
from audit_docs.render.xlsx_stream import Column, StreamingWorkbook
from tests.builders.large_log import write_large_log
from tests.builders.wordform import example_spec, write_form

FORMULAS = {
    "sum": "=1+1",
    "link": '=HYPERLINK("http://example.invalid/?leak","Click for the case notes")',
    "dde": "+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "minus": "-2+3",
}
#: 40,967 characters: 8,200 more than an Excel cell holds
LONG = ("The family's plan was reviewed with the school. " * 900)[:40_967]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Places:
    """A store from one form whose comments start like formulas, one comment of 40,967
    characters, and a line for "£" and "’"."""
    base = tmp_path_factory.mktemp("hostile")
    places = Places(base / "inbox", base / "outbox", base / "s.sqlite")
    spec = example_spec()
    comments = dict(spec.comments)
    comments["1"] = (FORMULAS["sum"], FORMULAS["link"])
    comments["2"] = (FORMULAS["dde"], FORMULAS["at"])
    comments["3"] = (FORMULAS["minus"], "Bus fare £4.50 wasn’t refunded")
    comments["4"] = (LONG, None)
    write_form(places.inbox / "hostile.docx", dataclasses.replace(spec, comments=comments))
    return places


def _csv(places: Places, table: str) -> bytes:
    target = places.outbox / f"{table}.csv"
    export(places, "csv", target, table, out=io.StringIO(), err=io.StringIO())
    return target.read_bytes()


def _comments_json(places: Places) -> list[dict[str, Any]]:
    out = io.StringIO()
    export(places, "json", out=out, err=io.StringIO())
    rows: list[dict[str, Any]] = json.loads(out.getvalue())["tables"]["comments"]
    return rows


def test_csv_cells_that_look_like_formulas_start_with_a_quote(hostile: Places) -> None:
    """=1+1, =HYPERLINK(…), +cmd|' /C calc'!A0, @… and -… are written with ' in front."""
    text = _csv(hostile, "comments").decode("utf-8-sig")
    cells = {cell for row in csv.reader(io.StringIO(text)) for cell in row}
    for formula in FORMULAS.values():
        assert f"'{formula}" in cells, formula
        assert formula not in cells, formula


def test_csv_has_a_byte_order_mark_and_keeps_pound_and_apostrophe(hostile: Places) -> None:
    data = _csv(hostile, "comments")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Bus fare £4.50 wasn’t refunded" in data.decode("utf-8-sig")


def test_csv_and_json_hold_a_long_comment_whole(hostile: Places) -> None:
    assert LONG in _csv(hostile, "comments").decode("utf-8-sig")
    texts = [r["text"] for r in _comments_json(hostile)]
    assert LONG in texts
    assert FORMULAS["sum"] in texts  # JSON is for programs: the text exactly as written


def test_xlsx_writes_formula_text_as_text(hostile: Places) -> None:
    target = hostile.outbox / "export.xlsx"
    export(hostile, "xlsx", target, out=io.StringIO(), err=io.StringIO())
    ws = load_workbook(target)["comments"]
    cells = {c.value: c for row in ws.iter_rows(min_row=2) for c in row if c.value}
    for formula in FORMULAS.values():
        assert cells[formula].data_type == "s", formula
    with zipfile.ZipFile(target) as zf:
        assert not [n for n in zf.namelist() if "externalLink" in n or "calcChain" in n]
        assert b"<f>" not in b"".join(zf.read(n) for n in zf.namelist())


def test_xlsx_cuts_a_long_comment_with_a_note_and_keeps_it_whole_elsewhere(
    hostile: Places,
) -> None:
    target = hostile.outbox / "export-long.xlsx"
    out = io.StringIO()
    export(hostile, "xlsx", target, out=out, err=io.StringIO())
    wb = load_workbook(target)
    cells = [c for row in wb["comments"].iter_rows() for c in row if isinstance(c.value, str)]
    (cut,) = [c for c in cells if len(c.value) > 30_000]
    assert len(cut.value) <= MAX_CELL
    assert cut.value.startswith(LONG[:30_000])
    assert f"the whole text, 40,967 characters, is on the sheet '{LONG_VALUES}', rows 2–4" in (
        cut.value
    )
    parts = list(wb[LONG_VALUES].iter_rows(min_row=2, values_only=True))
    assert [(p[0], p[1], p[2]) for p in parts] == [
        ("comments", cut.coordinate, n) for n in (1, 2, 3)
    ]
    assert "".join(p[3] for p in parts) == LONG
    assert "1 text longer than an Excel cell holds (32,767 characters) is cut" in out.getvalue()


def test_the_data_quality_workbook_writes_formula_text_as_text(tmp_path: Path) -> None:
    """An unreadable grade written as a formula is listed as found, as text."""
    places = Places(tmp_path / "inbox", tmp_path / "outbox", tmp_path / "s.sqlite")
    write_large_log(places.inbox / "log.xlsx", 12)
    conn_path = problems(places, today=dt.date(2017, 4, 3), out=io.StringIO(), err=io.StringIO())
    ws = load_workbook(conn_path)["Problems"]
    found = [c for row in ws.iter_rows(min_row=2) for c in row if c.value == "Goodish"]
    assert found
    assert found[0].data_type == "s"


# --- Excel as Excel -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def logged(tmp_path_factory: pytest.TempPathFactory) -> Places:
    base = tmp_path_factory.mktemp("logged")
    places = Places(base / "inbox", base / "outbox", base / "s.sqlite")
    write_large_log(places.inbox / "log.xlsx", 60)
    write_form(places.inbox / "form.docx", example_spec())
    return places


def test_export_ingests_first_and_says_what_it_wrote_where(logged: Places) -> None:
    out = io.StringIO()
    target = export(logged, "xlsx", out=out, err=io.StringIO())
    assert target == logged.outbox / "audit-docs-export.xlsx"
    assert "2 files read" in out.getvalue() or "read" in out.getvalue().splitlines()[0]
    assert out.getvalue().splitlines()[-1] == (
        f"Wrote 10 tables ({_rows(target):,} rows) to {target}."
    )


def _rows(path: Path) -> int:
    wb = load_workbook(path)
    return sum(ws.max_row - 1 for ws in wb.worksheets if ws.max_row > 1)


def test_export_to_standard_output_says_so_on_standard_error(logged: Places) -> None:
    out, err = io.StringIO(), io.StringIO()
    export(logged, "csv", table_name="section_ratings", out=out, err=err)
    assert out.getvalue().startswith("\ufeffcase_reference,audit_date,scheme")
    assert err.getvalue().splitlines()[-1] == (
        "Wrote the table section_ratings (788 rows) to standard output."
    )


def test_export_sheets_are_tables_with_real_dates_numbers_and_grade_words(logged: Places) -> None:
    target = export(logged, "xlsx", out=io.StringIO(), err=io.StringIO())
    assert target is not None
    wb = load_workbook(target)
    for ws in wb.worksheets:
        (table,) = ws.tables.values()
        assert table.ref.startswith("A1:")
        assert table.tableStyleInfo.name == "TableStyleMedium2"
        assert ws.freeze_panes == "A2"
        assert ws.column_dimensions["A"].width >= 8
    audits = wb["audits"]
    header = [c.value for c in audits[1]]
    first = dict(zip(header, audits[2], strict=True))
    assert first["audit_date"].is_date
    assert first["audit_date"].value == dt.datetime(2014, 4, 1)
    assert first["moderation_date"].is_date
    assert first["child_age"].data_type == "n"
    assert first["child_age"].value == 0
    assert first["moderated"].value is True
    assert header[header.index("overall_auditor") + 1] == "overall_auditor_words"
    words = {
        (r[header.index("overall_auditor")], r[header.index("overall_auditor_words")])
        for r in audits.iter_rows(min_row=2, values_only=True)
    }
    assert ("requires_improvement", "Requires Improvement") in words
    stamps = [c.value for c in wb["source_files"]["G"][1:]]
    assert all(isinstance(s, dt.datetime) for s in stamps)


def test_the_data_quality_workbook_has_tables_and_real_dates(logged: Places) -> None:
    path = problems(logged, today=dt.date(2017, 4, 3), out=io.StringIO(), err=io.StringIO())
    wb = load_workbook(path)
    assert [list(ws.tables) for ws in wb.worksheets] == [["Problems"], ["By_form"], ["Summary"]]
    dates = [r[5] for r in wb["Problems"].iter_rows(min_row=2) if r[5].value is not None]
    assert dates
    assert all(c.is_date for c in dates)
    assert all(ws.freeze_panes == "A2" for ws in wb.worksheets)


# --- the writer on its own ----------------------------------------------------------------------


def test_a_table_longer_than_a_sheet_continues_on_the_next(tmp_path: Path) -> None:
    """With a limit of 10 rows a sheet (a header, 8 rows, a row saying where the table goes
    on), 20 rows fill three sheets; nothing is lost or repeated."""
    assert MAX_ROWS == 1_048_576
    book = StreamingWorkbook(tmp_path / "t.xlsx", "t")
    written = book.add_table(
        "ratings",
        [Column("n", "number"), Column("name")],
        ((i, f"r{i}") for i in range(20)),
        row_limit=10,
    )
    book.close()
    assert written.sheets == ["ratings", "ratings (2)", "ratings (3)"]
    assert written.rows == 20
    wb = load_workbook(tmp_path / "t.xlsx")
    values = []
    for name in written.sheets:
        rows = list(wb[name].iter_rows(values_only=True))
        assert rows[0] == ("n", "name")
        assert len(rows) <= 10
        data = [r for r in rows[1:] if isinstance(r[0], int)]
        values += [r[0] for r in data]
        assert len(wb[name].tables) == 1
    assert [list(wb[name].tables) for name in written.sheets] == [
        ["ratings"],
        ["ratings_2"],
        ["ratings_3"],
    ]
    assert values == list(range(20))
    assert list(wb["ratings"].iter_rows(values_only=True))[-1][0] == (
        "This table continues on the sheet 'ratings (2)'."
    )


def test_a_sheet_stays_under_the_size_that_needs_zip64(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet's XML passing its size limit goes on on the next sheet, so no zip entry needs
    ZIP64 extensions (not every spreadsheet program reads them)."""
    from audit_docs.render import xlsx_stream

    monkeypatch.setattr(xlsx_stream, "_SHEET_BYTES", 4000)
    book = StreamingWorkbook(tmp_path / "t.xlsx", "t")
    written = book.add_table("t", [Column("text")], ((f"row {i} " * 8,) for i in range(300)))
    book.close()
    assert len(written.sheets) > 2
    wb = load_workbook(tmp_path / "t.xlsx")
    texts = [
        r[0] for name in written.sheets for r in wb[name].iter_rows(min_row=2, values_only=True)
    ]
    assert [t for t in texts if t.startswith("row ")] == [f"row {i} " * 8 for i in range(300)]
    with zipfile.ZipFile(tmp_path / "t.xlsx") as zf, (tmp_path / "t.xlsx").open("rb") as raw:
        for info in zf.infolist():
            raw.seek(info.header_offset + 28)
            assert raw.read(2) == b"\x00\x00", info.filename  # no extra field: no ZIP64


TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXT, st.integers(-(10**12), 10**12) | st.none()), max_size=8))
def test_text_comes_back_as_written(tmp_path_factory: pytest.TempPathFactory, rows: list) -> None:
    """Any text (but the control characters XML cannot carry) reads back exactly, as text."""
    path = tmp_path_factory.mktemp("rt") / "t.xlsx"
    book = StreamingWorkbook(path, "t")
    book.add_table("t", [Column("text"), Column("n", "number")], rows)
    book.close()
    back = list(load_workbook(path)["t"].iter_rows(min_row=2, max_row=len(rows) + 1))
    for (text, n), cells in zip(rows, back, strict=True):
        kept = "".join(c for c in text if c in "\t\n\r" or not (c < " " or c in "\ufffe\uffff"))
        assert (cells[0].value or "") == kept
        assert cells[0].data_type in ("s", "n")  # text, or empty
        assert cells[1].value == n


def test_text_like_an_escape_is_shown_as_written(tmp_path: Path) -> None:
    """Excel reads "_x0041_" in a cell as "A" unless its "_" is escaped; it is."""
    book = StreamingWorkbook(tmp_path / "t.xlsx", "t")
    book.add_table("t", [Column("text")], [("_x0041_ and _x000D_",)])
    book.close()
    with zipfile.ZipFile(tmp_path / "t.xlsx") as zf:
        assert b"_x005F_x0041_ and _x005F_x000D_" in zf.read("xl/worksheets/sheet1.xml")


VALUE = st.none() | st.integers() | st.text() | st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=6),
        st.tuples(st.lists(st.text(max_size=5), min_size=1, max_size=4, unique=True), st.data()),
        max_size=3,
    )
)
def test_json_written_row_by_row_is_what_json_dumps_gives(tables: dict) -> None:
    """The streamed JSON is byte for byte ``json.dumps(…, indent=1, sort_keys=True)``."""
    whole: dict[str, list[dict[str, Any]]] = {}
    given_tables = []
    for name in sorted(tables):
        columns, data = tables[name]
        rows = data.draw(st.lists(st.tuples(*(VALUE for _ in columns)), max_size=4))
        whole[name] = [dict(zip(columns, r, strict=True)) for r in rows]
        given_tables.append((name, columns, rows))
    stream = io.BytesIO()
    write_json(stream, given_tables)
    expected = json.dumps({"tables": whole}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert stream.getvalue().decode("utf-8") == expected


def test_the_json_export_is_streamed_not_held(tmp_path: Path) -> None:
    """The export's memory does not grow with the store: 4x the audits, about the same peak."""
    peaks = []
    for audits in (300, 1200):
        places = Places(tmp_path / f"in{audits}", tmp_path / "out", tmp_path / f"{audits}.sqlite")
        write_large_log(places.inbox / "log.xlsx", audits)
        export(places, "json", tmp_path / "x.json", out=io.StringIO(), err=io.StringIO())
        tracemalloc.start()
        export(places, "json", tmp_path / "x.json", out=io.StringIO(), err=io.StringIO())
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 1.5 * peaks[0], peaks


def test_the_data_quality_list_reads_only_the_audits_it_checks(tmp_path: Path) -> None:
    """Forms, a log and forms merged with log rows: the audits the checks concern give the same
    list as every audit in the store, from a fraction of the rows."""
    from audit_docs.compute.data_quality import data_quality_rows
    from audit_docs.jobs.ingest import ingest
    from audit_docs.jobs.problems import _flags_as_problems
    from audit_docs.store import queries
    from audit_docs.store.db import open_store

    inbox = Path(__file__).resolve().parent.parent / "examples" / "inbox"
    store = tmp_path / "s.sqlite"
    ingest(inbox, store, out=io.StringIO(), err=io.StringIO())
    conn = open_store(store, create=False)
    try:
        found = queries.problems(conn)
        every, checked = queries.audits(conn), queries.audits(conn, checked=True)
        lists = [data_quality_rows(found + _flags_as_problems(a), [], a) for a in (every, checked)]
    finally:
        conn.close()
    assert len(checked) < len(every) / 5
    assert any(r.code == "grading_rule" for r in lists[0])
    assert lists[0] == lists[1]


def test_a_full_disk_under_the_workbook_is_one_sentence_and_keeps_the_previous_one(
    logged: Places, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills while the sheets are streamed: the command's sentence, the previous
    workbook kept, no temporary file left, and nothing said after (an unclosed zip would
    complain when collected; pytest turns that into an error)."""
    import errno

    from audit_docs.cli import main
    from audit_docs.render import xlsx_stream

    target = logged.outbox / "full.xlsx"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"last week's export")
    written = 0

    def fill(self: Any, data: bytes) -> None:
        nonlocal written
        written += len(data)
        if written > 100_000:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.stream.write(data)

    monkeypatch.setattr(xlsx_stream._Sheet, "write_bytes", fill)
    args = ["--inbox", str(logged.inbox), "--store", str(logged.store)]
    assert main(["export", "--format", "xlsx", "--output", str(target), *args]) == 2
    err = capsys.readouterr().err
    assert "is full, so full.xlsx was not written" in err
    assert "Exception" not in err
    assert target.read_bytes() == b"last week's export"
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]
