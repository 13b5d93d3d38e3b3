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
from typing import NamedTuple

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


def cell_units(parsed: ParsedCode) -> tuple[Unit, ...]:
    """Top-level statements and the methods of top-level classes, in source order.

    A class's first body statement cannot start a part (the class header alone would not
    parse) but is named when it is the statement that is too long.
    """
    if parsed.tree is None:
        return ()
    found: list[Unit] = []
    for node in parsed.tree.body:
        found.append(Unit(_start(node), _label(node, None), None, True))
        if isinstance(node, ast.ClassDef):
            for position, child in enumerate(node.body):
                found.append(Unit(_start(child), _label(child, node.name), node.name, position > 0))
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
    units = [Unit(_start(node), _label(node, None), None, True) for col, node in inside]
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
        size = count(max(unit.line, first), end + 1)
        spans.append((size + (unit.cut and unit.owner is not None) > limit, size, unit, end))
    over = [span for span in spans if span[0]] or spans
    if not over:
        return None, 0
    _, size, unit, end = max(over, key=lambda span: span[1])
    return (unit, max(unit.line, first), end, size), len(over) - 1


def _where(unit: Unit) -> str:
    plain = unit.label.startswith("the ")  # a def, class or method is worth naming
    return f"before line {unit.line}" + ("" if plain else f" ({unit.label})")


def _listing(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe(plan: Plan, limit: int, parseable: bool = True) -> str:
    """The plan as advice: where to cut and the size of every part, or what to extract."""
    if plan.sizes and not plan.cuts:
        return f"it is within {limit} SLOC: no split needed"
    if plan.cuts:
        if len(plan.cuts) <= 4:
            places = _listing([_where(unit) for unit in plan.cuts])
        else:
            places = "before lines " + _listing([str(unit.line) for unit in plan.cuts])
        sizes = _listing([str(size) for size in plan.sizes])
        text = f"split it {places}: {len(plan.sizes)} parts of {sizes} SLOC"
        reopened = sorted({unit.owner for unit in plan.cuts if unit.owner})
        if reopened:
            classes = ", ".join(f"`{name}`" for name in reopened)
            headers = ", ".join(f"`class {name}({name}):`" for name in reopened)
            text += (
                f" (a part that starts inside class {classes} reopens it with {headers}; "
                "that line is counted)"
            )
        return text
    if not parseable:
        return "the cell does not parse, so its statements are unknown: fix the syntax first"
    if plan.too_long is None:  # no statement starts inside the lines at all
        return (
            f"no statement boundary keeps every part within {limit} SLOC: extract parts of "
            "it into helper functions"
        )
    unit, start, end, size = plan.too_long
    text = (
        f"no statement boundary keeps every part within {limit} SLOC: {unit.label} "
        f"(lines {start}{DASH}{end}) has {size} SLOC on its own; extract parts of it into "
        "helper functions"
    )
    if plan.others_too_long:
        more = plan.others_too_long
        text += f" ({more} more statement{'s' if more > 1 else ''} over {limit} SLOC too)"
    return text
