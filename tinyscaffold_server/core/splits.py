"""Where to cut a code cell or a BEGIN/END SOLUTION block so that every part is within a
SLOC limit, and how to say it.

A cut falls only before a statement: a top-level statement of the cell, a method of a
top-level class, or (inside a block) a statement at the block's outermost indentation.  A
part that starts between two methods of class ``C`` continues that class, so the author
reopens it with one header line (``class C(C):``); that line is counted in the part's SLOC,
exactly as it will be once the cell is split.  The plan uses the fewest parts, then the
fewest cuts inside classes, then the smallest largest part.  When no choice of cuts keeps
every part within the limit (one statement is longer than the limit on its own), the plan
says so and names that statement, so the advice is to extract a helper, never a split whose
parts are still too long.

Plans are computed only for cells over the limit, and their text only for the cells whose
hint is shown, so none of this is on the per-keystroke path of ordinary cells.
"""

from __future__ import annotations

import ast
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

from .named_tuple import NamedTuple
from .source import ParsedCode

DASH = "\u2013"  # en dash for line ranges (spelled out: ruff flags the literal)
_KEYWORDS = {
    ast.For: "for",
    ast.AsyncFor: "async for",
    ast.While: "while",
    ast.If: "if",
    ast.With: "with",
    ast.AsyncWith: "async with",
    ast.Try: "try",
    ast.Match: "match",
}


class Unit(NamedTuple):
    """A statement that can start a part (or, with ``cut=False``, only be named)."""

    line: int  # first line, decorators included
    end: int  # last line
    label: str  # how the hint names it: "`def f`", "method `C.m`", "the `for` statement"
    owner: str | None  # the top-level class it sits in: a part starting here reopens it
    cut: bool  # whether a part may start here


class Plan(NamedTuple):
    """Cuts (units a new part starts at) and the SLOC of each part, header lines included;
    ``too_long`` names the statement that no cut can shorten when there is no plan."""

    cuts: tuple[Unit, ...]
    sizes: tuple[int, ...]
    too_long: tuple[Unit, int, int, int] | None  # (unit, first line, last line, SLOC)
    others_too_long: int  # further statements over the limit on their own


def _start(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", None) or []
    return int(min([node.lineno] + [d.lineno for d in decorators]))


def _label(node: ast.stmt, owner: str | None) -> str:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return f"method `{owner}.{node.name}`" if owner else f"`def {node.name}`"
    if isinstance(node, ast.ClassDef):
        return f"`class {node.name}`"
    keyword = _KEYWORDS.get(type(node))
    return f"the `{keyword}` statement" if keyword else "the statement"


def _unit(node: ast.stmt, owner: str | None, cut: bool) -> Unit:
    end = node.end_lineno or node.lineno
    return Unit(_start(node), end, _label(node, owner), owner, cut)


def cell_units(parsed: ParsedCode) -> tuple[Unit, ...]:
    """Top-level statements and the methods of top-level classes, in source order.

    A class's first body statement cannot start a part (the class header alone would not
    parse) but is named when it is the statement that is too long.
    """
    if parsed.tree is None:
        return ()
    found: list[Unit] = []
    for node in parsed.tree.body:
        found.append(_unit(node, None, True))
        if isinstance(node, ast.ClassDef):
            for position, child in enumerate(node.body):
                found.append(_unit(child, node.name, position > 0))
    return tuple(sorted(found, key=lambda unit: unit.line))


def block_units(parsed: ParsedCode, first: int, last: int) -> tuple[Unit, ...]:
    """Statements inside lines first..last at the outermost indentation found there."""
    if parsed.tree is None:
        return ()
    inside: list[tuple[int, ast.stmt]] = []
    stack: list[ast.AST] = [parsed.tree]
    while stack:
        node = stack.pop()
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            for child in getattr(node, field, None) or ():
                if isinstance(child, ast.stmt):
                    end = child.end_lineno or child.lineno
                    if first <= child.lineno <= last:
                        inside.append((child.col_offset, child))
                    elif child.lineno < first <= end:
                        stack.append(child)
                elif isinstance(child, (ast.excepthandler, ast.match_case)):
                    stack.append(child)
    if not inside:
        return ()
    outer = min(col for col, _ in inside)
    units = [_unit(node, None, True) for col, node in inside]
    return tuple(sorted((u for u, (col, _) in zip(units, inside, strict=True) if col == outer)))


def plan_split(
    code_lines: Iterable[int], units: Sequence[Unit], first: int, last: int, limit: int
) -> Plan:
    """The cuts that keep every part of lines first..last within ``limit`` SLOC (see the
    module docstring for the order of preference), or why there are none."""
    lines = sorted(code_lines)  # only counted between boundaries inside first..last+1

    def count(lo: int, hi: int) -> int:  # code lines in lo..hi-1
        return bisect_left(lines, hi) - bisect_left(lines, lo)

    # Part boundaries: the start, every unit a part may start at, the end.
    starts = [u for u in units if first < u.line <= last and u.cut]
    bounds = [first] + [u.line for u in starts] + [last + 1]
    header = [0] + [1 if u.owner else 0 for u in starts]
    # below[k]: code lines before bounds[k], so a part bounds[i]..bounds[j]-1 has
    # below[j] - below[i] of them (one bisect per boundary, none in the loop below).
    below = [bisect_left(lines, bound) for bound in bounds]
    # best[j]: (parts, cuts inside classes, largest part, previous boundary) for a plan of
    # lines bounds[0]..bounds[j]-1; one part ends at every boundary of the plan.
    best: list[tuple[int, int, int, int] | None] = [None] * len(bounds)
    best[0] = (0, 0, 0, -1)
    for j in range(1, len(bounds)):
        end = below[j]
        current = None
        for i in range(j - 1, -1, -1):
            code = end - below[i]
            if code > limit:
                break  # earlier starts only make the part longer
            known = best[i]
            size = code + header[i]
            if known is None or code == 0 or size > limit:
                continue  # an empty part (comments only) would not even parse reopened
            option = (known[0] + 1, known[1] + header[i], max(known[2], size), i)
            if current is None or option[:3] < current[:3]:
                current = option
        best[j] = current
    if best[-1] is not None:
        chosen: list[int] = []
        at = len(bounds) - 1
        while at > 0:
            previous = best[at]
            assert previous is not None
            chosen.append(previous[3])
            at = previous[3]
        chosen.reverse()
        cuts = tuple(starts[i - 1] for i in chosen[1:])
        ends = [*chosen[1:], len(bounds) - 1]
        sizes = tuple(below[e] - below[i] + header[i] for i, e in zip(chosen, ends, strict=True))
        return Plan(cuts, sizes, None, 0)
    return Plan((), (), *_too_long(units, count, first, last, limit))


def _too_long(
    units: Sequence[Unit], count: Callable[[int, int], int], first: int, last: int, limit: int
) -> tuple[tuple[Unit, int, int, int] | None, int]:
    """The longest statement that cannot fit a part on its own (a reopened class's header
    line included), and how many others cannot either."""
    inside = [u for u in units if first <= u.line <= last]
    spans = []
    for position, unit in enumerate(inside):
        end = inside[position + 1].line - 1 if position + 1 < len(inside) else last
        end = min(end, unit.end)  # its own lines: not the comments that follow it
        size = count(max(unit.line, first), end + 1)
        spans.append((size + (unit.cut and unit.owner is not None) > limit, size, unit, end))
    over = [span for span in spans if span[0]] or spans
    if not over:
        return None, 0
    _, size, unit, end = max(over, key=lambda span: span[1])
    return (unit, max(unit.line, first), end, size), len(over) - 1


def plan_with_cuts(
    code_lines: frozenset[int],
    units: Sequence[Unit],
    first: int,
    last: int,
    limit: int,
    forced: Sequence[Unit],
) -> Plan:
    """Like ``plan_split``, with a part also starting at every ``forced`` unit: a BEGIN/END
    block that the cell's own split already cuts is planned around those cuts."""
    bounds = [first, *(u.line for u in forced), last + 1]
    cuts: list[Unit] = []
    sizes: list[int] = []
    for position, (lo, hi) in enumerate(pairwise(bounds)):
        part = plan_split(code_lines, units, lo, hi - 1, limit)
        if not part.sizes:
            return part
        if position:
            cuts.append(forced[position - 1])
        cuts.extend(part.cuts)
        sizes.extend(part.sizes)
    return Plan(tuple(cuts), tuple(sizes), None, 0)


# --- the length plan of a cell: computed once, shared by every hint about its length ----


class Span(NamedTuple):
    """Lines first..last of a cell and their SLOC."""

    first: int
    last: int
    sloc: int


class BlockPlan(NamedTuple):
    """A BEGIN/END SOLUTION block over its SLOC limit and how to cut it into exercises."""

    start: int  # the BEGIN line
    end: int  # the END line (or the cell's last line when unclosed)
    sloc: int
    limit: int
    plan: Plan


class Extraction(NamedTuple):
    """A statement too long for any part of the cell on its own, and what to move out of it.

    ``moved``: the later parts of the statement's body, each to become a helper function in
    a cell of its own (one line of it, the call, stays); empty when no cut inside the
    statement helps.  ``block``: the BEGIN/END block inside the statement whose split gives
    those parts (its exercise cuts and the moved parts are then the same).  ``rest``: the
    cell's plan once they are moved out."""

    unit: Unit
    span: Span
    moved: tuple[Span, ...]
    block: BlockPlan | None
    rest: Plan | None


class CellPlan(NamedTuple):
    limit: int
    plan: Plan
    extraction: Extraction | None
    parseable: bool


class LengthPlan(NamedTuple):
    """Everything the length hints of one cell say (cell-sloc or test-cell-sloc, block-sloc,
    and the SLOC advice inside solution-levels and cliffs), computed once."""

    cell: CellPlan | None  # None: the cell is within its limit
    blocks: tuple[BlockPlan, ...]


def _code_between(code_lines: frozenset[int], first: int, last: int) -> list[int]:
    return sorted(n for n in code_lines if first <= n <= last)


def _later_parts(code_lines: frozenset[int], plan: Plan, last: int) -> tuple[Span, ...]:
    """The parts of ``plan`` after the first, each trimmed to its code lines."""
    ends = [cut.line - 1 for cut in plan.cuts[1:]] + [last]
    found = []
    for cut, end, size in zip(plan.cuts, ends, plan.sizes[1:], strict=True):
        code = _code_between(code_lines, cut.line, end)
        found.append(Span(cut.line, code[-1] if code else end, size))
    return tuple(found)


def _node_at(tree: ast.Module, line: int) -> ast.stmt | None:
    """The top-level statement or method of a top-level class that starts at ``line``."""
    for node in tree.body:
        if _start(node) == line:
            return node
        if isinstance(node, ast.ClassDef):
            for child in node.body:
                if _start(child) == line:
                    return child
    return None


def _rest(lines: frozenset[int], units: Sequence[Unit], moved: Sequence[Span], limit: int) -> Plan:
    """The cell's plan once ``moved`` are moved out; each leaves one line, its call."""
    gone = {n for span in moved for n in range(span.first + 1, span.last + 1)}
    kept = [u for u in units if not any(span.first <= u.line <= span.last for span in moved)]
    return plan_split(lines - gone, kept, 1, max(lines), limit)


def _extraction(
    parsed: ParsedCode,
    units: Sequence[Unit],
    plan: Plan,
    long_blocks: Sequence[Span],
    limit: int,
    block_limit: int,
) -> Extraction:
    """What to move out of the statement that is too long for any part on its own: the
    later parts of the longest over-limit BEGIN/END block inside it, else of its body.

    A moved part becomes a helper with its own ``def`` line, so parts have at most
    ``limit - 1`` SLOC; smaller parts are tried when what stays behind (header, first part,
    one call per helper) would still be too long."""
    assert plan.too_long is not None and parsed.tree is not None
    unit, first, last, size = plan.too_long
    lines = parsed.sloc_lines
    inside = [b for b in long_blocks if first < b.first <= last]  # its END may follow it
    node = _node_at(parsed.tree, unit.line)
    body = getattr(node, "body", None)
    body_first = body[0].lineno if isinstance(body, list) and body else None
    fallback = Extraction(unit, Span(first, last, size), (), None, None)
    for cap in range(max(1, limit - 1), max(0, limit - 9), -1):
        block = None
        moved: tuple[Span, ...] = ()
        if inside:
            start, end, sloc = max(inside, key=lambda b: b.sloc)
            cap_block = min(block_limit, cap)
            block_units_ = block_units(parsed, start + 1, end)
            block_plan = plan_split(lines, block_units_, start + 1, end, cap_block)
            if block_plan.cuts:
                block = BlockPlan(start, end, sloc, cap_block, block_plan)
                moved = _later_parts(lines, block_plan, end)
        if not moved and body_first is not None:
            inner_units = block_units(parsed, body_first, last)
            inner = plan_split(lines, inner_units, body_first, last, cap)
            moved = _later_parts(lines, inner, last) if inner.cuts else ()
        if not moved:
            return fallback
        rest = _rest(lines, units, moved, limit)
        candidate = Extraction(unit, Span(first, last, size), moved, block, rest)
        if rest.sizes:
            return candidate
        if fallback.rest is None:
            fallback = candidate  # the first try, in case no smaller parts do better
    return fallback


def length_plan(
    parsed: ParsedCode,
    long_blocks: Sequence[Span],
    cell_limit: int | None,
    block_limit: int,
) -> LengthPlan:
    """The length plan of a cell: its split when it is over ``cell_limit`` (None: it is
    not), and a split of each BEGIN/END block in ``long_blocks`` (each over ``block_limit``).

    The plans agree with each other: a block that the cell's split already cuts is planned
    around those cuts, and a block inside a statement too long for any part of the cell is
    cut where that statement's body is moved out."""
    lines = parsed.sloc_lines
    cell = None
    shared: BlockPlan | None = None
    forced: list[Unit] = []
    if cell_limit is not None:
        units = cell_units(parsed)
        plan = plan_split(lines, units, 1, max(lines, default=1), cell_limit)
        extraction = None
        if not plan.sizes and plan.too_long is not None and parsed.tree is not None:
            extraction = _extraction(parsed, units, plan, long_blocks, cell_limit, block_limit)
            shared = extraction.block
        forced = list(plan.cuts)
        cell = CellPlan(cell_limit, plan, extraction, parsed.tree is not None)
    blocks = []
    for start, end, sloc in long_blocks:
        if shared is not None and shared.start == start:
            blocks.append(shared)
            continue
        first = start + 1
        inside = [u for u in forced if first < u.line <= end]
        units = block_units(parsed, first, end)
        block = plan_with_cuts(lines, units, first, end, block_limit, inside)
        if inside and not block.sizes:  # the cell's cuts leave a part no block cut can fix
            block = plan_split(lines, units, first, end, block_limit)
        blocks.append(BlockPlan(start, end, sloc, block_limit, block))
    return LengthPlan(cell, tuple(blocks))
