"""The concept-order rule on its own (course/concept_order.py): which concepts count, what
a module relies on, and what is only a mention, a preview or a helper name of its own."""

from __future__ import annotations

from typing import Any

from tinyscaffold_server.course.concept_order import OrderCheck, relied_on, taught
from tinyscaffold_server.course.concepts import with_order_findings

Json = dict[str, Any]


def md(source: str) -> Json:
    return {"cell_type": "markdown", "source": source, "metadata": {}}


def code(source: str, metadata: Json | None = None) -> Json:
    return {"cell_type": "code", "source": source, "metadata": metadata or {}}


def concept(name: str, kind: str = "definition", level: str = "defined", *aliases: str) -> Json:
    key = name.lower().replace("_", " ")
    return {"name": name, "key": key, "kind": kind, "level": level, "line": 1, "aliases": aliases}


def report(cells: list[Json], concepts: dict[int, list[Json]] | None = None) -> Json:
    """A report as the rule reads it: per cell, its new concepts and whether it is ignored."""
    concepts = concepts or {}
    return {
        "cells": [
            {"concepts": concepts.get(i, []), "ignored": False, "findings": []}
            for i in range(len(cells))
        ]
    }


def order_findings(
    notebooks: list[Json], paths: list[str], reports: list[Json]
) -> list[dict[int, list[Json]]]:
    """Per module, its concept-order findings by cell, as a course analysis makes them."""
    later = [(path, tuple(taught(report))) for path, report in zip(paths, reports, strict=True)]
    found: list[dict[int, list[Json]]] = []
    relied: frozenset[str] = frozenset()
    for at, (notebook, report) in enumerate(zip(notebooks, reports, strict=True)):
        check = OrderCheck(later[at + 1 :], max_chars=0)
        done, prose = with_order_findings(report, notebook, check, frozenset(), relied)
        relied |= prose
        found.append(
            {i: list(cell["findings"]) for i, cell in enumerate(done["cells"]) if cell["findings"]}
        )
    return found


def messages(*modules: tuple[list[Json], dict[int, list[Json]]]) -> list[tuple[int, int, str]]:
    """(module, cell, message) of every finding, modules in the order given."""
    notebooks = [{"cells": cells} for cells, _ in modules]
    reports = [report(cells, concepts) for cells, concepts in modules]
    found = order_findings(notebooks, [f"m{i + 1}" for i in range(len(modules))], reports)
    return [
        (at, cell, finding["message"])
        for at, by_cell in enumerate(found)
        for cell, findings in sorted(by_cell.items())
        for finding in findings
    ]


def test_code_that_imports_or_uses_a_later_class_relies_on_it() -> None:
    early = [md("## Autograd"), code("from course.tensor import Tensor\nx = Tensor([1])")]
    later = [md("## Tensor"), code("class Tensor:\n    pass")]
    assert messages((early, {}), (later, {1: [concept("Tensor", "class")]})) == [
        (0, 1, "imports “Tensor” before module m2 introduces it"),
    ]
    free = [code("y = softmax(scores)")]
    assert messages(
        (free, {}), ([code("def softmax(x): ...")], {0: [concept("softmax", "function")]})
    ) == [
        (0, 0, "uses “softmax” in its code without defining it before module m2 introduces it"),
    ]


def test_helper_names_a_module_defines_for_itself_are_not_relied_on() -> None:
    early = [
        md("We train the network. The network has two layers."),
        md("A network is just a function here."),
        code("network = [0.5, -0.2]\ng = 9.81\n\ndef train_model(data):\n    return data"),
        code("for loss_function in (abs,):\n    train_model(network)"),
    ]
    helpers = [concept(n, "function") for n in ("network", "g", "train_model", "loss_function")]
    assert messages((early, {}), ([code("def network(x): ...")], {0: helpers})) == []


def test_builtins_and_names_bound_anywhere_in_the_module_are_not_given() -> None:
    early = [
        code("kept = list(filter(None, values))"),
        code("print(step(1))"),
        code("def step(x):\n    return x"),
        code("try:\n    from autograd import Variable\nexcept ImportError:\n    Variable = 0"),
    ]
    taught_later = [concept(n, "class") for n in ("filter", "step", "Variable")]
    assert messages((early, {}), ([code("pass")], {0: taught_later})) == []


def test_prose_relies_on_a_term_only_in_three_cells_of_sentences_that_do_not_look_ahead() -> None:
    broadcasting = {0: [concept("Broadcasting", "heading", "section")]}
    later = [md("## Broadcasting\n\nBroadcasting stretches shapes.")]
    mentions = [
        md("## Tensors\n\nA tensor holds data.\n\n### Why it matters\nBroadcasting, later."),
        md("In module 2 we meet broadcasting. Next we will use broadcasting everywhere."),
        md("Shapes decide broadcasting."),  # passing uses
        code("# broadcasting is coming up\nx = 1  # no broadcasting here"),
    ]
    assert messages((mentions, {}), (later, broadcasting)) == []
    relies = [*mentions, md("Adding a scalar uses broadcasting: the scalar is stretched.")]
    assert messages((relies, {}), (later, broadcasting)) == [
        (0, 2, "relies on “Broadcasting” in 3 cells before module m2 explains it"),
    ]


def test_a_term_the_later_module_only_emphasises_or_implements_needs_code_to_count() -> None:
    early = [md("Copies cost memory."), md("Memory is the limit here.")]
    assert messages((early, {}), ([md("x")], {0: [concept("memory", "term", "mentioned")]})) == []
    # a class of the same name: only the earlier code, not its prose, could rely on it
    assert messages((early, {}), ([md("x")], {0: [concept("Memory", "class")]})) == []


def test_prose_reliance_needs_a_stated_phrase_a_stated_rare_word_or_a_word_s_section() -> None:
    early = [
        md("The forward pass computes outputs."),
        md("Each layer runs its forward pass."),
        md("Check the forward pass and the memory it needs."),
        md("Memory grows with depth; memory is the limit."),
    ]
    # an overview's bullet ("1. **Forward Pass**: input flows through the model") recaps
    recap = {0: [concept("Forward Pass", "term"), concept("Memory", "heading", "section")]}
    assert messages((early, {}), ([md("x")], recap)) == []
    # one word needs a section about it: "component" defined in passing is said loosely
    parts = [md("Each component is small."), md("Test the component."), md("A component.")]
    assert messages((parts, {}), ([md("x")], {0: [concept("component")]})) == []
    # ...while a word rare in general English, defined there, is a term
    tensors = [md("A tensor holds data."), md("Add two tensors."), md("Each tensor has a shape.")]
    assert messages((tensors, {}), ([md("x")], {0: [concept("tensor")]})) == [
        (0, 0, "relies on “tensor” in 3 cells before module m2 explains it"),
    ]
    # a section about it teaches it; "memory" is an everyday word, whose use shows nothing
    taught_there = {0: [concept("Forward pass", "heading", "section")]}
    assert messages((early, {}), ([md("x")], taught_there)) == [
        (0, 0, "relies on “Forward pass” in 3 cells before module m2 explains it"),
    ]


def test_an_import_of_a_name_the_later_module_only_mentions_is_not_reliance() -> None:
    early = [code("from typing import Tuple\n\nShape = Tuple[int, ...]")]
    assert messages((early, {}), ([md("x")], {0: [concept("Tuple", "phrase", "mentioned")]})) == []
    assert messages((early, {}), ([md("x")], {0: [concept("Tuple", "class")]})) == [
        (0, 0, "imports “Tuple” before module m2 introduces it"),
    ]


def test_the_finding_points_at_the_line_that_relies_on_the_term() -> None:
    early = [
        md("Later: gradients.\nEach weight has a gradient.\nThe gradient is a slope."),
        md("Subtract the gradient."),
        md("A small gradient means a flat loss."),
    ]
    found = order_findings(
        [{"cells": early}],
        ["m1"],
        [report(early)],
    )
    assert found == [{}]  # no later module: nothing to find
    notebooks = [{"cells": early}, {"cells": [md("x")]}]
    reports = [report(early), report([md("x")], {0: [concept("gradient", "heading", "section")]})]
    [finding] = order_findings(notebooks, ["m1", "m2"], reports)[0][0]
    assert finding["lines"] == [2, 2]
    assert finding["suggestion"].startswith("explain “gradient” in this module")
    # and where the later module explains it, to read before choosing
    assert finding["suggestion"].endswith("in the course order (explained there in cell 1, line 1)")
    later = [md("x"), md("## Gradient\n\nThe gradient of a loss is its slope.")]
    reports[1] = report(later, {1: [concept("gradient", "heading", "section")]})
    notebooks[1] = {"cells": later}
    [finding] = order_findings(notebooks, ["m1", "m2"], reports)[0][0]
    assert finding["suggestion"].endswith("(explained there in cell 2, line 1)")


def test_ignored_and_silenced_cells_do_not_rely() -> None:
    silenced = {"tinyscaffold": {"ignore_rules": ["concept-order"]}}
    early = [code("y = softmax(x)", silenced), md("softmax here"), md("softmax there")]
    rep = report(early)
    rep["cells"][2]["ignored"] = True
    [softmax] = taught(report([md("x")], {0: [concept("softmax")]}))
    module = OrderCheck([("m2", (softmax,))]).reliance({"cells": early}, rep)
    assert relied_on(softmax, module) is None


def test_prose_reliance_is_one_finding_on_the_first_module_naming_the_others() -> None:
    relies = [md("The gradient is a slope."), md("Follow the gradient."), md("gradient steps")]
    gradient = {0: [concept("gradient", "heading", "section")]}
    found = messages((relies, {}), (relies, {}), ([code("import os")], {}), ([md("x")], gradient))
    assert found == [(0, 0, "relies on “gradient” in 3 cells before module m4 explains it")]
    # code that needs a later class breaks every module that has it: one finding each
    uses = [code("x = Tensor([1])")]
    tensor = {0: [concept("Tensor", "class")]}
    assert [m[0] for m in messages((uses, {}), (uses, {}), ([md("x")], tensor))] == [0, 1]


def test_code_names_and_phrases_the_later_module_only_uses_need_more_than_prose() -> None:
    early = [md("Build a model."), md("The model learns."), md("Save the model and its nodes.")]
    later = {
        0: [
            concept("Model", "code-term"),  # inline `Model` the prose explains: a code name
            concept("tf.GradientTape.gradient", "link", "defined", "gradient"),  # an API name
            concept("nodes", "phrase"),  # a plain phrase the lesson goes on to use
        ]
    }
    assert messages((early, {}), ([md("x")], later)) == []
    # ...while code that uses the name without defining it does rely on it
    uses = [*early, code("m = Model()")]
    assert messages((uses, {}), ([md("x")], later)) == [
        (0, 3, "uses “Model” in its code without defining it before module m2 introduces it"),
    ]
