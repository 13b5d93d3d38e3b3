"""Noun phrases of a sentence: the parts of speech a word can take (lemminflect, with the
closed classes of English kept by hand), and the maximal noun phrases of each sentence of
tokens (:mod:`.tokens`).  :mod:`.phrases` reads what each sentence does with its phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..lazy_re import compile_lazily
from ..memo import small_input_cache
from . import lexicon
from .tokens import CODE, LINK, MATH, NUM, PUNCT, QUOTE, WORD, Token
from .words import words

__all__ = [
    "AUX",
    "CLOSED",
    "CONJUNCTION",
    "DETERMINER",
    "INSTRUCTION_VERBS",
    "PRONOUN",
    "can_head",
    "imperative",
    "nominal",
    "noun_chunks",
    "opens_sentence",
    "verb_capable",
    "word_class",
]  # fmt: skip

# The closed classes of English, which no dictionary lookup should be needed for.
DETERMINER = words(
    "a an the this that these those each every some any all both no our your their its my his "
    "her another such either neither several many much few more most other one two three four "
    "five six seven eight nine ten",
)
_PREPOSITION = words(
    "of in on at by for with from to into onto over under between through about as than via "
    "per without within across along around after before during against among toward towards "
    "upon like unlike beyond behind below above inside outside until since except versus vs "
    "aka i.e e.g",
)
# "we'll", "you're", "they've": a pronoun and its auxiliary in one word (the tokenizer keeps
# the apostrophe inside the word), so a verb follows: "we'll try Nesterov momentum".
_CONTRACTED = frozenset(
    f"{pronoun}'{aux}"
    for pronoun in ("i", "you", "we", "they", "he", "she", "it")
    for aux in ("ll", "re", "ve", "d", "m")
)
PRONOUN = _CONTRACTED | words(
    "i you we they he she it me us them him her this that which who whom whose what "
    "something anything everything nothing someone anyone everyone itself themselves "
    "yourself ourselves here there",
)
CONJUNCTION = words("and or but nor so yet if then else because while whereas although though")
AUX = words(
    "is are was were be been being am has have had do does did can could will would shall "
    "should may might must ll ve re d s don't doesn't can't won't isn't aren't let's lets let "
    "hasn't haven't wasn't weren't didn't shouldn't couldn't wouldn't how why when where",
)
CLOSED = DETERMINER | _PREPOSITION | PRONOUN | CONJUNCTION | AUX
# Words after which a verb-capable word is a verb: "to define", "we use", "will steer".
_VERB_CONTEXT = _CONTRACTED | words(
    "to we you they i he she it can could will would shall should may might must let's lets "
    "ll don't doesn't not also just then first now is are was were be been being",
)


# Verbs an instruction opens with, which a dictionary also lists as nouns ("use", "return",
# "print"): at the start of a sentence, a list item or a parenthesis they are the verb.
INSTRUCTION_VERBS = words(
    "use compute calculate define create implement write apply add make print try replace "
    "store return convert take run call build check initialize initialise instantiate "
    "transform save load plot show display wrap enhance preserve compare import install "
    "download choose pick select remember note see consider verify ensure update multiply "
    "subtract divide sum append copy retrieve fill set",
)


def _instruction_ing(word: str) -> bool:
    """ "using", "computing", "applying", "running": the -ing form of an instruction verb."""
    if not word.endswith("ing") or len(word) < 5:
        return False
    stem = word[:-3]
    doubled = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
    return bool({stem, stem + "e", doubled} & INSTRUCTION_VERBS)


def imperative(text: str) -> bool:
    """ "Train the model", "Define the CNN model", "Evaluate accuracy", "Make predictions
    with …": an instruction (not "Batch Normalization", a noun before a noun)."""
    parts = text.split()
    if len(parts) < 2 or not parts[0].isalpha():
        return False
    first, second = parts[0].lower(), parts[1].lower()
    if first in INSTRUCTION_VERBS:
        return True  # "Save original methods", "Compute the loss"
    tags = lexicon.parts_of_speech(first)
    if "VERB" not in tags or first.endswith(("ing", "ed", "s")):
        return False
    if "NOUN" not in tags or second in DETERMINER or second in PRONOUN:
        return True
    # a verb, then a plural object and the rest of the clause: "Make predictions with …"
    plural = second.endswith("s") and not second.endswith("ss")
    return plural and len(parts) > 2 and parts[2].lower() in CLOSED


# English makes verbs with "-ize"/"-ise" ("vectorize", "normalise"); nouns so spelled are
# short, everyday and in the dictionary ("size", "noise").
_COINED_VERB = compile_lazily(r".{4}(?:(?<!w)i[sz](?:e|es|ed)|ated)$")
# ... an adverb by its suffix on an adjective's: "algorithmically", "iteratively",
# "autoregressively" (not a name such as "Plotly"), and a modifier by "-wise":
# "elementwise", "channelwise"
_COINED_ADVERB = compile_lazily(r".{3}(?:al|ive|[ai]b|ous|[ae]nt|ing|ed|ar|ful)ly$")


# "the k'th position", "the kth largest value", "the nth token": an ordinal of a symbol,
# which picks one as a determiner does
_SYMBOL_ORDINAL = compile_lazily(r"^[a-z]['\u2019-]?th$")


def _redone(lower: str) -> bool:
    """ "recompute", "reinitialize": a word the dictionary lacks, "re-" and a verb that is no
    noun ("compute"): doing it again is an action too (not "rebatch": "batch" is a noun)."""
    if not lower.startswith("re") or len(lower) < 6:
        return False
    tags = lexicon.parts_of_speech(lower[2:])
    return "VERB" in tags and "NOUN" not in tags


@small_input_cache(maxsize=4096, max_size=64)  # words: as long as the author typed
def word_class(lower: str) -> str:
    """ "closed" | "noun" (can head a noun phrase) | "adj" | "adv" | "verb" | "ing"/"ed"
    (a verb form that can modify a noun, "pooling layer", "learned parameters")."""
    if lower in CLOSED or _SYMBOL_ORDINAL.match(lower):
        return "closed"
    tags = lexicon.parts_of_speech(lower)
    if not tags and "-" in lower:
        tags = lexicon.parts_of_speech(lower.rsplit("-", 1)[-1])
    if not tags and _COINED_VERB.search(lower):
        # a word the dictionary lacks, made a verb by its suffix: "vectorize", "tokenized"
        return "ed" if lower.endswith("d") else "verb"
    if not tags and _redone(lower):
        return "ed" if lower.endswith("ed") else "ing" if lower.endswith("ing") else "verb"
    if not tags and _COINED_ADVERB.search(lower):
        return "adv"
    if not tags and lower.endswith("wise") and len(lower) > 6:
        return "adj"
    if not tags or "NOUN" in tags or "PROPN" in tags:
        return "noun"
    if "ADJ" in tags:
        return "adj"
    if lower.endswith("ing"):
        return "ing"
    if lower.endswith("ed"):
        return "ed"
    if "ADV" in tags and "VERB" not in tags:
        return "adv"
    return "verb"


def verb_capable(lower: str) -> bool:
    if lower in INSTRUCTION_VERBS:
        return True  # "instantiate": a verb the lexicon may not know
    tags = lexicon.parts_of_speech(lower)
    if not tags and "-" in lower:
        tags = lexicon.parts_of_speech(lower.rsplit("-", 1)[-1])  # "down-weights"
    return "VERB" in tags or (not tags and _redone(lower))


def nominal(tokens: Sequence[Token], at: int, start: int) -> bool:
    """Can ``tokens[at]`` stand inside a noun phrase?"""
    token = tokens[at]
    if token.kind in (CODE, LINK):
        return True
    if token.kind == NUM:
        return bool(re.fullmatch(r"\d+[dD]", token.text))  # "2D", "4D"
    if token.kind != WORD:
        return False
    kind = word_class(token.lower)
    if kind in ("closed", "verb") or token.lower.endswith("'s") or len(token.text) == 1:
        return False  # "the model's predictions", "M iterations", "$b$ is a bias"
    if kind == "ing" and at > start and tokens[at - 1].lower in CLOSED - DETERMINER:
        following = tokens[at + 1] if at + 1 < len(tokens) else None
        if following is None or following.kind != WORD or following.lower in CLOSED:
            return False  # "by using the …", "and using `nn.Linear`"
        if following.text[:1].isupper() or _instruction_ing(token.lower):
            return False  # "using PyTorch's …", "by using scaled dot-product attention"
    back = at - 1
    while back > start and tokens[back].kind == PUNCT and tokens[back].text in QUOTE:
        back -= 1
    previous = tokens[back].lower if start <= back < at else ""
    if previous in _VERB_CONTEXT and verb_capable(token.lower):
        return False  # "to define", "we use", "will steer"
    if at == start and verb_capable(token.lower) and at + 1 < len(tokens):
        after = tokens[at + 1]
        if after.kind in (CODE, LINK) or after.lower in DETERMINER | PRONOUN:
            return False  # an imperative: "Use the evaluate method", "Define `x`"
    if token.lower in INSTRUCTION_VERBS and (
        at == 0 or tokens[at - 1].kind == PUNCT or (at == 1 and tokens[0].kind == NUM)
    ):
        return False  # "(use deriv of ReLU", "Transform pure Tensor class", "Return tensor"
    if kind == "adv":
        following = tokens[at + 1] if at + 1 < len(tokens) else None
        return (
            following is not None
            and following.kind == WORD
            and word_class(following.lower) in ("adj", "ed")
        )  # "fully connected"
    return True


def _participle_after_noun(sentence: Sequence[Token], at: int, start: int) -> bool:
    """ "the model using …": a verb-only -ing form after a noun starts a clause."""
    token = sentence[at]
    return (
        at > start
        and token.kind == WORD
        and word_class(token.lower) == "ing"
        and (at + 1 >= len(sentence) or not nominal(sentence, at + 1, start))
    )


def _verb_after_subject(sentence: Sequence[Token], at: int) -> bool:
    """ "A tensor holds numbers": after a singular noun, a verb-capable "-s" word with more
    of the phrase after it is the sentence's verb."""
    token, before = sentence[at], sentence[at - 1]
    if token.kind != WORD or before.kind != WORD or at + 1 >= len(sentence):
        return False
    lower = token.lower
    if not lower.endswith("s") or lower.endswith("ss") or before.lower.endswith("s"):
        return False
    if not _opens_clause(sentence, _phrase_start(sentence, at)):
        return False  # only the phrase that opens its sentence is a subject with a verb
    after = sentence[at + 1]
    if after.kind == WORD and not after.lower.endswith("s") and verb_capable(after.lower):
        return False  # "pooling layers shrink …": the verb comes next
    if after.lower in _PARTICLES and at + 2 < len(sentence):
        # "the encoder network takes in input images"; not "outputs in the range …"
        return verb_capable(lower) and nominal(sentence, at + 2, at + 2)
    return verb_capable(lower) and (
        after.lower in DETERMINER or after.kind == MATH or nominal(sentence, at + 1, at)
    )  # "A tensor holds numbers", "The mechanism maps $N$ inputs"


_PARTICLES = frozenset({"in", "out", "up", "back"})


def _phrase_start(sentence: Sequence[Token], at: int) -> int:
    while at > 0 and sentence[at - 1].kind != PUNCT and sentence[at - 1].lower not in CLOSED:
        at -= 1
    return at


def _trailing_verb(before: Token, last: Token) -> bool:
    """ "labels look", "the model trains": the phrase's last word is its sentence's verb."""
    if last.kind != WORD or before.kind != WORD or not verb_capable(last.lower):
        return False
    plural_before = before.lower.endswith("s") and not before.lower.endswith("ss")
    return plural_before and not last.lower.endswith("s")


def can_head(token: Token) -> bool:
    """Can the phrase end on this token (its head)?"""
    if token.kind in (CODE, LINK):
        return True
    if token.kind != WORD:
        return token.kind == NUM
    kind = word_class(token.lower)
    return kind == "noun" or kind == "ing" or token.text[:1].isupper()


def noun_chunks(sentence: list[Token]) -> Iterator[tuple[int, int]]:
    """(start, end) of every maximal noun phrase of a sentence (end exclusive)."""
    at = 0
    while at < len(sentence):
        if not nominal(sentence, at, 0):
            at += 1
            continue
        end = at + 1
        verb = False
        while end < len(sentence) and nominal(sentence, end, 0):
            verb = _verb_after_subject(sentence, end)
            if verb or _participle_after_noun(sentence, end, at):
                break
            end += 1
        stop = end
        if stop - at >= 2 and _trailing_verb(sentence[stop - 2], sentence[stop - 1]):
            stop -= 1

        if _repeated_after_by(sentence, stop):
            stop -= 1  # "implement each optimizer step by step": the idiom is no head
        while stop > at and not can_head(sentence[stop - 1]):
            stop -= 1
        first = at
        while first < stop and word_class(sentence[first].lower) == "adv":
            if first + 1 < stop and word_class(sentence[first + 1].lower) in ("adj", "ed"):
                break  # "fully connected layers": the adverb makes the modifier
            first += 1
        if stop > first:
            yield first, stop
        at = end + 1 if verb else end


def _repeated_after_by(sentence: Sequence[Token], stop: int) -> bool:
    """ "step by step", "layer by layer", "one by one": the phrase's last word opens an
    adverb of manner made of one noun said twice around "by", which belongs to the verb."""
    return (
        stop + 1 < len(sentence)
        and sentence[stop].lower == "by"
        and sentence[stop + 1].lower == sentence[stop - 1].lower
    )


def _opens_clause(sentence: Sequence[Token], start: int) -> bool:
    """ "In the context of vision, the encoder network takes …": only determiners between the
    phrase and its sentence's start or the comma that closes an opening phrase."""
    at = start
    while at > 0 and sentence[at - 1].kind == WORD and sentence[at - 1].lower in DETERMINER:
        at -= 1
    return at == 0 or (sentence[at - 1].text == "," and at > 1)


def opens_sentence(sentence: Sequence[Token], start: int) -> bool:
    """Only determiners before the phrase: it opens its sentence."""
    return all(t.kind == WORD and t.lower in DETERMINER for t in sentence[:start])
