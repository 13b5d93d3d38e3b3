"""Concept recall on courses the rules were not written on (issue 19, third pass): what a
heading's subtitle and a section's kind word say, what the comment over a line of code names."""

from __future__ import annotations

from concept_cells import code, md, new


def test_a_subtitle_names_what_its_subject_is_for() -> None:
    section = md(
        "## Mean Squared Error - Foundation for Regression\n\n"
        "Mean squared error is the standard loss for regression problems.\n"
    )
    assert new(section) == [["Mean Squared Error", "Regression"]]
    # everyday words are no concept
    business = md(
        "## Custom Losses - Aligned for Business Goals\n\nCustom losses match business goals.\n"
    )
    assert "Business Goals" not in new(business)[0]
    # the heading says it: the section need not repeat it
    said = md("## Cross-Entropy Loss - Foundation for Multi-Class Classification\n\nA loss.\n")
    assert "Multi-Class Classification" in new(said)[0]


def test_a_headings_kind_word_yields_to_the_phrase_the_section_discusses() -> None:
    section = md(
        "## Numerical Stability Challenge\n\n"
        "Numerical stability decides whether exp(100) overflows.\n"
    )
    assert new(section) == [["Numerical Stability"]]
    # a heading the section discusses whole keeps its words
    whole = md("## Vanishing Gradient Problem\n\nThe vanishing gradient problem slows training.\n")
    assert new(whole) == [["Vanishing Gradient Problem"]]


def test_the_comment_block_over_a_todo_is_its_instruction() -> None:
    cell = code(
        "import numpy as np\n"
        "def layer_output(h, w):\n"
        "    # Update the pre-activations at this layer\n"
        "    # Remember to use np.matmul for matrix multiplications\n"
        "    # TODO -- Replace the line below\n"
        "    return h\n"
    )
    found = new(cell)[0]
    assert "numpy.matmul" in found
    # what the named call is for glosses it: no second concept
    assert not any("multiplication" in name for name in found)
    # a comment over code, not over the TODO, is not its instruction
    apart = code(
        "import numpy as np\n"
        "# Remember to use np.matmul for matrix multiplications\n"
        "x = 1\n"
        "# TODO -- Replace the line below\n"
        "y = 2\n"
    )
    assert "numpy.matmul" not in new(apart)[0]


def test_a_rare_word_said_again_as_inline_code_is_used_again() -> None:
    said = md("The last layer outputs a softmax over the vocabulary of characters.")
    again = md("We sample from the distribution the `torch.softmax` gives.")
    assert new(said, again) == [["softmax"], []]
    # said once, it was mentioned in passing
    assert new(said, md("We sample from the distribution.")) == [[], []]


def test_a_comment_naming_the_method_below_it_introduces_the_step() -> None:
    loop = code("loss = compute(x)\n# backward pass\nloss.backward()\n")
    assert new(loop) == [["backward pass"]]
    # the same words over a library's constructor, or over an unrelated line, stay a phrase
    library = code("import torch\n# backward pass\nlayer = torch.backward(1)\n")
    assert new(library) == [[]]
    unrelated = code("loss = compute(x)\n# backward pass\nloss.step()\n")
    assert new(unrelated) == [[]]


def test_a_rare_sub_heading_among_a_cells_sections_is_its_subject() -> None:
    cell = md(
        "## Custom losses\n\n"
        "Custom losses weigh errors by what they cost.\n\n"
        "### Asymmetric Loss Functions\n\n"
        "When one kind of error costs more than the other:\n"
    )
    assert "Asymmetric Loss Functions" in new(cell)[0]
    # everyday words under a sub-heading the cell does not discuss: no subject
    plain = md("## Custom losses\n\nCustom losses weigh errors.\n\n### The Big Picture\n\nMore.\n")
    assert new(plain) == [["Custom losses"]]
