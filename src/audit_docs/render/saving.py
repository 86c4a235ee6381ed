"""Saving what a library packs as a zip (Word, Excel), so that a full disk is one sentence.

python-docx and openpyxl open their zip writer on the target file and do not close it when
a write fails: the unclosed writer then fails again when it is collected, and Python prints
"Exception ignored in: <function ZipFile.__del__ …> OSError" after our sentence. Packed in
memory first (a report is a few MB), the only write to disk is ours, whose file is closed
whatever happens.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def save_packed(save: Callable[[BinaryIO], object], target: Path) -> None:
    """Let ``save`` write its package into memory, then write the bytes to ``target``."""
    packed = io.BytesIO()
    save(packed)
    with target.open("wb") as fh:
        fh.write(packed.getbuffer())
