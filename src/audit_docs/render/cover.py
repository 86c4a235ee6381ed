"""What the cover of every document says, and who the file says wrote it.

The council's name, service, logo, author and approver come from its settings file
(settings.py), the date from the moment the document is made, so nobody edits a template to
put their name on a report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from audit_docs.render.docx_render import Picture
from audit_docs.render.finish import Publication
from audit_docs.settings import Settings, read_logo

if TYPE_CHECKING:
    from audit_docs.render.commentary import Commentary

LOGO_WIDTH_CM = 4.0


def long_date(day: dt.date) -> str:
    """30 November 2026: the date as a British reader writes it."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Publishing:
    """Everything a document takes from outside its figures."""

    settings: Settings = field(default_factory=Settings)
    generated: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())
    commentary: Commentary | None = None

    def cover(self) -> dict[str, Any]:
        s = self.settings
        return {
            "organisation": s.organisation,
            "service": s.service,
            "author": s.author,
            "approved_by": s.approved_by,
            "date": long_date(self.generated.date()),
            "logo": s.logo is not None,
        }

    def pictures(self) -> dict[str, Picture]:
        logo = self.settings.logo
        if logo is None:
            return {}
        name = self.settings.organisation or "The organisation"
        # read again, checked again: the file may have changed since the settings were read
        return {"logo": Picture(read_logo(logo), f"{name} logo", LOGO_WIDTH_CM)}

    def publication(self) -> Publication:
        return Publication(author=self.settings.author, generated=self.generated)
