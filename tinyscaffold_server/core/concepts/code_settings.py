"""The settings a code cell lays out for the reader: a record of values, one per line.

A course sets the knobs of what it teaches as a block the reader is invited to change::

    params = dict(
        num_epochs=2,  # keep small to run faster
        learning_rate=5e-4,
    )

Each entry names a setting in the programmer's spelling of a term ("learning rate",
"epochs", "training iterations"): :func:`setting_phrases` spells it out as a plain phrase
given its value (kind ``valued``, judged in the notebook walk as any such phrase, ``plain.py``),
and its name joins the code's keyword names, the API's words, so prose that says the term
before the record introduces it there.
One entry alone is a call's argument; a record has two entries or more, each on its own line
and ending with a comma (the layout of a ``dict(…)``, a ``{…}`` literal or a call's keyword
arguments), each a number.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..lazy_re import compile_lazily
from . import lexicon
from .prose import ProseTerm
from .term_filter import Term
from .types import MENTIONED

__all__ = ["record_settings", "setting_phrases"]

# `num_epochs=2,`  `"learning_rate": 5e-4,`  `batch_size = 8,  # Experiment …`
_ENTRY = compile_lazily(
    r"""^\s*["']?(?P<name>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)["']?\s*[=:]\s*"""
    r"[-+]?(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*,\s*(?:#.*)?$"
)
# how many of a thing, said before it: `num_epochs`, `n_filters` (the thing counted is named)
_COUNT_PREFIXES = frozenset({"num", "n", "nb", "number"})
_ENTRIES = 2  # one entry alone is a call's argument, not a record of settings


def _spelled(name: str) -> str | None:
    """ "learning rate" of ``learning_rate``, "epochs" of ``num_epochs``; None when a part is
    no English word (``rnn_units``, ``d_model``), an abbreviation the prose must spell, or
    when the last part can be no noun (``latent_dim``): the head of a term is a noun."""
    parts = name.lower().split("_")
    if parts[0] in _COUNT_PREFIXES:
        parts = parts[1:]
    if not parts or any(len(part) < 3 or not lexicon.parts_of_speech(part) for part in parts):
        return None
    if "NOUN" not in lexicon.parts_of_speech(parts[-1]):
        return None
    return " ".join(parts)


def record_settings(lines: Sequence[str]) -> list[tuple[int, str]]:
    """(line, name) of the entries of a record of settings laid out one per line."""
    if sum(1 for line in lines if "," in line and "_" in line) < _ENTRIES:
        return []  # (most cells hold no record: the regex is skipped)
    entries = [
        (lineno, match["name"])
        for lineno, line in enumerate(lines, start=1)
        if (match := _ENTRY.match(line)) is not None
    ]
    return entries if len(entries) >= _ENTRIES else []


def setting_phrases(entries: Sequence[tuple[int, str]]) -> list[ProseTerm]:
    """The settings of a record, as plain phrases given a value."""
    found = []
    for lineno, name in entries:
        phrase = _spelled(name)
        if phrase is not None:
            found.append(ProseTerm(Term(phrase, ()), "valued", lineno, MENTIONED))
    return found
