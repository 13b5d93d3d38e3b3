"""No 5xx from input: text that is not Unicode, saved baselines and snapshots of the right
shape with wrong insides, course configurations that are binary, too deep or hold numbers
Python will not read, a refused streamed POST on a keep-alive connection; and the same
course configuration on every route."""

from __future__ import annotations

import http.client
import json
from typing import Any

import pytest
from hostile_data import saved_baseline

Fetch = Any
CELL = {"id": "a", "cell_type": "code", "source": "x = 1\n", "metadata": {}}


def _body(**fields: Any) -> dict[str, Any]:
    return {"notebook": {"cells": [CELL], "metadata": {}}, **fields}


LONE = "\ud800"
SURROGATE_BODIES = [
    ("analyze", _body(path=LONE), "path"),
    ("analyze", _body(doc_id=f"doc{LONE}"), "doc_id"),
    ("analyze", {"notebook": {"cells": [{**CELL, "id": LONE}]}}, "notebook.cells[0].id"),
    ("analyze", {"notebook": {"cells": [{**CELL, "source": f"x{LONE}"}]}}, "notebook.cells[0]"),
    ("analyze", _body(config={"glossary": [[LONE, []]]}), "config.glossary[0][0]"),
    ("report.html", _body(path=f"m{LONE}.ipynb"), "path"),
    ("compare", _body(path=LONE, baseline="b", before=None), "path"),
    ("compare", _body(baseline=LONE, before=None), "baseline"),
    ("template", {"name": "concept-bridge", "cell": CELL, "concept": LONE}, "concept"),
    ("template", {"name": "concept-bridge", "cell": CELL, "path": f"a/{LONE}"}, "path"),
]


@pytest.mark.parametrize(("route", "body", "where"), SURROGATE_BODIES)
def test_a_lone_surrogate_anywhere_in_a_body_is_400(
    fetch: Fetch, route: str, body: dict[str, Any], where: str
) -> None:
    raw = json.dumps(body).encode()  # json.dumps writes the lone surrogate as "\ud800"
    assert b"\\ud800" in raw
    reply = fetch(route, json=raw)
    assert reply.error == (400, "invalid-encoding")
    assert reply.detail.startswith(f"{where}") and "lone surrogate" in reply.detail


def test_a_surrogate_pair_is_a_character_not_an_error(fetch: Fetch) -> None:
    raw = json.dumps(_body(path="emoji-\U0001f600.ipynb")).encode()
    assert b"\\ud83d\\ude00" in raw
    reply = fetch("analyze", json=raw)
    assert reply.code == 200 and reply.json()["path"] == "emoji-\U0001f600.ipynb"


def _snapshot(**report: Any) -> dict[str, Any]:
    return json.loads(saved_baseline("course/m1.py", **report))["modules"][0]  # type: ignore[no-any-return]


BROKEN_SNAPSHOTS = [
    (_snapshot(cliffs=None), "report.cliffs: missing"),
    (_snapshot(summary=None), "report.summary: missing"),
    (_snapshot(summary={"grade": "Z", "pct_high": 0, "scaffolding": {}}), "report.summary.grade"),
    (_snapshot(summary={"grade": "A", "pct_high": 0, "scaffolding": {}}), "scaffolding.score"),
    (_snapshot(cells=[{"cell_type": "code"}]), "report.cells[0].complexity: missing"),
    (
        _snapshot(
            cells=[{"cell_type": "code", "complexity": 1, "new_concepts": [], "findings": [{}]}]
        ),
        "report.cells[0].findings[0].rule: missing",
    ),
    (_snapshot(cliffs=[{"track": "solution"}]), "report.cliffs[0].from_index: missing"),
    ({**_snapshot(), "cells": [{"hash": "x"}]}, "cells: 1 entries for 0 report cells"),
    ({"path": "m.py"}, "snapshot.cells: missing"),
    (_snapshot(student={"totals": {}}), "report.student.exercises: missing"),
    (
        _snapshot(student={"totals": {}, "exercises": [{"index": [0]}]}),
        "report.student.exercises[0].index: must be an integer",
    ),
]


@pytest.mark.parametrize(("snapshot", "problem"), BROKEN_SNAPSHOTS)
def test_a_snapshot_of_the_right_shape_with_wrong_insides_is_422(
    fetch: Fetch, snapshot: dict[str, Any], problem: str
) -> None:
    for view in ("author", "student"):
        body = _body(path="course/m1.py", baseline="b", before=snapshot, view=view)
        reply = fetch("compare", json=body)
        assert reply.error == (422, "invalid-baseline")
        assert problem in reply.detail


@pytest.mark.parametrize(
    ("file", "problem"),
    [
        ("missing_cliffs.json", "modules[0]: report.cliffs: missing"),
        ("bad_grade.json", "modules[0]: report.summary.grade: must be a grade (A-F)"),
    ],
)
def test_a_saved_baseline_with_missing_keys_is_422(fetch: Fetch, file: str, problem: str) -> None:
    params = {"path": "course/m1.py", "source": "file", "file": f"baselines/{file}"}
    reply = fetch("baseline", params=params)
    assert reply.error == (422, "invalid-baseline")
    assert reply.detail == f"baselines/{file}: {problem}"


@pytest.mark.parametrize(
    ("folder", "problem"),
    [
        ("binary_config", "not UTF-8 text (byte 1): not a TOML file"),
        ("deep_config", "not valid TOML: nested too deeply"),
        ("huge_int_config", "not valid TOML: Exceeds the limit (4300 digits)"),
    ],
)
def test_a_course_configuration_that_is_not_toml_is_400_naming_the_file(
    fetch: Fetch, folder: str, problem: str
) -> None:
    replies = [
        fetch("analyze", params={"path": f"{folder}/m.py"}),
        fetch("analyze", json=_body(path=f"{folder}/m.py")),
        fetch("course", params={"path": folder}),
        fetch("baseline", params={"path": f"{folder}/m.py", "source": "disk"}),
    ]
    for reply in replies:
        assert reply.error == (400, "invalid-config")
        assert reply.detail.startswith(f"{folder}/tinyscaffold.toml: {problem}"), reply.detail


def test_a_refused_streamed_post_leaves_the_connection_usable(
    fetch: Fetch, jp_http_port: int, jp_base_url: str, jp_serverapp: Any, jp_asyncio_loop: Any
) -> None:
    token = jp_serverapp.identity_provider.token
    body = json.dumps(_body()).encode()
    url = f"{jp_base_url.rstrip('/')}/tinyscaffold/analyze"

    def two_requests_on_one_connection() -> list[tuple[int, str | None, Any]]:
        # http.client reuses its connection unless a reply says "Connection: close".
        connection = http.client.HTTPConnection("127.0.0.1", jp_http_port, timeout=20)
        answers = []
        try:
            for headers in ({}, {"Authorization": f"token {token}"}):  # refused, then fine
                connection.request("POST", url, body=body, headers=headers)
                reply = connection.getresponse()
                answers.append(
                    (reply.status, reply.getheader("Connection"), json.loads(reply.read()))
                )
        finally:
            connection.close()
        return answers

    # The server answers on the test's event loop: the client runs in a thread meanwhile.
    answers = jp_asyncio_loop.run_until_complete(
        jp_asyncio_loop.run_in_executor(None, two_requests_on_one_connection)
    )
    (refused, header, error), (status, _, report) = answers
    assert (refused, header, error["error"]) == (403, "close", "forbidden")  # no body read
    assert status == 200 and report["version"] == 1


def _cell_sloc(report_cells: list[dict[str, Any]]) -> list[int]:
    return [
        cell.get("index", at)
        for at, cell in enumerate(report_cells)
        if any(f["rule"] == "cell-sloc" for f in cell["findings"])
    ]


def test_every_route_measures_with_the_course_configuration(fetch: Fetch) -> None:
    """m1.py's solution has 5 SLOC: a cell-sloc finding only under the course's limit of 3."""
    module = "course/m1.py"
    analysed = fetch("analyze", params={"path": module}).json()
    assert analysed["config"]["max_cell_sloc"] == 3
    expected = _cell_sloc(analysed["cells"])
    assert expected == [1]
    for source in ("git", "disk"):
        reply = fetch("baseline", params={"path": module, "source": source})
        assert _cell_sloc(reply.json()["snapshot"]["report"]["cells"]) == expected, source
    saved = fetch("baseline", params={"path": module, "source": "disk"}).json()
    live = {
        "cells": [
            {
                "id": f"c{at}",
                "cell_type": c["cell_type"],
                "source": c["source"],
                "metadata": c.get("metadata", {}),
            }
            for at, c in enumerate(_module_cells())
        ],
        "metadata": {},
    }
    compared = fetch(
        "compare",
        json={"notebook": live, "path": module, "baseline": "opened", "before": saved["snapshot"]},
    ).json()
    assert compared["config"]["max_cell_sloc"] == 3
    assert _cell_sloc(compared["cells"]) == expected
    # measured with the same rules before and after: nothing appeared or went away
    assert compared["delta"]["findings"] == {"appeared": [], "fixed": [], "silenced": []}
    row = {r["path"]: r for r in fetch("course", params={"path": "course"}).json()["modules"]}
    assert row[module]["findings"] == sum(len(c["findings"]) for c in analysed["cells"])
    template = fetch("template", json={"name": "concept-bridge", "cell": CELL, "path": module})
    assert template.code == 200


def _module_cells() -> list[dict[str, Any]]:
    from hostile_data import MODULE

    from tinyscaffold_server.core.loading import notebook_from_text

    cells: list[dict[str, Any]] = notebook_from_text(MODULE, ".py")["cells"]
    return cells


def test_a_notebook_on_disk_holding_lone_surrogates_is_422_and_its_row_says_so(
    fetch: Fetch,
) -> None:
    reply = fetch("analyze", params={"path": "course/lone.ipynb"})
    assert reply.error == (422, "unreadable-notebook")
    assert reply.detail == (
        "'course/lone.ipynb': Unreadable Notebook: it holds text that is not valid Unicode"
    )
    rows = {
        row["path"]: row for row in fetch("course", params={"path": "course"}).json()["modules"]
    }
    assert rows["course/lone.ipynb"]["error"] == reply.detail
