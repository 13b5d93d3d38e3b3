"""Shortcuts on the cold path (the percent reader's, the blank-call check) answer exactly as
the regular expressions or tree walks they skip."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tinyscaffold_server.core import percent_reader as reader

PIECES = st.sampled_from(
    ["", " ", "\t", "\x0c", "\u00a0", "#", "# ", "##", "%%", "%", "!", "?", "+", "=", ",",
     "cd", "cat", "ls", "rmdir", "ren", "echo", "x", "a=", "<codecell>", "In[", "]", "1", ":"]
)  # fmt: skip
LINES = st.lists(PIECES, max_size=7).map("".join) | st.text(max_size=12)


@settings(max_examples=3000, deadline=None)
@given(line=LINES)
def test_prefilters_match_the_regular_expressions(line: str) -> None:
    assert reader._magic_like(line) == bool(reader._MAGIC_LIKE.match(line))
    assert reader._is_marker(line) == bool(reader._ANY_MARKER.match(line))


@settings(max_examples=1000, deadline=None)
@given(line=LINES)
def test_quote_reading_skips_only_characters_that_change_nothing(line: str) -> None:
    """``_Quotes.read`` visits quotes and ``#`` only; a character-by-character reading
    (the original) agrees on every line and state."""
    for single, triple in ((None, None), (None, '"'), (None, "'")):
        fast = reader._Quotes()
        fast.single, fast.triple = single, triple
        fast.read(line)
        slow_triple = _slow_read(line, single, triple)
        assert (fast.single, fast.triple) == (None, slow_triple)


def _slow_read(line: str, single: str | None, triple: str | None) -> str | None:
    if '"' not in line and "'" not in line:
        return triple
    if not (single or triple) and line.lstrip().startswith("#"):
        return triple
    triple_start = -1
    for i, char in enumerate(line):
        if single is None and triple is None and char == "#":
            break
        if char not in "\"'":
            continue
        if line[i - 1 : i] == "\\":
            continue
        if single == char:
            single = None
            continue
        if single is not None:
            continue
        if line[i - 2 : i + 1] == 3 * char and i >= triple_start + 3:
            if triple == char:
                triple, triple_start = None, i
                continue
            if triple is not None:
                continue
            triple, triple_start = char, i
            continue
        if triple is not None:
            continue
        single = char
    return triple


BLANK_PIECES = st.sampled_from(
    ["f(", ")", "...", ", ", "x", " ", "\n", "# c\n", "(", "[", "]", "=", "'...'", "g(x, "]
)


@settings(max_examples=2000, deadline=None)
@given(parts=st.lists(BLANK_PIECES, max_size=10))
def test_the_blank_call_shortcut_agrees_with_the_walk(parts: list[str]) -> None:
    import ast

    from tinyscaffold_server.core.patterns.placeholders import has_blank_call

    code = "".join(parts)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return
    assert has_blank_call(tree, code) == has_blank_call(tree)
