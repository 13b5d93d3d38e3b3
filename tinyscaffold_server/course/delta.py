"""Before → after: what changed between two reports of the same module.

A **snapshot** is a report plus, per cell, its id and a hash of its source -- what is
needed to tell which old cell a new cell is.  Cells are matched by id (``.ipynb``), then by
identical content, then by position between matched neighbours (an edited cell of a
jupytext ``.py``, which has no ids).  The delta lists, per module, score, grade, % high,
cliffs, findings and new concepts before → after; per cell the complexity and new-concept
change; and every finding and cliff that appeared, was fixed, or was silenced by the author
(``ignore_rules`` on its cell, or the cell ignored).  Findings are matched as a multiset, so
the lists always account for the change of the counts: ``after - before == appeared - fixed
- silenced``.  For the student view the exercises and their totals carry before → after too.

Pure functions over finished reports (report.schema.json, ``$defs/delta``): no I/O.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence

from ..core.roles import is_ignored, silenced_rules
from ..core.typing_names import Any
from .rows import finding_count, grade_rank

__all__ = ["SNAPSHOT_KIND", "cell_keys", "module_delta", "regressions", "row_delta", "snapshot"]

Json = dict[str, Any]
SNAPSHOT_KIND = "tinyscaffold-baseline"


def _source_text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def cell_keys(notebook: Mapping[str, Any]) -> list[Json]:
    """``{"id", "hash"}`` per cell: the hash ignores leading and trailing blank space.

    A cell whose author silenced rules on it (metadata ``tinyscaffold.ignore_rules``) or
    ignored it also carries ``"silenced"``: those rule ids, or ``["*"]`` for an ignored cell,
    so that a finding that went away there reads "silenced", not "fixed"."""
    keys = []
    for cell in notebook.get("cells", []):
        text = _source_text(cell.get("source")).strip()
        data = text.encode("utf-8", "surrogatepass")  # a lone surrogate escape in a .ipynb
        digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()[:16]
        cell_id = cell.get("id")
        key: Json = {"id": cell_id if isinstance(cell_id, str) else None, "hash": digest}
        metadata = cell.get("metadata")
        if isinstance(metadata, Mapping) and metadata:
            silenced = ["*"] if is_ignored(metadata) else list(silenced_rules(metadata))
            if silenced:
                key["silenced"] = silenced
        keys.append(key)
    return keys


def snapshot(path: str, notebook: Mapping[str, Any], report: Mapping[str, Any]) -> Json:
    return {"path": path, "report": dict(report), "cells": cell_keys(notebook)}


Match = tuple["int | None", "str | None"]  # (before index, matched by)


def match_cells(
    before: Sequence[Mapping[str, Any]],
    after: Sequence[Mapping[str, Any]],
    before_types: Sequence[str],
    after_types: Sequence[str],
) -> list[Match]:
    """For each after-cell, (index of the before-cell it continues, how it was matched)."""
    result: list[Match] = [(None, None)] * len(after)
    used: set[int] = set()
    ids: dict[str, int] = {}
    for j, key in enumerate(before):
        if key.get("id") and key["id"] not in ids:
            ids[str(key["id"])] = j
    for i, key in enumerate(after):
        by_id = ids.get(str(key["id"])) if key.get("id") else None
        if by_id is not None and by_id not in used:
            result[i] = (by_id, "id")
            used.add(by_id)
    by_hash: dict[str, list[int]] = {}
    for j, key in enumerate(before):
        if j not in used:
            by_hash.setdefault(str(key.get("hash")), []).append(j)
    for i, key in enumerate(after):
        if result[i][0] is None:
            free = [j for j in by_hash.get(str(key.get("hash")), []) if j not in used]
            if free:
                result[i] = (free[0], "content")
                used.add(free[0])
    previous = -1
    for i in range(len(after)):
        matched = result[i][0]
        candidate = previous + 1
        if (
            matched is None
            and candidate < len(before)
            and candidate not in used
            and before_types[candidate] == after_types[i]
        ):
            result[i] = (candidate, "position")
            used.add(candidate)
            matched = candidate
        if matched is not None:
            previous = matched
    return result


def _change(before: Any, after: Any) -> Json:
    entry: Json = {"before": before, "after": after}
    if isinstance(before, (int, float)) and isinstance(after, (int, float)):
        entry["change"] = round(after - before, 2)
    else:
        entry["change"] = None
    return entry


def _totals(report: Mapping[str, Any]) -> Json:
    summary = report["summary"]
    return {
        "score": summary["scaffolding"]["score"],
        "grade": summary["grade"],
        "pct_high": summary["pct_high"],
        "cliffs": len(report["cliffs"]),
        "findings": finding_count(report),
        "new_concepts": sum(len(cell["new_concepts"]) for cell in report["cells"]),
    }


def _finding_entry(finding: Mapping[str, Any]) -> Json:
    return {key: finding[key] for key in ("rule", "cell_index", "message")}


def _cliff_entry(cliff: Mapping[str, Any]) -> Json:
    keys = ("track", "from_index", "to_index", "from", "to", "message")
    return {key: cliff[key] for key in keys}


def module_delta(before: Mapping[str, Any] | None, after: Mapping[str, Any], baseline: str) -> Json:
    """The delta of one module from snapshot ``before`` (None: new module) to ``after``."""
    new_report = after["report"]
    now = _totals(new_report)
    if before is None:
        result: Json = {
            "baseline": baseline,
            "status": "new",
            "module": {key: _change(None, value) for key, value in now.items()},
            "cells": [],
            "removed_cells": [],
            "findings": {"appeared": [], "fixed": [], "silenced": []},
            "cliffs": {"appeared": [], "fixed": [], "silenced": []},
            "regressions": [],
        }
        if "student" in new_report:
            result["student"] = student_delta(None, new_report["student"], [])
        return result
    old_report = before["report"]
    old_cells, new_cells = old_report["cells"], new_report["cells"]
    new_keys = after.get("cells") or [{} for _ in new_cells]
    matches = match_cells(
        before.get("cells") or [{} for _ in old_cells],
        new_keys,
        [c["cell_type"] for c in old_cells],
        [c["cell_type"] for c in new_cells],
    )
    to_new = {j: i for i, (j, _) in enumerate(matches) if j is not None}
    cells = [_cell_change(i, cell, old_cells, matches[i]) for i, cell in enumerate(new_cells)]

    def silenced_on(index: int | None) -> tuple[str, ...]:
        """Rules the author silenced on current cell ``index`` ("*": the cell is ignored)."""
        if index is None or index >= len(new_keys):
            return ()
        cell = new_cells[index]
        return ("*",) if cell.get("ignored") else tuple(new_keys[index].get("silenced") or ())

    # A finding is the same finding when its rule fires on the same (matched) cell; a cliff
    # is the same cliff when it rises into the same cell on the same track.
    findings = _appeared_fixed(
        [f for c in old_cells for f in c["findings"]],
        [f for c in new_cells for f in c["findings"]],
        lambda f: (to_new.get(f["cell_index"]), f["rule"]),
        lambda f: (f["cell_index"], f["rule"]),
        _finding_entry,
        lambda f: to_new.get(f["cell_index"]),
        lambda f, now_at: f["rule"] in silenced_on(now_at) or "*" in silenced_on(now_at),
    )
    cliffs = _appeared_fixed(
        old_report["cliffs"],
        new_report["cliffs"],
        lambda c: (c["track"], to_new.get(c["to_index"])),
        lambda c: (c["track"], c["to_index"]),
        _cliff_entry,
        lambda c: to_new.get(c["to_index"]),
        lambda c, now_at: "*" in silenced_on(now_at),
    )
    was = _totals(old_report)
    module = {key: _change(was[key], now[key]) for key in now}
    removed = [j for j in range(len(old_cells)) if j not in to_new]
    unchanged = (
        not removed
        and len(old_cells) == len(new_cells)
        and all(how in ("id", "content") for _, how in matches)
        and all(entry["before"] == entry["after"] for entry in module.values())
    )
    result = {
        "baseline": baseline,
        "status": "unchanged" if unchanged else "changed",
        "module": module,
        "cells": cells,
        "removed_cells": removed,
        "findings": findings,
        "cliffs": cliffs,
    }
    if "student" in new_report:
        result["student"] = student_delta(old_report.get("student"), new_report["student"], matches)
    result["regressions"] = regressions(result)
    return result


def _cell_change(
    index: int, cell: Mapping[str, Any], old_cells: Sequence[Mapping[str, Any]], match: Match
) -> Json:
    before_index, how = match
    old = old_cells[before_index] if before_index is not None else None
    return {
        "index": index,
        "before_index": before_index,
        "matched_by": how,
        "complexity": _change(old["complexity"] if old else None, cell["complexity"]),
        "new_concepts": _change(
            len(old["new_concepts"]) if old else None, len(cell["new_concepts"])
        ),
    }


Item = Mapping[str, Any]


def _appeared_fixed(
    old: Sequence[Item],
    new: Sequence[Item],
    old_key: Callable[[Item], Any],
    new_key: Callable[[Item], Any],
    entry: Callable[[Item], Json],
    now_at: Callable[[Item], int | None],
    silenced: Callable[[Item, int | None], bool],
) -> Json:
    """Pair old and new items one to one (a multiset: two findings of one rule on one cell
    are two), first those with the same key and message, then the rest by key; what is left
    over appeared (new) or went away (old).  An old item that went away is "silenced" when
    ``silenced`` says its cell now silences it, else "fixed"; both carry ``after_index``, the
    current index of their cell (None: the cell was removed)."""
    unpaired_new = list(range(len(new)))
    waiting: dict[Any, list[int]] = {}
    for position, item in enumerate(old):
        waiting.setdefault((old_key(item), item["message"]), []).append(position)
    paired_old: set[int] = set()
    for use_message in (True, False):
        if not use_message:  # second pass: what is left, by key alone
            waiting = {}
            for position, item in enumerate(old):
                if position not in paired_old:
                    waiting.setdefault(old_key(item), []).append(position)
        left = []
        for position in unpaired_new:
            item = new[position]
            key = (new_key(item), item["message"]) if use_message else new_key(item)
            candidates = waiting.get(key)
            if candidates:
                paired_old.add(candidates.pop(0))
            else:
                left.append(position)
        unpaired_new = left
    gone: dict[str, list[Json]] = {"fixed": [], "silenced": []}
    for position, item in enumerate(old):
        if position in paired_old:
            continue
        at = now_at(item)
        state = "silenced" if silenced(item, at) else "fixed"
        gone[state].append({**entry(item), "after_index": at})
    return {"appeared": [entry(new[position]) for position in unpaired_new], **gone}


_STUDENT_TOTALS = (
    "exercises",
    "as_given",
    "writes_sloc",
    "max_writes_cc",
    "mean_reads",
    "hidden_tests_removed",
)
_EXERCISE_MEASURES = ("reads", "writes_sloc", "writes_cc")


def student_delta(
    before: Mapping[str, Any] | None, after: Mapping[str, Any], matches: Sequence[Match]
) -> Json:
    """The student view's numbers before → after: the totals, and per current exercise its
    reads and writes against the exercise of the baseline cell it continues (None: a new
    exercise, or a baseline without a student section)."""
    old_totals = before["totals"] if before else {}
    old_exercises = {ex["index"]: ex for ex in before["exercises"]} if before else {}
    exercises = []
    for exercise in after["exercises"]:
        index = exercise["index"]
        before_index = matches[index][0] if index < len(matches) else None
        old = old_exercises.get(before_index) if before_index is not None else None
        exercises.append(
            {
                "index": index,
                "before_index": before_index if old is not None else None,
                **{
                    key: _change(old[key] if old else None, exercise[key])
                    for key in _EXERCISE_MEASURES
                },
            }
        )
    totals = {key: _change(old_totals.get(key), after["totals"][key]) for key in _STUDENT_TOTALS}
    return {"totals": totals, "exercises": exercises}


def row_delta(delta: Mapping[str, Any]) -> Json:
    """The compact form a course table row carries (CLI course table, course overview)."""
    module = delta["module"]
    return {
        "status": delta["status"],
        "baseline": delta["baseline"],
        "score_before": module["score"]["before"],
        "grade_before": module["grade"]["before"],
        "score_change": module["score"]["change"],
        "regressions": len(delta["regressions"]),
    }


def regressions(delta: Mapping[str, Any]) -> list[str]:
    """Why this delta fails ``--fail-on-regression``: a lower score, or a finding or cliff
    the baseline did not have.  Empty for a new module (nothing to regress from)."""
    if delta["status"] == "new":
        return []
    reasons = []
    score = delta["module"]["score"]
    if score["change"] is not None and score["change"] < 0:
        reasons.append(f"score {score['before']} → {score['after']}")
    grade = delta["module"]["grade"]
    if grade_rank(grade["after"]) > grade_rank(grade["before"]) and not reasons:
        reasons.append(f"grade {grade['before']} → {grade['after']}")
    for finding in delta["findings"]["appeared"]:
        reasons.append(f"new finding {finding['rule']} (cell {finding['cell_index'] + 1})")
    for cliff in delta["cliffs"]["appeared"]:
        reasons.append(f"new cliff: {cliff['message']}")
    return reasons
