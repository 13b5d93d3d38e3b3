"""Concepts a cell says in plain words that earlier passes did not read (issue 19, the misses
said in markdown or in code): each test is one general pattern of an author's writing."""

from __future__ import annotations

from typing import Any

from concept_cells import code, md, new

from tinyscaffold_server import analyze
from tinyscaffold_server.core.concepts.types import CellConcepts


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


def test_a_label_word_in_the_plural_cited_with_an_equation_names_the_things() -> None:
    # "input", "output", "key" head the text's labels ("Key Insight", "**Output**:"); said
    # in the plural and cited with the equations that state them, they are the things
    cited = md("We form the keys, scales, and outputs (equations 7.1 and 7.4) for each row.")
    assert new(cited) == [["keys", "scales", "outputs"]]
    # a label stays a label: singular, capitalised, or not cited
    assert new(md("We form the key (equation 7.1) for each row.")) == [[]]
    assert new(md("**Outputs** (equation 7.4): one per row.")) == [[]]
    assert new(md("We form the keys and outputs for each row.")) == [[]]


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


def test_a_cell_teaching_a_general_term_and_its_kind_introduces_both() -> None:
    step = code("def loss(y, t):\n    return ((y - t) ** 2).sum()\n")
    both = md("Now let's define a cost function. We'll use the quadratic cost function.")
    assert new(both, step)[0] == ["cost function", "quadratic cost function"]
    # said in a later cell, the longer phrase is a variant of the known one, as before
    first = md("Now let's define a cost function.")
    later = md("We'll use the quadratic cost function here.")
    assert new(first, step, later, step)[2] == []


def test_what_a_symbol_stands_for_is_defined_in_the_list_after_a_formula() -> None:
    cell = md(
        "We get **z = Ax + c**, where:\n"
        "- **A**: Mixing matrix (what the layer learns)\n"
        "- `c` = offset vector\n"
        "- **x**: the input signal\n"
    )
    assert new(cell) == [["Mixing matrix", "offset vector", "input signal"]]
    # a word in code, or a line that does not open with its phrase, stands for nothing
    prose = md("- `offset` = the shift\n- **A**: Scale it by two\n")
    assert new(prose) == [[]]


def test_what_the_author_computes_keeps_its_of_complement() -> None:
    step = code("loss = ((y - t) ** 2).sum()\n")
    said = md("Now let's compute the sum of squared residuals for the data.")
    assert new(said, step)[0] == ["sum of squared residuals"]


def test_the_parts_a_whole_is_made_of_are_introduced_with_it() -> None:
    whole = md("The block consists of a residual path and a gating unit.")
    assert new(whole) == [["residual path", "gating unit"]]
    # what the material shows is no part of it
    material = md("Our archive is made up of scanned images of old letters.")
    assert new(material) == [["archive"]]
    # the same phrases said without the whole are mentions
    assert new(md("The block has a residual path and a gating unit.")) == [[]]


def test_an_adverb_making_a_modifier_stays_in_the_phrase() -> None:
    # "densely linked": the adverb and its participle name the kind of layer together
    whole = md("The head consists of two densely linked layers.")
    assert new(whole) == [["densely linked layers"]]
    # an adverb before a noun alone is no part of it
    assert new(md("The head consists of simply layers of units.")) == [[]]


def test_what_a_series_of_things_is_built_from_are_parts() -> None:
    said = md("The decoder runs the codes through a stack of residual blocks.")
    assert new(said)[0] == ["residual blocks"]
    # a series of everyday things is no part worth a concept
    assert new(md("The model reads a sequence of characters."))[0] == []


def test_what_the_author_will_or_needs_to_do_next_counts_as_what_it_does() -> None:
    step = code("g = grad(loss, w)\n")
    assert new(md("We will compute the gradient vector for one batch."), step)[0] == [
        "gradient vector"
    ]
    assert new(md("We need to build a lookup table."), step)[0] == ["lookup table"]


def test_a_report_with_the_new_kinds_fits_the_report_contract(
    make_notebook: Any, validate_report: Any
) -> None:
    notebook = make_notebook(
        ("markdown", "Now let's compute the gradient vector for one batch."),
        ("code", "# pool with a hop length of 2\ny = pool(x, 3, 2)\n"),
        ("markdown", "The block consists of a residual path and a gating unit."),
    )
    report = analyze(notebook)
    kinds = {concept["kind"] for cell in report["cells"] for concept in cell["concepts"]}
    assert {"acted", "valued", "part"} <= kinds
    validate_report(report)


def test_a_clause_of_time_is_no_step_the_author_takes() -> None:
    step = code("g = grad(loss, w)\n")
    said = md("The loss settles once we compute the gradient vector for each batch.")
    assert new(said, step)[0] == []


def test_a_sub_heading_whose_head_the_section_takes_up_in_another_compound_is_its_subject() -> None:
    # "## … Reward Landscape" over "different policy landscapes": the section is about
    # that kind of thing, though it never repeats the heading's words
    def section(sentence: str) -> CellConcepts:
        return md(
            "## Agents and Rewards\n\nAgents improve by trial.\n\n"
            f"## Visual Understanding: Reward Landscape\n\n{sentence}"
        )

    assert "Reward Landscape" in new(section("Different policy landscapes change it."))[0]
    # a word that rates the thing ("a rough landscape") makes no compound with it
    assert "Reward Landscape" not in new(section("A rough landscape slows an agent down."))[0]
    # nor does a section that leaves the head word unsaid
    assert "Reward Landscape" not in new(section("Some agents learn faster than others."))[0]


def test_a_todo_comment_is_read_with_the_comment_line_that_goes_on_with_its_sentence() -> None:
    # the citation of the equation stands on the next comment line: one sentence
    split = code(
        "for row in table:\n"
        "  # TODO: Blend the rows by the mixing gate\n"
        "  # (equation 9.4)\n"
        "  # Replace this line\n"
        "  out = row\n"
    )
    assert new(split) == [["mixing gate"]]
    # after a full stop the next comment line is a sentence of its own
    apart = code(
        "for row in table:\n"
        "  # TODO: Blend the rows by the mixing gate.\n"
        "  # (equation 9.4)\n"
        "  # Replace this line\n"
        "  out = row\n"
    )
    assert new(apart) == [[]]


def test_a_hard_wrapped_sentence_of_markdown_is_read_whole() -> None:
    # an editor's hard wrap splits "let's compute" from its object: still one sentence
    below = code("margin = np.maximum(0, 1 - y * f)\n")
    wrapped = md("Now let's\ncompute the hinge margin penalty for the whole batch.")
    one_line = md("Now let's compute the hinge margin penalty for the whole batch.")
    assert new(wrapped, below)[0] == new(one_line, below)[0] == ["hinge margin penalty"]
    # a line after a full stop, a heading or a list item's end starts afresh
    apart = md("We stop here.\ncompute the hinge margin penalty later")
    assert new(apart, below)[0] == []


def test_an_ordinal_phrase_given_a_symbol_names_a_quantity() -> None:
    # "first", "second" usually count steps; a phrase the author gives a symbol is a quantity
    given = md(
        "The estimator keeps two running sums:\n\n"
        '1. **First Cumulant (k)**: "Where is the mass?"\n'
        '2. **Second Cumulant (s)**: "How wide is it?"\n'
    )
    again = md("The first cumulant shifts the curve; the second cumulant widens it.")
    assert new(given, again) == [["First Cumulant", "Second Cumulant"], []]
    # without its symbol the ordinal is a step of a list
    steps = md('1. **First Pass**: "Read the data."\n2. **Second Pass**: "Sort it."\n')
    assert new(steps, md("The first pass reads; the second pass sorts.")) == [[], []]


def test_a_setting_given_its_size_is_a_term_where_the_code_uses_it() -> None:
    # "a kernel of size 3" gives the setting its value as "a kernel of 3" would
    said = md("We slide a kernel of size 3 over the signal:")
    assert new(said, code("y = smooth(x, 3)\n"))[0] == ["kernel"]
    assert new(md("We slide a stencil of length 5 over it:"), code("y = f(x)\n"))[0] == ["stencil"]
    # a measure that is no size, or no code below, names no setting
    assert new(md("We slide a kernel of weight 3 over it:"), code("y = f(x)\n"))[0] == []
    assert new(said, md("The end."))[0] == []


def test_two_names_joined_by_a_slash_are_one_concept_under_either_name() -> None:
    cell = md("- **Kaiser/Bessel**: a window for smooth spectra.")
    (term,) = [c for c in cell.candidates if c.kind == "term"]
    assert term.name == "Kaiser/Bessel" and {"kaiser", "bessel"} <= set(term.forms)
    # so a later cell naming one of them says a known concept again
    later = md("The Bessel window trades resolution for leakage; Bessel is the default.")
    assert new(cell, later) == [["Kaiser/Bessel"], []]


def test_a_section_about_training_examples_is_no_section_of_examples() -> None:
    body = "\n\nA sliding window is a fixed-size view that moves along the signal."
    assert new(md("### Build the training examples" + body)) == [["sliding window"]]
    # a section of examples still only illustrates
    assert new(md("### Real-world examples" + body)) == [[]]
    assert new(md("### Examples" + body)) == [[]]


def test_what_a_sub_heading_says_its_subject_is_for_is_introduced_there() -> None:
    section = md(
        "## Custom Penalties\n\nPenalties shape what a model learns.\n\n"
        "### Hinge Penalty for Heteroscedastic Targets\n\nWeights errors by their spread."
    )
    assert "Heteroscedastic Targets" in new(section)[0]
    # an everyday purpose is no concept, nor is a section heading's (H2) purpose
    plain = md("## Custom Penalties\n\nText.\n\n### Hinge Penalty for Noisy Targets\n\nText.")
    assert "Noisy Targets" not in new(plain)[0]
    top = md("## Hinge Penalty for Heteroscedastic Targets\n\nWeights errors by their spread.")
    assert "Heteroscedastic Targets" not in new(top)[0]
