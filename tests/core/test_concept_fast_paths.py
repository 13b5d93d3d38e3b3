"""The concept pass's shortcuts (issue 21) answer as the plain forms they replace."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tinyscaffold_server.core.concepts import exercises, keys
from tinyscaffold_server.core.concepts.headings import body_without
from tinyscaffold_server.core.concepts.keys import singular, word_text

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z][a-z])")


def _word_text_in_one_pass(text: str) -> str:
    """``word_text`` as it was: the whole text at once."""
    text = _CAMEL.sub(" ", text.replace("-", ""))
    return " ".join(singular(w) for w in re.findall(r"[A-Za-z0-9]+", text.lower()))


texts = st.lists(
    st.sampled_from(
        ["Tensors", "batch_size", "LinearLayer", "ReLU", "cross-entropy", "-", "\n", " ",
         "GPUs", "x", "1", "A", "b", "é", "\t", "classes", "biases", "Adam\nW", "s", "aBcDe",
         "\u212a", "\u0130", "HINTS:", "\u00a0", "\U0001f525", "Z9", "xs"]
    ),
    max_size=12,
).map("".join)  # fmt: skip


@settings(max_examples=400)
@given(text=texts)
def test_word_text_line_by_line_equals_the_whole_text_at_once(text: str) -> None:
    assert word_text(text) == _word_text_in_one_pass(text)


def test_word_text_of_a_cell_is_its_lines_words() -> None:
    cell = "## Linear Layers\n\nA `LinearLayer` maps batch_size-by-n\ninputs to Outputs.\n"
    assert word_text(cell) == "linear layer a linear layer map batch sizebyn input to output"


@settings(max_examples=400)
@given(text=texts)
def test_code_spelling_is_split_where_it_was(text: str) -> None:
    assert keys._CAMEL.sub(keys._spaced, text) == _CAMEL.sub(" ", text)


@settings(max_examples=300)
@given(text=texts)
def test_a_heading_body_has_the_words_of_the_cell_without_its_line(text: str) -> None:
    """What ``discussed`` looks for a heading's subject in: the body's words, from the
    cell's words line by line, equal the body's own ``word_text``."""
    lines = text.split("\n")
    words = keys.line_words(text)
    assert len(words) == len(lines)
    for lineno in range(1, len(lines) + 1):
        body = "\n".join(lines[: lineno - 1] + lines[lineno:])
        assert body_without(lines, words, lineno) == (body, f" {word_text(body)} ")


@settings(max_examples=300)
@given(
    text=st.lists(
        st.sampled_from(["TODO", "todo", "To Do", "TO\nDO", "YOUR CODE HERE", "your code",
                         "here", "x", " ", "\n", "ToDo:", "\u0130", "\u212a", "# "]),
        max_size=8,
    ).map("".join)
)  # fmt: skip
def test_a_cell_without_a_todo_phrase_has_no_todo_line(text: str) -> None:
    any_line = any(exercises._TODO.search(line) for line in text.split("\n"))
    assert not any_line or exercises._may_hold_todo(text)
