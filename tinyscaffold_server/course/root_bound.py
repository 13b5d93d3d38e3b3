"""Reading a file for someone who may see one folder only: the Jupyter server's root.

A request makes the server read more than the notebook it names: the course configuration
file, a pattern template, a saved baseline, a module's git history.  Each of those reads goes
through a ``RootBound``: the path is resolved (every symlink followed, loops caught), it must
lie inside the root, and it must be a regular file no larger than ``max_bytes`` -- checked on
the opened file, before a byte is read.  Otherwise ``PathRefused`` says which rule it broke,
naming the path relative to the root: a reply never tells where the root is on the server's
disk, and a symlink out of the root gets the same answer whether its target exists or not.

The CLI reads whatever path its user names and passes no bound (``None``) to the readers.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["MAX_PATH_CHARS", "PathRefused", "RootBound"]

MAX_PATH_CHARS = 4096  # PATH_MAX on Linux: no file under the root can have a longer name
_CHUNK = 1 << 20


class PathRefused(Exception):
    """A path the bound does not let through; ``kind`` says why: "outside" (it resolves
    outside the root), "loop" (a symlink loop), "missing", "not-a-file" (a directory, a
    pipe, a device), "too-large", "unreadable" (permissions) or "too-long"."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class RootBound:
    """Reads confined to ``root`` (resolved once) and to files of at most ``max_bytes``."""

    __slots__ = ("given", "max_bytes", "root")

    def __init__(self, root: str | os.PathLike[str], max_bytes: int) -> None:
        self.given = os.path.abspath(root)
        self.root = os.path.realpath(root)
        self.max_bytes = max_bytes

    def name(self, path: str | os.PathLike[str]) -> str:
        """``path`` as a reply may show it: relative to the root ("." for the root itself),
        and of a path outside the root only its last name."""
        text = os.fspath(path)
        if not os.path.isabs(text):
            return Path(text).as_posix()
        for base in (self.root, self.given):
            if self._under(os.path.normpath(text), base):
                return Path(os.path.relpath(text, base)).as_posix()
        return f"…/{os.path.basename(text.rstrip(os.sep))}"  # only its name: not where it is

    def contains(self, real: str) -> bool:
        """True when ``real`` (a resolved path) is the root or lies below it."""
        return self._under(real, self.root)

    @staticmethod
    def _under(path: str, base: str) -> bool:
        return path == base or path.startswith(base.rstrip(os.sep) + os.sep)

    def resolve(self, path: str | os.PathLike[str]) -> Path:
        """The real location of ``path`` (relative paths start at the root), inside the root
        and existing, or ``PathRefused``."""
        text = os.fspath(path)
        joined = text if os.path.isabs(text) else os.path.join(self.root, text)
        shown = self.name(joined)
        if len(joined) > MAX_PATH_CHARS:
            raise PathRefused("too-long", f"{shown[:80]!r}…: the path is too long")
        # Where the links lead, loops and missing parts left as they are: the first rule.
        if not self.contains(os.path.realpath(joined)):
            raise PathRefused("outside", f"{shown!r} resolves outside the server root")
        try:
            real = os.path.realpath(joined, strict=True)
        except OSError as exc:
            raise _refusal(exc, shown) from None
        if not self.contains(real):  # changed between the two looks
            raise PathRefused("outside", f"{shown!r} resolves outside the server root")
        return Path(real)

    def read_bytes(self, path: str | os.PathLike[str]) -> bytes:
        """The bytes of the regular file at ``path``, within the bound, or ``PathRefused``."""
        real = self.resolve(path)
        shown = self.name(path)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            # No-follow: a link swapped in after resolve() is refused, not followed.
            # Non-blocking: opening a named pipe must not wait for a writer.
            fd = os.open(real, flags | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            raise _refusal(exc, shown) from None
        with os.fdopen(fd, "rb", buffering=0) as handle:
            found = os.fstat(fd)
            if not stat.S_ISREG(found.st_mode):
                kind = "a directory" if stat.S_ISDIR(found.st_mode) else "not a regular file"
                raise PathRefused("not-a-file", f"{shown!r} is {kind}")
            if found.st_size > self.max_bytes:
                raise PathRefused(
                    "too-large",
                    f"{shown!r} is {found.st_size} bytes; the limit is {self.max_bytes}",
                )
            chunks: list[bytes] = []
            size = 0
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                if size > self.max_bytes:  # it grew while being read
                    detail = f"{shown!r} is over the limit of {self.max_bytes} bytes"
                    raise PathRefused("too-large", detail)
                chunks.append(chunk)
        return b"".join(chunks)


def _refusal(exc: OSError, shown: str) -> PathRefused:
    code = exc.errno
    if code == errno.ELOOP:
        return PathRefused("loop", f"{shown!r} is a symlink loop")
    if code in (errno.ENOENT, errno.ENOTDIR):
        return PathRefused("missing", f"{shown!r}: no such file or directory")
    if code == errno.ENAMETOOLONG:
        return PathRefused("too-long", f"{shown[:80]!r}…: the path is too long")
    if code == errno.EISDIR:
        return PathRefused("not-a-file", f"{shown!r} is a directory")
    return PathRefused("unreadable", f"{shown!r}: cannot read ({exc.strerror or 'error'})")
