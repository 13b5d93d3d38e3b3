"""Rungs proposed for a solution function too long or too complex to be one step.

:func:`propose_rungs` cuts a body at statement boundaries into rungs of at most the rung
SLOC limit, following the code's own structure (input checks, loops, inner helpers, the
computation, the final branches; a compound statement too big for one rung is opened into
its branches), joins a rung below the minimum to a neighbour, and words the TODO each rung
would carry.  :mod:`.ladders` turns the rungs into the ``implementation-ladder`` hint.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence

from ..typing_names import Any

__all__ = ["propose_rungs"]

Json = dict[str, Any]


def _kind(node: ast.stmt) -> str:
    if isinstance(node, ast.Assert):
        return "check"
    if isinstance(node, ast.If) and node.body and isinstance(node.body[-1], ast.Raise):
        return "check"
    if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
        return "loop"
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return "helper"
    return "compute"


def _short(node: ast.AST, limit: int = 28) -> str:
    text = ast.unparse(node)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _names(node: ast.AST) -> list[str]:
    found: list[str] = []
    for used in ast.walk(node):
        if isinstance(used, ast.Name) and used.id not in found and used.id != "np":
            found.append(used.id)
    return found


def _describe(nodes: Sequence[ast.stmt], context: Mapping[int, list[str]]) -> str:
    """What the TODO of a rung made of ``nodes`` would ask for."""
    checks = [n for n in nodes if _kind(n) == "check"]
    parts: list[str] = []
    if checks:
        errors = sorted(
            {
                _short(r.exc.func if isinstance(r.exc, ast.Call) else r.exc)
                for n in checks
                for r in ast.walk(n)
                if isinstance(r, ast.Raise) and r.exc is not None
            }
        )
        checked: list[str] = []
        for node in checks:
            if isinstance(node, (ast.If, ast.Assert)):
                checked.extend(name for name in _names(node.test) if name not in checked)
        what = ", ".join(f"`{name}`" for name in checked[:3]) or "the inputs"
        count = f"{len(checks)} check{'s' if len(checks) > 1 else ''}"
        raised = f" raising {', '.join(errors)}" if errors else ""
        parts.append(f"check {what} ({count}{raised})")
    assigned: list[str] = []
    handled: list[str] = []
    returned: list[str] = []
    for node in nodes:
        kind = _kind(node)
        handled.extend(name for name in context.get(id(node), ()) if name not in handled)
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            target = node.test if isinstance(node, ast.While) else node.iter
            parts.append(f"loop over `{_short(target)}`")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            parts.append(f"write the helper `{node.name}`")
        elif isinstance(node, ast.If) and kind == "compute":
            handled.extend(name for name in _names(node.test) if name not in handled)
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for bound in _bound_names(targets):
                if bound not in assigned:
                    assigned.append(bound)
        elif isinstance(node, ast.Return) and node.value is not None:
            returned.append(f"return `{_short(node.value)}`")
    if assigned:
        parts.append("compute " + ", ".join(f"`{name}`" for name in assigned[:4]))
    if handled:
        parts.append("handle " + ", ".join(f"`{name}`" for name in handled[:3]))
    elif returned:  # a branch's returns are part of handling it
        parts.append(returned[-1])
    return "; ".join(parts) or "the remaining statements"


def _bound_names(targets: Sequence[ast.expr]) -> list[str]:
    """Names an assignment binds or updates (``a``, ``a, b``, ``a[i]``, ``a.x`` → ``a``)."""
    names: list[str] = []
    for target in targets:
        while isinstance(target, (ast.Subscript, ast.Attribute, ast.Starred)):
            target = target.value
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            names.extend(_bound_names(target.elts))
    return names


def _segments(body: Sequence[ast.stmt]) -> list[list[ast.stmt]]:
    """Statements grouped by kind (checks, loops, helpers, computation) in order."""
    groups: list[list[ast.stmt]] = []
    last = ""
    for node in body:
        kind = _kind(node)
        if not groups or kind != last or kind in ("loop", "helper"):
            groups.append([node])
        else:
            groups[-1].append(node)
        last = kind
    return groups


def _sloc(nodes: Sequence[ast.stmt], sloc_lines: frozenset[int]) -> int:
    first, last = nodes[0].lineno, max(n.end_lineno or n.lineno for n in nodes)
    return sum(1 for n in sloc_lines if first <= n <= last)


def _flatten(
    body: Sequence[ast.stmt],
    sloc_lines: frozenset[int],
    high: int,
    context: dict[int, list[str]],
) -> list[ast.stmt]:
    """``body``, with every compound statement too big for one rung replaced by the
    statements of its branches (an ``if``/``elif`` chain, a loop body, a ``with``/``try``).

    ``context`` receives, per statement taken out of an ``if``/``while``, the names its
    condition tested, so that the rung's TODO still says what it handles.
    """
    flat: list[ast.stmt] = []
    for node in body:
        branches = [
            getattr(node, field)
            for field in ("body", "orelse", "finalbody")
            if isinstance(getattr(node, field, None), list) and getattr(node, field)
        ]
        branches += [handler.body for handler in getattr(node, "handlers", ())]
        is_def = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        if branches and not is_def and _sloc([node], sloc_lines) > high:
            test = getattr(node, "test", None)
            names = _names(test) if test is not None else []
            for branch in branches:
                for child in _flatten(branch, sloc_lines, high, context):
                    known = context.setdefault(id(child), [])
                    known.extend(name for name in names if name not in known)
                    flat.append(child)
        else:
            flat.append(node)
    return flat


def _merge_small(
    rungs: list[list[ast.stmt]], sloc_lines: frozenset[int], low: int, high: int
) -> None:
    """Join a rung below the minimum to a neighbour, the next one first, when it fits."""
    index = 0
    while index < len(rungs) and len(rungs) > 1:
        if _sloc(rungs[index], sloc_lines) >= low:
            index += 1
            continue
        for other in (index + 1, index - 1):
            if 0 <= other < len(rungs):
                first, second = sorted((index, other))
                if _sloc(rungs[first] + rungs[second], sloc_lines) <= high:
                    rungs[first] = rungs[first] + rungs.pop(second)
                    index = first
                    break
        else:
            index += 1


def propose_rungs(
    body: Sequence[ast.stmt], sloc_lines: frozenset[int], config: Mapping[str, Any]
) -> list[Json]:
    """Cut ``body`` into rungs of at most the rung SLOC limit, at statement boundaries."""
    low, high = config["ladder_rung_sloc"]
    rungs: list[list[ast.stmt]] = []
    context: dict[int, list[str]] = {}
    for group in _segments(_flatten(body, sloc_lines, high, context)):
        for node in group:
            # A new rung at a change of kind once the current one is big enough, or when
            # the statement would not fit.
            if not rungs:
                rungs.append([node])
                continue
            current = _sloc(rungs[-1], sloc_lines)
            size = _sloc([node], sloc_lines)
            if current + size > high or (node is group[0] and current >= low):
                rungs.append([node])
            else:
                rungs[-1].append(node)
    _merge_small(rungs, sloc_lines, low, high)
    result = []
    for nodes in rungs:
        first, last = nodes[0].lineno, max(n.end_lineno or n.lineno for n in nodes)
        result.append({"lines": [first, last], "sloc": _sloc(nodes, sloc_lines),
                       "todo": _describe(nodes, context)})  # fmt: skip
    return result
