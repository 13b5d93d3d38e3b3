"""core/analyzer.py: caching, config layers, determinism, threads, robustness."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from tinyscaffold_server import Analyzer, ConfigError, analyze, load_notebook
from tinyscaffold_server.core import analyzer as analyzer_module
from tinyscaffold_server.core.loading import NotANotebook


@pytest.fixture
def count_cell_analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = analyzer_module.analyse_cell

    def counting(cell_type: str, source: str, metadata: Any, config: Any) -> Any:
        calls.append(source)
        return real(cell_type, source, metadata, config)

    monkeypatch.setattr(analyzer_module, "analyse_cell", counting)
    return calls


def test_only_the_edited_cell_is_recomputed(
    fixtures_dir: Path, count_cell_analyses: list[str]
) -> None:
    notebook = load_notebook(fixtures_dir / "layers.ipynb")
    analyzer = Analyzer()
    first = analyzer.analyze(notebook)
    assert len(count_cell_analyses) == 6
    edited = "def scale(x, k):\n    return x * k * 1\n"
    notebook["cells"][1]["source"] = edited
    second = analyzer.analyze(notebook)
    assert count_cell_analyses[6:] == [edited]
    assert second["cells"][1]["blocks"] == [] and first["cells"][1]["blocks"] != []
    # metadata that matters is part of the key; metadata that does not is not
    notebook["cells"][1]["metadata"] = {"collapsed": True}
    third = analyzer.analyze(notebook)
    assert count_cell_analyses[7:] == [edited]
    assert third["cells"][1]["role"] == "demo"
    # the notebook pass still runs: cell 1 left the solution track, so that cliff is gone
    assert [c["track"] for c in third["cliffs"]] == ["explanation"]
    notebook["cells"][1]["metadata"]["collapsed"] = False
    analyzer.analyze(notebook)
    assert len(count_cell_analyses) == 8


def test_cache_is_bounded(count_cell_analyses: list[str], make_notebook: Any) -> None:
    analyzer = Analyzer(max_cells=2)
    notebook = make_notebook(("code", "a = 1"), ("code", "b = 2"), ("code", "c = 3"))
    analyzer.analyze(notebook)
    analyzer.analyze(notebook)
    # the first call keeps the last two results; the second recomputes only the evicted one
    assert count_cell_analyses == ["a = 1", "b = 2", "c = 3", "a = 1"]
    assert len(analyzer._cache) == 2


def test_config_layers_and_metadata(make_notebook: Any) -> None:
    long_cell = ("code", "\n".join(f"x{i} = {i}" for i in range(12)))
    notebook = make_notebook(long_cell)
    assert analyze(notebook)["cells"][0]["complexity"] == 2
    assert analyze(notebook, {"sloc_bands": [20, 30, 60]})["cells"][0]["complexity"] == 1
    notebook["metadata"] = {"tinyscaffold": {"sloc_bands": [5, 8, 11]}}
    report = Analyzer({"sloc_bands": [20, 30, 60]}).analyze(notebook)
    assert report["cells"][0]["complexity"] == 4  # metadata wins over the request layer
    assert report["config"]["sloc_bands"] == [5, 8, 11]
    assert list(report["config"]) == list(analyze(make_notebook())["config"])
    notebook["metadata"] = {"tinyscaffold": {"sloc_band": [1, 2, 3]}}
    with pytest.raises(ConfigError, match="notebook metadata tinyscaffold: unknown config key"):
        analyze(notebook)
    notebook["metadata"] = {"tinyscaffold": "strict"}
    with pytest.raises(
        ConfigError, match="notebook metadata tinyscaffold: config must be an object"
    ):
        analyze(notebook)
    with pytest.raises(ConfigError):
        Analyzer({"cliff_jump": "big"})
    with pytest.raises(NotANotebook, match="metadata"):
        analyze({"cells": [], "metadata": [1]})


def test_rules_can_be_switched_off(fixtures_dir: Path) -> None:
    notebook = load_notebook(fixtures_dir / "layers.ipynb")
    report = analyze(notebook, {"rules": {"cell-sloc": False, "new-concepts": False}})
    rules = [f["rule"] for c in report["cells"] for f in c["findings"]]
    assert rules == [
        "concept-bridge",
        "approach-steps",
        "block-sloc",
        "implementation-ladder",
        "solution-levels",
        "concept-bridge",
    ]
    patterns_off = {"concept-bridge": False, "implementation-ladder": False}
    report = analyze(
        notebook, {"rules": {"cell-sloc": False, "new-concepts": False, **patterns_off}}
    )
    rules = [f["rule"] for c in report["cells"] for f in c["findings"]]
    assert rules == ["approach-steps", "block-sloc", "solution-levels"]


def test_ignore_rules_silences_only_those_rules_on_that_cell(
    fixtures_dir: Path, count_cell_analyses: list[str]
) -> None:
    notebook = load_notebook(fixtures_dir / "layers.ipynb")
    analyzer = Analyzer()
    before = analyzer.analyze(notebook)
    # Linear is introduced by its own solution cell, so its bridge hint is there too.
    assert [f["rule"] for f in before["cells"][4]["findings"]] == [
        "approach-steps",
        "block-sloc",
        "cell-sloc",
        "implementation-ladder",
        "solution-levels",
        "concept-bridge",
    ]
    assert [f["rule"] for f in before["cells"][3]["findings"]] == ["new-concepts"]
    assert len(count_cell_analyses) == 6
    cell4 = notebook["cells"][4]["metadata"]
    cell4["tinyscaffold"] = {"ignore_rules": ["block-sloc", "solution-levels", "no-such-rule", 7]}
    notebook["cells"][3]["metadata"]["tinyscaffold"] = {"ignore_rules": ["new-concepts"]}
    after = analyzer.analyze(notebook)
    # the metadata is part of the cache key: exactly the two edited cells are recomputed
    assert len(count_cell_analyses) == 8
    assert [f["rule"] for f in after["cells"][4]["findings"]] == [
        "approach-steps",
        "cell-sloc",
        "implementation-ladder",
        "concept-bridge",
    ]
    assert after["cells"][3]["findings"] == []
    # nothing else changes: scores, novelty, cliffs and the summary stay as they were
    for index in range(6):
        for key in ("complexity", "new_concepts", "terms"):
            assert after["cells"][index][key] == before["cells"][index][key]
    assert after["cliffs"] == before["cliffs"] and after["summary"] == before["summary"]
    # a silenced rule on one cell does not silence it elsewhere; bad values never raise
    for value in ("block-sloc", None, {"block-sloc": True}, [], [["cell-sloc"]]):
        cell4["tinyscaffold"] = {"ignore_rules": value}
        rules = [f["rule"] for f in analyzer.analyze(notebook)["cells"][4]["findings"]]
        assert rules == [
            "approach-steps",
            "block-sloc",
            "cell-sloc",
            "implementation-ladder",
            "solution-levels",
            "concept-bridge",
        ]
    cell4["tinyscaffold"] = {"ignore_rules": ["cell-sloc"], "ignore": False}
    rules = [f["rule"] for f in analyzer.analyze(notebook)["cells"][4]["findings"]]
    assert rules == [
        "approach-steps",
        "block-sloc",
        "implementation-ladder",
        "solution-levels",
        "concept-bridge",
    ]


def test_ignored_cells_take_no_part(make_notebook: Any) -> None:
    big = "\n".join(f"if x == {i}:\n    y = {i}" for i in range(20))
    cells = [
        {
            "cell_type": "code",
            "source": "### BEGIN SOLUTION\nx = 1\n### END SOLUTION",
            "metadata": {},
        },
        {
            "cell_type": "code",
            "source": "### BEGIN SOLUTION\n" + big,
            "metadata": {"tags": ["tinyscaffold-ignore"]},
        },
        {
            "cell_type": "code",
            "source": "### BEGIN SOLUTION\ny = 2\n### END SOLUTION",
            "metadata": {},
        },
    ]
    report = analyze(make_notebook(*cells))
    assert report["cells"][1]["ignored"] is True and report["cells"][1]["complexity"] == 5
    assert report["cells"][1]["findings"] == [] and report["cliffs"] == []
    assert report["summary"]["counts"]["analysed"] == 2
    assert report["summary"]["distribution"]["5"] == 0


def test_robust_inputs(make_notebook: Any, validate_report: Any) -> None:
    sources = [
        "def f(:",
        "%matplotlib inline\n!ls\nx = !pwd\nhelp?",
        "x = '\0'",
        "(" * 100000,
        "-" * 100000 + "1",
        "\n".join(f"v{i} = {i}" for i in range(5000)),
        "",
    ]
    cells = [("code", s) for s in sources] + [
        ("raw", "raw text"),
        ("mystery", "?"),
        ("markdown", ""),
    ]
    report = analyze(make_notebook(*cells))
    validate_report(report)
    notes = [c["note"] for c in report["cells"]]
    assert notes[0] == "unparseable: line 1: invalid syntax"
    assert notes[1] is None and report["cells"][1]["complexity"] == 1
    assert all(n and n.startswith("unparseable") for n in notes[2:5])
    assert report["cells"][5]["sloc"] == 5000 and report["cells"][5]["complexity"] == 4
    assert report["cells"][6]["complexity"] == 1
    assert (report["cells"][7]["role"], notes[7]) == ("raw", "raw cell: not analysed")
    assert (report["cells"][8]["role"], notes[8]) == (
        "other",
        "unknown cell type 'mystery': not analysed",
    )
    # analysed: the magic cell, the 5,000-line cell, the empty code and markdown cells
    assert report["summary"]["counts"]["analysed"] == 4
    for empty in (make_notebook(), make_notebook(("markdown", "# Only prose"))):
        validate_report(analyze(empty))


def test_thread_safety(fixtures_dir: Path) -> None:
    notebook = load_notebook(fixtures_dir / "layers.ipynb")
    analyzer = Analyzer(max_cells=3)
    expected = json.dumps(Analyzer().analyze(notebook))
    results: list[str] = []

    def work() -> None:
        for _ in range(20):
            results.append(json.dumps(analyzer.analyze(notebook)))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 80 and set(results) == {expected}


_DUMP = """
import json, sys
from tinyscaffold_server import analyze, load_notebook
for path in sys.argv[1:]:
    sys.stdout.write(json.dumps(analyze(load_notebook(path)), sort_keys=False))
"""


def test_deterministic_under_any_hash_seed(fixtures_dir: Path) -> None:
    paths = [str(fixtures_dir / "layers.ipynb"), str(fixtures_dir / "activations.py")]
    corpus = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "tensor_dev.ipynb"
    if corpus.exists():
        paths.append(str(corpus))
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _DUMP, *paths], env=env, capture_output=True, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
