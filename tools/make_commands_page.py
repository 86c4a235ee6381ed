"""Write docs/commands.md, the command reference, from the parser's own ``--help``.

    .venv/bin/python tools/make_commands_page.py

Run it after changing a command or an option; tests/test_docs.py fails while the page is
out of date, or when a command or option has no help text.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "commands.md"
#: the width the help is wrapped to on the page
WIDTH = 100

INTRO = """\
# Commands

Every command of `audit-docs`, with what `audit-docs COMMAND --help` prints. This page is
written by `tools/make_commands_page.py` from the commands themselves; do not edit it by hand.

Put completed audit forms (`.docx`, `.doc`, `.odt`) and Excel trackers (`.xlsx`) in the inbox
folder (`inbox/`, or `--inbox DIR`), in any sub-folders you like. audit-docs never deletes or
moves them. Any other file (a PDF print, a CSV export, a note) is listed by `ingest`, `files`
and `problems` with the reason it is not read.

Options that take a folder say `DIR`, a file `FILE`, either `PATH`. Every command takes
`--quiet` (only errors and the one-line result) and `--verbose` (each file as it is read,
and how long each step took). On a terminal, reading many files and building a report show
a progress bar (count, rate and time left) on standard error; a pipe or a log gets none.

## Shell completion

```
eval "$(audit-docs completion bash)"     # in ~/.bashrc
eval "$(audit-docs completion zsh)"      # in ~/.zshrc, after compinit
audit-docs completion powershell | Out-String | Invoke-Expression   # in $PROFILE
```
"""


def _help(parser: argparse.ArgumentParser) -> str:
    """``--help`` at a fixed width, whatever the terminal's (argparse reads $COLUMNS)."""
    parser.formatter_class = functools.partial(parser.formatter_class, width=WIDTH)  # type: ignore[assignment]
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        parser.print_help()
    return buffer.getvalue().rstrip()


def _statuses() -> str:
    from audit_docs.cli_parser import EXIT_STATUSES

    rows = ["| status | meaning |", "|---|---|"]
    rows += [f"| {code} | {meaning.replace('|', '/')} |" for code, meaning in EXIT_STATUSES]
    return "\n".join(rows)


def page() -> str:
    """The page's text, from the parser as it is now (help at a fixed width)."""
    from audit_docs.cli import _parser
    from audit_docs.cli_parser import commands

    parts = [INTRO, "## Exit status\n", _statuses(), ""]
    for name, parser in commands(_parser()):
        title = f"audit-docs {name}".strip()
        parts += [f"## {title}\n", "```", _help(parser), "```", ""]
    return "\n".join(parts)


def main() -> int:
    PAGE.write_text(page(), encoding="utf-8")
    print(f"Wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
