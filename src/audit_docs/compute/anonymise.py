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
#: a word: letters and digits, with apostrophes inside ("Kieran's", "don't"); capitals joined
#: by "&" are one abbreviation ("Q&A", "A&E"), never a capitalised word and a letter
_WORD = re.compile(r"[A-Z]{1,3}(?:&[A-Z]{1,3})+(?![\w&])|[^\W_]+(?:['’][^\W_]+)*")
#: a token a case reference may be: letters, digits and hyphens ("EHA-2016-0042")
_REFERENCE_TOKEN = re.compile(r"[\w\-]+")
#: a run of placeholders one name or reference became ("[name] [name]" for "Jo Marsh")
_NAME_RUN = re.compile(r"\[name\](?:[\s\-]+\[name\])+")
_CASE_RUN = re.compile(r"\[case\](?:\s*/?\s*\[case\])+")
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


def _folded(token: str) -> str:
    return token.replace("’", "'").casefold()


def name_tokens(names: Iterable[str | None]) -> frozenset[str]:
    """Every word of 2+ letters in the names (case-folded): the tokens taken out of free text."""
    found: set[str] = set()
    for name in set(names):
        for word in _WORD.findall(name or ""):
            if sum(c.isalpha() for c in word) >= MIN_NAME_PART:
                found.add(_folded(word))
    return frozenset(found)


def reference_tokens(references: Iterable[str | None]) -> frozenset[str]:
    """Every reference as one token, and each part of it that holds a digit and 3+ characters
    (case-folded): "EHA-2016-2223 / H981608" gives both numbers."""
    found: set[str] = set()
    for reference in set(references):
        for piece in _REFERENCE_PARTS.split((reference or "").strip()):
            part = piece.strip("-")
            if any(c.isdigit() for c in part) and len(part) >= 3:
                found.add(part.casefold())
    return frozenset(found)


class Anonymiser:
    """Names and case references taken out of free text, by looking each word up in a set.

    Built once per run from every name and reference in the store; ``scrub(text)`` then costs
    time linear in the text, whatever the size of the store (a pattern of every name, built
    and compiled for each text, made a year of 10,000 audits take minutes). The invariant:
    a word is replaced only when it is, as a whole word, case-folded, a word of a name or a
    reference in the store (or, with ``also_unknown_names``, a capitalised word that is not a
    known word); every other character of the text is left as it was.
    """

    def __init__(
        self,
        names: Iterable[str | None],
        references: Iterable[str | None],
        *,
        also_unknown_names: bool = True,
    ) -> None:
        self.names = name_tokens(names)
        self.references = reference_tokens(references)
        self.also_unknown_names = also_unknown_names

    def _reference(self, match: re.Match[str]) -> str:
        token = match.group(0)
        core = token.strip("-")
        if core.casefold() not in self.references:
            return token
        start = token.index(core)
        return token[:start] + CASE + token[start + len(core) :]

    def _name(self, match: re.Match[str]) -> str:
        word = match.group(0)
        folded = _folded(word)
        if folded in self.names:
            return NAME
        for ending in ("'s", "'"):
            if folded.endswith(ending) and folded[: -len(ending)] in self.names:
                return NAME + word[len(word) - len(ending) :]
        return word

    def scrub(self, text: str) -> str:
        """``text`` with names replaced by "[name]" and case references by "[case]"."""
        if self.references:
            text = _CASE_RUN.sub(CASE, _REFERENCE_TOKEN.sub(self._reference, text))
        if self.names:
            text = _NAME_RUN.sub(NAME, _WORD.sub(self._name, text))
        if self.also_unknown_names:
            text = _unknown_capitalised(text, known_words())
        return text


def scrub(
    text: str,
    names: Iterable[str | None],
    references: Iterable[str | None],
    *,
    also_unknown_names: bool = True,
) -> str:
    """Free text with names replaced by "[name]" and case references by "[case]".

    ``names`` are the people the form names (full names): each of their words of 2+ letters
    is taken out on its own, case-insensitive, as a whole word ("Kieran's" loses "Kieran"),
    and a full name becomes one "[name]". ``references`` are the case references, taken out
    as whole tokens, case-insensitive, as written and part by part. With
    ``also_unknown_names`` (the default) every capitalised word that is not a known word goes
    too: see the module notes for what that costs and what it still misses. For many texts,
    build one ``Anonymiser`` and call its ``scrub``.
    """
    return Anonymiser(names, references, also_unknown_names=also_unknown_names).scrub(text)
