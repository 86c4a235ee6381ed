"""A suggested command reads back, word for word, in the shell the user typed it in."""

from __future__ import annotations

import shlex

from hypothesis import given
from hypothesis import strategies as st

from audit_docs.jobs.hints import command, quote, shell_of

#: what Windows allows in a file name (no " < > | : * ?), spaces, brackets and accents included
WINDOWS_NAME = st.text(
    st.characters(exclude_characters='"<>|:*?\x00', exclude_categories=("Cs", "Cc")),
    max_size=30,
)
ANY_WORD = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))
CMD_OPERATORS = set("&|<>^()%!")


def _windows_program_reads(line: str) -> list[str]:
    """How a Windows program splits its command line (Microsoft's C runtime rules)."""
    words: list[str] = []
    word, quoted, started, slashes = [], False, False, 0
    for ch in line:
        if ch == "\\":
            slashes += 1
            continue
        if ch == '"':
            word.append("\\" * (slashes // 2))
            if slashes % 2:
                word.append('"')
            else:
                quoted = not quoted
            started, slashes = True, 0
            continue
        word.append("\\" * slashes)
        slashes = 0
        if ch in " \t" and not quoted:
            if started:
                words.append("".join(word))
            word, started = [], False
            continue
        word.append(ch)
        started = True
    word.append("\\" * slashes)
    if started or slashes:
        words.append("".join(word))
    return words


def _outside_quotes(line: str) -> str:
    """What cmd.exe sees outside double quotes (where & | < > ^ ( ) % ! are operators)."""
    return "".join(part for i, part in enumerate(line.split('"')) if i % 2 == 0)


@given(ANY_WORD)
def test_a_posix_shell_reads_each_word_back(word: str) -> None:
    """A POSIX shell splits the quoted word into exactly that word."""
    assert shlex.split(quote(word, "posix")) == [word]


@given(WINDOWS_NAME)
def test_cmd_reads_each_file_name_back_and_runs_no_operator(word: str) -> None:
    """In cmd.exe a quoted file name reaches audit-docs whole, and none of its characters is
    taken for one of cmd's operators."""
    typed = quote(word, "cmd")
    assert _windows_program_reads(typed) == [word]
    assert not CMD_OPERATORS & set(_outside_quotes(typed))


@given(ANY_WORD)
def test_powershell_reads_each_word_back(word: str) -> None:
    """PowerShell reads a word quoted for it literally: plain, or in single quotes with each
    single quote doubled, so no $variable, `escape or @splat is expanded."""
    typed = quote(word, "powershell")
    if typed.startswith("'"):
        assert typed.endswith("'")
        inner = typed[1:-1]
        assert "'" not in inner.replace("''", "")
        assert inner.replace("''", "'") == word
    else:
        assert typed == word
        assert not set(typed) & set("$`@,;'\"(){}&|<> \t")


WINDOWS = {"ComSpec": r"C:\WINDOWS\system32\cmd.exe", "USERPROFILE": r"C:\Users\jo"}


def test_the_shell_is_told_from_the_environment() -> None:
    """PowerShell (its user modules in PSModulePath), cmd.exe (PROMPT, no user modules), Git
    Bash on Windows (MSYSTEM) and any system without COMSPEC (POSIX)."""
    system_modules = r"C:\Program Files\WindowsPowerShell\Modules"
    powershell = WINDOWS | {
        "PSModulePath": rf"C:\Users\Jo\Documents\WindowsPowerShell\Modules;{system_modules}"
    }
    cmd = WINDOWS | {"PSModulePath": system_modules, "PROMPT": "$P$G"}
    assert shell_of(powershell) == "powershell"
    assert shell_of(cmd) == "cmd"
    assert shell_of(cmd | {"MSYSTEM": "MINGW64"}) == "posix"
    assert shell_of({"SHELL": "/bin/zsh", "HOME": "/Users/jo"}) == "posix"
    assert shell_of({}) == "posix"


def test_a_suggested_command_is_typed_for_the_users_shell() -> None:
    """The next step keeps the program as typed and the user's --store, quoted per shell;
    PowerShell runs a quoted program only after `&`."""
    argv = ["/home/jo bloggs/.local/bin/audit-docs", "ingest", "--store", "my store.sqlite"]
    assert command("problems", argv=argv, shell="posix") == (
        "'/home/jo bloggs/.local/bin/audit-docs' problems --store 'my store.sqlite'"
    )
    assert command("problems", argv=argv, shell="powershell") == (
        "& '/home/jo bloggs/.local/bin/audit-docs' problems --store 'my store.sqlite'"
    )
    assert command("problems", argv=argv, shell="cmd") == (
        '"/home/jo bloggs/.local/bin/audit-docs" problems --store "my store.sqlite"'
    )
    assert command("files", argv=["audit-docs", "ingest"], shell="powershell") == (
        "audit-docs files"
    )
