"""Memo caches whose memory is bounded: ``functools.lru_cache`` over small inputs only.

A word cache fed from notebook text sees whatever the author typed: a 4 MB "word" (a cell of
base64, one long identifier) would sit in an ``lru_cache`` until thousands of later entries
pushed it out.  ``small_input_cache`` keeps at most ``maxsize`` entries and only for inputs
of at most ``max_size`` (characters, or items of a sequence, or what ``size`` counts of
the first argument); larger inputs are computed
every time, which costs little because they are rare.  The worst case of such a cache is
therefore ``maxsize`` entries of ``max_size`` inputs, whatever the notebooks: the bounds in
the README's "Memory" list come from these two numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, update_wrapper
from typing import Any, Generic, ParamSpec, TypeVar

__all__ = ["small_input_cache"]

P = ParamSpec("P")
R = TypeVar("R")


class _SmallInputCache(Generic[P, R]):
    """A callable: cached for small first arguments, computed afresh for the others."""

    def __init__(
        self, function: Callable[P, R], maxsize: int, max_size: int, size: Callable[[Any], int]
    ) -> None:
        self._function = function
        self._size = size
        self._cached: Any = lru_cache(maxsize=maxsize)(function)
        self.maxsize = maxsize
        self.max_size = max_size
        update_wrapper(self, function)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        first: Any = args[0] if args else None
        if first is not None and self._size(first) > self.max_size:
            return self._function(*args, **kwargs)
        result: R = self._cached(*args, **kwargs)
        return result

    def cache_clear(self) -> None:
        self._cached.cache_clear()

    def cache_info(self) -> Any:
        return self._cached.cache_info()


def small_input_cache(
    maxsize: int, max_size: int, size: Callable[[Any], int] = len
) -> Callable[[Callable[P, R]], _SmallInputCache[P, R]]:
    """``lru_cache(maxsize)`` for calls whose first argument has ``size(arg) <= max_size``."""

    def decorate(function: Callable[P, R]) -> _SmallInputCache[P, R]:
        return _SmallInputCache(function, maxsize, max_size, size)

    return decorate
