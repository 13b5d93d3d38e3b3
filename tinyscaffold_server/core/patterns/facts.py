"""The four scaffolding patterns over a notebook: bridges, ladders, test ratings.

Per-cell facts (:class:`CellPatterns`) are computed once with the cell and cached with it;
:func:`find_patterns` is the notebook pass and returns the report's ``patterns`` section
plus the cross-cell findings (a missing bridge part) by cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..concepts.candidates import Concept
from ..guidance import Block
from ..named_tuple import NamedTuple
from ..source import ParsedCode
from ..typing_names import Any
from . import bridges, ladders, test_quality
from . import score as pattern_score
from .placeholders import has_blank_value

Json = dict[str, Any]


class CellPatterns(NamedTuple):
    markdown: bridges.MarkdownFacts | None = None
    code: bridges.CodeFacts | None = None
    functions: tuple[ladders.Function, ...] = ()
    test: test_quality.CellTestFacts | None = None
    unfilled: bool = False  # a solution cell that still holds a template's blanks


NO_PATTERNS = CellPatterns()


def code_patterns(role: str, parsed: ParsedCode) -> CellPatterns:
    if parsed.tree is None:
        return NO_PATTERNS
    if role == "solution":
        unfilled = "..." in parsed.code and has_blank_value(parsed.tree)
        return CellPatterns(
            None, bridges.code_facts(parsed.tree), ladders.functions(parsed), None, unfilled
        )
    if role == "test":
        return CellPatterns(test=test_quality.facts_of_test_cell(parsed))
    return NO_PATTERNS


def markdown_patterns(source: str, math_lines: Sequence[int]) -> CellPatterns:
    return CellPatterns(markdown=bridges.markdown_facts(source, math_lines))


def ladder_finding(
    role: str,
    parsed: ParsedCode,
    facts: CellPatterns,
    blocks: Sequence[Block],
    config: Mapping[str, Any],
) -> Json | None:
    """The cell-local ``implementation-ladder`` hint (cached with the cell)."""
    if role != "solution" or not config["rules"].get("implementation-ladder"):
        return None
    return ladders.ladder_finding(parsed, facts.functions, blocks, config)


class PatternCell(NamedTuple):
    cell: int
    role: str
    ignored: bool
    facts: CellPatterns
    new: Sequence[Concept]


# (the report's ``patterns`` section, bridge findings by cell, the score parts C and T with
# their recommendation details)
Found = tuple[Json, dict[int, list[Json]], pattern_score.Parts]


class PatternsMemo:
    """The last notebook pass of one ``Analyzer``: an edit that changes no pattern fact (the
    common case: typing inside a function body) reuses its section as it is.  The key holds
    the per-cell facts, compared by identity first and by value second."""

    __slots__ = ("last",)

    def __init__(self) -> None:
        # (key, result) in one attribute, so that a thread never pairs a key with the
        # result of another call.
        self.last: tuple[tuple[Any, ...], Found] | None = None


def find_patterns(
    cells: Sequence[PatternCell], config: Mapping[str, Any], memo: PatternsMemo | None = None
) -> Found:
    """The pattern pass (see ``Found``), memoised on ``memo``."""
    rules = config["rules"]
    key = (tuple(cells), rules.get("concept-bridge"), tuple(config["ladder_rung_sloc"]))
    last = memo.last if memo is not None else None
    if last is not None and last[0] == key:
        return last[1]
    found = _find_patterns(cells, config)
    if memo is not None:
        memo.last = (key, found)
    return found


def _find_patterns(cells: Sequence[PatternCell], config: Mapping[str, Any]) -> Found:
    live = [cell for cell in cells if not cell.ignored]
    bridge_cells = [
        bridges.BridgeCell(
            cell.cell,
            cell.role,
            cell.facts.markdown,
            cell.facts.code,
            {concept.key: concept.name for concept in cell.new},
        )
        for cell in live
        if cell.facts.markdown is not None or cell.facts.code is not None or cell.new
    ]
    found_bridges = bridges.find_bridges(bridge_cells)
    findings: dict[int, list[Json]] = {}
    if config["rules"].get("concept-bridge"):
        silenced = {cell.cell for cell in cells if cell.ignored}
        for bridge in found_bridges:
            finding = bridges.bridge_finding(bridge)
            if finding is not None and finding["cell_index"] not in silenced:
                findings.setdefault(finding["cell_index"], []).append(finding)
    solutions = [(cell.cell, cell.facts.functions) for cell in live if cell.role == "solution"]
    checkpoints = [
        (cell.cell, cell.role, cell.facts.test)
        for cell in live
        if cell.role == "solution" or (cell.role == "test" and cell.facts.test is not None)
    ]
    section = {
        "bridges": found_bridges,
        "ladders": ladders.find_ladders(solutions, config),
        "tests": test_quality.rate_tests(checkpoints),
    }
    unfilled = frozenset(cell.cell for cell in live if cell.facts.unfilled)
    return section, findings, pattern_score.parts(section, unfilled)
