"""Property-based tests: every hint holds when the author follows it.

Split suggestions are applied to the cell exactly as written (the source is cut at the lines
the text names, and a part that starts inside a class is reopened with the header the text
gives); every part must parse and be within the limit by the project's own SLOC count.
"""

from __future__ import annotations

import ast
import re
from itertools import pairwise, product
from typing import Any

from cell_strategies import code_cells
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinyscaffold_server import analyze
from tinyscaffold_server.core.concept_rules import new_concepts_finding
from tinyscaffold_server.core.source import parse_code
from tinyscaffold_server.core.splits import block_units, cell_units, plan_split

SOLUTION = {"nbgrader": {"solution": True, "grade": False}}


def _enclosing_class(tree: ast.Module, line: int) -> str | None:
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.lineno < line <= (node.end_lineno or 0):
            return node.name
    return None


def _apply_split(code: str, text: str, limit: int) -> None:
    """Cut ``code`` where ``text`` says, and check every part against the text and limit."""
    head, _, tail = text.partition(": ")
    cuts = [int(n) for n in re.findall(r"\b\d+\b", head)]
    stated = re.match(r"(\d+) parts of ([\d, and]+) SLOC", tail)
    assert stated is not None, text
    sizes = [int(n) for n in re.findall(r"\d+", stated.group(2))]
    assert int(stated.group(1)) == len(sizes) == len(cuts) + 1
    assert cuts == sorted(cuts) and len(set(cuts)) == len(cuts)
    tree = ast.parse(code)
    lines = code.split("\n")
    bounds = [1, *cuts, len(lines) + 1]
    total = 0
    for (lo, hi), size in zip(pairwise(bounds), sizes, strict=True):
        part = "\n".join(lines[lo - 1 : hi - 1])
        owner = _enclosing_class(tree, lo) if lo > 1 else None
        if owner is not None:
            header = f"class {owner}({owner}):"
            assert f"`{header}`" in text
            part = header + "\n" + part
        parsed = parse_code(part)
        assert parsed.tree is not None, (text, part)
        assert parsed.sloc == size <= limit, (text, part)
        total += parsed.sloc - (owner is not None)
    assert total == parse_code(code).sloc
    # the fewest parts cannot be fewer than the SLOC allows
    assert len(sizes) >= -(-parse_code(code).sloc // limit)


def _check_too_long(code: str, text: str, limit: int) -> None:
    match = re.search(r"within (\d+) SLOC: (.+?) \(lines (\d+)\u2013(\d+)\) has (\d+) SLOC", text)
    assert match is not None, text
    first, last, size = int(match.group(3)), int(match.group(4)), int(match.group(5))
    parsed = parse_code(code)
    assert size == len([n for n in parsed.sloc_lines if first <= n <= last])
    # too long for any part on its own (a method part also needs its class header line)
    assert size + match.group(2).startswith("method") > limit
    assert "helper" in text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(code=code_cells(), limit=st.sampled_from([5, 10, 20, 30]))
def test_every_split_suggestion_gives_parts_that_parse_and_fit(code: str, limit: int) -> None:
    report = analyze(
        {"cells": [{"cell_type": "code", "source": code, "metadata": SOLUTION}]},
        {"max_cell_sloc": limit},
    )
    cell = report["cells"][0]
    found = {f["rule"]: f for f in cell["findings"]}
    if cell["sloc"] <= limit:
        assert "cell-sloc" not in found
        return
    text = found["cell-sloc"]["suggestion"]
    if text.startswith("split it"):
        _apply_split(code, text, limit)
    else:
        _check_too_long(code, text, limit)
    # the same advice wherever the cell's length is the hint (solution levels, cliffs)
    for finding in found.values():
        if "SLOC" in finding["suggestion"] and finding["rule"] != "block-sloc":
            assert text in finding["suggestion"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(code=code_cells(), limit=st.sampled_from([5, 10, 20, 30]))
def test_split_plans_use_the_fewest_parts(code: str, limit: int) -> None:
    """Against every choice of cut points (cells with few statements): the plan has the
    fewest parts that fit, and there is a plan whenever some choice fits."""
    parsed = parse_code(code)
    last = max(parsed.sloc_lines)
    units = cell_units(parsed)
    starts = [u for u in units if 1 < u.line <= last and u.cut]
    if len(starts) > 10:
        return
    fewest = None
    for chosen in product([False, True], repeat=len(starts)):
        cuts = [u for u, keep in zip(starts, chosen, strict=True) if keep]
        bounds = [1, *[u.line for u in cuts], last + 1]
        headers = [0, *[1 if u.owner else 0 for u in cuts]]
        sizes = [
            len([n for n in parsed.sloc_lines if lo <= n < hi]) + header
            for (lo, hi), header in zip(pairwise(bounds), headers, strict=True)
        ]
        if all(header < size <= limit for size, header in zip(sizes, headers, strict=True)):
            fewest = len(sizes) if fewest is None else min(fewest, len(sizes))
    plan = plan_split(parsed.sloc_lines, units, 1, last, limit)
    assert (len(plan.sizes) if plan.sizes else None) == fewest


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(code=code_cells(), limit=st.sampled_from([4, 8, 15]))
def test_block_splits_keep_every_part_within_the_limit(code: str, limit: int) -> None:
    body = ["def solve(x):", "    ### BEGIN SOLUTION"]
    body += ["    " + line if line.strip() else line for line in code.rstrip("\n").split("\n")]
    body += ["    ### END SOLUTION", "    return x"]
    source = "\n".join(body) + "\n"
    parsed = parse_code(source)
    first, last = 3, len(body) - 1
    plan = plan_split(parsed.sloc_lines, block_units(parsed, first, last), first, last, limit)
    block = len([n for n in parsed.sloc_lines if first <= n < last])
    if plan.sizes:
        assert sum(plan.sizes) == block and max(plan.sizes) <= limit
        for cut in plan.cuts:
            # a cut falls before a statement at the block's outer level, where closing the
            # block and opening a new one leaves the function as it was
            assert body[cut.line - 1].startswith("    ") and body[cut.line - 1][4] != " "
    else:
        assert plan.too_long is not None and plan.too_long[3] > limit
    report = analyze(
        {"cells": [{"cell_type": "code", "source": source, "metadata": SOLUTION}]},
        {"max_block_sloc": limit, "max_cell_sloc": 10_000},
    )
    texts = [f["suggestion"] for f in report["cells"][0]["findings"] if f["rule"] == "block-sloc"]
    assert (block > limit) == bool(texts)
    if texts and plan.cuts:
        assert texts[0].endswith("make each part its own BEGIN/END SOLUTION exercise")
        assert f"{len(plan.sizes)} parts of" in texts[0]


small_cells = st.builds(
    lambda n, loop: "\n".join(
        ["def g(x):"]
        + ([f"    for i in range({k}):\n        if i:\n            x += i" for k in range(loop)])
        + [f"    x = x + {k}" for k in range(n)]
        + ["    return x"]
    ),
    st.integers(0, 12),
    st.integers(0, 4),
)


@settings(max_examples=100, deadline=None)
@given(sources=st.lists(small_cells, min_size=2, max_size=6), limit=st.integers(6, 40))
def test_no_sloc_advice_on_a_cell_within_the_limit(sources: list[str], limit: int) -> None:
    # low bands make SLOC the biggest complexity term of small cells, so cliffs and
    # solution levels ask how to reduce them
    config = {"sloc_bands": [1, 3, 5], "max_cell_sloc": limit, "cliff_jump": 2}
    cells = [{"cell_type": "code", "source": s, "metadata": SOLUTION} for s in sources]
    report = analyze({"cells": cells}, config)
    for cell in report["cells"]:
        if cell["sloc"] > limit:
            continue
        for finding in cell["findings"]:
            assert "SLOC" not in finding["suggestion"], finding
            assert "split" not in finding["suggestion"], finding
    for cliff in report["cliffs"]:
        if report["cells"][cliff["to_index"]]["sloc"] <= limit:
            assert "SLOC" not in cliff["suggestion"] and "split" not in cliff["suggestion"]


@settings(max_examples=300, deadline=None)
@given(
    role=st.sampled_from(["solution", "explanation"]),
    limit=st.integers(1, 5),
    data=st.data(),
)
def test_concept_hints_hold(role: str, limit: int, data: Any) -> None:
    n = data.draw(st.integers(limit + 1, 6 * limit + 3))
    names = [f"term{i}" for i in range(n)]
    lines = sorted(data.draw(st.lists(st.integers(1, 40), min_size=n, max_size=n)))
    above = data.draw(st.one_of(st.none(), st.tuples(st.integers(0, 5), st.integers(0, 8))))
    config = {"max_new_concepts": limit, "rules": {"new-concepts": True}}
    finding = new_concepts_finding(role, names, lines, above, config)
    assert finding is not None
    tip = finding["suggestion"]
    mentioned = re.findall(r"term\d+", tip)
    if n > 2 * limit:
        assert "more than twice the limit" in tip or "far more than the limit" in tip
        groups = re.findall(r"\(((?:term\d+(?:, | and )?)+)\)", tip)
        assert groups and all(len(re.findall(r"term\d+", g)) <= limit for g in groups)
        return
    if "in the markdown cell above" in tip:
        assert role == "solution" and above is not None
        assert above[1] + (n - limit) <= limit  # the cell above stays within the limit
    if tip.startswith(("explain", "introduce")):
        # what the author is told to move: never more than half of the cell
        assert len(mentioned) == n - limit <= n / 2
    else:  # a split of a markdown cell by lines: every part within the limit
        assert role != "solution" and tip.startswith("split it before line")
        cuts = [int(x) for x in re.findall(r"\b\d+\b", tip.partition(":")[0])]
        bounds = [0, *cuts, 10_000]
        for lo, hi in pairwise(bounds):
            assert 0 < len([line for line in lines if lo <= line < hi]) <= limit


def test_concept_hint_never_sends_concepts_to_a_full_cell_above() -> None:
    config = {"max_new_concepts": 3, "rules": {"new-concepts": True}}
    names = ["Tensor", "shape", "dtype", "add", "mul"]
    full = new_concepts_finding("solution", names, [1, 2, 3, 4, 5], (6, 2), config)
    assert full is not None
    assert full["suggestion"] == (
        "explain `add` and `mul` in a new markdown cell right above this one, so the code only "
        "uses ideas already explained (the markdown cell above, cell 7, already introduces 2 "
        "new concepts: 2 more would put it over 3)"
    )
    room = new_concepts_finding("solution", names, [1, 2, 3, 4, 5], (6, 1), config)
    assert room is not None
    assert room["suggestion"].startswith(
        "explain `add` and `mul` in the markdown cell above (cell 7, which then introduces 3"
    )


def test_sixty_concepts_get_a_plan_not_a_move() -> None:
    config = {"max_new_concepts": 3, "rules": {"new-concepts": True}}
    names = [f"idea {i}" for i in range(60)]
    finding = new_concepts_finding("explanation", names, list(range(1, 61)), None, config)
    assert finding is not None
    tip = finding["suggestion"]
    assert tip.startswith(
        "60 new concepts are far more than the limit of 3: list the ones this cell really "
        'teaches in its metadata (`"tinyscaffold": {"concepts": [...]}`)'
    )
    assert "split it into 20 cells of at most 3 new concepts each, before lines 4, 7, 10" in tip
    assert "57" not in tip


def _approach_cell(body_lines: int) -> str:
    body = "\n".join(f"    x = x + {k}" for k in range(body_lines))
    return (
        "def f(x):\n"
        '    """TODO: add.\n\n    APPROACH:\n    1. a\n    2. b\n    3. c\n    4. d\n    5. e\n'
        '    """\n'
        f"{body}\n    return x\n"
    )


def test_approach_steps_only_on_code_long_enough_to_need_them() -> None:
    def rules(source: str) -> list[str]:
        cell = {"cell_type": "code", "source": source, "metadata": SOLUTION}
        return [f["rule"] for f in analyze({"cells": [cell]})["cells"][0]["findings"]]

    assert "approach-steps" not in rules(_approach_cell(2))  # 4 SLOC: no steps needed
    assert "approach-steps" not in rules(_approach_cell(8))  # 10 SLOC: the first band
    assert "approach-steps" in rules(_approach_cell(9))  # 11 SLOC


def test_short_code_with_a_long_step_list_still_counts_as_fine_in_b() -> None:
    def summary(source: str) -> Any:
        cell = {"cell_type": "code", "source": source, "metadata": SOLUTION}
        return analyze({"cells": [cell]})["summary"]

    assert summary(_approach_cell(2))["scaffolding"]["B"]["value"] == 1.0
    longer = summary(_approach_cell(9))
    assert longer["scaffolding"]["B"]["value"] == 0.5
    assert any("cell 1: 5 APPROACH steps" in r["message"] for r in longer["recommendations"])


def test_a_cliff_to_a_cell_within_the_limit_offers_no_split() -> None:
    short = "x = 1\n"
    longer = "".join(f"x{k} = {k}\n" for k in range(25))  # 25 SLOC: within 30
    cells = [{"cell_type": "code", "source": s, "metadata": SOLUTION} for s in (short, longer)]
    report = analyze({"cells": cells}, {"sloc_bands": [5, 10, 60], "cliff_jump": 2})
    assert [c["complexity"] for c in report["cells"]] == [1, 3]
    # SLOC is the only term that scores, and the cell may be that long: no reduction advice
    assert [c["suggestion"] for c in report["cliffs"]] == [
        "add a stepping stone between cells 1 and 2 (a smaller exercise at complexity 2)"
    ]
