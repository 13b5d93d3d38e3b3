"""The delta protocol: unchanged cells by reference, 409 when unknown, seq echo, concurrency."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from server_data import cell, module_cells


def ref(cell_id: str) -> dict[str, Any]:
    return {"id": cell_id, "unchanged": True}


def without_volatile(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k not in ("seq", "path")}


def test_references_expand_to_the_cells_sent_before(post: Any) -> None:
    cells = module_cells()
    first = post({"notebook": {"cells": cells}, "doc_id": "d1", "seq": 1})
    assert first.code == 200
    edited = cell("branchy", "code", "y = 2\n")
    delta = [ref("intro"), ref("sol"), ref("test"), edited]
    second = post({"notebook": {"cells": delta}, "doc_id": "d1", "seq": 2})
    assert second.code == 200
    full = post({"notebook": {"cells": [*cells[:3], edited]}})
    assert without_volatile(second.json()) == without_volatile(full.json())
    assert second.json()["cells"][3]["complexity"] == 1
    assert second.json()["cells"][1]["role"] == "solution"  # from the remembered metadata
    # The base moves on: the edited cell can now be referenced too.
    third = post({"notebook": {"cells": [ref(c["id"]) for c in delta]}, "doc_id": "d1", "seq": 3})
    assert without_volatile(third.json()) == without_volatile(full.json())


def test_unknown_reference_is_409_then_full_resend_works(post: Any) -> None:
    body = {"notebook": {"cells": [ref("intro"), ref("ghost")]}, "doc_id": "d2", "seq": 1}
    reply = post(body)
    assert reply.code == 409
    assert reply.json() == {
        "error": "unknown-cell",
        "detail": {"message": "resend every cell in full", "ids": ["intro", "ghost"]},
    }
    assert post({"notebook": {"cells": module_cells()}, "doc_id": "d2", "seq": 2}).code == 200
    assert post({"notebook": {"cells": [ref("intro")]}, "doc_id": "d2", "seq": 3}).code == 200
    # A reference to a cell that was not in the last answered request is unknown again.
    assert post({"notebook": {"cells": [ref("sol")]}, "doc_id": "d2", "seq": 4}).code == 409


def test_references_are_per_document_and_need_a_document(post: Any) -> None:
    assert post({"notebook": {"cells": module_cells()}, "doc_id": "a"}).code == 200
    assert post({"notebook": {"cells": [ref("intro")]}, "doc_id": "b"}).code == 409
    assert post({"notebook": {"cells": [ref("intro")]}}).code == 409


def test_path_is_the_session_key_without_doc_id(post: Any) -> None:
    assert post({"notebook": {"cells": module_cells()}, "path": "live.ipynb"}).code == 200
    reply = post({"notebook": {"cells": [ref("intro")]}, "path": "live.ipynb", "seq": 9})
    assert reply.code == 200
    assert (reply.json()["path"], reply.json()["seq"]) == ("live.ipynb", 9)


def test_stale_seq_is_echoed(post: Any) -> None:
    post({"notebook": {"cells": module_cells()}, "doc_id": "s", "seq": 10})
    stale = post({"notebook": {"cells": [ref("intro")]}, "doc_id": "s", "seq": 4})
    assert stale.code == 200
    assert stale.json()["seq"] == 4  # the UI compares with its latest seq and drops it
    assert len(stale.json()["cells"]) == 1


def test_concurrent_requests_for_one_document(
    jp_fetch: Any, jp_asyncio_loop: Any, post: Any
) -> None:
    post({"notebook": {"cells": module_cells()}, "doc_id": "c", "seq": 0})

    async def one(seq: int) -> Any:
        cells = [ref("intro"), ref("sol"), ref("test"), cell("branchy", "code", f"x = {seq}\n")]
        body = json.dumps({"notebook": {"cells": cells}, "doc_id": "c", "seq": seq})
        return await jp_fetch("tinyscaffold", "analyze", method="POST", body=body)

    async def many() -> list[Any]:
        return await asyncio.gather(*(one(seq) for seq in range(1, 31)))

    replies = jp_asyncio_loop.run_until_complete(many())
    assert [r.code for r in replies] == [200] * 30
    reports = [json.loads(r.body) for r in replies]
    assert [r["seq"] for r in reports] == list(range(1, 31))
    assert all(r["cells"][1]["role"] == "solution" for r in reports)


def test_large_notebook_runs_off_the_event_loop(post: Any, jp_serverapp: Any) -> None:
    state = jp_serverapp.web_app.settings["tinyscaffold"]
    settings = state.settings
    assert not state.work.threads._threads  # nothing has needed a worker thread yet
    big = [cell(f"c{i}", "code", f"v{i} = {i}\n" * 40) for i in range(200)]
    assert sum(len(c["source"]) for c in big) > settings.inline_max_chars
    reply = post({"notebook": {"cells": big}, "doc_id": "big", "seq": 1})
    assert reply.code == 200
    assert reply.json()["summary"]["counts"]["cells"] == 200
    assert state.work.threads._threads  # the analysis ran in the worker pool
    # Threaded or inline, the result is the same as a one-cell delta on top of it.
    delta = [ref(f"c{i}") for i in range(199)] + [cell("c199", "code", "z = 0\n")]
    assert post({"notebook": {"cells": delta}, "doc_id": "big", "seq": 2}).code == 200


def test_session_count_is_bounded(post: Any, jp_serverapp: Any) -> None:
    sessions = jp_serverapp.web_app.settings["tinyscaffold"].sessions
    for n in range(12):
        assert post({"notebook": {"cells": module_cells()}, "doc_id": f"lru{n}"}).code == 200
    assert len(sessions) == 8  # TinyScaffold.max_sessions in the test config
    assert "doc:lru0" not in sessions and "doc:lru11" in sessions
    # The evicted document's references are unknown: the client resends everything.
    assert post({"notebook": {"cells": [ref("intro")]}, "doc_id": "lru0"}).code == 409
