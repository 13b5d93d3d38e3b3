"""Where a concept is credited (issue 19, placement): the cell that explains or first says a
term, not the cell before it that previews it nor the code after it that uses it."""

from __future__ import annotations

from concept_cells import code, md, new

from tinyscaffold_server.core.concepts.novelty import new_concepts_per_cell


def test_a_term_after_a_contracted_pronoun_is_introduced_where_the_prose_says_it() -> None:
    told = md("Last of all, we'll try Polyak momentum")
    exercise = code(
        "for step in range(10):\n    # TODO -- apply Polyak momentum here\n    update = 0\n"
    )
    after = md("Polyak momentum helps little on this problem.")
    assert new(told, exercise, after) == [["Polyak momentum"], [], []]
    # every contracted pronoun reads as pronoun and auxiliary
    for said in ("you'll", "they've", "we're", "I'd"):
        assert new(md(f"Here {said} meet Polyak momentum"), exercise, after)[0] == [
            "Polyak momentum"
        ]


def test_a_code_name_without_its_kind_word_names_the_subject_the_prose_said_first() -> None:
    told = md("Next we perform coordinate descent on the same surface.")
    written = code("def coordinate_descent_step(x, rate):\n    return x + rate\n")
    assert new(told, written)[0] == ["coordinate descent"]
    # two words are a subject and its kind: ``coordinate_step`` names no "coordinate"
    short = md("Next we move one coordinate on the same surface.")
    assert new(short, code("def coordinate_step(x, rate):\n    return x + rate\n"))[0] == []
    # without the code, everyday words said once are no term
    assert new(told, code("x = 1\n"))[0] == []


def test_what_a_subtitle_says_its_subject_acts_on_is_explained_in_that_section() -> None:
    overview = md("Normalising every batch also fights covariate drift.")
    section = md(
        "## Batch Norm - Reducing Covariate Drift\n\n"
        "Batch norm rescales each batch to zero mean, so later layers see steady inputs."
    )
    assert new(overview, section) == [[], ["Batch Norm", "Covariate Drift"]]
    # an everyday object is a step of the course, not a term
    step = md("## Implementation: Building Layer Foundation\n\nWe write the class.")
    assert "Layer Foundation" not in new(step)[0]


def test_the_code_name_of_a_concept_with_its_kind_is_the_same_concept() -> None:
    told = md("Next we perform coordinate descent on the same surface.")
    # the step is the exercise's plumbing: the student writes ``fit``
    written = code(
        "def coordinate_descent_step(x, rate):\n    return x + rate\n\n\n"
        "def fit(x):\n    # TODO -- write this function\n    return x\n"
    )
    again = md("We take one coordinate descent step per axis.")
    assert new(told, written, again) == [["coordinate descent"], ["fit"], []]


def test_a_term_said_again_in_another_form_of_its_verb_is_not_new_again() -> None:
    told = md("Our goal is to build a *dequantized* version of this model.")
    quoted = md(
        'Nothing here makes it a "dequantizing" model yet: the dequantized copy comes later.'
    )
    used = md("The dequantizing step runs once per layer.")
    found = new_concepts_per_cell([told, quoted, used])
    assert [[c.name for c in cell] for cell in found] == [["dequantized"], [], []]
    # the first spelling shows the later one as its variant, for "why?"
    assert "dequantizing" in found[0][0].aliases


def test_a_technique_named_with_its_kind_is_the_same_concept_without_it() -> None:
    told = md("The reparameterization trick is a way to make sampling differentiable.")
    again = md("With reparameterization, gradients reach the encoder.")
    assert new(told, again) == [["reparameterization trick"], []]


def test_a_layer_the_code_builds_is_a_term_where_the_prose_describes_it() -> None:
    described = md(
        "The model stacks convolutional layers, each one followed by batch normalization."
    )
    built = code(
        "import torch.nn as nn\n\n"
        "model = nn.Sequential(nn.Conv2d(1, 8, 3), nn.BatchNorm2d(8), nn.Linear(8, 2))\n"
    )
    found = new(described, built)
    assert found[0] == ["convolutional layers", "batch normalization"]
    # the library's classes stay concepts of their own where the code builds them
    assert "torch.nn.Conv2d" in found[1]
    # only what the class's name spells: "linear trend" is no layer
    trend = md("The loss follows a linear trend over the first epochs.")
    assert new(trend, built)[0] == []


def test_a_recap_of_an_earlier_lesson_introduces_what_it_explains_in_this_notebook() -> None:
    recap = md(
        "### Recap: fighting overfitting\n\nRemember that *dropout* zeroes random activations"
        " during training, which keeps units from co-adapting."
    )
    review = md(
        "## Review of the last lab\n\nThe *learning rate*, which is defined as the step size"
        " of each update, matters most."
    )
    later = md("We now add dropout after every hidden layer and lower the learning rate.")
    assert new(recap, later) == [["dropout"], []]
    assert new(review, later) == [["learning rate"], []]
    # a goals list still only previews
    goals = md("## Learning goals\n\n- *dropout*, which zeroes random activations\n")
    assert new(goals, later)[0] == []
