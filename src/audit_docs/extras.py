"""What an optional part of audit-docs needs, checked before any work starts.

``--charts picture`` draws with matplotlib, which comes with the ``charts`` extra only: the
default native Word charts, and every other command, need nothing more.
"""

from __future__ import annotations

import importlib.util

from audit_docs.errors import UsageError


def require_picture_charts() -> None:
    """One sentence saying how to install matplotlib when it is missing."""
    if importlib.util.find_spec("matplotlib") is None:
        raise UsageError(
            "Picture charts (--charts picture) are drawn with matplotlib, which is not "
            'installed: add it with  pip install "audit-docs[charts]"  (with pipx:  pipx '
            "inject audit-docs matplotlib), or leave out --charts picture for native Word "
            "charts, which need nothing more."
        )
