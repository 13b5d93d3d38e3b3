"""What a lesson shows or uses without teaching it (issue 19, precision: the concepts the tool
reported wrongly, by the general signal that tells them from a taught concept)."""

from __future__ import annotations

import pytest
from concept_cells import code, md, new

from tinyscaffold_server.core.concepts.phrases import line_phrases
from tinyscaffold_server.core.concepts.types import PLAIN_PHRASES


def kinds(line: str) -> dict[str, str]:
    return {found.term.name.lower(): found.kind for found in line_phrases(line)}


def test_a_class_of_a_package_that_displays_is_no_concept() -> None:
    imports = code(
        "import IPython\n"
        "import torch.nn as nn\n"
        "from matplotlib.colors import LinearSegmentedColormap\n"
        "import seaborn as sns\n"
    )
    shown = code(
        "shades = LinearSegmentedColormap.from_list('warm', ['red', 'gold'])\n"
        "palette = LinearSegmentedColormap('cool', {})\n"
        "grid = sns.axisgrid.FacetGrid(frame)\n"
        "IPython.display.YouTubeVideo('abc')\n"
        "layer = nn.Conv1d(1, 4, 3)\n"
    )
    # the layer the code builds is the lesson's; the colormap, grid and video only show it
    assert new(imports, shown)[1] == ["torch.nn.Conv1d"]


def test_a_class_from_the_courses_module_for_one_lab_is_no_concept() -> None:
    imports = code("import coursekit as ck\nimport torch.nn as nn\n")
    setup = code(
        "loader = ck.week3.FaceBatchLoader(path)\n"
        "layer = nn.Conv1d(1, 4, 3)\n"
        "block = ck.blocks.Residual(4)\n"
    )
    # the week's own data loader is the course's plumbing; a library's classes are ideas
    assert new(imports, setup)[1] == ["torch.nn.Conv1d", "coursekit.blocks.Residual"]


def test_an_answer_teaches_the_library_functions_it_calls_everyday_names_too() -> None:
    imports = code("import numpy as np\nimport torch\n")
    todo = code(
        "def spread(scores, floor):\n"
        "    # TODO: weigh the scores as the equation above says\n"
        "    weighed = 0.5 * torch.sum(torch.exp(scores) - 1, dim=1)\n"
        "    return np.maximum(weighed, floor)\n"
    )
    assert {"torch.sum", "torch.exp", "numpy.maximum"} <= set(new(imports, todo)[1])


@pytest.mark.parametrize(
    ("line", "defined"),
    [
        ("Rare shapes (such as spirals, crescents, or rings) are sampled more often.", False),
        ("Shapes come as spirals, crescents, or rings in this set.", False),
        ("The model sees every spiral, or curled stroke, twice.", True),
        ("We train for several rounds (or passes over the data).", True),
    ],
)
def test_the_last_item_of_a_list_is_no_gloss(line: str, defined: bool) -> None:
    found = kinds(line)
    before = "crescents" if "crescents" in line else ("spiral" if "spiral" in line else "rounds")
    assert (found.get(before) == "definition") is defined, found


def test_a_named_model_with_its_kind_is_the_name_again() -> None:
    told = md("A variational autoencoder (VAE) learns a latent code of each face.")
    again = md("We train the VAE model on the faces, then the VAE architecture grows.")
    later = md("The VAE model samples rare faces more often than the VAE architecture did.")
    assert new(told, again, later)[1:] == [[], []]
    # a rare phrase of the same shape, with no name before it, is a term where it is said
    fresh = md("We train the autoencoder model on the faces.")
    used = md("The autoencoder model samples rare faces more often.")
    assert new(fresh, used) == [["autoencoder model"], []]


@pytest.mark.parametrize(
    ("text", "defined"),
    [
        ("We fetch a large-scale (over 300K photos) archive of street scenes.", False),
        ("The run takes a long-range (about 10 minutes) pass over the set.", False),
        ("After pruning, sparsity (many zeros) fills the weights.", True),
    ],
)
def test_a_measure_in_parentheses_is_no_gloss(text: str, defined: bool) -> None:
    glossed = {c.name for c in md(text).candidates if c.kind == "definition"}
    assert bool(glossed & {"sparsity", "large-scale", "long-range"}) is defined


def test_a_coined_re_verb_opens_an_instruction() -> None:
    todo = code(
        "def refresh(totals):\n    # TODO: recompute the running totals\n    return totals\n"
    )
    later = md("Each pass we recompute them for the next batch.")
    # "recompute" is what to do (re- and a verb that is no noun), not a term
    assert new(todo, later) == [["refresh"], []]


@pytest.mark.parametrize(
    "line",
    [
        "Use the formula in the derivation directly above.",
        "Run the training loop below before you go on.",
        "The loss curve above flattens out.",
    ],
)
def test_a_phrase_pointing_to_a_place_in_the_notebook_is_no_candidate(line: str) -> None:
    assert kinds(line) == {}
    # the same words, not pointing away, are still read as a phrase
    assert kinds(line.replace(" above", "").replace(" below", "").replace(" directly", ""))


@pytest.mark.parametrize(
    ("line", "defined"),
    [
        ("The speed-up appears when we define the update operation.", False),
        ("The loss stays flat until we define the decay schedule.", False),
        ("Here we define the update operation as a scaled step.", True),
    ],
)
def test_we_define_in_a_clause_of_time_names_nothing(line: str, defined: bool) -> None:
    found = kinds(line)
    kind = found.get("update operation") or found.get("decay schedule")
    # said, it is still read as a plain phrase; only "we define" in a clause of its own names
    assert kind in (PLAIN_PHRASES | {"definition"}) and (kind == "definition") is defined, found


def test_a_stand_in_is_named_by_what_it_stands_in_for() -> None:
    first = md("We feed dummy embeddings to the block to check its shapes.")
    again = md("The dummy embeddings have four rows.")
    # "dummy" says the data is made up for the check; the term is what it stands in for
    assert new(first, again) == [["embeddings"], []]


def test_a_symbol_of_an_equation_in_prose_is_no_phrase() -> None:
    assert "xw" not in kinds("A dense block computes: **y = xW + b**")
    # the prose around it is still read
    assert "dense block" in kinds("A dense block computes: **y = xW + b**")


def test_the_keywords_of_a_plot_call_are_no_words_of_the_lesson() -> None:
    said = md("We choose the width of each block.")
    again = md("A larger width costs more memory.")
    plotted = code("plt.bar(xs, ys, width=0.2)\nax.plot(xs, ys, label='loss')\n")
    assert new(plotted, said, again)[1] == []
    # the same word passed to the lesson's own API is its vocabulary
    built = code("net = Stack(blocks, width=4)\n")
    assert new(built, said, again)[1] == ["width"]


def test_a_personal_setting_is_the_readers_own_thing_not_a_term() -> None:
    steps = md("Signing up creates a personal access token, which you keep secret.")
    paste = md("Paste your access token into the form.")
    client = code("run = Client(access_token=TOKEN)\n")
    assert new(steps, paste, client) == [[], [], []]
    # said as the thing itself, the API's word makes it a term
    told = md("Signing up creates an access token, which the server checks.")
    assert new(told, paste, client)[0] == ["access token"]


def test_quoted_values_listed_together_are_no_terms() -> None:
    listed = md('We score each of the "Red Sedan", "Blue Sedan", and "Red Truck" groups.')
    shown = code('groups = ["Red Sedan", "Blue Sedan", "Red Truck"]\nplot(groups)\n')
    assert new(listed, shown)[0] == []
    # one quoted name, which another cell takes up, is a term where it is quoted
    alone = md('The model has a "warm start" before training.')
    again = md("A warm start saves time.")
    assert new(alone, again)[0] == ["warm start"]


def test_a_rare_todo_phrase_is_a_term_where_the_todo_says_to_use_it() -> None:
    made = code("def warp(x):\n    # TODO: define the homography computation\n    return x\n")
    assert new(made) == [["warp"]]  # what to define, said only here: the exercise's wording
    again = md("We time the homography computation on large images.")
    assert new(made, again) == [["warp", "homography computation"], []]
    used = code("def warp(x):\n    # TODO: use the homography computation here\n    return x\n")
    assert new(used) == [["warp", "homography computation"]]  # the tool the TODO names
