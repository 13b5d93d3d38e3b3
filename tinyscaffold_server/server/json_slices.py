"""JSON in and out in slices, so that no single C call holds the GIL for long.

``json.loads`` of a 6 MB body (20,000 cells) and ``json.dumps`` of its 17 MB report are one
C call each: 30 to 400 ms during which no other thread runs, the Jupyter server's event loop
included.  Here the outer containers are walked in Python and each element is parsed (or
serialised) by the C scanner alone, so the interpreter can switch threads between elements.
The results are byte for byte those of ``json.loads`` and ``json.dumps`` (tests hold them so).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

__all__ = ["SLICE", "dumps_parts", "dumps_sliced", "loads_sliced"]

SLICE = 256  # list items serialised per json.dumps call: well under a millisecond each
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_SPACE = re.compile(r"[ \t\n\r]*")


def dumps_sliced(value: Any) -> bytes:
    """``json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()``."""
    return b"".join(dumps_parts(value))


def dumps_parts(value: Any) -> list[bytes]:
    """``dumps_sliced(value)`` in parts, the long lists of a top-level object serialised
    and encoded a slice at a time: a reply can be written part by part, and no call makes
    or copies the whole (63 MB for 100,000 cells) at once.  Text that is not Unicode (a
    lone surrogate: a file name that is not UTF-8) is escaped, as ``\\udcff``: still valid
    JSON, where encoding it would fail the reply."""
    try:
        return _dumps_parts(value)
    except UnicodeEncodeError:
        return [json.dumps(value, separators=(",", ":")).encode()]


def _dumps_parts(value: Any) -> list[bytes]:
    if not isinstance(value, dict) or not any(
        isinstance(item, list) and len(item) > SLICE for item in value.values()
    ):
        return [_dumps(value).encode()]
    parts = [b"{"]
    for key, item in value.items():
        if len(parts) > 1:
            parts.append(b",")
        parts.append(_dumps(str(key)).encode() + b":")
        if isinstance(item, list) and len(item) > SLICE:
            parts.append(b"[")
            for at in range(0, len(item), SLICE):
                if at:
                    parts.append(b",")
                parts.append(_dumps(item[at : at + SLICE])[1:-1].encode())
            parts.append(b"]")
        else:
            parts.append(_dumps(item).encode())
    parts.append(b"}")
    return parts


def loads_sliced(text: str, depth: int = 3, **options: Any) -> Any:
    """``json.loads(text, **options)``, the containers of the outer ``depth`` levels walked
    here (a notebook body: the body, the notebook, its cells list) and every value below
    them parsed by the C scanner.  Errors are ``json.JSONDecodeError``, as from ``loads``."""
    decoder = json.JSONDecoder(**options)
    scan: Callable[[str, int], tuple[Any, int]] = decoder.scan_once  # type: ignore[attr-defined]
    value, end = _value(text, _skip(text, 0), depth, scan, decoder)
    end = _skip(text, end)
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return value


def _skip(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    return match.end() if match else at


def _value(
    text: str, at: int, depth: int, scan: Callable[[str, int], tuple[Any, int]], decoder: Any
) -> tuple[Any, int]:
    char = text[at : at + 1]
    if depth <= 0 or char not in ("{", "["):
        try:
            return scan(text, at)
        except StopIteration as exc:
            raise json.JSONDecodeError("Expecting value", text, exc.value) from None
    if char == "[":
        return _array(text, at, depth, scan, decoder)
    return _object(text, at, depth, scan, decoder)


def _array(
    text: str, at: int, depth: int, scan: Callable[[str, int], tuple[Any, int]], decoder: Any
) -> tuple[list[Any], int]:
    items: list[Any] = []
    at = _skip(text, at + 1)
    if text[at : at + 1] == "]":
        return items, at + 1
    while True:
        item, at = _value(text, at, depth - 1, scan, decoder)
        items.append(item)
        at, more = _after_item(text, at, "]")
        if not more:
            return items, at


def _object(
    text: str, at: int, depth: int, scan: Callable[[str, int], tuple[Any, int]], decoder: Any
) -> tuple[dict[str, Any], int]:
    members: dict[str, Any] = {}
    at = _skip(text, at + 1)
    if text[at : at + 1] == "}":
        return members, at + 1
    while True:
        if text[at : at + 1] != '"':
            raise json.JSONDecodeError(
                "Expecting property name enclosed in double quotes", text, at
            )
        key, at = scan(text, at)  # a string: the quote was checked
        at = _skip(text, at)
        if text[at : at + 1] != ":":
            raise json.JSONDecodeError("Expecting ':' delimiter", text, at)
        members[key], at = _value(text, _skip(text, at + 1), depth - 1, scan, decoder)
        at, more = _after_item(text, at, "}")
        if not more:
            return members, at


def _after_item(text: str, at: int, close: str) -> tuple[int, bool]:
    """Past the "," before the next item (True), or past the closing bracket (False)."""
    at = _skip(text, at)
    char = text[at : at + 1]
    if char == close:
        return at + 1, False
    if char != ",":
        raise json.JSONDecodeError("Expecting ',' delimiter", text, at)
    return _skip(text, at + 1), True
