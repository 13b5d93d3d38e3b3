"""Placement by the kind word a name is said with (issue 19, placement): a term said first
with its kind ("the decoder network") is the same concept when a later cell says the name
alone, so the later cell does not introduce it a second time."""

from __future__ import annotations

from concept_cells import code, md, new


def test_a_network_named_with_its_kind_is_the_same_concept_without_it() -> None:
    told = md("A decoder network is a model that turns latent codes back into images.")
    again = md("Each decoder doubles the image size at every layer, and the decoder ends there.")
    assert new(told, again) == [["decoder network"], []]
    # a TODO that asks for it by the name alone uses what the prose introduced
    asked = code("# TODO: use the decoder to rebuild the image\nx = 1\n", role="solution")
    assert new(told, asked) == [["decoder network"], []]


def test_one_name_said_with_two_kinds_is_one_concept() -> None:
    told = md("We add a sparsity term to the loss.")
    drawn = code("# Code to draw the sparsity function\ndef draw(w):\n    return w\n")
    later = md("The sparsity function is flat near zero.")
    # the plot's comment and the later prose name what the first cell introduced
    assert new(told, drawn, later) == [["sparsity term"], ["draw"], []]
    # and the name alone, once a kind word introduced it
    assert new(told, drawn, md("Sparsity keeps most weights at zero."))[2] == []


def test_a_network_explained_after_an_opening_phrase_is_introduced_there() -> None:
    told = md(
        "In the context of vision, the encoder network takes in input images and squeezes "
        "them into a short code."
    )
    # said again by its name alone, then with another kind word: the same concept
    reused = md("We reuse the classifier above as our encoder.")
    again = md("The encoder architecture is the classifier's.")
    assert new(told, reused, again) == [["encoder network"], [], []]
    # a noun before "in the …" is still a noun: "outputs" is no verb here
    ranged = md("Model outputs in the range of 0 to 1 are read as probabilities.")
    assert "Model outputs" in [c.name for c in ranged.candidates]


def test_an_overview_item_that_says_what_a_term_does_introduces_it_before_its_section() -> None:
    overview = md(
        "## What are pooling layers?\n\n"
        "Each layer performs one computation:\n\n"
        "- **Max pooling layers** keep the largest value of every window\n"
        "- **Average pooling layers** randomly mix the values of a window"
    )
    section = md(
        "### Max Pooling Layer - Keeping the Strongest Signal\n\n"
        "A max pooling layer slides a window over its input and keeps its largest value."
    )
    found = new(overview, section)
    assert found[0][-2:] == ["Max pooling layers", "Average pooling layers"]
    assert "Max Pooling Layer" not in found[1]
    # a bold label the item only names yields to the section about it, as before
    listed = md("## Layers\n\nWe build two layers:\n\n- **Max pooling layers**\n- **Dropout**")
    assert "Max pooling layers" not in new(listed, section)[0]
    # the verb must agree with the term: "layers weights" is a noun after a noun
    assert "Max pooling layers" not in new(md("- **Max pooling layers** weights too"))[0]


def test_a_sentence_that_explains_a_term_keeps_it_when_a_later_section_is_about_it() -> None:
    told = md("Weight decay, which shrinks every weight a little at each step, keeps them small.")
    section = md("## Weight Decay\n\nWe now add weight decay with a factor of 0.1.")
    assert new(told, section)[0] == ["Weight decay"]
    assert "Weight Decay" not in new(told, section)[1]


def test_prose_naming_a_method_the_code_wrote_before_it_names_that_method_again() -> None:
    written = code(
        "class Autoencoder:\n    def encode(self, x):\n        return x * 2\n\n"
        "    def decode(self, z):\n        return z / 2\n",
        role="solution",
    )
    said = md("The outputs of the `encode` function are the codes of each image.")
    assert new(written, said) == [["Autoencoder", "Autoencoder.encode", "Autoencoder.decode"], []]


def test_a_comment_caption_does_not_take_a_term_from_the_code_that_said_it_first() -> None:
    first = code("# Sizes of the minibatches\nsizes = dict(train=32, test=64)\n")
    second = code("# Minibatches\nsizes = dict(train=16, test=16)\n")
    assert new(first, second) == [["minibatches"], []]


def test_a_phrase_that_points_back_to_what_a_cell_above_defined_is_no_candidate() -> None:
    pointed = md("We log our minibatches, defined above, to the tracker.")
    assert "minibatches" not in [c.name for c in pointed.candidates]
