"""``CellResult``: everything about one cell that depends on the cell alone.

The analyzer builds and caches these; the notebook pass (``report_json``) reads them.
"""

from __future__ import annotations

from . import split_advice, splits
from .concepts.candidates import CellConcepts
from .guidance import Block, Guidance
from .patterns import facts as patterns
from .phrases import Phrase
from .summary import Row
from .typing_names import Any

Json = dict[str, Any]
Scored = tuple["int | None", list[str], list[Json]]  # complexity, why, terms


_FIELDS = (
    "cell_type", "role", "ignored", "lines", "sloc", "words", "math_lines", "cc",
    "complexity", "why", "terms", "note", "guidance", "guidance_json", "blocks",
    "blocks_json", "concepts", "findings", "silenced", "length", "markdown_scores",
    "memo", "scored", "facts", "_split", "pattern_facts", "pattern_cell", "role_why",
)  # fmt: skip


class CellResult:
    """Cell-local analysis, reused across reports while the cell is unchanged.

    Cold analysis allocates, and the end of an ``Analyzer``'s life frees, every object held
    here, per cell: fields default to shared or absent values rather than fresh containers.
    Slots, no per-instance ``__dict__``: one object fewer per cached cell.  (A plain class,
    not a dataclass: importing dataclasses costs the CLI's start-up more than this file.)
    """

    __slots__ = _FIELDS

    cell_type: str
    role: str
    ignored: bool
    lines: int
    sloc: int
    words: int | None
    math_lines: int | None
    cc: Json | None
    complexity: int | None  # markdown: before P_new
    why: list[str]
    terms: list[Json]
    note: str | None
    guidance: Guidance | None
    guidance_json: Json | None
    blocks: tuple[Block, ...]
    blocks_json: list[Json]
    concepts: CellConcepts
    findings: list[Json]  # cell-local, cell_index still -1, silenced rules already dropped
    silenced: tuple[str, ...]  # rule ids silenced on this cell (metadata ignore_rules)
    # The one length plan of the cell (splits.LengthPlan): what its cell-sloc, block-sloc and
    # test-cell-sloc findings, its advice and the SLOC hints of cliffs and solution levels
    # say.  None when nothing in the cell is over a limit: such a cell gets no SLOC advice.
    length: splits.LengthPlan | None
    # Markdown P_new variants, keyed by new-concept count (only a few ever occur).
    # (None until the first is needed: most cells are not markdown.)
    markdown_scores: dict[int, Scored] | None
    # (what the last report entry showed, that entry, its summary row): see _cell_json.
    memo: tuple[tuple[Any, ...], Json, Row] | None
    # (complexity, why, terms) of a non-markdown cell, built once rather than per request.
    scored: Scored | None
    # summary.row_facts of the cell (config-dependent, like everything cached here).
    facts: tuple[tuple[str, ...], float, str | None] | None
    _split: Phrase | None
    # Per-cell facts of the scaffolding patterns (bridges, ladders, test ratings).
    pattern_facts: patterns.CellPatterns
    pattern_cell: patterns.PatternCell | None  # its record in the last pattern pass
    # Why a code cell is a solution (the nbgrader metadata, a marker, an exercise
    # convention), or why a TODO in a demo cell is not an exercise (roles.CodeRole).
    role_why: str | None

    def __init__(
        self,
        cell_type: str, role: str, ignored: bool, lines: int, sloc: int, words: int | None,
        math_lines: int | None, cc: Json | None, complexity: int | None, why: list[str],
        terms: list[Json], note: str | None, guidance: Guidance | None,
        guidance_json: Json | None, blocks: tuple[Block, ...], blocks_json: list[Json],
        concepts: CellConcepts, findings: list[Json], silenced: tuple[str, ...],
        length: splits.LengthPlan | None,
        markdown_scores: dict[int, Scored] | None = None,
        memo: tuple[tuple[Any, ...], Json, Row] | None = None,
        scored: Scored | None = None,
        facts: tuple[tuple[str, ...], float, str | None] | None = None,
        _split: Phrase | None = None,
        pattern_facts: patterns.CellPatterns = patterns.NO_PATTERNS,
        pattern_cell: patterns.PatternCell | None = None,
        role_why: str | None = None,
    ) -> None:  # fmt: skip
        self.cell_type, self.role, self.ignored, self.lines = cell_type, role, ignored, lines
        self.sloc, self.words, self.math_lines, self.cc = sloc, words, math_lines, cc
        self.complexity, self.why, self.terms, self.note = complexity, why, terms, note
        self.guidance, self.guidance_json = guidance, guidance_json
        self.blocks, self.blocks_json, self.concepts = blocks, blocks_json, concepts
        self.findings, self.silenced, self.length = findings, silenced, length
        self.markdown_scores, self.memo, self.scored = markdown_scores, memo, scored
        self.facts, self._split = facts, _split
        self.pattern_facts, self.pattern_cell, self.role_why = pattern_facts, pattern_cell, role_why

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CellResult):
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # mutable: not hashable

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS)
        return f"CellResult({fields})"

    def split(self) -> Phrase | None:
        """How to shorten the cell, when it is over its SLOC limit."""
        if self._split is None and self.length is not None and self.length.cell is not None:
            self._split = split_advice.describe_cell(self.length.cell)
        return self._split
