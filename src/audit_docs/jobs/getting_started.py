"""``audit-docs demo`` and ``audit-docs init``: a first run without make, from any folder.

The demo builds the sample report, guidance and data-quality list from the forms and trackers
shipped inside the package, through a store of its own in a temporary folder: it never reads
or writes the user's store, inbox or commentary, and leaves nothing but its documents.
``init`` makes a working folder: ``inbox/``, ``outbox/`` and a commented settings file.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from audit_docs.errors import UsageError
from audit_docs.jobs.hints import Shell
from audit_docs.jobs.hints import command as _typed
from audit_docs.jobs.places import Places, sample_inbox, shipped

#: the year and the audit round the sample files hold
DEMO_YEAR = 2016
DEMO_ROUND = (dt.date(2016, 4, 1), dt.date(2017, 3, 31))
DEMO_OUTBOX = Path("outbox") / "demo"

SETTINGS_NAME = "audit-docs.toml"
SETTINGS_TEXT = """\
# The council's settings for audit-docs, read from this folder when a command runs here
# (or name another file with --settings FILE). Every key is optional: remove the # in
# front of a line to use it. Save this file as UTF-8 text.

[organisation]
# name = "Northbridge Borough Council"
# service = "Children's Services"
# logo = "logo.png"                    # a picture beside this file, for the covers

[reports]
# author = "Quality Assurance Team"    # also the Word file's author
# approved_by = "Head of Early Help"
# min_graded = 5                       # graded audits an area needs to be ranked
"""


def command(*words: str, shell: Shell = "posix") -> str:
    """A next step as the user types it, without the folders of this run (the sample's)."""
    return _typed(*words, argv=sys.argv[:1], shell=shell)


def demo_settings() -> Path:
    """The sample council's settings, shipped beside the sample inbox."""
    return shipped("examples") / SETTINGS_NAME


def demo(
    outbox: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    via_make: bool = False,
    shell: Shell = "posix",
) -> list[Path]:
    """Write the sample annual report, guidance and data-quality list in ``outbox``;
    ``via_make`` and ``shell`` say how the next step is spelled."""
    from audit_docs.jobs.problems import problems
    from audit_docs.jobs.reports import annual_report, guidance
    from audit_docs.settings import load_settings

    out, err = out or sys.stdout, err or sys.stderr
    outbox = DEMO_OUTBOX if outbox is None else outbox
    inbox = sample_inbox()
    if not inbox.is_dir():
        raise UsageError(
            f"The sample forms are not in {inbox}: this copy of audit-docs is incomplete; "
            "install it again (pipx install --force audit-docs, or pip install --force-reinstall)."
        )
    settings = load_settings(demo_settings())
    said = io.StringIO()  # each job's own lines; the demo says what it made in one list
    with tempfile.TemporaryDirectory(prefix="audit-docs-demo-", ignore_cleanup_errors=True) as tmp:
        scratch = Path(tmp)
        places = Places(inbox, outbox, scratch / "demo.sqlite", shipped("templates"))
        nobodys = scratch / "commentary"  # never the user's commentary documents
        report, figures = annual_report(
            places, DEMO_YEAR, out=said, err=err, settings=settings, commentary=nobodys
        )
        guide = guidance(
            places, *DEMO_ROUND, out=said, err=err, settings=settings, commentary=nobodys
        )
        sheet = problems(places, out=said, err=err)
    made = [report, figures, guide, guide.with_suffix(".json"), sheet]
    out.write("Built from the sample forms and trackers shipped with audit-docs:\n")
    out.writelines(f"  {path}\n" for path in made)
    if via_make:  # a clone: its own inbox/ is the working folder
        out.write(
            f"Your own files: put them in inbox/ and run `make annual-report YEAR={DEMO_YEAR}`.\n"
        )
    else:
        out.write(
            "Your own files: make a working folder with "
            f"`{command('init', 'FOLDER', shell=shell)}`, put the forms and trackers in its inbox, and run "
            f"`{command('annual-report', '--year', str(DEMO_YEAR), shell=shell)}` there.\n"
        )
    return made


def _file_in_the_way(folder: Path) -> Path | None:
    """The file standing where the working folder, or a folder above it, is to be."""
    for place in (folder / "inbox", folder / "outbox", folder, *folder.parents):
        try:
            if place.exists() and not place.is_dir():
                return place
        except OSError:
            return None
    return None


def init(folder: Path | None = None, out: TextIO | None = None, *, shell: Shell = "posix") -> Path:
    """Make ``folder`` (default: here) a working folder; what is there already is kept."""
    out = out or sys.stdout
    folder = Path(".") if folder is None else folder
    try:
        for sub in ("inbox", "outbox"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        settings = folder / SETTINGS_NAME
        kept = settings.exists()
        if not kept:
            settings.write_text(SETTINGS_TEXT, encoding="utf-8")
    except (FileExistsError, NotADirectoryError) as exc:
        raise UsageError(
            f"{_file_in_the_way(folder) or exc.filename} is a file, so the working folder "
            "cannot be made there; choose another folder."
        ) from exc
    except PermissionError as exc:
        raise UsageError(
            f"audit-docs may not write in {folder}; choose a folder you can write in, such as "
            "one in your Documents."
        ) from exc
    out.write(
        f"Working folder ready: {folder.resolve()}\n"
        f"  inbox/   put completed forms (.docx, .doc, .odt) and trackers (.xlsx) here\n"
        f"  outbox/  the reports are written here\n"
        f"  {SETTINGS_NAME}  {'kept as it was' if kept else 'the council name, logo and author for the covers'}\n"
        f"Then, in that folder: `{command('annual-report', '--year', str(DEMO_YEAR), shell=shell)}`\n"
    )
    return folder
