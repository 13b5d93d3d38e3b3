"""The prose of a code cell: its docstrings and comments, and the phrases its comments say.

:func:`prose_lines` gives each docstring or comment line with whether it stands in a
HINTS/EXAMPLE section (a tip on how to write the code, not what the lesson teaches);
:func:`comment_phrases` reads the comments' noun phrases, with what they caption in the
code below (:mod:`.captions`).  :mod:`.candidates` turns both into a cell's candidates.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from ..ast_facts import AstFacts
from ..lazy_re import compile_lazily
from .captions import abbreviated_below, caption_of_code, method_said, names_code_below
from .exercises import commented_code
from .phrases import line_phrases
from .prose import ProseTerm, docstring_terms
from .term_filter import Term
from .types import DEFINED, MENTIONED, PLAIN_PHRASES

__all__ = ["comment_phrases", "prose_lines"]

_COMMENT = compile_lazily(r"^\s*#(?![|#])\s?(.*)$")
_HINT_HEADER = compile_lazily(r"^\s*(?:HINTS?|EXAMPLES?|EXAMPLE USAGE|ARGS|RETURNS)\b", re.I)
_OTHER_HEADER = compile_lazily(r"^\s*[A-Z][A-Z\- ]{2,}:")


def prose_lines(source: str, facts: AstFacts) -> list[tuple[int, str, bool]]:
    """(line, text, in a HINTS/EXAMPLE section?) of a code cell's docstrings and comments.

    Hint text can introduce terms, but a call named there ("Use np.array() for conversion")
    is a tip on how to write the code, not a library function the lesson teaches."""
    lines: list[tuple[int, str, bool]] = []
    in_hints = False
    for lineno, line in enumerate(source.split("\n"), start=1):
        if lineno in facts.doc_lines:
            text = line.strip().strip('"').strip("'")
        else:
            comment = _COMMENT.match(line) if "#" in line else None
            if comment is None or "SOLUTION" in line:
                continue
            text = comment.group(1)
        if _HINT_HEADER.match(text):
            in_hints = True
        elif _OTHER_HEADER.match(text):
            in_hints = False
        if text:
            lines.append((lineno, text, in_hints))
    return lines


def comment_phrases(
    prose: Sequence[tuple[int, str, bool]],
    lines: Sequence[str],
    facts: AstFacts,
    assigned: Container[str],
) -> list[ProseTerm]:
    """The plain noun phrases of a code cell's comments ("# choose cross entropy loss
    function", "# Number of neurons per layer"): what the code is about, in the author's
    words.  Judged like any plain phrase in the notebook walk (``plain.py``); not in
    docstrings (an API's own documentation), hint sections or commented-out code."""
    found = []
    for lineno, text, hint in prose:
        if hint or lineno in facts.doc_lines or commented_code(lines[lineno - 1]):
            continue
        # "# Define the Rectified Linear Unit (ReLU) function": an expansion defines
        found.extend(docstring_terms([(lineno, text)]))
        method = method_said(text, lineno, lines, assigned)
        if method:  # "# zero the parameter gradients" over ``optimizer.zero_grad()``
            found.append(ProseTerm(Term(method, (text.strip(),)), "comment", lineno, DEFINED))
        for phrase in line_phrases(text, markdown=False):
            if phrase.kind not in PLAIN_PHRASES:
                continue
            name = phrase.term.name
            if (
                names_code_below(name, lineno, lines, assigned)
                or abbreviated_below(name, lineno, lines)
                # a rare word alone: "# Backpropagation" over the lines computing gradients
                or (phrase.rare and " " not in name and caption_of_code(name, text, lineno, lines))
            ):
                found.append(ProseTerm(phrase.term, "comment", lineno, DEFINED))
            else:
                found.append(ProseTerm(phrase.term, phrase.kind, lineno, MENTIONED, phrase.rare))
    return found
