"""Is a marked phrase a concept?  The filter behind every prose candidate (issue 8).

A candidate is what the text marks as introduced (emphasis, a heading's subject, a
definition pattern); this module drops what the labelling guide says is not a concept:

- clauses and sentences ("Data is the fuel"), lists ("PyTorch, TensorFlow, JAX");
- numbers, years and eras ("1960s", "3D");
- course-structure and rhetoric labels ("Step 1", "Learning Side", "Why this matters");
- lone adjectives, verbs and adverbs ("Slow", "Understand"), and everyday words that are
  merely emphasised ("**Production**", "**Image**") unless the text defines them;
- phrases led by a comparative ("Higher dimensions");
- frameworks and companies, which courses name in passing.

Word knowledge comes from :mod:`.lexicon` (wordfreq, lemminflect); the hand-kept lists are
only the closed classes no dictionary marks (see ``concept_words``).
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..lazy_re import compile_lazily
from ..memo import small_input_cache
from ..named_tuple import NamedTuple
from . import lexicon
from .keys import normalise_key, singular
from .types import DEFINED
from .words import (
    CLAUSE,
    FILLER,
    GENERIC,
    MARKER,
    PRODUCT,
    PRONOUN,
    QUESTION,
    STRUCTURE,
)

__all__ = ["Term", "clean_term", "scare_quoted"]


# Two capitalised names joined by a slash: "Xavier/Glorot", one thing under either name.
_TWO_NAMES = compile_lazily(r"([A-Z][a-z]{2,})/([A-Z][a-z]{2,})")
_LIST_NUMBER = compile_lazily(r"^\(?\d+[.)]\s*")
_PARENTHETICAL = compile_lazily(r"^(?P<main>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*$")
_NUMERIC = compile_lazily(r"^\d[\d.,]*(?:s|st|nd|rd|th|d|k|m|x|%|ms)?$")
_POSSESSIVE = compile_lazily(r"\w['\u2019]s\s")
_ARTICLE = compile_lazily(r"^(?:a|an|the)\s+", re.IGNORECASE)
_ARTICLE_INITIALS = frozenset("aAtT")
_PLAIN = set(GENERIC | FILLER)
_CONJUNCTION = frozenset({"and", "or", "vs", "versus", "nor"})
# Head nouns that name a slot of the text, not a topic, whatever precedes them.
_RUBRIC_HEADS = frozenset(
    {"task", "goal", "objective", "insight", "takeaway", "tip", "note", "question", "exercise"}
)


# Above this general-English frequency a lone quoted word is an everyday word used loosely.
_SCARE_ZIPF = 4.8


def scare_quoted(word: str) -> bool:
    """'how "wrong" predictions are', 'the "distance"': quotation marks around an everyday
    word (one that can be an adjective, or is very common) loosen it, they name no term."""
    return "ADJ" in lexicon.parts_of_speech(word) or lexicon.zipf(singular(word)) >= _SCARE_ZIPF


class Term(NamedTuple):
    name: str  # the author's spelling, without the parenthetical
    aliases: tuple[str, ...]  # an abbreviation or expansion given with it


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w).upper()


def abbreviates(short: str, long: str) -> bool:
    """ "ReLU" abbreviates "Rectified Linear Unit": its capitals are the long form's initials."""
    capitals = "".join(c for c in short if c.isupper())
    words = [w for w in re.split(r"[\s\-]+", long) if w]
    return len(capitals) >= 2 and len(words) >= 2 and capitals == _initials(words)


def _split_alias(text: str) -> Term:
    """ "ReLU (Rectified Linear Unit)" → ReLU + alias; "Scalar (0D)" → Scalar + alias "0D";
    "Broadcasting (automatic shape matching)" → Broadcasting (a gloss is not an alias)."""
    match = _PARENTHETICAL.match(text) if ")" in text else None
    if match is None:
        return Term(text, ())
    main, inner = match["main"].strip(), match["inner"].strip()
    if abbreviates(main, inner) or abbreviates(inner, main) or len(inner.split()) == 1:
        return Term(main, (inner,))
    return Term(main, ())


def _is_label(text: str, words: list[str]) -> bool:
    """Course-structure, rhetoric and marker labels ("Step 1", "Key Insight", "TODO")."""
    if words[0] in QUESTION or not PRONOUN.isdisjoint(words):
        return True
    if len(words) > 1 and any(w in STRUCTURE and n.isdigit() for w, n in pairwise(words)):
        return True
    if _PLAIN.issuperset(words) or (len(words) > 1 and words[-1] in _RUBRIC_HEADS):
        return True  # "Analysis Task", "Design Goal": a slot of the text, whatever it is about
    # "Visual Understanding", "Mathematical Foundation": describers around a label word.
    topical = [w for w in words if w not in _PLAIN]
    if len(topical) < len(words) and all(_describer(w) for w in topical):
        return True
    shouted = text.upper() == text and any(c.isalpha() for c in text)
    return shouted and (_PLAIN | MARKER).issuperset(words)


def _named_things(name: str, words: list[str]) -> bool:
    """ "the keys, queries, and values (equations 12.2 and 12.4)": a label word in the
    plural, lower-case, that the text cites an equation for names the things, not a slot of
    the text (labels are singular and capitalised: "Key", "Note", "Output")."""
    return len(words) == 1 and name.islower() and name != words[0] and name.endswith("s")


def _describer(word: str) -> bool:
    tags = lexicon.parts_of_speech(word)
    return bool(tags) and "NOUN" not in tags


# Phrases repeat across cells; a "phrase" is as long as the author's line: cached while short.
@small_input_cache(maxsize=4096, max_size=256)
def clean_term(raw: str, strength: int, code: bool = False, cited: bool = False) -> Term | None:
    """The concept a marked phrase names, or None when it is not one (see module doc).
    ``code``: the phrase is inline code or a link's text (``Sequential``, ``Flatten``): an
    API's name, whatever part of speech its word would have in prose.  ``cited``: the text
    cites its equations for the phrase ("the keys (equation 12.2)")."""
    text = raw.strip().strip("*_").strip().rstrip(":.;,").strip()
    if not text or text.endswith(("?", "!")):
        return None
    if text[:1].isdigit() or text[:1] == "(":
        text = _LIST_NUMBER.sub("", text)
    term = _split_alias(text)
    name = term.name
    if name[:1] in _ARTICLE_INITIALS:
        name = _ARTICLE.sub("", name)
    name = name.strip().strip("`").strip()
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return None
    if name[:5].lower() == "test_" and name.isidentifier():
        return None  # a test function, by the test runners' convention: scaffolding
    if "," in name or ";" in name or len(name) > 60:
        return None  # a list or a sentence fragment
    if _POSSESSIVE.search(name):
        return None  # "The Decorator's Mission": something of a thing, as in prose
    named = _TWO_NAMES.fullmatch(name)
    if named is not None:  # "Xavier/Glorot": one scheme, named after each of its authors
        term = term._replace(aliases=(*term.aliases, named[1], named[2]))
    raw_words = name.split()
    key = normalise_key(name)
    # (only a word of four letters or more that ends in "s" can change: ``singular``)
    words = [singular(w) if w[-1] == "s" and len(w) > 3 else w for w in key.split()]
    if not words or not 1 <= len(raw_words) <= 5:
        return None
    if not CLAUSE.isdisjoint(words):
        return None
    if words[0][0].isdigit() and all(_NUMERIC.match(w) for w in words):  # (\d is a digit)
        return None
    if not _CONJUNCTION.isdisjoint(words[1:-1]):
        return None  # "ReLU or ReLUs", "add and multiply": a list, not one name
    squashed = "".join(words)
    first = key.split()[0]
    if _is_label(name, words) and not (cited and _named_things(name, words)):
        return None
    if len(words) == 2 and words[0] in _CELL_KINDS and words[1] in _NOTEBOOK_PARTS:
        return None  # "Let's run the code block": a part of the notebook, not of the lesson
    api = code and "." in name  # "keras.layers.Conv2D": an API inside a library, not the library
    if not api and (squashed in PRODUCT or PRODUCT.intersection((words[0], first))):
        return None
    if (
        not (code and len(raw_words) == 1)
        and not _is_term_shaped(words, raw_words, strength)
        and not _with_symbol(term, words)
    ):
        return None
    return Term(name, tuple(a for a in term.aliases if normalise_key(a) != key))


_CELL_KINDS = frozenset({"code", "text", "markdown"})
_NOTEBOOK_PARTS = frozenset({"block", "cell", "snippet", "chunk", "listing"})


# One letter, Latin or Greek, as a quantity's symbol: "(m)", "(v)", "(θ)".
_SYMBOL = compile_lazily(r"[A-Za-z\u0370-\u03ff]")


def _with_symbol(term: Term, words: list[str]) -> bool:
    """ "**First Moment (m)**", "**Second Moment (v)**": a phrase the author gives a symbol
    names a quantity, though an ordinal opens it (elsewhere "first", "second" count steps)."""
    return (
        len(words) > 1
        and words[0] in _ORDINALS
        and any(_SYMBOL.fullmatch(alias) for alias in term.aliases)
    )


_ORDINALS = frozenset({"first", "second", "third"})


def _is_term_shaped(words: list[str], raw_words: list[str], strength: int) -> bool:
    if len(raw_words) == 1:
        word = "".join(words)  # "element-wise" is one word: "elementwise"
        if raw_words[0].isupper() and lexicon.parts_of_speech(word):
            return False  # "PREDICTION", "NOTE": a shouted word, not an acronym ("GELU")
        first = raw_words[0]
        if (any(c.isupper() for c in first[1:]) and any(c.islower() for c in first)) or (
            "_" in first
        ):
            return True  # "ReLU", "NumPy", "max_pool": coined, not general English
        tags = lexicon.parts_of_speech(word)
        if tags and "NOUN" not in tags:
            return False  # "Slow", "Understand", "Linear"
        return strength >= DEFINED or lexicon.zipf(word) < lexicon.COMMON_ZIPF
    if lexicon.is_comparative(words[0]) or words[0] in FILLER or words[-1] in FILLER:
        return False
    head = lexicon.parts_of_speech(words[-1])
    # A gerund heads a term as a noun does: "operator overloading", "batch processing".
    return not head or "NOUN" in head or words[-1].endswith("ing")
