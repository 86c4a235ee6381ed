"""A council's own details for its documents: ``audit-docs.toml``.

The file sits in the folder the command runs from (or is named by ``--settings`` or
AUDIT_DOCS_SETTINGS, which workspace.py reads), so a report carries the council's name, author and approver without
anyone editing a template. Every key is optional; a key audit-docs does not know, or a value
of the wrong kind, is refused with one sentence naming it, because a misspelt ``autor`` that
was silently ignored would publish a report without its author.

    [organisation]
    name = "Northbridge Borough Council"
    service = "Children's Services"
    logo = "logo.png"            # relative to the settings file

    [reports]
    author = "Quality Assurance Team"
    approved_by = "Head of Early Help"
    min_graded = 3               # graded audits an area needs before it is ranked

    [forms]
    main = "early-help-practice-audit"   # the form a document is about unless told otherwise
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from audit_docs.errors import UsageError

FILE_NAME = "audit-docs.toml"

#: table -> key -> (type, what a value looks like, for the sentence)
KEYS: dict[str, dict[str, tuple[type, str]]] = {
    "organisation": {
        "name": (str, 'text in quotes, e.g. name = "Northbridge Borough Council"'),
        "service": (str, 'text in quotes, e.g. service = "Children\'s Services"'),
        "logo": (str, 'a file name in quotes, e.g. logo = "logo.png"'),
    },
    "reports": {
        "author": (str, 'text in quotes, e.g. author = "Quality Assurance Team"'),
        "approved_by": (str, 'text in quotes, e.g. approved_by = "Head of Early Help"'),
        "min_graded": (int, "a whole number of at least 1, e.g. min_graded = 3"),
    },
    "forms": {
        "main": (str, 'the id of a form in quotes, e.g. main = "early-help-practice-audit"'),
    },
}


@dataclass(frozen=True)
class Settings:
    """What the settings file says; empty strings and None where it says nothing."""

    organisation: str = ""
    service: str = ""
    logo: Path | None = None
    author: str = ""
    approved_by: str = ""
    min_graded: int | None = None
    #: the id of the form a document is about unless told otherwise (None: the shipped one)
    main_form: str | None = None
    #: the file these came from (None: no settings file)
    source: Path | None = None


def settings_path(named: Path | None, cwd: Path | None = None) -> Path | None:
    """The settings file to read: the one named (the option, else the environment), else
    ./audit-docs.toml when it exists. A file named explicitly must exist."""
    if named is not None:
        if not named.is_file():
            raise UsageError(
                f"The settings file {named} does not exist; give --settings (or "
                "AUDIT_DOCS_SETTINGS) the path of an audit-docs.toml, or leave it out."
            )
        return named
    local = (cwd or Path.cwd()) / FILE_NAME
    return local if local.is_file() else None


def load_settings(given: Path | None = None, cwd: Path | None = None) -> Settings:
    """The settings in force for this run (all empty when there is no settings file)."""
    import tomllib

    path = settings_path(given, cwd)
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"The settings file {path} is not text saved as UTF-8; save it again as UTF-8 "
            "text (in Notepad: Save As, Encoding UTF-8)."
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(
            f"The settings file {path} cannot be read ({exc}); check the quotes and the "
            '[sections] against the example in README.md (key = "value", one a line).'
        ) from exc
    values = _checked(path, data)
    logo = values.get("logo")
    logo_path = (path.parent / str(logo)) if logo else None
    if logo_path is not None and not logo_path.is_file():
        raise UsageError(
            f"The logo {logo} named in {path} is not at {logo_path}; put the picture there "
            "(the path is relative to the settings file), or remove the logo line."
        )
    return Settings(
        organisation=str(values.get("name", "")).strip(),
        service=str(values.get("service", "")).strip(),
        logo=logo_path,
        author=str(values.get("author", "")).strip(),
        approved_by=str(values.get("approved_by", "")).strip(),
        min_graded=int(str(values["min_graded"])) if "min_graded" in values else None,
        main_form=str(values["main"]).strip() if "main" in values else None,
        source=path,
    )


def _checked(path: Path, data: Mapping[str, object]) -> dict[str, object]:
    """The values, flattened, after refusing unknown tables and keys and wrong types."""
    values: dict[str, object] = {}
    for table, content in data.items():
        if table not in KEYS or not isinstance(content, dict):
            known = " and ".join(f"[{t}]" for t in KEYS)
            raise UsageError(
                f"The settings file {path} has “{table}”, which audit-docs does not know; "
                f"it reads only {known}: correct the spelling or remove it."
            )
        for key, value in content.items():
            if key not in KEYS[table]:
                known = ", ".join(KEYS[table])
                raise UsageError(
                    f"The settings file {path} has “{key}” under [{table}], which audit-docs "
                    f"does not know; [{table}] takes {known}: correct the spelling or remove it."
                )
            kind, example = KEYS[table][key]
            wrong = not isinstance(value, kind) or isinstance(value, bool)
            if isinstance(value, int) and not wrong and value < 1:
                wrong = True
            if wrong:
                raise UsageError(
                    f"In the settings file {path}, {key} under [{table}] should be {example}."
                )
            values[key] = value
    return values
