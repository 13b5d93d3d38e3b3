"""Machine formats of the CLI for CI: SARIF 2.1.0 (GitHub code scanning) and GitHub
workflow-command annotations.

Both turn every finding and every cliff into one result that points at a cell of a module:
for a percent-format ``.py`` file, at the finding's own lines in the file when it names
them, else at its cell (the ``# %%`` marker to its last line), and its message names the
file's lines too (``lines.in_file``); for an ``.ipynb``, at line 1 with the cell's index in
``properties.cellIndex`` (a notebook's JSON lines mean nothing to a reader), and its message
says which cell its lines count in ("cell 12, line 9").
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from urllib.parse import quote

from ..core.typing_names import Any
from .json_text import indented_json
from .lines import Spans, cell_region, finding_region, in_file

__all__ = ["RULES", "github_annotations", "issues", "sarif_log"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS = "docs/METRICS.md"
# id -> (short description, help).  The ids are report.schema.json's finding rules + "cliff"
# (a test keeps this list equal to config.RULE_IDS + "cliff").
RULES: dict[str, tuple[str, str]] = {
    "new-concepts": (
        "Too many new concepts in one cell",
        "A solution or markdown cell introduces more new concepts than max_new_concepts "
        "(default 3). Introduce some of them in a cell of their own, before this one.",
    ),
    "approach-steps": (
        "APPROACH with too few or too many steps",
        "A solution cell's APPROACH: lists fewer than min_approach_steps or more than "
        "max_approach_steps numbered steps (default 1-3). Split the exercise or its steps.",
    ),
    "block-sloc": (
        "Solution block too long",
        "A BEGIN/END SOLUTION block has more source lines than max_block_sloc (default 30). "
        "Split the exercise into smaller functions, each with its own block.",
    ),
    "solution-levels": (
        "Solution cells span too many complexity levels",
        "The solution cells use more distinct complexity levels than max_solution_levels "
        "(default 3), or one is above max_solution_level (default 4).",
    ),
    "cell-sloc": (
        "Code cell too long",
        "A solution or demo cell has more source lines than max_cell_sloc (default 30). "
        "Split it; students read and run one idea at a time.",
    ),
    "test-cell-sloc": (
        "Test cell very long",
        "A test cell has more source lines than test_cell_note_sloc (default 60): a note, "
        "since a long test is harder to read when it fails.",
    ),
    "concept-order": (
        "Concept used before the module that introduces it",
        "A module uses a concept that a later module of the course introduces. Introduce it "
        "where it is first used, or move the use after that module in the course order.",
    ),
    "concept-bridge": (
        "A hard concept without a bridge",
        "A concept that needs one is introduced without a bridge to what students know: an "
        "analogy, the maths, a small code example or why it matters. Add the missing kind.",
    ),
    "implementation-ladder": (
        "A solution that could be a ladder",
        "A long or complex solution cell is one big step. Offer it as a ladder of guided "
        "rungs of rising difficulty, each with its own check.",
    ),
    "cliff": (
        "Complexity cliff",
        "Complexity rises by cliff_jump (default 3) or more between consecutive solution "
        "cells, or between consecutive explanation cells. Add a stepping stone between them.",
    ),
}
# Rules whose findings are notes (severity "info"), not warnings.
_NOTES = frozenset({"test-cell-sloc", "concept-bridge", "implementation-ladder"})
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def issues(report: Mapping[str, Any], spans: Spans | None = None) -> Iterator[dict[str, Any]]:
    """Every finding, then every cliff, as ``{rule, severity, message, cell_index, region}``:
    the message and region (first and last line, None when unknown) in the file's lines."""
    for cell in report["cells"]:
        for finding in cell["findings"]:
            at = finding["cell_index"]
            text = f"{finding['message']}\n→ {finding['suggestion']}"
            yield {
                "rule": finding["rule"],
                "severity": finding["severity"],
                "message": in_file(text, at, spans),
                "cell_index": at,
                "region": finding_region(finding, at, spans),
            }
    for cliff in report["cliffs"]:
        at = cliff["to_index"]
        yield {
            "rule": "cliff",
            "severity": "warning",
            "message": in_file(f"{cliff['message']}\n→ {cliff['suggestion']}", at, spans),
            "cell_index": at,
            "region": cell_region(spans, at),
        }


def _uri(path: str) -> str:
    """A relative URI from the working directory (what GitHub matches against the repo)."""
    target = Path(path)
    if target.is_absolute():
        try:
            target = target.relative_to(Path.cwd())
        except ValueError:
            return "file://" + quote(os.fsencode(target.as_posix()))
    return quote(os.fsencode(target.as_posix()))  # bytes: a name that is not UTF-8 is %-escaped


def sarif_log(
    results: Sequence[Mapping[str, Any]], spans: Mapping[str, Spans | None], version: str
) -> dict[str, Any]:
    """One SARIF 2.1.0 run over every analysed module."""
    rule_ids = list(RULES)
    sarif_results = []
    for entry in results:
        if "report" not in entry:
            continue
        path = entry["path"]
        for issue in issues(entry["report"], spans.get(path)):
            lines = issue["region"]
            region = {"startLine": lines[0], "endLine": lines[1]} if lines else {"startLine": 1}
            sarif_results.append(
                {
                    "ruleId": issue["rule"],
                    "ruleIndex": rule_ids.index(issue["rule"]),
                    "level": _SARIF_LEVEL[issue["severity"]],
                    "message": {"text": issue["message"]},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": _uri(path)},
                                "region": region,
                            }
                        }
                    ],
                    "properties": {"cellIndex": issue["cell_index"]},
                }
            )
    rules = [
        {
            "id": rule_id,
            "name": "".join(part.capitalize() for part in rule_id.split("-")),
            "shortDescription": {"text": short},
            "fullDescription": {"text": help_text},
            "help": {"text": f"{help_text} See {DOCS} in the tinyscaffold repository."},
            "defaultConfiguration": {"level": "note" if rule_id in _NOTES else "warning"},
        }
        for rule_id, (short, help_text) in RULES.items()
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "tinyscaffold", "version": version, "rules": rules}},
                "invocations": [
                    {"executionSuccessful": all("report" in entry for entry in results)}
                ],
                "results": sarif_results,
            }
        ],
    }


def render_sarif(
    results: Sequence[Mapping[str, Any]], spans: Mapping[str, Spans | None], version: str
) -> str:
    return indented_json(sarif_log(results, spans, version)) + "\n"


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping of a workflow command property (file=, title=)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(
    results: Sequence[Mapping[str, Any]], spans: Mapping[str, Spans | None]
) -> str:
    """``::warning file=…,line=…,title=…::message`` lines, one per finding and cliff."""
    out = []
    for entry in results:
        path = entry["path"]
        if "report" not in entry:
            out.append(f"::error file={_escape_property(path)}::{_escape_data(entry['error'])}")
            continue
        for issue in issues(entry["report"], spans.get(path)):
            cell = issue["cell_index"] + 1
            lines = issue["region"]
            props = [f"file={_escape_property(os.path.normpath(path))}"]
            if lines:
                props += [f"line={lines[0]}", f"endLine={lines[1]}"]
            title = "tinyscaffold " + issue["rule"] + f" (cell {cell})"
            props.append(f"title={_escape_property(title)}")
            level = _GITHUB_LEVEL[issue["severity"]]
            out.append(f"::{level} {','.join(props)}::{_escape_data(issue['message'])}")
    return "".join(line + "\n" for line in out)
