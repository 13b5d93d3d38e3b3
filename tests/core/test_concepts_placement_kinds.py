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
