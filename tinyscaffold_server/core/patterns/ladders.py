"""Implementation ladders: a hard implementation split into guided rungs of rising difficulty.

A **rung** is a function or method defined in a solution cell whose body (docstring excluded)
is ``ladder_rung_sloc`` (default 3 to 12) SLOC and which carries its own guidance: a TODO plus
an APPROACH list or an EXAMPLE in its docstring or comments.  Its **difficulty** is
``body SLOC + 2 * (CC - 1)``: a branch weighs as much as two plain lines.  A **ladder** is a
run of at least two consecutive rungs (in notebook order, over consecutive solution cells,
with nothing but rungs between them) of one family -- their names share the first word
(``leaky_relu_one``, ``leaky_relu_array``, ``leaky_relu``) -- whose difficulty rises strictly
from rung to rung.  Sibling methods of similar size (``__add__``, ``__mul__``) are no ladder.

A solution cell that is too long (cell or BEGIN/END block above its SLOC limit) or too
complex (a function above the first CC band) gets a proposal instead: its longest function's
body cut at statement boundaries into rungs (:mod:`.rung_proposals`), each with the TODO it
would carry.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence

from .. import phrases
from ..lazy_re import compile_lazily
from ..named_tuple import NamedTuple
from ..phrases import Phrase
from ..source import ParsedCode
from ..typing_names import Any
from .rung_proposals import propose_rungs

Json = dict[str, Any]
DASH = "\u2013"
_TODO = compile_lazily(r"\bTODO\b")
_APPROACH = compile_lazily(r"\bAPPROACH\s*:")
_EXAMPLE = compile_lazily(r"\bEXAMPLES?\s*:")


class Function(NamedTuple):
    name: str
    line: int  # the def line
    end: int
    sloc: int  # body SLOC, docstring excluded
    cc: int
    guided: bool  # TODO and (APPROACH or EXAMPLE) in its own docstring or comments
    start: int = 0  # its first line, decorators included (as the length hints name it)
    label: str = ""  # as the length hints name it: "`def f`", "method `C.f`"


AnyDef = ast.FunctionDef | ast.AsyncFunctionDef


def _owned_functions(tree: ast.Module) -> list[tuple[AnyDef, str | None]]:
    """Top-level functions and the methods of top-level classes, with their class."""
    found: list[tuple[AnyDef, str | None]] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append((node, None))
        elif isinstance(node, ast.ClassDef):
            found.extend(
                (n, node.name)
                for n in node.body
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            )
    return found


def _functions(tree: ast.Module) -> list[AnyDef]:
    return [node for node, _ in _owned_functions(tree)]


def functions(parsed: ParsedCode) -> tuple[Function, ...]:
    """The cell's functions and methods with what ladders and proposals need."""
    if parsed.tree is None or parsed.facts is None:
        return ()
    cc = {(block.name.rsplit(".", 1)[-1], block.line): block.value for block in parsed.facts.blocks}
    lines = parsed.code.split("\n")
    result = []
    for node, owner in _owned_functions(parsed.tree):
        end = node.end_lineno or node.lineno
        body = list(node.body)
        if body and _is_docstring(body[0]):
            body = body[1:]
        start = body[0].lineno if body else end + 1
        sloc = sum(1 for n in parsed.sloc_lines if start <= n <= end)
        text = "\n".join(
            line
            for number, line in enumerate(lines[node.lineno - 1 : end], node.lineno)
            if number in parsed.docstring_lines or "#" in line
        )
        guided = _TODO.search(text) is not None and (
            _APPROACH.search(text) is not None or _EXAMPLE.search(text) is not None
        )
        value = cc.get((node.name, node.lineno), 1)
        start = min([node.lineno] + [d.lineno for d in node.decorator_list])
        label = f"method `{owner}.{node.name}`" if owner else f"`def {node.name}`"
        result.append(Function(node.name, node.lineno, end, sloc, value, guided, start, label))
    return tuple(result)


def _body_of(tree: ast.Module, function: Function) -> list[ast.stmt]:
    """The statements of ``function``'s body after its docstring."""
    for node in _functions(tree):
        if node.lineno == function.line and node.name == function.name:
            body = list(node.body)
            return body[1:] if body and _is_docstring(body[0]) else body
    return []


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def difficulty(function: Function) -> int:
    return function.sloc + 2 * (function.cc - 1)


def is_rung(function: Function, config: Mapping[str, Any]) -> bool:
    low, high = config["ladder_rung_sloc"]
    return function.guided and low <= function.sloc <= high


def _stem(name: str) -> str:
    """The first word of a function name: what the rungs of one ladder share."""
    return name.strip("_").split("_", 1)[0].lower()


def _rung_json(cell: int, function: Function) -> Json:
    return {
        "cell_index": cell,
        "name": function.name,
        "lines": [function.line, function.end],
        "sloc": function.sloc,
        "cc": function.cc,
        "difficulty": difficulty(function),
    }


def find_ladders(
    solutions: Sequence[tuple[int, Sequence[Function]]], config: Mapping[str, Any]
) -> list[Json]:
    """Ladders over the solution cells' functions, given as (cell index, functions)."""
    ladders: list[Json] = []
    run: list[tuple[int, Function]] = []

    def close() -> None:
        if len(run) >= 2:
            rungs = [_rung_json(cell, function) for cell, function in run]
            ladders.append({"rungs": rungs, "cells": sorted({cell for cell, _ in run})})

    for cell, found in solutions:
        for function in found:
            if not is_rung(function, config):
                close()
                run = []
                continue
            if run and (
                difficulty(function) <= difficulty(run[-1][1])
                or _stem(function.name) != _stem(run[-1][1].name)
            ):
                close()
                run = []
            run.append((cell, function))
    close()
    return ladders


def ladder_finding(
    parsed: ParsedCode,
    found: Sequence[Function],
    blocks: Sequence[Any],
    config: Mapping[str, Any],
) -> Json | None:
    """The ``implementation-ladder`` hint of a solution cell too long or too complex."""
    if parsed.tree is None:
        return None
    cc_limit = config["cc_bands"][0]
    long_block = max((b.sloc for b in blocks), default=0) > config["max_block_sloc"]
    long_cell = parsed.sloc > config["max_cell_sloc"]
    complex_functions = [f for f in found if f.cc > cc_limit]
    if not (long_block or long_cell or complex_functions):
        return None
    target = max(found, key=lambda f: (f.cc > cc_limit, f.sloc), default=None)
    body = _body_of(parsed.tree, target) if target is not None else []
    span: list[int] | None = None  # the lines of the function the hint is about
    subject = "this cell"
    if target is not None and body:
        span, subject = [target.start, target.end], target.label
        # Named as the length hints name it: the same lines and SLOC for the same function.
        size = sum(1 for n in parsed.sloc_lines if target.start <= n <= target.end)
        where = (
            f"{target.label} ("
            + phrases.lines(target.start, target.end)
            + f"; {size} SLOC, CC {target.cc})"
        )
    else:
        body = parsed.tree.body
        where = Phrase(f"this cell ({parsed.sloc} SLOC)")
    rungs = propose_rungs(body, parsed.sloc_lines, config)
    if len(rungs) < 2:
        return None
    # Worded without "SLOC" and "split": those words belong to the length hints (cell-sloc,
    # block-sloc), and a complex cell within its length limit gets no length advice.
    steps = phrases.join(
        (
            f"rung {k} (" + phrases.lines(*r["lines"]) + f"): TODO {r['todo']}"
            for k, r in enumerate(rungs, 1)
        ),
        "; ",
    )
    low, high = config["ladder_rung_sloc"]
    suggestion = (
        f"turn {subject} into {len(rungs)} rungs, each a function of {low}{DASH}{high} lines "
        "of code with its own TODO, APPROACH, EXAMPLE and test: " + steps
    )
    return {
        "rule": "implementation-ladder",
        "severity": "info",
        "message": f"{where.text} is one big step: it could be a ladder of {len(rungs)} rungs",
        "suggestion": suggestion.text,
        "cell_index": -1,
        # The whole function the message names (its rungs lie inside), else the rungs.
        "lines": span or [rungs[0]["lines"][0], rungs[-1]["lines"][1]],
        "links": phrases.links_json(suggestion),
        "rungs": rungs,
    }
