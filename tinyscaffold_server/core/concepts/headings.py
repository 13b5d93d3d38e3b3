"""What a markdown heading says: its subject ("What is a Tensor?" → Tensor), what its
subtitle says the subject is for ("… - Foundation for Regression"), whether its section only
mentions (motivation, previews, recaps, tests), and whether the cell discusses the subject."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from ..lazy_re import compile_lazily
from ..memo import small_input_cache
from ..named_tuple import NamedTuple
from . import lexicon
from .chunks import imperative
from .keys import normalise_key, padded, phrases, singular
from .term_filter import Term
from .words import GENERIC, NON_INTRODUCING, SECTION_HEADS, words

__all__ = [
    "NOTICE",
    "STRUCTURE",
    "Body",
    "acronym",
    "body_without",
    "core_phrase",
    "discussed",
    "heading_purpose",
    "heading_subject",
    "names_a_section",
    "non_introducing",
    "rare_word",
    "subtitle_purpose",
    "title_named",
    "undiscussed_head",
]

_PREVIEW = compile_lazily(
    r"\b(?:we|you)(?:'ll|\u2019ll| will|'ve|\u2019ve| have)\b|\blet'?s\b", re.IGNORECASE
)
_STEP_PREFIX = compile_lazily(
    r"^(?:(?:step|part|section|stage|phase|level|lesson|module|exercise|task|chapter|lab|"
    r"laboratory|tutorial|assignment|homework|notebook|lecture)\s*"
    r"[\dIVX]+[a-z]?\b\s*[:.\-\u2013\u2014]?\s*|\d+(?:\.\d+)*[.):]?\s+)",
    re.IGNORECASE,
)
# "Lab 1: …", "Part 1: …", "Notebook 6.3: …": a heading that names a piece of the course.
STRUCTURE = compile_lazily(
    r"^[\W_]*(?:lab|laboratory|part|module|chapter|notebook|lesson|tutorial|assignment|"
    r"homework|lecture|unit|week|session)\s*[\dIVX]+(?:\.\d+)*[a-z]?\b",
    re.IGNORECASE,
)
# A legal notice above the title ("# Copyright Information") does not open the notebook.
NOTICE = compile_lazily(r"^\W*(?:copyright|licen[cs]e|disclaimer|terms\s+of\s+use)\b", re.I)
_SUBJECT = compile_lazily(
    r"^(?:what\s+(?:is|are)|understanding|introducing|introduction\s+to|meet|defining)\s+"
    r"(?:an?\s+|the\s+)?(?P<s>.+?)\s*\??$",
    re.IGNORECASE,
)
_TRAILING_GENERIC = compile_lazily(
    r"\s+(?:foundations?|basics|fundamentals|overview|refresher|class|implementation|"
    r"operations?|explained|in\s+depth|deep\s+dive)$",
    re.IGNORECASE,
)
_SUBTITLE = compile_lazily(r"\s+[-\u2013\u2014]\s+|:\s+")
_EVERYDAY_SUBJECT_ZIPF = 3.5
_TRAILING_PHRASE = compile_lazily(
    r"\s+(?:for|in|with|of|and|vs\.?|through|via|using|from|to|into|on|at|by|beyond|without)"
    r"\s+.*$",
    re.IGNORECASE,
)

# Two subjects a heading coordinates under one head noun.
_COORDINATED = compile_lazily(r"\s(?:and|or|vs\.?|versus)\s", re.IGNORECASE)

_REAL_WORLD = compile_lazily(r"\breal[\s\-]world\b", re.IGNORECASE)

_EMOJI_ETC = compile_lazily(r"[^\w\s'\u2019\-():?&/]")

_TEST_WORDS = frozenset({"test", "testing"})
_KIND_OF_SECTION = SECTION_HEADS | GENERIC


# Each heading is asked twice, by a cell's terms and by its teaching text: cached while short.
@small_input_cache(maxsize=1024, max_size=256)
def non_introducing(heading: str) -> bool:
    # The title part only: "Custom Losses - Aligning with Business Objectives" teaches.
    main = _SUBTITLE.split(heading, maxsplit=1)[0]
    ordered = [normalise_key(w) for w in re.split(r"[\s\-:/]+", _EMOJI_ETC.sub(" ", main)) if w]
    words = {w for w in ordered if w}
    if words & _TEST_WORDS:
        # "Unit Test", "Testing the layer": a test section; not "the test dataset"
        ordered = [w for w in ordered if w]
        if ordered and (ordered[0] in _TEST_WORDS or ordered[-1] in _TEST_WORDS):
            return True
        words -= _TEST_WORDS
    # "Create training examples and targets": a gerund before "examples" makes a compound
    # that names data ("training examples"), not a section of examples ("Learning
    # Objectives" stays a rubric)
    if any(w == "example" and _gerund(before) for before, w in pairwise(ordered)):
        words.discard("example")
    return (
        not NON_INTRODUCING.isdisjoint(words)
        or bool(_PREVIEW.search(heading))
        or bool(_REAL_WORLD.search(heading))
    )


def _gerund(word: str) -> bool:
    return word.endswith("ing") and "VERB" in lexicon.parts_of_speech(word)


def heading_subject(heading: str) -> tuple[str, bool] | None:
    """(subject, explicitly asked?) of a heading, or None: "Step 2: What is a Tensor?" →
    Tensor; "Introduction: What are Optimizers?" → Optimizers; "Sigmoid - The Probability
    Gatekeeper" → Sigmoid; "Understanding Momentum: The Physics of Optimization" → Momentum;
    "Focal Loss for Imbalanced Data" → Focal Loss; "Train the model" → training."""
    text = _STEP_PREFIX.sub("", _EMOJI_ETC.sub(" ", _STEP_PREFIX.sub("", heading.strip()))).strip()
    parts = [text, *_SUBTITLE.split(text)[1:]]
    for part in parts:
        match = _SUBJECT.match(part.strip())
        if match is not None:
            return core_phrase(match["s"]), True
    split = _SUBTITLE.split(text, maxsplit=1)
    text = split[0].strip()
    if len(split) == 2 and names_a_section(Term(text, ())) and ":" in heading:
        # "Visual Understanding: Loss Function Landscape": a kind of section, then its subject
        # (not a step of the course: "Integration: Building Graphs")
        text = split[1].strip()
        first = text.split()[0].lower() if text else ""
        if first.endswith("ing") and "VERB" in lexicon.parts_of_speech(first):
            return None
    if text.endswith("?"):
        return None
    if imperative(text):
        # "Train the model": a task, whose subject is the activity it names ("training"), a
        # concept only where the section's prose discusses it in that word, as any heading
        activity = _activity(text.split()[0].lower())
        return None if activity is None else (activity, False)
    if _COORDINATED.search(text) and normalise_key(text).rsplit(" ", 1)[-1] in _KIND_OF_SECTION:
        # "Edge Device and Deployment Considerations", "Training vs Inference Behavior": both
        # under a section's kind
        return None
    subject = core_phrase(_TRAILING_GENERIC.sub("", text).strip())
    if _instances(subject, text[len(subject) :].split()[:1]):
        return None  # "Predictions from the untrained model": what this notebook produces
    return subject, False


def _activity(verb: str) -> str | None:
    """The "-ing" form of ``verb`` ("train" → "training", "compute" → "computing", "plot" →
    "plotting"), as the dictionary spells it; None where it knows none."""
    stems = (verb[:-1], verb) if verb.endswith("e") else (verb, verb + verb[-1])
    for stem in stems:
        if lexicon.inflects(stem + "ing", verb):
            return stem + "ing"
    return None


# What qualifies a heading's subject as one case of it ("Predictions from the untrained
# model", "Training without Regularization"); not "for", which says what the subject serves
# ("CNN for facial detection"), nor "and", which adds a second subject.
_QUALIFIERS = words("from without with of on in through via using into to at by beyond")


def _instances(subject: str, after: list[str]) -> bool:
    """Does the heading name instances or an activity, not an idea: one everyday word (Zipf
    ≥ 3.5, no acronym), a plural or an "-ing" form of a verb, qualified by a phrase that
    says which ones (see ``_QUALIFIERS``)?"""
    if " " in subject or subject.isupper() or not after or after[0].lower() not in _QUALIFIERS:
        return False
    word = subject.lower()
    if lexicon.zipf(word) < _EVERYDAY_SUBJECT_ZIPF:
        return False
    gerund = word.endswith("ing") and "VERB" in lexicon.parts_of_speech(word)
    return gerund or singular(word) != word


# "Mean Squared Error - Foundation for Regression": the subtitle names what the subject is
# for, a concept of its own when one of its words is rare.
_PURPOSE = compile_lazily(r"\bfor\s+(?:an?\s+|the\s+)?(?P<o>[^,;:()?]+?)\s*$", re.IGNORECASE)
# "Dropout Layer - Preventing Overfitting": a subtitle that opens with what the subject does
# to something names that something (the object of the "-ing" verb), when it has a rare word.
_DOING = compile_lazily(r"^\s*(?P<v>[A-Z][a-z]+ing)\s+(?P<o>[A-Za-z][^,;:()?]*?)\s*$")


def subtitle_purpose(heading: str) -> str | None:
    parts = _SUBTITLE.split(_EMOJI_ETC.sub(" ", heading.strip()), maxsplit=1)
    match = _PURPOSE.search(parts[1]) if len(parts) == 2 else None
    if match is None and len(parts) == 2:
        doing = _DOING.match(parts[1])
        # a rare object (not "Implementation: Building Layer Foundation", a step of the course)
        if (
            doing is not None
            and "VERB" in lexicon.parts_of_speech(doing["v"].lower())
            and rare_word(doing["o"])
        ):
            return doing["o"]
    if match is None:
        return None
    words = match["o"].split()
    if any(lexicon.zipf(w.lower()) < lexicon.COMMON_ZIPF for w in words):
        return match["o"]
    return None


def heading_purpose(heading: str) -> str | None:
    """What a sub-heading says its subject is for, with a rare word ("Focal Loss for
    Imbalanced Data" → "Imbalanced Data"): the problem the section's subject answers."""
    match = _PURPOSE.search(_EMOJI_ETC.sub(" ", heading.strip()))
    if match is None or _SUBTITLE.search(heading):
        return None
    purpose = _TRAILING_PHRASE.sub("", match["o"]).strip()  # "… debiasing with DB-VAE"
    return purpose if rare_word(purpose) else None


class Body(NamedTuple):
    """A heading's cell without the heading's line: its text and its ``keys.padded`` words
    (built from the cell's words line by line, which every heading of the cell shares)."""

    text: str
    padded: str


def body_without(lines: list[str], words: list[str], lineno: int) -> Body:
    """The body of the heading on line ``lineno`` (1-based) of a cell of ``lines``, whose
    ``keys.line_words`` are ``words``."""
    text = "\n".join(lines[: lineno - 1] + lines[lineno:])
    kept = " ".join([w for w in words[: lineno - 1] + words[lineno:] if w])
    return Body(text, f" {kept} ")


def undiscussed_head(subject: str, body: Body) -> str | None:
    """ "## Numerical Stability Challenge" over text about numerical stability: the heading's
    last word is an everyday noun naming the kind of section; the words before it, which the
    section discusses, are its subject."""
    words = subject.split()
    if len(words) < 3 or lexicon.zipf(words[-1].lower()) < lexicon.COMMON_ZIPF:
        return None
    rest = " ".join(words[:-1])
    return rest if discussed(rest, body) else None


def rare_word(subject: str) -> bool:
    words = re.findall(r"[A-Za-z]+", subject)
    return any(lexicon.zipf(w.lower()) < _SUBHEADING_ZIPF for w in words)


def core_phrase(text: str, tail: bool = True) -> str:
    """The phrase before a subtitle (and, with ``tail``, before a prepositional tail)."""
    text = _SUBTITLE.split(text, maxsplit=1)[0].strip()
    return _TRAILING_PHRASE.sub("", text).strip() if tail else text


def names_a_section(term: Term) -> bool:
    """ "Gradient Flow Visualization", "Module System": the head noun names a kind of section."""
    return normalise_key(term.name).rsplit(" ", 1)[-1] in SECTION_HEADS


def discussed(subject: str, body: Body) -> bool:
    """Does the cell, beyond the heading, use the subject: in prose or in the code it shows
    ("### Ranking-Aware Loss" … ``class RankingAwareLoss``), or by its acronym ("Mean
    Squared Error" … "MSE is the cornerstone")?"""
    if any(phrase in body.padded for phrase in phrases([subject])):
        return True
    short = acronym(subject)
    return bool(short) and re.search(r"\b" + short + r"\b", body.text) is not None


def head_discussed(subject: str, body: Body) -> bool:
    """ "## Loss Function Landscape" over "different optimization landscapes": a
    sub-heading whose head noun, no everyday word, the section's text takes up as the head
    of another compound (a noun before it) is about that kind of thing; not "a subtle bug"
    under "### The Adam Weight Decay Bug", which rates one."""
    words = normalise_key(subject).split()
    if len(words) < 2 or lexicon.zipf(words[-1]) >= lexicon.COMMON_ZIPF:
        return False
    before = re.findall(rf"(\w+) {re.escape(words[-1])} ", body.padded)
    return any(_noun_only(word) for word in before if word not in words)


def _noun_only(word: str) -> bool:
    tags = lexicon.parts_of_speech(word)
    return "NOUN" in tags and "ADJ" not in tags


def acronym(subject: str) -> str:
    parts = subject.split()
    return "".join(w[0] for w in parts if w[:1].isalpha()).upper() if len(parts) >= 2 else ""


# A sub-heading among a cell's sections names its subject when a word of it is this rare.
_SUBHEADING_ZIPF = 3.5


# What a name may be said with in an opening sentence: "the backpropagation algorithm"
_TITLED_KINDS = frozenset({"algorithm", "engine", "mechanism", "method", "technique", "system"})


def title_named(name: str, rare: bool, titles: Sequence[str]) -> str | None:
    """The notebook's subject, when a plain phrase of its opening cell (``rare``: it has a
    rare word) says what an H1 of the cell names (``titles``: their ``padded`` words):
    "This notebook runs the backpropagation algorithm" under "# Notebook 7.2:
    Backpropagation" gives "backpropagation" (the name said with its kind is the name).
    None for a phrase the titles do not name, a lone word that is not rare ("Our classes
    are the digits" under "Digit Classification": the material) or everyday words alone
    ("building blocks")."""
    words = name.split()
    named = words[:-1] if len(words) > 1 and words[-1].lower() in _TITLED_KINDS else words
    said = padded(" ".join(named))
    if not any(said in title for title in titles):
        return None
    if len(named) == 1 and not rare:
        return None
    if all(lexicon.zipf(singular(word.lower())) >= lexicon.COMMON_ZIPF for word in named):
        return None
    return " ".join(named)
