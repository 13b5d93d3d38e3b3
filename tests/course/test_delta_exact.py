"""Exact, honest deltas: every finding that appeared, was fixed or was silenced is listed, the
lists account for the change of the counts, and the student view's numbers carry before → after.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from tinyscaffold_server import analyze, load_notebook
from tinyscaffold_server.cli.main import main
from tinyscaffold_server.course.baseline import compare_live, saved_payload, slim
from tinyscaffold_server.course.delta import module_delta, snapshot
from tinyscaffold_server.course.student import student_report
from tinyscaffold_server.render.delta import delta_text
from tinyscaffold_server.render.text import render_module

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "activations_dev.py"


def _long_block(name: str, sloc: int) -> str:
    body = "".join(f"    x = x + {n}\n" for n in range(sloc))
    return f"def {name}(x):\n    ### BEGIN SOLUTION\n{body}    return x\n    ### END SOLUTION\n"


def _code(source: str, **metadata: Any) -> dict[str, Any]:
    meta = {"nbgrader": {"solution": True}, **metadata}
    return {"cell_type": "code", "source": source, "metadata": meta}


def _delta(before: dict[str, Any], after: dict[str, Any], analyse: Any = analyze) -> Any:
    old = snapshot("m.ipynb", before, analyse(before, None, frozenset()))
    new = snapshot("m.ipynb", after, analyse(after, None, frozenset()))
    return module_delta(old, new, "HEAD")


def _adds_up(delta: dict[str, Any]) -> None:
    """The count's change is accounted for, item by item."""
    for kind in ("findings", "cliffs"):
        lists = delta[kind]
        listed = len(lists["appeared"]) - len(lists["fixed"]) - len(lists["silenced"])
        assert delta["module"][kind]["change"] == listed, kind


def test_a_second_finding_of_one_rule_on_one_cell_is_listed_and_fails_the_gate() -> None:
    one = {"cells": [_code(_long_block("a", 35))], "metadata": {}}
    two = {"cells": [_code(_long_block("a", 35) + "\n\n" + _long_block("b", 40))], "metadata": {}}
    delta = _delta(one, two)
    # The cell already had a block-sloc finding: the second one is listed all the same.
    [appeared] = [f for f in delta["findings"]["appeared"] if f["rule"] == "block-sloc"]
    assert "41 SLOC" in appeared["message"]
    assert "new finding block-sloc (cell 1)" in delta["regressions"]
    _adds_up(delta)
    # And back: the second block's finding is fixed, the first one stays (not listed).
    back = _delta(two, one)
    [fixed] = [f for f in back["findings"]["fixed"] if f["rule"] == "block-sloc"]
    assert "41 SLOC" in fixed["message"] and fixed["after_index"] == 0
    _adds_up(back)


def test_a_changed_message_of_the_same_finding_is_neither_new_nor_fixed() -> None:
    before = {"cells": [_code(_long_block("a", 35))], "metadata": {}}
    after = {"cells": [_code(_long_block("a", 36))], "metadata": {}}
    delta = _delta(before, after)
    assert delta["findings"] == {"appeared": [], "fixed": [], "silenced": []}
    assert delta["regressions"] == []


def test_silencing_a_rule_is_silenced_not_fixed() -> None:
    cell = _code(_long_block("a", 35))
    before = {"cells": [cell], "metadata": {}}
    quiet = copy.deepcopy(cell)
    quiet["metadata"]["tinyscaffold"] = {"ignore_rules": ["block-sloc"]}
    delta = _delta(before, {"cells": [quiet], "metadata": {}})
    assert delta["findings"]["fixed"] == []
    [silenced] = delta["findings"]["silenced"]
    assert silenced["rule"] == "block-sloc" and silenced["after_index"] == 0
    _adds_up(delta)
    text = "\n".join(delta_text({"delta": delta}))
    assert "- silenced cell 1 block-sloc:" in text and "fixed" not in text


def test_ignoring_a_cell_silences_its_findings() -> None:
    cell = _code(_long_block("a", 35))
    ignored = copy.deepcopy(cell)
    ignored["metadata"]["tags"] = ["tinyscaffold-ignore"]
    delta = _delta({"cells": [cell], "metadata": {}}, {"cells": [ignored], "metadata": {}})
    assert delta["findings"]["fixed"] == [] and len(delta["findings"]["silenced"]) >= 1
    _adds_up(delta)


def test_a_real_fix_next_to_a_silenced_rule_is_still_fixed() -> None:
    cell = _code(_long_block("a", 35))
    fixed = _code(_long_block("a", 5), tinyscaffold={"ignore_rules": ["cell-sloc"]})
    delta = _delta({"cells": [cell], "metadata": {}}, {"cells": [fixed], "metadata": {}})
    assert "block-sloc" in [f["rule"] for f in delta["findings"]["fixed"]]
    assert "block-sloc" not in [f["rule"] for f in delta["findings"]["silenced"]]


def _edited(notebook: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A random author's session: cells dropped, duplicated, moved, lengthened, silenced."""
    cells = copy.deepcopy(notebook["cells"])
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(cells))
        action = rng.choice(["drop", "dup", "move", "grow", "silence", "ignore"])
        if action == "drop" and len(cells) > 2:
            cells.pop(at)
        elif action == "dup":
            cells.insert(at, copy.deepcopy(cells[at]))
        elif action == "move":
            cells.insert(rng.randrange(len(cells)), cells.pop(at))
        elif action == "grow" and cells[at]["cell_type"] == "code":
            cells[at]["source"] += "\n" + _long_block(f"extra{at}", rng.randint(5, 40))
        elif action == "silence":
            rules = rng.sample(["cell-sloc", "block-sloc", "new-concepts", "concept-bridge"], 2)
            cells[at].setdefault("metadata", {})["tinyscaffold"] = {"ignore_rules": rules}
        elif action == "ignore":
            cells[at].setdefault("metadata", {})["tags"] = ["tinyscaffold-ignore"]
    return {**notebook, "cells": cells}


@pytest.mark.parametrize("seed", range(12))
def test_random_edits_the_lists_always_add_up_to_the_counts(seed: int) -> None:
    rng = random.Random(seed)
    notebook = load_notebook(EXAMPLE)
    for cell in notebook["cells"]:
        cell.pop("id", None)  # a percent file has no ids: matching by content and position
    edited = _edited(notebook, rng)
    delta = _delta(notebook, edited)
    _adds_up(delta)
    appeared = len(delta["findings"]["appeared"]) + len(delta["cliffs"]["appeared"])
    new_ones = [r for r in delta["regressions"] if r.startswith(("new finding", "new cliff"))]
    assert len(new_ones) == appeared
    # The slim snapshot the browser keeps gives the same delta.
    old = snapshot("m.py", notebook, analyze(notebook))
    new = snapshot("m.py", edited, analyze(edited))
    assert module_delta(slim(old), new, "HEAD") == delta


def test_fail_on_regression_names_each_new_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    one = {"cells": [_code(_long_block("a", 35))], "metadata": {}, "nbformat": 4,
           "nbformat_minor": 5}  # fmt: skip
    (tmp_path / "m.ipynb").write_text(json.dumps(one))
    assert main(["report", "m.ipynb", "--save-baseline", "before.json", "--no-cache"]) == 0
    three = copy.deepcopy(one)
    three["cells"][0]["source"] += "\n\n" + _long_block("b", 40) + "\n\n" + _long_block("c", 45)
    (tmp_path / "m.ipynb").write_text(json.dumps(three))
    capsys.readouterr()
    args = ["report", "m.ipynb", "--baseline", "before.json", "--fail-on-regression", "--no-cache"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.count("regression against before.json: new finding block-sloc (cell 1)") == 2


def test_the_student_view_carries_before_and_after() -> None:
    notebook = load_notebook(EXAMPLE)
    before = copy.deepcopy(notebook)
    # The Tanh solution (cell 12) gets a longer body: the student writes more.
    tanh = notebook["cells"][11]
    tanh["source"] = tanh["source"].replace(
        "### END SOLUTION", "extra = 1\n    extra = extra + 1\n    ### END SOLUTION"
    )
    delta = _delta(before, notebook, student_report)
    student = delta["student"]
    sloc = student["totals"]["writes_sloc"]
    assert sloc["change"] == 2 and sloc["after"] == sloc["before"] + 2
    changed = [ex for ex in student["exercises"] if ex["writes_sloc"]["change"]]
    assert [(ex["index"], ex["before_index"], ex["writes_sloc"]["change"]) for ex in changed] == [
        (11, 11, 2)
    ]
    report = compare_live(notebook, "m.py", None, snapshot("m.py", before, student_report(before)),
                          "HEAD", student_report)  # fmt: skip
    assert report["delta"]["student"] == student
    text = render_module(report, "m.py", width=100, color=False)
    total = f"the student writes {sloc['before']} \N{RIGHTWARDS ARROW} {sloc['after']} SLOC"
    assert total in text
    assert "cell 12: reads complexity 1, writes 2 \N{RIGHTWARDS ARROW} 4 SLOC" in text


def test_a_saved_baseline_keeps_the_student_numbers_for_the_browser(tmp_path: Path) -> None:
    notebook = load_notebook(EXAMPLE)
    snap = snapshot("m.py", notebook, student_report(notebook))
    kept = slim(snap)
    assert kept["report"]["student"] == snap["report"]["student"]
    assert len(json.dumps(saved_payload([kept]))) < 20_000
    new = module_delta(None, snap, "HEAD")["student"]
    assert all(change["before"] is None for change in new["totals"].values())
