"""The one path policy of every request: what may be read, and how a refusal is answered.

Everything a request makes the server read -- a notebook, the course configuration file, a
pattern template, a saved baseline, a module's git history -- is named relative to the root
and goes through here:

- ``clean_path`` turns a request's path into a root-relative one, refusing ``..``, absolute
  paths, NUL, names no file system has (too long) and text that is not Unicode;
- ``ServerRoot`` resolves it (symlinks followed, loops caught) and keeps it inside the root;
  it hands the course layer's readers its ``RootBound`` (``course/root_bound.py``), which does
  the same for the files they find themselves and checks each file's size before reading;
- ``refusal`` maps a ``PathRefused`` to the JSON answer: 403 ``forbidden-path`` (outside the
  root, a symlink loop, unreadable), 404 ``not-found``, 413 ``file-too-large``, 422
  ``not-a-file``, 400 ``invalid-request`` (a path too long to be one).

Replies name paths relative to the root, never where the root is on the server's disk.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from ..course.root_bound import MAX_PATH_CHARS, PathRefused, RootBound

__all__ = ["ContentsError", "ServerRoot", "clean_path", "refusal", "server_root"]

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
_NAME_BYTES = 255  # NAME_MAX: the longest file name Linux and macOS file systems hold
_STATUS = {
    "outside": (403, "forbidden-path"),
    "loop": (403, "forbidden-path"),
    "unreadable": (403, "forbidden-path"),
    "missing": (404, "not-found"),
    "too-large": (413, "file-too-large"),
    "not-a-file": (422, "not-a-file"),
    "too-long": (400, "invalid-request"),
}


class ContentsError(Exception):
    """A path or file problem, with the HTTP status and short error code to answer with."""

    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.error, self.detail = status, error, detail


def refusal(exc: PathRefused) -> ContentsError:
    status, error = _STATUS.get(exc.kind, (403, "forbidden-path"))
    return ContentsError(status, error, str(exc))


def clean_path(path: str | None, *, allow_empty: bool = False) -> str:
    """A contents-manager path relative to the root, or ContentsError 400/403."""
    if path is None or (not path.strip("/") and not allow_empty):
        raise ContentsError(400, "invalid-request", "the 'path' query parameter is required")
    if "\x00" in path:
        raise ContentsError(400, "invalid-request", "path contains a NUL character")
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise ContentsError(400, "invalid-request", "path is not valid Unicode text") from None
    if len(path) > MAX_PATH_CHARS:
        detail = f"path is {len(path)} characters long; no file has a path over {MAX_PATH_CHARS}"
        raise ContentsError(400, "invalid-request", detail)
    if path.startswith(("/", "\\", "~")) or _WINDOWS_DRIVE.match(path):
        raise ContentsError(403, "forbidden-path", f"{path!r}: absolute paths are not allowed")
    parts = [part for part in re.split(r"[/\\]", path) if part not in ("", ".")]
    if ".." in parts:
        raise ContentsError(403, "forbidden-path", f"{path!r}: '..' is not allowed")
    if any(len(part.encode("utf-8")) > _NAME_BYTES for part in parts):
        detail = f"path has a name over {_NAME_BYTES} bytes, which no file can have"
        raise ContentsError(400, "invalid-request", detail)
    return "/".join(parts)


class ServerRoot:
    """The server root as the path policy sees it.  ``bound`` is None when the contents
    manager keeps no files on disk (a database-backed one): its own rules are all there is,
    and there is no configuration file, template folder, saved baseline or git to read."""

    def __init__(self, root_dir: str | None, max_bytes: int) -> None:
        usable = isinstance(root_dir, str) and bool(root_dir) and os.path.isdir(root_dir)
        self.bound = RootBound(root_dir, max_bytes) if usable and root_dir else None

    def os_path(self, path: str) -> str:
        """Where ``path`` (a cleaned, root-relative path) is on disk, links not resolved."""
        if self.bound is None:
            raise ContentsError(422, "not-on-disk", "the contents manager keeps no files on disk")
        return os.path.join(self.bound.root, *path.split("/")) if path else self.bound.root

    def check(self, path: str, *, missing_ok: bool = False) -> Path | None:
        """The real location of ``path``, inside the root; None without a root on disk, or
        when nothing is there and ``missing_ok``."""
        if self.bound is None:
            return None
        try:
            return self.bound.resolve(self.os_path(path))
        except PathRefused as exc:
            if missing_ok and exc.kind == "missing":
                return None
            raise refusal(exc) from None

    def check_file(self, path: str, max_bytes: int) -> None:
        """``path`` is a regular file inside the root, no larger than ``max_bytes``: checked
        before the contents manager opens it (it sizes a link, not its target, and would
        wait forever on a named pipe)."""
        real = self.check(path)
        if real is None:
            return
        found = os.stat(real)
        if stat.S_ISDIR(found.st_mode):
            raise ContentsError(422, "not-a-notebook", f"{path!r} is a directory")
        if not stat.S_ISREG(found.st_mode):
            raise ContentsError(422, "not-a-file", f"{path!r} is not a regular file")
        if found.st_size > max_bytes:
            detail = f"{path!r} is {found.st_size} bytes; the limit is {max_bytes}"
            raise ContentsError(413, "file-too-large", detail)

    def read(self, path: str) -> bytes:
        """The bytes of the file at ``path`` (size-checked before reading)."""
        if self.bound is None:
            raise ContentsError(422, "not-on-disk", "the contents manager keeps no files on disk")
        try:
            return self.bound.read_bytes(self.os_path(path))
        except PathRefused as exc:
            raise refusal(exc) from None

    def name(self, path: str | os.PathLike[str]) -> str:
        return self.bound.name(path) if self.bound is not None else os.fspath(path)


def server_root(cm: Any, max_bytes: int) -> ServerRoot:
    """The policy for a contents manager: its ``root_dir`` when it keeps files on disk."""
    return ServerRoot(getattr(cm, "root_dir", None), max_bytes)
