"""Run by test_stall_guards.py in a fresh interpreter (other tests' threads and objects would
blur what tracemalloc sees): a hundred distinct edits of a large cell through the posted-job
path, with the byte bounds or without them.  Prints JSON: the growth tracemalloc sees from
edit 40 to edit 100 (what is held, after a collection), and the largest counted sizes."""

from __future__ import annotations

import gc
import json
import sys
import tracemalloc
from typing import Any

from server_data import cell, module_cells

from tinyscaffold_server.core.analyzer import Analyzer
from tinyscaffold_server.core.config import merge_config
from tinyscaffold_server.server.api_request import parse_analyze_body
from tinyscaffold_server.server.posted_job import PostedJob
from tinyscaffold_server.server.sessions import SessionStore

SESSION_BYTES, TOTAL_BYTES = 256 << 10, 768 << 10


def big_code(lines: int) -> str:
    return "".join(f"value_{i} = compute({i}, 'text {i}')\n" for i in range(lines))


def main(bounded: bool) -> dict[str, Any]:
    session_bytes, total_bytes = (SESSION_BYTES, TOTAL_BYTES) if bounded else (1 << 40, 1 << 40)
    sessions = SessionStore(
        lambda config: Analyzer(config, max_cells=10_000, max_bytes=session_bytes),  # type: ignore[arg-type, return-value]
        max_bytes=total_bytes,
    )
    config, base = merge_config(None), module_cells()

    def edit(doc: str, k: int) -> None:
        cells = [*base, cell("big", "code", big_code(200) + f"edit = {k}\n")]
        body = {"notebook": {"cells": cells}, "doc_id": doc, "seq": k, "since": None}
        PostedJob(
            sessions, parse_analyze_body(json.dumps(body).encode()), config, patches=True
        ).run()
        sessions.release_dropped()

    largest_store = largest_session = after_forty = 0
    tracemalloc.start()
    for k in range(1, 101):
        for doc in ("a", "b", "c") if k % 10 == 0 else ("a",):
            edit(doc, k)
        largest_store = max(largest_store, sessions.bytes())
        for session in sessions._sessions.values():
            largest_session = max(largest_session, session.analyzer.cached_bytes)
        if k == 40:  # the caches full by now, the interpreter's own tables grown
            gc.collect()
            after_forty = tracemalloc.get_traced_memory()[0]
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - after_forty
    return {"grown": grown, "store": largest_store, "session": largest_session}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1] == "bounded")))
