"""One truth per module: a notebook that belongs to a course is analysed in it, live and saved,
so its report, its course row and the CLI's row agree until the author edits."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from server_data import ipynb

from tinyscaffold_server.cli.main import main as cli_main
from tinyscaffold_server.course.rows import module_row

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tinyscaffold_server" / "report.schema.json").read_text("utf-8"))
ROW_FIELDS = ("cells", "lines", "pct_high", "findings", "cliffs", "score", "grade", "new_concepts")


def md(cell_id: str, source: str) -> dict[str, Any]:
    return {"id": cell_id, "cell_type": "markdown", "source": source, "metadata": {}}


def code(cell_id: str, source: str) -> dict[str, Any]:
    return {"id": cell_id, "cell_type": "code", "source": source, "metadata": {}}


MODULES = {
    "01_tensors/tensors.ipynb": [
        md("a", "# Tensors\n\n## Tensors\n\nA **tensor** holds numbers in a grid."),
        code("b", "probabilities = softmax(logits)\n"),
    ],
    "02_softmax/softmax.ipynb": [
        md("a", "# Softmax\n\n## Softmax\n\n**Softmax** turns a tensor into probabilities."),
        code("b", "def softmax(x):\n    return x / x.sum()\n"),
    ],
    "03_loss/loss.ipynb": [
        md("a", "# Loss\n\n## Cross-entropy\n\n**Cross-entropy** compares a softmax with labels."),
    ],
}


@pytest.fixture
def tc(course_tree: Path) -> Iterator[Path]:
    """A three-module course with a configuration file and a backup, removed afterwards."""
    folder = course_tree / "tc"
    for path, cells in MODULES.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(json.dumps(ipynb(cells)))
    shutil.copy(folder / "02_softmax/softmax.ipynb", folder / "02_softmax/softmax_backup.ipynb")
    (folder / "tinyscaffold.toml").write_text('exclude = ["scratch/**"]\n')
    yield folder
    shutil.rmtree(folder)


def live(path: str, cells: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"notebook": {"cells": cells or MODULES[path]}, "path": f"tc/{path}", "doc_id": path}


def row_of(report: dict[str, Any]) -> dict[str, Any]:
    row = module_row("x", report)
    return {key: row[key] for key in ROW_FIELDS}


def test_an_open_module_is_measured_like_its_course_row_and_the_cli(
    fetch: Any, post: Any, tc: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = fetch("course", params={"for": "tc/02_softmax/softmax.ipynb"}).json()
    rows = {row["path"]: row for row in course["modules"]}
    assert course["path"] == "tc" and course["course"]["source"] == "config"
    assert course["course"]["config"] == "tc/tinyscaffold.toml"
    capsys.readouterr()
    assert cli_main(["report", str(tc), "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    cli_rows = {
        Path(row["path"]).relative_to(tc.parent).as_posix(): row for row in cli["course"]["rows"]
    }
    for path in MODULES:
        report = post(live(path)).json()
        jsonschema.validate(report, SCHEMA)
        row = {key: rows[f"tc/{path}"][key] for key in ROW_FIELDS}
        assert row_of(report) == row
        assert {key: cli_rows[f"tc/{path}"][key] for key in ROW_FIELDS} == row
        assert report["course"]["root"] == "tc" and report["course"]["modules"] == 4
    first = post(live("01_tensors/tensors.ipynb")).json()
    # Module 1 names softmax before module 2 introduces it: the course finding, on its cell.
    order = [f for f in first["cells"][1]["findings"] if f["rule"] == "concept-order"]
    assert order and "softmax" in order[0]["message"].lower()
    third = post(live("03_loss/loss.ipynb")).json()
    assert third["course"]["position"] == 4  # after the backup, in natural order
    assert [c["new_concepts"] for c in third["cells"]] == [["Cross-entropy"]]


def test_a_saved_module_changes_what_the_later_ones_know(post: Any, tc: Path) -> None:
    before = post(live("03_loss/loss.ipynb")).json()
    assert [c["new_concepts"] for c in before["cells"]] == [["Cross-entropy"]]
    # The author saves module 1 with a section on labels: labels are no longer new in 3.
    cells = [*MODULES["01_tensors/tensors.ipynb"], md("c", "## Labels\n\n**Labels** name data.")]
    (tc / "01_tensors/tensors.ipynb").write_text(json.dumps(ipynb(cells)))
    after = post(live("03_loss/loss.ipynb")).json()
    (first,) = (m for m in after["course"]["known_from"] if m["path"].startswith("tc/01"))
    (was,) = (m for m in before["course"]["known_from"] if m["path"].startswith("tc/01"))
    assert first["concepts"] == was["concepts"] + 1
    assert after["course"]["known_concepts"] == before["course"]["known_concepts"] + 1
    (tc / "01_tensors/tensors.ipynb").write_text(
        json.dumps(ipynb(MODULES["01_tensors/tensors.ipynb"]))
    )


def test_edits_reuse_the_course_analysis(post: Any, tc: Path, jp_serverapp: Any) -> None:
    courses = jp_serverapp.web_app.settings["tinyscaffold"].courses
    post(live("03_loss/loss.ipynb"))
    entry = courses.fresh("tc", next(iter(courses._entries.values())).config_key)
    edited = [md("a", "# Loss\n\n**Cross-entropy** compares outputs with labels, then more.")]
    for n in range(3):
        post(live("03_loss/loss.ipynb", [md("a", edited[0]["source"] + "!" * n)]))
    assert courses.fresh("tc", entry.config_key) is entry  # listed and analysed once
    os.utime(tc / "02_softmax/softmax.ipynb", ns=(1, 1))  # saved again: the course is stale
    assert courses.fresh("tc", entry.config_key) is None
    assert courses.stats()["courses"] >= 1 and courses.stats()["bytes"] > 0


def test_a_notebook_that_is_not_a_saved_module_is_analysed_alone(post: Any, tc: Path) -> None:
    cells = MODULES["03_loss/loss.ipynb"]
    new = post({"notebook": {"cells": cells}, "path": "tc/03_loss/draft.ipynb"}).json()
    alone = post({"notebook": {"cells": cells}}).json()
    assert "course" not in new
    assert new["cells"] == alone["cells"] and new["summary"] == alone["summary"]
    (tc / "tinyscaffold.toml").write_text('exclude = ["*_backup.ipynb"]\n')
    backup = post(live("02_softmax/softmax_backup.ipynb", MODULES["02_softmax/softmax.ipynb"]))
    assert "course" not in backup.json()


def test_the_overview_of_a_notebook_shows_its_course_and_of_a_folder_that_folder(
    fetch: Any, tc: Path, course_tree: Path
) -> None:
    inner = fetch("course", params={"path": "tc/02_softmax"}).json()
    assert inner["path"] == "tc/02_softmax"
    assert inner["course"]["source"] == "folder"
    assert inner["course"]["belongs_to"] == {"root": "tc", "source": "config"}
    # No configuration file, no repository: the notebook's own folder.
    alone = fetch("course", params={"for": "sub/module3.ipynb"}).json()
    assert (alone["path"], alone["course"]["source"]) == ("sub", "folder")
    # A repository: its root.
    (course_tree / "repo" / "a").mkdir(parents=True)
    (course_tree / "repo" / ".git").mkdir()
    (course_tree / "repo" / "a" / "m.ipynb").write_text(
        json.dumps(ipynb(MODULES["03_loss/loss.ipynb"]))
    )
    try:
        repo = fetch("course", params={"for": "repo/a/m.ipynb"}).json()
        assert (repo["path"], repo["course"]["source"]) == ("repo", "git")
        assert [row["path"] for row in repo["modules"]] == ["repo/a/m.ipynb"]
    finally:
        shutil.rmtree(course_tree / "repo")


def test_backups_are_pointed_out_with_the_exclude_line(fetch: Any, tc: Path) -> None:
    course = fetch("course", params={"path": "tc"}).json()
    assert [(s["path"], s["kind"], s["pattern"]) for s in course["strays"]] == [
        ("tc/02_softmax/softmax_backup.ipynb", "backup", "*_backup.ipynb")
    ]
    assert "copy of 02_softmax/softmax.ipynb" in course["strays"][0]["reason"]
    assert course["exclude"] == {
        "file": "tc/tinyscaffold.toml",
        "exists": True,
        "replaces": True,  # the file's exclude line: the advised one replaces it
        "line": 'exclude = ["scratch/**", "*_backup.ipynb"]',
    }
    (tc / "tinyscaffold.toml").write_text('exclude = ["scratch/**", "*_backup.ipynb"]\n')
    course = fetch("course", params={"path": "tc"}).json()
    assert course["strays"] == [] and course["exclude"] is None
    assert len(course["modules"]) == 3


def test_the_before_after_block_measures_in_the_course_too(fetch: Any, post: Any, tc: Path) -> None:
    badge = post(live("01_tensors/tensors.ipynb")).json()
    base = fetch("baseline", params={"path": "tc/01_tensors/tensors.ipynb", "source": "disk"})
    body = {
        **live("01_tensors/tensors.ipynb"),
        "baseline": "disk",
        "before": base.json()["snapshot"],
    }
    compared = fetch("compare", method="POST", body=json.dumps(body)).json()
    assert compared["course"] == badge["course"]
    assert compared["summary"] == badge["summary"]
    module = compared["delta"]["module"]
    assert module["score"]["before"] == badge["summary"]["scaffolding"]["score"]
    assert module["findings"]["before"] == module["findings"]["after"] == row_of(badge)["findings"]


def test_a_bad_notebook_path_for_the_course_is_refused_like_any_path(fetch: Any) -> None:
    for bad, status in (("../x.ipynb", 403), ("/etc/passwd", 403), ("", 400)):
        reply = fetch("course", params={"for": bad})
        assert reply.code == status, bad
        assert reply.json()["error"] in ("forbidden-path", "invalid-request")
    # A notebook that does not exist (yet) is in the course of its folder.
    assert fetch("course", params={"for": "sub/new.ipynb"}).json()["path"] == "sub"
