"""The session store, the traitlets settings and path cleaning, without a server."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from server_data import cell
from traitlets import TraitError
from traitlets.config import Config

from tinyscaffold_server.core.loading import is_notebook_text as is_text_notebook
from tinyscaffold_server.server.app_config import TinyScaffold
from tinyscaffold_server.server.root_paths import ContentsError, clean_path
from tinyscaffold_server.server.sessions import BadReference, SessionStore, UnknownCells


class CountingAnalyzer:
    made = 0

    def __init__(self, config: dict[str, Any]) -> None:
        CountingAnalyzer.made += 1
        self.config = config

    def analyze(self, notebook: dict[str, Any]) -> dict[str, Any]:
        return {"cells": notebook["cells"]}


def store(**limits: int) -> SessionStore:
    return SessionStore(CountingAnalyzer, **limits)  # type: ignore[arg-type]


def ref(cell_id: str) -> dict[str, Any]:
    return {"id": cell_id, "unchanged": True}


def test_prepare_expands_references_and_counts_fresh_source() -> None:
    s = store()
    cells = [cell("a", "code", "x = 1"), cell("b", "markdown", "hello")]
    first = s.prepare("doc", cells, {})
    assert first.fresh_chars == 10
    s.remember("doc", first.cells, 1)
    second = s.prepare("doc", [ref("a"), cells[1], cell("c", "code", "yy")], {})
    assert second.cells == [cells[0], cells[1], cell("c", "code", "yy")]
    assert second.fresh_chars == 2  # "b" was sent in full but is unchanged
    assert second.analyzer is first.analyzer


def test_unknown_and_bad_references() -> None:
    s = store()
    with pytest.raises(UnknownCells) as info:
        s.prepare("doc", [ref("x"), ref("y")], {})
    assert info.value.ids == ["x", "y"]
    with pytest.raises(BadReference, match="cell 1: an unchanged reference needs an 'id'"):
        s.prepare("doc", [cell("a", "code", ""), {"unchanged": True, "id": 3}], {})
    assert len(s) == 0  # failed requests leave no state


def test_config_change_replaces_the_analyzer_but_keeps_the_cells() -> None:
    s = store()
    first = s.prepare("doc", [cell("a", "code", "x")], {"k": 1})
    s.remember("doc", first.cells, 1)
    second = s.prepare("doc", [ref("a")], {"k": 2})
    assert second.analyzer is not first.analyzer
    assert second.cells == first.cells


def test_lru_by_count_cells_and_chars() -> None:
    s = store(max_sessions=2, max_cells=5, max_chars=1000)
    for key in ("a", "b", "c"):
        s.remember(key, s.prepare(key, [cell("x", "code", "1")], {}).cells, 0)
    assert "a" not in s and "b" in s and "c" in s
    s.prepare("b", [ref("x")], {})  # touch b: c is now least recently used
    four = [cell(str(i), "code", "1") for i in range(4)]
    s.remember("d", s.prepare("d", four, {}).cells, 0)
    assert "c" not in s and "b" in s and "d" in s
    assert s.stats() == {"sessions": 2, "cells": 5, "chars": 5}
    huge = [cell("h", "code", "#" * 2000)]
    s.remember("e", s.prepare("e", huge, {}).cells, 0)
    assert "e" not in s  # alone over max_chars: analysed, but no state kept
    assert s.stats()["chars"] <= 1000


def test_anonymous_requests_keep_no_state() -> None:
    s = store()
    prepared = s.prepare(None, [cell("a", "code", "x")], {})
    s.remember(None, prepared.cells, 1)
    assert len(s) == 0


def test_locked_serialises_one_document() -> None:
    s = store()
    order: list[str] = []

    async def job(name: str, key: str, pause: float) -> None:
        async with s.locked(key):
            order.append(f"{name}+")
            await asyncio.sleep(pause)
            order.append(f"{name}-")

    async def main() -> None:
        await asyncio.gather(job("1", "k", 0.02), job("2", "k", 0), job("3", "other", 0))

    asyncio.run(main())
    assert order.index("1-") < order.index("2+")  # same document: one after the other
    assert order.index("3+") < order.index("1-")  # another document does not wait
    assert s._locks == {}


def test_settings_defaults_and_validation() -> None:
    settings = TinyScaffold()
    assert settings.max_body_bytes == 10 * 1024 * 1024
    assert settings.effective_config()["max_cell_sloc"] == 30
    with pytest.raises(TraitError, match=r"TinyScaffold\.thresholds: unknown config key 'nope'"):
        TinyScaffold(config=Config({"TinyScaffold": {"thresholds": {"nope": 1}}}))
    with pytest.raises(TraitError, match="sloc_bands: bands must be ascending"):
        TinyScaffold(thresholds={"sloc_bands": [30, 10, 60]})
    with pytest.raises(TraitError, match=r"TinyScaffold\.max_body_bytes must be ≥ 1, got 0"):
        TinyScaffold(max_body_bytes=0)
    tuned = TinyScaffold(config=Config({"TinyScaffold": {"thresholds": {"max_cell_sloc": 40}}}))
    assert tuned.effective_config()["max_cell_sloc"] == 40


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("a/b.ipynb", "a/b.ipynb"), ("./a//b.ipynb", "a/b.ipynb"), ("a/./b.py", "a/b.py")],
)
def test_clean_path(raw: str, clean: str) -> None:
    assert clean_path(raw) == clean


@pytest.mark.parametrize("raw", ["../a", "a/../../b", "/abs", "~/x", "C:\\x", "a\\..\\..\\b"])
def test_clean_path_refuses(raw: str) -> None:
    with pytest.raises(ContentsError) as info:
        clean_path(raw)
    assert (info.value.status, info.value.error) == (403, "forbidden-path")


def test_text_notebook_detection() -> None:
    assert is_text_notebook("# %%\nx = 1\n")
    assert is_text_notebook("# ---\n# jupyter:\n#   jupytext:\n#     x: 1\n# ---\nx = 1\n")
    assert not is_text_notebook("def helper():\n    return 1\n")
    assert not is_text_notebook("---\ntitle: a\n---\n# README\n")
