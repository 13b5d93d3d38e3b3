"""One piece of advice per cell, merged from the cell's findings (report.schema.json
``$defs/advice``): what the notebook shows under a cell instead of one hint per rule.

The steps are the findings' suggestions, most pressing first, with the same advice said
once: the length hints of a cell are all worded from its one length plan
(``core/split_advice.py``), so a hint that repeats another's advice contains it word for
word (``solution-levels`` ends with the cell's split; a ``cell-sloc`` that moves part of a
method out quotes the ``block-sloc`` of the block inside it).  Such hints become one step
that names every rule it answers.  Each step keeps the line links of its text.
"""

from __future__ import annotations

from collections.abc import Sequence

from .typing_names import Any

Json = dict[str, Any]

# Most pressing first: the cell's length (the split every other change builds on), its
# level, its concepts, its guidance, then course order and the informational proposals.
_ORDER = {
    rule: rank
    for rank, rule in enumerate(
        (
            "cell-sloc",
            "test-cell-sloc",
            "block-sloc",
            "solution-levels",
            "new-concepts",
            "approach-steps",
            "concept-order",
            "implementation-ladder",
            "concept-bridge",
        )
    )
}
_SEVERITY = {"error": 0, "warning": 1, "info": 2}
# A suggestion this short could occur inside another by chance; the shared advice of the
# length hints is always longer.
_MIN_SHARED = 40


def _rank(finding: Json) -> tuple[int, int]:
    return (_SEVERITY.get(finding["severity"], 1), _ORDER.get(finding["rule"], len(_ORDER)))


def cell_advice(findings: Sequence[Json]) -> Json | None:
    """The advice of a cell with these findings; None without findings."""
    if not findings:
        return None
    steps: list[Json] = []
    for finding in sorted(findings, key=_rank):
        rule, text = finding["rule"], finding["suggestion"]
        links = finding.get("links", [])
        for step in steps:
            shorter, longer = sorted((text, step["text"]), key=len)
            if shorter == longer or (len(shorter) >= _MIN_SHARED and shorter in longer):
                if text is longer:
                    step["text"], step["links"] = text, links
                if rule not in step["rules"]:
                    step["rules"].append(rule)
                break
        else:
            steps.append({"rules": [rule], "text": text, "links": links})
    severity = min((f["severity"] for f in findings), key=lambda s: _SEVERITY.get(s, 1))
    return {"severity": severity, "steps": steps}
