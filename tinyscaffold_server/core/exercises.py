"""Exercise conventions: when a code cell is the one the student works in (METRICS.md §2).

nbgrader's metadata and ``### BEGIN SOLUTION`` lines are read in :mod:`.roles`.  Courses
without nbgrader mark an exercise in one of these ways, each defined narrowly enough that a
demo cell with an author's note in it is not taken for an exercise:

1. **solution markers**: otter-grader's code line ending in a ``# SOLUTION`` or ``#
   SOLUTION NO PROMPT`` comment, its line opening a triple-quoted string with ``# BEGIN
   PROMPT``; a cell whose first line is the comment ``# SOLUTION``.
2. **stub comments**: "YOUR CODE HERE" (what nbgrader's release writes), "YOUR SOLUTION
   HERE", "YOUR ANSWER HERE", "START CODE HERE" / "END CODE HERE", "START OF YOUR CODE" /
   "END OF YOUR CODE", in any case, in a comment or docstring.
3. **stub statements**: ``raise NotImplementedError`` as a statement of its own in a
   function body or at the cell's top level.  Not inside an ``if`` or ``try`` (that reports
   an unsupported case), not in an abstract method (decorated ``@abstractmethod`` or
   ``@overload``, in a class based on ``ABC`` or ``Protocol``), not with a message about
   subclasses, overriding or what is supported, nor with a formatted message.
4. **placeholders**: ``...`` where a value or a body goes (``x = ...``, ``f(...)``,
   ``return ...``, a function body of ``...``), but not in a subscript (``a[..., 0]``,
   ``Callable[..., int]``), a default, an annotation, a class body or an abstract method; a
   blank name of three or more underscores (``___``); a ``'''TODO'''`` string passed as a
   value; an assignment left empty (``x = # TODO``), which :mod:`.source` repairs.
5. **a TODO for the student**: the word TODO (or TO DO) opening a comment, a docstring line or a
   string statement (``# TODO: compute the mean``, ``'''TODO: use model.fit'''``,
   ``x = None  # TODO``).  Not a TODO inside a sentence ("see the TODO list"), not one in a
   string that is data (``print("TODO")``), and not an author's note: ``TODO(name)`` or
   ``TODO[...]``, or a note about the author's own work (refactor, clean up, hack,
   workaround, temporary, deprecated, upstream, someday, eventually, FIXME, or in the first
   person: I, me, my).

Cached with the cell: this runs once per cell source, returns at once on a cell that holds
none of the words the conventions need, and walks the syntax tree only where the text has a
stub statement or a placeholder in reach.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from .lazy_re import compile_lazily
from .named_tuple import NamedTuple
from .source import ParsedCode

__all__ = ["ExerciseCheck", "Marker", "find_exercise", "string_statement_lines"]


class Marker(NamedTuple):
    """One convention seen in a cell: how the cell spells it, and where."""

    label: str  # e.g. "# TODO", "raise NotImplementedError", "..."
    line: int  # 1-based

    def describe(self) -> str:
        return f"“{self.label}” on line {self.line}"


class ExerciseCheck(NamedTuple):
    marker: Marker | None  # the convention that makes the cell an exercise; None: it is not
    author_note: Marker | None = None  # a TODO passed over as the author's own note


NOT_AN_EXERCISE = ExerciseCheck(None)

_OTTER_LINE = compile_lazily(
    r"^[^#\n]*\S[^#\n]*#[ \t]*SOLUTION(?:[ \t]+NO[ \t]+PROMPT)?[ \t]*$", re.M
)
# A solution cell some courses head with a "# SOLUTION" comment line of its own.
_SOLUTION_HEAD = compile_lazily(r"\A(?:[ \t]*\n)*[ \t]*#[ \t]*SOLUTION[ \t]*$", re.M)
_OTTER_PROMPT = compile_lazily(
    r"^[ \t]*[rRuU]?(?:\"\"\"|''')[ \t]*#[ \t]*BEGIN[ \t]+PROMPT\b", re.M
)
_STUB = compile_lazily(
    r"\byour[ \t]+(?:own[ \t]+)?(?:code|solution|answer|implementation)[ \t]+(?:goes[ \t]+)?here\b"
    r"|\b(?:start|end)[ \t]+(?:of[ \t]+)?your[ \t]+code\b"
    r"|\b(?:start|end)[ \t]+code[ \t]+here\b",
    re.IGNORECASE,
)
_TODO = compile_lazily(r"\bTO ?DO\b")  # "TO DO" too, as some courses write it
# What may stand between the start of a comment (or of a docstring line) and a TODO that
# opens it: "#", quotes, brackets, bullets.
_OPENING = compile_lazily(r"[#\s\[(*'\"\-:>]*")
_STRING_START = compile_lazily(r"[ \t]*(?:[rRuUbBfF]{0,2}(?:'''|\"\"\"|'|\"))?")
# A note about the author's own work, not a request to the student.
_AUTHOR_NOTE = compile_lazily(
    r"\b(?:refactor\w*|clean[ -]?up|hack\w*|workaround|temporar\w*|deprecat\w*|upstream"
    r"|someday|eventually|fixme|xxx)\b",
    re.IGNORECASE,
)
# The first person, as written: "I" is a capital, so "x[i]" in a note is no author.
_FIRST_PERSON = compile_lazily(r"\b(?:I|I'm|I'll|I've|[Mm]e|[Mm]y)\b")
_ABSTRACT_MESSAGE = compile_lazily(r"subclass|overrid|abstract|derived|support", re.IGNORECASE)
_ABSTRACT_BASES = ("ABC", "ABCMeta", "Protocol")
_BLANK = compile_lazily(r"_{3,}")
# Before "..." a placeholder has "=", "(", "[", ",", ":", "return" or its line start; after
# it a closing bracket, ",", a comment or the line end.
_BEFORE_DOTS = ("=", "(", "[", ",", ":", "return")
_AFTER_DOTS = frozenset(")],#")


def _maybe_placeholder(code: str) -> bool:
    """Whether the text has a placeholder in reach (``x = ...``, ``___``, ``'''TODO'''``):
    only then is the syntax tree walked to tell it from "Loading..." or a TODO in data."""
    at = code.find("...")
    while at >= 0:
        before = code[code.rfind("\n", 0, at) + 1 : at].rstrip()
        end = code.find("\n", at)
        after = code[at + 3 : end if end >= 0 else len(code)].lstrip()
        if (not before or before.endswith(_BEFORE_DOTS)) and (not after or after[0] in _AFTER_DOTS):
            return True
        at = code.find("...", at + 3)
    if "___" in code:
        return True
    at = code.find("TODO")
    while at >= 0:
        if code[:at].rstrip(" \t").endswith(("'''", '"""')):
            return True
        at = code.find("TODO", at + 4)
    return False


def _dotted_tail(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _abstract_function(node: ast.FunctionDef | ast.AsyncFunctionDef, in_interface: bool) -> bool:
    return in_interface or any(
        "abstract" in _dotted_tail(d) or _dotted_tail(d) == "overload" for d in node.decorator_list
    )


def _interface(node: ast.ClassDef) -> bool:
    bases = [*node.bases, *(k.value for k in node.keywords if k.arg == "metaclass")]
    return any(_dotted_tail(base).endswith(_ABSTRACT_BASES) for base in bases)


def _functions(tree: ast.Module) -> Iterator[tuple[ast.FunctionDef | ast.AsyncFunctionDef, bool]]:
    """Every function, method and closure, with whether it is abstract (see module doc)."""
    stack: list[tuple[ast.AST, bool]] = [(tree, False)]
    while stack:
        node, interface = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                stack.append((child, _interface(child)))
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield child, _abstract_function(child, interface)
                stack.append((child, False))
            elif isinstance(child, ast.stmt):
                stack.append((child, False))


def _body_without_docstring(body: list[ast.stmt]) -> list[ast.stmt]:
    first = body[0] if body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return body[1:]
    return body


def _is_ellipsis(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def _stub_raise(statement: ast.stmt) -> bool:
    if not isinstance(statement, ast.Raise) or statement.exc is None:
        return False
    exc = statement.exc
    if _dotted_tail(exc) != "NotImplementedError":
        return False
    if isinstance(exc, ast.Call) and exc.args:
        message = exc.args[0]
        if isinstance(message, ast.JoinedStr):
            return False  # a formatted error message reports a case, it asks for nothing
        if isinstance(message, ast.Constant) and isinstance(message.value, str):
            return _ABSTRACT_MESSAGE.search(message.value) is None
    return True


def _raise_stub(tree: ast.Module) -> int | None:
    lines = [s.lineno for s in tree.body if _stub_raise(s)]
    for function, abstract in _functions(tree):
        if not abstract:
            lines.extend(s.lineno for s in function.body if _stub_raise(s))
    return min(lines, default=None)


def _not_placeholders(tree: ast.Module) -> set[int]:
    """ids of the ``...`` constants that are not placeholders (see the module docstring)."""
    skip: set[int] = set()

    def drop(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(inner) for inner in ast.walk(node) if _is_ellipsis(inner))

    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            drop(node.slice)
        elif isinstance(node, (ast.arg, ast.AnnAssign)):
            drop(node.annotation)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for default in (*node.args.defaults, *node.args.kw_defaults):
                drop(default)
            if not isinstance(node, ast.Lambda):
                drop(node.returns)
        elif isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, ast.Expr) and _is_ellipsis(statement.value):
                    skip.add(id(statement.value))
    for function, abstract in _functions(tree):
        if abstract:
            for statement in _body_without_docstring(function.body):
                if isinstance(statement, ast.Expr) and _is_ellipsis(statement.value):
                    skip.add(id(statement.value))
    return skip


def _placeholder(tree: ast.Module, code: str) -> Marker | None:
    """The first ``...``, ``___`` or ``'''TODO'''`` placeholder (see the module docstring)."""
    skip = _not_placeholders(tree) if "..." in code else set()
    statements = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    lines = code.split("\n")
    found: list[Marker] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            if node.value is Ellipsis and id(node) not in skip:
                found.append(Marker("...", node.lineno))
            elif (
                isinstance(node.value, str)
                and id(node) not in statements  # a string statement is text (TODO rule)
                and node.value.strip().startswith("TODO")
                and _triple_quoted(lines, node)
            ):
                found.append(Marker("'''TODO'''", node.lineno))
        elif (
            isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Load)
            and _BLANK.fullmatch(node.id)
        ):
            found.append(Marker(node.id, node.lineno))
    return min(found, key=lambda marker: marker.line, default=None)


def _triple_quoted(lines: list[str], node: ast.Constant) -> bool:
    """Whether the literal is written in triple quotes: MIT-style ``'''TODO'''`` arguments,
    not ``"TODO"`` data."""
    if not 1 <= node.lineno <= len(lines):
        return False
    raw = lines[node.lineno - 1].encode("utf-8")[node.col_offset :].lstrip(b"rRuUbBfF")
    return raw.startswith((b"'''", b'"""'))


def string_statement_lines(tree: ast.Module | None) -> frozenset[int]:
    """Lines of the strings that stand as statements of their own (docstrings and the
    ``'''TODO: ...'''`` notes some courses write between statements): text, not code."""
    found: set[int] = set()
    for node in ast.walk(tree) if tree is not None else ():
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            found.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return frozenset(found)


class _Text:
    """Which offsets of a cell are text: a comment, a docstring line, a string statement."""

    def __init__(self, parsed: ParsedCode) -> None:
        self.code = parsed.code
        self.tree = parsed.tree
        self.doc = parsed.docstring_lines
        self._strings: frozenset[int] | None = None

    def _string_lines(self) -> frozenset[int]:
        if self._strings is None:
            self._strings = string_statement_lines(self.tree)
        return self._strings

    def where(self, at: int) -> tuple[int, str, bool] | None:
        """(line number, the text before ``at`` in its comment or string line, whether it is
        a comment) when the offset ``at`` is in text, else None.  Without an ast every line
        is text."""
        code = self.code
        start = code.rfind("\n", 0, at) + 1
        number = code.count("\n", 0, at) + 1
        hash_ = code.find("#", start, at)
        if hash_ >= 0:
            return number, code[hash_:at], True
        if self.tree is None or number in self.doc or number in self._string_lines():
            prefix = code[start:at]
            opened = _STRING_START.match(prefix)
            return number, prefix[opened.end() if opened else 0 :], False
        return None


def _todo(texts: _Text) -> tuple[Marker | None, Marker | None]:
    """(the first TODO for the student, the first author's note), see the module docstring."""
    code = texts.code
    note: Marker | None = None
    for match in _TODO.finditer(code):
        where = texts.where(match.start())
        if where is None or not _OPENING.fullmatch(where[1]):
            continue
        end = code.find("\n", match.end())
        rest = code[match.end() : end if end >= 0 else len(code)]
        if rest[:1] in ("(", "[") or _AUTHOR_NOTE.search(rest) or _FIRST_PERSON.search(rest):
            note = note or Marker("TODO", where[0])
            continue
        said = match.group(0)
        return Marker(f"# {said}" if where[2] else said, where[0]), note
    return None, note


def _in_text(texts: _Text, pattern: re.Pattern[str]) -> Marker | None:
    for match in pattern.finditer(texts.code):
        where = texts.where(match.start())
        if where is not None:
            return Marker(match.group(0).upper(), where[0])
    return None


def _stub_marker(code: str, number: int) -> Marker:
    """The stub :mod:`.source` completed on line ``number``, as the author wrote it: the
    assignment or block header, its value or body shown as "…"."""
    line = code.split("\n")[number - 1].partition("#")[0].rstrip()
    for added in (" ...", " pass"):
        if line.endswith(added):
            line = line[: -len(added)]
    return Marker(f"{line.strip()} …", number)


def _line_of(code: str, at: int) -> int:
    return code.count("\n", 0, at) + 1


def find_exercise(parsed: ParsedCode) -> ExerciseCheck:
    """Whether the cell is an exercise by one of the conventions of the module docstring,
    and which (checked cheapest first: markers in the text, a TODO for the student, then
    what needs the syntax tree: stub statements and placeholders)."""
    code = parsed.code
    todo = "TODO" in code or "TO DO" in code
    if not (
        todo or "SOLUTION" in code or "PROMPT" in code or "NotImplementedError" in code
        or "..." in code or "___" in code or parsed.stub_lines
        or "HERE" in code or "here" in code or "Here" in code or "YOUR" in code
        or "your" in code or "Your" in code
    ):  # fmt: skip
        return NOT_AN_EXERCISE
    texts = _Text(parsed)
    # Each pattern is searched only where its words are: a line-anchored pattern scanned
    # over a whole cell costs far more than the substring test.
    otter = (
        (_SOLUTION_HEAD, "# SOLUTION", "SOLUTION"),
        (_OTTER_LINE, "# SOLUTION", "SOLUTION"),
        (_OTTER_PROMPT, '""" # BEGIN PROMPT', "PROMPT"),
    )
    for pattern, label, word in otter:
        match = pattern.search(code) if word in code else None
        if match is not None:
            return ExerciseCheck(Marker(label, _line_of(code, match.start())))
    lower = code.lower()
    stub = _in_text(texts, _STUB) if "your" in lower or "code here" in lower else None
    if stub is not None:
        return ExerciseCheck(stub)
    if parsed.stub_lines:
        return ExerciseCheck(_stub_marker(code, parsed.stub_lines[0]))
    marker, note = _todo(texts) if todo else (None, None)
    if marker is not None:
        return ExerciseCheck(marker)
    tree = parsed.tree
    if tree is not None:
        line = _raise_stub(tree) if "NotImplementedError" in code else None
        if line is not None:
            return ExerciseCheck(Marker("raise NotImplementedError", line))
        # The syntax tree tells a placeholder from "Loading..." in a string or a TODO in data:
        # walked only where the text has one where a value could stand.
        if _maybe_placeholder(code):
            placeholder = _placeholder(tree, code)
            if placeholder is not None:
                return ExerciseCheck(placeholder)
    return ExerciseCheck(None, note)
