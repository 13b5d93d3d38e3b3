"""Concept detection on courses it was not tuned on (issue 19, items 1 and 2 continued): what
a code cell's comments and names say, where a term is introduced when code implements it,
and the prose that is not prose (HTML comments, unfenced Python, scare quotes, stand-ins)."""

from __future__ import annotations

from concept_cells import code, md, new

from tinyscaffold_server.core.concepts.phrases import line_phrases
from tinyscaffold_server.core.concepts.types import DEFINED


def phrase_names(line: str, markdown: bool = True) -> set[str]:
    return {found.term.name for found in line_phrases(line, markdown)}


def test_a_term_the_prose_says_before_the_code_implements_it_is_introduced_there() -> None:
    said = md("We already computed the forward pass. Let's compute the backward pass.")
    exercise = code("def backward_pass(x):\n    # TODO -- write this function\n    return x\n")
    assert new(said, exercise) == [["backward pass"], []]
    # without the prose the implementation introduces it
    assert new(md("Now the other direction."), exercise) == [[], ["backward_pass"]]


def test_a_mention_still_yields_to_a_later_prose_definition() -> None:
    mention = md("We compute the backward pass below, after some set-up.")
    definition = md("The **backward pass** is the sweep from the loss back to the inputs.")
    uses = md("The backward pass needs the stored activations.")
    assert new(mention, definition, uses) == [[], ["backward pass"], []]


def test_the_comments_of_given_code_name_what_the_code_is_about() -> None:
    setup = code(
        "# set the learning rate of the optimiser\n"
        "opt = make_optimiser(params, learning_rate=0.1)\n"
    )
    assert new(setup) == [["learning rate"]]
    # an everyday phrase the code does not name is no term: "the same random numbers"
    seeded = code("# Set seed so we always get the same random numbers\nseed(0)\n")
    assert new(seeded) == [[]]
    expansion = code(
        "# Define the Rectified Linear Unit (ReLU) function\ndef relu(x):\n    return x\n"
    )
    assert new(expansion)[0][0] == "Rectified Linear Unit"


def test_a_variable_named_after_a_concept_marks_it_where_other_prose_uses_it() -> None:
    told = md("Each input gets queries from a linear map.")
    held = code("all_queries = []\nfor x in inputs:\n    all_queries.append(x)\n")
    later = md("Now compare the queries with each other.")
    assert new(told, held, later) == [["queries"], [], []]
    assert new(told, held) == [[], []]  # said once, held in a variable: not enough
    settings = code("API_KEY = ''\n")
    assert new(md("Enter your API key. The API key is secret."), settings) == [[], []]


def test_an_imported_name_is_not_this_lessons_concept() -> None:
    imports = code("from course.tensor import Tensor\n")
    uses = md("We enhance the Tensor class here. The Tensor class keeps its data.")
    assert new(imports, uses, md("The Tensor class is done.")) == [[], [], []]


def test_placeholder_code_to_replace_and_urls_teach_no_names() -> None:
    imports = code("import numpy as np\nimport torch.optim as optim\n")
    stand_in = code(
        "def softmax(x):\n"
        "    # TODO Compute the elements of the output\n"
        "    # Replace this line\n"
        "    out = np.zeros_like(x)\n"
        "    return out\n"
    )
    assert new(imports, stand_in) == [[], ["softmax"]]
    answer = code(
        "def softmax(x):\n"
        "    # TODO Compute the elements of the output\n"
        "    out = np.tanh(x) / np.linalg.norm(x)\n"
        "    return out\n"
    )
    assert "numpy.tanh" in new(imports, answer)[1]
    linked = code(
        "'''TODO: instantiate an optimizer.\n"
        "  See https://pytorch.org/docs/stable/optim.html for the list.'''\n"
        "opt = optim.Adam(params)\n"
    )
    assert not any(name.endswith(".html") for name in new(imports, linked)[1])


def test_an_array_of_one_value_answering_a_todo_is_a_stand_in() -> None:
    imports = code("import numpy as np\nimport torch\n")
    # no "Replace this line": the stub a student overwrites is still no way to the answer
    for stub in ("np.zeros_like(scores)", "np.ones(scores.shape)", "torch.full((3,), 0.5)"):
        stand_in = code(
            "def normalise(scores):\n"
            "    # TODO scale the scores so that they add up to one\n"
            f"    result = {stub}\n"
            "    return result\n"
        )
        assert new(imports, stand_in) == [[], ["normalise"]]
    # a real answer's calls are taught, and a TODO naming the constructor still teaches it
    answer = code(
        "def normalise(scores):\n"
        "    # TODO scale the scores so that they add up to one\n"
        "    result = scores / np.sum(scores)\n"
        "    return result\n"
    )
    assert "numpy.sum" in new(imports, answer)[1]
    named = code(
        "def blank(n):\n    # TODO use np.zeros to make an empty histogram\n"
        "    counts = np.zeros(n)\n    return counts\n"
    )
    assert "numpy.zeros" in new(imports, named)[1]


def test_what_is_not_prose_in_a_markdown_cell_introduces_nothing() -> None:
    hidden = md("Intro.\n<!--\nThe model uses a [`Dense`](https://x.org/Dense) layer.\n-->\n")
    assert hidden.candidates == ()
    pasted = md('"""\nproblem = [("Huge positive", 1e10), ("Tiny positive", 1e-10)]\n"""')
    assert pasted.candidates == ()
    scare = md('We measure how "wrong" the model is, its "distance" from the truth.')
    assert [c.name for c in scare.candidates if c.kind == "quoted"] == []


def test_display_math_introduces_nothing_and_ends_where_it_closes() -> None:
    """A formula is no sentence: "dz" of an integral is no term (UDL writes its equations as
    LaTeX environments, others between "$$" lines); the prose after it is read again."""
    environment = md(
        "The data density marginalises over the latent variables $z$:\n\\begin{align}\n"
        "Pr(x) &=& \\int Pr(x, z) dz \\nonumber \\\\\n"
        "&=& \\int Pr(x | z) Pr(z) dz\n\\end{align}\n"
        "The **posterior distribution** is its inverse."
    )
    names = {c.name for c in environment.candidates}
    assert "dz" not in names and "posterior distribution" in names
    dollars = md("The loss is\n$$\n\\text{Norm}[y] dz\n$$\n**Adam** is an optimiser of it.")
    assert {c.name for c in dollars.candidates} == {"Adam", "optimiser"}
    one_line = md("$$\\text{Norm}[y] dz$$\nThe **evidence** is a bound.")
    assert {c.name for c in one_line.candidates} == {"evidence", "bound"}


def test_instructions_open_no_noun_phrase() -> None:
    assert "Transform pure Tensor class" not in phrase_names("Transform pure Tensor class.")
    assert "Tensor class" in phrase_names("Transform pure Tensor class.")
    assert "use deriv" not in phrase_names("(use deriv of ReLU function, eq. 7.24)", False)
    assert "ReLU linear2" not in phrase_names("ReLU+linear2 in the first block", False)
    opening = "The self-attention mechanism maps $N$ inputs"
    assert "self-attention mechanism" in phrase_names(opening)


def test_words_the_dictionary_lacks_take_their_class_from_their_suffix() -> None:
    """An adverb coined from an adjective is no noun ("find algorithmically how many walks"),
    and "-wise" makes a modifier, not a verb as "-ise" does ("vectorise")."""
    todo = "TODO -- find algorithmically how many walks of length three are between nodes"
    assert "algorithmically" not in phrase_names(todo, False)
    assert "nodes" in phrase_names(todo, False)
    assert "elementwise multiplication" in phrase_names("We apply an elementwise multiplication.")
    assert "Plotly" in phrase_names("We draw it with Plotly.")


def test_a_phrase_given_its_symbol_and_then_explained_is_defined() -> None:
    found = {
        f.term.name: (f.kind, f.level)
        for f in line_phrases(r"the biases $\beta$ are the entries of the list all_biases")
    }
    assert found["biases"] == ("definition", DEFINED)
    assert found.get("entries", ("phrase",))[0] == "phrase"


def test_where_answers_carry_the_todo_marker_only_they_answer() -> None:
    imports = code("import torch\n")
    answered = code(
        "def generate(model, text):\n"
        "    '''TODO: convert the text to numbers'''\n"
        "    ids = [ord(c) for c in text]  # TODO\n"
        "    # ids = ['''TODO''']\n"
        "    ids = torch.tensor([ids], dtype=torch.long)\n"
        "    return model(ids)\n"
    )
    taught = new(imports, answered)[1]
    assert "generate" in taught and not any(name.startswith("torch.") for name in taught)


def test_a_name_given_with_its_kind_is_the_code_that_bears_the_name() -> None:
    told = md("The softmax function is a map from scores to probabilities.")
    written = code("def softmax(x):\n    # TODO -- write this function\n    return x\n")
    assert new(told, written) == [["softmax function"], []]


def test_numbered_steps_and_gerunds_of_instructions_open_no_phrase() -> None:
    assert "Return tensor" not in phrase_names("5. Return tensor for consistency", False)
    assert not any(
        name.startswith("using") for name in phrase_names("We fix it by using dot attention.")
    )


def test_questions_to_the_student_and_their_answers_introduce_nothing() -> None:
    """Reflection questions at a module's end ask about what was taught; the model answer
    restates it, between nbgrader's markers, which head no section of their own."""
    question = md(
        "**Question 2: Sparse Computation and Hardware Efficiency**\n\n"
        "a) Why did your benchmarks show a lower speedup?\n\n**Your Answer:**\n\n"
        "### BEGIN SOLUTION\nThe **memory bandwidth** limits sparse kernels.\n### END SOLUTION"
    )
    assert question.candidates == ()
    assessment = md(
        "**Computational Assessment 1: Pruning Threshold**\n\n### BEGIN SOLUTION\n"
        "The **percentile** gives the threshold.\n### END SOLUTION"
    )
    assert assessment.candidates == ()
    taught = md("### BEGIN SOLUTION\nThe **percentile** is a rank statistic.\n### END SOLUTION")
    assert "percentile" in {c.name for c in taught.candidates}
    rubric = md("**Instructions**: Think through these questions based on your implementation.")
    assert "Instructions" not in {c.name for c in rubric.candidates}


def test_a_term_the_sentence_says_how_to_obtain_is_defined() -> None:
    def kinds(line: str) -> dict[str, tuple[str, int]]:
        return {f.term.name: (f.kind, f.level) for f in line_phrases(line)}

    marginal = kinds("The data density is found by marginalizing over the latent variables $z$:")
    assert marginal["data density"] == ("definition", DEFINED)
    assert kinds("The gradient norm is computed as the root of the sum.")["gradient norm"][0] == (
        "definition"
    )
    assert kinds("The gradient norm is found in the table.")["gradient norm"][0] != "definition"


def test_test_functions_are_scaffolding_wherever_they_are_named() -> None:
    """A converted notebook's markdown cell that runs the module's tests names them in bare
    calls; a test function is no concept in prose either."""
    runner = md(
        "# Part 9: Testing\n\nLet's run all our tests:\n\n"
        "    test_baseline_cnn()\n    test_int8_quantizer()\n"
    )
    assert runner.candidates == ()
    said = md("The test_int8_quantizer function checks the scale.")
    assert said.candidates == ()


def test_code_its_comment_says_to_ignore_is_plumbing() -> None:
    """UDL's drawing helpers open with "You can totally ignore this code!": the policy a
    helper draws is introduced where the text explains it, not in the helper's comments."""
    helper = code(
        "# Ugly class that takes care of drawing pictures like in the book.\n"
        "# You can totally ignore this code!\nclass DrawMDP:\n"
        "  # Draw stochastic policy\n  def draw_stochastic_policy(self, policy):\n"
        "    return policy\n"
    )
    explained = md("A **stochastic policy** assigns a probability to every action.")
    assert new(md("# Notebook 19.1"), helper, explained) == [[], [], ["stochastic policy"]]
    drawn = code("# Draw stochastic policy\ndef draw_stochastic_policy(policy):\n  return policy\n")
    assert new(md("# Notebook 19.1"), drawn, explained)[1] != []


def test_a_part_of_the_notebook_is_no_part_of_the_lesson() -> None:
    run = md("Let's run the code block to train our **Pong agent**, then the next text cell.")
    assert {c.name for c in run.candidates} == {"Pong agent"}
    assert "residual block" in phrase_names("We stack a residual block on the input.")


def test_an_ordinal_of_a_symbol_picks_one_and_names_nothing() -> None:
    assert phrase_names("# Find the probability at the k'th position", False) == {"probability"}
    assert phrase_names("take the kth largest value of the nth token", False) == {"token"}
