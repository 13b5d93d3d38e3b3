"""A stand-in for the course's old analysis script, as close to it as this bench can get.

Issue 9 measured ``tinyscaffold report`` against "the course's old analysis script": the
TinyTorch course's module analyzer (``tinytorch_module_analyzer.py`` in the course's
instructor tools, MIT licence), 0.29 s there.  That script is not in this repository, so
this file re-creates its cost, written afresh for this bench: the same standard-library
imports (argparse, ast, dataclasses, datetime, json, os, pathlib, re, statistics,
subprocess, typing), the same passes over each percent-format cell (three AST walks for a
complexity estimate, header / bold / definition regexes for concepts, run twice per cell
as the original did, overwhelm factors), the same report card (scaffolding score, grades,
targets, best-practice violations) serialised with ``dataclasses.asdict`` to JSON.

It differs from the original in one way only: it takes the module's file path instead of
a module name under a fixed ``modules/source`` folder.  ``bench/baseline_script.py`` is the
harsher, minimal baseline (json and ast only); bench/cli_startup.py prints both ratios.

Usage: python bench/legacy_analyzer.py MODULE_dev.py
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import statistics
import subprocess  # noqa: F401 -- imported by the original (for its --watch mode)
import typing  # noqa: F401 -- imported by the original (for its annotations)
from dataclasses import asdict, dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path

HINT_MARKERS = ("HINT", "APPROACH:", "EXAMPLE:", "\N{ELECTRIC LIGHT BULB}")
TECHNICAL = ("tensor", "gradient", "backpropagation", "convolution", "optimization")
MATH_OPS = ("@", "np.", "torch.", "einsum", "matmul")
DEFINITIONS = (r"(\w+)\s+is\s+defined\s+as", r"(\w+)\s*:\s*[A-Z]", r"\*\*(\w+)\*\*\s*:")


@dataclass
class Cell:
    kind: str
    text: str = ""
    directives: list[str] = field(default_factory=list)


@dataclass
class CellFacts:
    kind: str
    lines: int
    chars: int
    complexity: int
    role: str
    todo: bool
    hints: bool
    concepts: list[str]
    overwhelm: list[str]


@dataclass
class ReportCard:
    module: str
    date: str
    total_lines: int
    total_cells: int
    mean_cell_lines: float
    scaffolding: int
    complexity_counts: dict[int, int]
    concepts: list[str]
    todos: int
    hints: int
    issues: list[str]
    recommendations: list[str]
    grade: str
    grades: dict[str, str]
    targets: dict[str, str]
    violations: list[str]
    cells: list[CellFacts]


def split_cells(text: str) -> list[Cell]:
    cells: list[Cell] = []
    current = Cell("code")
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("#|"):
            current.directives.append(stripped)
        elif stripped in ("# %% [markdown]", "# %%"):
            if current.text.strip():
                cells.append(current)
            current = Cell("markdown" if stripped.endswith("]") else "code")
            continue
        current.text += line + "\n"
    if current.text.strip():
        cells.append(current)
    return cells


def complexity(text: str, kind: str) -> int:
    score = 1
    if kind == "markdown":
        score += min((text.count("$") + text.count("\\") + text.count("equation")) // 4, 2)
        score += min(len(text) // 800, 2)
        score += min(sum(term in text.lower() for term in TECHNICAL) // 3, 1)
        return min(score, 5)
    try:
        tree = ast.parse(text)
        score += sum(isinstance(n, ast.FunctionDef | ast.ClassDef) for n in ast.walk(tree)) // 2
        score += sum(isinstance(n, ast.For | ast.While | ast.If) for n in ast.walk(tree)) // 3
        score += (
            sum(isinstance(n, ast.ListComp | ast.Lambda | ast.Try) for n in ast.walk(tree)) // 2
        )
    except SyntaxError:
        score += sum(text.count(word) for word in ("def ", "class ", "for ", "while ", "if "))
    score += min(len(text.split("\n")) // 25, 2)
    score += min((text.count("import ") + text.count("from ")) // 5, 1)
    score += min(sum(text.count(op) for op in MATH_OPS) // 3, 1)
    return min(score, 5)


def role(cell: Cell) -> str:
    lower = cell.text.lower()
    if cell.kind == "markdown":
        for name, words in (
            ("concept_introduction", ("step", "what is", "definition", "understanding")),
            ("example_illustration", ("example", "visual", "analogy", "imagine")),
            ("concept_reinforcement", ("summary", "recap", "conclusion", "review")),
        ):
            if any(word in lower for word in words):
                return name
        return "explanation"
    if any("export" in directive for directive in cell.directives):
        return "student_implementation"
    if "TODO:" in cell.text or "NotImplementedError" in cell.text:
        return "student_implementation"
    if "test" in lower or "assert" in cell.text:
        return "verification"
    return "setup" if "import" in cell.text else "demonstration"


def concepts(text: str, kind: str) -> list[str]:
    found: list[str] = []
    if kind == "markdown":
        found += [h.strip() for h in re.findall(r"^#+\s+(.+)$", text, re.M) if len(h) < 50]
        found += [b for b in re.findall(r"\*\*(.*?)\*\*", text) if len(b) < 30]
        for pattern in DEFINITIONS:
            found += re.findall(pattern, text)
    else:
        try:
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.ClassDef):
                    found.append(f"Class: {node.name}")
                elif isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                    found.append(f"Function: {node.name}")
        except SyntaxError:
            found += [f"Class: {name}" for name in re.findall(r"class\s+(\w+)", text)]
    return sorted(set(found))[:5]


def overwhelm(text: str, lines: int, score: int, hints: bool) -> list[str]:
    factors: list[str] = []
    if lines > 30:
        factors.append(f"Long cell ({lines} lines)")
    if score >= 4 and not hints:
        factors.append("High complexity without guidance")
    if len(concepts(text, "code" if "def " in text else "markdown")) > 3:
        factors.append("Too many concepts")
    if text.count("$") + text.count("\\") > 10:
        factors.append("Math-heavy without scaffolding")
    if text.count("def ") > 2:
        factors.append(f"Multiple functions in one cell ({text.count('def ')})")
    return factors


def analyse_cell(cell: Cell) -> CellFacts:
    lines = len([line for line in cell.text.split("\n") if line.strip()])
    hints = any(marker in cell.text for marker in HINT_MARKERS)
    score = complexity(cell.text, cell.kind)
    return CellFacts(
        kind=cell.kind,
        lines=lines,
        chars=len(cell.text),
        complexity=score,
        role=role(cell),
        todo="TODO:" in cell.text or "NotImplementedError" in cell.text,
        hints=hints,
        concepts=concepts(cell.text, cell.kind),
        overwhelm=overwhelm(cell.text, lines, score, hints),
    )


def grade(score: float) -> str:
    for letter, floor in (("A", 4.5), ("B", 3.5), ("C", 2.5), ("D", 1.5)):
        if score >= floor:
            return letter
    return "F"


def report_card(path: Path, text: str) -> ReportCard:
    cells = [analyse_cell(cell) for cell in split_cells(text)]
    scores = [cell.complexity for cell in cells]
    jumps = [after - before for before, after in pairwise(scores)]
    implementations = [cell for cell in cells if cell.role == "student_implementation"]
    hinted = sum(cell.hints for cell in implementations) / max(len(implementations), 1)
    scaffolding = 3 + (hinted - 0.5) * 2 + (1 if jumps and max(jumps) <= 2 else 0)
    scaffolding -= 1 if sum(len(cell.overwhelm) for cell in cells) > len(cells) else 0
    counts = {level: scores.count(level) for level in range(1, 6)}
    mean_lines = statistics.mean([cell.lines for cell in cells]) if cells else 0.0
    high = (counts[4] + counts[5]) / max(len(cells), 1)
    parts = {
        "Scaffolding": max(1.0, min(5.0, scaffolding)),
        "Complexity": max(1.0, 5 - high * 4),
        "Cell_Length": 5.0 if mean_lines <= 20 else 3.0 if mean_lines <= 50 else 1.0,
    }
    violations = [
        f"Cell {index + 1}: too long ({cell.lines} lines)"
        for index, cell in enumerate(cells)
        if cell.lines > 30
    ]
    violations += [f"Cells {i}-{i + 1}: complexity cliff" for i, j in enumerate(jumps) if j >= 3]
    return ReportCard(
        module=path.stem,
        date=datetime.now().isoformat(),
        total_lines=len(text.split("\n")),
        total_cells=len(cells),
        mean_cell_lines=mean_lines,
        scaffolding=int(parts["Scaffolding"]),
        complexity_counts=counts,
        concepts=sorted({concept for cell in cells for concept in cell.concepts}),
        todos=sum(cell.todo for cell in cells),
        hints=sum(cell.hints for cell in cells),
        issues=["Sudden complexity jumps"] if any(j >= 3 for j in jumps) else [],
        recommendations=[f"Split {len(violations)} long cells"] if violations else [],
        grade=grade(statistics.mean(parts.values())),
        grades={name: grade(value) for name, value in parts.items()},
        targets={"Length": f"{len(text.split(os.linesep))} lines"},
        violations=violations,
        cells=cells,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="old-style module report card (bench stand-in)")
    parser.add_argument("module", type=Path)
    args = parser.parse_args()
    card = report_card(args.module, args.module.read_text(encoding="utf-8"))
    print(json.dumps(asdict(card), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
