"""Regenerate src/audit_docs/compute/known_words.txt, the words scrub() leaves alone.

Run by hand, not at install: the list is committed. Needs Debian's ``wbritish`` package
(/usr/share/dict/british-english) and, in any virtual environment, ``pip install wordfreq
names``:

    python tools/make_known_words.py > src/audit_docs/compute/known_words.txt

What goes in (lower case, one word a line):

1. the 30,000 most frequent English words (wordfreq) that the British English dictionary
   (SCOWL, wbritish) lists in lower case, which drops names such as "declan" that are frequent
   but only ever capitalised;
2. less the words that are also common given names (US census first names, plus names that are
   words and popular in the UK) or common UK surnames ("Smith", "Baker"): a capitalised "Summer" or "Ruby" in a case note is far more
   likely a child than a season or a stone, so scrub() must not know them. A handful of very
   common words that happen to be names ("in", "so", "young", "long") stay known;
3. plus the domain vocabulary below: relatives, acronyms, services, days and months.

A word missing from the list is only ever over-redacted (replaced by "[name]" when capitalised);
a name on the list would leak, so when unsure, leave a word out.
"""

from __future__ import annotations

import sys
from pathlib import Path

import names
import wordfreq

TOP = 50_000
DICTIONARY = Path("/usr/share/dict/british-english")


def _words(text: str) -> list[str]:
    return text.split()


#: census first names this common or more (per cent of people) count as names
CENSUS_SHARE = 0.004

#: given names that are words, popular in the UK, and rarer in the 1990 US census
UK_WORD_NAMES = _words(
    """
april autumn blossom blue brook brooke daisy dawn ember faith grace harley hazel heather holly
honey hope hunter iris ivy jade jasmine jasper jay june lily marley mason may meadow olive
opal pearl penny poppy reggie river robin rose rosie ruby saffron scarlett skye sky sonny
storm summer willow winter wren
"""
)

#: common UK surnames that are also words: "the Baker family", "Smith said"
UK_WORD_SURNAMES = _words(
    """
baker barker bell brown butler cook cooper fisher green hall hill hunt king knight
marshall miller mills price shaw smith turner walker ward webb wood wright
"""
)

#: words that are names too but are far more often just words at the start of a sentence
KEEP = _words(
    """
in so son man long young major art chance love page sun brain rich queen royal prince forest
moon era golden grant marine junior angel charity chase min walker noble lean delta cliff
numbers china miss gay hung sang dot lane foster reed carol genesis trinity soon
manual alpha meta
"""
)

#: domain vocabulary: kept even when capitalised mid-sentence
DOMAIN = _words(
    """
mum mummy mom dad daddy nan nana nanna nanny gran granny grandma grandmother grandad granddad
grandpa grandfather grandparent grandparents stepmum stepdad aunt aunty auntie uncle cousin
sibling siblings carer carers kinship partner ex
mr mrs ms miss mx dr
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
christmas easter halloween ramadan eid diwali
early help eh eha ehaf eeha taf tac tafs gp gps csc smart ssf ssfs fgc eisi ecins webstar
camhs mash dash dv nspcc nhs cin cp lac cla iro senco sendco send ehcp sen tys ccs hv fsw
lp tm sw ehc marac mappa cse cce prevent asd adhd ocd ptsd
school schools nursery academy college sixth form centre children's children
freedom programme programmes women's aid relate barnardo's barnardos homestart kooth childline
samaritans solihull triple incredible years signs safety graded care profile gcp
council police court courts ofsted dwp job jobcentre universal credit housing benefit
food bank
multi non co pre ex self inter
england english british uk wales welsh scotland scottish irish ireland european
asian african caribbean pakistani bangladeshi indian chinese polish romanian muslim hindu sikh
jewish
"""
)


def census_names() -> set[str]:
    folder = Path(names.__file__).parent
    found: set[str] = set()
    for file in ("dist.female.first", "dist.male.first"):
        for line in (folder / file).read_text().splitlines():
            name, share, *_ = line.split()
            if float(share) >= CENSUS_SHARE:
                found.add(name.lower())
    return found


def main() -> None:
    entries = DICTIONARY.read_text(encoding="utf-8").splitlines()
    lower = {w for w in entries if w and w == w.lower()}
    # possessives are left out ("summer's" would let "Summer's" through): scrub() takes the
    # 's off before it looks a word up
    common = [
        w
        for w in wordfreq.top_n_list("en", TOP)
        if w in lower and w.isascii() and not w.endswith(("'s", "'"))
    ]
    name_words = (census_names() | set(UK_WORD_NAMES) | set(UK_WORD_SURNAMES)) - set(KEEP)
    # a lone capital is an initial ("J and K attended"): only "a" and "I" are words
    known = {w for w in common if w not in name_words and (len(w) > 1 or w in "ai")}
    known |= set(DOMAIN)
    out = sys.stdout
    out.write("# Words scrub() leaves alone when capitalised (lower case, one a line).\n")
    out.write("# Made by tools/make_known_words.py from wordfreq (data CC BY-SA 4.0) and SCOWL\n")
    out.write("# (wbritish), less common given names, plus the domain vocabulary. Do not edit\n")
    out.write("# by hand: change the script and run it again.\n")
    for word in sorted(known):
        out.write(word + "\n")


if __name__ == "__main__":
    main()
