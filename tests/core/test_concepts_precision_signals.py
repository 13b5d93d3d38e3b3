"""What the tool must not report (issue 19, precision, general signals): settings the
reader fills in, the labels of callouts, names given to a formula's variables."""

from __future__ import annotations

from concept_cells import code, md, new

from tinyscaffold_server.core.concepts.candidates import CellConcepts
from tinyscaffold_server.core.concepts.novelty import new_concepts_per_cell
from tinyscaffold_server.core.concepts.phrases import line_phrases


def test_a_constant_filled_in_under_a_todo_is_a_setting_not_a_lesson() -> None:
    imports = code("import os\nimport numpy as np\n")
    setting = code(
        "# TODO: paste the token of your tracking account here\n"
        'TRACKER_TOKEN = os.environ.get("TRACKER_TOKEN", "")\n'
    )
    assert new(imports, setting) == [[], []]
    # the same call answering a TODO that computes something is what the lab teaches
    answer = code("x = np.ones(3)\n# TODO: sum the entries\ntotal = np.sum(x)\n")
    assert new(imports, answer) == [[], ["numpy.sum"]]


def test_a_heading_that_names_a_known_concept_with_its_kind_is_that_concept() -> None:
    told = md("The **U-Net** is a network with skip links between its halves.")
    heading = md(
        "### U-Net architecture\n\n"
        "The U-Net architecture halves the image four times, then doubles it back."
    )
    cells = new_concepts_per_cell([told, heading])
    assert [c.name for c in cells[1]] == []
    assert "U-Net architecture" in cells[0][0].aliases
    # the same heading where nothing named the model before is what the section teaches
    assert new(heading) == [["U-Net architecture"]]


def test_a_symbol_for_any_one_instance_defines_no_term() -> None:
    def kinds(line: str) -> dict[str, str]:
        return {found.term.name: found.kind for found in line_phrases(line)}

    assert kinds("Then we store the activations $f$ for the batch.")["activations"] == "definition"
    for line in (
        "Then we store a given activation $f$ for the batch.",
        "Then we store each activation $f_k$ for the batch.",
        "Then we store any activation $f$ for the batch.",
    ):
        assert "definition" not in kinds(line).values(), line


def test_a_which_clause_after_an_of_phrase_is_said_of_its_head() -> None:
    def kinds(line: str) -> dict[str, str]:
        return {found.term.name: found.kind for found in line_phrases(line)}

    said = kinds("Then we get a sketch of the input image, which is used in training.")
    assert said.get("input image") != "definition"
    # a plural verb after a singular head agrees with the complement: it is defined
    said = kinds("Then we keep a set of kernels, which are used to detect edges.")
    assert said["kernels"] == "definition"
    assert kinds("Then we keep kernels, which are used to detect edges.")["kernels"] == "definition"


def test_a_function_that_draws_is_named_for_what_it_shows() -> None:
    helpers = code(
        "import matplotlib.pyplot as plt\n\n"
        "def draw_model(x, y):\n    fig, ax = plt.subplots()\n    ax.plot(x, y)\n\n"
        "def draw_loss_surface(grid):\n    plt.contourf(grid)\n"
    )
    exercise = code("def fit(x, y):\n    # TODO -- write this function\n    return x\n")
    run = code(
        "# Measure the fit and draw model every 8th step\n"
        "for step in range(3):\n    draw_model(1, 2)\n"
    )
    shown = code("# Show the loss surface over both parameters\ndraw_loss_surface(0)\n")
    # "draw" is the helper's action, no term; what it shows still names one
    assert new(helpers, exercise, run, shown) == [[], ["fit"], [], ["loss surface"]]


def test_one_clipped_word_alone_names_no_term_a_compound_does() -> None:
    told = md("Then we average the scores over the dimensions of the batch.")
    run = code("import torch\ny = torch.ones(4, 5).mean(dim=1)\n")
    assert new(told, run) == [[], []]  # `dim` may clip any word: "dimensions" is no term here
    told = md("Then we set the sequence length of each piece.")
    run = code("seq_length = 100\nbatch = make(seq_length=seq_length)\n")
    assert new(told, run) == [["sequence length"], []]  # both words clipped alike: a name


def test_the_object_of_a_bold_step_is_what_the_step_does_not_a_term() -> None:
    later = md("Each constructor call now records the flag in the graph.")
    steps = md(
        "The decorator will:\n"
        "1. **Extend constructor**: add a gradient flag\n"
        "2. **Wrap operators**: record each call"
    )
    assert new(steps, later) == [[], []]
    # said in the sentence itself, a rare word the course uses again is still a term
    said = md("The decorator will:\n1. Patch the constructor: add a gradient flag")
    assert new(said, later) == [["constructor"], []]


def test_a_definition_names_its_term_without_the_words_that_rate_it() -> None:
    def kinds(line: str) -> dict[str, str]:
        return {found.term.name: found.kind for found in line_phrases(line)}

    assert kinds("We use a standard encoder consisting of three convolutional layers.") == {
        "encoder": "definition",
        "convolutional layers": "part",
    }
    assert kinds("A simple perceptron consists of one layer of weights.")["perceptron"] == (
        "definition"
    )


def test_a_coined_past_participle_in_ated_opens_no_noun_phrase() -> None:
    names = [f.term.name for f in line_phrases("We have instantiated the replay buffer.")]
    assert names == ["replay buffer"]


def test_a_negated_participle_says_what_was_not_done_as_a_participle_does() -> None:
    said = md("We now decode the text predicted by the untrained decoder.")
    again = md("The text predicted by the untrained decoder is nonsense.")
    # the state is no part of the name: the term is the decoder (a rare word said again)
    assert new(said, again) == [["decoder"], []]


def test_a_symbol_before_an_of_complement_names_the_whole_phrase() -> None:
    def kinds(line: str) -> dict[str, str]:
        return {found.term.name: found.kind for found in line_phrases(line)}

    said = kinds("The encoder then learns an estimate $q$ of the hidden density.")
    assert said.get("estimate") != "definition"
    assert kinds("Then we store the activations $f$ for the batch.")["activations"] == "definition"


def test_a_bold_label_after_an_icon_names_a_slot_of_the_rubric_not_a_term() -> None:
    def rubric(icon: str) -> CellConcepts:
        return md(
            "## Implementation: the caching wrapper\n\n"
            f"{icon}**Memo Table**: a second run reuses every result already stored\n"
            f"- {icon}**Lazy Evaluation:** nothing runs until a result is asked for\n\n"
            "The wrapper keeps its results keyed by their inputs."
        )

    later = md("A memo table and lazy evaluation matter once runs take hours.")
    assert new(rubric("🎯 "), later) == [[], []]
    assert new(rubric("✅ "), later) == [[], []]
    # the same labels without an icon are emphasis that a definition follows: terms
    assert new(rubric(""), later) == [["Memo Table", "Lazy Evaluation"], []]
    # an icon before bold that no colon follows marks nothing: the term stays
    marked = md("🔥 **Memoization** stores each result under the inputs that produced it.")
    assert new(marked, md("Memoization pays off on repeated inputs.")) == [["Memoization"], []]


def test_a_todo_in_everyday_words_is_the_task_however_often_the_notebook_says_them() -> None:
    told = md("Each pass over the file keeps the running totals and the Hessian estimate.")
    totals = code(
        "totals = {}\n# TODO: update the running totals with each new row\ntotals['a'] = 1\n"
    )
    again = md("Then print the running totals.")
    # said in the prose of another cell, before or after: still the exercise's wording
    assert new(told, totals) == [[], []]
    assert new(totals, again) == [[], []]
    # a rare word makes the TODO's phrase a term of its own
    hessian = code("hess = 0\n# TODO: refresh the Hessian estimate with each new row\nhess += 1\n")
    assert new(told, hessian) == [["Hessian estimate"], []]


def test_a_heading_on_some_instances_or_an_activity_names_no_idea() -> None:
    later = md("The samples improve as training goes on.")
    shown = md("### Samples from the trained generator\n\nHere are samples the generator draws.")
    run = md("### Training without augmentation\n\nFirst we run training on the raw images.")
    assert new(shown, later) == [[], []]
    assert new(run, later) == [[], []]
    # the word alone heads a section about it; a qualifier with "for" says what it serves
    assert new(md("### Samples\n\nThe samples a generator draws look like its data."), later) == [
        ["Samples"],
        [],
    ]
    served = md("### GAN for image synthesis\n\nA GAN pits a generator against a critic.")
    assert new(served, md("The GAN converges slowly.")) == [["GAN"], []]
