"""Cell matching of the delta: by id, else by content, else by position."""

from __future__ import annotations

from tinyscaffold_server.course.delta import cell_keys, match_cells


def _keys(*cells: tuple[str | None, str]) -> list[dict[str, str | None]]:
    notebook = {"cells": [{"id": cid, "source": src, "cell_type": "code"} for cid, src in cells]}
    return cell_keys(notebook)


def test_ids_win_over_content_and_position() -> None:
    before = _keys(("a", "x = 1"), ("b", "y = 2"))
    after = _keys(("b", "y = 3"), ("a", "x = 1"))  # swapped, one edited
    assert match_cells(before, after, ["code"] * 2, ["code"] * 2) == [(1, "id"), (0, "id")]


def test_content_then_position_between_matched_neighbours() -> None:
    before = _keys((None, "a"), (None, "b"), (None, "c"), (None, "d"))
    after = _keys((None, "a"), (None, "c edited"), (None, "d"), (None, "brand new"))
    assert match_cells(before, after, ["code"] * 4, ["code"] * 4) == [
        (0, "content"),
        (1, "position"),  # after "a" came "b": the edited cell continues it
        (3, "content"),
        (None, None),  # nothing left after "d"
    ]


def test_position_needs_the_same_cell_type() -> None:
    before = _keys((None, "a"), (None, "b"))
    after = _keys((None, "a"), (None, "changed"))
    assert match_cells(before, after, ["code", "markdown"], ["code", "code"]) == [
        (0, "content"),
        (None, None),
    ]


def test_whitespace_around_a_cell_does_not_change_its_hash() -> None:
    assert _keys((None, "x = 1\n\n"))[0]["hash"] == _keys((None, "  x = 1"))[0]["hash"]
