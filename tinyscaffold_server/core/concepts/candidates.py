"""Which concepts each cell introduces (SPEC 4 as redefined by issue 8).

Two stages, so that the expensive part can be cached per cell:

- :func:`extract_concepts` looks at one cell only: the terms its prose marks as introduced
  (:mod:`.prose`, filtered by :mod:`.term_filter`), the units a solution cell implements
  (:mod:`.code_concepts`), its raw calls, import aliases and the dotted names its prose
  mentions, or the glossary terms it names (:mod:`.glossary`), or the author's override;
- :func:`.novelty.new_concepts_per_cell` walks the notebook: it threads the import aliases through
  the cells, keeps the library calls the lesson teaches (named in the cell's own prose or
  the markdown right above it), and keeps each concept where it first appears under any of
  its spellings, with the variants seen later as its aliases.

Test and setup cells introduce nothing.  Code definitions count in solution cells; in a
notebook without solution cells the code shown is the lesson, so every non-test cell's
definitions count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Mapping, Sequence

from ..ast_facts import AstFacts
from ..lazy_re import compile_lazily
from ..typing_names import Any
from .code_comments import comment_phrases, prose_lines
from .code_settings import record_settings, setting_phrases
from .code_units import implemented_units, inside, unit_spans
from .exercises import exercise_facts
from .first_said import said_text
from .glossary import find_terms, glossary_of
from .keys import normalise_key, padded
from .library_classes import (
    built_classes,
    call_concept,
    imported_name,
    object_steps,
    taught_classes,
    taught_refs,
    taught_steps,
)
from .prose import (
    docstring_terms,
    heading_only,
    markdown_terms,
    mentions,
    prose_words,
)
from .types import PLAIN_PHRASES, CellConcepts, Concept, make_concept

__all__ = [
    "CellConcepts",
    "Concept",
    "call_concept",
    "extract_concepts",
    "merged_concepts",
    "normalise_key",
]

_EMPTY = CellConcepts((), (), ())
_EXPORT = compile_lazily(r"^\s*#\|\s*export\b", re.MULTILINE)
# A code cell its own comment tells the reader to pass over ("Ugly class that takes care of
# drawing pictures like in the book. You can totally ignore this code!"): plumbing, whatever
# its comments and definitions name.
_PASS_OVER = compile_lazily(
    r"\b(?:you\s+(?:can|may|could)\s+(?:safely\s+|totally\s+|just\s+)?(?:ignore|skip)"
    r"|(?:ignore|skip)\s+(?:this|the\s+following)\s+(?:code|cell)"
    r"|no\s+need\s+to\s+(?:read|understand)\s+(?:this|the)\s+code)\b",
    re.IGNORECASE,
)


def _override(metadata: object) -> tuple[Concept, ...] | None:
    """Concepts from ``metadata.tinyscaffold.concepts``, or None when there is no usable one.

    The analyzer must never crash on hand-edited metadata, so: a string counts as a one-item
    list; non-string / blank items are skipped; ``[]`` is a real override ("this cell
    introduces nothing"); a non-empty list with no usable item, or any other type, is
    ignored and the extracted candidates stand.
    """
    if not isinstance(metadata, Mapping) or "tinyscaffold" not in metadata:
        return None
    settings = metadata.get("tinyscaffold")
    if not isinstance(settings, Mapping) or "concepts" not in settings:
        return None
    value = settings["concepts"]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return None
    concepts = [
        make_concept(item.strip(), "override", None)
        for item in value
        if isinstance(item, str) and normalise_key(item.strip())
    ]
    if value and not concepts:
        return None
    return tuple(concepts)


_EXPLAINING = frozenset({"definition", "heading", "next-heading", "title"})


def _unique(concepts: Iterable[Concept]) -> tuple[Concept, ...]:
    """One concept per key within a cell: its first spelling and line, the strongest level
    any occurrence has, and every alias given with any of them."""
    by_key: dict[str, Concept] = {}
    for concept in concepts:
        known = by_key.get(concept.key)
        if known is None:
            by_key[concept.key] = concept
            continue
        spelled = (concept.name,) if concept.name.lower() != known.name.lower() else ()
        aliases = tuple(dict.fromkeys((*known.aliases, *spelled, *concept.aliases)))
        level = max(known.level, concept.level)
        # a sentence that defines the term says more than its emphasis alone, and a definition
        # or a heading more than a plain mention above it ("Product rule for …", then "### The
        # Product Rule")
        stronger = known.kind == "term" and concept.kind == "definition"
        plain = known.kind in PLAIN_PHRASES
        stronger = stronger or (plain and concept.kind in _EXPLAINING)
        kind = concept.kind if stronger else known.kind
        if aliases != known.aliases or level != known.level or kind != known.kind:
            forms = tuple(dict.fromkeys((*known.forms, *concept.forms)))
            by_key[concept.key] = known._replace(
                aliases=aliases, forms=forms, level=level, kind=kind
            )
    return tuple(by_key.values())


def _prose_concepts(terms: Iterable[Any], config: Mapping[str, Any]) -> list[Concept]:
    """Prose terms as concepts, less the author's ``extra_generic_labels`` (by key)."""
    labels = _label_keys(config)
    concepts = [
        make_concept(
            t.term.name, t.kind, t.line, t.term.aliases, level=t.level, rare=t.rare,
            forms=_api_forms(t.term.name, t.term.aliases) if t.kind in _API_KINDS else None,
        )
        for t in terms
    ]  # fmt: skip
    return [c for c in concepts if c.key not in labels] if labels else concepts


_API_KINDS = frozenset({"link", "code-term"})


def _api_forms(name: str, aliases: Sequence[str]) -> list[str] | None:
    """An API named in prose ("`tf.keras.layers.Flatten`") also answers to its last part
    ("Flatten"), so that the same API named again another way is not new again."""
    if "." not in name:
        return None
    return [*(normalise_key(a) for a in aliases), normalise_key(name.rsplit(".", 1)[-1])]


def _label_keys(config: Mapping[str, Any]) -> frozenset[str]:
    extra = config.get("extra_generic_labels") if isinstance(config, Mapping) else None
    if not extra or not isinstance(extra, (list, tuple)):
        return frozenset()
    return frozenset(normalise_key(label) for label in extra if isinstance(label, str)) - {""}


def extract_concepts(
    source: str,
    cell_type: str,
    metadata: Mapping[str, Any],
    facts: AstFacts | None,
    config: Mapping[str, Any],
    role: str = "",
    solution_blocks: Sequence[tuple[int, int]] = (),
    code_lines: frozenset[int] | None = None,
) -> CellConcepts:
    """Per-cell candidates, raw calls, import aliases and mentions.  Never raises on odd
    input.  ``facts`` is the cell's walked code (``ParsedCode.facts``), None for markdown or
    code that does not parse."""
    if not isinstance(source, str) or cell_type not in ("code", "markdown"):
        return _EMPTY
    override = _override(metadata)
    glossary = glossary_of(config)
    text = padded(source)
    if cell_type == "markdown":
        lines_said: list[tuple[int, str]] = []
        read = markdown_terms(source, lines_said)
        candidates = _unique(_prose_concepts(read.terms, config))
        as_section = None
        if read.opening is not None:
            as_section, candidates = candidates, _unique(_prose_concepts(read.opening, config))
        said = mentions(source)
        page = CellConcepts(
            candidates, (), (), said, markdown=True, text=text, prose=prose_words(source),
            heading_only=heading_only(source), as_section=as_section,
            sayings=_sayings(lines_said),
        )  # fmt: skip
        if glossary is not None:
            found = find_terms(glossary, source.split("\n"))
            chosen = override if override is not None else tuple(found)
            others = _not_in(candidates, found)
            return page._replace(candidates=chosen, others=others, as_section=None)
        return page if override is None else page._replace(candidates=override, as_section=None)
    if facts is None:
        return CellConcepts(override or (), (), (), text=text)
    imports = _first_branch_imports(facts, source)
    prose = prose_lines(source, facts)
    lines = source.split("\n")
    work = exercise_facts(lines, prose, role, solution_blocks)
    solution = role == "solution" or work.exercise
    plumbing_only = role != "solution" and any(_PASS_OVER.search(t) for _, t, _ in prose)
    if role == "test" or plumbing_only:
        commented = []
    else:
        commented = comment_phrases(prose, lines, facts, work.assigned)
    if not solution:
        prose = [(ln, t, True) for ln, t, _ in prose]  # given code's comments define nothing
    said = mentions(" ".join(text for _, text, hint in prose if not hint))
    if not solution:
        units: tuple[Concept, ...] = ()
    elif work.exercise and not solution_blocks and not _EXPORT.search(source):
        # a TODO exercise, whatever role its markers give it: what the TODOs stand in
        units = _unique(implemented_units(facts, work.spans))
    else:
        units = _unique(implemented_units(facts, solution_blocks, code_lines, lines))
    helpers = _helpers(facts, units) if solution else ()
    teaching = prose
    if helpers:  # the words inside the cell's plumbing (a "visualize_…" helper) teach nothing
        plumbing = unit_spans(facts, helpers)
        teaching = [(ln, t, hint) for ln, t, hint in prose if not inside(ln, plumbing)]
        commented = [term for term in commented if not inside(term.line, plumbing)]
    terms = docstring_terms((ln, t) for ln, t, hint in teaching if solution)
    terms.extend(work.phrases)
    terms.extend(commented)
    settings = record_settings(lines) if role != "test" else []
    terms.extend(setting_phrases(settings))
    candidates = _unique(_prose_concepts(terms, config))
    fallback = () if solution or role == "test" or plumbing_only else implemented_units(facts, ())
    calls = facts.calls if solution else ()
    marked = bool(solution_blocks) or _EXPORT.search(source) is not None
    built = built_classes(facts, source) if role != "test" else ()
    cell = CellConcepts(
        candidates, calls, imports, said, fallback, solution, units=units, marked=marked,
        text=text, exercise=work.exercise, refs=work.refs, assigned=work.assigned,
        helpers=helpers, keywords=work.keywords.union(name for _, name in settings),
        defined=work.defined, built=built, steps=object_steps(facts, source, built),
        counters=work.counters,
        prose=padded(" ".join(t for _, t, _ in prose)),
        sayings=_sayings((ln, t) for ln, t, _ in teaching) if solution else (),
    )  # fmt: skip
    if glossary is not None:
        named = tuple(find_terms(glossary, lines))
        return cell._replace(
            candidates=override if override is not None else named, calls=(), fallback=(),
            units=(), marked=False, built=(), steps=(),
            others=_not_in((*units, *candidates), named),
        )  # fmt: skip
    if override is not None:
        return cell._replace(
            candidates=override, calls=(), fallback=(), units=(), marked=False, built=(), steps=()
        )
    return cell


def _helpers(facts: AstFacts, units: Sequence[Concept]) -> tuple[str, ...]:
    """What the cell defines that no TODO or solution block asks for: its plumbing."""
    taught = {name for unit in units for name in (unit.name, *unit.aliases)}
    defined = [block.name for block in facts.blocks] + [name for _, name in facts.classes]
    return tuple(
        name for name in defined if name not in taught and name.split(".")[0] not in taught
    )


def _not_in(candidates: Sequence[Concept], found: Sequence[Concept]) -> tuple[Concept, ...]:
    """Emphasised terms the glossary does not list: shown as candidates, never counted.  An
    H1's subject is left out (it is the notebook's title, or a section the author can add
    to the glossary from the text); another heading's subject shows as a heading."""
    keys = {form for concept in found for form in (concept.key, *concept.forms)}
    return tuple(
        c._replace(kind="heading") if c.kind == "next-heading" else c
        for c in candidates
        if c.kind not in _UNMARKED and c.key not in keys and keys.isdisjoint(c.forms)
    )


# A title names the notebook; plain phrases are decided per notebook, not shown as marked.
_UNMARKED = frozenset({"title", "instruction"}) | PLAIN_PHRASES


def _first_branch_imports(facts: AstFacts, source: str) -> tuple[tuple[str, str], ...]:
    """Import aliases, where ``try: import A`` / ``except ImportError: import B`` binds the
    first branch: the package path is what the course ships, the fallback is for development."""
    fallback_lines = facts.fallback_import_lines
    if not fallback_lines:
        return facts.imports
    return tuple(
        (bound, target)
        for (bound, target), line in zip(facts.imports, facts.import_lines, strict=True)
        if line not in fallback_lines
        or not any(
            b == bound
            for (b, _), at in zip(facts.imports, facts.import_lines, strict=True)
            if at < line
        )
    )


def merged_concepts(
    cell: CellConcepts,
    aliases: Mapping[str, str],
    nearby: frozenset[str] = frozenset(),
    code: str = "solutions",
    variables: Container[str] = frozenset(),
    called_before: Callable[[str], bool] = lambda raw: False,
) -> Sequence[Concept]:
    """The cell's candidates plus the units and library calls its lesson teaches, calls
    resolved through ``aliases``, in line order: what novelty is decided on.

    ``code`` says which code teaches in this notebook: "marked" (only solution cells with
    BEGIN/END SOLUTION blocks), "solutions" (every solution or exercise cell) or "all" (a
    notebook without either: every non-test cell).  ``variables``: the names the notebook's
    code assigns, whose attributes a TODO may name ("Use cnn_model.trainable_variables").
    ``called_before``: does the notebook's code before this cell spell a dotted name?  A
    library call the given code already makes ("idx2char = np.array(vocab)") is a tool in
    the student's hands, not what a later TODO teaches ("the output should be a np.array"),
    and so is one the cell's own given code makes above the TODO that names it."""
    if code == "all":
        units = cell.fallback
    elif cell.marked or code == "solutions":
        units = cell.units
    else:
        return cell.candidates  # given code in a notebook that marks what students write
    candidates = sorted((*cell.candidates, *units), key=_line) if units else cell.candidates
    if cell.refs:
        named_refs = taught_refs(cell, aliases, variables, called_before)
        if named_refs:
            candidates = sorted((*candidates, *named_refs), key=_line)
    if cell.built and aliases and code != "marked":
        put_to_work = taught_classes(cell.built, aliases) + taught_steps(cell.steps, aliases)
        if put_to_work:
            candidates = sorted((*candidates, *put_to_work), key=_line)
    if not cell.calls or not aliases:
        return candidates
    named = cell.mentions | nearby
    told_at = {raw: line for raw, line, _ in reversed(cell.refs)}  # first TODO naming it
    taught: list[Concept] = []
    folded: dict[int, Concept] = {}  # unit position → unit with the calls it makes
    for raw, line in cell.calls:
        resolved = imported_name(raw, aliases) if "." in raw else None
        if resolved is None:
            continue
        if raw not in named and resolved not in named:
            continue
        if line < told_at.get(raw, line) or called_before(raw):
            continue  # given code called it before a TODO (or the prose) named it
        at = _innermost(units, line)
        if at is None:
            taught.append(call_concept(resolved, raw, line))
        else:
            # The call is how this unit is written ("ReLU.forward" with np.maximum): one idea,
            # the call shown as its spelling, not a second concept.
            unit = folded.get(at, units[at])
            folded[at] = unit._replace(aliases=tuple(dict.fromkeys((*unit.aliases, raw))))
    if not taught and not folded:
        return candidates
    if folded:
        swapped = {id(units[at]): unit for at, unit in folded.items()}
        candidates = [swapped.get(id(c), c) for c in candidates]
    return sorted((*candidates, *taught), key=_line)


def _innermost(units: Sequence[Concept], line: int) -> int | None:
    """The unit whose def spans ``line`` and starts last (a closure within its method)."""
    spanning = [
        (unit.line, at)
        for at, unit in enumerate(units)
        if unit.line is not None and unit.end is not None and unit.line <= line <= unit.end
    ]
    return max(spanning)[1] if spanning else None


def _line(concept: Concept) -> int:
    return concept.line or 0


def _sayings(lines: Iterable[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    """``CellConcepts.sayings`` of teaching lines: where a term can be first said."""
    found = []
    for lineno, line in lines:
        text = said_text(line)
        if text:
            found.append((lineno, text))
    return tuple(found)
