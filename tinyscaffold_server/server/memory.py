"""Freeing memory without long pauses: large containers emptied a slice at a time, and freed
heap memory given back to the system (``malloc_trim``) after sessions or large cache entries
are dropped."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import sys
from typing import Any

__all__ = ["SLOW_ABOVE", "empty_slowly", "trim_memory"]

SLOW_ABOVE = 4096  # items: smaller containers are freed at once (well under a millisecond)


def empty_slowly(items: list[Any] | dict[Any, Any] | None, owners: int = 1) -> None:
    """Empty a large container a slice at a time, so that freeing its objects (a report of
    100,000 cells: 0.3 s in one call) lets other threads run in between.  Only when
    ``owners`` (the caller's references) are all it has: a list still used elsewhere, say
    by a reply being serialised, is left alone."""
    if items is None or len(items) <= SLOW_ABOVE or sys.getrefcount(items) - 2 > owners:
        return
    if isinstance(items, list):
        while items:
            del items[-256:]
    else:
        while items:
            items.popitem()


def trim_memory() -> None:
    """Give freed heap memory back to the system (glibc keeps it otherwise): called after
    sessions or large cache entries are dropped.  A no-op where there is no malloc_trim."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)  # a ctypes call: the GIL is released while it runs


_trim: list[Any] = []


def _malloc_trim() -> Any:
    if not _trim:
        name = ctypes.util.find_library("c") if sys.platform.startswith("linux") else None
        function = None
        if name:
            with contextlib.suppress(OSError, AttributeError):
                function = ctypes.CDLL(name).malloc_trim
        _trim.append(function)
    return _trim[0]
