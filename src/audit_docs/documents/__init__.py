"""The kinds of document audit-docs publishes, one module a kind (documents/kind.py says what a
kind declares; jobs/publish.py publishes any of them).

A workspace carries the kinds it publishes (``Workspace.documents``, default :func:`shipped`),
so ``templates check`` and ``commentary`` serve every kind there is, and a council or a test
adds a kind by handing its workspace one more, with no edit here.
"""

from __future__ import annotations

from typing import Any

from audit_docs.documents.kind import DocumentKind


def shipped() -> tuple[DocumentKind[Any, Any], ...]:
    """The documents that ship with audit-docs: the annual report and the guidance."""
    from audit_docs.documents.annual_report import ANNUAL_REPORT
    from audit_docs.documents.guidance import GUIDANCE

    return (ANNUAL_REPORT, GUIDANCE)
