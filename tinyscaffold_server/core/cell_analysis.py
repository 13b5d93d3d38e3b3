"""One cell analysed alone: everything about it that does not depend on the other cells.

Role, SLOC, CC and complexity, guidance, blocks, length plan, cell-local findings, pattern
facts and concept candidates, as one ``CellResult`` (:mod:`.cell_result`).  The
:class:`.analyzer.Analyzer` caches these per cell and adds the notebook pass.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import metrics, rules
from .cell_result import CellResult
from .concepts.candidates import CellConcepts, extract_concepts
from .guidance import Block, blocks_json, find_blocks, find_guidance, guidance_json
from .patterns import facts as patterns
from .roles import code_role, is_ignored, markdown_role, silenced_rules
from .source import parse_code
from .typing_names import Any

__all__ = ["analyse_cell"]

_NO_CONCEPTS = CellConcepts((), (), ())


def _safe_concepts(
    source: str,
    cell_type: str,
    metadata: Mapping[str, Any],
    tree: Any,
    config: Mapping[str, Any],
    role: str = "",
    blocks: tuple[Block, ...] = (),
    code_lines: frozenset[int] | None = None,
) -> CellConcepts:
    try:
        spans = [(block.start_line, block.end_line) for block in blocks]
        return extract_concepts(source, cell_type, metadata, tree, config, role, spans, code_lines)
    except (RecursionError, MemoryError):
        return _NO_CONCEPTS


def analyse_cell(
    cell_type: str, source: str, metadata: Mapping[str, Any], config: Mapping[str, Any]
) -> CellResult:
    """Everything about one cell that does not depend on the other cells."""
    ignored = is_ignored(metadata)
    silenced = silenced_rules(metadata) if metadata else ()
    lines = len(source.splitlines())
    if cell_type == "code":
        parsed = parse_code(source)
        role, role_why = code_role(parsed, metadata)
        cc, terms, note = metrics.code_score(parsed, config)
        complexity, why = metrics.total(terms) if terms else (None, [])
        guidance = find_guidance(parsed)
        blocks = find_blocks(parsed)
        length = rules.length_plan(role, parsed, blocks, config)
        findings = rules.cell_findings(role, parsed, guidance, length, config)
        pattern_facts = patterns.code_patterns(role, parsed)
        ladder = patterns.ladder_finding(role, parsed, pattern_facts, blocks, config)
        if ladder is not None:
            findings.append(ladder)
        if silenced:
            findings = [f for f in findings if f["rule"] not in silenced]
        concepts = _safe_concepts(
            source, cell_type, metadata, parsed.facts, config, role, blocks, parsed.sloc_lines
        )
        return CellResult(
            cell_type, role, ignored, lines, parsed.sloc, None, None, cc, complexity, why, terms,
            note, guidance, guidance_json(guidance), blocks, blocks_json(blocks),
            concepts, findings, silenced, length, pattern_facts=pattern_facts, role_why=role_why,
        )  # fmt: skip
    if cell_type == "markdown":
        words, math, terms = metrics.markdown_terms_with_lines(source, config)
        concepts = _safe_concepts(source, cell_type, metadata, None, config)
        return CellResult(
            cell_type, markdown_role(source), ignored, lines, 0, words, len(math), None, None,
            [], terms, None, None, None, (), [], concepts, [], silenced, None,
            pattern_facts=patterns.markdown_patterns(source, math),
        )  # fmt: skip
    role = "raw" if cell_type == "raw" else "other"
    note = (
        "raw cell: not analysed"
        if role == "raw"
        else f"unknown cell type {cell_type!r}: not analysed"
    )
    return CellResult(
        cell_type, role, ignored, lines, 0, None, None, None, None, [], [], note, None, None,
        (), [], _NO_CONCEPTS, [], silenced, None,
    )  # fmt: skip
