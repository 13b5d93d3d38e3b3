"""``tinyscaffold report`` end to end: main() in-process, plus real subprocesses."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tinyscaffold_server.cli.main import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "activations_dev.py"
Validate = Callable[[Any], None]
WriteConfig = Callable[..., str]


@pytest.fixture
def cfg(tmp_path: Path) -> WriteConfig:
    """Write a --config file (``data`` as JSON, or ``raw`` text verbatim); return its path."""

    def write(data: object = None, raw: str | None = None) -> str:
        path = tmp_path / f"config{len(list(tmp_path.glob('config*')))}.json"
        path.write_text(raw if raw is not None else json.dumps(data), encoding="utf-8")
        return str(path)

    return write


def test_single_file_text_shows_cell_rows_and_summary(
    write_notebook: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_notebook("one.ipynb", n_concepts=2)
    assert main(["report", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"{path}  (2 cells, 5 lines)"
    assert re.search(r"^\s+1 explanation\s+1  concepta, conceptb\s*$", out, re.M)
    assert re.search(r"^\s+2 demo\s+1  add\s*$", out, re.M)
    assert "Summary  scaffolding" in out and "Course" not in out
    assert "\x1b[" not in out  # capsys is not a TTY: no colour


def test_json_single_file_is_one_schema_valid_report(
    write_notebook: Callable[..., Path], capsys: pytest.CaptureFixture[str], validate: Validate
) -> None:
    path = write_notebook("one.ipynb")
    assert main(["report", str(path), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    validate(report)
    assert report["path"] == str(path)
    assert [c["new_concepts"] for c in report["cells"]] == [["concepta"], ["add"]]


def test_directory_walk_order_skips_hidden_and_checkpoints(
    tmp_path: Path,
    write_notebook: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    validate: Validate,
) -> None:
    for rel in ("b.ipynb", "a/z.ipynb", "a.ipynb", "c/d/e.ipynb", "a/b.ipynb"):
        write_notebook(f"course/{rel}")
    for rel in (
        ".hidden/x.ipynb",
        "a/.ipynb_checkpoints/z-checkpoint.ipynb",
        "node_modules/p/n.ipynb",
    ):
        write_notebook(f"course/{rel}")
    (tmp_path / "course" / "notes.py").write_text("print('a plain script')\n")
    (tmp_path / "course" / "lesson.py").write_text("# %% [markdown]\n# **Loops**\n\n# %%\nx = 1\n")
    course = tmp_path / "course"
    assert main(["report", str(course), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    names = [str(Path(m["path"]).relative_to(course)) for m in payload["modules"]]
    # Sorted by path components (a tree listing): a/… before a.ipynb, whatever os.walk does.
    assert names == ["a/b.ipynb", "a/z.ipynb", "a.ipynb", "b.ipynb", "c/d/e.ipynb", "lesson.py"]
    assert payload["version"] == 1
    for module in payload["modules"]:
        validate(module["report"])
    total = payload["course"]["total"]
    assert (total["modules"], total["analysed"], total["errors"]) == (6, 6, 0)
    assert [row["path"] for row in payload["course"]["rows"]] == [
        m["path"] for m in payload["modules"]
    ]


def test_bad_file_among_good_ones_exits_2_and_still_reports_the_good(
    tmp_path: Path,
    write_notebook: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    write_notebook("good.ipynb")
    Path("bad.ipynb").write_text("{not json", encoding="utf-8")
    assert main(["report", "good.ipynb", "bad.ipynb", "missing.ipynb"]) == 2
    captured = capsys.readouterr()
    assert "good.ipynb  (2 cells, 5 lines)" in captured.out
    assert re.search(r"^bad\.ipynb\s+error: bad\.ipynb: ", captured.out, re.M)
    assert re.search(r"^missing\.ipynb\s+error: missing\.ipynb: no such file", captured.out, re.M)
    assert re.search(r"^total: 1 of 3 modules\s+2\s+5\s+0\s+0\s+5\.0\s+A$", captured.out, re.M)
    err = captured.err.splitlines()
    assert err[0].startswith("tinyscaffold: bad.ipynb: ")
    assert err[1] == "tinyscaffold: missing.ipynb: no such file"


def test_a_crash_in_the_core_loses_only_that_file(
    tmp_path: Path,
    write_notebook: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tinyscaffold_server.core import analyzer

    real_analyze = analyzer.analyze
    boom = write_notebook("boom.ipynb", text="BOOM")
    good = write_notebook("good.ipynb")

    def analyze(
        notebook: dict[str, Any], config: Any = None, known: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        if any("BOOM" in "".join(cell["source"]) for cell in notebook["cells"]):
            raise KeyError("surprise")
        return real_analyze(notebook, config, known)

    monkeypatch.setattr(analyzer, "analyze", analyze)
    # 3: a crash is not the input's fault, and CI must tell it from a failed gate
    assert main(["report", str(boom), str(good), "--format", "json"]) == 3
    captured = capsys.readouterr()
    payload = json.loads(captured.out)
    assert [sorted(m) for m in payload["modules"]] == [["error", "path"], ["path", "report"]]
    assert "internal error (KeyError: 'surprise'); please report it" in captured.err


def test_bad_file_in_json_keeps_the_envelope(
    tmp_path: Path, write_notebook: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_notebook("good.ipynb")
    bad = tmp_path / "bad.ipynb"
    bad.write_text("[]", encoding="utf-8")
    assert main(["report", str(good), str(bad), "--format", "json"]) == 2
    payload = json.loads(capsys.readouterr().out)
    assert [sorted(m) for m in payload["modules"]] == [["path", "report"], ["error", "path"]]
    assert str(bad) in payload["modules"][1]["error"]


def test_single_bad_file_prints_nothing_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(tmp_path / "nope.ipynb"), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("tinyscaffold: ") and "nope.ipynb" in captured.err


def test_empty_directory_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path)]) == 2
    assert "no notebooks found" in capsys.readouterr().err


def test_fail_under_gate(capsys: pytest.CaptureFixture[str], cfg: WriteConfig) -> None:
    # The example module scores 4.5 (grade A): it passes A and everything below.
    assert main(["report", str(EXAMPLE), "--fail-under", "a"]) == 0
    capsys.readouterr()
    strict = {"grade_bands": {"A": 4.9, "B": 4.8, "C": 4.7, "D": 4.6}}
    assert main(["report", str(EXAMPLE), "--fail-under", "B", "--config", cfg(strict)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"gate failed: .*activations_dev\.py: grade [CDF] is worse than B", err)


def test_max_findings_gate_counts_findings_and_cliffs_not_notes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The example has one new-concepts finding, one cliff and two pattern hints, which are
    # notes (Tanh's bridge lacks its analogy; softmax could be a ladder).
    assert main(["report", str(EXAMPLE), "--format", "json", "--max-findings", "2"]) == 0
    report = json.loads(capsys.readouterr().out)
    severities = sorted(f["severity"] for cell in report["cells"] for f in cell["findings"])
    assert severities == ["info", "info", "warning"] and len(report["cliffs"]) == 1
    assert main(["report", str(EXAMPLE), "--max-findings", "1"]) == 1
    assert "gate failed: 2 findings and cliffs, more than --max-findings 1 (notes not counted)" in (
        capsys.readouterr().err
    )


def test_bad_input_wins_over_a_failed_gate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.ipynb"
    assert main(["report", str(EXAMPLE), str(missing), "--max-findings", "0"]) == 2


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ('{"max_new_concept": 2}', "unknown config key 'max_new_concept'"),
        ("{oops", "config is not valid JSON"),
        ("[1, 2]", "config must be a JSON object"),
    ],
)
def test_bad_config_is_bad_input(
    raw: str, problem: str, capsys: pytest.CaptureFixture[str], cfg: WriteConfig
) -> None:
    path = cfg(raw=raw)
    assert main(["report", str(EXAMPLE), "--config", path]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert path in captured.err and problem in captured.err


def test_config_changes_the_analysis(capsys: pytest.CaptureFixture[str], cfg: WriteConfig) -> None:
    config = cfg({"max_new_concepts": 5})
    assert main(["report", str(EXAMPLE), "--format", "json", "--config", config]) == 0
    report = json.loads(capsys.readouterr().out)
    # Only the two pattern hints are left: 5 new concepts are now within the limit.
    rules = [f["rule"] for c in report["cells"] for f in c["findings"]]
    assert rules == ["concept-bridge", "implementation-ladder"]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(EXAMPLE), "--fail-under", "E"]) == 2
    assert main(["report", str(EXAMPLE), "--max-findings", "-1"]) == 2
    assert main([]) == 2
    assert main(["--help"]) == 0
    assert "exit codes:" in capsys.readouterr().out


def test_html_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "card.html"
    assert main(["report", str(EXAMPLE), "--format", "html", "--output", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and f"wrote {target}" in captured.err
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<div class="grade g-A" title="grade">A</div>' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)


def test_html_escapes_notebook_text(
    write_notebook: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_notebook("evil.ipynb", text="<script>alert(1)</script>")
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"][0]["metadata"] = {"tinyscaffold": {"concepts": ["<script>x</script>"]}}
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert main(["report", str(path), "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "<script" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page  # the author's concept name, escaped


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tinyscaffold_server.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_subprocess_report_and_exit_codes(tmp_path: Path) -> None:
    ok = _run("report", str(EXAMPLE), env={"COLUMNS": "100"})
    assert ok.returncode == 0, ok.stderr
    assert re.search(r"^\s+16 solution\s+4\s+implementation-ladder\s*$", ok.stdout, re.M)
    assert "Summary  scaffolding 4.6 / 5  grade A" in ok.stdout
    assert all(len(line) <= 100 for line in ok.stdout.splitlines()[:25])
    bad = _run("report", str(EXAMPLE), str(tmp_path / "gone.ipynb"))
    assert bad.returncode == 2 and "gone.ipynb" in bad.stderr


def test_help_does_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from tinyscaffold_server.cli.main import main\n"
        "main(['--help'])\n"
        "heavy = {'nbformat', 'jupytext', 'radon', 'tornado', 'jupyter_server'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("no_color", "coloured"), [(None, True), ("1", False)])
def test_colour_only_on_a_tty_without_no_color(
    monkeypatch: pytest.MonkeyPatch, no_color: str | None, coloured: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    if no_color:
        monkeypatch.setenv("NO_COLOR", no_color)
    tty = _Tty()
    monkeypatch.setattr(sys, "stdout", tty)
    assert main(["report", str(EXAMPLE)]) == 0
    assert ("\x1b[" in tty.getvalue()) is coloured
