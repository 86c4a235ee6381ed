"""The documentation tells the truth: every command and option has help text, the command
reference (docs/commands.md) is the help as it is now, and every `audit-docs …` command
shown in README.md and docs/*.md runs as written against the sample inbox."""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
from pathlib import Path

import pytest

from audit_docs.cli import _parser, main
from audit_docs.cli_parser import commands

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "inbox"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def test_every_command_and_option_has_help_text() -> None:
    """A command without a description or an option without help fails here."""
    for name, parser in commands(_parser()):
        assert parser.description, f"`audit-docs {name}` has no description"
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    assert choice.help, f"`audit-docs {name} {choice.dest}` has no help"
            elif action.help is None:
                what = action.option_strings[0] if action.option_strings else action.metavar
                pytest.fail(f"`audit-docs {name}` {what} has no help")


def test_commands_page_is_up_to_date() -> None:
    """docs/commands.md is what tools/make_commands_page.py writes from the parser now."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from make_commands_page import PAGE, page
    finally:
        sys.path.remove(str(ROOT / "tools"))

    # argparse aligns and wraps its columns a little differently from one Python to the next
    # (3.13 narrowed them): the words must be the same, the spaces and line breaks may differ
    def words(text: str) -> list[str]:
        return text.split()

    assert words(PAGE.read_text(encoding="utf-8")) == words(page()), (
        "docs/commands.md is out of date: run .venv/bin/python tools/make_commands_page.py"
    )


def shown_commands() -> list[tuple[str, str]]:
    """(page, command line) for each `audit-docs …` line in a fenced block of the pages,
    the shell's redirections, pipes and comments left off."""
    found = []
    for page in PAGES:
        inside = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith("```"):
                inside = not inside
                continue
            text = line.strip().removeprefix("$ ")
            if inside and re.match(r"(\S*/)?audit-docs\s", text):
                command = re.split(r"\s[|>#]", text, maxsplit=1)[0]
                found.append((page.relative_to(ROOT).as_posix(), command))
    return found


#: a sample form, as `audit-docs files` names it
A_FORM = "forms/" + sorted((SAMPLE / "forms").glob("*.docx"))[0].name
#: words the pages write for a reader's own files, and what the test puts there
PLACEHOLDERS = {
    "/shared/qa/inbox": "inbox",
    "/shared/qa/audits.sqlite": "var/audits.sqlite",
    "forms/audit-010 (old).docx": A_FORM,
    "PATH": A_FORM,
    "FILE": "inbox/forms/case-123.docx",
    "DIR": "inbox",
    "examples/inbox": "inbox",
}


def _workspace(folder: Path) -> None:
    """A folder as the pages assume: the sample inbox (with a case-123 form), settings, a
    blank form of the council's own, an outbox."""
    shutil.copytree(SAMPLE, folder / "inbox")
    form = sorted((SAMPLE / "forms").glob("*.docx"))[0]
    shutil.copy(form, folder / "inbox" / "forms" / "case-123.docx")
    shutil.copy(ROOT / "examples" / "audit-docs.toml", folder / "audit-docs.toml")
    blank = sorted((ROOT / "examples" / "blank-forms").glob("*.docx"))[0]
    shutil.copy(blank, folder / "our-blank-form.docx")
    (folder / "outbox").mkdir()
    (folder / "forms").mkdir()


def _argv(command: str) -> list[str]:
    words = shlex.split(command)[1:]
    return [PLACEHOLDERS.get(w, w) for w in words]


def _order(item: tuple[str, str]) -> int:
    """Drafting a definition comes before checking it or making a blank from it."""
    return 0 if " forms draft " in f" {item[1]} " else 1


@pytest.mark.slow
def test_every_command_shown_in_the_docs_runs(tmp_path: Path, monkeypatch, capsys) -> None:
    """Each command in README.md and docs/*.md, run in a folder holding the sample inbox,
    exits 0, or 1 where the page's command checks a form with problems; never 2."""
    shown = sorted(shown_commands(), key=_order)
    assert len(shown) >= 3
    _workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    has_office = shutil.which("soffice") or shutil.which("libreoffice")
    for page, command in shown:
        if re.search(r"\.(doc|odt)\b", command) and not has_office:
            continue  # an old Word or OpenDocument form is converted with LibreOffice
        status = main(_argv(command))
        said = capsys.readouterr()
        assert status in (0, 1), f"{page}: `{command}` exited {status}: {said.err}"
        if status == 1:
            assert _argv(command)[0] in {"check", "forms"}, (page, command, said.err)
