"""Code cells: IPython magic neutralisation, one safe parse, one AST pass, and SLOC.

Each code cell is parsed and walked exactly once here (:mod:`.ast_facts`); every other
module works from the result.  A cell that does not parse only because it is an exercise
stub (``x = # TODO``, a function whose body is a comment) is repaired as magics are, line
for line, so it still gets its complexity (see :func:`repair_stubs`).
"""

from __future__ import annotations

import ast
import re

from .ast_facts import AstFacts, collect
from .lazy_re import compile_lazily
from .named_tuple import NamedTuple
from .typing_names import cast

# Cheap pre-checks so that the common cell (no magics) is never rewritten line by line: a
# magic, shell or help line starts with % ! ?, ends with ?, or assigns from ! / %.  Three
# patterns with a literal first character scan much faster than one alternation.
_MAYBE_LINE_START = compile_lazily(r"\n[ \t]*[%!?]")  # searched in "\n" + source
_MAYBE_HELP_END = compile_lazily(r"\?[ \t]*$", re.MULTILINE)
_MAYBE_ASSIGN = compile_lazily(r"=[ \t]*[!%][A-Za-z]")
# `%name` / `%%name`: a following letter tells a magic from a `%` continuation line.
_LINE_MAGIC = compile_lazily(r"^([ \t]*)%{1,2}[A-Za-z_]")
# `!cmd` but not a `!=` continuation line.
_SHELL = compile_lazily(r"^([ \t]*)!(?!=)")
_ASSIGN_MAGIC = compile_lazily(r"^([ \t]*)([\w.,\[\] \t()*]+?)[ \t]*=[ \t]*(?:!|%{1,2}[A-Za-z_])")
_HELP = compile_lazily(r"^([ \t]*)(?:\?{1,2}[\w.]*|[\w.]+\?{1,2})[ \t]*$")
# Cell magics whose body is still Python; any other `%%magic` body is another language.
_PYTHON_CELL_MAGICS = frozenset(
    {"time", "timeit", "capture", "prun", "debug", "python", "python3", "ipython", "tensorflow"}
)


def neutralise_magics(source: str) -> str:
    """Replace magics and shell lines by Python with the same line count.

    A magic line becomes ``pass`` (same indentation) so it still counts as a source line and
    an indented block around it stays valid; ``x = !ls`` becomes ``x = None``.
    """
    if "%" not in source and "!" not in source and "?" not in source:
        return source  # no magic, shell or help syntax possible: three substring scans
    if (
        _MAYBE_LINE_START.search("\n" + source) is None
        and ("?" not in source or _MAYBE_HELP_END.search(source) is None)
        and _MAYBE_ASSIGN.search(source) is None
    ):
        return source
    lines = source.split("\n")
    first = lines[0].lstrip() if lines else ""
    if first.startswith("%%"):
        name = re.split(r"[\s(]", first[2:], maxsplit=1)[0]
        lines[0] = "pass"
        if name not in _PYTHON_CELL_MAGICS:
            # Another language (bash, html, writefile, …): nothing to measure as Python.
            return "\n".join(["pass"] + [""] * (len(lines) - 1))
    for number, line in enumerate(lines):
        match = _ASSIGN_MAGIC.match(line)
        if match is not None:
            lines[number] = f"{match.group(1)}{match.group(2)} = None"
            continue
        match = _LINE_MAGIC.match(line) or _SHELL.match(line) or _HELP.match(line)
        if match is not None:
            lines[number] = f"{match.group(1)}pass"
    return "\n".join(lines)


class ParsedCode(NamedTuple):
    """A code cell after neutralisation: its ast (or why there is none) and its SLOC."""

    code: str
    tree: ast.Module | None
    note: str | None
    sloc: int
    sloc_lines: frozenset[int]
    docstring_lines: frozenset[int]
    facts: AstFacts | None  # everything else the cell analysis reads from the tree
    # Lines :func:`repair_stubs` completed (an assignment left empty, a block left without
    # a statement): where the student is to write.
    stub_lines: tuple[int, ...] = ()


# An assignment whose value the student is to write, left empty: "x = # TODO", "y +=".
# Comparisons (==, <=, >=, !=) are not assignments.  Tried only on a cell that does not
# parse, and kept only if the repaired cell then parses.
_EMPTY_VALUE = compile_lazily(
    r"^(?P<head>[ \t]*[^\s#][^#\n]*?(?<![=!<>])(?:[-+*/%&|^@]|//|\*\*|<<|>>)?=)"
    r"(?P<tail>[ \t]*(?:#.*)?)$",
    re.MULTILINE,
)
# A TODO written as a string on lines of its own between the items of a list or call
# (MIT 6.S191: "'''TODO: define the output dimension of the last Dense layer'''" between
# the layers of a ``Sequential([...])``): an item of its own, once a comma ends it.
_TODO_STRING = compile_lazily(
    r"^[ \t]*(?P<q>'''|\"\"\")[ \t]*TODO\b(?:(?!(?P=q)).)*(?P<q2>(?P=q))[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
# "expected an indented block after function definition on line 3": a header whose body
# is only comments (a stub the student fills in).
_NO_BODY = compile_lazily(r"expected an indented block(?: after .* on line (\d+))?")
_MAX_REPAIRS = 32  # headers without a body completed per cell; beyond that, not a stub


def _complete_header(lines: list[str], number: int) -> bool:
    """Append ``pass`` to the block header on line ``number`` (1-based), before a trailing
    comment; False if that line is no header ending in ":"."""
    if not 1 <= number <= len(lines):
        return False
    line = lines[number - 1]
    code, hash_, comment = line.partition("#")
    if not code.rstrip().endswith(":"):
        return False
    lines[number - 1] = f"{code.rstrip()} pass" + (f"  {hash_}{comment}" if hash_ else "")
    return True


def repair_stubs(code: str) -> tuple[str, tuple[int, ...]] | None:
    """Make an exercise stub parseable, keeping its lines: an empty assignment gets ``...``
    as its value, a block header whose body is only comments gets ``pass``, and where that
    is not enough a TODO string between the items of a list gets its comma.  (repaired
    code, the lines changed) when the repaired code parses, else None: the cell stays
    unparseable and keeps its own error."""
    lines = code.split("\n")
    changed: list[int] = []
    for match in _EMPTY_VALUE.finditer(code):
        number = code.count("\n", 0, match.start()) + 1
        tail = match.group("tail").strip()
        lines[number - 1] = f"{match.group('head')} ...{'  ' + tail if tail else ''}"
        changed.append(number)
    items_ended = False
    for _ in range(_MAX_REPAIRS):
        tree, error = _parse("\n".join(lines))
        if tree is not None:
            return "\n".join(lines), tuple(sorted(changed))
        found = _NO_BODY.search(error or "")
        if found is None:
            # (tried last: a TODO docstring that parses stays a docstring)
            if items_ended or not _end_todo_items(code, lines):
                return None
            items_ended = True
            continue
        number = int(found.group(1)) if found.group(1) else _error_line(error) - 1
        while number > 0 and not lines[number - 1].strip():
            number -= 1
        if not _complete_header(lines, number):
            return None
        changed.append(number)
    return None


def _end_todo_items(code: str, lines: list[str]) -> bool:
    """Put a comma after each TODO string standing on lines of its own (``_TODO_STRING``);
    whether there was one."""
    ended = False
    for match in _TODO_STRING.finditer(code) if "TODO" in code else ():
        end = match.end("q2")
        number = code.count("\n", 0, end)
        column = end - (code.rfind("\n", 0, end) + 1)
        lines[number] = f"{lines[number][:column]},{lines[number][column:]}"
        ended = True
    return ended


def _error_line(note: str | None) -> int:
    found = re.search(r"line (\d+)", note or "")
    return int(found.group(1)) if found else 0


def _parse(code: str) -> tuple[ast.Module | None, str | None]:
    try:
        # compile() itself, as ast.parse calls it, minus the wrapper's argument handling.
        return cast("ast.Module", compile(code, "<unknown>", "exec", ast.PyCF_ONLY_AST)), None
    except SyntaxError as exc:
        where = f"line {exc.lineno}: " if exc.lineno else ""
        return None, f"unparseable: {where}{exc.msg}"
    except (RecursionError, MemoryError):
        return None, "unparseable: nested too deeply to parse"
    except ValueError as exc:  # e.g. "source code string cannot contain null bytes"
        return None, f"unparseable: {exc}"


def count_sloc(lines: list[str], excluded: set[int] | frozenset[int]) -> frozenset[int]:
    """Line numbers (1-based) that are code: non-blank, not comments, not ``excluded``."""
    # lstrip: a line is blank exactly when its left-stripped form is empty.
    if not excluded:  # no docstring (most test and demo cells): one test fewer per line
        return frozenset(
            [
                number
                for number, line in enumerate(lines, 1)
                if (stripped := line.lstrip()) and stripped[0] != "#"
            ]
        )
    return frozenset(
        [
            number
            for number, line in enumerate(lines, 1)
            if (stripped := line.lstrip()) and stripped[0] != "#" and number not in excluded
        ]
    )


_TRIPLE = compile_lazily(r"'''|\"\"\"")


def fallback_doc_lines(lines: list[str]) -> set[int]:
    """Without an ast, treat lines inside a triple-quoted string opened at line start as docs.

    Used only for unparseable cells, where a rough SLOC is still useful for length rules.
    """
    doc: set[int] = set()
    open_quote: str | None = None
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if open_quote is not None:
            doc.add(number)
            if open_quote in stripped:
                open_quote = None
            continue
        for quote in ('"""', "'''"):
            if stripped.startswith((quote, "r" + quote, "f" + quote)):
                doc.add(number)
                rest = stripped[stripped.index(quote) + 3 :]
                if quote not in rest:
                    open_quote = quote
                break
    return doc


def parse_tree(source: str) -> tuple[str, ast.Module | None, str | None, tuple[int, ...]]:
    """(code, tree, why there is none, repaired stub lines): magics neutralised and exercise
    stubs repaired, parsed once; no SLOC, no facts (what a course-level read needs)."""
    code = neutralise_magics(source)
    tree, note = _parse(code)
    stubs: tuple[int, ...] = ()
    if tree is None and note is not None and "nested too deeply" not in note:
        repaired = repair_stubs(code)
        if repaired is not None:
            code, stubs = repaired
            tree, note = _parse(code)
    return code, tree, note, stubs


def parse_code(source: str) -> ParsedCode:
    """Neutralise magics, parse once, and measure SLOC (a fallback SLOC when unparseable)."""
    code, tree, note, stubs = parse_tree(source)
    lines = code.split("\n")
    if tree is None:
        doc = fallback_doc_lines(lines)
        sloc_lines = count_sloc(lines, doc)
        return ParsedCode(code, None, note, len(sloc_lines), sloc_lines, frozenset(doc), None)
    facts = collect(tree)
    sloc_lines = count_sloc(lines, facts.doc_lines)
    return ParsedCode(code, tree, None, len(sloc_lines), sloc_lines, facts.doc_lines, facts, stubs)
