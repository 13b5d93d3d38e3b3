"""``Any`` and ``cast`` for the package's modules, without importing ``typing`` at run time.

With postponed annotations (``from __future__ import annotations``) ``typing``'s names are
needed at run time only where a module builds a type alias (``Json = dict[str, Any]``) or
calls ``cast``; importing ``typing`` for them cost every CLI run about 1 % of its work
(docs/PERFORMANCE.md).  Type checkers read ``typing``'s own names from here; at run time
``Any`` is ``object`` (an alias's argument, never checked) and ``cast`` returns its value,
as ``typing.cast`` does.  Names only annotations use are imported under ``TYPE_CHECKING``
where they are needed.
"""

from __future__ import annotations

__all__ = ["Any", "cast"]

TYPE_CHECKING = False  # typing's own flag would import typing
if TYPE_CHECKING:
    from typing import Any as Any
    from typing import cast as cast
else:
    Any = object

    def cast(kind, value):
        """``typing.cast``: ``value`` itself (``kind`` is for the type checker)."""
        return value
