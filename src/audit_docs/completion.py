"""``audit-docs completion bash|zsh|powershell``: shell completion made from the parser.

The commands, their options and the values an option takes are read from the argparse
parser cli.py builds, so a new command or option completes without anyone touching this
module. Each script is a table (which words follow which command, which options take a
folder, a file or one of a few values) and a short function that finds the command typed so
far and offers what may follow. Folders and files are completed by the shell itself.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

SHELLS = ("bash", "zsh", "powershell")
#: the command names the scripts complete (``audit-docs.exe`` on Windows)
NAMES = ("audit-docs",)


@dataclass(frozen=True)
class Grammar:
    """What the parser accepts, as the completion scripts need it."""

    #: command path ("" for the top level, "forms draft") -> words that may follow it
    words: dict[str, list[str]]
    #: (command path, option) -> the values it takes
    choices: dict[tuple[str, str], list[str]]
    #: options that take a folder, a file, and any other value (a year, a date, a title)
    folders: list[str]
    files: list[str]
    values: list[str]


def grammar(parser: argparse.ArgumentParser) -> Grammar:
    """The commands, options and values of ``parser`` (cli._parser())."""
    from audit_docs.cli_parser import commands

    words: dict[str, list[str]] = {}
    choices: dict[tuple[str, str], list[str]] = {}
    folders: set[str] = set()
    files: set[str] = set()
    values: set[str] = set()
    for path, p in commands(parser):
        offered: list[str] = []
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                offered += list(action.choices)
            elif not action.option_strings:
                if action.choices:
                    offered += [str(c) for c in action.choices]
            else:
                offered += action.option_strings
                if action.nargs == 0:
                    continue
                if action.choices:
                    for option in action.option_strings:
                        choices[(path, option)] = [str(c) for c in action.choices]
                elif action.metavar == "DIR":
                    folders.update(action.option_strings)
                elif action.type is Path:
                    files.update(action.option_strings)
                else:
                    values.update(action.option_strings)
        words[path] = offered
    return Grammar(
        words, choices, sorted(folders), sorted(files - folders), sorted(values - files - folders)
    )


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for ``shell`` (one of :data:`SHELLS`)."""
    g = grammar(parser)
    return {"bash": _bash, "zsh": _zsh, "powershell": _powershell}[shell](g)


def _quoted(words: list[str]) -> str:
    return " ".join(words)


def _bash(g: Grammar) -> str:
    known = "|".join(f'"{p}"' for p in g.words if p)
    cases = "\n".join(f'        "{p}") words="{_quoted(w)}" ;;' for p, w in g.words.items())
    values = "\n".join(
        f'        "{p} {o}") COMPREPLY=($(compgen -W "{_quoted(c)}" -- "$cur")); return ;;'
        for (p, o), c in g.choices.items()
    )
    return f"""# audit-docs completion for bash: eval "$(audit-docs completion bash)" in ~/.bashrc
_audit_docs() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local cmd="" word next i words=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        [[ "$word" == -* ]] && continue
        next="${{cmd:+$cmd }}$word"
        case "$next" in
            {known}) cmd="$next" ;;
        esac
    done
    case "$cmd $prev" in
{values}
    esac
    case "$prev" in
        {"|".join(g.folders) or "--"}) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        {"|".join(g.files) or "--"}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        {"|".join(g.values) or "--"}) COMPREPLY=(); return ;;
    esac
    case "$cmd" in
{cases}
    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    if [[ "$cur" != -* ]]; then COMPREPLY+=($(compgen -f -- "$cur")); fi
}}
complete -o filenames -F _audit_docs {" ".join(NAMES)}
"""


def _zsh(g: Grammar) -> str:
    known = "|".join(f'"{p}"' for p in g.words if p)
    cases = "\n".join(f'        ("{p}") offered=({_quoted(w)}) ;;' for p, w in g.words.items())
    values = "\n".join(
        f'        ("{p} {o}") compadd -- {_quoted(c)}; return ;;' for (p, o), c in g.choices.items()
    )
    return f"""#compdef audit-docs
# audit-docs completion for zsh: eval "$(audit-docs completion zsh)" in ~/.zshrc, after compinit
_audit_docs() {{
    local cmd="" word next prev="${{words[CURRENT-1]}}"
    local -a offered
    for word in "${{(@)words[2,CURRENT-1]}}"; do
        [[ "$word" == -* ]] && continue
        next="${{cmd:+$cmd }}$word"
        case "$next" in
            ({known}) cmd="$next" ;;
        esac
    done
    case "$cmd $prev" in
{values}
    esac
    case "$prev" in
        ({"|".join(g.folders) or "--"}) _files -/; return ;;
        ({"|".join(g.files) or "--"}) _files; return ;;
        ({"|".join(g.values) or "--"}) return ;;
    esac
    case "$cmd" in
{cases}
    esac
    compadd -- "${{offered[@]}}"
    [[ "${{words[CURRENT]}}" != -* ]] && _files
}}
if [[ "${{zsh_eval_context[-1]}}" == loadautofunc ]]; then
    _audit_docs "$@"
else
    compdef _audit_docs {" ".join(NAMES)}
fi
"""


def _ps_list(words: list[str]) -> str:
    return "@(" + ", ".join(f"'{w}'" for w in words) + ")"


def _powershell(g: Grammar) -> str:
    words = "\n".join(f"        '{p}' = {_ps_list(w)}" for p, w in g.words.items())
    choices = "\n".join(f"        '{p} {o}' = {_ps_list(c)}" for (p, o), c in g.choices.items())
    names = ", ".join(f"'{n}', '{n}.exe'" for n in NAMES)
    return f"""# audit-docs completion for PowerShell: in your $PROFILE,
#   audit-docs completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName {names} -ScriptBlock {{
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @{{
{words}
    }}
    $choices = @{{
{choices}
    }}
    $takeValues = {_ps_list([*g.folders, *g.files, *g.values])}
    $typed = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object {{ $_.ToString() }})
    if ($wordToComplete -ne '' -and $typed.Count -gt 0) {{
        $typed = @($typed | Select-Object -First ($typed.Count - 1))
    }}
    $cmd = ''
    foreach ($word in $typed) {{
        if ($word.StartsWith('-')) {{ continue }}
        $next = if ($cmd) {{ "$cmd $word" }} else {{ $word }}
        if ($words.ContainsKey($next)) {{ $cmd = $next }}
    }}
    $prev = if ($typed.Count -gt 0) {{ $typed[-1] }} else {{ '' }}
    if ($choices.ContainsKey("$cmd $prev")) {{
        $offered = $choices["$cmd $prev"]
    }} elseif ($takeValues -contains $prev) {{
        return  # a folder, a file or a value typed: PowerShell offers paths itself
    }} else {{
        $offered = $words[$cmd]
    }}
    $offered | Where-Object {{ $_ -like "$wordToComplete*" }} | ForEach-Object {{
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }}
}}
"""
