"""The CLI as a CI citizen: light imports, cache, --jobs, project config, SARIF, GitHub."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs installed
import pytest

from tinyscaffold_server.cli.main import main
from tinyscaffold_server.render.sarif import RULES, github_annotations

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "activations_dev.py"
FIXTURES = ROOT / "tests" / "fixtures"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
HEAVY = ("jupyter_server", "tornado", "rfc3987_syntax", "jsonschema", "jupytext", "nbformat")


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tinyscaffold_server.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "100", **(env or {})},
    )


def _imported(stderr: str) -> set[str]:
    """Top-level module names from ``-X importtime`` lines ("import time: a | b | name")."""
    return {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


@functools.cache
def _imported_at_interpreter_start() -> frozenset[str]:
    """What ``site`` imports before any of our code runs (a ``.pth`` hook of the machine's
    Python may import ``typing`` or ``tempfile``): not the report's doing."""
    started = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "pass"], capture_output=True, text=True
    )
    return frozenset(_imported(started.stderr))


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """Eight modules: the example and the fixtures, copied (as a course repository has them)."""
    folder = tmp_path / "course"
    sources = [EXAMPLE, FIXTURES / "activations.py", FIXTURES / "layers.ipynb"]
    for number in range(8):
        source = sources[number % len(sources)]
        target = folder / f"{number + 1:02d}_module" / f"m{number + 1}{source.suffix}"
        target.parent.mkdir(parents=True)
        shutil.copy(source, target)
    return folder


def test_a_report_run_imports_no_server_nor_jsonschema(tmp_path: Path) -> None:
    cold = _run("report", str(EXAMPLE), "--format", "json", "--cache-dir", str(tmp_path))
    warm = _run("report", str(EXAMPLE), "--format", "json", "--cache-dir", str(tmp_path))
    for run in (cold, warm):
        assert run.returncode == 0, run.stderr[-2000:]
        assert sorted(_imported(run.stderr) & set(HEAVY)) == []
    # A cached run does not even load the analysis core.
    assert "tinyscaffold_server.core.metrics" not in warm.stderr
    assert "tinyscaffold_server.core.metrics" in cold.stderr
    assert cold.stdout == warm.stdout


# Standard-library modules a one-module run does without (each was a measurable share of
# the CLI's start-up, docs/PERFORMANCE.md): the report must not bring them back.
STARTUP_FREE = ("typing", "copy", "dataclasses", "gzip", "shutil", "threading", "tempfile")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_run_that_analyses_keeps_to_the_lean_imports(tmp_path: Path, fmt: str) -> None:
    # (A course with a TOML configuration file also imports tomllib, which imports typing.)
    module = shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    run = _run("report", str(module), "--no-cache", "--format", fmt)
    assert run.returncode == 0, run.stderr[-2000:]
    unwanted = {*STARTUP_FREE, "textwrap"} if fmt == "json" else set(STARTUP_FREE)  # (wraps text)
    ours = _imported(run.stderr) - _imported_at_interpreter_start()
    assert sorted(ours & unwanted) == []


def test_a_file_the_fast_reader_declines_still_goes_through_jupytext(tmp_path: Path) -> None:
    # The fixture has an escaped "# %timeit" magic, which only jupytext rewrites exactly.
    run = _run("report", str(FIXTURES / "activations.py"), "--format", "json", "--no-cache")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "jupytext" in _imported(run.stderr)


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "github"])
def test_fast_cached_and_plain_runs_print_the_same_bytes(
    course: Path, tmp_path: Path, fmt: str
) -> None:
    args = ("report", str(course), "--format", fmt, "--cache-dir", str(tmp_path / "cache"))
    plain = _run(*args, env={"TINYSCAFFOLD_NO_SPEEDUPS": "1"})  # jupytext, no cache
    cold = _run(*args)
    warm = _run(*args)
    assert plain.returncode == cold.returncode == warm.returncode == 0, plain.stderr[-2000:]
    assert plain.stdout == cold.stdout == warm.stdout
    assert not (tmp_path / "cache").exists() or any((tmp_path / "cache").rglob("*.json"))


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_jobs_2_prints_what_jobs_1_prints(
    course: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    assert main(["report", str(course), "--format", fmt, "--no-cache", "--jobs", "1"]) == 0
    one = capsys.readouterr().out
    assert main(["report", str(course), "--format", fmt, "--no-cache", "--jobs", "2"]) == 0
    assert capsys.readouterr().out == one
    if fmt == "json":
        paths = [m["path"] for m in json.loads(one)["modules"]]
        assert paths == sorted(paths) and len(paths) == 8


def test_a_cached_module_is_not_analysed_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tinyscaffold_server.core import analyzer

    cache = tmp_path / "cache"
    args = ["report", str(EXAMPLE), "--format", "json", "--cache-dir", str(cache)]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172")
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"

    def refuse(*_: Any) -> Any:
        raise AssertionError("analysed although the cache holds this module")

    monkeypatch.setattr(analyzer, "analyze", refuse)
    assert main(args) == 0
    assert capsys.readouterr().out == first
    # --no-cache really analyses (and so hits the refusing stand-in: an internal error)
    assert main([*args, "--no-cache"]) == 3
    assert "analysed although the cache holds this module" in capsys.readouterr().err


def test_an_unchanged_course_is_neither_read_as_notebooks_nor_analysed_again(
    course: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tinyscaffold_server.cli import analysis as cli_analysis
    from tinyscaffold_server.core import loading

    args = ["report", str(course), "--format", "json", "--cache-dir", str(tmp_path / "cache")]
    assert main(args) == 0
    first = capsys.readouterr().out

    def refuse(*_: Any) -> Any:
        raise AssertionError("read or analysed although the course is cached")

    with monkeypatch.context() as patched:
        patched.setattr(loading, "notebook_from_bytes", refuse)
        patched.setattr(cli_analysis, "_analyse", refuse)
        assert main(args) == 0
        assert capsys.readouterr().out == first

    # A changed module, a changed order of modules or a changed configuration is analysed.
    module = next(course.glob("01_module/*.py"))
    module.write_text(module.read_text(encoding="utf-8") + "\n# %%\nx = 1\n", encoding="utf-8")
    assert main(args) == 0
    changed = json.loads(capsys.readouterr().out)
    assert (
        len(changed["modules"][0]["report"]["cells"])
        == len(json.loads(first)["modules"][0]["report"]["cells"]) + 1
    )
    first_two = [next(course.glob(f"{n}_module/*")).relative_to(course) for n in ("08", "01")]
    (course / "tinyscaffold.toml").write_text(f"modules = {[str(p) for p in first_two]!r}\n")
    assert main(args) == 0
    reordered = json.loads(capsys.readouterr().out)
    assert [Path(m["path"]).parent.name for m in reordered["modules"]][:2] == [
        "08_module",
        "01_module",
    ]
    (course / "tinyscaffold.toml").write_text("[thresholds]\nmax_cell_sloc = 12\n")
    assert main(args) == 0
    assert (
        json.loads(capsys.readouterr().out)["modules"][0]["report"]["config"]["max_cell_sloc"] == 12
    )


def test_corrupt_entries_are_ignored_and_rewritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache"
    args = ["report", str(EXAMPLE), "--format", "json", "--cache-dir", str(cache)]
    assert main(args) == 0
    first = capsys.readouterr().out
    (entry,) = (cache / "reports").rglob("*.json")
    sealed = entry.read_bytes()
    seal, _, body = sealed.partition(b"\n")
    wrong_shape = json.dumps({"format": 2, "report": {"version": 1}, "spans": None}).encode()
    for garbage in (
        b"{not json",
        b'{"format": 2, "report": []}',
        b"",
        wrong_shape,  # valid JSON of the right kind, but no report a renderer can use
        seal + b"\n" + wrong_shape,  # ... behind another entry's seal
        sealed[: len(sealed) // 2],  # a write cut short
    ):
        entry.write_bytes(garbage)
        assert main(args) == 0
        assert capsys.readouterr().out == first
        assert entry.read_bytes() == sealed  # rewritten
        assert json.loads(body)["report"]["version"] == 1


def test_word_tables_are_kept_in_the_cache_and_a_damaged_copy_is_prepared_again(
    tmp_path: Path,
) -> None:
    module = tmp_path / "m.py"
    shutil.copy(EXAMPLE, module)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    plain = _run("report", str(module), "--format", "json", "--no-cache")
    assert plain.returncode == 0
    assert _run("report", str(module), "--format", "json", *cache).stdout == plain.stdout
    (tables,) = (tmp_path / "cache" / "lexicon").glob("*.txt")
    intact = tables.read_bytes()
    for damage in (intact[: len(intact) // 2], b"", b"\0\0"):
        tables.write_bytes(damage)
        module.write_text(module.read_text(encoding="utf-8") + "\n# %%\nx = 1\n")
        plain = _run("report", str(module), "--format", "json", "--no-cache")
        run = _run("report", str(module), "--format", "json", *cache)
        assert run.returncode == 0 and run.stdout == plain.stdout
        assert tables.read_bytes() == intact


def test_changed_config_or_module_is_never_served_from_the_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = tmp_path / "m.py"
    shutil.copy(EXAMPLE, module)
    args = ["report", str(module), "--format", "json", "--cache-dir", str(tmp_path / "c")]
    assert main(args) == 0
    before = json.loads(capsys.readouterr().out)
    assert before["config"]["max_cell_sloc"] == 30

    (tmp_path / "tinyscaffold.toml").write_text("[thresholds]\nmax_cell_sloc = 12\n")
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["config"]["max_cell_sloc"] == 12

    module.write_text(EXAMPLE.read_text(encoding="utf-8") + "\n# %%\nx = 1\n", encoding="utf-8")
    assert main(args) == 0
    assert len(json.loads(capsys.readouterr().out)["cells"]) == len(before["cells"]) + 1


def test_project_config_is_under_the_cli_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = tmp_path / "sub" / "m.py"
    module.parent.mkdir()
    shutil.copy(EXAMPLE, module)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.tinyscaffold.thresholds]\nmax_cell_sloc = 12\ncliff_jump = 2\n"
    )
    override = tmp_path / "cli.json"
    override.write_text('{"cliff_jump": 4}')
    assert main(["report", str(module), "--format", "json", "--config", str(override)]) == 0
    config = json.loads(capsys.readouterr().out)["config"]
    assert (config["max_cell_sloc"], config["cliff_jump"]) == (12, 4)


def test_a_bad_project_config_is_an_input_error_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(EXAMPLE, tmp_path / "m.py")
    (tmp_path / "tinyscaffold.toml").write_text("[thresholds]\nmax_cel_sloc = 12\n")
    assert main(["report", str(tmp_path / "m.py"), "--format", "json"]) == 2
    assert "tinyscaffold.toml" in capsys.readouterr().err


def test_an_unwritable_cache_warns_and_still_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert main(["report", str(EXAMPLE), "--format", "json", "--cache-dir", str(blocker)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["version"] == 1
    assert "cache disabled" in captured.err


def _report(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, Any]:
    assert main(["report", str(path), "--format", "json"]) == 0
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def _sarif(capsys: pytest.CaptureFixture[str], *paths: Path) -> dict[str, Any]:
    assert main(["report", *map(str, paths), "--format", "sarif"]) == 0
    log: dict[str, Any] = json.loads(capsys.readouterr().out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    return log


def test_sarif_is_valid_and_points_at_the_cells_lines(capsys: pytest.CaptureFixture[str]) -> None:
    log = _sarif(capsys, EXAMPLE)
    (run,) = log["runs"]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == list(RULES)
    assert all(rule["help"]["text"] for rule in run["tool"]["driver"]["rules"])
    report = _report(capsys, EXAMPLE)
    findings = [f for cell in report["cells"] for f in cell["findings"]]
    assert len(run["results"]) == len(findings) + len(report["cliffs"])
    assert {r["ruleId"] for r in run["results"]} == {f["rule"] for f in findings} | {"cliff"}
    by_rule = {result["ruleId"]: result for result in run["results"]}
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    cliff = by_rule["cliff"]
    region = cliff["locations"][0]["physicalLocation"]["region"]
    # Cell 16 (index 15), softmax: its "# %%" marker line in the file.
    assert cliff["properties"]["cellIndex"] == 15
    assert lines[region["startLine"] - 1].startswith("# %% nbgrader=")
    assert '"grade_id": "softmax"' in lines[region["startLine"] - 1]
    assert "def softmax" in "\n".join(lines[region["startLine"] : region["endLine"]])
    uri = cliff["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("examples/activations_dev.py")
    assert cliff["level"] == "warning" and "complexity 1 → 4" in cliff["message"]["text"]


def test_sarif_for_notebooks_and_several_modules(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _sarif(capsys, course)
    results = log["runs"][0]["results"]
    locations = [r["locations"][0]["physicalLocation"] for r in results]
    notebook = [loc for loc in locations if loc["artifactLocation"]["uri"].endswith(".ipynb")]
    assert results and notebook
    assert all(loc["region"] == {"startLine": 1} for loc in notebook)
    assert all(isinstance(r["properties"]["cellIndex"], int) for r in results)


def test_every_rule_has_sarif_help() -> None:
    from tinyscaffold_server.core.config import RULE_IDS

    assert list(RULES) == [*RULE_IDS, "cliff"]


def test_github_annotations_escape_per_githubs_rules() -> None:
    report = {
        "cells": [
            {
                "findings": [
                    {
                        "rule": "cell-sloc",
                        "severity": "info",
                        "message": "50% of it, a: b\r\nnext",
                        "suggestion": "split it",
                        "cell_index": 0,
                    }
                ]
            }
        ],
        "cliffs": [],
    }
    out = github_annotations(
        [{"path": "dir,x/a:b.py", "report": report}], {"dir,x/a:b.py": [[3, 4, 9]]}
    )
    assert out == (
        "::notice file=dir%2Cx/a%3Ab.py,line=3,endLine=9,"
        "title=tinyscaffold cell-sloc (cell 1)::50%25 of it, a: b%0D%0Anext%0A→ split it\n"
    )


def test_github_format_end_to_end(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = _report(capsys, EXAMPLE)
    assert main(["report", str(EXAMPLE), str(tmp_path / "gone.ipynb"), "--format", "github"]) == 2
    lines = capsys.readouterr().out.splitlines()
    findings = sum(len(cell["findings"]) for cell in report["cells"])
    assert len(lines) == findings + len(report["cliffs"]) + 1
    # The cliff ends at cell 16, softmax: from its "# %%" marker to its last line.
    source = EXAMPLE.read_text(encoding="utf-8").splitlines()
    marker = next(n for n, line in enumerate(source, 1) if '"grade_id": "softmax"' in line)
    end = next(n for n in range(marker + 1, len(source) + 1) if source[n - 1].startswith("# %%"))
    while not source[end - 2].strip():
        end -= 1  # the blank lines before the next marker belong to no cell
    cliff = next(line for line in lines if "title=tinyscaffold cliff (cell 16)" in line)
    assert cliff.startswith("::warning file=") and f",line={marker},endLine={end - 1}," in cliff
    assert "::complexity 1 → 4 between cells 12 and 16" in cliff
    assert lines[-1].startswith("::error file=") and "no such file" in lines[-1]


def test_skip_non_notebooks_ignores_plain_scripts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "helpers.py"
    script.write_text("def helper():\n    return 1\n", encoding="utf-8")
    # Without the flag a named file is read as a notebook (jupytext's light format) ...
    assert main(["report", str(script), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["cells"]
    # ... with it, a plain script is skipped, and a run with nothing left reports nothing.
    assert main(["report", str(script), "--skip-non-notebooks", "--max-findings", "0"]) == 0
    assert capsys.readouterr() == ("", "")
    args = ["report", str(script), str(EXAMPLE), "--skip-non-notebooks", "--format", "json"]
    assert main(args) == 0
    assert [m["path"] for m in json.loads(capsys.readouterr().out)["modules"]] == [str(EXAMPLE)]
