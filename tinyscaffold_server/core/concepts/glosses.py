"""What the words around a noun phrase say it is called, within its sentence.

A symbol's meaning ("$b$ is a bias"), a phrase given its notation ("the activations
$f$"), an appositive ("The first layer, `Flatten`, transforms …"), another name in a
parenthesis or after "or" ("the unique characters (i.e., our vocabulary)"), and a phrase
with its "of" complement as one name.  :mod:`.sentence_patterns` holds the other tests
of the words around a phrase; :mod:`.phrases` applies them.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..lazy_re import compile_lazily
from .chunks import DETERMINER, can_head, nominal, verb_capable
from .tokens import CODE, MATH, WORD, Token, starts_with
from .words import words

__all__ = ["appositive", "gloss", "math_gloss", "named_symbol", "symbol", "with_of"]

_GLOSS_VERB = words("is are represents denotes stands")


def math_gloss(sentence: Sequence[Token], start: int) -> bool:
    """ "$b$ is a bias", "where $W$ represents a matrix of weights": a symbol's meaning."""
    at = start - 1
    while at >= 0 and sentence[at].lower in DETERMINER:
        at -= 1
    if at < 1 or sentence[at].lower not in _GLOSS_VERB or sentence[at - 1].kind != MATH:
        return False
    # "the weight matrices $W$ are the entries of …": the symbol is already named
    return at < 2 or sentence[at - 2].kind != WORD or not can_head(sentence[at - 2])


# A symbol written as inline code: one letter (with a subscript or a prime) or a Greek
# letter, as in the notation lists after a formula (``notation``): `W`, `b`, `x_t`, `\u03b1`.
_CODE_SYMBOL = compile_lazily(r"[A-Za-z](?:_\{?\w{1,3}\}?)?'?|[\u0370-\u03ff](?:_\w{1,3})?")


def symbol(token: Token) -> bool:
    """Is the token a symbol of notation: math, or inline code of one letter?"""
    return token.kind == MATH or (
        token.kind == CODE and _CODE_SYMBOL.fullmatch(token.text) is not None
    )


# "a given datapoint $x$", "any input $x$", "each layer $k$": the symbol names an
# instance, any one of its kind, not an idea the sentence defines
_ANY_ONE = words("any each every given particular arbitrary certain")


def named_symbol(sentence: Sequence[Token], bare: int, end: int) -> bool:
    """ "the biases $\\beta$ are …": a phrase given its symbol, then explained; "we need
    the activations $\\mathbf{f}$": a phrase given its notation (not the complement of
    another: "the columns of the input matrix $\\mathbf{X}$").  ``bare``: where the words
    before the phrase end, less its determiners."""
    after = sentence[end : end + 2]
    if not after or not symbol(after[0]):
        return False
    over_each = end + 2 < len(sentence) and sentence[end + 2].lower in _ANY_ONE
    if len(after) == 2 and after[1].lower == "of" and not over_each:
        # "an estimate $Q$ of the latent space": the symbol names the whole (not "the
        # activations $h_k$ of every layer": the symbol indexes the phrase over the layers)
        return False
    if any(t.lower in _ANY_ONE for t in sentence[bare:end]):
        return False  # "a given datapoint $x$", "each layer $k$": a variable over instances
    if len(after) == 2 and after[1].lower in _GLOSS_VERB:
        return True
    return sentence[end - 1].kind == WORD and (bare == 0 or sentence[bare - 1].lower != "of")


def with_of(sentence: Sequence[Token], start: int, end: int) -> Sequence[Token]:
    """The phrase with an "of" complement ("matrix of weights"), as one name."""
    if end + 1 < len(sentence) and sentence[end].lower == "of":
        stop = end + 1
        while stop < len(sentence) and nominal(sentence, stop, end + 1):
            stop += 1
        if stop > end + 1:
            return sentence[start:stop]
    return sentence[start:end]


def appositive(sentence: Sequence[Token], start: int, end: int) -> bool:
    """ "The first layer in this network, `tf.keras.layers.Flatten`, transforms …"."""
    return (
        start > 0
        and sentence[start - 1].text == ","
        and end + 1 < len(sentence)
        and sentence[end].text == ","
        and sentence[end + 1].kind == WORD
        and verb_capable(sentence[end + 1].lower)
    )


# What opens a parenthesis that says the same thing in other words: "(i.e., …)", "(that
# is, …)"; not "(e.g., …)", an example of it.
_RESTATING = (("(", "i.e"), ("(", "ie"), ("(", "that", "is"))
_RESTATING_SKIP = frozenset({".", ",", "our", "the", "a", "an", "your", "their", "its"})


def _restated(sentence: Sequence[Token], end: int) -> tuple[int, int] | None:
    """ "the unique characters (i.e., our vocabulary)": the phrase the whole parenthesis
    restates the one before it with (a list or a clause in it restates nothing)."""
    opening = next((p for p in _RESTATING if starts_with(sentence, end, p)), None)
    if opening is None:
        return None
    inner = end + len(opening)
    while inner < len(sentence) and sentence[inner].lower in _RESTATING_SKIP:
        inner += 1
    stop = inner
    while stop < len(sentence) and nominal(sentence, stop, inner):
        stop += 1
    if stop == inner or stop >= len(sentence) or sentence[stop].text != ")":
        return None
    return (inner, stop) if can_head(sentence[stop - 1]) else None


def gloss(sentence: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """The phrase after "(or …)" or ", or …": another name for the one before it; not the
    last item of a list ("dark skin, sunglasses, or hats": the phrase after a comma)."""
    rest = sentence[end:]
    listed = start > 0 and sentence[start - 1].text == ","
    restated = _restated(sentence, end)
    if restated is not None:
        return restated
    if starts_with(rest, 0, ("(", "or")) or (not listed and starts_with(rest, 0, (",", "or"))):
        inner = end + 2
        stop = inner
        while stop < len(sentence) and nominal(sentence, stop, inner):
            stop += 1
        while stop > inner and not can_head(sentence[stop - 1]):
            stop -= 1
        if stop > inner:
            return inner, stop
    return None
