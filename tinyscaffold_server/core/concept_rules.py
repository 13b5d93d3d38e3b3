"""SPEC 5 ``new-concepts``: too many new concepts in a solution or markdown cell, and how
to spread them (split between lines, explain some above, or mark the ones taught).

Cell numbers in messages count from 1; line references in suggestions are links
(``core/phrases.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from . import phrases
from .phrases import Phrase
from .rules import Json, finding
from .typing_names import Any


def _listing(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def concept_groups(
    names: Sequence[str], lines: Sequence[int | None], limit: int
) -> list[tuple[int | None, list[str]]] | None:
    """The concepts in order of appearance, cut into the fewest consecutive groups of at most
    ``limit``, each with the line it starts at; cuts fall only between lines, since a cell is
    split between lines.  None when the lines are unknown or one line holds more than
    ``limit`` concepts (no split by lines can help)."""
    if any(line is None for line in lines):
        return None
    groups: list[tuple[int | None, list[str]]] = []
    at = 0
    ordered = sorted(zip(lines, names, strict=True), key=lambda pair: pair[0] or 0)
    while at < len(ordered):
        line = ordered[at][0]
        same = [name for other, name in ordered[at:] if other == line]
        if len(same) > limit:
            return None
        if groups and len(groups[-1][1]) + len(same) <= limit:
            groups[-1][1].extend(same)
        else:
            groups.append((line, list(same)))
        at += len(same)
    return groups


def _group_list(groups: Sequence[Sequence[str]]) -> str:
    shown = [f"({', '.join(group)})" for group in groups[:4]]
    if len(groups) > 4:
        shown.append(f"{len(groups) - 4} more groups")
    return _listing(shown)


def _spread_tip(
    role: str,
    names: Sequence[str],
    groups: list[tuple[int | None, list[str]]] | None,
    limit: int,
) -> Phrase:
    """Advice for a cell with more than twice the limit: moving a few concepts cannot bring
    it within the limit without moving most of them, so the cell must become several."""
    n = len(names)
    if role != "solution" and groups is not None:
        cuts: list[Phrase | str] = [phrases.number(line or 0) for line, _ in groups[1:7]]
        if len(groups) > 7:
            cuts.append(f"{len(groups) - 7} more")
        plan = (
            f"split it into {len(groups)} cells of at most {limit} new concepts each, "
            f"before line{'s' if len(groups) > 2 else ''} "
            + phrases.listing(cuts)
            + f": {_group_list([group for _, group in groups])}"
        )
    else:
        rest = [list(names[i : i + limit]) for i in range(limit, n, limit)]
        unit = "exercises" if role == "solution" else "cells"
        plan = Phrase(
            f"keep {_listing(list(names[:limit]))} as this cell's new concepts and spread the "
            f"other {n - limit} over {len(rest)} more {unit} of at most {limit} each: "
            f"{_group_list(rest)}"
        )
    mark = 'metadata (`"tinyscaffold": {"concepts": [...]}`) so the rest stop counting'
    if n > 4 * limit:  # so many that most are likely mentions rather than ideas taught here
        return (
            f"{n} new concepts are far more than the limit of {limit}: list the ones this cell "
            f"really teaches in its {mark}; or, if it teaches them all, " + plan
        )
    return (
        f"{n} new concepts are more than twice the limit, so moving a few will not do: "
        + plan
        + f"; or, if not all of them are ideas this cell teaches, list the ones it does in "
        f"its {mark}"
    )


def new_concepts_finding(
    role: str,
    names: Sequence[str],
    lines: Sequence[int | None],
    above: tuple[int, int] | None,
    config: Mapping[str, Any],
) -> Json | None:
    """Too many new concepts in a solution or markdown cell.

    ``above``: (0-based index, its own new-concept count) of the markdown cell right above,
    if there is one.  The advice never asks to move more than half of the cell's concepts
    (beyond twice the limit the cell has to become several), and names the cell above as
    the place to move them only when it stays within the limit afterwards.
    """
    limit = config["max_new_concepts"]
    if len(names) <= limit or not config["rules"].get("new-concepts"):
        return None
    n = len(names)
    message = f"{n} new concepts (limit {limit}): {', '.join(names)}"
    groups = concept_groups(names, lines, limit)
    if n > 2 * limit:
        return finding("new-concepts", "warning", message, _spread_tip(role, names, groups, limit))
    extra = list(names[limit:])
    tip: Phrase | str
    if role == "solution":
        moved = _listing([f"`{name}`" for name in extra])
        why = "so the code only uses ideas already explained"
        if above is not None and above[1] + len(extra) <= limit:
            tip = (
                f"explain {moved} in the markdown cell above (cell {above[0] + 1}, which then "
                f"introduces {above[1] + len(extra)} new concepts), {why}"
            )
        else:
            tip = f"explain {moved} in a new markdown cell right above this one, {why}"
            if above is not None:
                tip += (
                    f" (the markdown cell above, cell {above[0] + 1}, already introduces "
                    f"{above[1]} new concepts: {len(extra)} more would put it over {limit})"
                )
    elif groups is not None:
        # A split, not a move: which part is "the separate cell" is the author's choice.
        later = groups[1:]
        if len(later) == 1:
            first, second = groups[0][1], later[0][1]
            tip = (
                "split it before "
                + phrases.lines(later[0][0] or 0)
                + f": the first part keeps {_listing(first)}, the second introduces "
                f"{_listing(second)}"
            )
        else:
            tip = (
                "split it before lines "
                + phrases.listing([phrases.number(line or 0) for line, _ in later])
                + f": parts introducing {_group_list([group for _, group in groups])}"
            )
    else:
        tip = f"introduce {_listing(extra)} in a separate cell"
    return finding("new-concepts", "warning", message, tip)
