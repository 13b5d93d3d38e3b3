"""Where the server's work runs (server/workers.py, posted_job.py), without a server: the
inline decision, superseded requests, the cell worker process, sliced JSON, session bytes."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from server_data import cell

from tinyscaffold_server.core.analyzer import Analyzer, Cancelled, analyse_cells
from tinyscaffold_server.core.config import merge_config
from tinyscaffold_server.server.api_request import parse_analyze_body
from tinyscaffold_server.server.json_slices import SLICE, dumps_sliced, loads_sliced
from tinyscaffold_server.server.posted_job import PostedJob
from tinyscaffold_server.server.sessions import SessionStore
from tinyscaffold_server.server.workers import CellWorker, CellWorkerError, Costs, Newest

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=10,
)


ITEM = st.none() | st.integers() | st.text(max_size=4) | st.lists(st.integers(), max_size=2)


@settings(max_examples=60, deadline=None)
@given(
    value=st.dictionaries(st.text(max_size=8), JSON, max_size=5),
    long=st.lists(ITEM, min_size=SLICE - 1, max_size=2 * SLICE + 1),
)
def test_dumps_sliced_is_json_dumps(value: dict[str, Any], long: list[Any]) -> None:
    for data in (value, {**value, "cells": long}, long, {"cells": []}):
        expected = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        assert dumps_sliced(data) == expected


@settings(max_examples=300, deadline=None)
@given(value=JSON, spaces=st.sampled_from(["", " ", "\n  ", "\t"]))
def test_loads_sliced_is_json_loads(value: Any, spaces: str) -> None:
    text = json.dumps(value, indent=spaces or None, separators=(",", ": " if spaces else ":"))
    for depth in (0, 1, 3, 10):
        assert loads_sliced(f"{spaces}{text}{spaces}", depth) == value


@pytest.mark.parametrize(
    "text",
    ["", "{", '{"a": 1,}', '{"a" 1}', "[1 2]", "[1,]", '{"a": [1, 2}', "{} x", "{a: 1}", "[NaN]"],
)
def test_loads_sliced_fails_where_json_loads_fails(text: str) -> None:
    def reject(name: str) -> Any:
        raise ValueError(name)

    with pytest.raises(ValueError):
        json.loads(text, parse_constant=reject)
    with pytest.raises(ValueError):
        loads_sliced(text, parse_constant=reject)


def test_newest_supersedes_only_older_requests_in_flight() -> None:
    newest = Newest()
    with newest.arrive("doc", 1) as first:
        assert not first()
        with newest.arrive("doc", 2) as second:
            assert first() and not second()
            with newest.arrive("other", 9) as other:
                assert not other() and not second()
        assert first()  # the newer one came; it stays superseded
    # Nothing in flight: a reloaded page starting again at 1 is not "older".
    with newest.arrive("doc", 1) as again:
        assert not again()
    with newest.arrive(None, 5) as anonymous, newest.arrive("doc", None) as unnumbered:
        assert not anonymous() and not unnumbered()


def store() -> SessionStore:
    return SessionStore(lambda config: Analyzer(config))  # type: ignore[arg-type, return-value]


def request(cells: list[Any], seq: int = 1) -> Any:
    body = {"notebook": {"cells": cells}, "doc_id": "d", "seq": seq, "since": None}
    return parse_analyze_body(json.dumps(body).encode())


def test_only_known_small_work_runs_inline() -> None:
    costs = Costs(max_body_bytes=10_000, max_cells=50, max_missing_cells=3, max_missing_chars=500)
    sessions, config = store(), merge_config(None)
    cells = [cell(f"c{i}", "code", f"x{i} = {i}") for i in range(10)]

    def cheap(cells: list[Any], seq: int, body_bytes: int = 1000) -> bool:
        job = PostedJob(sessions, request(cells, seq), config, patches=True)
        inline = job.cheap(costs, body_bytes)
        job.run()
        return inline

    assert not cheap(cells, 1)  # a new session: ten cells to compute, three allowed
    edited = [*cells[:9], cell("c9", "code", "x9 = 10")]
    assert cheap([{"id": c["id"], "unchanged": True} for c in cells[:9]] + edited[9:], 2)
    empty = [*edited, *(cell(f"e{i}", "code", "") for i in range(4))]  # empty cells count
    assert not cheap(empty, 3)
    assert not cheap(empty, 4, body_bytes=20_000)  # a large body: parsed off the loop
    many = [cell(f"m{i}", "code", "") for i in range(60)]
    assert not cheap(many, 5)
    assert not cheap(many, 6)  # all cached now, but the notebook pass is over 50 cells


def test_config_change_or_an_evicted_cache_is_not_cheap() -> None:
    costs = Costs(max_missing_cells=3)
    sessions = store()
    cells = [cell(f"c{i}", "code", f"x{i} = {i}") for i in range(10)]
    PostedJob(sessions, request(cells), merge_config(None)).run()
    same = PostedJob(sessions, request(cells, 2), merge_config(None))
    assert same.cheap(costs, 100)
    changed = PostedJob(sessions, request(cells, 3), merge_config({"max_cell_sloc": 9}))
    assert not changed.cheap(costs, 100)


def test_a_superseded_job_stops_and_answers_nothing() -> None:
    sessions = store()
    cells = [cell(f"c{i}", "code", f"x{i} = {i}") for i in range(10)]
    job = PostedJob(sessions, request(cells), merge_config(None), superseded=lambda: True)
    with pytest.raises(Cancelled):
        job.run()
    assert "doc:d" in sessions and sessions.stats()["cells"] == 0  # nothing remembered


@pytest.fixture
def worker() -> Any:
    started = CellWorker(min_chars=1000, recycle_chars=10**9, idle_seconds=60)
    yield started
    started.shutdown()


def test_the_cell_worker_gives_the_same_results(worker: CellWorker) -> None:
    config = merge_config(None)
    big = "".join(f"name_{i} = call({i})  # comment\n" for i in range(200))
    cells = [("code", big, {}), ("markdown", "# Title\n\nA **tensor** is an array.", {})]
    far = worker(cells, config)
    assert far.result(timeout=60) == analyse_cells(cells, config)
    assert worker.running
    report = Analyzer().analyze(
        {"cells": [{"cell_type": "code", "source": big}, {"cell_type": "code", "source": "y=1"}]},
        offload=worker,
    )
    assert report["cells"][0]["sloc"] == 200


def test_a_cancelled_job_stops_the_worker(worker: CellWorker) -> None:
    config = merge_config(None)
    slow = "".join(f"v{i} = {i}\n" for i in range(300_000))
    started = time.monotonic()
    far = worker([("code", slow, {})], config, lambda: time.monotonic() - started > 0.5)
    with pytest.raises(Cancelled):
        far.result(timeout=60)
    assert not worker.running
    ok = worker([("code", "x = 1", {})], config)  # the next job starts a new process
    assert ok.result(timeout=60)[0].sloc == 1


def test_a_worker_that_dies_is_an_error_not_a_hang(worker: CellWorker) -> None:
    config = merge_config(None)
    assert worker([("code", "x = 1", {})], config).result(timeout=60)
    assert worker._process is not None
    worker._process.kill()  # between jobs: the next job starts a new process
    assert worker([("code", "y = 2", {})], config).result(timeout=60)[0].sloc == 1
    slow = worker([("code", "".join(f"v{i} = {i}\n" for i in range(300_000)), {})], config)
    time.sleep(0.5)
    assert worker._process is not None
    worker._process.kill()  # during a job (out of memory, say): that request fails
    with pytest.raises(CellWorkerError, match="stopped"):
        slow.result(timeout=60)
    assert worker([("code", "z = 3", {})], config).result(timeout=60)[0].sloc == 1


def test_a_batch_goes_in_slices_and_a_cancelled_one_keeps_the_slices_done(
    worker: CellWorker,
) -> None:
    config = merge_config(None)
    cells = [("code", f"v{i} = {i}", {}) for i in range(600)]
    exchanges: list[int] = []
    run_slice = worker._run_slice

    def counted(part: Any, *rest: Any) -> Any:
        results = run_slice(part, *rest)
        exchanges.append(len(part))
        return results

    worker._run_slice = counted  # type: ignore[method-assign]
    assert worker(cells, config).result(timeout=60) == analyse_cells(cells, config)
    assert exchanges == [256, 256, 88]
    exchanges.clear()
    with pytest.raises(Cancelled) as stopped:  # superseded once the first slice is back
        worker(cells, config, lambda: bool(exchanges)).result(timeout=60)
    assert len(stopped.value.partial) == 256


def test_the_worker_is_recycled_after_a_large_job_and_stops_when_idle() -> None:
    worker = CellWorker(min_chars=10, recycle_chars=1000, idle_seconds=0)
    try:
        config = merge_config(None)
        worker([("code", "x = 1", {})], config).result(timeout=60)
        assert worker.running
        worker.stop_if_idle()
        assert not worker.running
        worker([("code", "x = 1\n" * 300, {})], config).result(timeout=60)
        assert not worker.running  # over recycle_chars: its memory went with it
    finally:
        worker.shutdown()
