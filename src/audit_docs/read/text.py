"""Finding the form's printed words in a document, tolerant of how people retype them.

Labels and questions are matched on their words, not their characters: case, spacing,
punctuation, curly quotes and leading numbering ("3.", "a)") never matter, and a question
reworded slightly still matches by word overlap (Dice coefficient).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from audit_docs.words import plural

_WORD = re.compile(r"[^\W_]+")
_NUMBERING = re.compile(r"^\s*(?:(?:\(?\d{1,2}(?:\.\d{1,2})*[.):]?|\(?[a-h][.)]|[•·▪\-–*o])\s+)+")


_DOTTED = re.compile(r"(?<![^\W_])([^\W\d_])\.(?=[^\W\d_](?:\.|(?![^\W_])))")


def words(text: str) -> list[str]:
    """Lower-case words; a dotted abbreviation is one word ("E.H." -> "eh", like "EH")."""
    if "." in text:
        text = _DOTTED.sub(r"\1", text)
    return _WORD.findall(text.casefold())


def strip_numbering(text: str) -> str:
    """ "3. Was the help ..." -> "Was the help ..."; "1)" and bullets too."""
    return _NUMBERING.sub("", text, count=1)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


#: printed labels and questions repeat in every form of a batch: their keys are cached
TEXT_CACHE = 16384


@lru_cache(maxsize=TEXT_CACHE)
def key(text: str) -> str:
    """The words of a text, without numbering, as one string: the exact-match key."""
    return " ".join(words(strip_numbering(text)))


@cache
def label_pattern(label: str, *, anchored: bool = False) -> re.Pattern[str]:
    """A regex finding ``label`` with any case, spacing and punctuation between its words.

    A label written with a trailing colon ("Auditor:") must be followed by a colon or dash
    where it is found, so that "the auditor's view" in a comment is not a label.
    """
    parts = words(label)
    if not parts:
        raise ValueError(f"label {label!r} has no words")
    body = r"[\W_]*".join(re.escape(p) for p in parts)
    closing = r"[)\]]?" if label.rstrip().endswith((")", "]")) else ""
    tail = (
        r"[ \t\u00a0]*[:\-–—]"
        if label.rstrip().endswith(":")
        else closing + r"[ \t\u00a0]*[:?.\-–—]?"
    )
    lead = r"^[\s\W_]*?" if anchored else r"(?<![^\W_])"
    return re.compile(lead + body + r"(?![^\W_])" + tail, re.IGNORECASE)


def counted(n: int, one: str, many: str | None = None) -> str:
    """ "1 file", "2 files", "0 files": a count with its noun in the right number."""
    return plural(n, one, many or one + "s")


def field_words(label: str) -> str:
    """A form or tracker label as a sentence names the field: "'Audit Cycle Date'"."""
    return f"'{label.strip().rstrip(':').strip()}'"


def rating_words(section: str, title: str, who: str) -> str:
    """A rating as a sentence names it: "the auditor's rating for section 3 'Assessment'"."""
    return f"the {who}'s rating for section {section} '{title}'"
