"""Report patches: base ⊕ patch == the full answer, for any edit, and the session's held report."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from server_data import SOLUTION, cell

from tinyscaffold_server.core.analyzer import Analyzer
from tinyscaffold_server.server.report_patch import apply_patch, new_report_id, report_patch
from tinyscaffold_server.server.sessions import SessionStore


def answer(report: dict[str, Any], seq: int = 1) -> dict[str, Any]:
    return {**report, "seq": seq, "path": "m.ipynb", "report_id": new_report_id()}


def synthetic(cells: list[Any], **sections: Any) -> dict[str, Any]:
    return answer({"version": 1, "cells": cells, "summary": {"n": len(cells)}, **sections})


def test_a_one_cell_change_sends_that_entry_and_the_changed_sections() -> None:
    base = synthetic([{"i": 0}, {"i": 1}, {"i": 2}], cliffs=[], config={"k": 1})
    new = synthetic([{"i": 0}, {"i": 1, "x": 1}, {"i": 2}], cliffs=[1], config={"k": 1})
    patch = report_patch(base, new)
    assert patch["patch"] == {
        "format": 1,
        "base": base["report_id"],
        "cells": {"length": 3, "changed": [[1, {"i": 1, "x": 1}]]},
        "set": {"cliffs": [1]},
        "removed": [],
    }
    assert {k: patch[k] for k in ("version", "report_id", "seq", "path")} == {
        k: new[k] for k in ("version", "report_id", "seq", "path")
    }
    assert apply_patch(base, patch) == new


def test_shorter_longer_and_removed_sections() -> None:
    base = synthetic([{"i": 0}, {"i": 1}, {"i": 2}], patterns={"p": 1})
    shorter = synthetic([{"i": 0}])
    assert report_patch(base, shorter)["patch"]["removed"] == ["patterns"]
    assert apply_patch(base, report_patch(base, shorter)) == shorter
    longer = synthetic([{"i": 0}, {"i": 1}, {"i": 2}, {"i": 3}], patterns={"p": 1}, student={})
    patch = report_patch(base, longer)["patch"]
    assert patch["cells"]["changed"] == [[3, {"i": 3}]] and patch["set"]["student"] == {}
    assert apply_patch(base, report_patch(base, longer)) == longer


def test_a_patch_for_another_report_is_refused() -> None:
    one, two = synthetic([{"i": 0}]), synthetic([{"i": 1}])
    with pytest.raises(ValueError, match="not for this report"):
        apply_patch(two, report_patch(one, two))


# -- random edit sequences on real reports ------------------------------------------------

SOURCES = [
    ("markdown", "# Module\n\nWe meet **ReLU** and the *sigmoid* today."),
    ("markdown", "## Approach\n\n1. read\n2. compute the **gradient**\n3. return"),
    ("code", SOLUTION),
    ("code", "assert relu(-1) == 0, 'negative inputs give 0'\nassert relu(2) == 2\n"),
    ("code", "def f(x):\n    if x:\n        return 1\n    for i in range(3):\n        x += i\n"),
    ("code", "x = 1\n"),
    ("markdown", "Uses the **gradient** from before, like a slope on a hill."),
    ("code", ""),
]
METADATA = [{}, {"nbgrader": {"solution": True, "grade": False}}, {"tags": ["hide"]}]

edits = st.lists(
    st.tuples(
        st.sampled_from(["edit", "insert", "delete", "move", "metadata", "notebook"]),
        st.integers(0, 50),
        st.integers(0, 50),
        st.integers(0, len(SOURCES) - 1),
    ),
    min_size=1,
    max_size=12,
)


def apply_edit(cells: list[dict[str, Any]], meta: dict[str, Any], edit: Any, n: int) -> None:
    kind, a, b, source = edit
    cell_type, text = SOURCES[source]
    if kind == "insert" or not cells:
        cells.insert(a % (len(cells) + 1), cell(f"n{n}", cell_type, text))
    elif kind == "edit":
        target = cells[a % len(cells)]
        target["source"] = target["source"] + "\n" + text if b % 2 else text
    elif kind == "delete":
        cells.pop(a % len(cells))
    elif kind == "move":
        cells.insert(b % len(cells), cells.pop(a % len(cells)))
    elif kind == "metadata":
        cells[a % len(cells)]["metadata"] = METADATA[b % len(METADATA)]
    else:  # notebook metadata: the author's thresholds
        meta["tinyscaffold"] = {"max_new_concepts": 1 + b % 3}


@settings(max_examples=40, deadline=None)
@given(edits)
def test_base_plus_patch_is_the_full_report(steps: list[Any]) -> None:
    cells = [cell(f"c{i}", *SOURCES[i % len(SOURCES)]) for i in range(6)]
    meta: dict[str, Any] = {}
    analyzer = Analyzer()
    store = SessionStore(lambda config: analyzer)
    held = None
    for n, step in enumerate(steps):
        apply_edit(cells, meta, step, n)
        notebook = json.loads(json.dumps({"cells": cells, "metadata": meta}))  # a fresh copy
        full = {**Analyzer().analyze(notebook), "seq": n, "path": "m.ipynb"}
        store.prepare("doc", notebook["cells"], {})
        sent = store.hold_answer(
            "doc", {**analyzer.analyze(notebook), "seq": n}, held and held["report_id"]
        )
        received = apply_patch(held, sent) if "patch" in sent else sent
        assert ("patch" in sent) == (held is not None)
        assert {k: v for k, v in received.items() if k != "report_id"} == {
            k: v for k, v in full.items() if k != "path"
        }
        # What the client holds is exactly what it got, in JSON.
        held = json.loads(json.dumps(received))


# -- the held report in the session store ----------------------------------------------------


class EchoAnalyzer:
    def __init__(self, config: dict[str, Any]) -> None:
        pass

    def analyze(self, notebook: dict[str, Any]) -> dict[str, Any]:
        return {"cells": notebook["cells"]}


def held_session(s: SessionStore, key: str, cells: list[Any], since: str | None) -> dict[str, Any]:
    prepared = s.prepare(key, cells, {})
    s.remember(key, prepared.cells, 1)
    return s.hold_answer(key, prepared.analyzer.analyze({"cells": prepared.cells}), since)


def test_patch_only_against_the_report_held_for_that_document() -> None:
    s = SessionStore(EchoAnalyzer)  # type: ignore[arg-type]
    first = held_session(s, "a", [cell("x", "code", "1")], None)
    assert "patch" not in first and first["report_id"]
    second = held_session(s, "a", [cell("x", "code", "2")], first["report_id"])
    assert second["patch"]["base"] == first["report_id"]
    # The client did not apply `second` (lost, or overtaken): naming `first` again is stale.
    third = held_session(s, "a", [cell("x", "code", "3")], first["report_id"])
    assert "patch" not in third
    # Another document, or no document, never patches against this one.
    assert "patch" not in held_session(s, "b", [cell("x", "code", "3")], third["report_id"])
    assert "patch" not in s.hold_answer(None, {"cells": []}, third["report_id"])


def test_the_held_report_counts_against_the_cell_bound() -> None:
    s = SessionStore(EchoAnalyzer, max_cells=6)  # type: ignore[arg-type]
    first = held_session(s, "a", [cell(f"x{i}", "code", "1") for i in range(3)], None)
    assert s.stats()["cells"] == 3  # three cells, each with its report entry
    # Entries without a remembered cell (no id) still count.
    s.hold_answer("a", {"cells": [{}] * 5}, first["report_id"])
    assert s.stats()["cells"] == 5
    held_session(s, "b", [cell("y", "code", "1")], None)
    assert "a" in s and s.stats()["cells"] == 6
    held_session(s, "c", [cell("z", "code", "1")], None)
    assert "a" not in s and s.stats()["cells"] == 2  # evicted with its report
    s.forget("b")
    assert s.stats()["cells"] == 1
    # Alone over the bound: answered in full, nothing kept.
    big = held_session(s, "d", [cell(f"w{i}", "code", "1") for i in range(7)], None)
    assert "d" not in s and len(big["cells"]) == 7
