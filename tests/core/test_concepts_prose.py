"""Concepts from what the text says, whatever its typography (issue 19, items 1 and 2):
definitional sentences, links, explained inline code, quotes, plain phrases the course goes
on to use, and what a TODO exercise asks for."""

from __future__ import annotations

import pytest
from concept_cells import code, md, new

from tinyscaffold_server import analyze
from tinyscaffold_server.core.concepts.novelty import new_concepts_per_cell
from tinyscaffold_server.core.concepts.phrases import line_phrases
from tinyscaffold_server.core.concepts.types import DEFINED, MENTIONED


def marks(line: str) -> list[tuple[str, str, int]]:
    return [(f.term.name, f.kind, f.level) for f in line_phrases(line) if f.kind != "phrase"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Our training set is made up of 28x28 grayscale images.", ("training set", "definition")),
        ("Tensors, which are data structures, hold numbers.", ("Tensors", "definition")),
        ("The `shape` of a tensor defines its number of dimensions.", ("shape", "code-term")),
        ("Fit it with the `fit` method.", ("fit", "code-term")),
        ("First use a [`Flatten`](https://x.org/api/Flatten) layer.", ("Flatten", "link")),
        ("It uses [automatic differentiation](https://en.wikipedia.org/wiki/AD).",
         ("automatic differentiation", "link")),
        ("This gap is an example of *overfitting*, when a model memorises.",
         ("overfitting", "definition")),
        ("A trick known as finite differences is cheap.", ("finite differences", "definition")),
        ("The model's \"confidence\" that the image is a 7.", ("confidence", "quoted")),
        ("where $b$ is a bias and $x$ the input", ("bias", "definition")),
    ],
)  # fmt: skip
def test_what_a_sentence_does_with_a_phrase(line: str, expected: tuple[str, str]) -> None:
    assert (*expected, DEFINED) in marks(line)


def test_a_gloss_names_the_same_concept_twice() -> None:
    found = [
        f for f in line_phrases("The first layer has 128 nodes (or neurons).") if f.kind != "phrase"
    ]
    assert [(f.term.name, f.term.aliases) for f in found] == [("nodes", ("neurons",))]


def test_a_preview_mentions_and_a_pointer_back_defines_nothing() -> None:
    assert marks("In this lab, we will build a network, which is a stack of layers.") == []
    assert marks("We minimise this function, which will steer the model.") == []
    assert marks("It is high-level and intuitive, which is really useful.") == []
    preview = md(
        "In the first part of this lab, we will train a convolutional neural network (CNN)."
    )
    assert all(c.level < DEFINED for c in preview.candidates)


def test_verbs_and_the_notebooks_own_variables_are_not_phrases() -> None:
    names = {
        f.term.name
        for f in line_phrases("A tensor holds numbers; we use the `train_images` array.")
    }
    assert "tensor holds numbers" not in names and "holds numbers" not in names
    assert "train_images" not in names  # inline code nobody explains


def test_a_plain_phrase_counts_where_the_course_goes_on_to_use_it() -> None:
    first = md("We stack two convolutional layers and a few dense ones.")
    again = md("Each of the convolutional layers slides a filter.")
    unused = md("We stack two convolutional layers here.")
    assert new(first, again) == [["convolutional layers"], []]
    assert new(unused) == [[]]  # mentioned once, in passing
    # everyday words need more than one later use, or the API's own vocabulary
    common = [md("Pick a learning rate."), md("A learning rate too large diverges.")]
    assert new(*common) == [[], []]
    api = code("opt = SGD(learning_rate=0.1)\n")
    assert new(*common, api) == [["learning rate"], [], []]


def test_a_longer_phrase_ending_in_a_known_concept_is_a_variant() -> None:
    cells = [
        md("Two pooling layers shrink the image."),
        md("The pooling layers keep the largest value; a max pooling layer keeps the maximum."),
    ]
    assert new(*cells) == [["pooling layers"], []]


def test_a_heading_alone_in_its_cell_hands_its_subject_to_the_section_below() -> None:
    heading = md("## 1.3 Convolutional Neural Network (CNN) for digits")
    body = md("Convolutional neural networks (CNNs) are well suited to images.")
    found = new_concepts_per_cell([heading, body])
    assert [c.name for c in found[0]] == []
    assert [c.name for c in found[1]] == ["Convolutional Neural Network"]
    assert found[1][0].line is None  # its words are the heading's, in the cell above


def test_a_course_structure_heading_is_a_title() -> None:
    assert [
        c.name for c in md("# Laboratory 2: Computer Vision\n\n# Part 1: Digits").candidates
    ] == []


# --- exercises outside nbgrader ------------------------------------------------------------

IMPORTS = "import numpy as np\nimport tensorflow as tf\n"

EXERCISE = """def compute_loss(x, y, phi):
    # TODO -- Write this function
    # TODO -- compute the squared difference between the predictions and y
    return 0


def draw_model(x, y):
    plot(x, y)
"""


def test_a_todo_asks_for_the_unit_around_it_the_rest_is_plumbing() -> None:
    cell = code(EXERCISE)
    assert cell.exercise and cell.solution
    assert [c.name for c in cell.units] == ["compute_loss"]
    assert cell.helpers == ("draw_model",)  # the course layer leaves helper names alone
    assert new(code(IMPORTS), cell)[1] == ["compute_loss"]


def test_the_library_names_a_todo_teaches() -> None:
    told = code(
        "def func(a, b):\n    '''TODO: Define c (use tf.add, tf.subtract).'''\n    return a\n"
    )
    assert new(code(IMPORTS), told)[1] == ["func", "tensorflow.add", "tensorflow.subtract"]
    answered = code(
        "model = tf.keras.Sequential([\n"
        "    # TODO: Define the activation function of the Dense layer\n"
        "    tf.keras.layers.Dense(128, activation=tf.nn.relu),\n"
        "\n"
        "    tf.keras.layers.Dense(10, activation=tf.nn.softmax),\n"
        "])\n"
    )
    found = new(code(IMPORTS), answered)[1]
    assert "tensorflow.keras.layers.Dense" in found and "tensorflow.nn.relu" in found
    assert "tensorflow.nn.softmax" not in found  # after the blank line: given code
    assert "activation function" in found  # the TODO's own words


def test_commented_out_code_is_not_the_todos_prose() -> None:
    cell = code("# TODO: fit the model\nmodel = 1\n# model.fit('''TODO''')\n# comet_run.end()\n")
    assert all(not name.startswith("comet_run") for name, _, _ in cell.refs)


def test_a_name_the_prose_introduced_is_not_new_as_a_call() -> None:
    prose = md("Train it with the [`fit`](https://x.org/api/Model#fit) method.")
    exercise = code("# TODO: use model.fit\nmodel.fit(x)\n")
    cells = [code("model = make()\n"), prose, exercise]
    assert new(*cells) == [[], ["fit"], []]


def test_report_kinds_say_what_produced_each_concept(validate_report: object) -> None:
    notebook = {
        "cells": [
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": "Use [`fit`](https://x.org/a#fit) to train.",
            },
            {"cell_type": "markdown", "metadata": {}, "source": "Call `fit` again with `epochs`."},
        ],
        "metadata": {},
    }
    report = analyze(notebook)
    validate_report(report)  # type: ignore[operator]
    concept = report["cells"][0]["concepts"][0]
    assert (concept["name"], concept["kind"], concept["line"]) == ("fit", "link", 1)


def test_plain_phrases_are_mentions_until_the_walk_decides() -> None:
    cell = md("We stack two convolutional layers.")
    assert [(c.name, c.kind, c.level) for c in cell.candidates] == [
        ("convolutional layers", "phrase", MENTIONED)
    ]


@pytest.mark.parametrize(
    ("heading", "subject"),
    [
        ("### Make predictions with the CNN model", None),
        ("### Train the model", None),
        ("## Batch Normalization", "Batch Normalization"),
    ],
)
def test_a_task_heading_has_no_subject(heading: str, subject: str | None) -> None:
    cell = md(f"{heading}\n\nBatch normalization rescales; the model predicts.")
    headings = [c.name for c in cell.candidates if c.kind == "heading"]
    assert headings == ([subject] if subject else [])


def test_a_step_heading_names_the_activity_its_section_discusses() -> None:
    def lesson(heading: str) -> list[list[str]]:
        return new(
            md("## Data\n\nThe pictures and their tags are loaded below."),
            md(
                f"{heading}\n\nWe're now ready to train our network on the pictures. We'll"
                " also need to choose how long to keep training."
            ),
            code("net.fit(images, tags, epochs=3)\n"),
        )

    # "Train the model" heads a section about training, as "### Training" would
    assert lesson("### Train the model")[1] == ["training"]
    assert lesson("### Training")[1] == ["Training"]
    # a step whose activity the section never names again is only a task
    assert lesson("### Define the model")[1] == []
    assert lesson("### Fit the network")[1] == []


def test_a_new_variable_is_seen_by_the_next_warm_walk() -> None:
    from tinyscaffold_server.core.concepts.novelty import update

    prose = md("Wrap it in the `Trainer` class.")
    before = update(None, [prose, code("x = 1\n")])
    assert [c.name for c in before.new[0]] == ["Trainer"]
    after = update(before, [prose, code("Trainer = make()\n")])  # now one of its variables
    assert [list(cell) for cell in after.new] == [[], []]
    again = update(after, [prose, code("y = 2\n")])  # a name nobody asked about
    assert [c.name for c in again.new[0]] == ["Trainer"]


def test_a_todo_exercise_with_role_solution_still_leaves_its_plumbing_out() -> None:
    cell = code(EXERCISE, role="solution")  # nbgrader metadata, or another marker convention
    assert [c.name for c in cell.units] == ["compute_loss"]
    assert cell.helpers == ("draw_model",)


def test_a_question_to_the_reader_introduces_nothing_it_names() -> None:
    asked = md(
        "## Think about it\n\n"
        '- Why would a framework offer "activation recomputation"?\n'
        "- What does the [sparse attention](https://example.org/sparse) pattern save? "
        "Write down your guess."
    )
    told = md(
        "Activation recomputation is a way to keep a few outputs and compute the rest again."
        " A [sparse attention](https://example.org/sparse) pattern lets each token see a few."
    )
    found = new(asked, told)
    assert found[0] == []
    assert found[1] == ["Activation recomputation", "sparse attention"]


def test_only_the_notebook_opening_previews_a_later_h1_opens_a_section_that_teaches() -> None:
    notice = md("# Copyright Information\n\nCopyright 2024 Some University. Licensed under MIT.")
    opening = md(
        "# Sequence Models\n\nIn this lab you train a recurrent network on character"
        " sequences and meet gated memory cells."
    )
    section = md(
        "# 4.2 Gated units\n\nPlain recurrent networks forget quickly, so we add gated"
        " memory cells that keep a running summary of the sequence."
    )
    later = md("The gated memory cells learn what to keep.")
    taught = ["Gated units", "recurrent networks", "gated memory cells"]
    assert new(opening, section, later) == [[], taught, []]
    # a legal notice above the title does not take its place as the opening
    assert new(notice, opening, section, later) == [[], [], taught, []]
    # the opening still only previews: the term counts where the next cell says it
    assert new(opening, later) == [[], ["gated memory cells"]]
