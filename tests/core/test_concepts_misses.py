"""Concepts the text says that earlier passes missed (issue 19, recall): what a cell says of a
phrase in several ways counts at the strongest of them."""

from __future__ import annotations

from concept_cells import code, md, new

from tinyscaffold_server.core.concepts.novelty import new_concepts_per_cell


def test_a_sub_heading_about_a_phrase_said_above_it_introduces_the_phrase() -> None:
    cell = md(
        "## Implementation: Composition of Functions\n\n"
        "**Foundation**: Chain rule for derivatives\n\n"
        "### The Chain Rule\n\n"
        "For z = f(g(x)): dz/dx = f'(g(x)) g'(x)\n"
    )
    below = md("Each node of the graph applies the chain rule to its inputs.")
    assert "Chain rule" in new(cell, below)[0]
    # said only in passing, the everyday words are no concept
    passing = md("## Composition of Functions\n\nWe apply the chain rule for derivatives.\n")
    assert not any("chain rule" in name.lower() for name in new(passing, below)[0])


def test_a_sentence_defining_a_phrase_said_plainly_above_it_defines_it() -> None:
    cell = md(
        "Every layer keeps a cache of its inputs.\n\n"
        "A cache is the memory a layer keeps for the backward step."
    )
    assert new(cell) == [["cache"]]
    # said plainly twice, and nowhere else, it is mentioned in passing
    plain = md("Every layer keeps a cache of its inputs.\n\nThe cache grows with the batch.")
    assert new(plain) == [[]]


def test_inline_code_the_api_takes_as_a_keyword_is_explained_not_a_variable() -> None:
    prose = md("Add the `track_grad` parameter to the constructor.")
    given = code("track_grad = True\nx = Tensor([2.0], track_grad=track_grad)\n")
    assert new(prose, given) == [["track_grad"], []]
    # a variable the code only assigns is the notebook's data, not the API's word
    data = code("track_grad = True\nx = Tensor([2.0])\n")
    assert new(prose, data) == [[], []]


def test_a_rare_word_captioning_a_block_of_code_names_its_step() -> None:
    cell = code("logits = model(images)\n# Backpropagation\ngrads = tape.gradient(loss, weights)\n")
    assert new(cell) == [["Backpropagation"]]
    # an everyday word, a phrase, or a caption with no code below it names no step
    everyday = code("logits = model(images)\n# Gradients\ngrads = tape.gradient(loss, weights)\n")
    assert new(everyday) == [[]]
    phrase = code("x = 1\n# Contrastive margin formula\ny = x * 2\n")
    assert new(phrase) == [[]]
    last = code("x = 1\n# Backpropagation\n")
    assert new(last) == [[]]


def test_inline_code_named_in_prose_counts_where_another_cell_uses_it() -> None:
    named = md("The loss compares the predicted scores -- the `logits` -- with the targets.")
    again = md("Flatten the logits before computing the loss.")
    assert new(named, again) == [["logits"], []]
    # named once, it was mentioned in passing
    assert new(named, md("Flatten the scores before computing the loss.")) == [[], []]
    # the notebook's own variable, a dunder or a dotted name is no such concept
    variable = code("logits = model(x)\n")
    assert new(named, again, variable)[0] == []
    dunder = md("The methods __add__ and __mul__ make `a + b` work.")
    assert new(dunder, md("Adding two tensors calls add, multiplying calls mul."))[0] == []


def test_a_coined_compound_said_again_is_a_term_whatever_its_case() -> None:
    said = md("The softmax stays finite with the Log-Sum-Exp Trick.")
    again = md("Without the log-sum-exp trick, exp(1000) overflows.")
    assert new(said, again) == [["Log-Sum-Exp Trick"], []]
    # compounds built with function words are everyday English
    everyday = md("We want a state-of-the-art model here.")
    later = md("A state-of-the-art model needs data.")
    assert new(everyday, later) == [[], []]


def test_inline_code_followed_by_what_it_can_do_is_explained() -> None:
    cell = md("We sample instead of taking the `argmax`, which can make the model repeat itself.")
    assert new(cell) == [["argmax"]]
    # a plain phrase with the same clause is a comment on it, not a definition
    plain = md("We have less control over the training loop, which could be useful.")
    assert new(plain) == [[]]


def test_a_rare_phrase_a_cell_states_and_lists_in_its_objectives_is_introduced_there() -> None:
    section = md(
        "## Binary Losses\n\n"
        "```\n"
        "Logistic Curve:\n"
        "    raw score -> probability\n"
        "```\n\n"
        "## Learning Objectives\n"
        "- Why the logistic curve is smooth\n"
    )
    (found,) = new_concepts_per_cell([section])
    why = {c.name: c.kind for c in found}
    assert why.get("Logistic Curve") == "objective"
    # listed as an objective only, or in everyday words, it is a preview, not taught here
    listed = md(
        "## Binary Losses\n\nA loss.\n\n"
        "## Learning Objectives\n- Why the logistic curve is smooth\n"
    )
    assert not any("ogistic" in name for name in new(listed)[0])
    everyday = md(
        "## Batches\n\n```\nWhole Batches:\n    many rows\n```\n\n"
        "## Learning Objectives\n- How whole batches speed training\n"
    )
    assert "Whole Batches" not in new(everyday)[0]


def test_a_phrase_given_its_notation_is_defined() -> None:
    cell = md("For the forward pass we keep the activations $\\mathbf{h}_k$ of every layer.")
    assert "activations" in new(cell)[0]
    # the complement of another phrase is named, not introduced
    part = md("Permute the columns of the input grid $\\mathbf{X}$ first.")
    assert "input grid" not in new(part)[0]


def test_a_heading_the_code_below_names_in_shorter_words_introduces_its_subject() -> None:
    heading = md(
        "## Extra Ways to Score\n\n### Weighted Ranking Error\nScores that favour the top."
    )
    shorter = code(
        "class WeightedError:\n"
        "    def __call__(self, scores, targets):\n"
        "        return sum(abs(s - t) for s, t in zip(scores, targets))\n"
    )
    assert "Weighted Ranking Error" in new(heading, shorter)[0]
    # a name that keeps the heading's first word only is another thing, not its short form
    other = code("def weighted_mean(values):\n    return sum(values) / len(values)\n")
    assert "Weighted Ranking Error" not in new(heading, other)[0]
    # nor does a name the heading does not end in stand for it
    unrelated = code("class WeightedRanking:\n    pass\n")
    assert "Weighted Ranking Error" not in new(heading, unrelated)[0]
