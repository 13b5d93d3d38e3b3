"""Concepts said in code (issue 19): the library classes a lesson's code puts to work."""

from __future__ import annotations

from concept_cells import code, marked, md, new

IMPORTS = code(
    "import numpy as np\n"
    "import matplotlib.pyplot as plt\n"
    "import torch\n"
    "import torch.nn as nn\n"
    "from torch.optim.lr_scheduler import ExponentialLR\n"
)


def test_a_library_class_the_code_builds_is_a_concept_where_first_built() -> None:
    fit = code(
        "criterion = nn.MSELoss()\n"
        "opt = torch.optim.Adam(net.parameters(), lr=0.01)\n"
        "decay = ExponentialLR(opt, gamma=0.9)\n"
        "again = nn.MSELoss()\n"
    )
    found = new(IMPORTS, fit)[1]
    assert found == [
        "torch.nn.MSELoss",
        "torch.optim.Adam",
        "torch.optim.lr_scheduler.ExponentialLR",
    ]
    # built again in a later cell, it is not new there
    later = code("other = nn.MSELoss()\nstep = ExponentialLR(opt, gamma=0.5)\n")
    assert new(IMPORTS, fit, later)[2] == []


def test_a_model_names_its_base_class_and_layers() -> None:
    model = code(
        "class Smoother(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.conv = nn.Conv1d(1, 4, 3)\n"
        "    def forward(self, x):\n"
        "        return self.conv(x)\n"
    )
    found = new(IMPORTS, model)[1]
    assert "torch.nn.Module" in found and "torch.nn.Conv1d" in found


def test_plumbing_and_function_calls_stay_out() -> None:
    plumbing = code(
        "import comet_ml\n"
        "import mitdeeplearning as mdl\n"
        "from pathlib import Path\n"
        "from collections import Counter\n"
        "from .course_models import TinyNet\n"
        "run = comet_ml.Experiment()\n"
        "plotter = mdl.util.PeriodicPlotter(sec=2)\n"
        "folder = Path('data')\n"
        "counts = Counter('abc')\n"
        "net = TinyNet()\n"
        "grid = np.zeros((3, 3))\n"
        "plt.plot(grid[0])\n"
        "print(torch.tensor([1.0]))\n"
    )
    assert new(IMPORTS, plumbing)[1] == []


def test_a_class_the_prose_introduced_is_not_new_in_the_code() -> None:
    prose = md("A `nn.Linear` layer multiplies its input by a weight matrix and adds a bias.\n")
    layer = code("layer = nn.Linear(3, 2)\n")
    assert new(IMPORTS, prose, layer)[2] == []


def test_a_notebook_that_marks_its_solutions_teaches_what_the_student_writes() -> None:
    solution = marked(
        "class Doubler:\n"
        "    def forward(self, x):\n"
        "        ### BEGIN SOLUTION\n"
        "        return nn.Identity()(x) * 2\n"
        "        ### END SOLUTION\n"
    )
    assert new(IMPORTS, solution)[1] == ["Doubler.forward"]


def test_a_comment_spelling_out_an_abbreviated_keyword_names_a_concept() -> None:
    fit = code(
        "# create the optimizer and set the weight decay\n"
        "opt = torch.optim.AdamW(net.parameters(), wd=0.01)\n"
    )
    assert "weight decay" in new(IMPORTS, fit)[1]
    # the same everyday phrase over code that passes no such keyword is a passing phrase
    plain = code("# create the optimizer and set the weight decay\nopt = make(net)\n")
    assert "weight decay" not in new(IMPORTS, plain)[1]


def test_a_comment_sentence_that_says_the_method_below_names_that_step() -> None:
    loop = code(
        "for xs, ys in batches:\n"
        "    # clear the accumulated gradients before this step\n"
        "    trainer.clear_grads()\n"
        "    # print the loss\n"
        "    report.print_loss()\n",
    )
    found = new(code("trainer = make_trainer()\nreport = make_report()\n"), loop)[1]
    assert found == []  # not the cell's own objects: another cell built them
    own = code(
        "trainer = make_trainer()\n"
        "# clear the accumulated gradients before this step\n"
        "trainer.clear_grads()\n"
    )
    assert new(own)[0] == ["trainer.clear_grads"]
    # a one-word method says less than the comment: no concept ("# take a step")
    step = code("trainer = make_trainer()\n# now take one step\ntrainer.step()\n")
    assert new(step)[0] == []


def test_a_call_the_given_code_already_makes_is_no_lesson_of_a_later_todo() -> None:
    given = code("table = np.array([[1, 2], [3, 4]])\n")
    todo = code(
        "# TODO: return the rows as a np.array, and use np.clip to bound them\n"
        "def bounded(rows):\n"
        "    return np.clip(np.array(rows), 0, 1)  # TODO\n"
    )
    found = new(IMPORTS, given, todo)[2]
    assert "numpy.clip" in found and "numpy.array" not in found
    # nor where the cell's own given code makes it above the TODO
    helper = code(
        "def copy(rows):\n"
        "    return np.array(rows)\n"
        "# TODO: take a copy with np.array before you change it\n"
        "changed = copy(table)\n"
    )
    assert "numpy.array" not in new(IMPORTS, helper)[1]


def test_the_unit_a_loop_counts_is_a_term_where_its_cell_says_it() -> None:
    loop = code(
        "# sweep over the dataset several times, one epoch at a time\n"
        "for epoch in range(n_epochs):\n"
        "    run_once(data)\n"
    )
    assert "epoch" in new(loop)[0]
    # said without the loop, a lone everyday-ish word is a passing mention
    said = code("# sweep over the dataset several times, one epoch at a time\nrun_once(data)\n")
    assert "epoch" not in new(said)[0]
    # a loop over items, not a count, names no unit of repetition
    items = code("# one epoch per file\nfor epoch in files:\n    run_once(epoch)\n")
    assert "epoch" not in new(items)[0]
    # nor does a loop variable that is an everyday word ("step", "row")
    rows = code("# fill each row in turn\nfor row in range(4):\n    fill(row)\n")
    assert new(rows)[0] == []


def test_a_comment_spelling_out_part_of_the_name_assigned_below_names_a_concept() -> None:
    cell = code("# a small step for the numerical derivative\nscale, h_nd = 0.1, 1e-5\n")
    assert "numerical derivative" in new(cell)[0]
    # the initials must be a whole part of the name: "nd" is not in "bend"
    apart = code("# a small step for the numerical derivative\nbend = 1e-5\n")
    assert "numerical derivative" not in new(apart)[0]


# A decorator that enhances a class: the student writes one function; what it defines
# inside to patch the class in is how that function is written.
ENHANCER = (
    "def add_logging(cls):\n"
    "    ### BEGIN SOLUTION\n"
    "    plain_push = cls.push\n"
    "    def logged_push(self, item):\n"
    "        print('push', item)\n"
    "        return plain_push(self, item)\n"
    "    def clamp(value):\n"
    "        return min(value, 10)\n"
    "    def on_change(event):\n"
    "        return clamp(event)\n"
    "    cls.push = logged_push\n"
    "    cls.on_change = on_change\n"
    "    return cls\n"
    "    ### END SOLUTION\n"
)


def test_a_closure_is_part_of_the_function_that_defines_it() -> None:
    found = new(marked(ENHANCER))[0]
    # patched in under another name, or a local helper: part of add_logging;
    # stored under its own name, it is an interface of the class and stays
    assert found == ["add_logging", "on_change"]


def test_a_closure_every_operation_defines_is_one_shared_concept() -> None:
    ops = marked(
        "def double(v):\n"
        "    ### BEGIN SOLUTION\n"
        "    def undo(g):\n"
        "        return g / 2\n"
        "    return Value(v * 2, undo)\n"
        "    ### END SOLUTION\n"
        "def negate(v):\n"
        "    ### BEGIN SOLUTION\n"
        "    def undo(g):\n"
        "        return -g\n"
        "    return Value(-v, undo)\n"
        "    ### END SOLUTION\n"
    )
    assert new(ops)[0] == ["double", "undo", "negate"]


def test_an_outline_of_empty_methods_teaches_nothing() -> None:
    sketch = marked(
        '"""TODO: sketch a cache for the results."""\n'
        "### BEGIN SOLUTION\n"
        "class ResultCache:\n"
        "    def evict(self, key):\n"
        '        """Drop the oldest entry."""\n'
        "        # walk the entries by age\n"
        "        pass\n"
        "    def resize(self, limit):\n"
        "        ...\n"
        "def planned_warmup():\n"
        '    """Would fill the cache at start."""\n'
        "    pass\n"
        "def lookup(cache, key):\n"
        "    return cache.get(key)\n"
        "### END SOLUTION\n"
    )
    assert new(sketch)[0] == ["lookup"]


def test_the_words_of_a_helper_beside_the_solution_teach_nothing() -> None:
    solution = marked(
        "class Margin:\n"
        "    def __call__(self, x):\n"
        "        ### BEGIN SOLUTION\n"
        "        # clip the logit spread\n"
        "        return x\n"
        "        ### END SOLUTION\n"
        "\n"
        "def show_margins():\n"
        '    """Print margins, which are logit distances."""\n'
        "    # sweep the hyperbolic penalty over a grid\n"
        "    print(Margin()(1))\n"
    )
    prose = md("The hyperbolic penalty grows with the logit spread.")
    # the helper's comment is no lesson: the term is the prose's, where it is explained
    assert new(solution, prose) == [["Margin.__call__", "logit spread"], ["hyperbolic penalty"]]


def _scheduler(rate_at_body: str) -> str:
    """A solution cell whose constructor the student writes, beside a ``rate_at`` left as
    ``rate_at_body``."""
    return (
        "class Scheduler:\n"
        '    """Base class for every learning-rate schedule."""\n'
        "    def __init__(self, rate):\n"
        "        ### BEGIN SOLUTION\n"
        "        self.rate = rate\n"
        "        ### END SOLUTION\n"
        "    def rate_at(self, step):\n"
        f"        {rate_at_body}\n"
    )


def test_a_base_class_teaches_the_methods_it_declares_for_its_subclasses() -> None:
    base = marked(_scheduler('raise NotImplementedError("Subclasses must implement rate_at()")'))
    assert new(base)[0] == ["Scheduler", "Scheduler.__init__", "Scheduler.rate_at"]
    # an abstract base class whose methods the solution declares, empty as they are
    interface = marked(
        "from abc import ABC, abstractmethod\n"
        "class Source(ABC):\n"
        "    ### BEGIN SOLUTION\n"
        "    @abstractmethod\n"
        "    def __len__(self):\n"
        '        """How many samples."""\n'
        "        pass\n"
        "    @abstractmethod\n"
        "    def __getitem__(self, i):\n"
        "        pass\n"
        "    ### END SOLUTION\n"
    )
    assert new(interface)[0] == ["Source", "Source.__len__", "Source.__getitem__"]
    # a bare NotImplementedError outside the solution is left for the student: no interface
    left = marked(_scheduler("raise NotImplementedError()"))
    assert new(left)[0] == ["Scheduler.__init__"]
