"""The advice of a cell: one block merged from its findings, consistent with every hint.

What the author sees under a cell is ``cell["advice"]``: each distinct suggestion once, most
pressing first, naming the rules it answers; the length hints (cell-sloc, block-sloc, the
SLOC advice of solution-levels) come from one plan, so they never name different lines or
sizes for the same code; every line reference is a link to lines that exist.
"""

from __future__ import annotations

import re
from typing import Any

from cell_strategies import code_cells
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinyscaffold_server import analyze
from tinyscaffold_server.core.advice import cell_advice
from tinyscaffold_server.core.source import parse_code

SOLUTION = {"nbgrader": {"solution": True, "grade": False}}
DASH = "\u2013"


def _one_cell(source: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    cell = {"cell_type": "code", "source": source, "metadata": SOLUTION}
    return analyze({"cells": [cell]}, config)["cells"][0]  # type: ignore[no-any-return]


def _check_links(text: str, links: list[dict[str, Any]], line_count: int) -> None:
    """Each link's text occurs in order, not inside a longer number, on existing lines."""
    at = 0
    for link in links:
        match = re.compile(rf"(?<!\d){re.escape(link['text'])}(?!\d)").search(text, at)
        assert match is not None, (link, text[at:])
        at = match.end()
        first, last = link["lines"]
        assert 1 <= first <= last <= line_count, (link, line_count)
        assert str(first) in link["text"]


def _check_advice(cell: dict[str, Any]) -> None:
    findings = cell["findings"]
    if not findings:
        assert "advice" not in cell
        return
    advice = cell["advice"]
    lines = cell["lines"]
    steps = advice["steps"]
    # One step per distinct suggestion; every finding's advice is in the step naming its rule.
    assert len({step["text"] for step in steps}) == len(steps)
    for finding in findings:
        holders = [s for s in steps if finding["suggestion"] in s["text"]]
        assert any(finding["rule"] in s["rules"] for s in holders), finding
        _check_links(finding["suggestion"], finding.get("links", []), lines)
    for step in steps:
        _check_links(step["text"], step["links"], lines)
    rank = {"error": 0, "warning": 1, "info": 2}
    assert advice["severity"] == min((f["severity"] for f in findings), key=rank.__getitem__)


def test_one_block_for_a_long_method_with_a_long_exercise(layers: dict[str, Any]) -> None:
    """The fixture of issue 20: seven hints under one cell, two of them disagreeing."""
    cell = layers["cells"][4]
    by_rule = {f["rule"]: f for f in cell["findings"]}
    steps = cell["advice"]["steps"]
    # The length step answers three rules at once and says the split once.
    assert steps[0]["rules"] == ["cell-sloc", "block-sloc", "solution-levels"]
    assert steps[0]["text"] == by_rule["solution-levels"]["suggestion"]
    assert by_rule["cell-sloc"]["suggestion"] in steps[0]["text"]
    assert by_rule["block-sloc"]["suggestion"] in steps[0]["text"]
    assert steps[0]["text"].count("before line 41") == 1
    # The other hints follow, each once: guidance, then the informational proposals.
    assert [s["rules"] for s in steps[1:]] == [
        ["approach-steps"],
        ["implementation-ladder"],
        ["concept-bridge"],
    ]
    assert cell["advice"]["severity"] == "warning"
    # Line references are links, in the order they appear.
    assert [link["text"] for link in steps[0]["links"]] == [
        f"lines 6{DASH}49",
        f"lines 17{DASH}50",
        "line 41",
        f"lines 41{DASH}49",
    ]
    assert steps[0]["links"][3]["lines"] == [41, 49]
    _check_advice(cell)


def test_no_advice_without_findings(activations: dict[str, Any]) -> None:
    for cell in activations["cells"]:
        _check_advice(cell)
    assert cell_advice([]) is None


def test_a_course_finding_joins_the_advice() -> None:
    found = [
        {"rule": "concept-bridge", "severity": "info", "message": "m", "suggestion": "Say why"},
        {"rule": "concept-order", "severity": "warning", "message": "m", "suggestion": "Move it"},
    ]
    advice = cell_advice(found)
    assert advice == {
        "severity": "warning",
        "steps": [
            {"rules": ["concept-order"], "text": "Move it", "links": []},
            {"rules": ["concept-bridge"], "text": "Say why", "links": []},
        ],
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(code=code_cells(), limit=st.sampled_from([5, 10, 20, 30]))
def test_advice_merges_every_finding_and_links_real_lines(code: str, limit: int) -> None:
    _check_advice(_one_cell(code, {"max_cell_sloc": limit, "max_block_sloc": limit}))


def _method_with_block(before: int, block: int, after: int) -> str:
    body = ["class Layer:", "    def forward(self, x):", '        """Forward."""']
    body += [f"        a{k} = x + {k}" for k in range(before)]
    body.append("        ### BEGIN SOLUTION")
    for k in range(block):
        if k % 7 == 6:
            body += [f"        for i{k} in range(2):", f"            x = x + i{k}"]
        else:
            body.append(f"        b{k} = x * {k}")
    body.append("        ### END SOLUTION")
    body += [f"        c{k} = x - {k}" for k in range(after)]
    body.append("        return x")
    return "\n".join(body) + "\n"


@settings(max_examples=120, deadline=None)
@given(
    before=st.integers(0, 12),
    block=st.integers(8, 60),
    after=st.integers(0, 12),
    limit=st.sampled_from([10, 20, 30]),
)
def test_block_and_cell_advice_agree_and_the_move_fits(
    before: int, block: int, after: int, limit: int
) -> None:
    """A method too long for any part of the cell, around an exercise too long for its limit:
    the cell's advice moves exactly the block's later parts, quoting the block's advice, and
    what it moves and what stays behind have the sizes it states."""
    source = _method_with_block(before, block, after)
    cell = _one_cell(source, {"max_cell_sloc": limit, "max_block_sloc": limit})
    by_rule = {f["rule"]: f for f in cell["findings"]}
    _check_advice(cell)
    text = by_rule["cell-sloc"]["suggestion"] if "cell-sloc" in by_rule else ""
    if "block-sloc" in by_rule and "move lines" in text and "BEGIN/END" in text:
        block_text = by_rule["block-sloc"]["suggestion"]
        assert block_text in text
        block_cuts = [int(n) for n in re.findall(r"\d+", block_text.split(": ")[0])]
        moved = re.findall(rf"lines (\d+){DASH}\d+ \(\d+ SLOC\)", text.split("; move ")[1])
        assert [int(first) for first in moved] == block_cuts
    parsed = parse_code(source)
    for first, last, size in re.findall(rf"lines (\d+){DASH}(\d+) \((\d+) SLOC\)", text):
        # a moved part: its stated SLOC, and room for the helper's `def` line
        counted = len([n for n in parsed.sloc_lines if int(first) <= n <= int(last)])
        assert counted == int(size) <= limit - 1
    stays = re.search(r"the cell then has (\d+) SLOC", text)
    if stays:
        moved_parts = re.findall(rf"lines (\d+){DASH}(\d+) \((\d+) SLOC\)", text)
        kept = parsed.sloc - sum(int(s) for _, _, s in moved_parts) + len(moved_parts)
        assert int(stays.group(1)) == kept <= limit


def test_a_block_the_cell_split_cuts_is_cut_there_too() -> None:
    """Set-up code, then one exercise around three functions: on its own the exercise would
    best be cut before `f2` (10 + 10 | 18), but the cell must be cut before `f1` (15 + 10 |
    10 + 18). The exercise's advice takes the cell's cut, so following one follows the other."""

    def function(name: str, sloc: int) -> list[str]:
        return [
            f"def {name}(x):",
            *[f"    y{i} = x + {i}" for i in range(sloc - 2)],
            "    return x",
        ]

    source = "\n".join(
        [
            *[f"setting{i} = {i}" for i in range(15)],
            "### BEGIN SOLUTION",
            *function("f0", 10),
            *function("f1", 10),
            *function("f2", 18),
            "### END SOLUTION",
        ]
    )
    cell = _one_cell(source)
    by_rule = {f["rule"]: f["suggestion"] for f in cell["findings"]}
    assert by_rule["cell-sloc"].startswith(
        "split it before line 27 (`def f1`): 2 parts of 25 and 28"
    )
    assert by_rule["block-sloc"].startswith(
        "split it before line 27 (`def f1`): 2 parts of 10 and 28"
    )
    _check_advice(cell)
