"""Noun phrases of plain prose, and what the sentence around each one says of it.

Courses define their terms in sentences, whatever the typography: "Tensors are data
structures …", "The `shape` of a tensor defines …", "a `Flatten` layer, which flattens …",
"128 nodes (or neurons)", "[automatic differentiation](https://…) is critical …".  This
module finds the noun phrases of one line of prose (a chunker over the parts of speech
lemminflect knows a word can take, with the closed classes of English kept by hand) and
marks each with the strongest thing its sentence does with it:

- ``definition``: it is the subject of a defining verb ("X is a/an/the …", "X, which …",
  "X consists of", "X refers to", "the X of a Y defines/provides …"), follows "called",
  "known as", "we define", or is glossed ("X (or Y)", "X, or Y,");
- ``link``: it is the text of a link to a reference page;
- ``code-term``: inline code the prose explains ("the `Sequential` class", "the `fit`
  method", "`tf.keras.layers.Flatten`, transforms …");
- ``quoted``: a short noun phrase in quotation marks ('the model's "confidence"');
- ``phrase``: none of these: a plain noun phrase, a concept only if the course goes on to use
  it (decided per notebook in :mod:`.novelty`).

A sentence that previews later material ("In this lab, we will build a CNN") defines
nothing: its phrases are mentions at most.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from . import lexicon
from .keys import singular
from .term_filter import Term, clean_term
from .types import DEFINED, MENTIONED
from .words import DESCRIPTIVE, words

__all__ = ["Found", "imperative", "is_preview", "line_phrases", "todo_phrases"]


class Found(NamedTuple):
    term: Term
    kind: str  # "definition" | "link" | "code-term" | "quoted" | "phrase"
    level: int  # DEFINED, or MENTIONED for a plain phrase or a preview
    rare: bool  # a word of it is rare in general English (a phrase's term-hood)


# Token kinds.
_WORD, _CODE, _LINK, _NUM, _PUNCT, _MATH = range(6)

_TOKEN = re.compile(
    r"(?P<image>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|\[(?P<ltext>[^\[\]\n]{1,80})\]\((?P<url>[^)\s]+)(?:\s+\"[^\"\n]*\")?\)"
    r"|(?P<tick>`+)(?P<code>[^`\n]+?)(?P=tick)"
    r"|(?P<math>\$\$?[^$\n]+\$\$?|\\[A-Za-z]+(?:\{[^}\n]*\})*)"
    r"|(?P<html></?[A-Za-z][^<>\n]{0,200}>)"
    r"|(?P<ident>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?|[A-Za-z]\w*_\w*)"
    r"|(?P<word>[A-Za-z][A-Za-z0-9]*(?:[-'\u2019][A-Za-z0-9]+)*)"
    r"|(?P<num>\d[\w.]*)"
    r"|(?P<punct>\.\s|[.,;:!?()\"\u201c\u201d\u2014\u2013\[\]]|--|\s-\s)"
)
_SENTENCE_END = frozenset({". ", "!", "?", ";", ":", "\u2014", "--", " - ", "\u2013"})
_QUOTE = frozenset({'"', "\u201c", "\u201d"})
_URL_SKIP = re.compile(r"colab\.research|github\.com/.+/blob/|nbviewer|mybinder|badge|\.(?:png|jpe?g|gif|svg)$")

# The closed classes of English, which no dictionary lookup should be needed for.
_DETERMINER = words(
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
_PRONOUN = words(
    "i you we they he she it me us them him her this that which who whom whose what "
    "something anything everything nothing someone anyone everyone itself themselves "
    "yourself ourselves here there",
)
_CONJUNCTION = words("and or but nor so yet if then else because while whereas although though")
_AUX = words(
    "is are was were be been being am has have had do does did can could will would shall "
    "should may might must ll ve re d s don't doesn't can't won't isn't aren't let's lets let "
    "hasn't haven't wasn't weren't didn't shouldn't couldn't wouldn't how why when where",
)
_CLOSED = _DETERMINER | _PREPOSITION | _PRONOUN | _CONJUNCTION | _AUX
# Words after which a verb-capable word is a verb: "to define", "we use", "will steer".
_VERB_CONTEXT = words(
    "to we you they i he she it can could will would shall should may might must let's lets "
    "ll don't doesn't not also just then first now is are was were be been being",
)
# A head noun naming what inline code is: "the `Sequential` class", "the `fit` method".
_CODE_KIND = words(
    "class method function layer module attribute property api operation object step call "
    "loop decorator package library routine type operator constructor interface keyword "
    "parameter hook",
)
_DEFINING_VERB = words(
    "defines define provides provide describes describe represents represent denotes denote "
    "means mean specifies specify determines determine controls control measures measure "
    "holds hold stores store gives give computes compute returns return transforms transform "
    "maps map flattens flatten serves serve",
)
_BEFORE_TERM = (
    ("called",), ("known", "as"), ("referred", "to", "as"), ("termed",), ("we", "define"),
    ("example", "of"), ("concept", "of"), ("notion", "of"), ("idea", "of"),
)  # fmt: skip
_AFTER_TERM = (
    ("consists", "of"), ("consisting", "of"), ("composed", "of"), ("made", "up", "of"),
    ("refers", "to"), ("means",), ("denotes",), ("stands", "for"),
)  # fmt: skip
_PREVIEW = re.compile(
    r"\b(?:we|you)(?:'ll|\u2019ll| will| are going to| shall)\b", re.IGNORECASE
)
_SCOPE = re.compile(
    r"\b(?:this|the next|a later|later|next|future|upcoming|coming)\s+(?:lab|labs|notebook|"
    r"module|modules|chapter|part|section|portion|tutorial|course|lesson)\b|\blater\b|"
    r"\bin the future\b",
    re.IGNORECASE,
)
_PAGE_SUFFIX = re.compile(r"\.(?:html?|php|aspx?|md|ipynb|pdf)$", re.IGNORECASE)
# Plain phrases: general-English frequency under which a word marks a technical phrase.
RARE_ZIPF = 3.3
RARE_WORD_ZIPF = 3.0


def is_preview(sentence: str) -> bool:
    """ "In this lab, we will build …", "we'll see later": a sentence about what is to come."""
    return bool(_PREVIEW.search(sentence)) and bool(_SCOPE.search(sentence))


def imperative(text: str) -> bool:
    """ "Train the model", "Define the CNN model", "Evaluate accuracy": an instruction."""
    parts = text.split()
    if len(parts) < 2 or not parts[0].isalpha():
        return False
    first, second = parts[0].lower(), parts[1].lower()
    tags = lexicon.parts_of_speech(first)
    if "VERB" not in tags or first.endswith(("ing", "ed", "s")):
        return False
    return "NOUN" not in tags or second in _DETERMINER or second in _PRONOUN


class _Token(NamedTuple):
    kind: int
    text: str
    lower: str
    url: str = ""
    quoted: bool = False


def _tokens(line: str) -> list[_Token]:
    found: list[_Token] = []
    for match in _TOKEN.finditer(line):
        group = match.lastgroup
        if group == "word":
            text = match["word"].replace("\u2019", "'")
            found.append(_Token(_WORD, text, text.lower()))
        elif group == "ltext" or group == "url":
            text = match["ltext"].strip().strip("`").strip()
            if text:
                found.append(_Token(_LINK, text, text.lower(), match["url"]))
        elif group in ("tick", "code", "ident"):
            text = (match["code"] or match["ident"]).strip()
            if text:
                found.append(_Token(_CODE, text, text.lower()))
        elif group == "num":
            found.append(_Token(_NUM, match["num"], match["num"]))
        elif group == "punct":
            text = match["punct"]
            found.append(_Token(_PUNCT, text, text))
        elif group == "math":
            found.append(_Token(_MATH, match["math"], ""))
    return _mark_quotes(found)


def _mark_quotes(tokens: list[_Token]) -> list[_Token]:
    """Words between a pair of quotation marks at most three words apart are quoted."""
    if not any(t.kind == _PUNCT and t.text in _QUOTE for t in tokens):
        return tokens
    marked = list(tokens)
    at = 0
    while at < len(marked):
        if marked[at].kind == _PUNCT and marked[at].text in _QUOTE:
            close = next(
                (j for j in range(at + 1, min(at + 5, len(marked)))
                 if marked[j].kind == _PUNCT and marked[j].text in _QUOTE),
                None,
            )  # fmt: skip
            if close is not None and close > at + 1:
                for j in range(at + 1, close):
                    marked[j] = marked[j]._replace(quoted=True)
                at = close
        at += 1
    return marked


def _sentences(tokens: list[_Token]) -> Iterator[list[_Token]]:
    start = 0
    for at, token in enumerate(tokens):
        if token.kind == _PUNCT and token.text in _SENTENCE_END:
            if at > start:
                yield tokens[start:at]
            start = at + 1
    if start < len(tokens):
        yield tokens[start:]


@lru_cache(maxsize=4096)
def _word_class(lower: str) -> str:
    """"closed" | "noun" (can head a noun phrase) | "adj" | "adv" | "verb" | "ing"/"ed"
    (a verb form that can modify a noun, "pooling layer", "learned parameters")."""
    if lower in _CLOSED:
        return "closed"
    tags = lexicon.parts_of_speech(lower)
    if not tags and "-" in lower:
        tags = lexicon.parts_of_speech(lower.rsplit("-", 1)[-1])
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


def _verb_capable(lower: str) -> bool:
    tags = lexicon.parts_of_speech(lower)
    if not tags and "-" in lower:
        tags = lexicon.parts_of_speech(lower.rsplit("-", 1)[-1])  # "down-weights"
    return "VERB" in tags


def _nominal(tokens: Sequence[_Token], at: int, start: int) -> bool:
    """Can ``tokens[at]`` stand inside a noun phrase?"""
    token = tokens[at]
    if token.kind in (_CODE, _LINK):
        return True
    if token.kind == _NUM:
        return bool(re.fullmatch(r"\d+[dD]", token.text))  # "2D", "4D"
    if token.kind != _WORD:
        return False
    kind = _word_class(token.lower)
    if kind in ("closed", "verb") or token.lower.endswith("'s") or len(token.text) == 1:
        return False  # "the model's predictions", "M iterations", "$b$ is a bias"
    if kind == "ing" and at > start and tokens[at - 1].lower in _CLOSED - _DETERMINER:
        following = tokens[at + 1] if at + 1 < len(tokens) else None
        if following is None or following.kind != _WORD or following.lower in _CLOSED:
            return False  # "by using the …", "and using `nn.Linear`"
        if following.text[:1].isupper():
            return False  # "using PyTorch's …"
    back = at - 1
    while back > start and tokens[back].kind == _PUNCT and tokens[back].text in _QUOTE:
        back -= 1
    previous = tokens[back].lower if start <= back < at else ""
    if previous in _VERB_CONTEXT and _verb_capable(token.lower):
        return False  # "to define", "we use", "will steer"
    if at == start and _verb_capable(token.lower) and at + 1 < len(tokens):
        after = tokens[at + 1]
        if after.kind in (_CODE, _LINK) or after.lower in _DETERMINER | _PRONOUN:
            return False  # an imperative: "Use the evaluate method", "Define `x`"
    if kind == "adv":
        following = tokens[at + 1] if at + 1 < len(tokens) else None
        return following is not None and following.kind == _WORD and _word_class(
            following.lower
        ) in ("adj", "ed")  # "fully connected"
    return True


def _participle_after_noun(sentence: Sequence[_Token], at: int, start: int) -> bool:
    """ "the model using …": a verb-only -ing form after a noun starts a clause."""
    token = sentence[at]
    return (
        at > start
        and token.kind == _WORD
        and _word_class(token.lower) == "ing"
        and (at + 1 >= len(sentence) or not _nominal(sentence, at + 1, start))
    )


def _verb_after_subject(sentence: Sequence[_Token], at: int) -> bool:
    """ "A tensor holds numbers": after a singular noun, a verb-capable "-s" word with more
    of the phrase after it is the sentence's verb."""
    token, before = sentence[at], sentence[at - 1]
    if token.kind != _WORD or before.kind != _WORD or at + 1 >= len(sentence):
        return False
    lower = token.lower
    if not lower.endswith("s") or lower.endswith("ss") or before.lower.endswith("s"):
        return False
    if not _subject(sentence, _phrase_start(sentence, at)):
        return False  # only the phrase that opens its sentence is a subject with a verb
    after = sentence[at + 1]
    if after.kind == _WORD and not after.lower.endswith("s") and _verb_capable(after.lower):
        return False  # "pooling layers shrink …": the verb comes next
    return _verb_capable(lower) and (after.lower in _DETERMINER or _nominal(sentence, at + 1, at))


def _phrase_start(sentence: Sequence[_Token], at: int) -> int:
    while at > 0 and sentence[at - 1].kind != _PUNCT and sentence[at - 1].lower not in _CLOSED:
        at -= 1
    return at


def _trailing_verb(before: _Token, last: _Token) -> bool:
    """ "labels look", "the model trains": the phrase's last word is its sentence's verb."""
    if last.kind != _WORD or before.kind != _WORD or not _verb_capable(last.lower):
        return False
    plural_before = before.lower.endswith("s") and not before.lower.endswith("ss")
    return plural_before and not last.lower.endswith("s")


def _heads(token: _Token) -> bool:
    """Can the phrase end on this token (its head)?"""
    if token.kind in (_CODE, _LINK):
        return True
    if token.kind != _WORD:
        return token.kind == _NUM
    kind = _word_class(token.lower)
    return kind == "noun" or kind == "ing" or token.text[:1].isupper()


def _chunks(sentence: list[_Token]) -> Iterator[tuple[int, int]]:
    """(start, end) of every maximal noun phrase of a sentence (end exclusive)."""
    at = 0
    while at < len(sentence):
        if not _nominal(sentence, at, 0):
            at += 1
            continue
        end = at + 1
        verb = False
        while end < len(sentence) and _nominal(sentence, end, 0):
            verb = _verb_after_subject(sentence, end)
            if verb or _participle_after_noun(sentence, end, at):
                break
            end += 1
        stop = end
        if stop - at >= 2 and _trailing_verb(sentence[stop - 2], sentence[stop - 1]):
            stop -= 1

        while stop > at and not _heads(sentence[stop - 1]):
            stop -= 1
        first = at
        while first < stop and _word_class(sentence[first].lower) == "adv":
            first += 1
        if stop > first:
            yield first, stop
        at = end + 1 if verb else end


def _words(tokens: Sequence[_Token]) -> tuple[str, ...]:
    return tuple(t.lower for t in tokens)


def _starts(tokens: Sequence[_Token], at: int, pattern: tuple[str, ...]) -> bool:
    if at >= len(tokens) or tokens[at].lower != pattern[0]:
        return False  # the common case, without building a tuple
    return _words(tokens[at : at + len(pattern)]) == pattern


def _ends(tokens: Sequence[_Token], at: int, pattern: tuple[str, ...]) -> bool:
    if at < len(pattern) or tokens[at - 1].lower != pattern[-1]:
        return False
    return _words(tokens[at - len(pattern) : at]) == pattern


_ANAPHORIC = words("this that these those its their his her")


def _subject(sentence: Sequence[_Token], start: int) -> bool:
    """Only determiners before the phrase: it opens its sentence."""
    return all(t.kind == _WORD and t.lower in _DETERMINER for t in sentence[:start])


def _anaphoric(sentence: Sequence[_Token], start: int) -> bool:
    """ "this function, which …": a phrase that points back is not being defined."""
    return start > 0 and sentence[start - 1].lower in _ANAPHORIC


def _defining_after(sentence: Sequence[_Token], start: int, end: int) -> bool:
    rest = sentence[end:]
    if _anaphoric(sentence, start):
        return False
    if _starts(rest, 0, (",", "which")) or _starts(rest, 0, ("which",)):
        return _defining_clause(sentence, start, rest[1:] if rest[0].text == "," else rest)
    if any(_starts(rest, 0, pattern) for pattern in _AFTER_TERM):
        return True
    if any(_starts(rest, 0, (verb, *pattern)) for verb in ("is", "are") for pattern in _AFTER_TERM):
        return True
    if not _subject(sentence, start):
        return False
    if _defining_verb(rest, 0):
        return True
    # "The `shape` of a tensor defines …": the phrase, "of", another phrase, a defining verb
    if _starts(rest, 0, ("of",)):
        for at in range(2, min(len(rest), 7)):
            if rest[at].kind == _WORD and rest[at].lower in _DEFINING_VERB | {"is", "are"}:
                return _defining_verb(rest, at)
    return False


def _defining_verb(rest: Sequence[_Token], at: int) -> bool:
    """ "is a/an/the …", "defines …", "provides …" at ``rest[at]``."""
    if at >= len(rest):
        return False
    if rest[at].lower in ("is", "are"):
        after = rest[at + 1].lower if at + 1 < len(rest) else ""
        return after in ("a", "an", "the", "one", "defined", "called", "used")
    return rest[at].lower in _DEFINING_VERB


def _defining_clause(sentence: Sequence[_Token], start: int, clause: Sequence[_Token]) -> bool:
    """ "tensors, which are data structures", "a `Flatten` layer, which flattens the input";
    not "high-level and intuitive, which is really useful" (a predicate's comment)."""
    if start > 0 and sentence[start - 1].lower in _CONJUNCTION | _AUX:
        return False
    if len(clause) < 2:
        return False
    verb, after = clause[1].lower, clause[2].lower if len(clause) > 2 else ""
    if verb in ("is", "are"):
        return after in ("a", "an", "the", "one", "used", "called", "defined", "data")
    return verb.endswith("s") and verb not in ("has", "was", "does") and _verb_capable(verb)


_GLOSS_VERB = words("is are represents denotes stands")


def _math_gloss(sentence: Sequence[_Token], start: int) -> bool:
    """ "$b$ is a bias", "where $W$ represents a matrix of weights": a symbol's meaning."""
    at = start - 1
    while at >= 0 and sentence[at].lower in _DETERMINER:
        at -= 1
    return at >= 1 and sentence[at].lower in _GLOSS_VERB and sentence[at - 1].kind == _MATH


def _with_of(sentence: Sequence[_Token], start: int, end: int) -> Sequence[_Token]:
    """The phrase with an "of" complement ("matrix of weights"), as one name."""
    if end + 1 < len(sentence) and sentence[end].lower == "of":
        stop = end + 1
        while stop < len(sentence) and _nominal(sentence, stop, end + 1):
            stop += 1
        if stop > end + 1:
            return sentence[start:stop]
    return sentence[start:end]


def _appositive(sentence: Sequence[_Token], start: int, end: int) -> bool:
    """ "The first layer in this network, `tf.keras.layers.Flatten`, transforms …"."""
    return (
        start > 0
        and sentence[start - 1].text == ","
        and end + 1 < len(sentence)
        and sentence[end].text == ","
        and sentence[end + 1].kind == _WORD
        and _verb_capable(sentence[end + 1].lower)
    )


def _gloss(sentence: Sequence[_Token], end: int) -> tuple[int, int] | None:
    """The phrase after "(or …)" or ", or …": another name for the one before it."""
    rest = sentence[end:]
    if _starts(rest, 0, ("(", "or")) or _starts(rest, 0, (",", "or")):
        inner = end + 2
        stop = inner
        while stop < len(sentence) and _nominal(sentence, stop, inner):
            stop += 1
        while stop > inner and not _heads(sentence[stop - 1]):
            stop -= 1
        if stop > inner:
            return inner, stop
    return None


def _name(tokens: Sequence[_Token]) -> str:
    return " ".join(t.text for t in tokens)


def _trimmed(tokens: Sequence[_Token]) -> Sequence[_Token]:
    """Without leading everyday adjectives ("simple neural network", "famous MNIST dataset",
    "first layer"): what the phrase is, not how the sentence rates it."""
    at = 0
    while at < len(tokens) - 1:
        token = tokens[at]
        if token.kind != _WORD or token.text[:1].isupper() and at > 0:
            break
        kind = _word_class(token.lower)
        common = lexicon.zipf(token.lower) >= 4.3 or lexicon.is_comparative(token.lower)
        adjective = kind == "adj" or "ADJ" in lexicon.parts_of_speech(token.lower)
        if not (kind == "ed" or (adjective and common) or token.lower in DESCRIPTIVE):
            break  # "stored numpy array", "predicted label": a participle says what was done
        at += 1
    return tokens[at:]


def _zipf(word: str) -> float:
    """General-English frequency of a word's singular; a hyphenated compound by its head
    ("ML-specific" as "specific", "cross-entropy" as "entropy")."""
    return lexicon.zipf(singular(word.rsplit("-", 1)[-1] if "-" in word else word))


def _is_rare(tokens: Sequence[_Token]) -> bool:
    if len(tokens) == 1:  # a lone word: rarer still ("backpropagation", "softmax")
        word = tokens[0]
        return word.kind == _WORD and word.lower.replace("-", "").isalpha() and (
            _zipf(word.lower) < RARE_WORD_ZIPF
        )
    return any(t.kind == _WORD and _zipf(t.lower) < RARE_ZIPF for t in tokens)


def _found(tokens: Sequence[_Token], kind: str, level: int, alias: str = "") -> Found | None:
    if kind == "phrase":
        tokens = _trimmed(tokens)
    name = _name(tokens)
    term = clean_term(name, level, code=tokens[0].kind in (_CODE, _LINK))
    if term is None:
        return None
    if kind == "definition" and len(tokens) == 1 and tokens[0].kind == _WORD:
        if lexicon.zipf(tokens[0].lower) >= lexicon.COMMON_ZIPF:
            return None  # "the network consists of …": an everyday word, not a term
    if alias and clean_term(alias, level) is not None:
        term = term._replace(aliases=(*term.aliases, alias))
    return Found(term, kind, level, _is_rare(tokens))


def _link_target(url: str) -> str:
    """The page a link names: its fragment or last path segment, when that is a name
    ("…/Sequential#fit" → fit, "…/sparse_categorical_crossentropy", "…/torch.nn.Linear.html"
    → Linear)."""
    url = url.split("?", 1)[0].rstrip("/")
    tail = url.rsplit("#", 1)[-1] if "#" in url else url.rsplit("/", 1)[-1]
    tail = _PAGE_SUFFIX.sub("", tail).rsplit(".", 1)[-1]
    return tail if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{2,60}", tail) else ""


def _instruction(sentence: list[_Token]) -> list[_Token]:
    """An instruction without its opening verb ("Implement tensor creation …")."""
    if sentence and sentence[0].kind == _WORD and _verb_capable(sentence[0].lower):
        return sentence[1:]
    return sentence


# A keystroke changes one sentence of a cell: the others are read again from this memo.
# Sentences longer than _MEMO_TEXT are not kept, so the memo holds at most about
# _MEMO_SENTENCES * _MEMO_TEXT characters of keys (under 2 MB with their results).
_MEMO_SENTENCES = 2048
_MEMO_TEXT = 600
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=\S)")


def line_phrases(line: str, markdown: bool = True) -> tuple[Found, ...]:
    """The noun phrases of one line of prose with their marks (see the module doc).  With
    ``markdown`` False (code comments, TODO text) "X is a …" is not read as a definition:
    in instructions it states a fact about a variable."""
    if len(line) <= _MEMO_TEXT:
        return _remembered(line, markdown)
    found: list[Found] = []
    for sentence in _SENTENCE_SPLIT.split(line):
        if len(sentence) <= _MEMO_TEXT:
            found.extend(_remembered(sentence, markdown))
        else:
            found.extend(_line_phrases(sentence, markdown))
    return tuple(found)


@lru_cache(maxsize=_MEMO_SENTENCES)
def _remembered(line: str, markdown: bool) -> tuple[Found, ...]:
    return _line_phrases(line, markdown)


def _line_phrases(line: str, markdown: bool) -> tuple[Found, ...]:
    found: list[Found] = []
    for sentence in _sentences(_tokens(line)):
        if not markdown:
            sentence = _instruction(sentence)
        preview = is_preview(" ".join(t.text for t in sentence))
        for start, end in _chunks(sentence):
            found.extend(_marked(sentence, start, end, preview, markdown))
    return tuple(found)


def _marked(
    sentence: list[_Token], start: int, end: int, preview: bool, markdown: bool
) -> Iterator[Found]:
    tokens = sentence[start:end]
    strong = DEFINED if not preview else MENTIONED
    links = [t for t in tokens if t.kind == _LINK]
    for link in links:
        if _URL_SKIP.search(link.url):
            continue
        target = _link_target(link.url)
        alias = target if target.lower() != link.lower.replace(" ", "_") else ""
        made = _found([link], "link", strong, alias)
        if made is not None:
            yield made
    codes = [t for t in tokens if t.kind == _CODE]
    if codes and len(tokens) <= 2:
        code = codes[0]
        explained = (
            (len(tokens) == 2 and tokens[-1].kind == _WORD and tokens[-1].lower in _CODE_KIND)
            or _appositive(sentence, start, end)
            or (markdown and _defining_after(sentence, start, end))
        )
        if explained and code.kind == _CODE and not links:
            made = _found([code], "code-term", strong)
            if made is not None:
                yield made
    if links or codes:
        return
    if _math_gloss(sentence, start):
        tokens = _with_of(sentence, start, end)
    before = sentence[:start]
    while before and before[-1].lower in _DETERMINER:
        before = before[:-1]  # "the example of a simple perceptron"
    gloss = _gloss(sentence, end)
    defined = (
        _math_gloss(sentence, start)
        or any(_ends(before, len(before), pattern) for pattern in _BEFORE_TERM)
        or (markdown and _defining_after(sentence, start, end))
        or gloss is not None
    )
    if defined:
        alias = _name(sentence[gloss[0] : gloss[1]]) if gloss is not None else ""
        made = _found(tokens, "definition", strong, alias)
    elif all(t.quoted for t in tokens) and len(tokens) <= 3:
        made = _found(tokens, "quoted", strong)
    elif preview or _anaphoric(sentence, start):
        return  # a preview mentions; "this function call" points back
    else:
        made = _found(tokens, "phrase", MENTIONED)
    if made is not None:
        yield made


def todo_phrases(lines: Sequence[str]) -> list[Found]:
    """Phrases of a TODO's instructions (code comments or docstring lines)."""
    return [found for line in lines for found in line_phrases(line, markdown=False)]
