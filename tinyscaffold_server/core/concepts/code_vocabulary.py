"""The phrases a notebook's code names, for the plain phrases of its prose (:mod:`.plain`).

The notebook's variables, keyword names and defined names (:func:`code_names`); the
phrases its compound names spell (:func:`code_phrases`) and the classes it builds
(:func:`built_classes`); a vocabulary of such phrases that also answers for a phrase the
code spells in short forms (:class:`CodeVocabulary`, :func:`shortens`); and the prose's
phrases found again from the code's short forms (:class:`LongForms`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..lazy_re import compile_lazily
from . import lexicon
from .keys import normalise_key, word_text
from .types import CellConcepts

__all__ = [
    "CodeVocabulary",
    "LongForms",
    "built_classes",
    "code_names",
    "code_phrases",
    "counted_vocabulary",
    "shortens",
]


def code_names(
    cells: Sequence[CellConcepts],
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The variables, keyword names and defined names (functions, classes, parameters) of
    the notebook's code (what ``PlainPhrases`` and the taught names depend on besides the
    cells' own fields)."""
    return (
        frozenset().union(*(cell.assigned for cell in cells)),
        frozenset().union(*(cell.keywords for cell in cells)),
        frozenset().union(*(cell.defined for cell in cells)),
    )


_VERB_ONLY = frozenset({"VERB"})


def code_phrases(names: Iterable[str], whole: Iterable[str] = (), last: int = 1) -> frozenset[str]:
    """The phrases the notebook's compound names spell, with their tails down to ``last``
    words: ``all_biases`` → "all bias", "bias" (``last`` 1); ``least_squares_loss`` →
    "least square loss", "square loss" (``last`` 2: a function's last word, "loss" or
    "array" of ``leaky_relu_array``, is its kind, not its subject, so a name of three
    words or more also spells its subject without it: ``gradient_descent_step`` →
    "gradient descent").  A one-word name (a parameter ``bias``, a variable ``layer``) says
    little: only ``whole`` names (keyword arguments, the API's words: ``momentum=``) count
    as one word.  A name that opens with a
    verb-only word says what its code does, not what it is (``analyze_gradient_computation``,
    ``generated_text``)."""
    found: set[str] = set()
    for name in names:
        parts = word_text(name).split()
        if len(parts) < 2:
            continue
        if lexicon.parts_of_speech(parts[0]) == _VERB_ONLY:
            continue  # "analyze_gradient_computation": what it does, not what it is
        found.update(" ".join(parts[cut:]) for cut in range(len(parts) - last + 1))
        if last > 1 and len(parts) > 2:
            found.add(" ".join(parts[:-1]))  # its subject: "gradient descent" of ``…_step``
    found.update(word_text(name) for name in whole)
    return frozenset(found)


# "Conv2d", "MaxPool2D": the dimension a class works in is no word of its name
_DIMENSION = compile_lazily(r"\s*\d+d$")


def built_classes(cells: Sequence[CellConcepts]) -> dict[str, str]:
    """The classes the notebook's code builds: their names' words without the dimension
    ("conv", "batch norm"), mapped to the key of the name ("conv2d", "batch norm2d")."""
    found: dict[str, str] = {}
    for cell in cells:
        for raw, _ in cell.built:
            last = raw.rsplit(".", 1)[-1]
            short = _DIMENSION.sub("", word_text(last))
            if short:
                found.setdefault(short, normalise_key(last))
    return found


def counted_vocabulary(counters: frozenset[str]) -> CodeVocabulary:
    return CodeVocabulary(frozenset(word_text(name) for name in counters))


class _ByInitials:
    """Phrases by the initials of their words: a short form ("seq length") and the phrase it
    spells ("sequence length") share them, so each side finds the other's candidates here."""

    def __init__(self) -> None:
        self._phrases: dict[tuple[str, ...], list[str]] = {}

    def add(self, phrase: str) -> None:
        self._phrases.setdefault(_initials(phrase.split()), []).append(phrase)

    def sharing(self, words: list[str]) -> list[str]:
        return self._phrases.get(_initials(words), [])


def _initials(words: list[str]) -> tuple[str, ...]:
    return tuple(word[:1] for word in words)


class LongForms:
    """Phrases, found again from a programmer's short forms of them: ``zero_grad`` spells
    "zeroing gradients", ``seq_length`` "sequence length" (each part the start of the
    phrase's word, three letters at least; see :func:`shortens`)."""

    def __init__(self, phrases: Iterable[str] = ()) -> None:
        self._index = _ByInitials()
        for phrase in phrases:
            self.add(phrase)

    def add(self, phrase: str) -> None:
        self._index.add(phrase)

    def spelled_by(self, short: str) -> str | None:
        """The phrase whose words ``short``'s words begin, if any."""
        parts = short.split()
        if not all(len(part) >= 3 for part in parts):
            return None
        for phrase in self._index.sharing(parts):
            if all(shortens(part, word) for part, word in zip(parts, phrase.split(), strict=True)):
                return phrase
        return None


class CodeVocabulary:
    """The phrases the notebook's code names, answering also for a phrase the code spells in
    short forms (``seq_length``: "sequence length", ``vocab_size``: "vocabulary size"; never
    a lone word)."""

    def __init__(self, phrases: frozenset[str]) -> None:
        self._phrases = phrases
        self._short_forms = _ByInitials()
        for phrase in phrases:
            if all(len(part) >= 3 for part in phrase.split()):
                self._short_forms.add(phrase)

    def __contains__(self, text: object) -> bool:
        if not isinstance(text, str):
            return False
        if text in self._phrases:
            return True
        words = text.split()
        if len(words) == 1:
            return False  # one clipped word alone (``dim``) may stand for any word it opens
        return any(
            all(shortens(part, word) for part, word in zip(short.split(), words, strict=True))
            for short in self._short_forms.sharing(words)
        )


# Above this general-English frequency a name's part is a word of its own ("class" is no
# short form of "classification"), unless the phrase's word inflects it ("zero", "zeroing").
_SHORT_FORM_ZIPF = 4.0


def shortens(part: str, word: str) -> bool:
    """Is a name's ``part`` the word, or a programmer's short form of it ("vocab",
    "vocabulary"; "zero", "zeroing"; not "class", "classification")?"""
    return part == word or (
        word.startswith(part)
        and (lexicon.zipf(part) < _SHORT_FORM_ZIPF or lexicon.inflects(word, part))
    )
