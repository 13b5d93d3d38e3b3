"""Line numbers that are the file's: SARIF, GitHub annotations and the text report of a
percent ``.py`` file name the file's lines; those of an ``.ipynb`` say which cell they count in.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tinyscaffold_server.cli.main import main
from tinyscaffold_server.render.lines import in_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "activations_dev.py"
LAYERS = ROOT / "tests" / "fixtures" / "layers.ipynb"
DASH = "\N{EN DASH}"
REFERENCE = re.compile(rf"\blines? (\d+(?:{DASH}\d+)?(?:(?:, | and )\d+(?:{DASH}\d+)?)*)")


def _referenced(text: str) -> list[int]:
    return [int(n) for ref in REFERENCE.findall(text) for n in re.findall(r"\d+", ref)]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["report", *args, "--no-cache"]) == 0
    return capsys.readouterr().out


def test_every_line_an_annotation_names_lies_in_the_lines_it_is_placed_at(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The issue's case: "split it before line 9" on an annotation placed at line 195."""
    out = _run(capsys, str(EXAMPLE), "--format", "github")
    checked = 0
    for annotation in out.splitlines():
        props, message = annotation.split("::", 2)[1:]
        start = int(re.search(r"\bline=(\d+)", props).group(1))  # type: ignore[union-attr]
        end = int(re.search(r"\bendLine=(\d+)", props).group(1))  # type: ignore[union-attr]
        for line in _referenced(message.replace("%0A", "\n")):
            assert start <= line <= end, annotation
            checked += 1
    assert checked >= 5  # the split of cell 15 and the ladder's rungs in cell 16


def test_sarif_messages_and_regions_are_the_files_lines(capsys: pytest.CaptureFixture[str]) -> None:
    log = json.loads(_run(capsys, str(EXAMPLE), "--format", "sarif"))
    source = EXAMPLE.read_text(encoding="utf-8").splitlines()
    by_rule = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    concepts = by_rule["new-concepts"]
    [before] = re.findall(r"split it before line (\d+)", concepts["message"]["text"])
    # The line to split before is the one that brings the concepts of the second part.
    assert "**Numerical stability**" in source[int(before) - 1]
    ladder = by_rule["implementation-ladder"]
    region = ladder["locations"][0]["physicalLocation"]["region"]
    # A finding with lines of its own points at them: softmax (the function its message
    # names), not the cell's marker; its rungs lie inside.
    assert source[region["startLine"] - 1].startswith("def softmax(")
    assert source[region["endLine"] - 1].strip() == "return probs, dx"
    rungs = re.findall(rf"rung \d \(lines (\d+){DASH}(\d+)\)", ladder["message"]["text"])
    assert source[int(rungs[0][0]) - 1].strip() == "x = np.asarray(x, dtype=float)"
    assert region["startLine"] < int(rungs[0][0]) and int(rungs[-1][1]) == region["endLine"]


def test_text_report_of_a_percent_file_names_the_files_lines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _run(capsys, str(EXAMPLE))
    source = EXAMPLE.read_text(encoding="utf-8").splitlines()
    [before] = re.findall(r"split it before line (\d+)", out)
    assert "**Numerical stability**" in source[int(before) - 1]
    [(first, last)] = re.findall(rf"implementation-ladder \(cell 16, lines (\d+){DASH}(\d+)\)", out)
    assert source[int(first) - 1].startswith("def softmax(")
    assert source[int(last) - 1].strip() == "return probs, dx"


def test_a_notebooks_lines_say_which_cell_they_count_in(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = json.loads(_run(capsys, str(LAYERS), "--format", "json"))
    with_lines = [
        (f["cell_index"], f"{f['message']} {f['suggestion']}")
        for cell in report["cells"]
        for f in cell["findings"]
        if REFERENCE.search(f"{f['message']} {f['suggestion']}")
    ]
    assert with_lines, "the fixture has findings that name lines"
    text = _run(capsys, str(LAYERS))
    log = json.loads(_run(capsys, str(LAYERS), "--format", "sarif"))
    messages = " ".join(r["message"]["text"] for r in log["runs"][0]["results"])
    for index, _ in with_lines:
        assert f"cell {index + 1}, line" in text.replace("\n      ", " ")
        assert f"cell {index + 1}, line" in messages


def test_in_file_rewrites_every_form_the_core_writes() -> None:
    spans: Any = [[1, 2, 10, 2], [12, 13, 40, 14]]
    text = f"split it before lines 3, 9 and 20 (lines 4{DASH}6) at line 2; 60 lines of code"
    assert in_file(text, 1, spans) == (
        f"split it before lines 16, 22 and 33 (lines 17{DASH}19) at line 15; 60 lines of code"
    )
    assert in_file("before line 9", 3, spans) == "before cell 4, line 9"
    assert in_file("before line 9", 0, None) == "before cell 1, line 9"


def test_a_file_the_fast_reader_leaves_to_jupytext_keeps_its_line_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough's case: one diagram line that looks like a magic (``+-----``) in a
    markdown string sent the module to jupytext, and every annotation lost its line."""
    body = "\n".join(f"    a{k} = {k}" for k in range(34))
    module = tmp_path / "m.py"
    module.write_text(
        '# %% [markdown]\n"""\n# Intro\n\n    +-----\n"""\n\n\n'
        '# %% nbgrader={"solution": true}\ndef f(x):\n    ### BEGIN SOLUTION\n'
        f"{body}\n    return a0\n    ### END SOLUTION\n",
        encoding="utf-8",
    )
    source = module.read_text(encoding="utf-8").splitlines()
    out = _run(capsys, str(module), "--format", "github")
    annotations = out.splitlines()
    assert annotations
    for annotation in annotations:
        props, message = annotation.split("::", 2)[1:]
        start = int(re.search(r"\bline=(\d+)", props).group(1))  # type: ignore[union-attr]
        assert source[start - 1].startswith(("# %%", "def f", "    ### BEGIN")), annotation
        assert "cell 2, line" not in message
