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

from ..lazy_re import compile_lazily
from ..named_tuple import NamedTuple
from . import lexicon
from .chunks import AUX, CLOSED, DETERMINER, noun_chunks, verb_capable, word_class
from .citations import cited_chunks
from .glosses import appositive, gloss, math_gloss, named_symbol, symbol, with_of
from .keys import singular
from .sentence_patterns import (
    ACTING,
    COMPOSING,
    VALUING,
    anaphoric,
    defining_after,
    enumerated,
    in_formula,
    placed,
    plain_kind,
    when_done,
)
from .term_filter import Term, clean_term, scare_quoted
from .tokens import CODE, LINK, WORD, Token, ends_with, split_sentences, tokenize
from .types import DEFINED, MENTIONED, PLAIN_PHRASES
from .words import DESCRIPTIVE, words

__all__ = ["Found", "is_preview", "line_phrases", "todo_phrases"]


class Found(NamedTuple):
    term: Term
    kind: str  # "definition" | "link" | "code-term" | "quoted" | "acted" | "phrase"
    level: int  # DEFINED, or MENTIONED for a plain phrase or a preview
    rare: bool  # a word of it is rare in general English (a phrase's term-hood)


_URL_SKIP = compile_lazily(
    r"colab\.research|github\.com/.+/blob/|nbviewer|mybinder|badge|\.(?:png|jpe?g|gif|svg)$"
)

# A head noun naming what inline code is: "the `Sequential` class", "the `fit` method".
_CODE_KIND = words(
    "class method function layer module attribute property api operation object step call "
    "loop decorator package library routine type operator constructor interface keyword "
    "parameter hook",
)
_BEFORE_TERM = (
    ("called",), ("known", "as"), ("referred", "to", "as"), ("termed",), ("we", "define"),
    ("example", "of"), ("concept", "of"), ("notion", "of"), ("idea", "of"),
)  # fmt: skip
_BEFORE_LAST = frozenset(pattern[-1] for pattern in _BEFORE_TERM)
_PREVIEW = compile_lazily(
    r"\b(?:we|you)(?:'ll|\u2019ll| will| are going to| shall)\b", re.IGNORECASE
)
_SCOPE = compile_lazily(
    r"\b(?:this|the next|a later|later|next|future|upcoming|coming)\s+(?:lab|labs|notebook|"
    r"module|modules|chapter|part|section|portion|tutorial|course|lesson)\b|\blater\b|"
    r"\bin the future\b|\bsoon\b",
    re.IGNORECASE,
)
_PAGE_SUFFIX = compile_lazily(r"\.(?:html?|php|aspx?|md|ipynb|pdf)$", re.IGNORECASE)
# Plain phrases: general-English frequency under which a word marks a technical phrase.
RARE_ZIPF = 3.3
RARE_WORD_ZIPF = 3.0


def is_preview(sentence: str) -> bool:
    """ "In this lab, we will build …", "we'll see later": a sentence about what is to come."""
    return bool(_PREVIEW.search(sentence)) and bool(_SCOPE.search(sentence))


def _name(tokens: Sequence[Token]) -> str:
    return " ".join(t.text for t in tokens)


# The markers of unfinished work, as authors write them.
_WORK_MARKERS = frozenset({"TODO", "FIXME", "XXX"})


def _trimmed(tokens: Sequence[Token]) -> Sequence[Token]:
    """Without leading everyday adjectives ("simple neural network", "famous MNIST dataset",
    "first layer"): what the phrase is, not how the sentence rates it."""
    at = 0
    while at < len(tokens) - 1:
        token = tokens[at]
        if token.text in _WORK_MARKERS:
            at += 1  # "[TODO Dense layer to output …]": the marker is no word of the phrase
            continue
        if token.kind != WORD or (token.text[:1].isupper() and at > 0):
            break
        kind = word_class(token.lower)
        common = lexicon.zipf(token.lower) >= 4.3 or lexicon.is_comparative(token.lower)
        adjective = kind == "adj" or "ADJ" in lexicon.parts_of_speech(token.lower)
        if not (
            kind == "ed"
            or (adjective and common)
            or token.lower in DESCRIPTIVE
            or (token.lower[:2] == "un" and word_class(token.lower[2:]) == "ed")  # "untrained"
        ):
            break  # "stored numpy array", "predicted label": a participle says what was done
        if _plural_modifier(tokens, at + 1):
            break  # "least squares loss": the word is part of a fixed compound, no rating
        at += 1
    return tokens[at:]


def _plural_modifier(tokens: Sequence[Token], at: int) -> bool:
    """Is ``tokens[at]`` a plural noun modifying the noun after it?  English makes such
    compounds only as fixed names ("least squares loss", "sum of squares"), whose words
    belong together."""
    if at >= len(tokens) - 1 or tokens[at].kind != WORD:
        return False
    word = tokens[at].lower
    return word.endswith("s") and not word.endswith("ss") and word_class(word) == "noun"


def _zipf(word: str) -> float:
    """General-English frequency of a word's singular; a hyphenated compound by its head
    ("ML-specific" as "specific", "cross-entropy" as "entropy"), a coinage of three content
    words or more as no word at all ("log-sum-exp"; not "end-to-end", "state-of-the-art")."""
    if "-" not in word:
        return lexicon.zipf(singular(word))
    parts = word.split("-")
    if len(parts) >= 3 and CLOSED.isdisjoint(parts):
        return 0.0
    return lexicon.zipf(singular(parts[-1]))


def _is_rare(tokens: Sequence[Token]) -> bool:
    if len(tokens) == 1:  # a lone word: rarer still ("backpropagation", "softmax")
        word = tokens[0]
        return (
            word.kind == WORD
            and word.lower.replace("-", "").isalpha()
            and (_zipf(word.lower) < RARE_WORD_ZIPF)
        )
    return any(t.kind == WORD and _zipf(t.lower) < RARE_ZIPF for t in tokens)


def _found(
    tokens: Sequence[Token], kind: str, level: int, alias: str = "", cited: bool = False
) -> Found | None:
    if kind in PLAIN_PHRASES or kind == "definition":
        tokens = _trimmed(tokens)
    name = _name(tokens)
    term = clean_term(name, level, code=tokens[0].kind in (CODE, LINK), cited=cited)
    if term is None:
        return None
    lone = kind == "definition" and len(tokens) == 1 and tokens[0].kind == WORD
    if lone and not cited and lexicon.zipf(tokens[0].lower) >= lexicon.COMMON_ZIPF:
        return None  # "the network consists of …": an everyday word, not a term
    if alias and clean_term(alias, level) is not None:
        term = term._replace(aliases=(*term.aliases, alias))
    return Found(term, kind, level, _is_rare(tokens))


# A name of one part, not a dunder: "`seq_length`", "`argmax`", not "`np.matmul`", "__mul__".
_BARE_NAME = compile_lazily(r"[A-Za-z][A-Za-z0-9_]*(?<!_)(?:\(\))?")


def _everyday_name(code: str) -> bool:
    """ "the `Model` class": a library's generic base named by an everyday word, which its
    kind word says what it is, not what it means (an emphasised everyday word is no term
    either, unless defined: ``term_filter``)."""
    return code.isalpha() and lexicon.zipf(code.lower()) >= lexicon.COMMON_ZIPF


def _invoked(before: Sequence[Token]) -> bool:
    """ "`backward()` is called multiple times": code that is called is run, not named."""
    at = len(before) - 1  # "called"
    while at > 0 and before[at - 1].lower in AUX:
        at -= 1
    return 0 < at < len(before) - 1 and before[at - 1].kind == CODE


def _link_target(url: str) -> str:
    """The page a link names: its fragment or last path segment, when that is a name
    ("…/Sequential#fit" → fit, "…/sparse_categorical_crossentropy", "…/torch.nn.Linear.html"
    → Linear)."""
    url = url.split("?", 1)[0].rstrip("/")
    tail = url.rsplit("#", 1)[-1] if "#" in url else url.rsplit("/", 1)[-1]
    tail = _PAGE_SUFFIX.sub("", tail).rsplit(".", 1)[-1]
    return tail if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{2,60}", tail) else ""


def _instruction(sentence: list[Token]) -> list[Token]:
    """An instruction without its opening verb ("Implement tensor creation …")."""
    if sentence and sentence[0].kind == WORD and verb_capable(sentence[0].lower):
        return sentence[1:]
    return sentence


# A keystroke changes one sentence of a cell: the others are read again from this memo.
# Sentences longer than _MEMO_TEXT are not kept, so the memo holds at most about
# _MEMO_SENTENCES * _MEMO_TEXT characters of keys (under 2 MB with their results).
_MEMO_SENTENCES = 2048
_MEMO_TEXT = 600
_SENTENCE_SPLIT = compile_lazily(r"(?<=[.!?])\s+(?=\S)")


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
    cues = _cues(line)
    for sentence in split_sentences(tokenize(line)):
        if not markdown:
            sentence = _instruction(sentence)
        preview = is_preview(" ".join(t.text for t in sentence))
        chunks = [_without_symbol(sentence, start, end) for start, end in noun_chunks(sentence)]
        cited = cited_chunks(sentence, chunks) if "(" in line else ()
        for at, (start, end) in enumerate(chunks):
            found.extend(_marked(sentence, start, end, preview, markdown, at in cited, cues))
    return tuple(found)


def _without_symbol(sentence: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    """ "the weight matrix `W` holds …": the phrase ends before the symbol the text gives it
    (its notation, as "$W$" is: ``named_symbol``); the words after it are the sentence's."""
    for at in range(start + 1, end):
        if sentence[at].kind == CODE and sentence[at - 1].kind == WORD and symbol(sentence[at]):
            return start, at
    return start, end


# Words that the sentence patterns of plain phrases need (``plain_kind``): a line without
# any of them is read without looking for the patterns.
_ACTING_CUE = compile_lazily(r"\b(?:let|we)\b", re.IGNORECASE)
_VALUING_CUE = compile_lazily(r"\bof\s+(?:(?:size|length|width)\s+)?\d")  # "of 2", "of size 2"
_COMPOSING_CUE = compile_lazily(
    r"\b(?:consist|composed|made\s+up|series|sequence|stack)", re.IGNORECASE
)


def _cues(line: str) -> int:
    return (
        (ACTING if _ACTING_CUE.search(line) else 0)
        | (VALUING if _VALUING_CUE.search(line) else 0)
        | (COMPOSING if _COMPOSING_CUE.search(line) else 0)
    )


def _marked(
    sentence: list[Token],
    start: int,
    end: int,
    preview: bool,
    markdown: bool,
    cited: bool,
    cues: int,
) -> Iterator[Found]:
    tokens: Sequence[Token] = sentence[start:end]
    strong = DEFINED if not preview else MENTIONED
    links = [t for t in tokens if t.kind == LINK]
    for link in links:
        if _URL_SKIP.search(link.url) or link.text.startswith("@"):
            continue  # a badge, a repository page, a social handle
        target = _link_target(link.url)
        alias = target if target.lower() != link.lower.replace(" ", "_") else ""
        made = _found([link], "link", strong, alias)
        if made is not None:
            yield made
    codes = [t for t in tokens if t.kind == CODE]
    if codes and len(tokens) <= 2:
        code = codes[0]
        explained = (
            (
                len(tokens) == 2
                and tokens[-1].kind == WORD
                and tokens[-1].lower in _CODE_KIND
                and not (tokens[-1].lower == "class" and _everyday_name(code.text))
            )
            or appositive(sentence, start, end)
            or (markdown and defining_after(sentence, start, end))
        )
        if explained and code.kind == CODE and not links:
            made = _found([code], "code-term", strong)
            if made is not None:
                yield made
        elif (
            markdown
            and not links
            and not preview
            and len(tokens) == 1
            and _BARE_NAME.fullmatch(code.text)
        ):
            # "`seq_length` characters": named, not explained; a concept where another
            # cell uses it too, as an emphasised term is (decided in the notebook walk)
            made = _found([code], "code-term", MENTIONED)
            if made is not None:
                yield made
    if links or codes:
        return
    symbol_glossed = math_gloss(sentence, start)
    if symbol_glossed:
        tokens = with_of(sentence, start, end)
    bare = start  # where the words before the phrase end, less its determiners
    while bare and sentence[bare - 1].lower in DETERMINER:
        bare -= 1  # "the example of a simple perceptron"
    other_name = gloss(sentence, start, end)
    defined = (
        symbol_glossed
        or named_symbol(sentence, bare, end)
        or (
            bare > 0
            and sentence[bare - 1].lower in _BEFORE_LAST
            and any(ends_with(sentence, bare, pattern) for pattern in _BEFORE_TERM)
            # "`f` is called a sigmoid" names it; "`backward()` is called twice" runs it
            and not (bare == start and _invoked(sentence[:start]))
            and not when_done(sentence, bare)
        )
        or (markdown and defining_after(sentence, start, end))
        or other_name is not None
        or cited
    )
    if defined:
        alias = _name(sentence[other_name[0] : other_name[1]]) if other_name is not None else ""
        made = _found(tokens, "definition", strong, alias, cited)
    elif all(t.quoted for t in tokens) and len(tokens) <= 3 and not enumerated(sentence):
        if len(tokens) == 1 and scare_quoted(tokens[0].lower):
            return  # 'how "wrong" predictions are', 'the "distance"': a word used loosely
        made = _found(tokens, "quoted", strong)
    elif preview or anaphoric(sentence, start) or placed(sentence, end):
        return  # a preview mentions; "this function call", "the cell below" point away
    elif markdown and in_formula(sentence, start, end):
        return  # "y = xW + b": a symbol (a comment's "activation=" is a keyword's name)
    else:
        kind = plain_kind(sentence, start, end, bare, cues) if cues else "phrase"
        if kind == "acted" and end - start == 1:
            tokens = with_of(sentence, start, end)  # "compute the sum of squares loss"
        made = _found(tokens, kind, MENTIONED)
    if made is not None:
        yield made


def todo_phrases(lines: Sequence[str]) -> list[Found]:
    """Phrases of a TODO's instructions (code comments or docstring lines)."""
    return [found for line in lines for found in line_phrases(line, markdown=False)]
