"""The scaffolding patterns of a report (bridges, ladders, test ratings) as text and HTML.

Shared by the terminal report (``text``) and the report card (``html``); like
them it only renders the report's ``patterns`` section, it never measures anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..core.typing_names import Any

PARTS = ("analogy", "math", "code", "why")
CRITERIA = (
    ("docstring", "docstring"),
    ("assert_messages", "assert messages"),
    ("explains", "printed explanation"),
    ("in_order", "easy \u2192 hard"),
    ("confidence_builder", "confidence builder"),
)
CHECK, CROSS = "\u2713", "\u2717"


def _cell(index: Any) -> int:
    return int(index) + 1


def _rungs(ladder: Mapping[str, Any]) -> str:
    return " \u2192 ".join(f"{r['name']} ({r['difficulty']})" for r in ladder["rungs"])


def _criteria(rating: Mapping[str, Any]) -> str:
    marks = []
    for key, label in CRITERIA:
        met = rating["criteria"][key]
        if met is not None:
            marks.append(f"{CHECK if met else CROSS} {label}")
    return ", ".join(marks)


def render_text(
    report: Mapping[str, Any], wrap: Callable[[str, str], list[str]], bold: Callable[[str], str]
) -> list[str]:
    """Lines for the terminal report; ``wrap(text, indent)`` wraps to the report width."""
    patterns = report["patterns"]
    lines = [bold("Scaffolding patterns")]
    bridges = patterns["bridges"]
    lines.append(
        "  concept bridges (analogy, math, code, why)" if bridges else "  no concept bridges"
    )
    for bridge in bridges:
        marks = " ".join(
            f"{part} {CHECK if bridge['parts'][part]['found'] else CROSS}" for part in PARTS
        )
        missing = f"  missing {', '.join(bridge['missing'])}" if bridge["missing"] else ""
        text = f"{bridge['name']} (cell {_cell(bridge['introduced_in'])}): {marks}{missing}"
        lines += wrap(text, "    ")
    for ladder in patterns["ladders"]:
        cells = ", ".join(str(_cell(c)) for c in ladder["cells"])
        text = f"ladder in cell{'s' if len(ladder['cells']) > 1 else ''} {cells}: {_rungs(ladder)}"
        lines += wrap(text, "  ")
    if not patterns["ladders"]:
        lines.append("  no implementation ladder")
    for rating in patterns["tests"]:
        text = (
            f"test cell {_cell(rating['cell_index'])}: {rating['rating']:.2f}  {_criteria(rating)}"
        )
        lines += wrap(text, "  ")
    return lines


def _e(value: Any) -> str:
    import html  # the HTML card's only: the terminal report need not import it

    return html.escape(str(value), quote=True)


def render_html(report: Mapping[str, Any], link: Callable[[int], str], heading: str) -> str:
    """The report card's patterns section; ``link(index)`` links to a cell's row."""
    patterns = report["patterns"]
    out = [f"<{heading}>Scaffolding patterns</{heading}>"]
    if patterns["bridges"]:
        head = "".join(f"<th>{part}</th>" for part in PARTS)
        rows = []
        for bridge in patterns["bridges"]:
            cells = "".join(
                (
                    f'<td class="ok">{CHECK} {", ".join(link(c) for c in found["cells"])}</td>'
                    if found["found"]
                    else f'<td class="bad">{CROSS} missing</td>'
                )
                for found in (bridge["parts"][part] for part in PARTS)
            )
            rows.append(
                f"<tr><td>{_e(bridge['name'])} ({link(bridge['introduced_in'])})</td>{cells}</tr>"
            )
        out.append(f"<table><tr><th>concept bridge (cell)</th>{head}</tr>{''.join(rows)}</table>")
    else:
        out.append('<p class="muted">No concept implemented in a solution cell.</p>')
    if patterns["ladders"]:
        items = "".join(
            "<li>"
            + " \u2192 ".join(
                f"<code>{_e(r['name'])}</code> ({link(r['cell_index'])}, {r['sloc']} SLOC,"
                f" CC {r['cc']}, difficulty {r['difficulty']})"
                for r in ladder["rungs"]
            )
            + "</li>"
            for ladder in patterns["ladders"]
        )
        out.append(f"<p>Implementation ladders:</p><ul>{items}</ul>")
    else:
        out.append('<p class="muted">No implementation ladder.</p>')
    if patterns["tests"]:
        ratings = "".join(
            f'<tr><td>{link(r["cell_index"])}</td><td class="num">{r["rating"]:.2f}</td>'
            f"<td>{_e(_criteria(r))}</td><td>{_e(r['why'])}</td></tr>"
            for r in patterns["tests"]
        )
        out.append(
            '<table><tr><th>test cell</th><th class="num">rating</th><th>criteria</th>'
            f"<th>why</th></tr>{ratings}</table>"
        )
    return "\n".join(out)
