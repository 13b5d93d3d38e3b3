"""What the words right after an emphasised term say of it (:mod:`.prose` reads the rest).

"**Linear layers** apply learned transformations", "**Dropout** randomly zeroes elements":
a bold term that opens its line or list item, followed by a verb that agrees with it, is
the subject of a sentence that says what it does, a definition by function, as much as
"**Dropout**: randomly zeroes elements" is.
"""

from __future__ import annotations

from ..lazy_re import compile_lazily
from . import lexicon
from .chunks import CLOSED, verb_capable

__all__ = ["says_what_it_does"]

_OPENS_ITEM = compile_lazily(r"^\s*(?:(?:[-*+\u2022]|\d+[.)])\s+)?(?:\*\*|__)")
_NEXT_WORDS = compile_lazily(r"^\s+([a-z]+)(?:\s+([a-z]+))?")


def says_what_it_does(line: str, term: str, after: str) -> bool:
    """Does the emphasised ``term`` open ``line`` (or its list item), with a verb that
    agrees with it right ``after`` it, an adverb in "-ly" allowed before the verb?

    A plural term takes the base form ("layers apply"), a singular one the "-s" form
    ("dropout zeroes"); a word that can also be a noun is read as a verb after a plural
    term only ("layers store data"; "**Dropout** layers" is a bold modifier), or after the
    adverb ("**Dropout** randomly zeroes")."""
    opening = _OPENS_ITEM.match(line)
    if opening is None or not line[opening.end() :].startswith(term):
        return False
    words = _NEXT_WORDS.match(after)
    if words is None:
        return False
    verb, adverb = words[1], False
    if verb.endswith("ly") and words[2]:
        verb, adverb = words[2], True
    if verb in CLOSED or not verb_capable(verb):
        return False
    last = term.split()[-1].lower()
    plural = last.endswith("s") and not last.endswith("ss")
    if plural:
        return not verb.endswith("s")
    return verb.endswith("s") and (adverb or "NOUN" not in lexicon.parts_of_speech(verb))
