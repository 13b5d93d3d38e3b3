"""A course of modules: concepts from earlier modules are not new, uses before the module
that introduces them are ``concept-order`` findings, modules run in course order."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tinyscaffold_server.cli.main import main
from tinyscaffold_server.course.modules import course_order

SOLUTION = '# %% nbgrader={"grade": false, "solution": true}\n'


def module(path: Path, *cells: str) -> Path:
    """A jupytext percent module: markdown cells given as text, code cells as "code:…"."""
    parts = []
    for cell in cells:
        if cell.startswith("code:"):
            parts.append(SOLUTION + cell[5:] + "\n")
        else:
            lines = "\n".join(f"# {line}" if line else "#" for line in cell.split("\n"))
            parts.append(f"# %% [markdown]\n{lines}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    main(["report", *args, "--format", "json"])
    return json.loads(capsys.readouterr().out)


def new_by_module(payload: dict[str, Any]) -> dict[str, list[str]]:
    return {
        Path(m["path"]).name: [n for c in m["report"]["cells"] for n in c["new_concepts"]]
        for m in payload["modules"]
    }


def order_findings(payload: dict[str, Any]) -> list[tuple[str, int, str]]:
    return [
        (Path(m["path"]).name, f["cell_index"], f["message"])
        for m in payload["modules"]
        for c in m["report"]["cells"]
        for f in c["findings"]
        if f["rule"] == "concept-order"
    ]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    module(
        root / "m01_tensor.py",
        "## What is a Tensor?\n\nA **tensor** is an N-dimensional array.",
        "code:def tensor(data):\n    # no broadcasting yet\n    return data",
    )
    module(
        root / "m02_broadcasting.py",
        "## Broadcasting\n\nBroadcasting stretches a **tensor**: a tensor grows to a shape.",
        "code:def broadcast(tensor, shape):\n    return tensor",
    )
    return root


def test_an_earlier_module_s_concept_is_not_new_later(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = run_json(capsys, str(course))
    # ``def broadcast`` implements the broadcasting the section explains: one concept
    assert new_by_module(payload) == {
        "m01_tensor.py": ["Tensor"],
        "m02_broadcasting.py": ["Broadcasting"],
    }
    # Named on its own, module 2 is still analysed in its course (the folder: no
    # configuration file, no repository); --alone, it introduces the tensor it recalls.
    named = run_json(capsys, str(course / "m02_broadcasting.py"))
    assert [n for c in named["cells"] for n in c["new_concepts"]] == ["Broadcasting"]
    alone = run_json(capsys, str(course / "m02_broadcasting.py"), "--alone")
    assert [n for c in alone["cells"] for n in c["new_concepts"]] == ["Broadcasting", "tensor"]


def test_a_preview_in_a_comment_is_not_a_use(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # m01's "# no broadcasting yet" looks ahead to m02: it relies on nothing
    assert order_findings(run_json(capsys, str(course))) == []


@pytest.fixture
def built_on(tmp_path: Path) -> Path:
    """Autograd builds on the tensor: its code imports Tensor, its prose uses tensors."""
    root = tmp_path / "built_on"
    module(
        root / "m01_tensor.py",
        "## What is a Tensor?\n\nA **tensor** is an N-dimensional array of numbers.",
        "code:class Tensor:\n    def __init__(self, data):\n        self.data = data",
        "Every tensor has a shape. In module 2 we will add **gradients** to it.",
    )
    module(
        root / "m02_autograd.py",
        "## Automatic differentiation\n\n**Autograd** records how each tensor was made.",
        "code:from tinytorch.core.tensor import Tensor\n\nclass Variable(Tensor):\n"
        "    def backward(self):\n        self.grad = 1.0",
        "The gradient of a tensor has the tensor's shape.",
    )
    return root


def test_a_module_placed_before_the_one_it_builds_on_gets_findings(
    built_on: Path, capsys: pytest.CaptureFixture[str], validate_report: Any
) -> None:
    assert order_findings(run_json(capsys, str(built_on))) == []  # its own order holds
    (built_on / "tinyscaffold.toml").write_text(
        'modules = ["m02_autograd.py", "m01_tensor.py"]\n', encoding="utf-8"
    )
    payload = run_json(capsys, str(built_on))
    assert order_findings(payload) == [
        ("m02_autograd.py", 1, "imports “Tensor” before module "
         f"{built_on / 'm01_tensor.py'} introduces it"),
    ]  # fmt: skip
    finding = payload["modules"][0]["report"]["cells"][1]["findings"][-1]
    assert finding["lines"] == [1, 1]  # the import
    for entry in payload["modules"]:
        validate_report(entry["report"])


def test_foreshadowing_in_a_motivation_section_is_not_a_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "course"
    module(
        root / "m1.py",
        "## Tensors\n\nA **tensor** holds data.\n\n### Why it matters\nLater: broadcasting.",
    )
    module(root / "m2.py", "## Broadcasting\n\nBroadcasting stretches shapes.")
    assert order_findings(run_json(capsys, str(root))) == []


def test_the_rule_can_be_switched_off(built_on: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (built_on / "tinyscaffold.toml").write_text(
        'modules = ["m02_autograd.py", "m01_tensor.py"]\n'
        '[thresholds]\nrules = { "concept-order" = false }\n',
        encoding="utf-8",
    )
    assert order_findings(run_json(capsys, str(built_on))) == []


def test_course_order_is_the_config_list_then_natural_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "course"
    for name in ("m10.py", "m2.py", "intro.py"):
        module(
            root / name, f"## {name}\n\nText about **topic {name[:-3]}** here, topic {name[:-3]}."
        )
    payload = run_json(capsys, str(root))
    assert [Path(m["path"]).name for m in payload["modules"]] == ["intro.py", "m2.py", "m10.py"]
    (root / "tinyscaffold.toml").write_text('modules = ["m10.py"]\n', encoding="utf-8")
    payload = run_json(capsys, str(root))
    assert [Path(m["path"]).name for m in payload["modules"]] == ["m10.py", "intro.py", "m2.py"]


def test_natural_order_goes_folder_by_folder() -> None:
    paths = ["c/m10/a.py", "c/m2/b.py", "c.py", "c/m2/a.py"]
    assert course_order(paths) == ["c/m2/a.py", "c/m2/b.py", "c/m10/a.py", "c.py"]
    assert course_order(paths, ["c.py", "c/m10/a.py"])[:2] == ["c.py", "c/m10/a.py"]


def test_each_report_says_where_its_module_stands_in_the_course(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = run_json(capsys, str(course))
    sections = [m["report"]["course"] for m in payload["modules"]]
    assert [(s["position"], s["modules"], s["source"]) for s in sections] == [
        (1, 2, "folder"),
        (2, 2, "folder"),
    ]
    assert sections[1]["root"] == str(course)
    first = payload["course"]["rows"][0]
    assert sections[1]["known_from"] == [{"path": first["path"], "concepts": first["new_concepts"]}]
    assert sections[1]["known_concepts"] == first["new_concepts"]
    # With its configuration file the folder is a course by the rule: the source says so.
    (course / "tinyscaffold.toml").write_text("")
    assert run_json(capsys, str(course))["modules"][0]["report"]["course"]["source"] == "config"
    # Files named one by one are each in their course; --alone, a list of paths, and one
    # file by itself.
    files = [str(p) for p in sorted(course.glob("*.py"))]
    named = run_json(capsys, files[1])["course"]
    assert (named["root"], named["source"], named["position"]) == (str(course), "config", 2)
    listed = run_json(capsys, *files, "--alone")["modules"][1]["report"]["course"]
    assert (listed["root"], listed["source"], listed["position"]) == (None, "paths", 2)
    assert "course" not in run_json(capsys, files[1], "--alone")


def test_backups_are_pointed_out_with_the_exclude_line(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = course / "m02_broadcasting_backup.py"
    backup.write_text((course / "m02_broadcasting.py").read_text())
    main(["report", str(course)])
    text = capsys.readouterr().out
    assert f"{backup}: looks like a copy of m02_broadcasting.py" in text
    assert f"write into a new {course / 'tinyscaffold.toml'}:\n" in text
    assert '  exclude = ["*_backup.py"]\n' in text
    (course / "tinyscaffold.toml").write_text('exclude = ["*_backup.py"]\n')
    payload = run_json(capsys, str(course))
    assert payload["course"]["strays"] == [] and len(payload["modules"]) == 2


def test_a_subfolders_exclude_line_goes_to_its_courses_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``report course/02_b`` of a course in a git repository: the line names the file to
    create at the course's root, with a glob from there (a file of its own in ``02_b`` would
    make it a course of its own), and written there it leaves the copy out of the course."""
    course = tmp_path / "course"
    module(course / "01_a" / "a_dev.py", "## Arrays\n\nAn **array** holds numbers.")
    module(course / "02_b" / "b_dev.py", "## Shapes\n\nA **shape** lists sizes.")
    (course / "02_b" / "b_dev_backup.py").write_text((course / "02_b" / "b_dev.py").read_text())
    subprocess.run(["git", "init", "-q", str(course)], check=True)  # the course: its repository
    exclude = run_json(capsys, str(course / "02_b"))["course"]["exclude"]
    assert exclude["file"] == str(course / "tinyscaffold.toml") and not exclude["exists"]
    assert exclude["line"].startswith('exclude = ["02_b/')
    (course / "tinyscaffold.toml").write_text(exclude["line"] + "\n", encoding="utf-8")
    payload = run_json(capsys, str(course))
    assert [m["path"] for m in payload["modules"]] == [
        str(course / "01_a" / "a_dev.py"),
        str(course / "02_b" / "b_dev.py"),
    ]
    assert payload["course"]["strays"] == []


def test_an_existing_exclude_line_is_replaced_not_added_to(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second ``exclude`` line would be a duplicate key, which TOML refuses: the advice
    says to replace the file's line, and the advised line keeps what it excluded."""
    (course / "tinyscaffold.toml").write_text('exclude = ["scratch/**"]\n')
    backup = course / "m02_broadcasting_backup.py"
    backup.write_text((course / "m02_broadcasting.py").read_text())
    main(["report", str(course)])
    text = capsys.readouterr().out
    assert f"replace the exclude line of {course / 'tinyscaffold.toml'} with:\n" in text
    assert '  exclude = ["scratch/**", "*_backup.py"]\n' in text
    (course / "tinyscaffold.toml").write_text('exclude = ["scratch/**", "*_backup.py"]\n')
    assert run_json(capsys, str(course))["course"]["strays"] == []
