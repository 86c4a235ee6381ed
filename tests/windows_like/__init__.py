"""A pytest plugin: the tests run in a Python made Windows-like (``-p tests.windows_like``).

The test process loses what Windows lacks (``sitecustomize.make_windows_like``: no
``pthread_sigmask``, ``SIGKILL``, ``fork``…, processes started by spawn) and so do the
processes it starts, worker pools included, through PYTHONPATH; their standard streams are
encoded as Windows encodes redirected output (cp1252). `.ci/run` runs a set of tests so.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    from tests.windows_like.sitecustomize import make_windows_like

    make_windows_like()
    paths = [str(HERE), os.environ.get("PYTHONPATH", "")]
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    os.environ["PYTHONIOENCODING"] = "cp1252"
    config.addinivalue_line("markers", "windows_like: run in a Windows-like Python")
