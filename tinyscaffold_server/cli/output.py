"""Everything the CLI writes: standard output, ``-o FILE``, ``--save-baseline FILE``.

A file is written whole or not at all: the text goes to a temporary file beside it, which
replaces the old file only once it is complete, so that a run that fails half way (or is
stopped) leaves the old report where it was.  Text that is not Unicode -- a file name that
is not UTF-8 (Python holds its bytes as lone surrogates) or a lone surrogate escape in a
notebook's JSON -- is written as a ``\\udcff`` escape: valid JSON and SARIF (the escape
means that very character), readable text and HTML, instead of an encoding error.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys

from ..core.lazy_re import compile_lazily

__all__ = ["printable", "terminal_columns", "write_file", "write_stdout"]

_SURROGATE = compile_lazily("[\ud800-\udfff]")


def terminal_columns(fallback: int) -> int:
    """The terminal's width as ``shutil.get_terminal_size((fallback, ...)).columns`` gives
    it ($COLUMNS when a positive whole number, else the terminal of ``sys.__stdout__``), without
    importing shutil (and the compression modules it imports), which cost the run's start-up."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):  # no stdout, closed, or not a terminal
        columns = 0
    return columns or fallback


def printable(text: str) -> str:
    """``text`` with every lone surrogate written as its ``\\uXXXX`` escape."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    return text


def write_stdout(text: str) -> None:
    sys.stdout.write(printable(text))


def write_file(path: str, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` to ``path`` through a temporary file renamed into place (``OSError``
    on failure, the old file untouched).  A link is written through (its target is
    replaced), and the old file's permissions are kept.  ``overwrite=False``: an existing
    file is never replaced (``FileExistsError``).  A pipe or a device (``-o /dev/stdout``)
    cannot be replaced, so it is written directly."""
    data = printable(text).encode("utf-8")
    target = os.path.realpath(path)
    try:
        found = os.stat(target)
    except FileNotFoundError:
        found = None
    if found is not None and not overwrite:
        raise FileExistsError(path)
    if found is not None and not stat.S_ISREG(found.st_mode):
        with open(target, "wb") as stream:
            stream.write(data)
        return
    folder, name = os.path.split(target)
    temp = os.path.join(folder, f".{name}.tinyscaffold-{os.getpid()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        if found is not None:
            os.chmod(temp, stat.S_IMODE(found.st_mode))
        if overwrite:
            os.replace(temp, target)
        else:
            os.link(temp, target)  # fails if the file appeared meanwhile: never replaced
    finally:
        # Gone after a replace; the second name after a link; a partial file after a failure.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
