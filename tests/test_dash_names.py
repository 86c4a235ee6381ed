"""Arguments a user mistypes: a file whose name starts with "-" (named after ``--``), and a
date written YYYY-MM-DD that is no day. Each sentence says what to do."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit_docs.cli import main

_NAMES = st.from_regex(r"\A-[a-z][a-z0-9 _]{0,12}\.(docx|xlsx|doc|odt)\Z", fullmatch=True)


@given(name=_NAMES)
def test_a_file_named_with_a_leading_dash_is_told_to_come_after_two_dashes(name: str) -> None:
    """`check -rf.docx` said only "unknown option -rf.docx"; it now says how to name it."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as stopped, contextlib.redirect_stderr(err):
        main(["check", name])
    assert stopped.value.code == 2
    assert (
        f"a file whose name starts with '-' goes after --, as in `audit-docs check -- {name}`"
        in (err.getvalue())
    ), err.getvalue()


def test_the_sentence_names_the_file_and_the_way_to_give_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The whole sentence for one name, as a user sees it."""
    with pytest.raises(SystemExit):
        main(["check", "-rf.docx"])
    err = capsys.readouterr().err
    assert "unknown option -rf.docx" in err, err
    assert (
        "a file whose name starts with '-' goes after --, as in `audit-docs check -- -rf.docx`"
        in err
    ), err


@given(
    year=st.integers(min_value=1000, max_value=9999),
    month=st.integers(min_value=0, max_value=99),
    day=st.integers(min_value=0, max_value=99),
)
def test_a_date_written_right_that_is_no_day_is_called_no_day(
    year: int, month: int, day: int
) -> None:
    """`guidance --from 2016-02-30` said "is not a date written YYYY-MM-DD", though it is
    written so; a well-written day that does not exist is now called no day of the calendar."""
    text = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        dt.date(year, month, day)
    except ValueError:
        pass
    else:
        return  # a real day: nothing to say
    err = io.StringIO()
    with pytest.raises(SystemExit) as stopped, contextlib.redirect_stderr(err):
        main(["guidance", "--from", text, "--to", "2017-03-31"])
    assert stopped.value.code == 2
    assert f"'{text}' is written YYYY-MM-DD but is no day of the calendar" in err.getvalue()


@pytest.mark.parametrize("inside", [[], ["notes.txt"], ["print.pdf", "sub/"]])
def test_check_of_a_folder_with_no_form_says_nothing_was_checked(
    tmp_path: Path, inside: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`check inbox/x.docx` on an empty folder named x.docx printed nothing and exited 0, as if
    every form had passed; it now says nothing was checked, and exits 1."""
    folder = tmp_path / "x.docx"
    folder.mkdir()
    for name in inside:
        if name.endswith("/"):
            (folder / name).mkdir()
        else:
            (folder / name).write_text("not a form")
    assert main(["check", str(folder)]) == 1
    said = capsys.readouterr()
    assert said.out == ""
    assert said.err.startswith(f"Nothing was checked: {folder} holds no Word form (.docx"), said.err
