"""``concept-order``: a module relies on a concept that a later module explains.

A finding needs three things at once (docs/METRICS.md §5):

1. **a concept, not a helper name**: a term the later module's prose explains, or a class or
   function its code implements (or a name spelled as code: ``tf.GradientTape``,
   ``batch_size``, inline code the prose explains), which only code can rely on.  A
   function, a variable or a closure a notebook defines for its own plumbing (``g``,
   ``train_model``, ``network``) can only count through the code test below, which every
   notebook that defines its own helper passes;
2. **the later module explains it**: a definition, a section about it, a link to its
   reference, or the code that implements it; a term it only emphasises in passing, a noun
   phrase it merely goes on to use, or the words of a TODO do not count.  Prose reliance,
   a matter of words, needs the term stated (a defining sentence, a link, a section), not
   a bold label in a list, and not one common English word ("memory", "training");
3. **the earlier module relies on it**, as known, not as a preview:
   - its code takes the name as given: it imports the name, or uses it where nothing in the
     module defines it (no ``def``, ``class``, assignment, parameter or loop variable binds
     it anywhere in the module; Python's builtins are given by Python);
   - or its teaching prose (markdown, and the comments and docstrings of its code) uses the
     term as known in at least three cells, in sentences that do not look ahead ("later",
     "next", "will", "in module 5", …) and outside motivation, preview and recap sections.
     Such a finding sits on the first module that relies on the term: one change settles
     the later ones too.  Code reliance is a finding in every module that has it.

So a course in its own order gets few findings, each worth reading, and a module placed
before the one it builds on (its code imports the other's classes, its prose uses the other's
terms throughout) still gets them.  Only the report JSON of each module and its notebook are
read: the rule works with whatever concept extraction produced the reports.  A module is
checked against an ``OrderCheck`` of the concepts after it (``course/context.py`` keeps one
per module, so the live notebook is checked as its course row is).
"""

from __future__ import annotations

import builtins
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence

from ..core.concepts import lexicon
from ..core.concepts.keys import normalise_key, padded, phrases
from ..core.concepts.phrases import RARE_ZIPF
from ..core.concepts.prose import teaching_text
from ..core.concepts.types import PLAIN_PHRASES
from ..core.lazy_re import compile_lazily
from ..core.named_tuple import NamedTuple
from ..core.roles import silenced_rules
from ..core.source import parse_tree
from ..core.typing_names import Any
from .cell_uses import AHEAD, CellNames, cell_source, code_text, may_name, names_in, reliant_text

__all__ = [
    "RELIANT_CELLS",
    "Later",
    "OrderCheck",
    "Taught",
    "module_findings",
    "relied_on",
    "taught",
]

Json = dict[str, Any]
# Prose relies on a term when it uses it as known in at least this many cells: a module that
# builds on a concept uses it throughout, a passing use or two is a mention.
RELIANT_CELLS = 3
# Concepts that are names in code: a unit the code implements, a call, inline code the prose
# explains ("the `fit` method").  Code relies on them by name, prose merely says the word.
_CODE_KINDS = frozenset({"class", "function", "method", "closure", "call", "code-term"})
# Concepts the later module uses rather than explains: a noun phrase it goes on to use, the
# words of a TODO, a comment naming the code below it.
_PASSING_KINDS = PLAIN_PHRASES | {"instruction", "comment"}
# How a later module must explain a term for prose, whose reliance is a matter of words, to
# rely on it: a sentence that defines it, a link to its reference, a section about it.  A
# bold label in a list ("1. **Forward Pass**: input flows through the model") or a learning
# objective is how a later module recaps or previews what the course already uses.
_STATED_KINDS = frozenset({"definition", "link", "title", "heading"})
# A name spelled as code: dotted (tf.GradientTape.gradient), snake_case or camelCase inside.
_CODE_NAME = compile_lazily(r"[A-Za-z_]\w*(?:\.\w+)+|\w*_\w*|\w*[a-z][A-Z]\w*")
_BUILTINS = frozenset(dir(builtins))


class Taught(NamedTuple):
    """A concept a module introduces, as the concept-order rule reads it."""

    name: str
    key: str  # the concept's own key
    keys: frozenset[str]  # normalised keys of every spelling
    phrases: tuple[str, ...]  # padded spellings, for the prose test
    code: bool  # implemented in code (class, function, …), not explained in prose
    explained: bool  # defined, a section about it, or implemented: not a passing mention
    # prose can rely on it: the later module states it as well as words need (_stated_enough)
    by_prose: bool
    identifiers: tuple[str, ...]  # spellings code could use as a name ("Tensor", "softmax")
    cell: int = 0  # where the later module introduces it: its cell (0-based) …
    line: int | None = None  # … and line there, when the report gives one


_IDENTIFIER = compile_lazily(r"[A-Za-z_]\w*")


def taught(report: Json) -> list[Taught]:
    """The concepts a module's report introduces (see the module docstring, 1 and 2)."""
    found: list[Taught] = []
    for at, cell in enumerate(report["cells"]):
        for concept in cell["concepts"]:
            spellings = (concept["name"], *concept["aliases"])
            keys = {concept["key"], *(normalise_key(s) for s in spellings)} - {""}
            kind = concept["kind"]
            code = kind in _CODE_KINDS or _CODE_NAME.fullmatch(concept["name"]) is not None
            explained = code or (
                kind not in _PASSING_KINDS and concept.get("level", "defined") != "mentioned"
            )
            names = tuple(s for s in spellings if _IDENTIFIER.fullmatch(s))
            by_prose = explained and not code and _stated_enough(concept)
            found.append(
                Taught(
                    concept["name"], concept["key"], frozenset(keys),
                    tuple(phrases(spellings)), code, explained, by_prose, names,
                    at, concept.get("line"),
                )
            )  # fmt: skip
    return found


class Wanted(NamedTuple):
    """What later concepts could be relied on through, so that only the cells of a module
    that can hold a use are parsed and read (real courses in their own order have few)."""

    names: re.Pattern[str] | None  # the identifiers, as one pattern; None: no code concept
    stems: tuple[tuple[str, ...], ...]  # per prose phrase, a prefix of each of its words


def wanted(concepts: Sequence[Taught]) -> Wanted:
    names = sorted({name for concept in concepts for name in concept.identifiers})
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None
    # A word's first four letters survive its plural ("matrices" → "matr…"): a quick test.
    stems = {
        tuple(word[:4] for word in phrase.split())
        for concept in concepts
        if concept.by_prose
        for phrase in concept.phrases
    }
    return Wanted(pattern, tuple(sorted(stems)))


class Use(NamedTuple):
    cell: int  # the first cell that relies on it
    line: int | None  # where, when the code gives it; None: found from the prose
    how: str  # "imports" | "uses" (code) | "prose"
    cells: int = 1  # how many cells rely on it (prose)
    key: str = ""  # the name the code is given (one finding per name, however many concepts)
    name: str = ""  # that name as the code spells it


class Reliance(NamedTuple):
    """What one module takes as known: the names its code is given, its reliant prose."""

    given: dict[str, tuple[int, int, bool, str]]  # key → (cell, line, imported, name)
    # per cell, its sentences that do not look ahead, each as padded words (a phrase never
    # runs from one sentence into the next); () for a cell no wanted phrase can be in
    prose: list[tuple[str, ...]]
    words: frozenset[str]  # every word of ``prose``: a quick test before the cell scan
    live: list[bool]  # per cell: not ignored, concept-order not silenced


class _CellFacts(NamedTuple):
    """What one cell can rely on, from its source alone (cached by cell type and source)."""

    names: CellNames | None  # parsed only when it spells a wanted name or phrase
    prose: tuple[str, ...]  # its sentences that do not look ahead, padded; () if none wanted


_NO_FACTS = _CellFacts(None, ())

# One later module's concepts for a module's check: (module path, its concepts).
Later = tuple[str, tuple[Taught, ...]]


class OrderCheck:
    """The concepts of the modules after one module, ready for that module's check; what
    each cell relies on is kept per cell source (bounded by the characters kept), so a live
    edit reads only the cells it changed.  Safe to share between threads."""

    def __init__(self, later: Iterable[Later], max_chars: int = 2_000_000) -> None:
        self.later = tuple((path, tuple(concepts)) for path, concepts in later)
        self.want = wanted([c for _, concepts in self.later for c in concepts])
        self.max_chars = max_chars
        self._cells: OrderedDict[tuple[str, str], _CellFacts] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def cell(self, kind: str, source: str) -> _CellFacts:
        key = (kind, source)
        with self._lock:
            found = self._cells.get(key)
            if found is not None:
                self._cells.move_to_end(key)
                return found
        found = self._read(kind, source)
        if len(source) <= self.max_chars:
            with self._lock:
                if key not in self._cells:
                    self._cells[key] = found
                    self._chars += len(source)
                while self._chars > self.max_chars:
                    (_, old), _ = self._cells.popitem(last=False)
                    self._chars -= len(old)
        return found

    def _read(self, kind: str, source: str) -> _CellFacts:
        """A cell can only use, import or bind a name it spells, and only name a term whose
        words it holds: the others are neither parsed nor split into sentences."""
        want = self.want
        named = kind in ("markdown", "code") and may_name(source, want.stems)
        if kind == "markdown":
            return _CellFacts(None, reliant_text(teaching_text(source))) if named else _NO_FACTS
        coded = kind == "code" and want.names is not None and want.names.search(source)
        if not (named or coded):
            return _NO_FACTS
        code, tree, _, _ = parse_tree(source)
        names = names_in(tree) if tree is not None else None
        strings = names.strings if names is not None else frozenset()
        return _CellFacts(names, reliant_text(code_text(code, strings)) if named else ())

    def reliance(self, notebook: Mapping[str, Any], report: Json) -> Reliance:
        """What the module takes as known of the later concepts (module docstring, 3)."""
        imported: dict[str, tuple[int, int]] = {}
        loaded: dict[str, tuple[int, int]] = {}
        bound: set[str] = set()
        prose: list[tuple[str, ...]] = []
        live: list[bool] = []
        for index, cell in enumerate(notebook.get("cells", [])):
            facts = self.cell(str(cell.get("cell_type")), cell_source(cell))
            live.append(_live(report, cell, index))
            prose.append(facts.prose)
            if facts.names is not None and live[-1]:
                for name, line in facts.names.imported.items():
                    imported.setdefault(name, (index, line))
                for name, line in facts.names.loaded.items():
                    loaded.setdefault(name, (index, line))
                bound |= facts.names.bound
        given: dict[str, tuple[int, int, bool, str]] = {}
        for name, (cell_index, line) in imported.items():
            if name not in bound:
                given.setdefault(normalise_key(name), (cell_index, line, True, name))
        for name, (cell_index, line) in loaded.items():
            if name not in bound and name not in imported and name not in _BUILTINS:
                given.setdefault(normalise_key(name), (cell_index, line, False, name))
        words = frozenset(w for cell in prose for sentence in cell for w in sentence.split())
        return Reliance(given, prose, words, live)


def _live(report: Json, cell: Mapping[str, Any], index: int) -> bool:
    cells = report["cells"]
    if index >= len(cells) or cells[index]["ignored"]:
        return False
    metadata = cell.get("metadata") or {}
    return not (isinstance(metadata, Mapping) and "concept-order" in silenced_rules(metadata))


def relied_on(concept: Taught, module: Reliance) -> Use | None:
    """Where the module relies on the concept, if it does (module docstring, 3)."""
    if not concept.explained:
        return None
    for key in sorted(concept.keys):
        hit = module.given.get(key)
        if hit is not None:
            return Use(hit[0], hit[1], "imports" if hit[2] else "uses", key=key, name=hit[3])
    if not concept.by_prose:
        return None
    spelled = [p for p in concept.phrases if module.words.issuperset(p.split())]
    if not spelled:
        return None
    cells = [
        index
        for index, sentences in enumerate(module.prose)
        if module.live[index] and any(p in text for text in sentences for p in spelled)
    ]
    if len(cells) < RELIANT_CELLS:
        return None
    return Use(cells[0], None, "prose", len(cells))


def _stated_enough(concept: Json) -> bool:
    """Does the later module explain the term as prose reliance, a matter of words, needs?
    A phrase it states.  One word it states if the word is rare in general English, as the
    analysis' terms are ("tensor"), else it gives the word a section: a word alone
    ("component", "timing") is said loosely as often as it names the term.  Never one
    common English word ("memory", "training", "features"), said in its everyday sense
    everywhere."""
    section = concept.get("level") == "section"
    stated = section or concept["kind"] in _STATED_KINDS
    if " " in concept["key"]:
        return stated
    zipf = lexicon.zipf(concept["key"])
    return (stated and zipf < RARE_ZIPF) or (section and zipf < lexicon.COMMON_ZIPF)


def _first_line(source: str, spelled: Sequence[str]) -> int | None:
    """The first line of the cell that names the concept without looking ahead (else the
    first that names it at all)."""
    naming = [
        number
        for number, line in enumerate(source.split("\n"), start=1)
        if any(p in padded(line) for p in spelled)
    ]
    lines = source.split("\n")
    reliant = [n for n in naming if not AHEAD.search(lines[n - 1])]
    return next(iter(reliant or naming), None)


def _finding(concept: Taught, use: Use, later: str, source: str) -> Json:
    name = concept.name
    # code findings name what the code says ("Tensor"), and the concept where it differs
    # (a method's concept answers to its class: "Variable (Variable.backward)")
    said = use.name + (f" ({name})" if normalise_key(use.name) != concept.key else "")
    verb, done = ("explains", "explained") if use.how == "prose" else ("introduces", "introduced")
    if use.how == "imports":
        message = f"imports “{said}” before {later} {verb} it"
    elif use.how == "uses":
        message = f"uses “{said}” in its code without defining it before {later} {verb} it"
    else:
        message = f"relies on “{name}” in {use.cells} cells before {later} {verb} it"
    # where, so that the author can read the later module's explanation before choosing
    there = f"cell {concept.cell + 1}" + (f", line {concept.line}" if concept.line else "")
    finding: Json = {
        "rule": "concept-order",
        "severity": "warning",
        "message": message,
        "suggestion": (
            f"explain “{name}” in this module where it is first used, or move this module "
            f"after {later} in the course order ({done} there in {there})"
        ),
        "cell_index": use.cell,
    }
    line = use.line if use.line is not None else _first_line(source, concept.phrases)
    if line is not None:
        finding["lines"] = [line, line]
    return finding


def module_findings(
    report: Json,
    notebook: Mapping[str, Any],
    check: OrderCheck,
    skip: frozenset[str],
    relied_before: frozenset[str] = frozenset(),
) -> tuple[dict[int, list[Json]], frozenset[str]]:
    """The module's ``concept-order`` findings by cell index, and the keys its prose relies
    on.  ``skip``: concepts the module knows or introduces itself; ``relied_before``: keys an
    earlier module's prose already relies on (that finding settles this one too: one per
    concept, on the first module).  Code that relies on a later concept is a finding in
    every module whose code does: each of them breaks."""
    module = check.reliance(notebook, report)
    cells = notebook.get("cells", [])
    found: dict[int, list[Json]] = {}
    given: set[str] = set()  # one finding per name the code is given
    prose: set[str] = set()
    for path, concepts in check.later:
        for concept in concepts:
            if concept.key in skip:
                continue
            use = relied_on(concept, module)
            if use is None:
                continue
            if use.how == "prose":
                prose.add(concept.key)
                if concept.key in relied_before:
                    continue
            elif use.key in given:
                continue
            else:
                given.add(use.key)
            source = cell_source(cells[use.cell])
            finding = _finding(concept, use, f"module {path}", source)
            found.setdefault(use.cell, []).append(finding)
    return found, frozenset(prose)
