"""Where a concept is placed and what markdown says (issue 19): a name said once with its kind
("the softmax function") and later without it is one concept; a text diagram's labels are
prose; a bold slot of the text ("**Design Goal**:") is no concept."""

from __future__ import annotations

from concept_cells import code, md, new

from tinyscaffold_server.core.concepts.novelty import new_concepts_per_cell


def test_a_name_said_with_its_kind_is_not_new_again_without_it() -> None:
    told = md("The sigmoid function is a map from any score to a probability between 0 and 1.")
    again = md("Each output then goes through a sigmoid, so the logits become probabilities.")
    assert new(told, again) == [["sigmoid function"], []]
    # the later spelling is shown as a variant of the first, for "why?"
    first = new_concepts_per_cell([told, again])[0][0]
    assert "sigmoid" in first.aliases
    # a kind of idea, not only of code
    mechanism = md("The gating mechanism is a learned switch that decides what is kept.")
    later = md("Without gating, every input is written to the memory cell.")
    assert new(mechanism, later) == [["gating mechanism"], []]


def test_the_labels_of_a_text_diagram_are_prose() -> None:
    diagram = md(
        "# Regularisation - Keeping Networks Honest\n\n"
        "Large networks memorise their training data.\n\n"
        "```\n"
        "Training Step with Overfitting Guard:\n"
        "    x -> [random mask] -> x * mask / keep\n"
        "    - Weight decay (L2 penalty) on every layer\n"
        "```\n"
    )
    later = md("An overfitting guard is switched off at test time.")
    assert "Overfitting Guard" in new(md("# Title\n\nAn opening."), diagram, later)[1]
    # a diagram's label is a plain phrase: said once and nowhere else, it is no concept
    assert "Overfitting Guard" not in new(md("# Title\n\nAn opening."), diagram, md("Nothing."))[1]
    # code in a fence that names its language is code, not a diagram
    listing = md("```python\nclass Guard:\n    Training Step with Overfitting Guard:\n```\n")
    assert new(listing, later)[0] == []


def test_a_bold_slot_of_the_text_is_no_concept_whatever_it_is_about() -> None:
    first = md("**Design Goal**: every layer can be undone.\n\nEach layer keeps its inputs.")
    second = md("**Design Goal**: gradients flow back through every layer.")
    assert new(first, second) == [[], []]
    # a term of the subject keeps its place
    term = md("**Weight Decay**: a penalty on large weights.")
    again = md("Weight decay shrinks every weight a little at each step.")
    assert new(term, again) == [["Weight Decay"], []]


def test_a_phrase_the_code_spells_in_short_forms_is_the_codes_term() -> None:
    prose = md("Every training example is cut to the same sequence length before batching.")
    batches = code("def make_batches(text, seq_length):\n    return [text[:seq_length]]\n")
    assert "sequence length" in new(prose, batches)[0]
    # "class" is a word of its own, not a short form of "classification"
    told = md("A classification assigns every example to one of a few groups.")
    counted = code("num_classes = 10\n")
    again = md("The classification is right for most examples.")
    assert "classification" not in new(told, counted, again)[0]


def test_a_heading_that_names_its_kind_of_section_first_is_about_what_follows_the_colon() -> None:
    section = md(
        "## Visual Understanding: Gradient Clipping\n\n"
        "Gradient clipping caps the size of every update.\n"
    )
    assert new(section) == [["Gradient Clipping"]]
    # a subtitle after a subject still leaves the subject first
    subject = md("## Gradient Clipping: Visual Understanding\n\nGradient clipping caps updates.\n")
    assert new(subject) == [["Gradient Clipping"]]


def test_a_function_spelling_in_short_forms_what_the_prose_said_is_not_new_again() -> None:
    told = md("Gradients pile up across steps without zeroing gradients.")
    written = code("def zero_grad(params):\n    for p in params:\n        p.grad = 0\n")
    assert new(told, written) == [["zeroing gradients"], []]
    first = new_concepts_per_cell([told, written])[0][0]
    assert "zero_grad" in first.aliases  # the code that implements it answers "why?"


def test_code_that_is_called_is_run_not_named() -> None:
    ran = md("The loss keeps growing when `step()` is called multiple times per batch.")
    assert "multiple times" not in new(ran)[0]
    # "called" followed by what it is named still defines
    named = md("The function `f` is called a squashing map.")
    assert "squashing map" in new(named)[0]


def test_a_heading_coordinated_under_a_kind_of_section_has_no_subject() -> None:
    section = md(
        "## Mobile Hardware and Deployment Considerations\n\n"
        "Mobile hardware has little memory, so deployment needs care.\n"
    )
    assert "Mobile Hardware" not in new(section)[0]
    # a heading about its subject keeps it, coordinated or not
    about = md("## Dropout and Weight Decay\n\nDropout switches units off at random.\n")
    assert "Dropout" in new(about)[0]
