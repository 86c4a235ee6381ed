"""Pseudonyms for case references, and names taken out of free text, before anything is shared.

``Pseudonyms(key).of("H497667")`` gives "Case 7KQ2-M4": the same case always gets the same
pseudonym under the same key, and without the key nobody can go back from the pseudonym to
the case. The key is made by ``new_key()`` and kept by the caller (in the database), never in
code or in a report.

``scrub(text, names, references)`` takes out of an auditor's free text the names the form
holds (case worker, team manager, auditor, moderator) and the case references, and, unless
told not to, every capitalised word that is not a known English or Early Help word: auditors
write "the impact on Ayesha", and the form does not hold the child's name.

The trade-off is deliberate: over-redaction is acceptable, leaking a name is not.

- A surname that is also a common word ("Young", "Brown") is taken out wherever it stands,
  in any case ("a [name] carer").
- A capitalised word that is not on the known-words list is taken out, wherever it stands in
  the sentence (at its start too: "Ayesha is a young carer." loses "Ayesha"), so a place, a
  school or a rare word that happens to be capitalised goes as well.
- Words that are also common given names ("Summer", "Ruby", "Grace", "Will") or common UK
  surnames ("Smith", "Baker") are left off the list on purpose, so they go when capitalised;
  lower-case "summer" stays. A capitalised word after a title ("Mrs Hall") or in "the ...
  family" goes whatever it is.
- What still gets through: a name written in lower case or in capitals ("AYESHA" reads as an
  acronym, and acronyms stay), a name that is also a month ("May", "June", "April": months are
  kept because dates matter more often), and a rarer surname that is also a common word
  ("Lamb said"). A person still reads every report before it is shared.

The known words are ``known_words.txt`` beside this module (made by
``tools/make_known_words.py``: common English words less common given names, plus domain
vocabulary such as Mum, Dad, TAF, eEHA, CAMHS, days and months).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from functools import cache
from importlib import resources

NAME = "[name]"
CASE = "[case]"
#: no 0/O, no 1/I: readable aloud and copied by hand without mistakes (32 symbols, 5 bits each)
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
#: "Case 7KQ2-M4": 6 symbols, 30 bits; two of 2,000 cases share a pseudonym with chance 0.2%
GROUPS = (4, 2)
KEY_BYTES = 32
MIN_KEY_BYTES = 16
#: a name part shorter than this is an initial, not taken out on its own
MIN_NAME_PART = 2

_SPACES = re.compile(r"\s+")
#: a word: letters and digits, with apostrophes inside ("Kieran's", "don't")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
#: where a name or reference splits into the parts that are taken out on their own
#: a word after a title, or between "the" and "family", is a name whatever it is
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+([A-Z][\w'’-]*)")
_FAMILY = re.compile(r"\b(?:[Tt]he)\s+([A-Z][\w'’-]*)\s+(?:family|household|children)\b")
_NAME_PARTS = re.compile(r"[\s\-]+")
_REFERENCE_PARTS = re.compile(r"[\s/,;]+")


def new_key() -> bytes:
    """A new random key for Pseudonyms (32 bytes): store it, and keep it out of reports."""
    return secrets.token_bytes(KEY_BYTES)


def normalise_reference(reference: str) -> str:
    """ " EHA-2016-0867 " and "eha-2016-0867" are one case: strip, casefold, collapse spaces."""
    return _SPACES.sub(" ", reference.strip()).casefold()


class Pseudonyms:
    """Stable pseudonyms for case references under one secret key (HMAC-SHA256)."""

    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(
                f"a pseudonym key needs at least {MIN_KEY_BYTES} bytes, this one has "
                f"{len(key)}: make one with new_key()"
            )
        self._key = key

    def of(self, case_reference: str) -> str:
        """The pseudonym for a case reference, e.g. "Case 7KQ2-M4"."""
        text = normalise_reference(case_reference)
        if not text:
            raise ValueError("an empty case reference has no pseudonym")
        digest = hmac.new(self._key, text.encode("utf-8"), hashlib.sha256).digest()
        number = int.from_bytes(digest[:8], "big")
        symbols = []
        for _ in range(sum(GROUPS)):
            symbols.append(ALPHABET[number % len(ALPHABET)])
            number //= len(ALPHABET)
        groups, start = [], 0
        for size in GROUPS:
            groups.append("".join(symbols[start : start + size]))
            start += size
        return "Case " + "-".join(groups)


@cache
def known_words() -> frozenset[str]:
    """The bundled list of words that are not names (lower case)."""
    text = resources.files("audit_docs.compute").joinpath("known_words.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def name_variants(names: Iterable[str | None]) -> list[str]:
    """Each full name, and each of its parts of 2+ letters, longest first, without repeats."""
    found: dict[str, None] = {}
    for name in names:
        if not name or not name.strip():
            continue
        full = _SPACES.sub(" ", name.strip())
        found.setdefault(full.casefold(), None)
        for piece in _NAME_PARTS.split(full):
            part = piece.strip(".,'’")
            if sum(c.isalpha() for c in part) >= MIN_NAME_PART:
                found.setdefault(part.casefold(), None)
    return sorted(found, key=lambda v: (-len(v), v))


def reference_variants(references: Iterable[str | None]) -> list[str]:
    """Each reference as written, and each part of a combined one ("EHA-2016-2223 / H981608"
    gives both numbers) that holds a digit, longest first."""
    found: dict[str, None] = {}
    for reference in references:
        if not reference or not reference.strip():
            continue
        full = _SPACES.sub(" ", reference.strip())
        found.setdefault(full.casefold(), None)
        for part in _REFERENCE_PARTS.split(full):
            if any(c.isdigit() for c in part) and len(part) >= 3:
                found.setdefault(part.casefold(), None)
    return sorted(found, key=lambda v: (-len(v), v))


def _pattern(variants: list[str], boundary: str) -> re.Pattern[str] | None:
    if not variants:
        return None
    # spaces inside a name or reference match any run of white space
    body = "|".join(r"\s+".join(re.escape(w) for w in v.split(" ")) for v in variants)
    return re.compile(rf"(?<!{boundary})(?:{body})(?!{boundary})", re.IGNORECASE)


def _is_known(word: str, known: frozenset[str]) -> bool:
    if sum(c.isalpha() for c in word) >= 2 and word.upper() == word:
        return True  # an acronym: TAF, CSC, CAMHS
    lower = word.replace("’", "'").casefold()
    if lower in known:
        return True
    return any(lower.endswith(e) and lower[: -len(e)] in known for e in ("'s", "'"))


@cache
def programme_names() -> re.Pattern[str] | None:
    """Known programme names (Triple P, Signs of Safety…), from ``programme_names.txt``: a
    vocabulary, never a guess, so "Triple P" is never "Triple [name]"."""
    text = resources.files("audit_docs.compute").joinpath("programme_names.txt").read_text("utf-8")
    names = [n.strip() for n in text.splitlines() if n.strip() and not n.startswith("#")]
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _unknown_capitalised(text: str, known: frozenset[str]) -> str:
    programmes = programme_names()
    if programmes is not None and programmes.search(text):
        pieces, start = [], 0
        for match in programmes.finditer(text):
            pieces.append(_unknown_capitalised_in(text[start : match.start()], known))
            pieces.append(match.group(0))
            start = match.end()
        pieces.append(_unknown_capitalised_in(text[start:], known))
        return "".join(pieces)
    return _unknown_capitalised_in(text, known)


def _unknown_capitalised_in(text: str, known: frozenset[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        if not word[0].isupper() or any(c.isdigit() for c in word):
            return word
        if _is_known(word, known):
            return word
        # keep a possessive: "Jayden's behaviour" -> "[name]'s behaviour"
        for ending in ("'s", "’s"):
            if word.endswith(ending):
                return NAME + ending
        return NAME

    def name_only(match: re.Match[str]) -> str:
        whole, start = match.group(0), match.start()
        return whole[: match.start(1) - start] + NAME + whole[match.end(1) - start :]

    for pattern in (_TITLED, _FAMILY):
        text = pattern.sub(name_only, text)
    return _WORD.sub(replace, text)


def scrub(
    text: str,
    names: Iterable[str | None],
    references: Iterable[str | None],
    *,
    also_unknown_names: bool = True,
) -> str:
    """Free text with names replaced by "[name]" and case references by "[case]".

    ``names`` are the people the form names (full names): each is taken out whole, and each of
    its first names and surnames of 2+ letters on its own, case-insensitive, as a whole word
    ("Kieran's" loses "Kieran"). ``references`` are the case references, taken out as whole
    tokens, case-insensitive, as written and part by part. With ``also_unknown_names`` (the
    default) every capitalised word that is not a known word goes too: see the module notes
    for what that costs and what it still misses.
    """
    references_re = _pattern(reference_variants(references), r"[\w\-]")
    if references_re:
        text = references_re.sub(CASE, text)
    names_re = _pattern(name_variants(names), r"\w")
    if names_re:
        text = names_re.sub(NAME, text)
    if also_unknown_names:
        text = _unknown_capitalised(text, known_words())
    return text
