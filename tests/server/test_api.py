"""Success paths of every endpoint, with the values the core computes for known notebooks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from server_data import BRANCHY, cell, ipynb, module_cells

import tinyscaffold_server
from tinyscaffold_server.core.config import RULE_IDS

SCHEMA = json.loads(
    (Path(tinyscaffold_server.__file__).parent / "report.schema.json").read_text("utf-8")
)


def test_config_lists_defaults_effective_server_values_and_rules(fetch: Any) -> None:
    reply = fetch("config")
    assert reply.code == 200
    data = reply.json()
    assert data["defaults"]["max_cell_sloc"] == {
        "default": 30,
        "description": "SLOC allowed in a solution or demo cell",
    }
    assert data["effective"]["test_cell_note_sloc"] == 70  # TinyScaffold.thresholds
    assert data["effective"]["max_cell_sloc"] == 30
    assert data["rules"] == list(RULE_IDS)
    assert data["server"]["max_body_bytes"] == 10 * 1024 * 1024
    assert data["server"]["max_sessions"] == 8


def test_post_analyze_reports_known_values_and_echoes(post: Any) -> None:
    body = {"notebook": {"cells": module_cells()}, "seq": 7, "path": "m/live.ipynb"}
    reply = post(body)
    assert reply.code == 200
    report = reply.json()
    jsonschema.validate(report, SCHEMA)
    assert (report["seq"], report["path"]) == (7, "m/live.ipynb")
    assert [c["role"] for c in report["cells"]] == ["explanation", "solution", "test", "demo"]
    branchy = report["cells"][3]
    assert branchy["complexity"] == 3
    assert branchy["complexity_why"] == [
        "base 1",
        "SLOC 14 → +1",
        "CC 7 (B) in sign_bucket → +1",
    ]
    # "We meet **ReLU**" only mentions it: the solution that implements relu introduces it.
    assert [c["new_concepts"] for c in report["cells"][:2]] == [[], ["relu"]]
    summary = report["summary"]
    # G 0.25 (TODO only), F 1, L 1, B 1 (a short solution needs no APPROACH steps), P 1,
    # C 0.25 (ReLU: code only), T 0.2 (a bare test) → S = 1 + 4 * 4.7 / 7 = 3.7
    assert summary["scaffolding"]["score"] == 3.7
    assert summary["grade"] == "B"
    assert report["config"]["test_cell_note_sloc"] == 70
    timing = reply.headers["Server-Timing"]
    assert timing.startswith("analysis;dur=") and ", total;dur=" in timing
    assert float(reply.headers["X-Tinyscaffold-Analysis-Ms"]) >= 0


def test_request_config_overrides_server_config(post: Any) -> None:
    body = {
        "notebook": {"cells": [cell("b", "code", BRANCHY)]},
        "config": {"sloc_bands": [5, 10, 20], "test_cell_note_sloc": 90},
    }
    report = post(body).json()
    # SLOC 14 is now in the third band (+2), CC 7 still +1.
    assert report["cells"][0]["complexity"] == 4
    assert report["config"]["test_cell_note_sloc"] == 90
    assert report["seq"] is None and report["path"] is None


def test_notebook_metadata_overrides_request_config(post: Any) -> None:
    notebook = {
        "cells": [cell("b", "code", BRANCHY)],
        "metadata": {"tinyscaffold": {"cc_bands": [10, 20]}},
    }
    report = post({"notebook": notebook, "config": {"cc_bands": [2, 3]}}).json()
    assert report["cells"][0]["complexity"] == 2  # SLOC +1, CC 7 ≤ 10 → +0


def test_get_analyze_ipynb_through_contents_manager(fetch: Any) -> None:
    reply = fetch("analyze", params={"path": "module1.ipynb"})
    assert reply.code == 200
    report = reply.json()
    jsonschema.validate(report, SCHEMA)
    assert report["path"] == "module1.ipynb" and report["seq"] is None
    assert report["cells"][3]["complexity"] == 3
    assert report["summary"]["grade"] == "B"


def test_get_analyze_jupytext_py_through_contents_manager(fetch: Any) -> None:
    reply = fetch("analyze", params={"path": "module2.py"})
    assert reply.code == 200
    report = reply.json()
    jsonschema.validate(report, SCHEMA)
    # The YAML header is metadata, not a cell; the nbgrader marker makes cell 1 a solution.
    assert [c["role"] for c in report["cells"]] == ["explanation", "solution", "test"]
    assert [c["new_concepts"] for c in report["cells"][:2]] == [[], ["sigmoid"]]
    assert report["summary"]["counts"]["lines"] == 7
    # G 0, F 1, L 1, B 1 (short: no steps needed), P 1, C 0.25 (sigmoid: code only), T 0.2
    # → 1 + 4 * 4.45 / 7
    assert (report["summary"]["scaffolding"]["score"], report["summary"]["grade"]) == (3.5, "B")


def test_get_analyze_in_subdirectory(fetch: Any) -> None:
    report = fetch("analyze", params={"path": "sub/module3.ipynb"}).json()
    assert report["summary"]["counts"]["cells"] == 2
    assert report["summary"]["grade"] == "C"


def test_course_rows_and_total(fetch: Any) -> None:
    reply = fetch("course", params={"path": ""})
    assert reply.code == 200
    data = reply.json()
    rows = {row["path"]: row for row in data["modules"]}
    analysed = fetch("analyze", params={"path": "module1.ipynb"}).json()
    # helpers.py has no cell markers, notes.txt is not a notebook format, hidden files are
    # not part of the course; symlinks out of the root are not read, and their rows say so.
    assert sorted(rows) == [
        "broken.ipynb",
        "escape.ipynb",
        "escape_dir/",
        "module1.ipynb",
        "module2.py",
        "sub/module3.ipynb",
    ]
    for escape in ("escape.ipynb", "escape_dir"):
        row = rows[escape + "/" * escape.endswith("dir")]
        assert {key: row[key] for key in ("path", "error")} == {
            "path": escape + "/" * escape.endswith("dir"),
            "error": f"'{escape}' resolves outside the server root",
        }
    assert rows["module1.ipynb"] == {
        "path": "module1.ipynb",
        "cells": 4,
        "lines": 25,
        "pct_high": 0.0,
        "findings": 1,  # the hint that ReLU's concept bridge lacks three parts
        "cliffs": 0,
        "score": 3.7,
        "grade": "B",
        "scored": True,
        "new_concepts": sum(len(c["new_concepts"]) for c in analysed["cells"]),
        "distribution": {"1": 3, "2": 0, "3": 1, "4": 0, "5": 0},
        "paired_with": None,
        "order": 4,  # after broken.ipynb and the two links out: the natural order of the paths
    }
    # module3: no test cell, so T is not applicable; C 0.25 joins the mean → 3.3 (its short
    # solution needs no APPROACH steps: B 1)
    assert (rows["module2.py"]["score"], rows["sub/module3.ipynb"]["score"]) == (3.5, 3.3)
    assert (
        "invalid JSON" in rows["broken.ipynb"]["error"]
        or "Unreadable" in rows["broken.ipynb"]["error"]
    )
    total = data["total"]
    assert total["modules"] == 6 and total["analysed"] == 3 and total["errors"] == 3
    assert total["cells"] == 4 + 3 + 2
    assert total["lines"] == 25 + 7 + 9
    assert total["score"] == 3.5  # mean of 3.7, 3.5, 3.3
    assert total["grade"] == "B" and total["worst_grade"] == "C"
    assert data["truncated"] is False


def test_course_of_subdirectory(fetch: Any) -> None:
    data = fetch("course", params={"path": "sub"}).json()
    assert [row["path"] for row in data["modules"]] == ["sub/module3.ipynb"]
    assert data["path"] == "sub"


def test_report_html_is_a_download(fetch: Any) -> None:
    reply = fetch("report.html", params={"path": "module1.ipynb"})
    assert reply.code == 200
    assert reply.headers["Content-Type"].startswith("text/html")
    assert reply.headers["Content-Disposition"] == (
        'attachment; filename="module1.tinyscaffold.html"; '
        "filename*=UTF-8''module1.tinyscaffold.html"
    )
    html = reply.body.decode("utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "module1.ipynb" in html
    assert "sign_bucket" in html


def test_report_html_of_the_live_notebook_includes_unsaved_edits(fetch: Any) -> None:
    # The saved module1.ipynb has sign_bucket; the live notebook the UI posts has a new cell.
    cells = [*module_cells(), cell("new", "code", "def unsaved_helper(x):\n    return x\n")]
    body = {"notebook": {"cells": cells}, "path": "module1.ipynb"}
    reply = fetch("report.html", method="POST", body=json.dumps(body))
    assert reply.code == 200
    assert reply.headers["Content-Type"].startswith("text/html")
    assert reply.headers["Content-Disposition"].startswith(
        'attachment; filename="module1.tinyscaffold.html"'
    )
    html = reply.body.decode("utf-8")
    assert "unsaved_helper" in html
    assert "sign_bucket" in html


def test_report_html_post_keeps_the_body_rules(fetch: Any) -> None:
    reply = fetch("report.html", method="POST", body="{not json")
    assert (reply.code, reply.json()["error"]) == (400, "invalid-json")
    reply = fetch("report.html", method="POST", body=json.dumps({"notebook": {}}))
    assert reply.code == 422
    assert reply.json()["error"] == "invalid-notebook"


def test_course_counts_a_jupytext_pair_once_and_honours_the_course_config(
    fetch: Any, jp_root_dir: Path
) -> None:
    # Made by the test, so the root-unchanged check of conftest does not see them; the
    # digest is taken before, so these files must be removed again afterwards.
    course = jp_root_dir / "sub"
    files = [course / "jupytext.toml", course / "module3.py", course / "tinyscaffold.toml",
             course / "scratch_backup.ipynb"]  # fmt: skip
    files[0].write_text('formats = "ipynb,py:percent"\n')
    files[1].write_text("# %%\nx = 1\n")
    files[2].write_text('exclude = ["*_backup.ipynb"]\n')
    files[3].write_text(json.dumps(ipynb(module_cells())))
    try:
        data = fetch("course", params={"path": "sub"}).json()
    finally:
        for file in files:
            file.unlink()
    assert [(r["path"], r["paired_with"]) for r in data["modules"]] == [
        ("sub/module3.py", "sub/module3.ipynb")
    ]
