"""Where a command reads and writes: the inbox, the outbox, the store and the templates.

An option on the command line beats the environment (AUDIT_DOCS_INBOX, AUDIT_DOCS_OUTBOX,
AUDIT_DOCS_STORE, AUDIT_DOCS_TEMPLATES), which beats the default, so a scheduled job can be
pointed at a shared drive, and a council at its own edited templates, without changing the
commands people type.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from audit_docs.errors import UsageError

DEFAULTS = {"inbox": "inbox", "outbox": "outbox", "store": "var/audits.sqlite"}
#: the project folder of a clone (an editable install), holding templates/ and examples/
PROJECT = Path(__file__).resolve().parents[3]
#: where a regular ``pip install`` puts the same folders (pyproject.toml, data-files)
INSTALLED = Path(sys.prefix) / "share" / "audit-docs"


def shipped(folder: str) -> Path:
    """A folder that comes with audit-docs: the clone's own, else the installed copy.

    When neither exists the clone's path is returned, for the error sentence to name.
    """
    for base in (PROJECT, INSTALLED):
        if (base / folder).is_dir():
            return base / folder
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


def resolve_places(
    inbox: Path | None = None,
    outbox: Path | None = None,
    store: Path | None = None,
    environ: Mapping[str, str] | None = None,
    templates: Path | None = None,
) -> Places:
    env = os.environ if environ is None else environ
    given = {"inbox": inbox, "outbox": outbox, "store": store, "templates": templates}
    defaults = DEFAULTS | {"templates": str(shipped("templates"))}

    def pick(name: str) -> Path:
        value = given[name]
        if value is not None:
            return value
        from_env = env.get(f"AUDIT_DOCS_{name.upper()}")
        return Path(from_env) if from_env else Path(defaults[name])

    return Places(*(pick(name) for name in ("inbox", "outbox", "store", "templates")))


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Write through a temporary file in the same folder, then rename it into place.

    Someone opening the file (or a run stopped half-way) never sees half a document: the old
    version stays until the new one is complete.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        write(temp)
        try:
            os.replace(temp, target)
        except PermissionError as exc:
            raise UsageError(
                f"{target} could not be replaced, probably because it is open in Word or "
                "Excel; close it and run the command again."
            ) from exc
    finally:
        temp.unlink(missing_ok=True)
    return target
