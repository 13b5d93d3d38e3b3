"""POST analyze with ``since``: a patch to the report the client holds, else the full report."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import jsonschema
from server_data import cell, module_cells

import tinyscaffold_server
from tinyscaffold_server.server.report_patch import apply_patch

SCHEMA = json.loads(
    (Path(tinyscaffold_server.__file__).parent / "report.schema.json").read_text("utf-8")
)
PATCH_SCHEMA = {"$defs": SCHEMA["$defs"], "$ref": "#/$defs/patch_answer"}


def ref(cell_id: str) -> dict[str, Any]:
    return {"id": cell_id, "unchanged": True}


def body(cells: list[Any], seq: int, since: Any, doc: str = "p") -> dict[str, Any]:
    return {
        "notebook": {"cells": cells},
        "doc_id": doc,
        "path": "m.ipynb",
        "seq": seq,
        "since": since,
    }


def edited(source: str) -> list[dict[str, Any]]:
    return [*module_cells()[:3], cell("branchy", "code", source)]


def full_answer(post: Any, cells: list[Any], seq: int) -> dict[str, Any]:
    """The report a client that takes no patches gets for these cells."""
    reply = post({"notebook": {"cells": cells}, "path": "m.ipynb", "seq": seq})
    assert reply.code == 200 and "report_id" not in reply.json()
    report: dict[str, Any] = reply.json()
    return report


def without_id(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k != "report_id"}


def test_a_one_cell_edit_is_answered_with_a_patch(post: Any) -> None:
    first = post(body(module_cells(), 1, None))
    assert first.code == 200 and "patch" not in first.json()
    jsonschema.validate(first.json(), SCHEMA)
    held = first.json()
    cells = [ref("intro"), ref("sol"), ref("test"), cell("branchy", "code", "y = 2\n")]
    second = post(body(cells, 2, held["report_id"]))
    assert second.code == 200
    patch = second.json()
    jsonschema.validate(patch, PATCH_SCHEMA)
    assert [position for position, _ in patch["patch"]["cells"]["changed"]] == [3]
    assert len(second.body) < len(first.body) / 2
    merged = apply_patch(held, patch)
    assert without_id(merged) == full_answer(post, edited("y = 2\n"), 2)
    # Nothing changed: no cell entry and no section is sent.
    third = post(
        body([ref(c["id"]) for c in module_cells()[:3]] + [ref("branchy")], 3, merged["report_id"])
    )
    assert third.json()["patch"]["cells"]["changed"] == []
    assert third.json()["patch"]["set"] == {}
    assert without_id(apply_patch(merged, third.json())) == full_answer(post, edited("y = 2\n"), 3)


def test_a_report_the_server_does_not_hold_gets_the_full_report(
    post: Any, jp_serverapp: Any
) -> None:
    held = post(body(module_cells(), 1, None, doc="r")).json()
    # Another process's id (a restart), another document's id, and a forgotten session.
    assert "patch" not in post(body(module_cells(), 2, "0badc0de-1", doc="r")).json()
    other = post(body(module_cells(), 1, None, doc="s")).json()
    assert "patch" not in post(body(module_cells(), 3, other["report_id"], doc="r")).json()
    again = post(body(module_cells(), 4, None, doc="r")).json()
    jp_serverapp.web_app.settings["tinyscaffold"].sessions.forget("doc:r")
    reply = post(body(edited("z = 3\n"), 5, again["report_id"], doc="r"))
    assert "patch" not in reply.json() and reply.json()["cells"][3]["sloc"] == 1
    jsonschema.validate(reply.json(), SCHEMA)
    assert held["report_id"] != again["report_id"] != reply.json()["report_id"]


def test_eviction_answers_in_full(post: Any) -> None:
    held = post(body(module_cells(), 1, None, doc="e0")).json()
    for n in range(1, 9):  # max_sessions is 8 in the test config
        post(body(module_cells(), 1, None, doc=f"e{n}"))
    reply = post(body(module_cells(), 2, held["report_id"], doc="e0"))
    assert reply.code == 200 and "patch" not in reply.json()


def test_without_since_the_answer_is_the_report_as_before(post: Any, fetch: Any) -> None:
    plain = post({"notebook": {"cells": module_cells()}, "doc_id": "q", "seq": 1})
    assert "report_id" not in plain.json() and "patch" not in plain.json()
    jsonschema.validate(plain.json(), SCHEMA)
    # The HTML report card never answers with a patch, whatever the body says.
    card = fetch("report.html", method="POST", body=json.dumps(body(module_cells(), 2, None)))
    assert card.code == 200 and card.body.startswith(b"<!DOCTYPE html>")


def test_since_must_be_null_or_a_report_id(post: Any) -> None:
    for bad in (3, "", "x" * 65, ["a"]):
        reply = post(body(module_cells(), 1, bad))
        assert reply.code == 400
        assert reply.json()["error"] == "invalid-request" and "'since'" in reply.json()["detail"]


def test_concurrent_requests_each_patch_what_they_name(
    jp_fetch: Any, jp_asyncio_loop: Any, post: Any
) -> None:
    held = post(body(module_cells(), 0, None, doc="c")).json()

    async def one(seq: int) -> Any:
        cells = [ref("intro"), ref("sol"), ref("test"), cell("branchy", "code", f"x = {seq}\n")]
        data = json.dumps(body(cells, seq, held["report_id"], doc="c"))
        return await jp_fetch("tinyscaffold", "analyze", method="POST", body=data)

    async def many() -> list[Any]:
        return await asyncio.gather(*(one(seq) for seq in range(1, 11)))

    answers = [json.loads(r.body) for r in jp_asyncio_loop.run_until_complete(many())]
    # Every request named the first report: one of them is its patch, the rest are full.
    patches = [a for a in answers if "patch" in a]
    assert len(patches) == 1
    for seq, answer in enumerate(answers, start=1):
        report = apply_patch(held, answer) if "patch" in answer else answer
        assert without_id(report) == full_answer(post, edited(f"x = {seq}\n"), seq)
