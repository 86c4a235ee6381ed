"""Shared fixtures: where the real sample files are; and a suite that leaves no LibreOffice
running behind it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.processes import stray_processes

DATA = Path(__file__).parent / "data"

#: every process the suite starts inherits this, so that its strays can be told apart from a
#: LibreOffice the developer (or another test run on the machine) has open
SESSION_MARK = "AUDIT_DOCS_TEST_SESSION"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session", autouse=True)
def no_office_left_running() -> Iterator[None]:
    """The suite fails when a LibreOffice (soffice, soffice.bin) it started still runs at its
    end; the strays are ended first, so a failing run leaves nothing behind either."""
    mark = f"{SESSION_MARK}={uuid.uuid4().hex}"
    os.environ[SESSION_MARK] = mark.split("=", 1)[1]
    yield
    strays = stray_processes(mark.encode(), ("soffice", "oosplash"))
    assert not strays, f"LibreOffice processes left running by the tests (ended now): {strays}"
