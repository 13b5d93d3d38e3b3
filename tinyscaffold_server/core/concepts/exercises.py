"""What a code cell asks the student to do, outside nbgrader's markers (issue 19, item 2).

Many courses mark an exercise with a TODO in a comment or docstring, not with ``### BEGIN
SOLUTION`` blocks: ``# TODO: Define the activation function for the first fully connected
(Dense) layer``, ``'''TODO: define the operation for z (hint: use torch.matmul).'''``.  Such
a cell teaches:

- the functions, classes and methods the TODOs stand in (what the student completes);
- the library names the TODO text names as the way to do it ("use tf.add, tf.subtract",
  "Use cnn_model.trainable_variables"), and those the lines answering a TODO use (the code
  right after it, up to a blank line: in a solution notebook, the answer);
- the noun phrases of the TODO text ("activation function"), judged like plain prose.

The rest of what the cell defines is plumbing the notebook needs for itself (``draw_model``,
``loss_function_1D``): never a concept.  The names a cell assigns (its variables) and the
keyword names its calls pass (``learning_rate=``: the API's own vocabulary, which tells a
term from a passing phrase) are recorded for the notebook walk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..lazy_re import compile_lazily
from ..named_tuple import NamedTuple
from .chunks import INSTRUCTION_VERBS, verb_capable
from .phrases import todo_phrases
from .prose import ProseTerm
from .types import PLAIN_PHRASES

__all__ = ["Exercise", "commented_code", "exercise_facts"]

_TODO = compile_lazily(r"\bTODO\b|\bTO DO\b|YOUR CODE HERE", re.IGNORECASE)
_TODO_WORDS = compile_lazily(
    r"\b(?:TODO|TO DO)\b[\s:\-\u2013\u2014.]*|YOUR CODE HERE", re.IGNORECASE
)
_DOTTED = compile_lazily(r"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
_STRING = compile_lazily(r"'''.*?'''|\"\"\".*?\"\"\"|'[^'\n]*'|\"[^\"\n]*\"")
# An assignment's targets: names, tuples, subscripts and attributes before one "=".
_ASSIGNED = compile_lazily(r"^\s*([\w\s,()\[\].*]+?)\s*[-+*/]?=(?!=)")
_STATEMENT = compile_lazily(
    r"^\s*(?:def|class|lambda|if|elif|for|while|return|with|assert|print)\b"
)
_TARGET = compile_lazily(r"(?<![\w.])([A-Za-z_]\w*)(?![\w.(])")
_SUBSCRIPT = compile_lazily(r"\[[^\]]*\]")
_ANNOTATION = compile_lazily(r"[:=][^,]*")  # a parameter's annotation or default
_FOR = compile_lazily(r"\bfor\s+([\w\s,()]+?)\s+in\b")
# "for epoch in range(n_epoch)", "for layer in tqdm(range(1, K))": a loop over a count
_COUNTED = compile_lazily(r"\bfor\s+([A-Za-z_]\w*)\s+in\s+(?:\w+\()?range\(")
_KEYWORD = compile_lazily(r"[(,]\s*([A-Za-z_]\w*)\s*=(?!=)")
_NAME = compile_lazily(r"[A-Za-z_]\w*")
# A call on the conventional names of a plot (``plt.bar(…, width=0.2)``, ``ax.plot(…,
# label="train")``, ``sns.histplot``): its keywords style the figure, they are no words of
# the API the lesson teaches.
_PLOTTING = compile_lazily(r"(?<![\w.])(?:plt|sns|fig|ax|axs|axes|ax\d)\.")
_DEFINITION = compile_lazily(
    r"^\s*(?:async\s+)?(?:def|class)\s+(?P<name>\w+)\s*(?:\((?P<params>[^)]*))?"
)
_URL = compile_lazily(r"\b[a-z]+://\S+|\bwww\.\S+")
# "TODO -- Replace the lines below", "# REPLACE THIS LINE": the code the TODO stands over is a
# placeholder the student replaces, not the answer; its names teach nothing.
_REPLACE = compile_lazily(r"\breplace\b", re.IGNORECASE)
# "use tf.add", "hint: use torch.matmul", "Use cnn_model.trainable_variables to …": the
# TODO names what to write with (a name merely mentioned counts only through an import)
_USED = compile_lazily(r"\b(?:use|using|call|calling|apply|with)\b", re.IGNORECASE)
# "use np.matmul for matrix multiplications": what the named call is for glosses the call,
# it is no second concept.
_PURPOSE_OF_NAME = compile_lazily(
    r"(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?)\s+for\s+[^.,;:()]+"
)
# "COMET_API_KEY = os.environ.get(…)" under "TODO: ENTER YOUR API KEY": a constant is a
# setting the reader fills in, not code the lesson teaches (Python's convention: a
# constant's name is upper case with an underscore)
_SETTING = compile_lazily(r"^\s*[A-Z][A-Z0-9]*_[A-Z0-9_]*\s*(?::[^=]*)?=(?!=)")
# ``np.zeros_like(x)``, ``torch.ones(n)``, ``np.full(shape, v)``: an array of one value in
# a shape, whatever the input holds; on a line answering a TODO, the stand-in the student
# overwrites, not the way to the answer
_STAND_IN = compile_lazily(r"\.(?:zeros|ones|empty|full)(?:_like)?$")
_COMMENTED_CODE = compile_lazily(
    r"^\s*#\s*(?:[\w.\[\]]+(?:\s*,\s*[\w.\[\]]+)*\s*=|[\w.]+\(.*\)\s*$|return\b|def\s|for\s)"
)


class Exercise(NamedTuple):
    exercise: bool  # a TODO (or YOUR CODE HERE) in the cell's comments or docstrings
    spans: tuple[tuple[int, int], ...]  # each TODO through the code answering it
    refs: tuple[tuple[str, int, bool], ...]  # dotted names the TODOs teach (CellConcepts.refs)
    phrases: tuple[ProseTerm, ...]  # noun phrases of the TODO text
    assigned: frozenset[str]
    keywords: frozenset[str]
    defined: frozenset[str]
    counters: frozenset[str]  # loop variables over a count: ``for epoch in range(…)``


_STEP = compile_lazily(r"^\s*\d+[.)]\s+([A-Za-z]+)\b\s*")


def _steps_as_verbs(said: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Numbered steps that open with instructions ("1. Compute queries", "3. Apply softmax")
    are all instructions: a step's first word that can be a verb is one ("4. Weight values
    by attentions": weight the values), not the start of a noun phrase."""
    openers = [step[1].lower() for _, text in said if (step := _STEP.match(text))]
    if sum(word in INSTRUCTION_VERBS for word in openers) < 2:
        return said
    return [
        (line, text[step.end() :])
        if (step := _STEP.match(text))
        and step[1].lower() not in INSTRUCTION_VERBS  # (the chunker knows these already)
        and verb_capable(step[1].lower())
        else (line, text)
        for line, text in said
    ]


def _continued(said: list[tuple[int, str]], lines: Sequence[str]) -> list[tuple[int, str]]:
    """A comment line that goes on with the sentence of the line above (it opens with a
    lower-case word or a parenthesis, and the line above ends in no stop) is read with it:
    "# TODO: Compute a weighted sum … according to the attention" over "# (equation 12.3)"
    is one sentence, which cites the equation for "attention"."""
    joined: list[tuple[int, str]] = []
    for line, text in said:
        opening = text.lstrip()[:1]
        if (
            joined
            and joined[-1][0] + joined[-1][1].count("\n") == line - 1
            and (opening == "(" or opening.islower())
            and not lines[line - 2].rstrip().rstrip("'\"").endswith((".", "!", "?", ":"))
        ):
            joined[-1] = (joined[-1][0], f"{joined[-1][1].rstrip()}\n{text.strip()}")
        else:
            joined.append((line, text))
    return [(line, text.replace("\n", " ")) for line, text in joined]


def _tool_or_word(name: str, text: str) -> bool:
    """Does a rare TODO phrase stand as a term on its own?  A lone word does ("compute the
    preactivations"), and so does a phrase the TODO names as the thing to use ("use Xavier
    initialization"); what the student is to define or transform ("Define the
    reparameterization computation!", "transforms the LSTM output") is the exercise's own
    wording until the API or another cell says it too."""
    if " " not in name:
        return True
    at = text.find(name)
    if at < 0:
        return True  # spelled otherwise in the text: judged as any rare phrase
    return _USED.search(text[max(0, at - 30) : at]) is not None


def commented_code(line: str) -> bool:
    """ "# cnn_model.fit(...)", "# x = compute(y)": code left in a comment, not prose."""
    return _COMMENTED_CODE.match(line) is not None


def _may_hold_todo(text: str) -> bool:
    """Whether ``_TODO`` can match a line of ``text``: each character it matches lowers to
    its letter, so the lowered text holds one of its phrases (most cells hold none, and
    the case-blind pattern costs much more per line than these three look-ups)."""
    lowered = text.lower()
    return "todo" in lowered or "to do" in lowered or "your code here" in lowered


def _answers(line: str) -> bool:
    """A line of code with a TODO marker after it: the answer written in its place."""
    code, hash_, comment = line.partition("#")
    return bool(hash_) and bool(code.strip()) and _TODO.search(comment) is not None


def _code_part(line: str) -> str:
    if "'" in line or '"' in line:  # (most lines hold no string: the regex is skipped)
        line = _STRING.sub(" ", line)
    return line.split("#", 1)[0]


def _names(
    lines: Sequence[str],
) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(variables, keyword names, the functions, classes and parameters it defines, the
    variables of its loops over a count)."""
    counters: set[str] = set()
    assigned: set[str] = set()
    keywords: set[str] = set()
    defined: set[str] = set()
    drawing: set[str] = set()  # the names of functions that draw
    unit: tuple[int, str] | None = None  # the function being read: its indent, its name
    for line in lines:
        code = _code_part(line)
        if unit is not None:
            head = code[: unit[0] + 1]  # indented past the def: the function's body
            if head.isspace():
                if "." in code and _PLOTTING.search(code):
                    drawing.add(unit[1])  # "def draw_model(…): … ax.plot(…)"
            elif head:
                unit = None
        definition = _DEFINITION.match(code) if "def" in code or "class" in code else None
        if definition is not None:
            params = _NAME.findall(_ANNOTATION.sub("", definition["params"] or ""))
            defined.add(definition["name"])
            defined.update(p for p in params if p not in ("self", "cls"))
            unit = (len(code) - len(code.lstrip()), definition["name"])
        if "=" in code:
            target = _ASSIGNED.match(code)
            if target is not None and not _STATEMENT.match(code):
                targets = target.group(1)
                if "[" in targets:
                    targets = _SUBSCRIPT.sub("", targets)
                names = _TARGET.findall(targets)
                assigned.update(n for n in names if n not in ("self", "cls"))
            if not _PLOTTING.search(code):
                keywords.update(_KEYWORD.findall(code))
        if "for " in code:
            for match in _FOR.finditer(code):
                assigned.update(_NAME.findall(match.group(1)))
            counters.update(_COUNTED.findall(code))
    # a function that draws is named for what it shows: "draw" in ``draw_model`` is its
    # action, and only what follows it (``draw_loss_function``: "loss function") a name
    acting = {name for name in drawing if "_" in name and verb_capable(name.split("_")[0])}
    defined = (defined - acting) | {name.split("_", 1)[1] for name in acting}
    return frozenset(assigned), frozenset(keywords), frozenset(defined), frozenset(counters)


def _text(line: str, number: int, text_of: dict[int, str]) -> str:
    """The prose of a line: its comment or docstring text, or what a bare string holds."""
    if number in text_of:
        return text_of[number]
    if "#" in line:
        return line.split("#", 1)[1]
    return line.strip().strip("'\"").strip()


def _after_marker(text: str) -> str:
    """ "TODO: Define a 2-d Tensor" → "Define a 2-d Tensor"; "x = # TODO" → ""."""
    match = _TODO.search(text)
    return text[match.end() :].strip(" :-\u2013\u2014.'\"[]") if match else text


def _todo_text_lines(lines: Sequence[str], first: int, text_of: dict[int, str]) -> list[int]:
    """The TODO's line and the prose lines continuing it: comment lines right below, or the
    rest of a triple-quoted string it opens (``'''TODO: Experiment … \n … rates?'''``),
    and the comment lines right above a commented TODO, which its instruction continues
    ("# Remember to use np.matmul" over "# TODO -- Replace the lines below")."""
    found = [first]
    line = lines[first - 1].lstrip()
    if not line.startswith(("#", "'", '"')) and first not in text_of:
        return found  # "z = torch.matmul(x, W)  # TODO": no prose follows
    if line.startswith("#"):
        found = _comments_above(lines, first) + found
    quote = next((q for q in ("'''", '"""') if line.startswith(q) and line.count(q) == 1), None)
    at = first + 1
    while at <= len(lines):
        text = lines[at - 1]
        if quote is not None:
            found.append(at)
            if quote in text:
                break
        elif (at in text_of or text.lstrip().startswith("#")) and not _TODO.search(text):
            if _COMMENTED_CODE.match(text):
                break  # "# cnn_model.fit(...)": code left for the student, not prose
            found.append(at)
        else:
            break
        at += 1
    return found


def _comments_above(lines: Sequence[str], first: int) -> list[int]:
    above: list[int] = []
    at = first - 1
    while at >= 1:
        text = lines[at - 1].lstrip()
        if not text.startswith("#") or _TODO.search(text) or _COMMENTED_CODE.match(text):
            break
        above.append(at)
        at -= 1
    return above[::-1]


def exercise_facts(
    lines: Sequence[str],
    prose: Sequence[tuple[int, str, bool]],
    role: str,
    solution_blocks: Sequence[tuple[int, int]],
) -> Exercise:
    """The exercise facts of one parsed code cell (``prose``: its comment and docstring
    lines as ``code_comments.prose_lines`` gives them)."""
    assigned, keywords, defined, counters = _names(lines)
    todo = (
        [at for at, line in enumerate(lines, 1) if _TODO.search(line)]
        if role != "test" and _may_hold_todo("\n".join(lines))
        else []
    )
    if not todo:
        return Exercise(False, (), (), (), assigned, keywords, defined, counters)
    text_of = {line: text for line, text, _ in prose}
    said: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    placeholders: set[int] = set()  # spans whose code stands to be replaced
    # "y_hat = model(x)  # TODO" marks an answer, "# loss = f('TODO')" is code left for the
    # student: neither opens an instruction of its own
    asked = [n for n in todo if not _answers(lines[n - 1]) and not commented_code(lines[n - 1])]
    for first in asked or todo:
        for line in _todo_text_lines(lines, first, text_of):
            text = _text(lines[line - 1], line, text_of)
            if line == first:
                text = _after_marker(text)
            said.append((line, _URL.sub(" ", _TODO_WORDS.sub(" ", text))))
        end = first
        while end < len(lines) and lines[end].strip():
            end += 1  # lines[end] is line end + 1: the span runs up to a blank line
        if any(_REPLACE.search(lines[at - 1]) for at in range(first, end + 1) if at in text_of):
            placeholders.add(len(spans))
        spans.append((first, end))
    told = {line for line, _ in said}
    said = _steps_as_verbs(_continued(list(dict.fromkeys(said)), lines))
    refs = [
        (name, line, _USED.search(text[max(0, text.find(name) - 30) : text.find(name)]) is not None)
        for line, text in said
        for name in _DOTTED.findall(text)
    ]
    if not solution_blocks:
        for at, (start, stop) in enumerate(spans):
            if at in placeholders:
                continue  # "# Replace this line" above ``np.zeros_like(x)``: a stand-in
            # "y_hat = model(x)  # TODO": where answers carry the marker, only they answer
            marked = [n for n in range(start + 1, stop + 1) if _answers(lines[n - 1])]
            for line in marked or range(start, stop + 1):
                if line in text_of or line in told:
                    continue  # the TODO's own words, a docstring: prose, not the answer
                if _SETTING.match(lines[line - 1]):
                    continue  # "COMET_API_KEY = os.environ.get(…)": a setting, filled in
                code = _URL.sub(" ", _code_part(lines[line - 1]))
                refs.extend(
                    (name, line, False)
                    for name in _DOTTED.findall(code)
                    if not _STAND_IN.search(name)
                )
    phrases = () if solution_blocks else tuple(
        ProseTerm(found.term, "instruction" if found.kind in PLAIN_PHRASES else found.kind, line,
                  found.level, found.rare and _tool_or_word(found.term.name, text))
        for line, text in said
        for found in todo_phrases([_PURPOSE_OF_NAME.sub(r"\1", text)])
    )  # fmt: skip
    unique_refs = tuple(dict.fromkeys(refs))
    return Exercise(True, tuple(spans), unique_refs, phrases, assigned, keywords, defined, counters)
