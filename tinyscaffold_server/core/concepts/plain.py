"""Plain noun phrases in the notebook walk: is a phrase nobody marked a term of the lesson?
(:class:`PlainPhrases`).  The phrases the notebook's code names, which it depends on, are
in :mod:`.code_vocabulary`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from . import lexicon
from .code_vocabulary import (
    CodeVocabulary,
    built_classes,
    code_names,
    code_phrases,
    counted_vocabulary,
    shortens,
)
from .keys import padded, phrases, postings, word_text
from .phrases import RARE_ZIPF
from .types import CellConcepts, Concept

__all__ = ["MODEL_KINDS", "PlainPhrases", "named_kind", "spellings_of"]


def spellings_of(names: Iterable[str]) -> set[str]:
    """Every form in which ``PlainPhrases`` may have asked about these names."""
    found: set[str] = set()
    for name in names:
        text = word_text(name)
        found.update((name, name.lower(), text, *text.split()))
    return found


class _Asked:
    """A set of names that remembers what it was asked (``Novelty.asked``)."""

    def __init__(self, names: frozenset[str], asked: set[str]) -> None:
        self._names, self._asked = names, asked

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self._asked.add(name.lower())
        return name in self._names


# "your autograd implementation", "a personal API key": the reader's own thing or setting
_OWNERS = ("your", "our", "my", "personal")
# the kind of a named model: "VAE model", "CNN classifier", "Transformer architecture"
MODEL_KINDS = frozenset({"model", "architecture", "network", "classifier"})
_KIND_WORDS = (
    frozenset({"api", "class", "method", "function", "layer", "module", "object"}) | MODEL_KINDS
)
# "The Oscillation Problem" after "oscillations": a known idea named as a problem (only
# after the idea: "class" said alone is no use of a "Class Problem")
_NAMED_AS = _KIND_WORDS | {"problem"}


def named_kind(key: str, kinds: frozenset[str] = _NAMED_AS) -> tuple[str, ...]:
    """The keys of the name a phrase gives with its kind ("VAE model", "Dense layer",
    "ReLu function": "vae", "dense", "re lu" and "relu"), or none."""
    words = key.split()
    if len(words) < 2 or words[-1] not in kinds:
        return ()
    # "ReLu function" after "ReLU": the same name, its capitals aside ("re lu", "relu")
    return (" ".join(words[:-1]), "".join(words[:-1]))


def _named_kind(words: list[str], seen: Mapping[str, object]) -> bool:
    """ "Sequential API", "Dense layer" after `Sequential`, `Dense`, "VAE model" after
    "VAE": a name with its kind."""
    return any(bare in seen for bare in named_kind(" ".join(words)))


def _coined(name: str) -> bool:
    """Is an identifier no English word ("isidentity", "logsigma")?  The frequency list
    holds only everyday words (Zipf 3 and up): a rare word such as "decoder" is still
    English when the dictionary knows its part of speech."""
    return lexicon.zipf(name) == 0 and not lexicon.parts_of_speech(name)


def _eponymous(name: str) -> bool:
    """ "Nesterov momentum" after "momentum": a kind named after its inventor (a capitalised
    word the dictionary does not know, before lower-case words) is a concept of its own."""
    first, *rest = name.split()
    return (
        first[:1].isupper()
        and first[1:].islower()
        and all(word.islower() for word in rest)
        and not lexicon.parts_of_speech(first.lower())
    )


class PlainPhrases:
    """Is a plain noun phrase (no emphasis, no definition, no link) a term of the lesson?

    A phrase the notebook's code names is one: a compound name it defines (a function, a
    class, a parameter: ``least_squares_loss``) or a keyword argument it passes
    (``learning_rate=``: the API's vocabulary), or a variable named after it
    (``all_queries``) where another cell's prose says it too.  Otherwise the course must go
    on to use it (as words, in the prose of another cell: markdown, comments, docstrings)
    and it must have a word rare in general English ("convolutional layer",
    "backpropagation").  A phrase that ends in a concept already introduced is a variant of
    it ("max pooling layer" after "pooling layer"); one naming an import is not this
    lesson's.  A TODO's own words (kind "instruction") need no other cell when term-like;
    in everyday words they are the task's wording, wherever else the notebook says them.
    """

    def __init__(self, cells: Sequence[CellConcepts]) -> None:
        self._cells = cells
        self._index: dict[str, set[int]] | None = None
        self.variables, self.keywords, defined = code_names(cells)
        self._coded = CodeVocabulary(code_phrases(defined, self.keywords, last=2))
        # the classes the code builds, by their short forms ("conv" of ``nn.Conv2d``)
        self._classes = built_classes(cells)
        self._class_of: dict[str, str | None] = {}
        # a variable named after what it holds ("all_queries", "dot_product"): a term only
        # where the prose of another cell uses the phrase too; constants are settings
        self._held = CodeVocabulary(
            code_phrases(name for name in self.variables if not name.isupper())
        )
        # names the notebook imports: an earlier module's or a library's, not this lesson's
        self._imported = frozenset(
            word_text(bound) for cell in cells for bound, _ in cell.imports if len(bound) > 2
        )
        self.asked: set[str] = set()
        self.asked_variables = _Asked(self.variables, self.asked)
        keywords = self.keywords
        self._keywords = frozenset(word_text(name) for name in keywords)
        # identifiers that are no English word: a phrase naming one talks about the code
        self._identifiers = frozenset(
            name.lower() for name in self.variables | keywords if _coined(name.lower())
        )

    def _postings(self) -> dict[str, set[int]]:
        if self._index is None:
            self._index = postings(cell.prose for cell in self._cells)
        return self._index

    def saying(self, words: Sequence[str]) -> set[int]:
        """The cells whose prose has every one of ``words`` (``keys.word_text`` words)."""
        index = self._postings()
        return set.intersection(*(index.get(word, set()) for word in words))

    def _users(self, concept: Concept, at: int) -> set[int]:
        index = self._postings()
        users: set[int] = set()
        # "the encoder network", then "the encoder": the name said again without its kind
        # (not a problem's: "class" said alone is no use of a "Class Problem")
        bare = named_kind(concept.key, _KIND_WORDS)
        for phrase in phrases((concept.name, *concept.aliases, *bare)):
            words = phrase.split()
            where = set.intersection(*(index.get(w, set()) for w in words)) - {at} - users
            users.update(other for other in where if phrase in self._cells[other].prose)
        return users

    def _mostly_owned(self, concept: Concept, cells: set[int]) -> bool:
        """Is the phrase said mostly after a possessive pronoun ("your autograd
        implementation", "our untrained model") in the cells that say it?  Then it names a
        thing the reader has, not an idea the lesson explains."""
        said = owned = 0
        for phrase in phrases((concept.name,)):
            for at in cells:
                text = self._cells[at].prose
                said += text.count(phrase)
                owned += sum(text.count(f" {owner}{phrase}") for owner in _OWNERS)
        return owned * 2 > said

    def _earlier(self, key: str, at: int, seen: Mapping[str, object]) -> bool:
        """Was ``key`` introduced by a cell before ``at``?  Within one cell the general term
        and its kind are both taught ("a loss function … the least squares loss function")."""
        known = seen.get(key, self)
        return known is not self and not any(known is c for c in self._cells[at].candidates)

    def _code_at_or_below(self, at: int) -> bool:
        """Is the code the cell narrates its own (a comment) or the next cell's?"""
        if not self._cells[at].markdown:
            return True
        return at + 1 < len(self._cells) and not self._cells[at + 1].markdown

    def _code_named(self, text: str, words: list[str], coded: CodeVocabulary) -> bool:
        """Does the notebook's code name the phrase ("least squares loss" and
        ``least_squares_loss``, "learning rate" and ``learning_rate=``)?  The code's own
        vocabulary marks a term; a lone everyday word ("data", "model") it may name anyway."""
        if text not in coded:
            return False
        if len(words) > 1:
            return True
        # a lone word: a noun, not an everyday one ("is_stable" names no concept "stable")
        return (
            "ADJ" not in lexicon.parts_of_speech(words[0])
            and lexicon.zipf(words[0]) < lexicon.COMMON_ZIPF
        )

    def __call__(
        self, concept: Concept, at: int, seen: Mapping[str, object], tails: set[str]
    ) -> bool:
        words = concept.key.split()
        if (
            len(words) > 1
            and any(self._earlier(" ".join(words[cut:]), at, seen) for cut in range(1, len(words)))
            and not _eponymous(concept.name)
        ):
            return False  # "max pooling layer" after "pooling layer"
        if concept.key in tails or _named_kind(words, seen):
            return False  # "activation function" after "sigmoid activation function"
        if len(words) > 2 and " ".join(words[:-1]) in seen and concept.key in self._coded:
            return False  # "gradient descent step" (``gradient_descent_step``) after its subject
        bare = words[:-1] if len(words) > 1 and words[-1] in _KIND_WORDS else words
        if word_text(" ".join(bare)) in self._imported:
            return False  # "the Tensor class" imported from an earlier module
        spelled = concept.name.lower().split()
        said = word_text(concept.name)
        self.asked.update(spelled)
        self.asked.add(said)
        if len(spelled) > 1 and any(word in self._identifiers for word in spelled):
            return False  # "the isidentity argument", "size alpha": the notebook's own names
        users = self._users(concept, at)
        # "your autograd implementation": the student's artefact, nearly each time it is said
        return self._term_like(concept, at, words, users, said) and not self._mostly_owned(
            concept, users | {at}
        )

    def library_class(self, concept: Concept) -> str | None:
        """The key of the library class the code builds whose name spells the phrase in
        short forms, "layer" aside ("convolutional layers": ``nn.Conv2d``, "batch
        normalization": ``nn.BatchNorm2d``); a lone word only as a layer ("linear layers":
        ``nn.Linear``, not "linear").  A layer is the idea its class implements; "the
        Sequential API" names the class itself, a concept of its own where it is built."""
        if concept.key in self._class_of:
            return self._class_of[concept.key]
        words = concept.key.split()
        bare = words[:-1] if len(words) > 1 and words[-1] == "layer" else words
        found = None
        if len(bare) < len(words) or len(bare) > 1:
            for short, key in self._classes.items():
                parts = short.split()
                # the prose spells the name out, or says it is a layer: not the name alone
                spelled = parts != bare or len(bare) < len(words)
                if spelled and len(parts) == len(bare) and all(map(shortens, parts, bare)):
                    found = key
                    break
        self._class_of[concept.key] = found
        return found

    def _term_like(
        self, concept: Concept, at: int, words: list[str], users: set[int], said: str
    ) -> bool:
        """Is the phrase (``said``: its ``word_text``) a term: named by the code, or rare or
        in the API's words where the notebook uses it again?"""
        counters = self._cells[at].counters
        if counters and self._code_named(said, words, counted_vocabulary(counters)):
            return True  # "every 20 epochs" over ``for epoch in range(n_epoch)``
        if self._code_named(said, words, self._coded):
            return True
        if self.library_class(concept) is not None:
            return True  # "convolutional layers" over the ``nn.Conv2d`` the code builds
        if users and self._code_named(said, words, self._held):
            return True
        if concept.kind == "instruction":
            # a TODO's words: the student works with them here ("Define the activation
            # function"): term-like is enough, and a lone word must be used again; a phrase
            # of everyday words is the task's wording ("Update the model parameters",
            # "generate text of length 1000") however often the notebook says it, unless the
            # API names it; one with a rare word is a term where another cell says it too
            named = self._keywords.intersection(padded(concept.name).split())
            if len(words) == 1:
                return concept.rare and bool(users)
            return concept.rare or bool(named) or (bool(users) and _has_rare_word(words))
        acted = concept.kind == "acted" and (concept.rare or len(words) > 1)
        if acted and self._code_at_or_below(at):
            return True  # "Let's first run stochastic gradient descent" above the code doing it
        if concept.kind == "part" and (concept.rare or len(words) > 1):
            return True  # "a network consisting of two fully connected layers"
        if concept.kind == "titled":
            return True  # "This notebook runs the backpropagation algorithm" under its title
        if concept.kind == "valued" and self._code_at_or_below(at):
            # "# … with a stride of 1": the setting the code uses, no everyday lone word
            return len(words) > 1 or lexicon.zipf(words[0]) < lexicon.COMMON_ZIPF
        if not users:
            return False
        if len(words) == 1:
            return concept.rare
        # everyday words used again are the notebook's subject matter as often as its terms
        # ("handwritten digits", "training data"): they need the API's word for them
        return concept.rare or said in self._keywords


def _has_rare_word(words: Sequence[str]) -> bool:
    """Is a word of the phrase rare in general English (as a phrase's term-hood asks)?"""
    return any(lexicon.zipf(word) < RARE_ZIPF for word in words)
