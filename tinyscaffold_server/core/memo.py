"""Memo caches whose memory is bounded: ``functools.lru_cache`` over small inputs only.

A word cache fed from notebook text sees whatever the author typed: a 4 MB "word" (a cell of
base64, one long identifier) would sit in an ``lru_cache`` until thousands of later entries
pushed it out.  ``small_input_cache`` keeps at most ``maxsize`` entries and only for inputs
of at most ``max_size`` (characters, or items of a sequence, or what ``size`` counts of
the first argument); larger inputs are computed every time, which costs little because they
are rare.  The worst case of such a cache is therefore ``maxsize`` entries of ``max_size``
inputs, whatever the notebooks: the bounds in the README's "Memory" list come from these
two numbers.

The wrapper is a plain closure (a call through it costs about 100 ns more than the bare
``lru_cache``, less for a function of one argument measured by ``len``: the word caches,
asked thousands of times in a cold module analysis).
"""

from __future__ import annotations

import _thread
from collections.abc import Callable
from functools import lru_cache, update_wrapper

from .typing_names import Any, cast

__all__ = ["RecentTextCache", "SmallInputCache", "recent_text_cache", "small_input_cache"]

TYPE_CHECKING = False  # typing's own flag would import typing (CLI start-up)
if TYPE_CHECKING:
    from typing import Generic, Protocol, TypeVar

    R = TypeVar("R", covariant=True)

    class SmallInputCache(Protocol, Generic[R]):
        maxsize: int
        max_size: int

        def __call__(self, *args: Any, **kwargs: Any) -> R: ...

        def cache_clear(self) -> None: ...

        def cache_info(self) -> Any: ...


def small_input_cache(
    maxsize: int, max_size: int, size: Callable[[Any], int] = len
) -> Callable[[Callable[..., R]], SmallInputCache[R]]:
    """``lru_cache(maxsize)`` for calls whose first argument has ``size(arg) <= max_size``."""

    def decorate(function: Callable[..., R]) -> SmallInputCache[R]:
        cached = lru_cache(maxsize=maxsize)(function)

        def call(first: Any, *rest: Any, **named: Any) -> R:
            if size(first) > max_size:
                return function(first, *rest, **named)
            return cached(first, *rest, **named)

        def call_one(first: Any) -> R:  # a word's cache: no arguments to pack and unpack
            if len(first) > max_size:
                return function(first)
            return cached(first)

        code: Any = getattr(function, "__code__", None)
        one = size is len and code is not None and code.co_argcount == 1
        one = one and not code.co_kwonlyargcount and not code.co_flags & 0x0C  # *args, **kw
        wrapper: Any = update_wrapper(call_one if one else call, function)
        wrapper.cache_clear = cached.cache_clear
        wrapper.cache_info = cached.cache_info
        wrapper.maxsize, wrapper.max_size = maxsize, max_size
        return cast("SmallInputCache[R]", wrapper)

    return decorate


class RecentTextCache:
    """The results of a ``str -> str`` function for the last ``kept`` inputs it computed
    (of at most ``max_chars`` characters; the oldest one goes first): several passes over
    one cell ask for the same text in a row, and an ``lru_cache`` costs more per call than
    this dict.  The worst case is ``kept`` inputs of ``max_chars`` and their results."""

    def __init__(self, function: Callable[[str], str], kept: int, max_chars: int) -> None:
        self._function = function
        self._results: dict[str, str] = {}
        self._writing = _thread.allocate_lock()  # the server's workers share the memo
        self.kept, self.max_chars = kept, max_chars
        update_wrapper(self, function)

    def __call__(self, text: str) -> str:
        found = self._results.get(text)
        if found is None:
            found = self._function(text)
            if len(text) <= self.max_chars:
                with self._writing:
                    if len(self._results) >= self.kept:
                        del self._results[next(iter(self._results))]  # the oldest one
                    self._results[text] = found
        return found

    def cache_clear(self) -> None:
        self._results.clear()


def recent_text_cache(
    kept: int, max_chars: int
) -> Callable[[Callable[[str], str]], RecentTextCache]:
    """``RecentTextCache`` as a decorator."""
    return lambda function: RecentTextCache(function, kept, max_chars)
