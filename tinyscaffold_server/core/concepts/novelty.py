"""Which cell introduces each concept: the notebook walk, and its reuse across requests.

The walk (:func:`new_concepts_per_cell`) decides, in notebook order:

- which code teaches (:func:`.notebook_evidence.teaching_code`): marked or exported
  solutions, every solution, or, in a notebook without solution cells, every non-test cell;
- where a concept is introduced: where it is first explained at the strongest level any
  cell gives it (a mention yields to a later definition, a definition to a later section
  about it, labelling guide: "when a later cell explains it, that later cell introduces
  it");
- that a prose term not used again in any other cell was mentioned in passing;
- that a concept is new only the first time any of its spellings appears (``known``: keys
  earlier modules introduced), later spellings becoming its aliases.

Reuse (:func:`update`): a warm request usually changes one cell's text without changing
its candidates (a keystroke inside a function body).  Only the text-dependent decisions
(a term used elsewhere; a heading taken up by the next cell) can then differ, so they are
re-checked against the changed cells alone; if none flips, the previous answer stands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..named_tuple import NamedTuple
from .candidates import merged_concepts
from .code_vocabulary import LongForms
from .first_said import FirstSaid
from .keys import normalise_key, singular
from .library_classes import CalledBefore
from .notebook_evidence import (
    CODE_KINDS,
    UsedElsewhere,
    best_introductions,
    first_implemented,
    introduced_later,
    notebook_rubrics,
    resolve_headings,
    resolve_opening,
    teaching_code,
)
from .plain import MODEL_KINDS, PlainPhrases, named_kind, spellings_of
from .types import DEFINED, PLAIN_PHRASES, SECTION, CellConcepts, Concept
from .words import words

__all__ = ["Novelty", "new_concepts_per_cell", "update"]

_PROSE_KINDS = frozenset(
    {"term", "heading", "definition", "link", "code-term", "quoted", "comment", "objective"}
)
_PLAIN_KINDS = PLAIN_PHRASES | {"instruction"}
# Typography alone (emphasis, quotation marks) is a mention until another cell uses the term:
# quotation marks as often hold an everyday word used loosely ('how "wrong" it is').
_MARKED_ONLY = frozenset({"term", "quoted"})
# Kinds of code a prose name may carry ("softmax function", "Dense layer").
_KINDS = frozenset({"function", "method", "class", "layer", "module", "operation", "api"})
_FUNCTION_KINDS = frozenset({"function", "closure"})
# The kinds of idea a prose name may carry besides kinds of code ("the dropout technique",
# "the reparameterization trick", "the regularization term"), the kinds of a model ("the decoder
# network"), a problem ("the exploding gradient problem") and a variable ("an indicator variable").
_NAMED_KINDS = (
    _KINDS
    | MODEL_KINDS
    | words(
        "mechanism algorithm technique operator trick approach strategy scheme term",
        "problem variable",
    )
)
# CellConcepts fields before ``text``: equal ones mean the same candidates, units, calls.
_TEXT = CellConcepts._fields.index("text")
# Fields whose change matters only through the notebook's union of them: a code edit that
# assigns one more variable rarely changes which names the notebook's code uses.
_NAMES = frozenset(
    CellConcepts._fields.index(field) for field in ("assigned", "keywords", "defined")
)
_LOCAL = tuple(i for i in range(len(CellConcepts._fields)) if i not in _NAMES and i != _TEXT)


class _Checks(NamedTuple):
    """The text-dependent decisions of one walk."""

    # (cell, the term's phrases, the other cell that uses it, or -1 where none did)
    used: tuple[tuple[int, tuple[str, ...], int], ...]
    # (cell, the heading subject's phrase, whether the next cell takes it up)
    next_heading: tuple[tuple[int, str, bool], ...]
    # (cell, a dotted name's phrase, whether a code cell before it spells the name)
    called: tuple[tuple[int, str, bool], ...] = ()


class Novelty(NamedTuple):
    cells: Sequence[CellConcepts]  # the input, compared on the next call
    known: frozenset[str]  # keys introduced before this notebook
    new: Sequence[Sequence[Concept]]  # per cell, the concepts it introduces, in order
    checks: _Checks
    asked: frozenset[str] = frozenset()  # the names the walk looked up in them, lower case


def new_concepts_per_cell(
    cells: Sequence[CellConcepts], known: Iterable[str] = ()
) -> list[Sequence[Concept]]:
    """For each cell, the concepts it introduces, in order."""
    return list(_walk(cells, frozenset(known)).new)


def update(
    previous: Novelty | None, cells: Sequence[CellConcepts], known: frozenset[str] = frozenset()
) -> Novelty:
    """Novelty of ``cells``; ``.new`` always equals ``new_concepts_per_cell(cells, known)``."""
    if previous is None or previous.known != known or len(previous.cells) != len(cells):
        return _walk(cells, known)
    changed: list[int] = []
    for index, (cell, was) in enumerate(zip(cells, previous.cells, strict=True)):
        if cell is was:
            continue
        if any(cell[i] != was[i] for i in _LOCAL):
            return _walk(cells, known)
        if (cell.assigned, cell.keywords, cell.defined) != (
            was.assigned,
            was.keywords,
            was.defined,
        ):
            # one more variable in a code cell: only a name the walk asked about matters
            differ = (
                (cell.assigned ^ was.assigned)
                | (cell.keywords ^ was.keywords)
                | (cell.defined ^ was.defined)
            )
            if not previous.asked.isdisjoint(spellings_of(differ)):
                return _walk(cells, known)
            changed.append(index)
        elif cell.text != was.text:
            changed.append(index)
    if not changed:
        return previous._replace(cells=cells)
    checks = _recheck(previous.checks, cells, changed)
    if checks is None:
        return _walk(cells, known)
    return previous._replace(cells=cells, checks=checks)


def _recheck(checks: _Checks, cells: Sequence[CellConcepts], changed: list[int]) -> _Checks | None:
    """The previous decisions, re-evidenced after text-only changes; None if one flips."""
    texts = {index: cells[index].text for index in changed}
    used = []
    for at, spelled, evidence in checks.used:
        if evidence >= 0 and evidence in texts:
            evidence = _find(spelled, cells, at)
            if evidence < 0:
                return None
        elif evidence < 0 and any(
            other != at and any(phrase in text for phrase in spelled)
            for other, text in texts.items()
        ):
            return None
        used.append((at, spelled, evidence))
    for at, phrase, taken_up in checks.next_heading:
        if at + 1 in texts and (phrase in texts[at + 1]) != taken_up:
            return None
    first = min(texts)
    for at, phrase, found in checks.called:
        if first < at and CalledBefore.spelled(phrase, cells, at) != found:
            return None
    return _Checks(tuple(used), checks.next_heading, checks.called)


def _find(spelled: tuple[str, ...], cells: Sequence[CellConcepts], at: int) -> int:
    for other, cell in enumerate(cells):
        if other != at and any(phrase in cell.text for phrase in spelled):
            return other
    return -1


def _walk(cells: Sequence[CellConcepts], known: frozenset[str]) -> Novelty:
    """The reference walk (see the module docstring)."""
    resolved, next_heading = resolve_headings(resolve_opening(cells))
    aliases: dict[str, str] = {}
    seen: dict[str, Concept | None] = dict.fromkeys(known)
    variants: dict[str, list[str]] = {}
    said_with_kind: dict[str, tuple[int, Concept]] = {}  # "softmax" of "softmax function"
    said_long = LongForms()  # what the prose said, found again from code's short forms
    methods: dict[str, Concept] = {}  # the methods introduced, by their own name ("call")
    code = teaching_code(resolved)
    nearby: frozenset[str] = frozenset()
    result: list[list[Concept]] = []
    used = UsedElsewhere(resolved)
    rubrics = notebook_rubrics(resolved)
    plain = PlainPhrases(resolved)
    tails: set[str] = set()  # word-final parts of the keys seen ("activation function")
    variables = plain.asked_variables
    introduced_at, implemented = best_introductions(resolved, code)
    called_before = CalledBefore(resolved)
    # plain phrases the walk did not find term-like where they stood: the first cell to say one
    # introduces it if a later cell shows it is a term after all
    unjudged = FirstSaid(resolved, plain.saying)
    for index, cell in enumerate(resolved):
        for bound, target in cell.imports:
            aliases[bound] = target
        new: list[Concept] = []
        for concept in merged_concepts(
            cell, aliases, nearby, code, variables, called_before.at(index)
        ):
            if introduced_later(concept, index, introduced_at):
                continue  # a later cell explains it: there the student learns it
            if concept.kind in _PLAIN_KINDS and first_implemented(concept, implemented) is not None:
                pass  # a term the code implements (``backward_pass``): said first here
            elif concept.kind in _PLAIN_KINDS:
                if not plain(concept, index, seen, tails):
                    unjudged.add(concept, index)
                    continue
            elif concept.kind in _PROSE_KINDS:
                coded = first_implemented(concept, implemented) if concept.level < DEFINED else None
                if coded is not None and coded > index:
                    continue  # "We meet **ReLU**": marked, not explained; the code teaches it
                # emphasis or quotes alone: a mention until another cell uses the term; a sentence
                # that defines it, a link or explained code introduces it where it stands
                mention = concept.level < DEFINED or concept.kind in _MARKED_ONLY
                if concept.level < SECTION and mention and not used(concept, index):
                    continue
                if concept.kind == "term" and concept.key in rubrics:
                    continue  # "🔗 **Connections**:" in cell after cell: the notebook's rubric
                if (
                    concept.kind in ("link", "code-term")
                    and concept.name in variables
                    and concept.name not in plain.keywords
                ):
                    continue  # "`train_images`": the notebook's own variable
            forms = (concept.key, *concept.forms)
            known_as = (*forms, *_with_kind(concept), *_verb_stem(concept))
            if concept.kind in _PROSE_KINDS:
                # "### DB-VAE architecture" after "DB-VAE": the known name with its kind
                known_as = (*known_as, *named_kind(concept.key))
            # "softmax" in a cell after "softmax function": the same concept, said again
            earlier = next(
                (
                    said_with_kind[f][1]
                    # "regularization function" after "regularization term": one name, two kinds
                    for f in (*forms, *filter(None, map(_without_kind, forms)))
                    if said_with_kind.get(f, (index,))[0] < index
                ),
                None,
            )
            if earlier is None and concept.kind == "code-term":
                # "the `call` function" after ``DB_VAE.call``: prose naming the method again
                earlier = methods.get(concept.key)
            if earlier is None and concept.kind in _FUNCTION_KINDS:
                # ``zero_grad`` after "zeroing gradients": the code spells what the prose said
                said = said_long.spelled_by(concept.key)
                earlier = seen.get(said) if said is not None else None
            if earlier is None and not any(form in seen for form in known_as):
                at, first_said = unjudged.said_first(concept, forms, index)
                if first_said is not concept:
                    for form in (first_said.key, *first_said.forms):
                        seen.setdefault(form, first_said)
                    if first_said.name != concept.name:
                        later = (concept.name, *concept.aliases)
                        variants.setdefault(first_said.key, []).extend(later)
                    concept = first_said
                for form in forms[:-1] if concept.kind == "call" else forms:
                    seen[form] = concept
                    if concept.kind in _PROSE_KINDS or concept.kind in _PLAIN_KINDS:
                        said_long.add(form)
                    bare = _without_kind(form)
                    if bare is not None:
                        said_with_kind.setdefault(bare, (at, concept))
                    parts = form.split()
                    tails.update(" ".join(parts[cut:]) for cut in range(1, len(parts)))
                for form in _verb_stem(concept):
                    seen.setdefault(form, concept)
                if concept.kind == "method":
                    methods.setdefault(normalise_key(concept.name.rsplit(".", 1)[-1]), concept)
                if at < index:
                    _insert(result[at], concept)
                else:
                    new.append(concept)
                continue
            first = earlier or next(seen[f] for f in known_as if f in seen)
            if first is not None and concept.name != first.name:
                variants.setdefault(first.key, []).extend((concept.name, *concept.aliases))
        result.append(new)
        nearby = nearby | cell.mentions if cell.markdown else frozenset()
    if variants:
        result = [[_with_variants(c, variants) for c in cell] for cell in result]
    checks = _Checks(tuple(used.decisions), next_heading, tuple(called_before.decisions))
    return Novelty(cells, known, result, checks, frozenset(plain.asked))


def _insert(concepts: list[Concept], concept: Concept) -> None:
    """Into a cell's concepts, in the order of their lines."""
    line = concept.line or 0
    at = len(concepts)
    while at and (concepts[at - 1].line or 0) > line:
        at -= 1
    concepts.insert(at, concept)


def _verb_stem(concept: Concept) -> tuple[str, ...]:
    """A one-word prose term's stem as a verb, marked so that it never meets a key:
    "debiased", "debiasing" and "debias" are one concept said in three forms (the key keeps
    each).  Code units meet prose by their own rules (``LongForms``)."""
    key = concept.key
    if not key.isalpha() or concept.kind in CODE_KINDS:
        return ()  # a phrase, a number, code
    if key.endswith("ing") and len(key) > 6:
        key = key[:-3]
    elif key.endswith("ed") and len(key) > 5:
        key = key[:-2]
    return ("~" + singular(key),)


def _with_kind(concept: Concept) -> tuple[str, ...]:
    """Code named as the prose named it with its kind: ``def softmax`` is not new after "the
    softmax function", nor ``class Dense`` after "a Dense layer"."""
    if concept.kind not in CODE_KINDS:
        return ()
    return tuple(f"{concept.key} {kind}" for kind in _KINDS)


def _without_kind(key: str) -> str | None:
    """The name a prose key gives with its kind ("softmax function", "self attention
    mechanism"): said later without the kind, it is the same concept, not a new one."""
    head, _, kind = key.rpartition(" ")
    return head if head and kind in _NAMED_KINDS else None


def _with_variants(concept: Concept, variants: Mapping[str, list[str]]) -> Concept:
    more = variants.get(concept.key)
    if not more:
        return concept
    lowered = {concept.name.lower(), *(a.lower() for a in concept.aliases)}
    extra = [v for v in dict.fromkeys(more) if v.lower() not in lowered]
    if not extra:
        return concept
    return concept._replace(aliases=(*concept.aliases, *extra))
