"""The package's compiled regular expressions kept between processes, as its bytecode is.

``re`` compiles a pattern in Python code (parsing, then code generation) and keeps the
result only in its process: a one-module CLI run compiled ~150 of the rules' patterns,
~9 ms of its start.  ``compiled`` builds a pattern from the code ``re`` generated for it
in an earlier process, with the call ``re`` itself ends with (``_sre.compile``); the
tests hold every pattern built so equal (``==``: flags, text and code) to ``re.compile``'s.

The codes live in one file beside the package's bytecode
(``core/__pycache__/pattern_store.<cache tag>.patterns``), written like bytecode: not
when Python is told not to write bytecode, only by the CLI at the end of a run that
compiled a pattern the file lacked, whole or not at all.  The file names the exact Python
build it was made by; a file of another build, or one that cannot be read, is ignored
(and replaced by the next run that writes).  Where ``re``'s internals are not the ones
this relies on (before Python 3.11), every pattern is compiled by ``re`` as usual.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys

try:  # Python 3.11+: the modules re.compile itself uses
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _USABLE = True
except ImportError:  # pragma: no cover - older Pythons compile as usual
    _USABLE = False

TYPE_CHECKING = False  # typing's own flag would import typing, which this module avoids
if TYPE_CHECKING:
    from typing import Any

    _Key = tuple[str, int]  # (pattern, flags as written)
    # What _sre.compile takes after the pattern: flags, code, groups - 1, groupindex and
    # indexgroup.
    _Entry = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]

__all__ = ["compiled", "save"]

_BUILD = (sys.version, _sre.MAGIC, _sre.CODESIZE) if _USABLE else None
_stored: dict[_Key, _Entry] | None = None  # read from the file on first use
_added: dict[_Key, _Entry] = {}  # compiled in this process, not in the file


def _path() -> str:
    folder = os.path.join(os.path.dirname(__file__), "__pycache__")
    return os.path.join(folder, f"pattern_store.{sys.implementation.cache_tag}.patterns")


def _load() -> dict[_Key, _Entry]:
    try:
        with open(_path(), "rb") as stream:
            build, entries = marshal.load(stream)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if build == _BUILD and isinstance(entries, dict) else {}


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the stored code when there is one."""
    global _stored
    if not _USABLE:
        return re.compile(pattern, flags)
    if _stored is None:
        _stored = _load()
    key = (pattern, int(flags))
    entry = _stored.get(key)
    if entry is not None:
        try:
            return _sre.compile(pattern, *entry)  # type: ignore[no-any-return]
        except (TypeError, ValueError, RuntimeError):  # damaged: "invalid SRE code"
            del _stored[key]
    entry = _compile_entry(pattern, flags)
    _added[key] = entry
    return _sre.compile(pattern, *entry)  # type: ignore[no-any-return]


def _compile_entry(pattern: str, flags: int) -> _Entry:
    """What ``re._compiler.compile`` passes to ``_sre.compile`` for ``pattern``."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # Plain ints: re's opcodes and flags are int subclasses, which marshal does not write.
    state_flags = int(flags | parsed.state.flags)
    code = [int(word) for word in code]
    return state_flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def save() -> None:
    """Write the patterns this process compiled into the file, unless bytecode is not to
    be written or there are none; a file that cannot be written is left alone."""
    global _stored
    if not _added or sys.dont_write_bytecode:
        return
    entries = {**(_stored or {}), **_added}
    path = _path()
    temp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temp, "wb") as stream:
            marshal.dump((_BUILD, entries), stream)
        os.replace(temp, path)  # readers see the old file or the new one, never a part
    except (OSError, ValueError):  # (ValueError: an object marshal cannot write)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return
    _stored = entries
    _added.clear()
