"""Implementation ladders: recognised rungs, and the proposal for one big block."""

from __future__ import annotations

from itertools import pairwise

from pattern_notebooks import ladder_source, long_block_source, md, notebook, solution

from tinyscaffold_server import analyze


def test_three_guided_rungs_of_rising_difficulty_are_a_ladder() -> None:
    report = analyze(notebook(md("**Leaky ReLU**, one rung at a time."), solution(ladder_source())))
    [ladder] = report["patterns"]["ladders"]
    rungs = [(r["name"], r["sloc"], r["cc"], r["difficulty"]) for r in ladder["rungs"]]
    # difficulty = body SLOC + 2 * (CC - 1)
    assert rungs == [
        ("leaky_relu_one", 3, 2, 5),
        ("leaky_relu_array", 5, 2, 7),
        ("leaky_relu", 8, 4, 14),
    ]
    assert ladder["cells"] == [1]
    assert ladder["rungs"][0]["lines"] == [1, 10]


def test_rungs_without_their_own_guidance_are_no_ladder() -> None:
    bare = "\n".join(line for line in ladder_source().splitlines() if "TODO" not in line)
    report = analyze(notebook(solution(bare)))
    assert report["patterns"]["ladders"] == []


def test_falling_difficulty_breaks_the_ladder() -> None:
    source = ladder_source()
    first, _second, third = source.split("\n\n\n")
    report = analyze(notebook(solution("\n\n\n".join([third, first]))))
    assert report["patterns"]["ladders"] == []


def test_an_80_line_block_gets_a_ladder_proposal_from_its_structure() -> None:
    report = analyze(notebook(solution(long_block_source())))
    [finding] = [f for f in report["cells"][0]["findings"] if f["rule"] == "implementation-ladder"]
    rungs = finding["rungs"]
    assert len(rungs) >= 6
    assert all(r["sloc"] <= 12 for r in rungs)
    # Cuts follow the code: the input checks first, then the helper, then the computation.
    assert rungs[0]["todo"].startswith("check `batch`, `eps` (2 checks raising ValueError)")
    assert "write the helper `centre`" in rungs[0]["todo"] + rungs[1]["todo"]
    assert any("loop over `batch`" in r["todo"] for r in rungs)
    assert rungs[-1]["todo"].endswith("handle `clip`") or "return" in rungs[-1]["todo"]
    assert "`def normalise` (lines 1\u201375; 73 SLOC" in finding["message"]
    assert "rung 1 (lines 4" in finding["suggestion"]
    # The rungs tile the body in order without overlapping.
    for before, after in pairwise(rungs):
        assert before["lines"][1] < after["lines"][0]


def test_short_simple_solutions_get_no_proposal() -> None:
    report = analyze(notebook(solution(ladder_source())))
    assert all(f["rule"] != "implementation-ladder" for f in report["cells"][0]["findings"])


def _guided(name: str, body: str) -> str:
    doc = '    """\n    TODO: Implement {0}.\n\n    EXAMPLE:\n    {0}(1.0) -> 1.0\n    """\n'
    return f"def {name}(x):\n" + doc.format(name) + body + "\n\n"


SMALL = "    y = x\n    z = y\n    return z\n"
LARGER = "    if x is None:\n        return 0.0\n    y = x\n    z = y\n    return z\n"


def test_rungs_of_one_ladder_share_a_name_stem() -> None:
    family = _guided("scale_one", SMALL) + _guided("scale_many", LARGER)
    [ladder] = analyze(notebook(solution(family)))["patterns"]["ladders"]
    assert [r["difficulty"] for r in ladder["rungs"]] == [3, 7]
    strangers = _guided("add", SMALL) + _guided("mul", LARGER)
    assert analyze(notebook(solution(strangers)))["patterns"]["ladders"] == []


def test_equal_difficulty_is_no_rise() -> None:
    flat = _guided("scale_one", SMALL) + _guided("scale_two", SMALL)
    assert analyze(notebook(solution(flat)))["patterns"]["ladders"] == []
