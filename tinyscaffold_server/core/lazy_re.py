"""Regular expressions compiled on first use, not when their module is imported.

Python compiles a pattern in Python code (parsing, then code generation) and cannot keep
compiled patterns between processes, so the rules' ~170 module-level patterns cost every
CLI run ~12 ms before any work, a third of it for patterns the run's notebook never reaches
(magics, otter-grader markers, captions, ...).  ``compile_lazily`` stands in for
``re.compile`` at module level: the pattern is compiled by the first call of one of its
methods, and then replaces its stand-in in the module that made it, so the module's later
calls cost nothing extra.  References held elsewhere (a tuple, an argument, another
module's import) go on forwarding to the compiled pattern.
"""

from __future__ import annotations

import re
import sys

TYPE_CHECKING = False  # typing's own flag would import typing, which this module avoids
if TYPE_CHECKING:
    from collections.abc import Iterator, MutableMapping
    from typing import Any

__all__ = ["compile_lazily"]


def compile_lazily(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done on first use; call it at a module's top level."""
    namespace = sys._getframe(1).f_globals  # the module whose name is to be rebound
    return _LazyPattern(pattern, flags, namespace)  # type: ignore[return-value]


class _LazyPattern:
    """The methods of ``re.Pattern`` the package calls, forwarded to the compiled pattern."""

    __slots__ = ("_compiled", "_flags", "_namespace", "pattern")

    def __init__(self, pattern: str, flags: int, namespace: MutableMapping[str, Any]) -> None:
        self.pattern = pattern
        self._flags = flags
        self._namespace = namespace
        self._compiled: re.Pattern[str] | None = None

    def _pattern(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self._flags)
            for name, value in self._namespace.items():
                if value is self:
                    self._namespace[name] = compiled  # a value replaced: the dict keeps its size
        return compiled

    def match(self, *args: Any, **kwargs: Any) -> re.Match[str] | None:
        return self._pattern().match(*args, **kwargs)

    def search(self, *args: Any, **kwargs: Any) -> re.Match[str] | None:
        return self._pattern().search(*args, **kwargs)

    def fullmatch(self, *args: Any, **kwargs: Any) -> re.Match[str] | None:
        return self._pattern().fullmatch(*args, **kwargs)

    def finditer(self, *args: Any, **kwargs: Any) -> Iterator[re.Match[str]]:
        return self._pattern().finditer(*args, **kwargs)

    def findall(self, *args: Any, **kwargs: Any) -> list[Any]:
        return self._pattern().findall(*args, **kwargs)

    def split(self, *args: Any, **kwargs: Any) -> list[str | Any]:
        return self._pattern().split(*args, **kwargs)

    def sub(self, *args: Any, **kwargs: Any) -> str:
        return self._pattern().sub(*args, **kwargs)

    def subn(self, *args: Any, **kwargs: Any) -> tuple[str, int]:
        return self._pattern().subn(*args, **kwargs)

    def __repr__(self) -> str:
        return f"compile_lazily({self.pattern!r}, {self._flags})"
