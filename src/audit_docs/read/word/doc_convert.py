"""Old Word 97-2003 ``.doc`` and OpenDocument ``.odt`` forms, converted to .docx with
LibreOffice when it is installed (a form filled in LibreOffice is saved as .odt by default).

A form comes from whoever can write to the inbox, so LibreOffice is run as on hostile input:

- the file's name never reaches its command line: the bytes already read (and hashed) are
  written into a private folder under a fixed name, and that absolute path is converted, so
  a name such as ``--accept=socket,…;urp;.odt`` is never taken as an option, and what is
  converted is what was hashed;
- each conversion has a fresh profile of its own (:func:`write_profile`): macros off, links
  never updated, linked pictures from untrusted places never fetched;
- LibreOffice runs in a process group of its own, watched by a small process that ends the
  whole group on time-out, on error, on Ctrl-C or a stop request, and when the process that
  asked for the conversion dies in any way (converter.py), so no ``soffice.bin`` outlives
  the run.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from audit_docs.errors import UnreadableFile
from audit_docs.read.word.converter import run_converter

#: what each convertible kind is called in a sentence, and its reason code's stem
_NAMES = {
    "doc": ("an old Word 97-2003 (.doc) file", "doc"),
    "odt": ("an OpenDocument text (.odt) file", "odt"),
}
#: the start of an OpenDocument text file: its first zip entry, "mimetype", stored unpacked
ODT_MAGIC = b"mimetypeapplication/vnd.oasis.opendocument.text"

#: LibreOffice starts slowly the first time; a form converts in a few seconds
CONVERT_TIMEOUT_S = 120

#: the names LibreOffice's program goes by, on the PATH and in its program folder
PROGRAM_NAMES = ("soffice", "libreoffice")
#: where the installers put it, below Program Files (Windows) and Applications (macOS)
WINDOWS_PROGRAM = Path("LibreOffice", "program", "soffice.exe")
MAC_PROGRAM = Path("LibreOffice.app", "Contents", "MacOS", "soffice")
#: the Windows folders when nothing says otherwise (%ProgramFiles%, %ProgramFiles(x86)%)
PROGRAM_FILES = (Path("C:/Program Files"), Path("C:/Program Files (x86)"))
#: the environment variables that name them, for :meth:`InstallPlaces.from_environment`
PROGRAM_FILES_VARIABLES = ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")

#: LibreOffice settings of every conversion's fresh profile (officecfg names, LibreOffice 6+):
#: path, property, value
PROFILE_SETTINGS = (
    # macros: only from trusted places (there are none), and never run at all
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    # linked pictures of a document from an untrusted place are not fetched
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    # links to other files never updated: Writer's 0 and Calc's 1 are "never"
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "0"),
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "1"),
    # no check for updates, no first-start wizard
    (
        "/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/Arguments",
        "AutoCheckEnabled",
        "false",
    ),
    ("/org.openoffice.Setup/Office", "ooSetupInstCompleted", "true"),
)


@dataclass(frozen=True)
class InstallPlaces:
    """Where LibreOffice is looked for, in this order, when no program is configured.

    Only absolute folders count: an empty or relative PATH entry (".") would find a
    program dropped in the folder a command runs from, which may be the inbox.
    """

    path: tuple[Path, ...]
    #: Windows' Program Files folders, holding LibreOffice\\program\\soffice.exe
    program_files: tuple[Path, ...] = PROGRAM_FILES
    #: macOS's Applications folders, holding LibreOffice.app
    applications: tuple[Path, ...] = (Path("/Applications"),)

    @classmethod
    def default(cls) -> InstallPlaces:
        """The PATH of this process (as ``shutil.which`` reads it) and the usual folders."""
        return cls(tuple(Path(p) for p in os.get_exec_path()))

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> InstallPlaces:
        """The places an environment names: its PATH, and Windows' %ProgramFiles% folders."""
        path = tuple(Path(p) for p in environ.get("PATH", "").split(os.pathsep) if p)
        named = tuple(Path(environ[v]) for v in PROGRAM_FILES_VARIABLES if environ.get(v))
        return cls(path, tuple(dict.fromkeys(named + PROGRAM_FILES)))

    def candidates(self) -> Iterator[Path]:
        for folder in self.path:
            for name in PROGRAM_NAMES:
                yield folder / name
                yield folder / f"{name}.exe"
        for folder in self.program_files:
            yield folder / WINDOWS_PROGRAM
        for folder in self.applications:
            yield folder / MAC_PROGRAM


def _runnable(path: Path) -> bool:
    try:
        return path.is_absolute() and path.is_file() and os.access(path, os.X_OK)
    except OSError:
        return False


def find_soffice(
    configured: Path | None = None, places: InstallPlaces | None = None
) -> Path | None:
    """LibreOffice's program: the one configured (``[tools] soffice`` in audit-docs.toml,
    or AUDIT_DOCS_SOFFICE), else the first found on the PATH (soffice, libreoffice), in the
    Windows Program Files folders, or in macOS's Applications; None when there is none."""
    if configured is not None:
        return configured if _runnable(configured) else None
    places = places or InstallPlaces.default()
    return next((c for c in places.candidates() if _runnable(c)), None)


def soffice() -> Path | None:
    """LibreOffice found in the usual places (tests replace this to act as if it were not)."""
    return find_soffice()


def is_odt(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04") and data[30 : 30 + len(ODT_MAGIC)] == ODT_MAGIC


def write_profile(folder: Path) -> str:
    """A fresh LibreOffice profile in ``folder`` with :data:`PROFILE_SETTINGS`; its URL."""
    from xml.sax.saxutils import quoteattr

    items = "".join(
        f'<item oor:path={quoteattr(path)}><prop oor:name={quoteattr(name)} oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for path, name, value in PROFILE_SETTINGS
    )
    user = folder / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n",
        encoding="utf-8",
    )
    return folder.resolve().as_uri()


def doc_to_docx(
    path: Path,
    kind: Literal["doc", "odt"] = "doc",
    data: bytes | None = None,
    program: Path | None = None,
) -> bytes:
    """The .docx bytes of a .doc or .odt (``data``, the file's bytes as read; else read from
    ``path``), or UnreadableFile saying how to convert it by hand. ``program``: LibreOffice
    as configured; None looks for it in the usual places."""
    what, code = _NAMES[kind]
    exe = program if program is not None and _runnable(program) else soffice()
    how = (
        f"open it in {'Word' if kind == 'doc' else 'LibreOffice or Word'} and use File > Save As "
        "> Word Document (*.docx), then put the .docx in the inbox"
    )
    if exe is None:
        raise UnreadableFile(
            path.name,
            f"{path.name}: this is {what} and LibreOffice is not installed to convert it; {how} "
            "(or install LibreOffice and run again).",
            f"{code}-needs-conversion",
        )
    with tempfile.TemporaryDirectory(prefix="audit-docs-") as tmp:
        work = Path(tmp).resolve()
        source = work / f"form.{kind}"
        source.write_bytes(path.read_bytes() if data is None else data)
        command = [
            str(exe),
            f"-env:UserInstallation={write_profile(work / 'profile')}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            status = run_converter(command, CONVERT_TIMEOUT_S, work)
        except (subprocess.TimeoutExpired, OSError) as exc:
            late = isinstance(exc, subprocess.TimeoutExpired)
            raise UnreadableFile(
                path.name,
                f"{path.name}: this is {what} that LibreOffice could not convert"
                f"{f' within {CONVERT_TIMEOUT_S} seconds' if late else ''}; {how}.",
                f"{code}-conversion-failed",
            ) from exc
        if status != 0:
            raise UnreadableFile(
                path.name,
                f"{path.name}: this is {what} that LibreOffice could not convert; {how}.",
                f"{code}-conversion-failed",
            )
        out = work / "out" / "form.docx"
        if not out.is_file():
            raise UnreadableFile(
                path.name,
                f"{path.name}: LibreOffice could not read this {'.doc' if kind == 'doc' else '.odt'} "
                f"file (it may be damaged); {how}.",
                f"{code}-conversion-failed",
            )
        return out.read_bytes()
