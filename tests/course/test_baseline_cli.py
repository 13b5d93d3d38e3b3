"""``tinyscaffold report --baseline REF`` against real git repositories made in a temp dir."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from course_data import BAD_SOLUTION, SOLUTION, TEST, percent_module

from tinyscaffold_server import analyze
from tinyscaffold_server.cli.main import main
from tinyscaffold_server.core.loading import notebook_from_text

Git = Callable[..., str]
Repo = tuple[Path, Git]


@pytest.fixture()
def module(tmp_path: Path, good_module: str) -> Path:
    """A good module outside any git repository."""
    path = tmp_path / "m1.py"
    path.write_text(good_module, encoding="utf-8")
    return path


def _commit(repo: Repo, files: dict[str, str], message: str = "work") -> None:
    root, git = repo
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git("add", "-A")
    git("commit", "-qm", message)


def _json_report(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, root: Path, *args: str
) -> tuple[int, Any, str]:
    monkeypatch.chdir(root)
    code = main(["report", *args, "--format", "json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out else None, captured.err


def test_edit_that_worsens_a_module_shows_before_after_and_fails_the_gate(
    git_repo: Repo,
    good_module: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    validate: Callable[[Any], None],
) -> None:
    root, _ = git_repo
    _commit(git_repo, {"m1.py": good_module})
    worse = percent_module("md:# ReLU\nThe **ReLU** keeps positives.", BAD_SOLUTION, TEST)
    (root / "m1.py").write_text(worse, encoding="utf-8")

    code, report, _ = _json_report(capsys, monkeypatch, root, "m1.py", "--baseline", "HEAD")
    assert code == 0
    validate(report)
    delta = report["delta"]
    assert delta["baseline"] == "HEAD" and delta["status"] == "changed"
    score = delta["module"]["score"]
    assert score["before"] > score["after"] and score["change"] < 0
    solution = delta["cells"][1]
    assert solution["matched_by"] == "position" and solution["before_index"] == 1
    assert solution["complexity"]["after"] > solution["complexity"]["before"]
    assert {f["rule"] for f in delta["findings"]["appeared"]} >= {"block-sloc"}
    assert delta["regressions"]

    monkeypatch.chdir(root)
    assert main(["report", "m1.py", "--baseline", "HEAD", "--fail-on-regression"]) == 1
    err = capsys.readouterr().err
    assert "regression against HEAD: score" in err


def test_an_improvement_passes_the_gate_and_lists_what_was_fixed(
    git_repo: Repo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = git_repo
    bad = percent_module("md:# ReLU", BAD_SOLUTION, TEST)
    _commit(git_repo, {"m1.py": bad})
    (root / "m1.py").write_text(percent_module("md:# ReLU", SOLUTION, TEST), encoding="utf-8")

    code, report, _ = _json_report(
        capsys, monkeypatch, root, "m1.py", "--baseline", "HEAD", "--fail-on-regression"
    )
    assert code == 0
    delta = report["delta"]
    assert delta["module"]["score"]["change"] > 0
    assert delta["findings"]["fixed"] and not delta["findings"]["appeared"]
    assert delta["regressions"] == []


def test_text_output_shows_the_delta_block(
    git_repo: Repo,
    good_module: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, _ = git_repo
    _commit(git_repo, {"m1.py": good_module})
    (root / "m1.py").write_text(percent_module("md:# ReLU", BAD_SOLUTION, TEST), "utf-8")
    monkeypatch.chdir(root)
    assert main(["report", "m1.py", "--baseline", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "Before → after  (baseline HEAD)" in out
    assert "regression: score" in out
    assert "cell 2, complexity" in out


def test_a_module_that_did_not_exist_at_the_ref_is_new_not_an_error(
    git_repo: Repo,
    good_module: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, _ = git_repo
    _commit(git_repo, {"m1.py": good_module})
    (root / "m2.py").write_text(good_module, encoding="utf-8")
    code, payload, _ = _json_report(
        capsys, monkeypatch, root, ".", "--baseline", "HEAD", "--fail-on-regression"
    )
    assert code == 0
    by_path = {Path(m["path"]).name: m["report"]["delta"] for m in payload["modules"]}
    assert by_path["m2.py"]["status"] == "new"
    assert by_path["m1.py"]["status"] == "unchanged"
    rows = {Path(r["path"]).name: r["delta"] for r in payload["course"]["rows"]}
    assert rows["m2.py"]["status"] == "new" and rows["m1.py"]["score_before"] is not None


def test_a_renamed_module_is_compared_with_its_old_name(
    git_repo: Repo,
    good_module: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, git = git_repo
    _commit(git_repo, {"old_name.py": good_module})
    git("mv", "old_name.py", "new_name.py")
    code, report, _ = _json_report(capsys, monkeypatch, root, "new_name.py", "--baseline", "HEAD")
    assert code == 0
    assert report["delta"]["status"] == "unchanged"
    assert report["delta"]["note"] == "renamed from old_name.py"


def test_a_deleted_cell_is_listed_and_the_others_still_match(
    git_repo: Repo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = git_repo
    cells = ("md:# ReLU", "md:Some words about **activation**.", SOLUTION, TEST)
    _commit(git_repo, {"m1.py": percent_module(*cells)})
    (root / "m1.py").write_text(percent_module(cells[0], cells[2], cells[3]), "utf-8")
    code, report, _ = _json_report(capsys, monkeypatch, root, "m1.py", "--baseline", "HEAD")
    assert code == 0
    delta = report["delta"]
    assert delta["removed_cells"] == [1]
    assert [(c["before_index"], c["matched_by"]) for c in delta["cells"]] == [
        (0, "content"),
        (2, "content"),
        (3, "content"),
    ]
    # The deleted cell's new concepts leave the total (however many the core finds there).
    new = delta["module"]["new_concepts"]
    deleted = analyze(notebook_from_text(percent_module(*cells), ".py"))["cells"][1]
    assert new["change"] == -len(deleted["new_concepts"])


def test_a_bad_ref_is_a_clear_input_error(
    git_repo: Repo,
    good_module: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, _ = git_repo
    _commit(git_repo, {"m1.py": good_module})
    monkeypatch.chdir(root)
    assert main(["report", "m1.py", "--baseline", "no-such-branch"]) == 2
    assert "unknown git revision 'no-such-branch'" in capsys.readouterr().err
    assert main(["report", "m1.py", "--baseline", "--help"]) == 2  # never taken for an option


def test_outside_a_repository_is_a_clear_input_error(
    module: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(module), "--baseline", "HEAD"]) == 2
    assert "not in a git repository" in capsys.readouterr().err


def test_save_baseline_then_compare_with_the_file(
    tmp_path: Path,
    good_module: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("m1.py").write_text(good_module, encoding="utf-8")
    assert main(["report", "m1.py", "--save-baseline", "before.json"]) == 0
    capsys.readouterr()
    saved = json.loads(Path("before.json").read_text("utf-8"))
    assert saved["kind"] == "tinyscaffold-baseline" and saved["modules"][0]["path"] == "m1.py"
    Path("m1.py").write_text(percent_module("md:# ReLU", BAD_SOLUTION, TEST), "utf-8")
    code = main(["report", "m1.py", "--baseline", "before.json", "--fail-on-regression"])
    assert code == 1
    assert "regression against before.json" in capsys.readouterr().err


def test_a_file_that_is_not_a_baseline_is_rejected(
    module: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = module.parent / "other.json"
    other.write_text('{"version": 1, "cells": []}', encoding="utf-8")
    assert main(["report", str(module), "--baseline", str(other)]) == 2
    assert "not a tinyscaffold baseline" in capsys.readouterr().err


def test_fail_on_regression_needs_a_baseline(
    module: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(module), "--fail-on-regression"]) == 2
    assert "--fail-on-regression needs --baseline" in capsys.readouterr().err


def test_html_course_card_shows_the_before_column(
    git_repo: Repo,
    good_module: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, _ = git_repo
    _commit(git_repo, {"a.py": good_module, "b.py": good_module})
    (root / "b.py").write_text(percent_module("md:# ReLU", BAD_SOLUTION, TEST), "utf-8")
    monkeypatch.chdir(root)
    assert main(["report", ".", "--baseline", "HEAD", "--format", "html", "-o", "c.html"]) == 0
    page = (root / "c.html").read_text("utf-8")
    assert "<th>before</th>" in page
    assert 'data-tinyscaffold-delta="changed"' in page
    assert 'data-tinyscaffold-delta="unchanged"' in page
    assert "Regression: score" in page


def test_html_course_card_has_the_course_chart(
    tmp_path: Path, good_module: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "01_a.py").write_text(good_module, encoding="utf-8")
    (tmp_path / "02_b.py").write_text(percent_module("md:# ReLU", BAD_SOLUTION, TEST), "utf-8")
    out = tmp_path / "card.html"
    assert main(["report", str(tmp_path), "--format", "html", "-o", str(out)]) == 0
    page = out.read_text("utf-8")
    assert 'aria-label="complexity and new concepts per module"' in page
    assert "1. " + str(tmp_path / "01_a.py") in page  # course order, numbered
    assert page.count('class="concepts"') == 2
