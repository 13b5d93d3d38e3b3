"""GET /tinyscaffold/baseline and POST /tinyscaffold/compare: git under the root, read-only."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from server_data import BRANCHY, PERCENT_PY, cell, ipynb, module_cells, tree_digest

import tinyscaffold_server
from tinyscaffold_server import analyze
from tinyscaffold_server.course.baseline import saved_payload
from tinyscaffold_server.course.delta import snapshot

SOLUTION_LONGER = (
    "def relu(x):\n"
    '    """Rectified linear unit."""\n'
    "    # TODO: return x when positive, else 0\n"
    "    ### BEGIN SOLUTION\n"
    "    if x > 0:\n"
    "        return x\n"
    "    return 0\n"
    "    ### END SOLUTION\n"
)
SCHEMA = json.loads(
    (Path(tinyscaffold_server.__file__).parent / "report.schema.json").read_text("utf-8")
)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(autouse=True)
def course_tree(jp_root_dir: Path) -> Iterator[Path]:
    """A git repository under the server root (committed module, then an uncommitted edit)
    and a saved baseline; every file, .git included, must be unchanged after each test."""
    repo = jp_root_dir / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "a@example.org")
    _git(repo, "config", "user.name", "A")
    (repo / "m.ipynb").write_text(json.dumps(ipynb(module_cells()[:3])))
    (repo / "m2.py").write_text(PERCENT_PY)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "start")
    # The edit since HEAD: a branchy cell arrives (complexity 3).
    (repo / "m.ipynb").write_text(json.dumps(ipynb(module_cells())))
    (repo / "new.ipynb").write_text(json.dumps(ipynb(module_cells())))
    saved = ipynb(module_cells()[:2])
    snap = snapshot("repo/m.ipynb", saved, analyze(saved))
    (repo / "before.json").write_text(json.dumps(saved_payload([snap])))
    (jp_root_dir / "plain").mkdir()
    (jp_root_dir / "plain" / "m.ipynb").write_text(json.dumps(ipynb(module_cells())))
    before = tree_digest(jp_root_dir)
    yield jp_root_dir
    assert tree_digest(jp_root_dir) == before, "the extension changed files under the root"


def _get(fetch: Any, **params: str) -> Any:
    return fetch("baseline", params=params)


def test_git_baseline_of_a_module_is_its_last_commit(fetch: Any) -> None:
    reply = _get(fetch, path="repo/m.ipynb")
    assert reply.code == 200
    data = reply.json()
    assert data["status"] == "found" and data["baseline"] == "HEAD"
    assert len(data["snapshot"]["report"]["cells"]) == 3  # as committed, not as on disk
    assert [c["id"] for c in data["snapshot"]["cells"]] == ["intro", "sol", "test"]


def test_compare_live_notebook_with_the_baseline(fetch: Any) -> None:
    before = _get(fetch, path="repo/m.ipynb").json()["snapshot"]
    cells = module_cells()
    cells.insert(1, cell("extra", "code", BRANCHY))
    body = {"notebook": {"cells": cells}, "path": "repo/m.ipynb", "baseline": "HEAD",
            "before": before}  # fmt: skip
    reply = fetch("compare", method="POST", body=json.dumps(body))
    assert reply.code == 200
    report = reply.json()
    jsonschema.validate(report, SCHEMA)
    delta = report["delta"]
    assert delta["status"] == "changed"
    assert [c["matched_by"] for c in delta["cells"]] == ["id", None, "id", "id", None]
    assert delta["cells"][1]["complexity"] == {"before": None, "after": 3, "change": None}


def test_a_module_not_in_the_last_commit_is_new(fetch: Any) -> None:
    data = _get(fetch, path="repo/new.ipynb").json()
    assert data["status"] == "new" and data["snapshot"] is None
    body = {"notebook": {"cells": module_cells()}, "path": "repo/new.ipynb", "baseline": "HEAD",
            "before": None}  # fmt: skip
    report = fetch("compare", method="POST", body=json.dumps(body)).json()
    assert report["delta"]["status"] == "new"


def test_bad_ref_and_no_repository_are_json_4xx(fetch: Any) -> None:
    reply = _get(fetch, path="repo/m.ipynb", ref="no-such-branch")
    assert reply.code == 400 and reply.json()["error"] == "invalid-ref"
    reply = _get(fetch, path="repo/m.ipynb", ref="--output=/tmp/x")
    assert reply.code == 400 and reply.json()["error"] == "invalid-ref"
    reply = _get(fetch, path="plain/m.ipynb")
    assert reply.code == 422 and reply.json()["error"] == "not-in-git"
    assert "not in a git repository" in reply.json()["detail"]


def test_paths_outside_the_root_are_refused(fetch: Any) -> None:
    reply = _get(fetch, path="../etc/passwd")
    assert reply.code == 403
    reply = _get(fetch, path="repo/missing.ipynb")
    assert reply.code == 404


def test_disk_baseline_and_student_view(fetch: Any) -> None:
    data = _get(fetch, path="repo/m2.py", source="disk", view="student").json()
    assert data["status"] == "found" and data["baseline"] == "file as opened"
    body = {"notebook": {"cells": module_cells()}, "path": "repo/m.ipynb", "view": "student"}
    report = fetch("compare", method="POST", body=json.dumps(body)).json()
    assert "delta" not in report
    assert report["student"]["exercises"] == [
        {"index": 1, "reads": 1, "writes_sloc": 1, "writes_cc": 1}
    ]


def test_a_forged_snapshot_is_refused(fetch: Any) -> None:
    body = {"notebook": {"cells": module_cells()}, "baseline": "HEAD", "before": {"x": 1}}
    reply = fetch("compare", method="POST", body=json.dumps(body))
    assert reply.code == 422 and reply.json()["error"] == "invalid-baseline"
    body = {"notebook": {"cells": module_cells()}, "view": "teacher"}
    assert fetch("compare", method="POST", body=json.dumps(body)).code == 400


def test_saved_baseline_file_under_the_root(fetch: Any, jp_root_dir: Path) -> None:
    reply = _get(fetch, path="repo/m.ipynb", source="file", file="repo/none.json")
    assert reply.code == 404
    reply = _get(fetch, path="repo/m.ipynb", source="file", file="repo/m2.py")
    assert reply.code == 422 and reply.json()["error"] == "invalid-baseline"
    data = _get(fetch, path="repo/m.ipynb", source="file", file="repo/before.json").json()
    assert data["status"] == "found" and data["baseline"] == "repo/before.json"
    assert len(data["snapshot"]["report"]["cells"]) == 2


def test_compare_with_the_notebook_as_opened(fetch: Any) -> None:
    opened = {"cells": module_cells()[:2], "metadata": {}}
    body = {"notebook": {"cells": module_cells()}, "baseline": "file as opened",
            "before_notebook": opened}  # fmt: skip
    delta = fetch("compare", method="POST", body=json.dumps(body)).json()["delta"]
    assert delta["status"] == "changed"
    assert [c["before_index"] for c in delta["cells"]] == [0, 1, None, None]
    body["before_notebook"] = {"cells": "nope"}
    reply = fetch("compare", method="POST", body=json.dumps(body))
    assert reply.code == 422 and reply.json()["error"] == "invalid-baseline"


def test_course_rows_carry_the_delta_to_a_git_baseline(fetch: Any) -> None:
    data = fetch("course", params={"path": "repo", "baseline": "HEAD"}).json()
    deltas = {row["path"]: row["delta"] for row in data["modules"]}
    assert deltas["repo/new.ipynb"]["status"] == "new"
    assert deltas["repo/m2.py"]["status"] == "unchanged"
    assert deltas["repo/m.ipynb"]["status"] == "changed"
    assert deltas["repo/m.ipynb"]["baseline"] == "HEAD"
    reply = fetch("course", params={"path": "repo", "baseline": "nope"})
    assert reply.code == 400 and reply.json()["error"] == "invalid-ref"
    plain = fetch("course", params={"path": "plain", "baseline": "HEAD"}).json()
    assert plain["modules"][0]["delta"] is None  # not in a repository: no delta, no error


def test_student_view_compare_carries_before_and_after(fetch: Any) -> None:
    """The panel's student toggle: the exercises and totals come with their "before"."""
    opened = {"cells": module_cells(), "metadata": {}}
    edited = module_cells()
    edited[1]["source"] = SOLUTION_LONGER
    body = {"notebook": {"cells": edited}, "baseline": "file as opened",
            "before_notebook": opened, "view": "student"}  # fmt: skip
    report = fetch("compare", method="POST", body=json.dumps(body)).json()
    jsonschema.validate(report, SCHEMA)
    student = report["delta"]["student"]
    assert student["totals"]["writes_sloc"] == {"before": 1, "after": 3, "change": 2}
    [exercise] = student["exercises"]
    assert exercise["index"] == 1 and exercise["before_index"] == 1
    assert exercise["writes_sloc"] == {"before": 1, "after": 3, "change": 2}


def test_compare_reports_a_silenced_rule_as_silenced(fetch: Any) -> None:
    opened = {"cells": module_cells(), "metadata": {}}
    before = fetch("compare", method="POST", body=json.dumps(
        {"notebook": opened, "baseline": "x", "before_notebook": opened})).json()  # fmt: skip
    [finding, *_] = [f for c in before["cells"] for f in c["findings"]]
    quiet = module_cells()
    target = quiet[finding["cell_index"]]
    target["metadata"] = {**target["metadata"], "tinyscaffold": {"ignore_rules": [finding["rule"]]}}
    body = {"notebook": {"cells": quiet}, "baseline": "x", "before_notebook": opened}
    delta = fetch("compare", method="POST", body=json.dumps(body)).json()["delta"]
    assert delta["findings"]["fixed"] == []
    assert [(f["rule"], f["after_index"]) for f in delta["findings"]["silenced"]] == [
        (finding["rule"], finding["cell_index"])
    ]
    assert delta["module"]["findings"]["change"] == -1
