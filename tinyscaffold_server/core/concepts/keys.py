"""Concept keys: one key per concept, whatever its spelling (issue 8, "one concept, one key").

SPEC 4's normalisation (lower case, non-alphanumerics to spaces, plural dropped), extended so
that the variants an author writes meet:

- hyphenation: "Cross-Entropy", "cross entropy", "CrossEntropy" → "cross entropy" (a
  concept spelled with a hyphen also answers to the joined form, "elementwise": see
  :func:`spellings`);
- code spelling: "LinearLayer", "linear_layer" → "linear layer" (a capital that starts a
  lower-case run starts a word; acronyms stay whole: "ReLU" → "relu");
- plurals of the head noun: "-ies" → "-y", "-sses/-xes/-ches/-shes" → drop "es", a few
  irregulars; words of three letters or fewer and "-ss"/"-us"/"-is" words keep their "s".
"""

from __future__ import annotations

from collections.abc import Iterable

from ..lazy_re import compile_lazily
from ..memo import recent_text_cache, small_input_cache
from .words import IRREGULAR, SINGULAR_S

TYPE_CHECKING = False  # typing's own flag would import typing (CLI start-up)
if TYPE_CHECKING:
    import re

__all__ = [
    "line_words",
    "normalise_key",
    "padded",
    "phrases",
    "postings",
    "singular",
    "spellings",
    "word_text",
]

_NON_ALNUM = compile_lazily(r"[\W_]+")
_WORD = compile_lazily(r"[A-Za-z0-9]+")
_HYPHENATED = compile_lazily(r"(?<=[A-Za-z])-(?=[A-Za-z])")
# A capital that starts a lower-case run after a letter or digit (the capital first: most
# characters are no capital, and the regular expression engine skips them fast).
_CAMEL = compile_lazily(r"([A-Z])(?<=[a-z0-9][A-Z])(?=[a-z])")


def _spaced(capital: re.Match[str]) -> str:
    # (a function, not the template r" \1": a template costs a Python call on every ``sub``)
    return " " + capital[1]


_DUNDER = compile_lazily(r"(__[A-Za-z0-9]+__)")
_ACRONYM_PLURAL = compile_lazily(r"[A-Z]{2,}s\W*$")


# Words and names come from whatever the author typed: cached only while short (core/memo.py).
@small_input_cache(maxsize=8192, max_size=64)
def singular(word: str) -> str:
    if len(word) < 4 or word[-1] != "s":
        return word
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word in SINGULAR_S or word.endswith(("ss", "is")):
        return word
    if word.endswith("us") and len(word) > 4:  # "status", "focus"; but "gpus" → "gpu"
        return word
    if len(word) > 4:
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith(("sses", "xes", "ches", "shes")):
            return word[:-2]
    return word[:-1]


@small_input_cache(maxsize=8192, max_size=128)
def normalise_key(name: str) -> str:
    """The key novelty is decided on; plural dropped from the last word only (the head noun
    of an English noun phrase carries the plural: "activation functions")."""
    if not name.islower():
        name = _CAMEL.sub(_spaced, name)
    if "__" in name:  # "Tensor.__add__" and "Tensor.add" are two methods: keep the dunder
        words: list[str] = []
        for part in _DUNDER.split(name.lower()):
            words.extend([part] if _DUNDER.fullmatch(part) else _NON_ALNUM.sub(" ", part).split())
    else:
        words = _NON_ALNUM.sub(" ", name.lower()).split()
    if not words:
        return ""
    if _ACRONYM_PLURAL.search(name):
        words[-1] = words[-1][:-1]  # "GPUs", "ReLUs", "CNNs"
    elif not words[-1].startswith("__"):
        words[-1] = singular(words[-1])
    return " ".join(words)


def spellings(name: str) -> tuple[str, ...]:
    """Keys a name answers to besides its own: "element-wise" also "elementwise"."""
    if "-" not in name:
        return ()
    joined = normalise_key(_HYPHENATED.sub("", name))
    return (joined,) if joined != normalise_key(name) else ()


# Every byte but a lower-case ASCII letter or digit becomes a space: the bytes of a character
# outside ASCII too, which is no word character (``_WORD``).
_WORD_BYTES = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))


def word_text(text: str) -> str:
    """Text as lower-case, singular words one space apart, code spelling split ("Tensors",
    ``batch_size``, ``LinearLayer`` → "tensor", "batch size", "linear layer"): the form in
    which a phrase is looked for in a cell (glossary terms, uses of a concept)."""
    words = _word_chars(text, _WORD_BYTES).split()
    # Only a word of four letters or more that ends in "s" can change (``singular``): a
    # phrase's words are asked one by one, a cell's distinct words once each.
    if len(words) < 16:
        return " ".join([singular(w) if w[-1] == "s" and len(w) > 3 else w for w in words])
    return _singular_words(words, _singulars(words))


# As ``_WORD_BYTES``, keeping line breaks.
_LINE_WORD_BYTES = _WORD_BYTES[:10] + b"\n" + _WORD_BYTES[11:]


def line_words(text: str) -> list[str]:
    """``word_text`` of each line of a text (in one pass over the text): no word, and no
    split of code spelling, spans a line break, so the words of any of its lines joined are
    the ``word_text`` of those lines joined."""
    lines = [line.split() for line in _word_chars(text, _LINE_WORD_BYTES).split("\n")]
    changed = _singulars(word for words in lines for word in words)
    return [_singular_words(words, changed) for words in lines]


def _word_chars(text: str, table: bytes) -> str:
    """The lowered text, code spelling split, with every character that is no word
    character of ``_WORD`` made a space by ``table`` (C string methods: a cell's every word
    would otherwise cost a Python step)."""
    text = text.replace("-", "")
    if not text.islower():  # a capital, or no letter at all: code spelling to split
        text = _CAMEL.sub(_spaced, text)
    return text.lower().encode().translate(table).decode()


def _singulars(words: Iterable[str]) -> dict[str, str]:
    """Each distinct plural among ``words`` that ``singular`` changes, and its singular."""
    plural = {word for word in set(words) if word[-1] == "s" and len(word) > 3}
    return {word: one for word in plural if (one := singular(word)) != word}


def _singular_words(words: list[str], changed: dict[str, str]) -> str:
    return " ".join(map(changed.get, words, words) if changed else words)


# A cell's text is padded by several passes (the cell's words, each heading's "is it
# discussed" check of its body): the last few texts are remembered (core/memo.py).
@recent_text_cache(kept=8, max_chars=1 << 18)
def padded(text: str) -> str:
    """``word_text`` with a space on both sides: the text a padded phrase is looked for in."""
    return f" {word_text(text)} "


def phrases(spellings: Iterable[str]) -> list[str]:
    """Each spelling's words padded with a space on both sides, so that ``phrase in text``
    matches whole words of a padded ``word_text`` (empty spellings dropped).  A capitalised
    hyphenated spelling is also looked for as a lower-case text spells it ("Log-Sum-Exp
    Trick" splits into words as code spelling, "log-sum-exp trick" joins)."""
    found = []
    for spelling in spellings:
        words = word_text(spelling)
        if words:
            found.append(f" {words} ")
            if "-" in spelling and spelling != spelling.lower():
                lower = word_text(spelling.lower())
                if lower != words:
                    found.append(f" {lower} ")
    return found


def postings(texts: Iterable[str]) -> dict[str, set[int]]:
    """word → the positions of the padded texts it appears in: an inverted index, so that a
    phrase is looked for only in the texts holding all its words."""
    index: dict[str, set[int]] = {}
    for at, text in enumerate(texts):
        for word in set(text.split()):
            found = index.get(word)
            if found is None:
                index[word] = {at}  # (``setdefault`` would build an empty set for every word)
            else:
                found.add(at)
    return index
