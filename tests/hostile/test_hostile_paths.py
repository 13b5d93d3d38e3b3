"""Nothing outside the root is read, on any route: symlinks out of the root (notebooks,
templates, saved baselines, configuration files, git directories), loops, paths no file can
have, pipes and files over the size limit.  Every case of the review, replayed; the
``fetch`` fixture checks every reply (no 5xx, no secret, no absolute path) and the tree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hostile_data import BAD_NAME, LIMIT, MODULE, ipynb

Fetch = Any
BIG = len(ipynb("x" * LIMIT))  # the size of blobs/big.ipynb, which course/big.ipynb links to
TEMPLATE_CELL = {"cell_type": "code", "source": "def relu(x):\n    return x\n"}


def _analyze_body(path: str) -> dict[str, Any]:
    cell = {"id": "a", "cell_type": "code", "source": "x = 1\n", "metadata": {}}
    return {"notebook": {"cells": [cell], "metadata": {}}, "path": path}


def test_a_template_linked_out_of_an_in_root_templates_folder_is_refused(fetch: Fetch) -> None:
    body = {"name": "concept-bridge", "cell": TEMPLATE_CELL, "path": "templates_out/m.py"}
    reply = fetch("template", json=body)
    assert reply.error == (403, "forbidden-path")
    assert reply.detail == "'templates_out/tpl/concept-bridge.py' resolves outside the server root"
    # A templates folder that loops: refused too, where the loop is named.
    looped = fetch("template", json={**body, "path": "templates_loop/m.py"})
    assert looped.error == (403, "forbidden-path")
    assert looped.detail == (
        "templates_loop/tinyscaffold.toml: templates folder 'templates_loop/tpl' is a symlink loop"
    )
    # The other templates of that course are still its own or the built-in ones.
    other = fetch("template", json={**body, "name": "confidence-builder"})
    assert other.code == 200


def test_a_saved_baseline_linked_out_of_the_root_is_refused_alike(fetch: Fetch) -> None:
    answers = []
    for file in ("out.json", "out_missing.json", "out_notjson.json"):
        params = {"path": "course/m1.py", "source": "file", "file": f"baselines/{file}"}
        reply = fetch("baseline", params=params)
        assert reply.error == (403, "forbidden-path")
        answers.append(reply.detail.replace(file, "FILE"))
    # The same answer whether the target exists, is a baseline or is not JSON: no oracle.
    assert len(set(answers)) == 1, answers
    assert answers[0] == "'baselines/FILE' resolves outside the server root"


def test_saved_baselines_are_size_checked_and_loops_refused(fetch: Fetch) -> None:
    def baseline(file: str) -> Any:
        params = {"path": "course/m1.py", "source": "file", "file": f"baselines/{file}"}
        return fetch("baseline", params=params)

    big = baseline("big.json")
    assert big.error == (413, "file-too-large")
    assert big.detail == "'baselines/big.json' is 65539 bytes; the limit is 65536"
    assert baseline("loop.json").error == (403, "forbidden-path")
    assert baseline("loop.json").detail == "'baselines/loop.json' is a symlink loop"
    deep = baseline("deep.json")
    assert deep.error == (422, "invalid-baseline")
    assert deep.detail == "baselines/deep.json: not valid JSON: nested too deeply"


@pytest.mark.parametrize("folder", ["linked_config", "linked_pyproject"])
def test_a_course_configuration_linked_out_of_the_root_is_refused_on_every_route(
    fetch: Fetch, folder: str
) -> None:
    name = "tinyscaffold.toml" if folder == "linked_config" else "pyproject.toml"
    expected = (403, "forbidden-path")
    detail = f"'{folder}/{name}' resolves outside the server root"
    module = f"{folder}/m.py"
    replies = [
        fetch("analyze", params={"path": module}),
        fetch("analyze", json=_analyze_body(module)),
        fetch("report.html", params={"path": module}),
        fetch("course", params={"path": folder}),
        fetch("baseline", params={"path": module, "source": "disk"}),
        fetch("compare", json={**_analyze_body(module), "baseline": "x", "before": None}),
        fetch("template", json={"name": "concept-bridge", "cell": TEMPLATE_CELL, "path": module}),
    ]
    assert [(r.error, r.detail) for r in replies] == [(expected, detail)] * len(replies)


def test_a_git_file_or_link_to_a_repository_outside_the_root_is_refused(fetch: Fetch) -> None:
    for folder in ("gitfile", "gitlink"):
        reply = fetch("baseline", params={"path": f"{folder}/m.py", "source": "git"})
        assert reply.error == (403, "forbidden-path")
        assert reply.detail == f"'{folder}/.git': its git directory is outside the server root"
        # The course overview's delta column says "no baseline" for it, and goes on.
        course = fetch("course", params={"path": folder, "baseline": "HEAD"})
        assert course.code == 200
        assert [(row["path"], row["delta"]) for row in course.json()["modules"]] == [
            (f"{folder}/m.py", None)
        ]


def test_git_snapshots_name_the_module_relative_to_the_root(fetch: Fetch) -> None:
    reply = fetch("baseline", params={"path": "course/m1.py", "source": "git"})
    assert reply.code == 200
    data = reply.json()
    assert (data["status"], data["snapshot"]["path"]) == ("found", "course/m1.py")
    unknown = fetch("baseline", params={"path": "course/m1.py", "ref": "no-such-branch"})
    assert unknown.error == (400, "invalid-ref")
    assert unknown.detail == "unknown git revision 'no-such-branch' in course"
    new = fetch("baseline", params={"path": "course/new.py", "source": "git"}).json()
    assert (new["status"], new["snapshot"]) == ("new", None)


def test_a_repositorys_own_commands_never_run(fetch: Fetch, hostile: Path, tmp_path: Path) -> None:
    marker = tmp_path / "fsmonitor-ran"
    hook = tmp_path / "fsmonitor.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    hook.chmod(0o755)
    config = hostile / "course" / ".git" / "config"
    original = config.read_bytes()
    config.write_bytes(original + f"[core]\n\tfsmonitor = {hook}\n".encode())
    try:
        # A new module: git looks for a rename, comparing the commit with the working tree.
        reply = fetch("baseline", params={"path": "course/new.py", "source": "git"})
        assert reply.code == 200
        assert not marker.exists(), "the repository's fsmonitor hook ran"
    finally:
        config.write_bytes(original)


LOOPS = [
    ("analyze", {"path": "course/loop.ipynb"}),
    ("report.html", {"path": "course/loop.ipynb"}),
    ("course", {"path": "course/loopdir"}),
    ("baseline", {"path": "course/loop.ipynb", "source": "git"}),
    ("baseline", {"path": "course/loop.ipynb", "source": "disk"}),
]


@pytest.mark.parametrize(("endpoint", "params"), LOOPS)
def test_symlink_loops_are_refused(fetch: Fetch, endpoint: str, params: dict[str, str]) -> None:
    reply = fetch(endpoint, params=params)
    assert reply.error == (403, "forbidden-path")
    assert reply.detail == f"'{params['path']}' is a symlink loop"


def test_a_looping_course_configuration_is_refused_and_a_looping_live_path_is_not(
    fetch: Fetch,
) -> None:
    looped = fetch("analyze", params={"path": "loop_config/m.py"})
    assert looped.error == (403, "forbidden-path")
    assert looped.detail == "'loop_config/tinyscaffold.toml' is a symlink loop"
    # A live notebook's path is only a label (and where its configuration is looked for).
    live = fetch("analyze", json=_analyze_body("course/loop.ipynb"))
    assert live.code == 200 and live.json()["config"]["max_cell_sloc"] == 3


def test_the_course_listing_says_what_it_could_not_read_and_goes_on(fetch: Fetch) -> None:
    unreadable = {
        "course/" + BAD_NAME.decode("utf-8", "replace"): (
            "its name is not valid UTF-8 text: rename it to include it"
        ),
        "course/escape.ipynb": "'course/escape.ipynb' resolves outside the server root",
        "course/escape_dir/": "'course/escape_dir' resolves outside the server root",
        "course/loop.ipynb": "'course/loop.ipynb' is a symlink loop",
        "course/loopdir": "'course/loopdir' is a symlink loop",
        "course/fifo.ipynb": "'course/fifo.ipynb' is not a regular file",
        "course/big.ipynb": f"'course/big.ipynb' is {BIG} bytes; the limit is 65536",
    }
    # The folder, and every folder above it, lists the rest with one row per problem.
    for folder in ("course", ""):
        reply = fetch("course", params={"path": folder})
        assert reply.code == 200
        rows = {row["path"]: row for row in reply.json()["modules"]}
        assert {"course/m1.py", "course/m2.ipynb", "course/new.py"} <= set(rows)
        assert all("grade" in rows[m] for m in ("course/m1.py", "course/m2.ipynb"))
        errors = {path: row["error"] for path, row in rows.items() if "error" in row}
        expected = dict(unreadable)
        if folder == "":  # the link and its target are one module: named where it lies
            expected["blobs/big.ipynb"] = expected.pop("course/big.ipynb").replace(
                "course", "blobs"
            )
        assert {path: errors.get(path) for path in expected} == expected


@pytest.mark.parametrize(
    ("endpoint", "path", "error", "detail"),
    [
        ("analyze", "course/fifo.ipynb", (422, "not-a-file"), "'course/fifo.ipynb' is not a"),
        ("analyze", "course/big.ipynb", (413, "file-too-large"), f"'course/big.ipynb' is {BIG} "),
        ("analyze", "course/escape.ipynb", (403, "forbidden-path"), "'course/escape.ipynb' res"),
        ("report.html", "course/escape_dir/secret.ipynb", (403, "forbidden-path"), "'course/e"),
        ("baseline", "course/escape.ipynb", (403, "forbidden-path"), "'course/escape.ipynb' r"),
    ],
)
def test_pipes_big_files_behind_links_and_escapes_are_refused_before_reading(
    fetch: Fetch, endpoint: str, path: str, error: tuple[int, str], detail: str
) -> None:
    reply = fetch(endpoint, params={"path": path})
    assert reply.error == error
    assert reply.detail.startswith(detail), reply.detail


LONG = "a/" * 3000


@pytest.mark.parametrize(
    ("route", "request_kwargs"),
    [
        ("template", {"json": {"name": "concept-bridge", "cell": TEMPLATE_CELL, "path": LONG}}),
        ("analyze", {"params": {"path": LONG}}),
        ("course", {"params": {"path": LONG}}),
        ("baseline", {"params": {"path": LONG}}),
        ("baseline", {"params": {"path": "course/m1.py", "source": "file", "file": LONG}}),
        ("template", {"json": {"name": "x", "cell": TEMPLATE_CELL, "path": "b" * 300}}),
    ],
)
def test_paths_no_file_can_have_are_400(
    fetch: Fetch, route: str, request_kwargs: dict[str, Any]
) -> None:
    reply = fetch(route, **request_kwargs)
    assert reply.error == (400, "invalid-request")


def test_a_long_live_path_is_only_a_label(fetch: Fetch) -> None:
    reply = fetch("analyze", json=_analyze_body(LONG))
    assert reply.code == 200 and reply.json()["path"] == LONG


def test_a_module_of_the_course_reads_as_the_file_says(fetch: Fetch, hostile: Path) -> None:
    assert (hostile / "course" / "m1.py").read_text() == MODULE
    reply = fetch("analyze", params={"path": "course/m1.py"})
    assert reply.code == 200
    assert json.loads(reply.body)["path"] == "course/m1.py"
