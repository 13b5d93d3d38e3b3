"""What the tool must not report (issue 19, precision, general signals): settings the
reader fills in, the labels of callouts, names given to a formula's variables."""

from __future__ import annotations

from concept_cells import code, new


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
