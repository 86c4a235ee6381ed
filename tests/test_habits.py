"""The command line as people who use tools expect it (issue 25): progress on a terminal only,
--quiet and --verbose, completion, "did you mean", exit statuses with one meaning each, file
kinds by what the file is, and next steps that name commands that exist."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit_docs.cli import _parser, main
from audit_docs.cli_parser import EXIT_STATUSES, commands
from audit_docs.completion import SHELLS, script
from audit_docs.jobs.read_forms import read_files
from tests.builders.wordform import simple_docx, write_copies

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "inbox"


class Terminal(io.StringIO):
    """Standard error as a terminal someone watches."""

    def isatty(self) -> bool:
        return True


def _places(tmp_path: Path, inbox: Path | None = None) -> list[str]:
    return [
        "--inbox",
        str(inbox or tmp_path / "inbox"),
        "--store",
        str(tmp_path / "audits.sqlite"),
        "--outbox",
        str(tmp_path / "outbox"),
    ]


# progress --------------------------------------------------------------------------------


def test_reading_shows_a_bar_with_count_rate_and_time_left_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal the reading shows tqdm's bar: the count of N, a rate and time left."""
    files = write_copies(tmp_path, 25)
    err = Terminal()
    list(read_files(files, err, workers=1))
    shown = err.getvalue()
    assert "reading" in shown
    assert "/25" in shown
    assert "files/s" in shown  # the rate (tqdm: "? files/s" before the first measure)
    assert "<" in shown  # elapsed<time left


def test_one_file_for_libreoffice_is_enough_for_a_bar(tmp_path: Path, monkeypatch) -> None:
    """A .doc or .odt is converted with LibreOffice, seconds each: even one shows the bar."""
    from audit_docs.jobs import read_forms
    from audit_docs.records import FileFailure

    def converted(_forms: object, path: Path) -> FileFailure:
        return FileFailure(path.name, None, f"{path.name}: could not be converted.", "x")

    monkeypatch.setattr(read_forms, "_safe_read", converted)
    err = Terminal()
    list(read_files([tmp_path / "old.doc"], err, workers=1))
    assert "0/1 [" in err.getvalue()  # the bar, drawn before the first file is done
    err = Terminal()
    list(read_files([tmp_path / "new.docx"], err, workers=1))
    assert err.getvalue() == ""


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="no pseudo-terminals here")
def test_ingest_on_a_real_terminal_shows_the_bar_and_in_a_pipe_does_not(tmp_path: Path) -> None:
    """The command itself, its standard error a terminal (a pseudo-terminal with no size,
    the hardest case) and then a pipe: the bar in the first only."""
    import os
    import sys

    write_copies(tmp_path / "inbox", 24)
    argv = [sys.executable, "-m", "audit_docs", "ingest", *_places(tmp_path)]
    leader, follower = os.openpty()
    try:
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=follower, check=True, timeout=300)
        os.close(follower)
        follower = -1
        shown = b""
        while chunk := _read_some(leader):
            shown += chunk
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    assert b"reading" in shown
    assert b"24/24" in shown or b"/24 [" in shown
    assert b"files/s" in shown
    (tmp_path / "audits.sqlite").unlink()
    piped = subprocess.run(argv, capture_output=True, check=True, timeout=300)
    assert piped.stderr == b""


def _read_some(fd: int) -> bytes:
    import os

    try:
        return os.read(fd, 65536)
    except OSError:  # the terminal's other end is closed: everything has been read
        return b""


@pytest.mark.parametrize(("terminal", "verbosity"), [(False, "normal"), (True, "quiet")])
def test_no_progress_off_a_terminal_or_when_quiet(
    tmp_path: Path, terminal: bool, verbosity: str
) -> None:
    """A pipe or log gets no bar, and --quiet none on a terminal either."""
    files = write_copies(tmp_path, 25)
    err = Terminal() if terminal else io.StringIO()
    list(read_files(files, err, workers=1, verbosity=verbosity))  # type: ignore[arg-type]
    assert err.getvalue() == ""


def test_verbose_names_each_file_with_its_seconds(tmp_path: Path) -> None:
    """--verbose: a line per file as it is read, with the seconds it took, even in a log."""
    files = write_copies(tmp_path, 3)
    err = io.StringIO()
    list(read_files(files, err, workers=1, verbosity="verbose"))
    lines = err.getvalue().splitlines()
    assert len(lines) == 3
    for path, line in zip(files, lines, strict=True):
        assert re.fullmatch(rf"read {re.escape(str(path))} \(\d+\.\d\d s\)", line)


def test_quiet_ingest_prints_one_line_and_verbose_names_files(tmp_path: Path, capsys) -> None:
    """ingest --quiet: the one-line result only; --verbose: each file read, and the summary."""
    write_copies(tmp_path / "inbox", 2)
    assert main(["ingest", "--quiet", *_places(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "2 files read, 2 audits added.\n"
    assert captured.err == ""
    write_copies(tmp_path / "inbox", 3)  # the third is new
    assert main(["ingest", "--verbose", *_places(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "read " in captured.err
    assert "case-00003.docx" in captured.err
    assert "Ingested" in captured.out


def test_report_stages_are_shown_and_timed_under_verbose(tmp_path: Path, capsys) -> None:
    """annual-report --verbose says how long gathering, the figures and rendering took;
    --quiet says only where the report was written."""
    args = ["annual-report", "--year", "2016", *_places(tmp_path, SAMPLE)]
    assert main([*args, "--verbose"]) == 0
    err = capsys.readouterr().err
    for stage in ("gathering", "computing figures", "rendering"):
        assert re.search(rf"^{stage}: \d+\.\d\d s$", err, re.M), err
    assert main([*args, "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Annual report for ")
    assert "Ingested" not in captured.out
    assert captured.err == ""


def test_every_command_takes_quiet_and_verbose() -> None:
    """--quiet and --verbose are options of every command that runs something."""
    for name, parser in commands(_parser()):
        if not name or parser._subparsers is not None:
            continue
        options = {o for a in parser._actions for o in a.option_strings}
        assert {"--quiet", "--verbose", "-q", "-v"} <= options, name


# completion ------------------------------------------------------------------------------


def _every_word() -> tuple[set[str], set[str]]:
    subcommands, options = set(), set()
    for name, parser in commands(_parser()):
        if name:
            subcommands.add(name.split()[-1])
        options |= {o for a in parser._actions for o in a.option_strings}
    return subcommands, options


@pytest.mark.parametrize("shell", SHELLS)
def test_completion_names_every_command_and_option(shell: str, capsys) -> None:
    """bash, zsh and PowerShell scripts name every sub-command and every option."""
    assert main(["completion", shell]) == 0
    text = capsys.readouterr().out
    subcommands, options = _every_word()
    assert {"annual-report", "forms", "draft", "completion", "templates"} <= subcommands
    for word in subcommands | options:
        assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), (shell, word)
    if shell == "powershell":
        assert "Register-ArgumentCompleter" in text


def _bash_complete(line: str) -> list[str]:
    """What bash offers after ``line`` with the generated script loaded."""
    words = line.split(" ")
    program = (
        script("bash", _parser())
        + f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        + '_audit_docs; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "-c", program], capture_output=True, text=True, check=True, timeout=30
    )
    return done.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_bash_completes_commands_options_and_values() -> None:
    """bash completes a command, a command's option and an option's values."""
    assert _bash_complete("audit-docs ann") == ["annual-report"]
    assert "--year" in _bash_complete("audit-docs annual-report --y")
    assert _bash_complete("audit-docs annual-report --charts ") == ["native", "picture"]
    assert _bash_complete("audit-docs files --format j") == ["json"]
    assert set(_bash_complete("audit-docs forms ")) >= {"draft", "check", "blank", "list"}
    assert _bash_complete("audit-docs annual-report --year ") == []  # a year is typed


# did you mean ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["anual-report"],
            "audit-docs: unknown command ‘anual-report’; did you mean annual-report?",
        ),
        (
            ["annual-report", "--yaer", "2016"],
            "audit-docs annual-report: unknown option --yaer; did you mean --year?",
        ),
        (["forms", "drat"], "audit-docs forms: unknown command ‘drat’; did you mean draft?"),
        (
            ["files", "--formt", "json"],
            "audit-docs files: unknown option --formt; did you mean --format?",
        ),
    ],
)
def test_mistyped_command_or_option_gets_the_nearest_one(
    argv: list[str], said: str, capsys
) -> None:
    """One line naming the nearest command or option, exit status 2, no usage dump."""
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert capsys.readouterr().err == said + "\n"


def test_abbreviations_and_values_that_look_like_options_still_work() -> None:
    """A unique prefix (--ye) and short options together (-q) are not 'unknown'."""
    args = _parser().parse_args(["annual-report", "--ye", "2016", "-q"])
    assert (args.year, args.verbosity) == ("2016", "quiet")


# exit statuses ---------------------------------------------------------------------------


def test_exit_table_in_help_and_in_the_commands_page(capsys) -> None:
    """The exit statuses are in `audit-docs --help` and in docs/commands.md, the same ones."""
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    page = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    for code, _meaning in EXIT_STATUSES:
        assert re.search(rf"^  {code}\s", text, re.M), code
        assert f"| {code} |" in page


def _inbox_with_two_refused(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLE, inbox)
    (inbox / "damaged.docx").write_bytes(b"PK\x03\x04 not really a form")
    (inbox / "damaged.xlsx").write_bytes(b"not a workbook")
    return inbox


def test_annual_report_with_two_refused_files_writes_the_report_and_exits_1(
    tmp_path: Path, capsys
) -> None:
    """Refused Word or Excel files in the inbox: the report is written, exit status 1."""
    inbox = _inbox_with_two_refused(tmp_path)
    status = main(["annual-report", "--year", "2016", *_places(tmp_path, inbox)])
    out = capsys.readouterr().out
    assert status == 1
    assert (tmp_path / "outbox" / "annual-report-2016-17.docx").is_file()
    assert "2 Word or Excel files refused" in out


def test_refused_files_exit_1_where_the_table_says_and_0_where_they_are_listed(
    tmp_path: Path,
) -> None:
    """ingest and guidance exit 1 with refused files in the inbox; problems and files,
    whose work is to list them, exit 0."""
    places = _places(tmp_path, _inbox_with_two_refused(tmp_path))
    assert main(["ingest", "-q", *places]) == 1
    assert main(["guidance", "--from", "2016-04-01", "--to", "2017-03-31", "-q", *places]) == 1
    assert main(["problems", "-q", *places]) == 0
    assert main(["files", "-q", *places]) == 0


def test_exit_status_of_each_command_on_the_sample_inbox(tmp_path: Path) -> None:
    """Every command on the sample inbox (nothing refused) exits 0."""
    places = _places(tmp_path, SAMPLE)
    for argv in (
        ["ingest"],
        ["problems"],
        ["files"],
        ["export", "--format", "json", "--output", str(tmp_path / "export.json")],
        ["guidance", "--from", "2016-04-01", "--to", "2017-03-31"],
        ["commentary", "--year", "2016", "--commentary", str(tmp_path / "commentary")],
        ["forget", "forms/no-such-file.docx"],
    ):
        status = main([*argv, "--quiet", *places])
        assert status == (2 if argv[0] == "forget" else 0), argv
    assert main(["forms", "list", "-q"]) == 0
    assert main(["extract", "-q", str(SAMPLE / "trackers")]) == 0
    assert main(["templates", "check", "-q", *places]) == 0
    assert main(["completion", "bash"]) == 0


def test_extract_exits_1_for_a_file_it_cannot_read(tmp_path: Path, capsys) -> None:
    (tmp_path / "damaged.docx").write_bytes(b"PK\x03\x04 torn")
    assert main(["extract", "-q", str(tmp_path / "damaged.docx")]) == 1
    assert "damaged.docx" in capsys.readouterr().err


def test_check_exits_0_for_an_unknown_column_note(tmp_path: Path) -> None:
    """A tracker with a column audit-docs does not know is noted, not a problem."""
    from openpyxl import load_workbook

    source = next((SAMPLE / "trackers").glob("*.xlsx"))
    book = load_workbook(source)
    assert main(["check", "-q", str(source)]) == 0
    sheet = book.worksheets[0]
    header_row = next(
        r for r in range(1, 15) if sum(1 for c in sheet[r] if c.value not in (None, "")) >= 3
    )
    sheet.cell(header_row, sheet.max_column + 1, "Officer's private note")
    target = tmp_path / source.name
    book.save(target)
    out = io.StringIO()
    from audit_docs.jobs.read_forms import check

    assert check([target], out=out, err=io.StringIO()) == 0, out.getvalue()
    assert "Officer's private note" in out.getvalue()


def test_stopped_runs_exit_130_and_143(monkeypatch, tmp_path: Path) -> None:
    """Ctrl-C is 128 + SIGINT, a request to end 128 + SIGTERM, as the table says."""
    import signal

    from audit_docs.errors import Stopped
    from audit_docs.jobs import ingest

    def stop_by(exc: BaseException):
        def raise_it(_ws):
            raise exc

        return raise_it

    monkeypatch.setattr(ingest, "ingest_command", stop_by(KeyboardInterrupt()))
    assert main(["ingest", *_places(tmp_path, SAMPLE)]) == 130
    monkeypatch.setattr(ingest, "ingest_command", stop_by(Stopped(signal.SIGTERM)))
    assert main(["ingest", *_places(tmp_path, SAMPLE)]) == 143


# files and the inbox ---------------------------------------------------------------------


def test_files_kinds_say_what_the_file_is(tmp_path: Path, capsys) -> None:
    """A letter and a damaged form are documents, a workbook with no tracker a workbook."""
    from openpyxl import Workbook

    inbox = tmp_path / "inbox"
    write_copies(inbox, 1)
    (inbox / "letter.docx").write_bytes(simple_docx("Dear Sir or Madam,", "Yours faithfully"))
    (inbox / "damaged.docx").write_bytes(b"PK\x03\x04 torn")
    book = Workbook()
    book.active.append(["Budget", "2016"])  # type: ignore[union-attr]
    book.save(inbox / "budget.xlsx")
    (inbox / "notes.txt").write_text("call back Tuesday", encoding="utf-8")
    main(["files", "--format", "json", "-q", *_places(tmp_path)])
    kinds = {row["path"]: row["kind"] for row in json.loads(capsys.readouterr().out)}
    assert kinds == {
        "case-00001.docx": "form",
        "letter.docx": "document",
        "damaged.docx": "document",
        "budget.xlsx": "workbook",
        "notes.txt": "other",
    }
    contract = (ROOT / "docs" / "contracts" / "files-json.md").read_text(encoding="utf-8")
    for kind in ("form", "tracker", "document", "workbook", "other"):
        assert f'`"{kind}"`' in contract


def test_nothing_shipped_in_the_inbox_is_counted(tmp_path: Path, capsys) -> None:
    """The project's inbox/ holds only what the ingest passes over without a word."""
    shipped = [p for p in (ROOT / "inbox").rglob("*") if p.is_file()]
    assert [p.name for p in shipped] == [".gitkeep"]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / ".gitkeep").write_bytes(b"")
    write_copies(inbox, 1)
    assert main(["ingest", *_places(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "1 file in the inbox" in out
    assert ".gitkeep" not in out


# next steps ------------------------------------------------------------------------------


def test_a_year_with_nothing_says_run_this_command_again_to_commentary(
    tmp_path: Path, capsys
) -> None:
    """commentary for a year the store holds nothing for does not speak of 'the report'."""
    argv = ["commentary", "--year", "2030", "--commentary", str(tmp_path / "c")]
    assert main([*argv, "-q", *_places(tmp_path, SAMPLE)]) == 2
    err = capsys.readouterr().err
    assert "2030-31" in err
    assert "run this command again" in err
    assert "the report again" not in err


def test_commentary_names_the_command_that_builds_the_document_with_it(
    tmp_path: Path, capsys
) -> None:
    argv = ["commentary", "--from", "2016-04-01", "--to", "2017-03-31"]
    assert main([*argv, "--commentary", str(tmp_path / "c"), *_places(tmp_path, SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "run `audit-docs guidance --from 2016-04-01 --to 2017-03-31" in out


def test_empty_inbox_suggests_make_demo_only_to_someone_using_make(tmp_path: Path) -> None:
    from audit_docs.documents.annual_report import empty_inbox

    assert "`make demo`" in empty_inbox(tmp_path, via_make=True)
    assert "`audit-docs demo`" in empty_inbox(tmp_path, via_make=False)


def test_problems_does_not_tell_the_user_to_run_problems(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "inbox"
    write_copies(inbox, 1)  # a notice: a file with problems
    assert main(["problems", *_places(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "1 file with problems" in out
    assert "problems`" not in out


@pytest.mark.parametrize(
    "argv", [["annual-report", "--year", "2016"], ["commentary", "--year", "2016"]]
)
def test_empty_inbox_names_the_demo_command_and_this_command(
    tmp_path: Path, argv: list[str], capsys
) -> None:
    """Installed with pip, there is no Makefile: the demo is `audit-docs demo`; and the
    commentary is not 'the report'."""
    (tmp_path / "inbox").mkdir()
    assert main([*argv, *_places(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "`audit-docs demo`" in err
    assert "make demo" not in err
    assert "run the report again" not in err
    assert "run this command again" in err


# did you mean, by principle --------------------------------------------------------------

_TOP = [name for name, _p in commands(_parser()) if name and " " not in name]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_one_letter_slip_in_a_command_names_it(data: st.DataObject) -> None:
    """A command with one letter left out, doubled or two letters swapped is suggested back
    (when the slip is not itself closer to another command)."""
    import difflib

    name = data.draw(st.sampled_from(_TOP))
    i = data.draw(st.integers(0, len(name) - 2))
    slip = data.draw(
        st.sampled_from(
            [
                name[:i] + name[i + 1 :],
                name[:i] + name[i] + name[i:],
                name[:i] + name[i + 1] + name[i] + name[i + 2 :],
            ]
        )
    )
    if slip in _TOP:
        return
    nearest = difflib.get_close_matches(slip, _TOP, n=1)
    err = io.StringIO()
    with pytest.raises(SystemExit) as stop, contextlib.redirect_stderr(err):
        _parser().parse_args([slip])
    assert stop.value.code == 2
    assert err.getvalue().count("\n") == 1  # one line
    assert f"did you mean {nearest[0]}?" in err.getvalue()
    assert nearest[0] == name or _closer_or_tied(slip, nearest[0], name)


def _closer_or_tied(slip: str, other: str, name: str) -> bool:
    import difflib

    ratio = difflib.SequenceMatcher(None, slip, other).ratio()
    return ratio >= difflib.SequenceMatcher(None, slip, name).ratio()


_LONG_OPTIONS = sorted(
    {
        (name, option)
        for name, parser in commands(_parser())
        if name and parser._subparsers is None
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and len(option) > 5
    }
)


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_any_slip_in_an_option_is_an_unknown_option_with_a_suggestion(
    data: st.DataObject,
) -> None:
    """A long option with one letter left out or two swapped is named as unknown with the
    nearest option, before argparse would say a required option is missing."""
    name, option = data.draw(st.sampled_from(_LONG_OPTIONS))
    i = data.draw(st.integers(2, len(option) - 3))
    slip = data.draw(
        st.sampled_from(
            [option[:i] + option[i + 1 :], option[:i] + option[i + 1] + option[i] + option[i + 2 :]]
        )
    )
    parser = dict(commands(_parser()))[name]
    known = parser._option_string_actions
    if slip == option or any(k.startswith(slip) for k in known):
        return  # not a slip, or an abbreviation argparse accepts
    err = io.StringIO()
    with pytest.raises(SystemExit) as stop, contextlib.redirect_stderr(err):
        _parser().parse_args([*name.split(), slip, "x"])
    said = err.getvalue()
    assert stop.value.code == 2
    assert said.startswith(f"audit-docs {name}: unknown option {slip}; did you mean --"), said
    assert "required" not in said
