"""How far a concept's name reaches (issue 19, granularity): the name a reader expects, not
a head noun without its modifier, nor a known name counted again with a kind word after it."""

from __future__ import annotations

from concept_cells import code, md, new

from tinyscaffold_server.core.concepts.novelty import new_concepts_per_cell


def test_a_section_about_a_known_name_with_its_kind_introduces_nothing_new() -> None:
    told = md("A gated recurrent unit (GRU) keeps a memory of the sequence it reads.")
    section = md(
        "### GRU architecture\n\nThe GRU architecture has two gates that mix a new input in."
    )
    found = new_concepts_per_cell([told, section])
    assert [[c.name for c in cell] for cell in found][1] == []
    # the heading's spelling stays visible, as a variant of the concept it names again
    assert "GRU architecture" in found[0][0].aliases


def test_a_part_named_with_its_kind_of_model_is_the_same_part_said_alone() -> None:
    told = md("A decoder network is a network that turns a short code back into an image.")
    again = md("Later the decoder is trained on its own, with the rest frozen.")
    found = new_concepts_per_cell([told, again])
    assert [[c.name for c in cell] for cell in found] == [["decoder network"], []]
    assert "decoder" in found[0][0].aliases


def test_a_known_idea_named_as_a_problem_is_the_same_idea() -> None:
    told = md("Oscillations are the back-and-forth steps SGD takes across a narrow valley.")
    section = md(
        "### The Oscillation Problem\n\nThe oscillation problem slows training: each step "
        "undoes part of the last one."
    )
    assert new(told, section) == [["Oscillations"], []]
    # and said first as a problem, the idea said alone later is no second concept
    named = md("The exploding gradient problem is a failure of deep recurrent networks.")
    later = md("Clipping keeps *exploding gradients* in check; exploding gradients still hurt.")
    found = new_concepts_per_cell([named, later])
    assert [[c.name for c in cell] for cell in found] == [["exploding gradient problem"], []]


def test_a_heading_that_contrasts_two_subjects_under_a_section_kind_names_neither_alone() -> None:
    section = md(
        "### Training vs Evaluation Behavior\n\nTraining draws a fresh random mask at every "
        "step; evaluation keeps every unit on."
    )
    assert "Training" not in new(section)[0]


def test_a_term_given_its_symbol_in_inline_code_is_defined_without_the_symbol() -> None:
    told = md("The projection matrix `P` maps every token to a shorter vector.")
    both = md("We divide by the softmax temperature `τ` and add the offset vector `c_0`.")
    assert new(told, both) == [["projection matrix"], ["softmax temperature", "offset vector"]]
    # a variable's name is no notation: the phrase before it is not defined by it
    named = md("We feed the pixel grids `train_x` to the model.")
    assert new_concepts_per_cell([named]) == [[]]


def test_a_variable_named_with_its_kind_is_the_same_concept_said_alone_later() -> None:
    told = md("The mask variable $m$ is 1 where a token is padding and 0 elsewhere.")
    again = md("The **mask** is what keeps padding out of the attention weights.")
    found = new_concepts_per_cell([told, again])
    assert [[c.name for c in cell] for cell in found] == [["mask variable"], []]
    assert "mask" in found[0][0].aliases


def test_a_parenthesis_that_restates_a_phrase_gives_it_its_other_name() -> None:
    told = md("The distinct tokens (i.e., our lexicon) are numbered from zero.")
    found = new_concepts_per_cell([told])
    assert [c.name for c in found[0]] == ["distinct tokens"]
    assert "lexicon" in found[0][0].aliases
    # an example is no other name, nor a parenthesis that goes on into a clause or a list
    example = md("Rare words (e.g., our hapaxes) are dropped.")
    listed = md("Odd tokens (i.e., emojis, hashtags, etc.) are dropped.")
    assert new_concepts_per_cell([example, listed]) == [[], []]


def test_a_problem_named_after_an_everyday_word_is_no_use_of_that_word() -> None:
    diagram = md(
        "# Hinge Loss - Margins for Multi-Class Classification\n\nHinge loss scores each "
        "class.\n\n```\nHinge Loss for 4-Class Problem:\n    scores -> margins\n```"
    )
    said = md("Each class gets its own score, and the class with the top score wins.")
    probs = code("class_probs = softmax(scores)\n")
    assert new(diagram, said, probs) == [[], [], []]


def test_a_noun_said_twice_around_by_is_how_the_action_goes_not_the_phrases_head() -> None:
    acted = md("Let's apply the gradient clipping layer by layer and compare the norms.")
    run = code("norms = clip_each(model, limit=1.0)\n")
    assert new(acted, run)[0] == ["gradient clipping"]
    # a phrase headed by the same noun without the idiom keeps it
    plain = md("Let's apply the gradient clipping layer and compare the norms.")
    assert new(plain, run)[0] == ["gradient clipping layer"]


def test_a_class_named_by_an_everyday_word_is_not_explained_by_its_kind_word() -> None:
    subclassed = md("Here we define the autoencoder by subclassing the `Model` class.")
    assert new(subclassed) == [["autoencoder"]]
    # a rarer name with its kind is the library's idea the lesson teaches
    stacked = md("Stack the layers with the `Sequential` class before training.")
    assert new(stacked) == [["Sequential"]]
    # and an everyday name the sentence goes on to explain is explained
    told = md("The `Model` class, which groups layers into one trainable object, trains them.")
    assert new(told) == [["Model"]]
