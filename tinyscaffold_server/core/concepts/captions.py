"""A comment that names the step right below it: "# backward pass" over ``loss.backward()``,
"# SGD step" over ``sgd.step()``.  The author's words and the method's name say the same
thing twice: the phrase is the concept that line of code is about,
whatever its words' frequency.  Only a method of one of the cell's own objects counts: a
library's constructor below a comment ("# convert data to torch tensors" over
``torch.tensor(…)``, "# Embedding layer … of a fixed embedding size" over ``nn.Embedding``)
is named by the comment as often as it is explained, and measured on the development set
it added as many wrong concepts as right ones; a ``def`` below a comment is the unit itself,
which the code units count (a ``def`` is no call: the pattern needs a dotted name)."""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from ..lazy_re import compile_lazily
from .keys import word_text
from .words import PRODUCT, SECTION_HEADS

__all__ = ["abbreviated_below", "caption_of_code", "names_code_below"]

_CALLED = compile_lazily(r"(?<![\w.])(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s*\(")
_STRING = compile_lazily(r"'''.*?'''|\"\"\".*?\"\"\"|'[^'\n]*'|\"[^\"\n]*\"")
_ASSIGNED = compile_lazily(r"^\s*([\w\s,]+?)\s*=(?!=)")
_KEYWORD = compile_lazily(r"[(,]\s*([A-Za-z_]\w*)\s*=(?!=)")
_SHORTEST = 3  # "lr", "nn": abbreviations too short to say which word they stand for
_PREFIX = 4  # "grad" of ``zero_grad`` is the start of "gradients"


def _code_line_below(lines: Sequence[str], lineno: int) -> str | None:
    """The first line of code after the comment block ``lineno`` belongs to, or None when a
    blank line (or the cell's end) comes first."""
    for line in lines[lineno:]:
        text = line.strip()
        if not text:
            return None
        if not text.startswith(("#", "'''", '"""')):
            return _STRING.sub(" ", text).split("#", 1)[0]
    return None


def _api_names(code: str, assigned: Container[str]) -> list[tuple[str, list[str]]]:
    """Each method the line calls on one of the cell's objects, with its name's words."""
    found: list[tuple[str, list[str]]] = []
    for match in _CALLED.finditer(code):
        name = match["name"]
        if name.split(".", 1)[0] not in assigned:
            continue  # not a method of the cell's own object (``loss.backward()``)
        words = [w for w in word_text(name.rsplit(".", 1)[-1]).split() if len(w) >= _SHORTEST]
        if words and not PRODUCT.intersection(words):
            found.append((name, words))
    return found


def _says(words: Sequence[str], name: Sequence[str]) -> bool:
    """Every word of the name is in the phrase, whole or as its start ("init" of
    "initialization"): "cross entropy loss function" says ``CrossEntropyLoss``; "loss
    notes" does not."""
    return all(
        any(w == part or (len(part) >= _PREFIX and w.startswith(part)) for w in words)
        for part in name
    )


def names_code_below(
    phrase: str, lineno: int, lines: Sequence[str], assigned: Container[str]
) -> bool:
    """Does the comment phrase on ``lineno`` say the method the code right below calls,
    with more words than the name (the name alone is the code's, not a term)?"""
    words = word_text(phrase).split()
    if len(words) < 2 or PRODUCT.intersection(words) or words[-1] in SECTION_HEADS:
        return False  # "torch tensors": the library's; "Gradient Landscape Visualization"
    code = _code_line_below(lines, lineno)
    return code is not None and any(_says(words, n) for _, n in _api_names(code, assigned))


def method_said(text: str, lineno: int, lines: Sequence[str], assigned: Container[str]) -> str:
    """The method right below that the whole comment says, every word of a name of two or
    more ("# zero the parameter gradients" over ``optimizer.zero_grad()``): the author
    names the step in a sentence, not a noun phrase.  "" when there is none."""
    words = word_text(text).split()
    code = _code_line_below(lines, lineno)
    if code is None or PRODUCT.intersection(words):
        return ""
    for name, parts in _api_names(code, assigned):
        if 1 < len(parts) < len(words) and _says(words, parts):
            return name
    return ""


def abbreviated_below(phrase: str, lineno: int, lines: Sequence[str]) -> bool:
    """Is the comment phrase on ``lineno`` spelled, by its initials, in the code right
    below: a keyword argument it passes ("learning rate" over ``SGD(…, lr=0.05)``) or a
    part of a name it assigns ("finite differences" over ``delta_fd = 1e-6``)?  Code
    abbreviates its own vocabulary; the author spells it out."""
    words = word_text(phrase).split()
    if len(words) < 2:
        return False
    code = _code_line_below(lines, lineno)
    if code is None or "=" not in code:
        return False
    initials = "".join(word[0] for word in words)
    target = _ASSIGNED.match(code)
    if target is not None and initials in re.split(r"[_,\s]+", target.group(1).lower()):
        return True
    return any(name.lower() == initials for name in _KEYWORD.findall(code))


def caption_of_code(phrase: str, text: str, lineno: int, lines: Sequence[str]) -> bool:
    """Is the whole comment on ``lineno`` the phrase, over the code it heads ("#
    Backpropagation" over the lines that compute the gradients)?  A caption names the step
    the block below takes, as a heading names its section."""
    return word_text(text) == word_text(phrase) and _code_line_below(lines, lineno) is not None
