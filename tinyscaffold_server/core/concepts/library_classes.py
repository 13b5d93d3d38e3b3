"""The library classes a lesson's code puts to work (issue 19, concepts said in code).

A notebook that teaches with a library shows its ideas as the classes it builds: a
training cell constructs ``nn.CrossEntropyLoss()``, ``torch.optim.SGD(…)``, a ``StepLR``
and a ``DataLoader``; a model derives from ``torch.nn.Module`` and holds ``nn.Linear``
layers.  Each such class, the first time the notebook builds it, is a concept named by the
library (``torch.nn.CrossEntropyLoss``, which answers to "cross entropy loss" too).  Only a
name resolved through the notebook's imports counts, and only a class (a capitalised last
part, Python's convention): a function call (``np.zeros``, ``plt.plot``, ``print``) is the
code's plumbing unless the lesson names it (:func:`.candidates.merged_concepts`).

Also the library names a TODO teaches (:func:`taught_refs`) and whether the notebook's given
code called a name before (:class:`CalledBefore`): a tool in the student's hands is no
TODO's lesson.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping, Sequence

from ..ast_facts import AstFacts
from ..lazy_re import compile_lazily
from .keys import normalise_key, padded
from .types import CellConcepts, Concept, make_concept

__all__ = [
    "CalledBefore",
    "built_classes",
    "call_concept",
    "imported_name",
    "object_steps",
    "taught_classes",
    "taught_refs",
    "taught_steps",
]

_BASES = compile_lazily(r"^[ \t]*class[ \t]+\w+[ \t]*\(([^)]*)\)", re.MULTILINE)
# Python's conventional names for a package's helpers module.
_HELPER_MODULES = frozenset({"util", "utils", "helpers", "helper"})
# Packages that show results (plots, notebook output, progress bars): a colormap or an
# embedded video is how a lesson displays, not an idea it teaches.
_DISPLAY_PACKAGES = frozenset(
    {"IPython", "matplotlib", "seaborn", "plotly", "bokeh", "altair", "ipywidgets", "tqdm"}
)
_DOTTED = compile_lazily(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
# "mitdeeplearning.lab2", "course.week3": a module named after a piece of the course holds
# the course's own helpers for it (a data loader, a plotter), not a library's ideas.
_COURSE_PIECE = compile_lazily(
    r"(?:lab|part|chapter|ch|week|lesson|lecture|unit|module|notebook|session|homework|hw|"
    r"assignment|tutorial|exercise)_?\d+[a-z]?",
    re.IGNORECASE,
)


def _class_like(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last[:1].isupper()


def _domain_class(resolved: str) -> bool:
    """A library keeps the ideas it implements in named submodules (``torch.nn.Linear``,
    ``torch.optim.SGD``, ``tf.keras.layers.Dense``); a class at a package's top level is
    its entry point or client (``comet_ml.Experiment``, ``psutil.Process``), and one in a
    helpers module (``mitdeeplearning.util.PeriodicPlotter``) is the course's plumbing, as
    is one of a package that displays (``matplotlib.colors.ListedColormap``,
    ``IPython.display.YouTubeVideo``); a relative import (``.models.Net``) and a module named
    after a piece of the course (``mitdeeplearning.lab2.TrainingDatasetLoader``) are the
    course's own code."""
    modules = resolved.split(".")[:-1]
    return (
        len(modules) >= 2
        and modules[0] not in ("", *_DISPLAY_PACKAGES)
        and modules[-1] not in _HELPER_MODULES
        and not any(_COURSE_PIECE.fullmatch(module) for module in modules[1:])
    )


def built_classes(facts: AstFacts, source: str) -> tuple[tuple[str, int], ...]:
    """(raw name, line) of each class the cell constructs or derives from, first use only."""
    found = {name: line for name, line in facts.calls if _class_like(name)}
    if "class" in source:
        for match in _BASES.finditer(source):
            line = source.count("\n", 0, match.start()) + 1
            for base in _DOTTED.findall(match.group(1)):
                if _class_like(base):
                    found.setdefault(base, line)
    return tuple(sorted(found.items(), key=lambda item: item[1]))


_BOUND = compile_lazily(r"^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*([A-Za-z_][\w.]*)\(", re.MULTILINE)


def object_steps(
    facts: AstFacts, source: str, built: Sequence[tuple[str, int]]
) -> tuple[tuple[str, str, int], ...]:
    """(class, ``variable.method``, line) of each method the cell's functions call on an
    object the cell builds: ``optimizer.zero_grad()`` and ``optimizer.step()`` inside the
    ``train_step`` a cell defines, after ``optimizer = optim.Adam(…)``.  A training step
    written as a function is the algorithm the lesson shows, its calls its steps; a call at
    the top level (``cnn_model.predict(x)``) uses the object, as any script does."""
    if not facts.blocks or not built:
        return ()
    classes = {name for name, _ in built}
    bound = {var: cls for var, cls in _BOUND.findall(source) if cls in classes}
    if not bound:
        return ()
    steps = []
    for raw, line in facts.calls:
        var, dot, method = raw.partition(".")
        if (
            dot
            and var in bound
            and "." not in method
            and not method.startswith("_")
            and any(block.line < line <= block.end for block in facts.blocks)
        ):
            steps.append((bound[var], raw, line))
    return tuple(steps)


def taught_steps(
    steps: Sequence[tuple[str, str, int]], aliases: Mapping[str, str]
) -> list[Concept]:
    """The steps among ``steps`` whose object is a library class (as :func:`taught_classes`
    judges it), named by the class's method: ``torch.optim.Adam.zero_grad``, answering to
    "optimizer.zero_grad" and "zero_grad"."""
    taught = []
    for cls, raw, line in steps:
        resolved = imported_name(cls, aliases)
        if resolved is not None and _domain_class(resolved):
            method = raw.rsplit(".", 1)[-1]
            taught.append(call_concept(f"{resolved}.{method}", raw, line))
    return taught


def imported_name(raw: str, aliases: Mapping[str, str]) -> str | None:
    """``raw`` with its first part resolved through the notebook's imports ("np.maximum" →
    numpy.maximum, "StepLR" → torch.optim.lr_scheduler.StepLR); None when not imported."""
    root, _, rest = raw.partition(".")
    module = aliases.get(root)
    if module is None:
        return None
    return f"{module}.{rest}" if rest else module


def taught_classes(built: Sequence[tuple[str, int]], aliases: Mapping[str, str]) -> list[Concept]:
    """The library classes among ``built``, resolved through the notebook's imports."""
    taught = []
    for raw, line in built:
        resolved = imported_name(raw, aliases)
        if resolved is None or not _domain_class(resolved):
            continue
        if "." in raw:
            taught.append(call_concept(resolved, raw, line))
        else:
            # ``from torch.optim.lr_scheduler import StepLR``: the bare name is looked up,
            # as any call's last part, but is no spelling of its own that later modules of
            # the course take as known (a course's own ``Tensor``, derived from by an
            # earlier module, is still introduced by the module that implements it)
            last = normalise_key(raw)
            taught.append(make_concept(resolved, "call", line, (), forms=[last]))
    return taught


def call_concept(resolved: str, raw: str, line: int) -> Concept:
    """A library name the lesson teaches.  Its last part ("fit", "Adam") is looked up as a
    spelling (the prose may have introduced the name so: "the `fit` method") but is not
    registered as one (``novelty``: ``torch.sigmoid`` is not ``nn.Sigmoid``)."""
    last = normalise_key(raw.rsplit(".", 1)[-1])
    return make_concept(resolved, "call", line, (raw,), forms=[normalise_key(raw), last])


class CalledBefore:
    """Does a code cell before a given one spell a dotted name ("np array" for
    ``np.array``)?  Every answer is recorded with its phrase, for the reuse's re-check."""

    def __init__(self, cells: Sequence[CellConcepts]) -> None:
        self._cells = cells
        self.decisions: list[tuple[int, str, bool]] = []

    @staticmethod
    def spelled(phrase: str, cells: Sequence[CellConcepts], at: int) -> bool:
        return any(not cell.markdown and phrase in cell.text for cell in cells[:at])

    def at(self, index: int) -> Callable[[str], bool]:
        def called_before(raw: str) -> bool:
            phrase = padded(raw)
            found = self.spelled(phrase, self._cells, index)
            self.decisions.append((index, phrase, found))
            return found

        return called_before


def taught_refs(
    cell: CellConcepts,
    aliases: Mapping[str, str],
    variables: Container[str],
    called_before: Callable[[str], bool],
) -> list[Concept]:
    """The library names a TODO teaches: through an import alias ("tf.nn.relu" →
    tensorflow.nn.relu), or named by the TODO's text on one of the notebook's variables.
    Each also answers to its last part ("fit", "sparse_categorical_crossentropy"), so a
    name the prose already introduced is not new again."""
    taught = []
    called = dict(cell.calls)
    for raw, line, named in cell.refs:
        if called.get(raw, line) < line or called_before(raw):
            continue  # given code called it already: a tool in the student's hands
        root = raw.partition(".")[0]
        last = raw.rsplit(".", 1)[-1]
        if len(root) < 2 or len(last) < 2:
            continue  # "e.g", "x.T"
        resolved = imported_name(raw, aliases)  # refs are dotted: "tf.nn.relu"
        if resolved is None:
            if not (named and root in variables and not last.startswith("_")):
                continue
            resolved = raw  # "Use cnn_model.trainable_variables to access …"
        taught.append(call_concept(resolved, raw, line))
    return taught
