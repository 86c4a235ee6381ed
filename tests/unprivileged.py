"""Running the CLI as an ordinary user, for the permission faults.

CI runs as root, whom file permissions do not stop, so these tests drop privileges in the
child process (``setpriv`` to nobody) rather than skip; run as an ordinary user, the child is
started as it is. Files it must reach live in a folder everyone may enter (``reachable``),
removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"


def as_ordinary_user(args: list[str]) -> subprocess.CompletedProcess[str]:
    """``audit-docs ARGS`` run by an unprivileged user; its exit status and output.

    Skipped when this Python cannot be started by that user (one installed in root's home,
    as pyenv's are, loads its library from a folder only root may enter)."""
    drop = (
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        if os.geteuid() == 0
        else []
    )
    if drop and not _starts_for_nobody(tuple(drop)):
        pytest.skip(f"{sys.executable} cannot be started by an ordinary user")
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [*drop, sys.executable, "-m", "audit_docs", *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@cache
def _starts_for_nobody(drop: tuple[str, ...]) -> bool:
    probe = subprocess.run(
        [*drop, sys.executable, "-c", "pass"], check=False, capture_output=True, timeout=60
    )
    return probe.returncode == 0


@contextmanager
def reachable() -> Iterator[Path]:
    """A folder the unprivileged user can enter (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="audit-docs-test-"))
    try:
        folder.chmod(0o755)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
