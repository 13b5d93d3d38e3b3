"""SPEC 2: a cell's role, metadata first and source markers second.

The SPEC table order is the precedence: solution > test > hidden > library > demo for code,
test_intro > explanation for markdown.  Extension: a cell that is an exercise by another
course convention (:mod:`.exercises`: TODO, ``# YOUR CODE HERE``, ``raise
NotImplementedError``, placeholders, otter-grader markers) is a solution too, ranked below
nbgrader's metadata and markers and above the assert marker, hidden, library and demo.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .config import RULE_IDS
from .exercises import find_exercise
from .lazy_re import compile_lazily
from .named_tuple import NamedTuple
from .source import ParsedCode
from .typing_names import Any

IGNORE_TAG = "tinyscaffold-ignore"

_SOLUTION_MARK = compile_lazily(r"^[ \t]*#+[ \t]*BEGIN SOLUTION\b", re.MULTILINE)
_TEST_LINE = compile_lazily(r"^[ \t]*(?:assert\b|def test_)", re.MULTILINE)
_HIDE = compile_lazily(r"^[ \t]*#\|[ \t]*hide\b", re.MULTILINE)
# nbdev spells the export directive export / exporti / exports; all put code in the library.
_EXPORT = compile_lazily(r"^[ \t]*#\|[ \t]*export[is]?\b", re.MULTILINE)
# Markdown headings: ATX (`## …`, up to 3 spaces indent) and setext (text over ===/---).
_ATX = compile_lazily(r"^ {0,3}#{1,6}(?:[ \t]+(.*))?$", re.MULTILINE)
_SETEXT = compile_lazily(r"^ {0,3}(\S.*)\n {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
# "test" as a word (test / tests / testing / tested): "Testing your Tensor", "Unit tests";
# not "latest" or "contest".  🧪 is TinyTorch's test marker.
_TEST_WORD = compile_lazily(r"\btest(?:s|ing|ed)?\b", re.IGNORECASE)
_FENCE = compile_lazily(r"^ {0,3}(```|~~~)")


def tags_of(metadata: Mapping[str, Any]) -> tuple[str, ...]:
    tags = metadata.get("tags")
    if isinstance(tags, (list, tuple)):
        return tuple(tag for tag in tags if isinstance(tag, str))
    return ()


def nbgrader_flag(metadata: Mapping[str, Any], name: str) -> bool:
    nbgrader = metadata.get("nbgrader")
    if type(nbgrader) is dict:  # JSON metadata: skips the slow ABC isinstance (hot, cold path)
        return nbgrader.get(name) is True
    return isinstance(nbgrader, Mapping) and nbgrader.get(name) is True


def is_ignored(metadata: Mapping[str, Any]) -> bool:
    """Tag ``tinyscaffold-ignore`` or metadata ``tinyscaffold.ignore: true``."""
    if "tags" not in metadata and "tinyscaffold" not in metadata:  # nearly every cell
        return False
    if IGNORE_TAG in tags_of(metadata):
        return True
    own = metadata.get("tinyscaffold")
    return isinstance(own, Mapping) and own.get("ignore") is True


def silenced_rules(metadata: Mapping[str, Any]) -> tuple[str, ...]:
    """Rule ids in cell metadata ``tinyscaffold.ignore_rules``, in ``RULE_IDS`` order.

    SPEC deviation (extension): SPEC 1 only defines ignoring a whole cell; the frontend's
    "silence this rule for this cell" action writes this finer-grained list.  It drops that
    rule's findings on this cell and nothing else (scores, novelty and cliffs stay).  Hand-
    edited metadata must never break analysis, so unknown ids, non-strings and a value that
    is not a list are ignored.
    """
    own = metadata.get("tinyscaffold")
    if own is None or not isinstance(own, Mapping):  # None first: skips the ABC check
        return ()
    raw = own.get("ignore_rules")
    if not isinstance(raw, (list, tuple)) or not raw:
        return ()
    wanted = {rule for rule in raw if isinstance(rule, str)}
    return tuple(rule for rule in RULE_IDS if rule in wanted)


class CodeRole(NamedTuple):
    role: str
    # Why a code cell is a solution ("nbgrader metadata solution: true", "“# TODO” on line
    # 4"), or why a TODO in a demo cell is not an exercise; None otherwise.
    why: str | None = None


_METADATA_SOLUTION = CodeRole("solution", "nbgrader metadata solution: true")
_ROLES = {role: CodeRole(role) for role in ("test", "hidden", "library", "demo")}


def code_role(parsed: ParsedCode, metadata: Mapping[str, Any]) -> CodeRole:
    """Role of a code cell, and why where it is (or nearly is) a solution.

    The assert / ``def test_`` marker counts only on real code lines (SLOC), so an
    ``assert`` inside a docstring example does not make a cell a test.
    """
    if nbgrader_flag(metadata, "solution"):
        return _METADATA_SOLUTION
    source = parsed.code
    mark = _SOLUTION_MARK.search(source)
    if mark is not None:
        line = source.count("\n", 0, mark.start()) + 1
        return CodeRole("solution", f"“BEGIN SOLUTION” on line {line}")
    if nbgrader_flag(metadata, "grade"):
        return _ROLES["test"]
    # An exercise that checks itself ("TODO: define a 2-d tensor", then asserts) is still
    # the cell the student works in: the conventions rank above the assert marker.
    exercise = find_exercise(parsed)
    if exercise.marker is not None:
        return CodeRole("solution", f"an exercise: {exercise.marker.describe()}")
    code_lines = parsed.sloc_lines if parsed.tree is not None else None
    for match in _TEST_LINE.finditer(source):
        if code_lines is None:
            return _ROLES["test"]
        line = source.count("\n", 0, match.start()) + 1
        if line in code_lines:
            return _ROLES["test"]
    if _HIDE.search(source):
        return _ROLES["hidden"]
    if _EXPORT.search(source):
        return _ROLES["library"]
    if exercise.author_note is not None:
        note = exercise.author_note.describe()
        return CodeRole("demo", f"not an exercise: {note} is the author's own note")
    return _ROLES["demo"]


def _headings(source: str) -> list[str]:
    if "```" in source or "~~~" in source:
        kept, fenced = [], False
        for line in source.split("\n"):
            if _FENCE.match(line):
                fenced = not fenced
                kept.append("")
            else:
                kept.append("" if fenced else line)
        source = "\n".join(kept)
    found = [match.group(1) or "" for match in _ATX.finditer(source)]
    found.extend(match.group(1) for match in _SETEXT.finditer(source))
    return found


def markdown_role(source: str) -> str:
    # Headings are pieces of source lines with the same word boundaries, so a source without
    # the marker anywhere (nearly every cell) needs no heading scan.
    # casefold() maps every character the case-insensitive pattern accepts for t/e/s onto
    # "test", so the plain substring test is a sound filter before the slow IGNORECASE scan.
    if "🧪" not in source and ("test" not in source.casefold() or not _TEST_WORD.search(source)):
        return "explanation"
    for heading in _headings(source):
        if "🧪" in heading or _TEST_WORD.search(heading):
            return "test_intro"
    return "explanation"
