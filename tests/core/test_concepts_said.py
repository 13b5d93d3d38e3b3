"""Concepts a cell says in plain words that earlier passes did not read (issue 19, the misses
said in markdown or in code): each test is one general pattern of an author's writing."""

from __future__ import annotations

from concept_cells import code, md, new


def test_a_contracted_pronoun_is_no_word_of_the_phrase_after_it() -> None:
    # "we'll", "you're" are a pronoun and its auxiliary: the verb after them is a verb, and
    # the phrase after that is read as in "we will try …"
    said = md("Finally, we'll try Polyak momentum on the same data.")
    again = md("Polyak momentum smooths the trajectory of the weights.")
    assert new(said, again) == [["Polyak momentum"], []]
    spelled_out = md("Finally, we will try Polyak momentum on the same data.")
    assert new(said, again) == new(spelled_out, again)
    # and the contraction itself never becomes part of a phrase
    assert new(md("You'll see the weights settle."), md("The weights settle.")) == [[], []]


def test_a_phrase_cited_with_an_equation_of_the_text_is_introduced_there() -> None:
    # a textbook's notebook points to where an idea is stated formally
    cited = md("Next, we add a decay term (equation 4.2) to the update.")
    assert new(cited) == [["decay term"]]
    # the phrases coordinated with the cited one share its reference, everyday words too
    listed = md("We need the offsets, scales, and shifts (equations 3.1 and 3.2) for each row.")
    assert new(listed) == [["offsets", "scales", "shifts"]]
    # the same words without the reference are said in passing
    assert new(md("Next, we add a decay term to the update.")) == [[]]
    # a number in parentheses is no equation
    assert new(md("Next, we add a decay term (4.2) to the update.")) == [[]]


def test_a_kind_named_after_its_inventor_is_not_a_variant_of_the_kind() -> None:
    kind = md("Now we add a decay term (equation 4.2) to the update.")
    named = md("Then we try the Tikhonov decay term instead.")
    again = md("The Tikhonov decay term shrinks large weights more.")
    assert new(kind, named, again) == [["decay term"], ["Tikhonov decay term"], []]
    # a describing word before a known phrase still makes a variant of it
    plain = md("Then we try the quadratic decay term instead.")
    assert new(kind, plain, md("The quadratic decay term shrinks weights.")) == [
        ["decay term"],
        [],
        [],
    ]


def test_what_the_author_does_next_in_the_code_below_is_introduced_there() -> None:
    # a narrating cell above the code: "let's compute X", "we use X"
    step = code("g = grad(loss, w)\nw = w - 0.1 * g\n")
    said = md("Now let's compute the gradient vector for one batch.")
    assert new(said, step) == [["gradient vector"], []]
    assert new(md("Next we use weight clipping on every step."), step)[0] == ["weight clipping"]
    # without code below it the sentence narrates nothing the student runs
    assert new(said, md("The end.")) == [[], []]
    # looking at results is no method, and a lone everyday word no term
    assert new(md("Now let's evaluate the classification accuracy."), step)[0] == []
    assert new(md("Now let's compute the loss."), step)[0] == []
    # the phrase is the object of the author's verb, not any phrase of the sentence
    assert new(md("The gradient vector is small, so let's run it."), step)[0] == []


def test_a_comment_saying_what_the_author_does_in_this_cell_introduces_its_object() -> None:
    cell = code("# Let's create the validation split of 20 pairs\nsplit = data[:, :20]\n")
    assert new(cell) == [["validation split"]]
    # a comment that only says the phrase is a mention, as before
    said = code("# the validation split of 20 pairs\nsplit = data[:, :20]\n")
    assert new(said) == [[]]


def test_a_training_step_names_the_methods_it_calls_on_the_objects_the_cell_builds() -> None:
    imports = code("import torch\nimport torch.nn as nn\nimport mylab.util as lab_util\n")
    cell = code(
        "opt = torch.optim.RMSprop(net.parameters(), lr=0.01)\n"
        "meter = lab_util.Meter()\n"
        "def fit_batch(x, y):\n"
        "    opt.zero_grad()\n"
        "    loss = ((net(x) - y) ** 2).mean()\n"
        "    loss.backward()\n"
        "    opt.step()\n"
        "    meter.update(loss)\n"
        "    return loss\n"
    )
    assert new(imports, cell)[1] == [
        "torch.optim.RMSprop",
        "fit_batch",
        "torch.optim.RMSprop.zero_grad",
        "torch.optim.RMSprop.step",
    ]
    # the same calls at the top level use the object, as any script does
    script = code("opt = torch.optim.RMSprop(net.parameters())\nopt.zero_grad()\nopt.step()\n")
    assert new(imports, script)[1] == ["torch.optim.RMSprop"]


def test_a_rare_english_word_the_code_also_uses_as_a_name_still_makes_a_term() -> None:
    said = md("The encoder network squeezes the image into a code.")
    again = md("We train the encoder network with the rest of the model.")
    named = code("encoder = make_network()\n")
    assert new(said, again, named)[0] == ["encoder network"]
    # an identifier that is no English word makes the phrase talk about the code
    coined = md("The upsmplr network rebuilds the image from the code.")
    later = md("We train the upsmplr network with the rest of the model.")
    assert new(coined, later, code("upsmplr = make_network()\n"))[0] == []


def test_a_setting_given_its_value_is_a_term_where_the_code_uses_it() -> None:
    cell = code("# pool with a tolerance of 1 and a hop length of 2\ny = pool(x, 3, 2)\n")
    assert new(cell) == [["tolerance", "hop length"]]
    # a count of things is no setting, and a lone everyday word no term
    count = code("# a batch of 10 images, and the value of 3\ny = x[:10]\n")
    assert new(count) == [[]]
    # in prose it needs the code right below
    said = md("We pool with a tolerance of 1 and a hop length of 2.")
    assert new(said, code("y = pool(x, 3, 2)\n"))[0] == ["tolerance", "hop length"]
    assert new(said, md("The end."))[0] == []


def test_a_work_marker_is_no_word_of_the_phrase_after_it() -> None:
    cell = code(
        "def build():\n"
        "    # '''TODO: Define the last layer'''\n"
        "    # [TODO Softplus layer to output the scores]\n"
        "    return None\n"
    )
    names = [concept.name for concept in cell.candidates]
    assert "Softplus" in names
    assert not any("TODO" in name for name in names)


def test_a_fixed_compound_keeps_its_first_word() -> None:
    # "least squares": a plural noun modifying the next one is a fixed name, no rating
    said = md("We fit the line with a least squares solver.")
    again = md("The least squares solver is fast.")
    assert new(said, again) == [["least squares solver"], []]
    # an everyday rating word is still cut
    rated = md("We fit the line with a simple solver.")
    assert new(rated, md("The simple solver is fast.")) == [["solver"], []]
