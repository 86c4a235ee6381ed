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

    [tools]
    soffice = "D:/Apps/LibreOffice/program/soffice.exe"   # when not installed where usual

The file is read like any file that may have been tampered with: at most
:data:`MAX_SETTINGS_BYTES`, nesting too deep for the parser is a sentence, and the logo must
be a PNG, JPEG, GIF or BMP picture (judged by its bytes, not its name) of at most
:data:`MAX_LOGO_BYTES` and :data:`MAX_LOGO_PIXELS` a side. Whoever can write this file
chooses the LibreOffice program audit-docs runs, so keep it out of the inbox.
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
    "tools": {
        "soffice": (
            str,
            "the path of LibreOffice's program in quotes, e.g. "
            'soffice = "C:/Program Files/LibreOffice/program/soffice.exe"',
        ),
    },
}

#: a settings file is a few hundred bytes; anything this large is not one
MAX_SETTINGS_BYTES = 64 * 1024
#: a logo shown 4 cm wide on a cover: a few hundred KB at most in practice
MAX_LOGO_BYTES = 5 * 1024 * 1024
#: pixels a side: more than any printed logo needs, and what Word and LibreOffice decode
#: without trouble (a small file can declare a picture of billions of pixels)
MAX_LOGO_PIXELS = 10_000
#: the picture kinds a Word cover takes everywhere, by the bytes they start with
LOGO_KINDS = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"BM": "BMP",
}
#: the names LibreOffice's program goes by, with or without an extension
SOFFICE_NAMES = ("soffice", "libreoffice")


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
    #: LibreOffice's program ([tools] soffice), absolute; None: looked for where installed
    soffice: Path | None = None
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
    path = settings_path(given, cwd)
    if path is None:
        return Settings()
    data = _parsed(path)
    values = _checked(path, data)
    logo = values.get("logo")
    logo_path = (path.parent / str(logo)) if logo else None
    if logo_path is not None:
        read_logo(logo_path, path)
    program = values.get("soffice")
    return Settings(
        organisation=str(values.get("name", "")).strip(),
        service=str(values.get("service", "")).strip(),
        logo=logo_path,
        author=str(values.get("author", "")).strip(),
        approved_by=str(values.get("approved_by", "")).strip(),
        min_graded=int(str(values["min_graded"])) if "min_graded" in values else None,
        main_form=str(values["main"]).strip() if "main" in values else None,
        soffice=_soffice(path, str(program)) if program else None,
        source=path,
    )


def _parsed(path: Path) -> dict[str, object]:
    """The settings file's tables, read within :data:`MAX_SETTINGS_BYTES`."""
    import tomllib

    with path.open("rb") as fh:
        raw = fh.read(MAX_SETTINGS_BYTES + 1)
    if len(raw) > MAX_SETTINGS_BYTES:
        raise UsageError(
            f"The settings file {path} is larger than {MAX_SETTINGS_BYTES // 1024} KB, far "
            'larger than any settings file (a few lines of key = "value"), so it was not '
            "read; check that --settings names the right file."
        )
    try:
        return tomllib.loads(raw.decode("utf-8"))
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
    except RecursionError:
        raise UsageError(
            f"The settings file {path} nests brackets too deeply to be read; a settings file "
            'holds only [sections] and key = "value" lines: check that --settings names the '
            "right file."
        ) from None


def read_logo(logo: Path, settings: Path | None = None) -> bytes:
    """The logo's bytes, or a sentence when it is not a PNG, JPEG, GIF or BMP picture of a
    sensible size (judged by its bytes, not its name)."""
    where = f" named in {settings}" if settings is not None else ""
    fix = "or remove the logo line" if settings is not None else "or choose another picture"
    try:
        with logo.open("rb") as fh:
            data = fh.read(MAX_LOGO_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(
            f"The logo {logo.name}{where} is not at {logo}; put the picture there (the path "
            f"is relative to the settings file), {fix}."
        ) from None
    except OSError as exc:
        raise UsageError(
            f"The logo {logo}{where} cannot be opened ({(exc.strerror or 'an error').lower()}); "
            f"check it is a picture file you may read, {fix}."
        ) from None
    problem = _logo_problem(data)
    if problem:
        raise UsageError(
            f"The logo {logo}{where} {problem}; save it as a PNG or JPEG picture of at most "
            f"{MAX_LOGO_BYTES // (1024 * 1024)} MB and {MAX_LOGO_PIXELS:,} pixels a side, {fix}."
        )
    return data


def _logo_problem(data: bytes) -> str | None:
    """What is wrong with a logo's bytes, in words; None when it is a picture Word shows."""
    if len(data) > MAX_LOGO_BYTES:
        return f"is larger than {MAX_LOGO_BYTES // (1024 * 1024)} MB"
    head = data[:512].lstrip()
    if not data:
        return "is empty (0 bytes)"
    if head.startswith(b"<") and b"<svg" in data[:4096].lower():
        return "is an SVG drawing, which a Word cover cannot hold everywhere"
    if not any(data.startswith(magic) for magic in LOGO_KINDS):
        return "is not a PNG, JPEG, GIF or BMP picture"
    from docx.image.image import Image

    try:
        image = Image.from_blob(data)
        width, height = image.px_width, image.px_height
    except Exception:  # any way python-docx fails on a damaged picture's header
        return "is damaged (its picture header cannot be read)"
    if max(width, height) > MAX_LOGO_PIXELS or min(width, height) < 1:
        return f"is {width:,} × {height:,} pixels"
    return None


def _soffice(settings: Path, given: str) -> Path:
    """``[tools] soffice``, absolute (relative to the settings file), checked to be there and
    to be LibreOffice's program by its name."""
    program = (settings.parent / given).absolute()
    stem = program.name.lower().split(".", 1)[0]
    if stem not in SOFFICE_NAMES:
        raise UsageError(
            f"In the settings file {settings}, soffice under [tools] names {program.name}, "
            "which is not LibreOffice's program; give the path of soffice (soffice.exe on "
            'Windows), e.g. soffice = "C:/Program Files/LibreOffice/program/soffice.exe".'
        )
    if not program.is_file():
        raise UsageError(
            f"LibreOffice's program {program}, named under [tools] in {settings}, is not "
            "there; correct the path (or remove the line to look in the usual places)."
        )
    return program


def _heading_of(key: str) -> str | None:
    """The heading a key belongs under, for a key written above every heading."""
    return next((table for table, keys in KEYS.items() if key in keys), None)


def _checked(path: Path, data: Mapping[str, object]) -> dict[str, object]:
    """The values, flattened, after refusing unknown tables and keys and wrong types."""
    values: dict[str, object] = {}
    for table, content in data.items():
        if table in KEYS and not isinstance(content, dict):
            raise UsageError(
                f"The settings file {path} gives “{table}” a value; write [{table}] as a "
                f"heading on a line of its own, with its keys (key = value) on the lines under it."
            )
        under = _heading_of(table)
        if under is not None:
            raise UsageError(
                f"The settings file {path} has “{table}” above every heading; put it under "
                f"[{under}] (the heading on a line of its own, then {table} = … below it)."
            )
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
