"""The concept records the per-cell extraction produces and the notebook walk consumes."""

from __future__ import annotations

from collections.abc import Sequence

from ..named_tuple import NamedTuple
from .keys import normalise_key, spellings

__all__ = ["PLAIN_PHRASES", "CellConcepts", "Concept", "make_concept", "opening_cell"]


class Concept(NamedTuple):  # a NamedTuple: built by the thousand, much cheaper than a dataclass
    name: str  # the author's spelling at its first appearance ("ReLU", "Tensor.add")
    key: str  # normalise_key(name): what novelty is decided on
    # "term" (emphasis) | "heading" | "definition" | "link" | "code-term" | "quoted" |
    # "phrase" (a plain noun phrase) | "acted" (a plain phrase the author acts on next) |
    # "valued" (a plain phrase given its value: "a stride of 2") |
    # "class" | "function" | "method" | "closure" | "call" |
    # "override" | "glossary"
    kind: str
    line: int | None  # 1-based line in the cell (None for overrides)
    aliases: tuple[str, ...] = ()  # other spellings: abbreviation, expansion, variants seen
    forms: tuple[str, ...] = ()  # keys of the aliases: any of them seen means "not new"
    # How strongly the text introduces it: MENTIONED (emphasis alone) < DEFINED (a
    # definition follows, or the code implements it) < SECTION (a heading is about it).
    level: int = 2
    end: int | None = None  # last line of a code unit (its def spans line..end)
    rare: bool = False  # a plain phrase with a word rare in general English (term-hood)


MENTIONED, DEFINED, SECTION = 1, 2, 3
# Plain noun phrases, whatever the sentence does with them: only said ("phrase"), the
# object of what the author does next ("acted"), a setting given its value ("valued"), a
# part of a whole the sentence says it is made of ("part"), what the notebook's title names,
# said in its opening cell ("titled").
PLAIN_PHRASES = frozenset({"phrase", "acted", "valued", "part", "titled"})


def make_concept(
    name: str,
    kind: str,
    line: int | None,
    aliases: Sequence[str] = (),
    key: str = "",
    level: int = DEFINED,
    forms: Sequence[str] | None = None,
    end: int | None = None,
    rare: bool = False,
) -> Concept:
    """``forms`` defaults to the keys of ``aliases``; pass ``()`` for display-only aliases."""
    key = key or normalise_key(name)
    if forms is None:
        forms = [normalise_key(alias) for alias in aliases]
        forms.extend(spellings(name))
    unique = tuple(dict.fromkeys(k for k in forms if k and k != key))
    return Concept(name, key, kind, line, tuple(aliases), unique, level, end, rare)


class CellConcepts(NamedTuple):
    """Facts that depend on one cell only, so the caller can cache them by cell content."""

    candidates: tuple[Concept, ...]  # prose terms (and overrides/glossary terms), in order
    calls: tuple[tuple[str, int], ...]  # raw dotted calls of a solution cell, first use only
    imports: tuple[tuple[str, str], ...]  # aliases this cell binds: ("np", "numpy")
    mentions: frozenset[str] = frozenset()  # dotted names its prose names ("np.maximum")
    # Definitions of a non-solution, non-test code cell: they count only in a notebook
    # without solution cells, where the code shown is the lesson.
    fallback: tuple[Concept, ...] = ()
    solution: bool = False
    markdown: bool = False
    # Units a solution cell implements; ``marked``: the cell has BEGIN/END SOLUTION blocks
    # or exports to the package (``#| export``).  In a notebook that marks its solutions, a
    # solution cell that does neither is given code (a demo, an advanced example).
    units: tuple[Concept, ...] = ()
    marked: bool = False
    # A code cell that asks the student to write code (a TODO in its comments or docstrings,
    # or role solution); ``helpers``: the names it defines that no TODO asks for (plumbing:
    # never concepts, in this notebook or across the course).
    exercise: bool = False
    helpers: tuple[str, ...] = ()
    # Dotted names the lesson teaches in this cell, with their line and whether the TODO's
    # text names them (True) or the code answering a TODO uses them (False: these count
    # only through the notebook's imports, resolved by the walk).
    refs: tuple[tuple[str, int, bool], ...] = ()
    # Names the cell's code assigns (its variables: ``train_images``), and the keyword
    # argument names its calls pass (the API's own vocabulary: ``learning_rate``).
    assigned: frozenset[str] = frozenset()
    keywords: frozenset[str] = frozenset()
    # The functions, classes and parameters the cell's code defines: with the variables and
    # keyword names, the notebook's code vocabulary ("least_squares_loss", "learning_rate").
    defined: frozenset[str] = frozenset()
    # Classes the cell's code constructs or derives from ("nn.Linear", "StepLR"), with their
    # line: the library's among them are concepts the code puts to work (library_classes).
    built: tuple[tuple[str, int], ...] = ()
    # (class, ``variable.method``, line) of the methods the cell's functions call on an
    # object the cell builds (``optimizer.zero_grad()`` in a ``train_step``): its steps.
    steps: tuple[tuple[str, str, int], ...] = ()
    # The variables of the cell's loops over a count (``for epoch in range(n_epoch)``): the
    # unit the algorithm repeats, a term where the cell's own prose says it (plain.py).
    counters: frozenset[str] = frozenset()
    heading_only: bool = False  # a markdown cell of headings alone: its section is below
    # The cell's prose words as ``text`` (markdown outside code and motivation sections,
    # code comments and docstrings): where a plain phrase must be used again to count.
    prose: str = ""
    # (line, text) of the lines a term can be first said in: markdown's teaching lines
    # without questions, look-aheads and emphasis (none in the notebook's opening), a
    # solution's docstrings and comments (``first_said``); their words are in ``prose``.
    sayings: tuple[tuple[int, str], ...] = ()
    # The cell's words, lower-case and singular, one space apart and padded with a space at
    # each end (``keys.padded``: prose and identifiers): where the walk looks for a term used
    # again, as ``phrase in text`` with ``keys.phrases``.  Last, so that the walk's reuse can
    # compare every other field with one slice (see novelty.update).
    text: str = ""
    # Emphasised terms that do not count because a glossary decides what the concepts are.
    others: tuple[Concept, ...] = ()
    # A markdown cell with an H1 has two readings: as the notebook's opening (its first H1,
    # ``candidates``: its plain phrases preview the module) and as a section a later H1
    # opens ("# 3.2 Bias"), whose prose teaches like any other: these are its candidates
    # then.  None where the cell has no H1 (resolved per notebook: novelty.resolve_opening).
    as_section: tuple[Concept, ...] | None = None


def opening_cell(cells: Sequence[CellConcepts]) -> int | None:
    """The notebook's opening: the first cell with an H1 (``CellConcepts.as_section``)."""
    return next((at for at, cell in enumerate(cells) if cell.as_section is not None), None)
