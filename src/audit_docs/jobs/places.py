"""Where a command reads and writes: the inbox, the outbox, the store and the templates, and
writing files there so that no one ever opens half of one.

Which folders they are is decided once, by workspace.py, from the options, the environment
and the defaults here.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from audit_docs.errors import UsageError

DEFAULTS = {"inbox": "inbox", "outbox": "outbox", "store": "var/audits.sqlite"}
#: the project folder of a clone (an editable install), holding templates/ and examples/
PROJECT = Path(__file__).resolve().parents[3]


def shipped(folder: str) -> Path:
    """A folder that comes with audit-docs (``templates``, ``examples/inbox``): the copy inside
    the installed package (a wheel, ``pip install --user``, pipx; pyproject.toml maps the
    project's folders into it), found with importlib.resources, else the clone's own.

    When neither exists the clone's path is returned, for the error sentence to name.
    """
    from importlib.resources import files

    packaged = files("audit_docs").joinpath(*folder.split("/"))
    for place in (packaged, PROJECT / folder):
        if isinstance(place, Path) and place.is_dir():  # (a zipped install has no folders)
            return place
    return PROJECT / folder


def sample_inbox() -> Path:
    """The sample forms and trackers (`make demo`, `audit-docs templates check`)."""
    return shipped("examples/inbox")


@dataclass(frozen=True)
class Places:
    inbox: Path
    outbox: Path
    store: Path
    #: the Word templates the documents are rendered from
    templates: Path = field(default_factory=lambda: shipped("templates"))
    #: LibreOffice's program for .doc and .odt forms when configured ([tools] soffice in
    #: audit-docs.toml); None: looked for on the PATH and where LibreOffice installs itself
    soffice: Path | None = None

    def template(self, name: str) -> Path:
        """One template, or a sentence saying where it was looked for and what to do."""
        path = self.templates / name
        if not path.is_file():
            raise UsageError(
                f"The Word template {name} is not in {self.templates}. Point --templates (or "
                "AUDIT_DOCS_TEMPLATES) at the folder holding your templates, or restore the "
                "folder from audit-docs (tools/build_templates.py rebuilds the shipped ones)."
            )
        return path


def word_template(path: Path) -> Path:
    """A template given on the command line, checked before anything is ingested."""
    import zipfile

    if not path.is_file():
        raise UsageError(
            f"The template {path} does not exist; give --template the path of a Word template "
            "(.docx), or leave --template out to use the one shipped with audit-docs."
        )
    try:
        with zipfile.ZipFile(path) as zf:
            zf.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UsageError(
            f"The template {path} is not a Word document (.docx); give --template a Word "
            "template, such as an edited copy of templates/annual-report.docx."
        ) from exc
    return path


#: a temporary older than this is left from a run that was killed: removed by the next write
_STALE_SECONDS = 15 * 60


def _file_mode() -> int:
    """The permissions a new file gets from the user's umask (mkstemp's own are owner-only)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _remove_stale_temporaries(target: Path) -> None:
    import time

    now = time.time()
    for old in target.parent.glob(f".{target.stem}-*{target.suffix}"):
        try:
            if now - old.stat().st_mtime > _STALE_SECONDS:
                old.unlink()
        except OSError:
            pass


def _cannot_write(target: Path, exc: OSError) -> UsageError:
    folder = target.parent
    if isinstance(exc, IsADirectoryError) or target.is_dir():
        sentence = (
            f"{target} is a folder; give the path of a file to write (for example "
            f"{target / target.name}.xlsx), or remove the folder."
        )
    elif isinstance(exc, FileExistsError | NotADirectoryError) or (
        folder.exists() and not folder.is_dir()
    ):
        sentence = (
            f"{folder} is a file, not a folder, so {target.name} cannot be written in it; "
            "rename or move that file, or choose another folder with --outbox."
        )
    elif exc.errno in {errno.ENOSPC, errno.EDQUOT}:
        sentence = (
            f"The disk holding {folder} is full, so {target.name} was not written and the "
            "previous version is kept; free some space and run the command again."
        )
    elif isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        sentence = (
            f"audit-docs may not write in {folder}; ask IT for permission, or choose a folder "
            "you can write in with --outbox (or --output)."
        )
    else:
        sentence = (
            f"{target} could not be written ({(exc.strerror or 'a system error').lower()}); "
            "the previous version is kept. Check the drive and run the command again."
        )
    return UsageError(sentence)


def write_atomically(target: Path, write: Callable[[Path], object]) -> Path:
    """Write through a temporary file in the same folder, then rename it into place.

    Someone opening the file (or a run stopped half-way) never sees half a document: the old
    version stays until the new one is complete.
    """
    write_together([(target, write)])
    return target


def _refuse_special(target: Path) -> None:
    """A device, pipe or socket where a file is to be written: never renamed over (by an
    administrator, ``--output /dev/full`` would take the device off the machine)."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return  # not there (or not to be looked at): writing it says what is wrong
    if not stat.S_ISREG(mode):
        raise UsageError(
            f"{target} is not an ordinary file (it is a device, pipe or socket), so nothing "
            "was written over it; give the name of a file to write, in a folder of yours."
        )


def write_together(files: list[tuple[Path, Callable[[Path], object]]]) -> list[Path]:
    """Write files that belong together (a report and its figures) so they stay a pair.

    Each is written to a temporary beside it; only when all are complete are they renamed,
    in the order given (the document, then its figures). On any failure, or a stop, the
    temporaries are removed and the previous files are left as they were. New files get the
    user's usual permissions (umask), so colleagues can open a report as before.
    """
    temps: list[Path] = []
    target = files[0][0]
    try:
        for target, write in files:
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, "Is a directory", str(target))
            _refuse_special(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            _remove_stale_temporaries(target)
            fd, name = tempfile.mkstemp(
                prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent
            )
            os.close(fd)
            temps.append(Path(name))
            write(temps[-1])
            os.chmod(temps[-1], _file_mode())
        for (target, _), temp in zip(files, temps, strict=True):
            try:
                os.replace(temp, target)
            except PermissionError as exc:
                raise UsageError(
                    f"{target} could not be replaced, probably because it is open in Word or "
                    "Excel; close it and run the command again."
                ) from exc
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
    return [target for target, _ in files]
