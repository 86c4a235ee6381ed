"""Where a command reads and writes: the inbox, the outbox and the store.

An option on the command line beats the environment (AUDIT_DOCS_INBOX, AUDIT_DOCS_OUTBOX,
AUDIT_DOCS_STORE), which beats the default, so a scheduled job can be pointed at a shared
drive without changing the commands people type.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from audit_docs.errors import UsageError

DEFAULTS = {"inbox": "inbox", "outbox": "outbox", "store": "var/audits.sqlite"}
#: the project folder, holding templates/ and the sample inbox (an editable install)
PROJECT = Path(__file__).resolve().parents[3]
TEMPLATES = PROJECT / "templates"
SAMPLE_INBOX = PROJECT / "examples" / "inbox"


@dataclass(frozen=True)
class Places:
    inbox: Path
    outbox: Path
    store: Path


def resolve_places(
    inbox: Path | None = None,
    outbox: Path | None = None,
    store: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Places:
    env = os.environ if environ is None else environ
    given = {"inbox": inbox, "outbox": outbox, "store": store}

    def pick(name: str) -> Path:
        value = given[name]
        if value is not None:
            return value
        from_env = env.get(f"AUDIT_DOCS_{name.upper()}")
        return Path(from_env) if from_env else Path(DEFAULTS[name])

    return Places(inbox=pick("inbox"), outbox=pick("outbox"), store=pick("store"))


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
