"""What the words around a noun phrase say of it, within its sentence.

:mod:`.phrases` finds the noun phrases of a line; these tests read the tokens around one
(``sentence[start:end]``, ``bare`` where its determiners end) and say whether the sentence
defines it ("X consists of", "X, which …"), only points at it ("this function"),
puts it in a clause of time ("when we define X") or a formula, or gives it a plain kind
(what the author acts on next, a setting given its value, a part of a whole); and
whether a list item that opens with a marked term says what the term does.  What the
words around a phrase say it is called (a gloss, a symbol, an appositive) is in
:mod:`.glosses`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..lazy_re import compile_lazily
from . import lexicon
from .chunks import AUX, CLOSED, CONJUNCTION, DETERMINER, nominal, opens_sentence, verb_capable
from .keys import singular
from .tokens import CODE, NUM, WORD, Token, ends_with, starts_with
from .words import words

__all__ = [
    "ACTING",
    "COMPOSING",
    "VALUING",
    "anaphoric",
    "defining_after",
    "enumerated",
    "in_formula",
    "item_says_what_it_does",
    "placed",
    "plain_kind",
    "when_done",
]

# What a line holds cues for (bits of the mask ``phrases`` computes once per line): the
# plain kinds whose sentence tests run only where their words occur.
ACTING, VALUING, COMPOSING = 1, 2, 4

_DEFINING_VERB = words(
    "defines define provides provide describes describe represents represent denotes denote "
    "means mean specifies specify determines determine controls control measures measure "
    "holds hold stores store gives give computes compute returns return transforms transform "
    "maps map flattens flatten serves serve",
)
# "consisting of", "made up of": the sentence says what the phrase is built from
_COMPOSED = (("consisting", "of"), ("consists", "of"), ("composed", "of"), ("made", "up", "of"))
_AFTER_TERM = (*_COMPOSED, ("refers", "to"), ("means",), ("denotes",), ("stands", "for"))
# "X consists of", "X is made up of", "X refers to": the patterns with "is"/"are" too.
_AFTER_TERM_ALL = (
    *_AFTER_TERM,
    *((verb, *words) for verb in ("is", "are") for words in _AFTER_TERM),
)
_AFTER_FIRST = frozenset(pattern[0] for pattern in _AFTER_TERM_ALL)


_ANAPHORIC = words("this that these those its their his her")


def anaphoric(sentence: Sequence[Token], start: int) -> bool:
    """ "this function, which …": a phrase that points back is not being defined."""
    return start > 0 and sentence[start - 1].lower in _ANAPHORIC


# "that will come when we define the training operation": "we define" in a clause of time
# or condition says when something happens, it does not name the phrase.
_TIME_OR_CONDITION = words("when once after before until while if as")


def when_done(sentence: Sequence[Token], bare: int) -> bool:
    return (
        bare >= 3
        and sentence[bare - 1].lower == "define"
        and sentence[bare - 2].lower == "we"
        and sentence[bare - 3].lower in _TIME_OR_CONDITION
    )


_OPERATORS = frozenset("=+*/^\u00b7\u00d7")


def in_formula(sentence: Sequence[Token], start: int, end: int) -> bool:
    """ "**y = xW + b**": a lone word between the operators of an equation is a symbol of
    the formula, not a phrase of the prose."""
    if end - start != 1 or not any(t.text == "=" for t in sentence):
        return False
    before = sentence[start - 1].text.strip() if start > 0 else ""
    after = sentence[end].text.strip() if end < len(sentence) else ""
    return before in _OPERATORS or after in _OPERATORS


def enumerated(sentence: Sequence[Token]) -> bool:
    """'the "Dark Male", "Dark Female", "Light Male", and "Light Female" groups': three
    quoted names or more in one sentence are the values of something (categories, labels,
    options), listed; a quoted term stands alone."""
    spans, inside = 0, False
    for token in sentence:
        if token.quoted and not inside:
            spans += 1
        inside = token.quoted
    return spans >= 3


_PLACE = words("above below")
_RIGHT_THERE = words("directly immediately just right")


def placed(sentence: Sequence[Token], end: int) -> bool:
    """ "the text block directly above", "the cells below": a phrase that points to a place
    in the notebook names what is shown there, not an idea said here."""
    at = end + 1 if end < len(sentence) and sentence[end].lower in _RIGHT_THERE else end
    if at + 2 < len(sentence) and sentence[at].text == "," and sentence[at + 1].lower in _SHOWN:
        at += 2  # "our hyperparameters, defined above, …": what an earlier cell gave
    return at < len(sentence) and sentence[at].lower in _PLACE


_SHOWN = words("defined shown given set created built described computed")


# "Three components are used to …", "2 layers are …": counted things are instances, and a
# sentence about them describes this case; a definition speaks of the kind.
_COUNTS = words("two three four five six seven eight nine ten several many few")


def _counted(sentence: Sequence[Token], start: int) -> bool:
    return start > 0 and (
        sentence[start - 1].lower in _COUNTS or sentence[start - 1].text[:1].isdigit()
    )


def defining_after(sentence: Sequence[Token], start: int, end: int) -> bool:
    rest = sentence[end:]
    if anaphoric(sentence, start) or _counted(sentence, start):
        return False
    if starts_with(rest, 0, (",", "which")) or starts_with(rest, 0, ("which",)):
        return _defining_clause(sentence, start, rest[1:] if rest[0].text == "," else rest)
    if (
        rest
        and rest[0].lower in _AFTER_FIRST
        and any(starts_with(rest, 0, pattern) for pattern in _AFTER_TERM_ALL)
    ):
        return True
    if not opens_sentence(sentence, start):
        return False
    if _defining_verb(rest, 0):
        return True
    # "The `shape` of a tensor defines …": the phrase, "of", another phrase, a defining verb
    if starts_with(rest, 0, ("of",)):
        for at in range(2, min(len(rest), 7)):
            if rest[at].kind == WORD and rest[at].lower in _DEFINING_VERB | {"is", "are"}:
                return _defining_verb(rest, at)
    return False


def _defining_verb(rest: Sequence[Token], at: int) -> bool:
    """ "is a/an/the …", "defines …", "provides …" at ``rest[at]``."""
    if at >= len(rest):
        return False
    if rest[at].lower in ("is", "are"):
        after = rest[at + 1].lower if at + 1 < len(rest) else ""
        if after in _DERIVED and at + 2 < len(rest) and rest[at + 2].lower in ("by", "as"):
            return True  # "The data density is found by marginalizing …": how to get it
        return after in ("a", "an", "the", "one", "defined", "called", "used")
    return rest[at].lower in _DEFINING_VERB


_DERIVED = words("given found computed calculated obtained")


def _defining_clause(sentence: Sequence[Token], start: int, clause: Sequence[Token]) -> bool:
    """ "tensors, which are data structures", "a `Flatten` layer, which flattens the input";
    not "high-level and intuitive, which is really useful" (a predicate's comment)."""
    if start > 0 and sentence[start - 1].lower in CONJUNCTION | AUX:
        return False
    if len(clause) < 2:
        return False
    bare = start
    while bare and sentence[bare - 1].lower in DETERMINER:
        bare -= 1
    if bare and sentence[bare - 1].lower == "of" and not _agrees_below(sentence, bare, clause):
        # "a reconstruction of the original image, which is used …": the clause is said of
        # the head of the phrase, not of its complement
        return False
    verb, after = clause[1].lower, clause[2].lower if len(clause) > 2 else ""
    if verb in _MODAL and sentence[start].kind == CODE:
        # "the `argmax`, which can cause …": what a named piece of code does
        return bool(after) and verb_capable(after)
    if verb in ("is", "are"):
        return after in ("a", "an", "the", "one", "used", "called", "defined", "data")
    return verb.endswith("s") and verb not in ("has", "was", "does") and verb_capable(verb)


def _agrees_below(sentence: Sequence[Token], bare: int, clause: Sequence[Token]) -> bool:
    """ "a stack of residual blocks, which are …": a plural verb after a singular head is
    said of the plural complement."""
    head = sentence[bare - 2].lower if bare >= 2 else ""
    return clause[1].lower in ("are", "were") and singular(head) == head


_MODAL = words("can could may might will would must should")


# "let's", "we", "we'll": the author and reader doing something together, now.
_WE = words("let's we we'll us")
_ALONG = words("first now just also then finally next again will can shall need to")
# What the author does to a method (not to results: "let's evaluate the performance").
_DOING = words("compute calculate run use apply add try define implement create build write")


def plain_kind(sentence: Sequence[Token], start: int, end: int, bare: int, cues: int) -> str:
    if cues & ACTING and _acted_on(sentence, bare):
        return "acted"
    if cues & VALUING and _valued(sentence, start, end):
        return "valued"
    return "part" if cues & COMPOSING and _a_part(sentence, start, end) else "phrase"


# What may stand between the parts a whole is made of: "a series of convolutional layers
# with batch normalization followed by two fully connected layers".
_BETWEEN_PARTS = words("and or with followed by series sequence stack plus then")
_SERIES = words("series sequence stack")


def _a_part(sentence: Sequence[Token], start: int, end: int) -> bool:
    """Is the phrase at ``start`` one of the parts a sentence says a whole is made of ("a
    network consisting of two fully connected layers")?  Not what the whole is about ("a
    set made up of grayscale images of handwritten digits": images of something describe
    the material, they are no component)."""
    if end < len(sentence) and sentence[end].lower == "of":
        return False
    at = start
    while at > 0:
        token = sentence[at - 1]
        if any(ends_with(sentence, at, pattern) for pattern in _COMPOSED):
            return True
        if token.lower == "of":
            if not (at > 1 and sentence[at - 2].lower in _SERIES):
                return False  # "images of handwritten digits": what the material shows
            if at > 2 and sentence[at - 3].lower in ("a", "an"):
                return True  # "run them through a series of deconvolutional layers"
        elif not (
            token.text == ","
            or token.kind == NUM
            or token.lower in DETERMINER
            or token.lower in _BETWEEN_PARTS
            or nominal(sentence, at - 1, 0)
        ):
            return False
        at -= 1
    return False


_ARTICLES = words("a an the")


def _valued(sentence: Sequence[Token], start: int, end: int) -> bool:
    """ "a stride of 2", "a learning rate of 0.01", "a batch of size 100": a setting given its
    value (not "an array of 10 numbers", a count of things)."""
    after = sentence[end : end + 4]
    if len(after) >= 3 and after[0].lower == "of" and after[1].lower in _SIZES:
        after = after[1:]  # "a batch of size 100", "a window of length 5": its value too
    return (
        start > 0
        and sentence[start - 1].lower in _ARTICLES
        and len(after) >= 2
        and (after[0].lower == "of" or after[0].lower in _SIZES)
        and after[1].kind == NUM
        and (len(after) == 2 or after[2].kind != WORD or after[2].lower in CLOSED)
    )


_SIZES = words("size length width")


def _acted_on(sentence: Sequence[Token], bare: int) -> bool:
    """ "Let's first run stochastic gradient descent", "we compute the gradient vector": the
    object of what the author does next, in the code below (judged in the notebook walk); not
    in a clause of time or condition ("until we define the decay schedule": when, not what)."""
    at = bare - 1
    if at < 1 or sentence[at].lower not in _DOING:
        return False
    at -= 1
    while at > 0 and sentence[at].lower in _ALONG:
        at -= 1
    return sentence[at].lower in _WE and (
        at == 0 or sentence[at - 1].lower not in _TIME_OR_CONDITION
    )


_ITEM_OPENING = compile_lazily(r"^\s*(?:[-*+\u2022]|\d+[.)])\s+(?:\*\*|__)(?P<t>[^*_]+)")
_WORD = compile_lazily(r"[A-Za-z][\w\-]*")


def item_says_what_it_does(line: str, text: str, after: str) -> bool:
    """ "- **Dropout layers** randomly zero elements for regularization": a list item that
    opens with the term and goes on with its verb says what the term does: it explains it
    (the verb agrees with the term: "layers apply", "a layer applies")."""
    opening = _ITEM_OPENING.match(line)
    if opening is None or opening["t"] != text:
        return False
    said = _WORD.findall(after)
    while said and said[0].endswith("ly") and lexicon.parts_of_speech(said[0].lower()) == {"ADV"}:
        said = said[1:]  # "randomly zero"
    if not said or said[0][:1].isupper():
        return False
    verb = said[0]
    plural = text.endswith("s") and not text.endswith("ss")
    return (
        verb not in CLOSED
        and verb_capable(verb)
        and plural != (verb.endswith("s") and not verb.endswith("ss"))
    )
