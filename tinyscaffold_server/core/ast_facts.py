"""One lean pass over a code cell's AST that yields every fact the per-cell analysis needs.

Cyclomatic complexity (radon semantics), docstring lines (for SLOC), class definitions,
raw dotted calls and import aliases used to come from three separate walks, radon's
recursive ``ComplexityVisitor`` among them; together they cost several times the
``ast.parse`` they start from.  Here one iterative walk with per-node-type dispatch does it
all, so cold analysis stays within a small factor of parsing (SPEC 8).

Radon semantics, exactly as ``ComplexityVisitor.from_ast(tree, no_assert=True)`` (radon
6.0.1) — tests compare this module against radon on corpus cells, fixtures, tricky cases
and generated programs:

- a block (module, function, method, closure) starts at 1 and adds, for the code it owns:
  ``if``/``elif``/ternary +1; ``for``/``async for``/``while`` +1, +1 more with ``else``;
  ``try`` +1 per handler, +1 with ``else`` (``try``/``except*`` adds nothing); each extra
  operand of ``and``/``or`` +1; each comprehension ``for`` +1 and +1 per ``if``; ``match``
  +1 per case, minus one when some case is a bare capture (``case _:``/``case x:``);
- ``assert`` statements count nothing, not even the boolean operators inside them;
- decorators, default values, annotations and base classes are not in any block;
- nested functions are blocks of their own (closures) and add nothing to their parent;
  lambdas are not blocks, their body belongs to the enclosing block;
- a class body belongs to no reported block; its methods and inner classes' methods are
  reported; a class defined inside a function is dropped with all its methods.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from operator import attrgetter, itemgetter

from .named_tuple import NamedTuple
from .typing_names import Any

__all__ = ["AstFacts", "CcBlock", "cc_rank", "collect"]


class CcBlock(NamedTuple):
    """A function, method or closure with its complexity; ``name`` is dotted from the cell
    top (``Net.forward.inner``), ``line``..``end`` spans the ``def`` (decorators excluded)."""

    name: str
    value: int
    line: int
    end: int


class AstFacts(NamedTuple):
    module_cc: int  # complexity of the code outside every def/class
    blocks: tuple[CcBlock, ...]  # in source order
    doc_lines: frozenset[int]  # lines of module/class/def docstrings
    # Public, non-test classes reachable through module and class bodies, in source order:
    # (line, name).  Bodies of functions are not entered.  (Functions, methods and closures
    # are ``blocks``; concepts are decided from both in ``code_concepts``.)
    classes: tuple[tuple[int, str], ...]
    calls: tuple[tuple[str, int], ...]  # dotted call names with the line of their first use
    imports: tuple[tuple[str, str], ...]  # (bound name, target), in source order
    import_lines: tuple[int, ...] = ()  # the line of each entry of ``imports``
    # Lines inside ``except ImportError`` / ``except ModuleNotFoundError`` handlers.
    fallback_import_lines: frozenset[int] = frozenset()


def cc_rank(value: int) -> str:
    """radon's rank letter: A 1-5, B 6-10, C 11-20, D 21-30, E 31-40, F above."""
    if value <= 5:
        return "A"
    if value <= 10:
        return "B"
    return "CDEF"[min((value - 1) // 10 - 1, 3)]


# --- per-type dispatch --------------------------------------------------------------------
#
# The walk looks up each node's type once in ``_CODE``: leaves are dropped at once, plain
# nodes push their children through a precomputed ``attrgetter``, and the few node types
# that matter are handled inline.  This keeps the per-node cost near the interpreter minimum
# (no generators, no visitor method dispatch, no recursion).

# Fields that never hold child nodes we need: names, operators, contexts, flags.
_NOT_CHILDREN = frozenset(
    ("ctx", "op", "ops", "id", "name", "names", "attr", "arg", "module", "level", "asname",
     "kind", "conversion", "is_async", "type_comment", "simple", "kwd_attrs", "rest", "tag",
     "type_ignores")
)  # fmt: skip
_LEAF, _MANY, _ONE = 0, 1, 2  # no children / a tuple of child fields / one child field
(_CALL, _IF, _IFEXP, _FOR, _WHILE, _BOOL, _COMP, _TRY, _MATCH, _ASSERT, _DEF, _CLASS,
 _IMPORT, _FROM) = range(3, 17)  # fmt: skip
_SPECIAL: dict[Any, int] = {
    ast.Call: _CALL,
    ast.If: _IF,
    ast.IfExp: _IFEXP,
    ast.For: _FOR,
    ast.AsyncFor: _FOR,
    ast.While: _WHILE,
    ast.BoolOp: _BOOL,
    ast.comprehension: _COMP,
    ast.Try: _TRY,
    getattr(ast, "Match", None): _MATCH,  # Python >= 3.10
    ast.Assert: _ASSERT,
    ast.FunctionDef: _DEF,
    ast.AsyncFunctionDef: _DEF,
    ast.ClassDef: _CLASS,
    ast.Import: _IMPORT,
    ast.ImportFrom: _FROM,
    ast.Constant: _LEAF,  # its value is data, not a node
    getattr(ast, "MatchSingleton", None): _LEAF,  # value True/False/None
}
_GETTERS: dict[type, Callable[[Any], Any]] = {}


class _Codes(dict):  # type: ignore[type-arg]
    """type → dispatch code; a type seen for the first time (any Python version's new node
    types, or a stray non-node value) is classified on the spot from its ``_fields``."""

    def __missing__(self, kind: type) -> int:
        fields: tuple[str, ...] = ()
        if issubclass(kind, ast.AST):
            fields = tuple(f for f in kind._fields if f not in _NOT_CHILDREN)
        code = _SPECIAL.get(kind, _LEAF if not fields else _ONE if len(fields) == 1 else _MANY)
        if code in (_ONE, _MANY):
            _GETTERS[kind] = attrgetter(*fields)
        self[kind] = code
        return code


_CODE = _Codes()
for _kind in vars(ast).values():
    if isinstance(_kind, type) and issubclass(_kind, ast.AST):
        _CODE.__missing__(_kind)  # classify every node type up front
_CODE[type(None)] = _LEAF  # Dict keys of ``**x`` and absent kw_defaults are None


def _dotted(node: ast.expr) -> str | None:
    """The dotted name of a Name/Attribute chain (``np.linalg.norm``), else None."""
    parts: list[str] = []
    while type(node) is ast.Attribute:
        parts.append(node.attr)
        node = node.value
    if type(node) is not ast.Name:
        return None
    if not parts:
        return node.id
    parts.append(node.id)
    return ".".join(reversed(parts))


def _is_test_class(name: str) -> bool:
    # pytest collects ``Test*`` classes; they hold checks, not course concepts.
    return name.startswith("Test") and (len(name) == 4 or not name[4].islower())


# A scope to walk, as a plain tuple (built per def/class; a NamedTuple costs more):
# (body statements, dotted name prefix of blocks defined directly inside, inside a function
# (a class here is dropped by radon), blocks defined here are reported, classes here are
# recorded, (name, line, end) when this scope is itself a reported block).
_Scope = tuple[list[Any], str, bool, bool, bool, "tuple[str, int, int] | None"]
_BY_POSITION = itemgetter(0, 1)  # (line, column, ...) entries
_BY_LINE = attrgetter("line")
_NO_LINES: frozenset[int] = frozenset()


def collect(tree: ast.Module) -> AstFacts:
    """All per-cell AST facts in one iterative pass (no recursion: deep nesting is safe).

    Each scope (module, def or class body) is walked on its own so its decision points add
    up separately; a def/class met inside is queued as a new scope.  Expressions outside
    every block (decorators, defaults, annotations, bases, assert operands) are collected in
    ``uncounted`` and walked last, for calls only.
    """
    calls: list[tuple[int, int, str]] = []
    imports: list[tuple[int, int, str, str]] = []
    classes: list[tuple[int, int, str]] = []
    doc: set[int] = set()
    blocks: list[CcBlock] = []
    uncounted: list[Any] = []
    fallback: set[int] = set()
    scopes: list[_Scope] = [(tree.body, "", False, True, True, None)]
    module_cc = 0  # set after the first scope, the module
    code_of, getters, dotted = _CODE, _GETTERS, _dotted
    add_call, add_import, defer = calls.append, imports.append, uncounted.append
    in_scope = True
    prefix, in_function, tracked, defines, block = "", False, True, True, None
    while True:
        if scopes:
            body, prefix, in_function, tracked, defines, block = scopes.pop()
            first = body[0] if body else None
            if type(first) is ast.Expr:  # a docstring?
                value = first.value
                if type(value) is ast.Constant and isinstance(value.value, str):
                    doc.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
            stack = list(body)
        elif uncounted:
            in_scope, stack, uncounted = False, uncounted, []
        else:
            break
        count = 0
        pop, push, extend = stack.pop, stack.append, stack.extend
        while stack:
            node = pop()
            kind = type(node)
            code = code_of[kind]
            if code == _LEAF:
                continue
            if code == _MANY:
                for child in getters[kind](node):
                    if child.__class__ is list:
                        extend(child)
                    elif child is not None:
                        push(child)
            elif code == _ONE:
                child = getters[kind](node)
                if child.__class__ is list:
                    extend(child)
                elif child is not None:
                    push(child)
            elif code == _CALL:
                func = node.func
                name = func.id if type(func) is ast.Name else dotted(func)
                if name is not None:
                    add_call((node.lineno, node.col_offset, name))
                push(func)
                extend(node.args)
                extend(node.keywords)
            elif code == _IF:
                count += 1
                push(node.test)
                extend(node.body)
                extend(node.orelse)
            elif code == _IFEXP:
                count += 1
                push(node.test)
                push(node.body)
                push(node.orelse)
            elif code in (_FOR, _WHILE):
                count += 2 if node.orelse else 1
                if code == _FOR:
                    push(node.target)
                    push(node.iter)
                else:
                    push(node.test)
                extend(node.body)
                extend(node.orelse)
            elif code == _BOOL:
                count += len(node.values) - 1
                extend(node.values)
            elif code == _COMP:
                count += 1 + len(node.ifs)
                push(node.target)
                push(node.iter)
                extend(node.ifs)
            elif code == _TRY:
                for handler in node.handlers:
                    if _catches_import_error(handler.type):
                        fallback.update(range(handler.lineno, (handler.end_lineno or 0) + 1))
                count += len(node.handlers) + (1 if node.orelse else 0)
                extend(node.body)
                extend(node.handlers)
                extend(node.orelse)
                extend(node.finalbody)
            elif code == _MATCH:
                cases = node.cases
                bare = any(getattr(case.pattern, "pattern", False) is None for case in cases)
                count += max(0, len(cases) - bare)
                push(node.subject)
                extend(cases)
            elif code == _ASSERT:
                defer(node.test)
                if node.msg is not None:
                    defer(node.msg)
            elif code == _IMPORT:
                for alias in node.names:
                    # ``import a.b`` binds ``a``; ``import a.b as c`` binds ``c`` to ``a.b``.
                    bound = alias.asname or alias.name.partition(".")[0]
                    target = alias.name if alias.asname else bound
                    add_import((node.lineno, node.col_offset, bound, target))
            elif code == _FROM:
                source = "." * (node.level or 0) + (node.module or "")
                sep = "" if source.endswith(".") else "."  # "from . import x" → ".x"
                for alias in node.names:
                    if alias.name != "*":  # what it binds is unknowable without importing
                        target = f"{source}{sep}{alias.name}"
                        add_import(
                            (node.lineno, node.col_offset, alias.asname or alias.name, target)
                        )
            elif in_scope:  # _DEF / _CLASS, only ever met among statements
                uncounted.extend(node.decorator_list)
                uncounted.extend(getattr(node, "type_params", ()))  # Python >= 3.12
                name = node.name
                if code == _CLASS:
                    uncounted.extend(node.bases)
                    uncounted.extend(node.keywords)
                    test_class = _is_test_class(name)
                    public = not name.startswith(("_", "test_"))
                    if defines and public and not test_class:
                        classes.append((node.lineno, node.col_offset, name))
                    scopes.append(
                        (node.body, f"{prefix}{name}.", False, tracked and not in_function,
                         defines and not test_class, None)
                    )  # fmt: skip
                else:
                    defer(node.args)
                    if node.returns is not None:
                        defer(node.returns)
                    name = prefix + name
                    line = node.lineno
                    inner = (name, line, node.end_lineno or line) if tracked else None
                    scopes.append((node.body, name + ".", True, tracked, False, inner))
        if not module_cc:
            module_cc = 1 + count
        elif block is not None and in_scope:
            blocks.append(CcBlock(block[0], 1 + count, block[1], block[2]))
    if len(blocks) > 1:
        blocks.sort(key=_BY_LINE)
    # Source order; ties (one line) keep statement order: the sorts are stable and the walk
    # visits the names of one import statement in order.
    first_calls: dict[str, int] = {}
    if calls:
        calls.sort(key=_BY_POSITION)
        for line, _, name in calls:
            first_calls.setdefault(name, line)
    if len(imports) > 1:
        imports.sort(key=_BY_POSITION)
    if len(classes) > 1:
        classes.sort(key=_BY_POSITION)
    return AstFacts(
        module_cc,
        tuple(blocks),
        frozenset(doc) if doc else _NO_LINES,
        tuple([(line, name) for line, _, name in classes]) if classes else (),
        tuple(first_calls.items()) if first_calls else (),
        tuple([(bound, target) for _, _, bound, target in imports]) if imports else (),
        tuple([line for line, _, _, _ in imports]) if imports else (),
        frozenset(fallback) if fallback else _NO_LINES,
    )


def _catches_import_error(kind: ast.expr | None) -> bool:
    names = kind.elts if isinstance(kind, ast.Tuple) else (kind,)
    return any(
        isinstance(name, ast.Name) and name.id in ("ImportError", "ModuleNotFoundError")
        for name in names
    )
