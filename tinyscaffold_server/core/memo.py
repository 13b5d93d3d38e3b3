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
``lru_cache``; ``singular`` alone is called some 15,000 times in a cold module analysis).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, update_wrapper
from typing import Any, Generic, Protocol, TypeVar, cast

__all__ = ["SmallInputCache", "small_input_cache"]

R = TypeVar("R", covariant=True)
F = TypeVar("F", bound=Callable[..., Any])


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

        wrapper: Any = update_wrapper(call, function)
        wrapper.cache_clear = cached.cache_clear
        wrapper.cache_info = cached.cache_info
        wrapper.maxsize, wrapper.max_size = maxsize, max_size
        return cast(SmallInputCache[R], wrapper)

    return decorate
