"""The course chart of the HTML report card: the Course overview's chart, as inline SVG.

Per module, in course order, a 100 % column split by complexity level (the share of its
cells at levels 1-5, level 1 at the bottom) and below it a bar of the new concepts the
module introduces, so that a jump between modules shows at a glance.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from ..core.typing_names import Any

_STEP = 28
_LEVELS = ("1", "2", "3", "4", "5")


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def course_chart(rows: Sequence[Mapping[str, Any]]) -> str:
    """Inline SVG for the course rows that have a distribution (analysed modules)."""
    ok = [row for row in rows if isinstance(row.get("distribution"), Mapping)]
    if not ok:
        return ""
    width = max(len(ok) * _STEP, _STEP)
    max_new = max(1, *(int(row.get("new_concepts", 0)) for row in ok))
    parts = []
    for n, row in enumerate(ok):
        x = n * _STEP + 4
        dist = row["distribution"]
        total = sum(int(dist.get(level, 0)) for level in _LEVELS) or 1
        top = 90.0
        for level in _LEVELS:
            height = int(dist.get(level, 0)) / total * 90
            if height > 0:
                top -= height
                parts.append(
                    f'<rect class="lv{level}" x="{x}" y="{top:.1f}" width="{_STEP - 8}" '
                    f'height="{height:.1f}"></rect>'
                )
        new = int(row.get("new_concepts", 0))
        number = row.get("order", n + 1)  # the course order, as the table's "#" column
        bar = new / max_new * 30
        mid = x + (_STEP - 8) / 2
        parts.append(
            f'<rect class="concepts" x="{x}" y="{160 - bar:.1f}" width="{_STEP - 8}" '
            f'height="{bar:.1f}"></rect>'
            f'<text class="tick" x="{mid}" y="104" text-anchor="middle">{number}</text>'
            f'<text class="tick" x="{mid}" y="{156 - bar:.1f}" text-anchor="middle">{new}</text>'
            f"<title>{number}. {_e(row['path'])}: {new} new concepts</title>"
        )
    return (
        '<div class="chart"><p class="muted">Complexity levels per module (share of cells, '
        "level 1 at the bottom) and the new concepts each introduces, in course order.</p>"
        f'<svg role="img" aria-label="complexity and new concepts per module" '
        f'width="{width}" height="160" viewBox="0 0 {width} 160">{"".join(parts)}</svg></div>'
    )
