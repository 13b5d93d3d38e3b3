"""Where a concept is credited (issue 19, placement): the cell that explains or first says a
term, not the cell before it that previews it nor the code after it that uses it."""

from __future__ import annotations

from concept_cells import code, md, new

from tinyscaffold_server.core.concepts.novelty import new_concepts_per_cell
from tinyscaffold_server.core.concepts.types import CellConcepts


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


def _windows_step() -> list[CellConcepts]:
    """What the author does next, right above the code that does it: "target windows" is
    a term there, whatever other cells say."""
    return [
        md("Now let's compute the target windows."),
        code("windows = [series[i:i + 5] for i in range(10)]\n"),
    ]


def test_a_phrase_a_later_cell_shows_to_be_a_term_is_introduced_where_it_was_first_said() -> None:
    said = md("Each target window that we feed to the network holds fifty samples.")
    found = new_concepts_per_cell([said, *_windows_step()])
    # everyday words said once are no term where they stand, but the step that acts on them
    # shows they are one: the student met the idea in the prose first
    assert [[c.name for c in cell] for cell in found] == [["target window"], [], []]
    assert found[0][0].kind == "phrase" and "target windows" in found[0][0].aliases
    # a sentence about what is to come previews it: the step's cell keeps it
    ahead = md("This will matter soon, when we cut a target window from the series.")
    assert new(ahead, *_windows_step()) == [[], ["target windows"], []]
    # without the step nothing shows the phrase to be a term
    assert new(said, md("Plots help."), code("windows = []\n")) == [[], [], []]


def test_a_term_said_first_inside_a_longer_phrase_is_introduced_there() -> None:
    # the chunker reads one longer phrase here; the step below shows its last words are a term
    said = md("The model reads the series in overlapping target window slices.")
    found = new_concepts_per_cell([said, *_windows_step()])
    assert [[c.name for c in cell] for cell in found] == [["target windows"], [], []]
    assert found[0][0].line == 1  # "why?": the line of the cell that says it
    # a longer phrase said only later is no first saying of its part
    later = md("Overlapping target window slices cost memory.")
    assert new(md("Plots help."), *_windows_step(), later)[1] == ["target windows"]


def test_a_term_said_in_words_no_phrase_was_cut_from_is_introduced_there() -> None:
    # "these series and their …" points back: the chunker cuts no phrase, the words are said
    said = md("Let's plot a few of these series and their matching target windows.")
    found = new_concepts_per_cell([said, *_windows_step()])
    assert [[c.name for c in cell] for cell in found] == [["target windows"], [], []]
    assert found[0][0].line == 1  # "why?": the line that says it
    # a question, a look-ahead and an emphasised label say nothing first
    for unsaid in (
        "Why would we need target windows at all?",
        "This will matter soon, when we cut target windows from the series.",
        "**Target windows, overlapping**",
    ):
        assert new(md(unsaid), *_windows_step()) == [[], ["target windows"], []]
    # a solution's docstring is teaching prose too: its hint is where the student meets it
    hinted = code(
        "def fit(x):\n"
        "    '''Fit the line.\n\n"
        "    HINT: slide target windows over x first\n"
        "    '''\n"
        "    # TODO -- write this function\n"
        "    return x\n"
    )
    assert new(hinted, *_windows_step()) == [["fit", "target windows"], [], []]


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
