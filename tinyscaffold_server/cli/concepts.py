"""``tinyscaffold concepts PATH... [--suggest]``: the concepts a module or course introduces.

Lists every concept with the module and cell that introduce it, how it was found and its
other spellings; ``--suggest`` prints (or writes) a starting ``[glossary]`` for
``tinyscaffold.toml``, the concepts ranked by how many cells of the course use them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from ..core.typing_names import Any
from ..render.json_text import indented_json

__all__ = ["add_parser", "run_concepts"]

EPILOG = """\
examples:
  tinyscaffold concepts examples/activations_dev.py
  tinyscaffold concepts course/ --format json
  tinyscaffold concepts course/ --suggest --output tinyscaffold-glossary.toml

A glossary, once in tinyscaffold.toml (or [tool.tinyscaffold] in pyproject.toml), decides
what the concepts are: its terms count wherever they first appear, and other emphasised
terms show as candidates that do not count.
"""


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "concepts",
        help="list the concepts each module introduces, or suggest a glossary",
        description="List the concepts a module or course introduces, with the cell of each.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="notebooks or directories")
    parser.add_argument(
        "--suggest",
        action="store_true",
        help="print a starting [glossary] (TOML), ranked by how many cells use each concept",
    )
    from .course_options import add_alone_argument

    add_alone_argument(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write here (a new file) instead of stdout"
    )


def _uses(notebook_texts: Sequence[str], spellings: Sequence[str]) -> int:
    from ..core.concepts.keys import phrases

    spelled = phrases(spellings)
    return sum(any(p in text for p in spelled) for text in notebook_texts)


def concept_rows(results: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per concept, in course order, with the number of cells that use it."""
    from ..core.concepts.keys import padded
    from ..core.loading import load_notebook

    texts: list[str] = []
    for result in results:
        if "report" not in result:
            continue
        for cell in load_notebook(result["path"])["cells"]:
            source = cell.get("source", "")
            texts.append(padded("".join(source) if isinstance(source, list) else source))
    rows = []
    for result in results:
        for cell in result.get("report", {}).get("cells", []):
            for concept in cell["concepts"]:
                spellings = [concept["name"], *concept["aliases"]]
                rows.append(
                    {
                        "module": result["path"],
                        "cell": cell["index"] + 1,
                        "line": concept["line"],
                        "concept": concept["name"],
                        "kind": concept["kind"],
                        "aliases": concept["aliases"],
                        "cells_using": _uses(texts, spellings),
                    }
                )
    return rows


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a TOML basic string is a JSON string


def glossary_toml(rows: Sequence[dict[str, Any]]) -> str:
    ranked = sorted(rows, key=lambda row: -row["cells_using"])  # stable: course order on ties
    lines = [
        "# Starting glossary from `tinyscaffold concepts --suggest`: review it, keep the",
        "# concepts your course teaches, add aliases.  Ranked by cells using each concept.",
        "[glossary]",
    ]
    for row in ranked:
        aliases = ", ".join(_toml_string(a) for a in row["aliases"])
        where = f"{Path(row['module']).name}, cell {row['cell']}"
        lines.append(
            f"{_toml_string(row['concept'])} = [{aliases}]"
            f"  # {row['cells_using']} cells; introduced in {where}"
        )
    return "\n".join(lines) + "\n"


def _text(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return "no concepts found\n"
    out = []
    module = None
    for row in rows:
        if row["module"] != module:
            module = row["module"]
            out.append(f"{module}")
        also = f"  (also: {', '.join(row['aliases'])})" if row["aliases"] else ""
        out.append(
            f"  cell {row['cell']:>3}  {row['concept']}  [{row['kind']}, "
            f"{row['cells_using']} cells]{also}"
        )
    return "\n".join(out) + "\n"


def run_concepts(args: argparse.Namespace) -> int:
    from .exits import EXIT_INPUT, EXIT_OK, error
    from .output import write_file, write_stdout
    from .paths import analysed_course

    results, status = analysed_course(args.paths, alone=args.alone)
    if status != EXIT_OK and not any("report" in r for r in results):
        return status
    rows = concept_rows(results)
    if args.suggest:
        text = glossary_toml(rows)
    elif args.format == "json":
        text = indented_json({"version": 1, "concepts": rows}) + "\n"
    else:
        text = _text(rows)
    if args.output:
        try:
            write_file(args.output, text, overwrite=False)
        except FileExistsError:
            error(f"{args.output}: exists; not overwritten (choose a new file)")
            return EXIT_INPUT
        except OSError as exc:
            error(f"{args.output}: cannot write: {exc.strerror or exc}")
            return EXIT_INPUT
        error(f"wrote {args.output}")
    else:
        write_stdout(text)
    return status
