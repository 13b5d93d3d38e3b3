"""Reading notebooks for the GET endpoints through the server's contents manager.

Going through the contents manager (never ``open()``) keeps the server's rules: the root
directory, ``allow_hidden``, and — when jupytext's contents manager is active — its reading
of text notebooks.  On top of those rules we refuse ``..``, absolute paths and symlinks that
resolve outside the root, because the stock file manager follows symlinks out of the root.
Nothing here writes.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jupyter_core.utils import ensure_async
from tornado.web import HTTPError

from ..core import loading

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


class ContentsError(Exception):
    """A path or file problem, with the HTTP status and short error code to answer with."""

    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.error, self.detail = status, error, detail


text_extensions = loading.text_extensions


def clean_path(path: str | None, *, allow_empty: bool = False) -> str:
    """A contents-manager path relative to the root, or ContentsError 400/403."""
    if path is None or (not path.strip("/") and not allow_empty):
        raise ContentsError(400, "invalid-request", "the 'path' query parameter is required")
    if "\x00" in path:
        raise ContentsError(400, "invalid-request", "path contains a NUL character")
    if path.startswith(("/", "\\", "~")) or _WINDOWS_DRIVE.match(path):
        raise ContentsError(403, "forbidden-path", f"{path!r}: absolute paths are not allowed")
    parts = [part for part in re.split(r"[/\\]", path) if part not in ("", ".")]
    if ".." in parts:
        raise ContentsError(403, "forbidden-path", f"{path!r}: '..' is not allowed")
    return "/".join(parts)


def check_inside_root(cm: Any, path: str) -> None:
    """Refuse a path whose real location (symlinks resolved) is outside the server root."""
    root = getattr(cm, "root_dir", None)
    if not isinstance(root, str) or not root:
        return  # not a file-system contents manager: its own rules are all there is
    real_root = os.path.realpath(root)
    os_path = os.path.join(real_root, *path.split("/")) if path else real_root
    if not os.path.lexists(os_path):
        return  # the contents manager answers 404
    real = os.path.realpath(os_path)
    if real != real_root and not real.startswith(real_root + os.sep):
        raise ContentsError(403, "forbidden-path", f"{path!r} resolves outside the server root")


def _from_cm_error(path: str, exc: HTTPError) -> ContentsError:
    message = exc.log_message or exc.reason or "error"
    if exc.status_code == 404:
        return ContentsError(404, "not-found", f"{path!r}: no such file or directory")
    if exc.status_code == 403:
        return ContentsError(403, "forbidden-path", f"{path!r}: {message}")
    # 400 "Unreadable Notebook" from the file manager, 500 from jupytext's reader: the file's
    # content is the problem, not the request.
    return ContentsError(422, "unreadable-notebook", f"{path!r}: {message}")


async def get_model(cm: Any, path: str, **kwargs: Any) -> dict[str, Any]:
    try:
        model: dict[str, Any] = await ensure_async(cm.get(path, **kwargs))
    except HTTPError as exc:
        raise _from_cm_error(path, exc) from None
    return model


async def fetch_notebook_model(
    cm: Any, path: str, max_bytes: int, *, as_text: bool = False
) -> dict[str, Any]:
    """The contents model of a notebook file: ``type`` is "notebook" or a text "file".

    ``as_text`` asks for a text notebook's raw text even when jupytext's contents manager
    would convert it (the course view checks the cell markers first).
    """
    check_inside_root(cm, path)
    stat = await get_model(cm, path, content=False)
    if stat.get("type") == "directory":
        raise ContentsError(422, "not-a-notebook", f"{path!r} is a directory")
    size = stat.get("size")
    if isinstance(size, int) and size > max_bytes:
        raise ContentsError(
            413, "file-too-large", f"{path!r} is {size} bytes; the limit is {max_bytes}"
        )
    ext = os.path.splitext(path)[1].lower()
    if ext != ".ipynb" and ext not in text_extensions():
        raise ContentsError(422, "unsupported-format", f"{path!r}: not a notebook format")
    if ext == ".ipynb":
        return await get_model(cm, path, content=True, type="notebook")
    if as_text:
        return await get_model(cm, path, content=True, type="file", format="text")
    return await get_model(cm, path, content=True, type=None)


def notebook_from_model(path: str, model: Mapping[str, Any]) -> dict[str, Any]:
    """Plain nbformat-v4 dict from a contents model (CPU work: call it off the event loop)."""
    if model.get("type") == "notebook":
        # NotebookNode → plain dicts; the JSON round trip also drops non-JSON leftovers.
        data: dict[str, Any] = json.loads(json.dumps(model["content"]))
        return data
    if model.get("format") != "text" or not isinstance(model.get("content"), str):
        raise ContentsError(422, "not-a-notebook", f"{path!r}: not UTF-8 text")
    return notebook_from_text(path, model["content"])


def notebook_from_text(path: str, text: str) -> dict[str, Any]:
    """jupytext's reading of a text notebook whose text came from the contents manager."""
    try:
        return loading.notebook_from_text(text, os.path.splitext(path)[1])
    except loading.NotebookLoadError as exc:
        raise ContentsError(422, "unreadable-notebook", f"{path!r}: {exc}") from None


async def find_modules(
    cm: Any, path: str, max_depth: int, limit: int, folders: list[str] | None = None
) -> tuple[list[str], bool]:
    """Notebook candidates under a directory, sorted per level; ``True`` when cut at ``limit``.

    Text files are only candidates here; the caller checks their markers after reading them.
    ``folders``, when given, receives every directory listed (what a new module would change).
    """
    check_inside_root(cm, path)
    top = await get_model(cm, path, content=True, type=None)
    if top.get("type") != "directory":
        raise ContentsError(400, "not-a-directory", f"{path!r} is not a directory")
    exts = (".ipynb", *text_extensions())
    found: list[str] = []
    queue: list[tuple[dict[str, Any], int]] = [(top, 0)]
    while queue:
        model, depth = queue.pop(0)
        if folders is not None:
            folders.append(str(model.get("path", "")))
        entries = sorted(model.get("content") or [], key=lambda e: str(e.get("name", "")))
        for entry in entries:
            entry_path = str(entry.get("path", ""))
            try:
                check_inside_root(cm, entry_path)
            except ContentsError:
                continue  # a symlink out of the root is not part of the course
            if entry.get("type") == "directory":
                if depth < max_depth:
                    queue.append((await get_model(cm, entry_path, type="directory"), depth + 1))
            elif os.path.splitext(entry_path)[1].lower() in exts:
                if len(found) >= limit:
                    return found, True
                found.append(entry_path)
    return found, False


def contents_root(server_app: Any) -> Path | None:
    """Where the contents manager keeps files on disk, if it does (a database-backed one
    has no configuration file to read)."""
    root = getattr(getattr(server_app, "contents_manager", None), "root_dir", None)
    return Path(root) if isinstance(root, str) and Path(root).is_dir() else None
