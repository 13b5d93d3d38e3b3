"""A module in its course: which folder is the course, what a module takes from it, and the
files that look like copies rather than modules."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tinyscaffold_server.core.analyzer import analyze
from tinyscaffold_server.core.config import merge_config
from tinyscaffold_server.course.concept_order import OrderCheck
from tinyscaffold_server.course.concepts import CourseModule, later_concepts
from tinyscaffold_server.course.context import analyse_course, course_analysis, in_context
from tinyscaffold_server.course.course_root import locate_course
from tinyscaffold_server.course.strays import exclude_line, find_strays

CONFIG = merge_config()


def md(source: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "source": source, "metadata": {}}


def code(source: str) -> dict[str, Any]:
    return {"cell_type": "code", "source": source, "metadata": {}}


def course() -> list[CourseModule]:
    return [
        CourseModule("01.ipynb", {"cells": [md("## Tensors\n\nA **tensor** holds numbers."),
                                            code("probabilities = softmax(logits)\n")]}),
        CourseModule("02.ipynb", {"cells": [md("## Softmax\n\n**Softmax** turns a tensor into "
                                               "probabilities.")]}),
        CourseModule("03.ipynb", {"cells": [md("## Loss\n\nThe **loss** compares softmax "
                                               "outputs of a tensor with labels.")]}),
    ]  # fmt: skip


def analyse_one(module: CourseModule, known: frozenset[str]) -> dict[str, Any]:
    return analyze(module.notebook, CONFIG, known)


def names(report: dict[str, Any]) -> list[str]:
    return [name for cell in report["cells"] for name in cell["new_concepts"]]


def rules(report: dict[str, Any]) -> list[str]:
    return [finding["rule"] for cell in report["cells"] for finding in cell["findings"]]


def test_the_course_analysis_is_the_course_with_a_section_saying_where_each_module_stands() -> None:
    reports, contexts = course_analysis(course(), analyse_one, CONFIG, "course", "config")
    plain = analyse_course(course(), analyse_one, CONFIG)
    for report, alone in zip(reports, plain, strict=True):
        assert report is not None and alone is not None
        assert {k: v for k, v in report.items() if k != "course"} == alone
    assert [names(r) for r in reports if r] == [["Tensors"], ["Softmax"], ["Loss"]]
    assert "concept-order" in rules(reports[0])  # 01 uses softmax before 02 introduces it
    assert reports[2]["course"] == {  # type: ignore[index]
        "root": "course",
        "source": "config",
        "position": 3,
        "modules": 3,
        "known_concepts": 2,
        "known_from": [{"path": "01.ipynb", "concepts": 1}, {"path": "02.ipynb", "concepts": 1}],
    }
    assert [c.position for c in contexts] == [1, 2, 3]
    assert [path for path, _ in contexts[0].later] == ["02.ipynb", "03.ipynb"]


def test_positions_count_the_modules_that_could_not_be_read() -> None:
    order = ["01.ipynb", "01b.ipynb", "02.ipynb", "03.ipynb"]
    _, contexts = course_analysis(course(), analyse_one, CONFIG, "c", "folder", order)
    assert [(c.position, c.modules) for c in contexts] == [(1, 4), (3, 4), (4, 4)]


def test_a_live_module_is_measured_like_its_row_until_it_is_edited() -> None:
    modules = course()
    reports, contexts = course_analysis(modules, analyse_one, CONFIG, "c", "folder")
    live = modules[0].notebook
    again = in_context(analyze(live, CONFIG, contexts[0].known), live, contexts[0], CONFIG)
    assert again == reports[0]
    # The author now introduces softmax in module 1 itself: using it there is no longer early.
    edited = copy.deepcopy(live)
    edited["cells"].insert(1, md("## Softmax\n\n**Softmax** turns scores into probabilities."))
    report = in_context(analyze(edited, CONFIG, contexts[0].known), edited, contexts[0], CONFIG)
    assert "Softmax" in names(report) and "concept-order" not in rules(report)
    # ...and a later module's concept the edit starts to use is found at once.
    edited["cells"].append(md("## Loss\n\nA **loss** compares outputs with labels."))
    edited["cells"][1] = md("Nothing new here.")
    report = in_context(analyze(edited, CONFIG, contexts[0].known), edited, contexts[0], CONFIG)
    assert "Loss" in names(report)
    assert rules(report).count("concept-order") == 1  # softmax; loss is now introduced here


def test_the_rule_switched_off_adds_no_course_findings() -> None:
    config = merge_config({"rules": {"concept-order": False}})
    reports, _ = course_analysis(course(), analyse_one, config, "c", "folder")
    assert all("concept-order" not in rules(r) for r in reports if r)


# -- which folder is the course ------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for folder in ("repo/course/01", "repo/course/02", "loose/a", "nested/course/01"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    (tmp_path / "nested" / ".git").mkdir()
    (tmp_path / "nested" / "course" / "tinyscaffold.toml").write_text("")
    (tmp_path / "nested" / "course" / "01" / "m.ipynb").write_text("{}")
    (tmp_path / "repo" / "course" / "01" / "m.ipynb").write_text("{}")
    (tmp_path / "loose" / "a" / "m.ipynb").write_text("{}")
    return tmp_path


def test_the_nearest_configuration_file_makes_the_course(tree: Path) -> None:
    found = locate_course(tree / "nested" / "course" / "01" / "m.ipynb")
    assert (found.root, found.source) == ((tree / "nested" / "course").resolve(), "config")
    assert found.config_file == (tree / "nested" / "course" / "tinyscaffold.toml").resolve()


def test_else_the_repository_root_else_the_notebook_s_folder(tree: Path) -> None:
    found = locate_course(tree / "repo" / "course" / "01" / "m.ipynb")
    assert (found.root, found.source) == ((tree / "repo").resolve(), "git")
    found = locate_course(tree / "loose" / "a" / "m.ipynb")
    assert (found.root, found.source) == ((tree / "loose" / "a").resolve(), "folder")
    assert locate_course(tree / "loose" / "a").root == (tree / "loose" / "a").resolve()


def test_never_above_the_server_root(tree: Path) -> None:
    # A server rooted inside the repository shows the repository's part under its root.
    root = tree / "repo" / "course"
    found = locate_course(root / "01" / "m.ipynb", stop_at=root)
    assert (found.root, found.source) == (root.resolve(), "git")
    # A configuration file above the root is not looked for.
    root = tree / "nested" / "course" / "01"
    found = locate_course(root / "m.ipynb", stop_at=root)
    assert (found.root, found.source) == (root.resolve(), "git")


# -- backups and twins ---------------------------------------------------------------------


def test_backups_and_copies_are_pointed_out_with_the_glob_that_leaves_them_out() -> None:
    paths = [
        "01_tensor/tensor_dev.py",
        "01_tensor/tensor_dev_backup.py",
        "02_layers/layers_dev.ipynb",
        "02_layers/layers_dev copy.ipynb",
        "02_layers/layers_dev-Copy1.ipynb",
        "03_loss/old_loss.py",
        "03_loss/loss.bak.py",
        "03_loss/loss_dev.py",
        "04_bold/bold_dev.py",  # "bold" and "threshold" are words, not backup marks
        "04_bold/threshold.py",
    ]
    found = {s.path: s for s in find_strays(paths)}
    assert sorted(found) == sorted(paths[1:2] + paths[3:7])
    backup = found["01_tensor/tensor_dev_backup.py"]
    assert (backup.kind, backup.pattern) == ("backup", "*_backup.py")
    assert backup.reason == "looks like a copy of 01_tensor/tensor_dev.py"
    assert found["02_layers/layers_dev copy.ipynb"].pattern == "* copy*.ipynb"
    assert found["02_layers/layers_dev-Copy1.ipynb"].pattern == "*-Copy*.ipynb"
    assert found["03_loss/old_loss.py"].pattern == "old_*.py"
    assert found["03_loss/loss.bak.py"].pattern == "*.bak.py"
    line = exclude_line(["scratch/**"], found.values())
    assert line.startswith('exclude = ["scratch/**", "*_backup.py", ')


def test_twins_name_the_copy_and_a_glob_never_leaves_out_a_real_module() -> None:
    found = find_strays(["a/layers.md", "a/layers.ipynb", "b/old_school.py", "b/old_x.py"])
    twins = [s for s in found if s.kind == "twin"]
    assert [(s.path, s.pattern) for s in twins] == [("a/layers.ipynb", "a/layers.ipynb")]
    assert "a/layers.md" in twins[0].reason
    # old_school.py is flagged as well: both match "old_*.py", so the glob stands.
    assert {s.pattern for s in found if s.kind == "backup"} == {"old_*.py"}
    # A glob that would also catch an unflagged module is narrowed to the exact path.
    found = find_strays(["x/data (1).ipynb", "x/data.ipynb", "x/chapter (a).ipynb"])
    assert [(s.path, s.pattern) for s in found] == [("x/data (1).ipynb", "x/data (1).ipynb")]


def test_the_order_check_reads_each_cell_once_within_its_bounds() -> None:
    modules = course()
    reports = [analyse_one(module, frozenset()) for module in modules]
    check = OrderCheck(later_concepts(modules, reports)[1:], max_chars=60)
    uses = "probabilities = softmax(logits)\n"
    facts = check.cell("code", uses)
    assert facts is check.cell("code", uses)  # kept per cell source: a live edit reads anew
    assert facts.names is not None and "softmax" in facts.names.loaded
    # a cell that spells no later concept is neither parsed nor split into sentences
    assert check.cell("markdown", "Shapes and strides.") == (None, ())
    for n in range(10):
        check.cell("code", f"x{n} = softmax({n})\n")
    assert check._chars <= 60  # bounded by the characters kept
