"""What a solution cell teaches in code: the units the student implements (issue 8, item 3).

- With ``### BEGIN SOLUTION`` blocks: every function, method or closure whose body holds
  solution code, the classes that own them, and whatever is defined inside a block;
- without blocks (the whole cell is the solution): every class, function, method and
  closure it defines, except constructors and one-line delegations (``__call__`` returning
  ``self.forward``).

A unit whose body only passes (``pass``, ``...``, a docstring, comments) implements
nothing: an outline of a design ("class GraphOptimizer" with three empty methods) is not
taught code.  A method its class declares abstract (``@abstractmethod``, or a body that
raises NotImplementedError for subclasses) is the base class's interface: taught, empty or
not, inside the solution or not, and so is its class.  A closure is part of the unit that
encloses it ("new_add" inside a decorator that patches ``cls.__add__ = new_add``; a local
helper called once), unless it is an interface the code shares: a name several units of the
cell define, or one the code hands on under its own name (``result.grad_fn = grad_fn``,
``Variable(..., grad_fn=grad_fn)``).

Names: a class by its name ("Tensor"), a method qualified by its class ("Tensor.add"), a
top-level function by its name, a closure by its own name ("grad_fn"), so that the closure
each operation defines is one concept, introduced once.  Private helpers (``_name``) and
test functions are not taught.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..ast_facts import AstFacts, CcBlock
from ..lazy_re import compile_lazily
from .types import Concept, make_concept

__all__ = ["implemented_units", "inside", "unit_spans"]

_DELEGATORS = frozenset({"__call__", "__str__", "__repr__"})
# Without solution blocks a constructor only stores its arguments: boilerplate, not a lesson.
_BOILERPLATE = frozenset({"__init__", "__post_init__"})


def _taught_name(name: str) -> bool:
    return not name.startswith("test") and (
        not name.startswith("_") or (name.startswith("__") and name.endswith("__"))
    )


def _overlaps(line: int, end: int, blocks: Sequence[tuple[int, int]]) -> bool:
    return any(start <= end and line <= stop for start, stop in blocks)


def _writes_in(
    unit: CcBlock,
    units: Sequence[CcBlock],
    blocks: Sequence[tuple[int, int]],
    code_lines: frozenset[int] | None,
) -> bool:
    """Does solution code stand in the unit's own body, not only in a function nested in it?
    (A wrapper ``def implement_backward():`` around the ``def backward(...)`` the student
    writes is scaffolding; a method whose solution also defines a closure is implemented.)"""
    nested = [
        (inner.line, inner.end)
        for inner in units
        if inner.name.startswith(unit.name + ".") and "." not in inner.name[len(unit.name) + 1 :]
    ]
    for start, stop in blocks:
        for line in range(max(start, unit.line), min(stop, unit.end) + 1):
            if code_lines is not None and line not in code_lines:
                continue  # markers, comments and blank lines write nothing
            if not any(first <= line <= last for first, last in nested):
                return True
    return False


# Statements that do nothing: the body of an outline, not an implementation.
_IDLE = frozenset({"pass", "...", "pass;"})


def _outline(block: CcBlock, code_lines: frozenset[int], lines: Sequence[str]) -> bool:
    """Does the unit's body only pass (its code lines all ``pass`` or ``...``)?  Stops at
    the first line that does something, usually the first of the body."""
    for number in range(block.line + 1, min(block.end, len(lines)) + 1):
        if number in code_lines and lines[number - 1].split("#", 1)[0].strip() not in _IDLE:
            return False
    return True


# How an abstract method is declared: the decorator above its ``def``, or a body that raises
# NotImplementedError with a message about subclasses (the words core/exercises.py reads as
# an interface, not as a stub for the student).
_ABSTRACT_DECORATOR = compile_lazily(r"^\s*@(?:abc\.)?abstractmethod\b")
_ABSTRACT_RAISE = compile_lazily(
    r"^\s*raise\s+NotImplementedError\s*\(\s*[rfbu]*[\"'].*(?:subclass|overrid|abstract|derived)",
    re.IGNORECASE,
)


def _abstract(block: CcBlock, code_lines: frozenset[int], lines: Sequence[str]) -> bool:
    """A method its class declares for subclasses to implement (``@abstractmethod``, or
    ``raise NotImplementedError("Subclasses must implement step()")``): the interface the
    base class teaches, however empty its body."""
    above = block.line - 2
    while above >= 0 and lines[above].lstrip().startswith("@"):
        if _ABSTRACT_DECORATOR.match(lines[above]):
            return True
        above -= 1
    body = [n for n in range(block.line + 1, min(block.end, len(lines)) + 1) if n in code_lines]
    return len(body) == 1 and _ABSTRACT_RAISE.match(lines[body[0] - 1]) is not None


def _handed_on(name: str, source: str) -> bool:
    """``result.grad_fn = grad_fn`` or ``grad_fn=grad_fn``: stored or passed under its own
    name, the closure is an interface of the objects the code builds."""
    return re.search(rf"(?:\.|\b){re.escape(name)}\s*=\s*{re.escape(name)}\b", source) is not None


def inside(line: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= line <= stop for start, stop in spans)


def unit_spans(facts: AstFacts, names: Sequence[str]) -> list[tuple[int, int]]:
    """The lines of the functions and classes named (a class from its line to its last
    method's end): where a cell's plumbing stands."""
    wanted = set(names)
    spans = [(block.line, block.end) for block in facts.blocks if block.name in wanted]
    for line, name in facts.classes:
        if name in wanted:
            ends = [block.end for block in facts.blocks if block.name.startswith(name + ".")]
            spans.append((line, max(ends, default=line)))
    return spans


def implemented_units(
    facts: AstFacts,
    solution_blocks: Iterable[tuple[int, int]],
    code_lines: frozenset[int] | None = None,
    lines: Sequence[str] = (),
) -> tuple[Concept, ...]:
    """The concepts a solution cell's code introduces, in source order.  ``code_lines``:
    the cell's source lines of code (SLOC lines), when known; ``lines``: the cell's source
    lines, where closures and outlines are to be told from what the student implements."""
    blocks = tuple(solution_blocks)
    classes = {name: line for line, name in facts.classes}
    functions = {block.name for block in facts.blocks}
    closures = Counter(
        block.name.rsplit(".", 1)[-1]
        for block in facts.blocks
        if "." in block.name and block.name.rsplit(".", 1)[0] in functions
    )
    source = "\n".join(lines) if closures else ""
    found: list[Concept] = []
    owners: set[str] = set()
    idle: set[str] = set()
    for block in facts.blocks:
        parts = block.name.split(".")
        own = parts[-1]
        if not all(_taught_name(part) for part in parts):
            continue
        if (
            len(parts) == 2
            and parts[0] in classes
            and code_lines is not None
            and len(lines) >= block.end
            and _abstract(block, code_lines, lines)
        ):
            found.append(make_concept(block.name, "method", block.line, end=block.end))
            owners.add(parts[0])
            continue
        if blocks:
            if not _writes_in(block, facts.blocks, blocks, code_lines):
                continue
        elif own in _BOILERPLATE or (own in _DELEGATORS and block.end - block.line <= 1):
            continue
        if code_lines is not None and lines and _outline(block, code_lines, lines):
            idle.add(block.name)
            continue  # an outline: the body does nothing
        parent = ".".join(parts[:-1])
        if parent and parent in functions:
            if lines and closures[own] < 2 and not _handed_on(own, source):
                continue  # part of the unit that encloses it
            found.append(make_concept(own, "closure", block.line, end=block.end))
        elif parent:
            found.append(make_concept(block.name, "method", block.line, end=block.end))
            owners.add(parts[0])
        else:
            found.append(make_concept(own, "function", block.line, end=block.end))
    for name, line in classes.items():
        if "." in name or not _taught_name(name):
            continue
        methods = [b.name for b in facts.blocks if b.name.startswith(name + ".")]
        outline = bool(methods) and idle.issuperset(methods)  # every method left empty
        if name in owners or (not outline and (not blocks or inside(line, blocks))):
            found.append(make_concept(name, "class", line))
    found.sort(key=lambda concept: concept.line or 0)
    return _one_concept_per_single_method_class(found)


def _one_concept_per_single_method_class(found: list[Concept]) -> tuple[Concept, ...]:
    """A class whose one implemented method is its behaviour ("Sigmoid.forward",
    "MSELoss.__call__") is one concept: the method, with the class name as a spelling shown
    (not a key: the class may have been introduced in prose already, its implementation
    has not)."""
    methods: dict[str, list[Concept]] = {}
    for concept in found:
        if concept.kind == "method":
            methods.setdefault(concept.name.split(".", 1)[0], []).append(concept)
    merged = []
    for concept in found:
        own = methods.get(concept.name)
        if concept.kind == "class" and own is not None and len(own) == 1:
            continue
        if concept.kind == "method":
            owner = concept.name.split(".", 1)[0]
            if len(methods[owner]) == 1:
                concept = concept._replace(aliases=(owner,))
        merged.append(concept)
    return tuple(merged)
