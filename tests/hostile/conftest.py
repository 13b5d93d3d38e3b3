"""Fixtures of the hostile-input suite: a server over a hostile course tree, and the checks
every request of it must pass.

``hostile`` serves ``hostile_data.build_root`` and, around each test, checks that:
- no reply is a 5xx or a traceback, and every error is JSON ``{"error", "detail"}``;
- no reply carries the secret written in every file outside the root, nor where the root
  or the outside folder are on disk (replies name paths relative to the root);
- the server process opened nothing outside the root (an audit hook sees every open);
- every file under the root and outside it is byte-identical afterwards.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from api_testing import Reply, server_config
from hostile_data import LIMIT, SECRET, build_outside, build_root, tree_digest
from pytest_jupyter.jupyter_server import *  # noqa: F403  (fixtures and the async test hooks)

# (folder, opened paths): while a test runs, every file the process opens under the folder.
_WATCHED: list[tuple[str, list[str]]] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _WATCHED or event not in ("open", "os.listdir", "os.scandir"):
        return
    path = args[0] if args else None
    if not isinstance(path, (str, bytes, os.PathLike)):
        return
    text = os.fsdecode(path)
    for folder, opened in _WATCHED:
        if text.startswith(folder) or os.path.realpath(text).startswith(folder):
            opened.append(text)


sys.addaudithook(_audit)


@pytest.fixture
def jp_server_config() -> dict[str, Any]:
    return server_config({"max_body_bytes": LIMIT})


Fetch = Callable[..., Reply]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    build_outside(folder)
    return folder


@pytest.fixture
def hostile(jp_root_dir: Path, outside: Path) -> Iterator[Path]:
    """The hostile tree, and the checks of the module docstring around the test."""
    build_root(jp_root_dir, outside)
    before = (tree_digest(jp_root_dir), tree_digest(outside))
    opened: list[str] = []
    _WATCHED.append((os.path.realpath(outside), opened))
    try:
        yield jp_root_dir
    finally:
        _WATCHED.clear()
    assert opened == [], f"the server opened files outside the root: {opened[:5]}"
    assert (tree_digest(jp_root_dir), tree_digest(outside)) == before, "a file changed"


def check_reply(reply: Reply, root: Path, outside: Path) -> None:
    """What every reply of the suite must be (see the module docstring)."""
    assert reply.code < 500, reply.body[:300]
    assert b"Traceback" not in reply.body
    if reply.code >= 400:
        assert set(reply.json()) == {"error", "detail"}, reply.body[:300]
    for secret in (SECRET, str(outside), os.path.realpath(outside)):
        assert secret.encode() not in reply.body, (secret, reply.body[:300])
    for where in (str(root), os.path.realpath(root)):
        assert where.encode() not in reply.body, ("absolute root path", reply.body[:300])


@pytest.fixture
def fetch(jp_fetch: Any, jp_asyncio_loop: Any, hostile: Path, outside: Path) -> Fetch:
    """A request to the test server, checked with ``check_reply``; never raises on an HTTP
    error status.  ``json=`` sends a JSON body with POST."""

    def _fetch(*parts: str, **kwargs: Any) -> Reply:
        kwargs.setdefault("raise_error", False)
        if "json" in kwargs:
            body = kwargs.pop("json")
            kwargs.update(method="POST", body=body if isinstance(body, bytes) else json.dumps(body))
        coroutine = jp_fetch("tinyscaffold", *parts, **kwargs)
        reply = Reply(jp_asyncio_loop.run_until_complete(coroutine))
        check_reply(reply, hostile, outside)
        return reply

    return _fetch
