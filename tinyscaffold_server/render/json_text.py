"""Indented JSON text, byte for byte what ``json.dumps(value, indent=2, ensure_ascii=False)``
writes, in about half the time.

The standard library's encoder has no C path for indented output: it yields every token
through one generator per nesting level, which made rendering a course's JSON report the
largest step of a cached ``tinyscaffold report`` run.  This writer appends to one list
instead; tests hold it equal to ``json.dumps`` on reports and on generated values.
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring  # the C implementation where there is one

from ..core.typing_names import Any

__all__ = ["indented_json"]

_INFINITY = float("inf")


def indented_json(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``; TypeError for what JSON cannot
    hold, as ``json.dumps`` raises it (reports hold no circular references)."""
    parts: list[str] = []
    _write(value, "\n", parts.append)
    return "".join(parts)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (_INFINITY, -_INFINITY):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True or key is False or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _write(value: Any, newline: str, out: Callable[[str], None]) -> None:
    if isinstance(value, str):
        out(encode_basestring(value))
    elif value is None:
        out("null")
    elif value is True:
        out("true")
    elif value is False:
        out("false")
    elif isinstance(value, int):
        out(int.__repr__(value))
    elif isinstance(value, float):
        out(_float(value))
    elif isinstance(value, dict):
        if not value:
            out("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            out(f"{separator}{encode_basestring(_key(key))}: ")
            _write(item, inner, out)
            separator = "," + inner
        out(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            out(separator)
            _write(item, inner, out)
            separator = "," + inner
        out(newline + "]")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
