"""Reading notebooks for the GET endpoints through the server's contents manager.

Going through the contents manager (never ``open()``) keeps the server's rules: the root
directory, ``allow_hidden``, and — when jupytext's contents manager is active — its reading
of text notebooks.  On top of those rules every path first passes the path policy
(``root_paths.py``): the stock file manager follows symlinks out of the root, sizes a link
rather than its target, and waits forever on a named pipe.  Nothing here writes.

One exception, for speed (``read_ipynb_files``): a course's unpaired ``.ipynb`` modules under
a stock file manager are read from disk through the same path policy and parsed as that
manager parses them (``nbformat.reads`` to version 4, validated), in the worker pool.  The
manager's own read also checks each notebook's trust signature, which commits to its SQLite
database on the event loop (an fsync per signed notebook: most of a course overview's first
opening, see docs/PERFORMANCE.md), and hops to a thread twice per file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jupyter_core.utils import ensure_async
from tornado.web import HTTPError

from ..core import loading
from .api_request import SURROGATE_ESCAPE, lone_surrogate
from .root_paths import ContentsError, ServerRoot

text_extensions = loading.text_extensions
_NOT_UNICODE = "Unreadable Notebook: it holds text that is not valid Unicode"


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
    except OSError as exc:  # a folder the server may not list, a file it may not open
        reason = exc.strerror or type(exc).__name__
        raise ContentsError(403, "forbidden-path", f"{path!r}: cannot read ({reason})") from None
    except UnicodeError:  # a lone surrogate escape in a .ipynb, which the manager cannot hash
        detail = f"{path!r}: Unreadable Notebook: it holds text that is not valid Unicode"
        raise ContentsError(422, "unreadable-notebook", detail) from None
    return model


async def fetch_notebook_model(
    cm: Any, root: ServerRoot, path: str, max_bytes: int, *, as_text: bool = False
) -> dict[str, Any]:
    """The contents model of a notebook file: ``type`` is "notebook" or a text "file".

    ``as_text`` asks for a text notebook's raw text even when jupytext's contents manager
    would convert it (the course view checks the cell markers first).
    """
    root.check_file(path, max_bytes)  # inside the root, a regular file, within the limit
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


def reads_from_disk(cm: Any, root: ServerRoot) -> bool:
    """Whether ``read_ipynb_files`` reads what ``cm`` would: a stock file manager (or
    jupytext's, which reads an unpaired ``.ipynb`` as the stock one does) on the root."""
    from jupyter_server.services.contents.filemanager import (
        AsyncFileContentsManager,
        FileContentsManager,
    )

    stock = (FileContentsManager, AsyncFileContentsManager)
    return root.bound is not None and isinstance(cm, stock)


def read_ipynb_files(
    root: ServerRoot, paths: list[str], max_bytes: int
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """(contents models by path, why the others could not be read) of ``.ipynb`` files,
    read as the stock file manager reads them, trust check aside (module docstring); file
    work: call it off the event loop."""
    import nbformat

    models: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for path in paths:
        try:
            root.check_file(path, max_bytes)
            raw = root.read(path)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ContentsError(
                    422, "unreadable-notebook", f"{path!r}: Unreadable Notebook: not UTF-8 text "
                    f"(byte {exc.start})",
                ) from None  # fmt: skip
            if SURROGATE_ESCAPE.search(raw) and _has_lone_surrogate(text):
                raise ContentsError(422, "unreadable-notebook", f"{path!r}: {_NOT_UNICODE}")
            try:
                content = nbformat.reads(text, as_version=4)  # type: ignore[no-untyped-call]
            except Exception as exc:  # what the file manager answers 400 for: any reading error
                raise ContentsError(
                    422, "unreadable-notebook", f"{path!r}: Unreadable Notebook: {exc!r}"
                ) from None
        except ContentsError as exc:
            errors[path] = str(exc.detail) or type(exc).__name__
            continue
        models[path] = {"type": "notebook", "format": "json", "content": content}
    return models, errors


def _has_lone_surrogate(text: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False  # not JSON: nbformat says why
    return isinstance(data, dict) and lone_surrogate(data) is not None


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
    cm: Any,
    root: ServerRoot,
    path: str,
    max_depth: int,
    limit: int,
    folders: list[str] | None = None,
) -> tuple[list[str], dict[str, str], bool]:
    """Notebook candidates under a directory, sorted per level; what could not be read, by
    entry (a name that is not UTF-8, a link out of the root or in a loop, a folder that
    cannot be listed), with the reason; ``True`` when cut at ``limit``.

    Text files are only candidates here; the caller checks their markers after reading them.
    ``folders``, when given, receives every directory listed (what a new module would change).
    """
    root.check(path)
    top = await get_model(cm, path, content=True, type=None)
    if top.get("type") != "directory":
        raise ContentsError(400, "not-a-directory", f"{path!r} is not a directory")
    exts = (".ipynb", *text_extensions())
    found: list[str] = []
    skipped: dict[str, str] = {}
    queue: list[tuple[dict[str, Any], int]] = [(top, 0)]
    while queue:
        model, depth = queue.pop(0)
        if folders is not None:
            folders.append(str(model.get("path", "")))
        entries = sorted(model.get("content") or [], key=lambda e: str(e.get("name", "")))
        for name in _left_out(cm, root, str(model.get("path", "")), entries, exts):
            # a link in a loop, a pipe, a folder it may not enter: left out unsaid
            entry_path = f"{model.get('path')}/{name}".lstrip("/")
            why, folder = _why_left_out(root, entry_path)
            skipped[_shown(entry_path) + ("/" if folder else "")] = why
        for entry in entries:
            entry_path = str(entry.get("path", ""))
            folder = entry.get("type") == "directory"
            if not folder and os.path.splitext(entry_path)[1].lower() not in exts:
                continue
            problem = _unreadable(root, entry_path)
            if problem is None and folder and depth < max_depth:
                try:
                    queue.append((await get_model(cm, entry_path, type="directory"), depth + 1))
                except ContentsError as exc:
                    problem = f"cannot list this folder: {exc.detail}"
            if problem is not None:
                skipped[_shown(entry_path) + ("/" if folder else "")] = problem
            elif not folder:
                if len(found) >= limit:
                    return found, skipped, True
                found.append(entry_path)
    return found, skipped, False


def _left_out(
    cm: Any, root: ServerRoot, folder: str, entries: list[dict[str, Any]], exts: tuple[str, ...]
) -> list[str]:
    """Names in ``folder`` that the contents manager's listing left out although they are
    neither hidden nor excluded by its rules: notebook names, folders and links (sorted)."""
    real = root.check(folder)
    if real is None:
        return []
    listed = {str(entry.get("name", "")) for entry in entries}
    should_list = getattr(cm, "should_list", lambda name: True)
    try:
        with os.scandir(real) as found:
            names = [
                e.name
                for e in found
                if e.name not in listed
                and not e.name.startswith(".")
                and should_list(e.name)
                and (
                    e.is_symlink()
                    or e.is_dir(follow_symlinks=False)
                    or os.path.splitext(e.name)[1].lower() in exts
                )
            ]
    except OSError:
        return []  # the contents manager listed it; what it could not, it could not say
    return sorted(names)


def _why_left_out(root: ServerRoot, path: str) -> tuple[str, bool]:
    """Why the contents manager left ``path`` out, and whether it is a folder."""
    problem = _unreadable(root, path)
    real = root.os_path(path)
    folder = os.path.isdir(real)
    if problem is None and folder:
        try:
            os.listdir(real)
        except OSError as exc:
            problem = f"cannot list this folder: {path!r}: cannot read ({exc.strerror})"
    return problem or f"{path!r} is not a regular file", folder


def _unreadable(root: ServerRoot, path: str) -> str | None:
    """Why the course listing cannot read ``path``, or None."""
    if _shown(path) != path:
        return "its name is not valid UTF-8 text: rename it to include it"
    try:
        root.check(path)
    except ContentsError as exc:
        return exc.detail
    return None


def _shown(path: str) -> str:
    """A file name as JSON can carry it: bytes that are not UTF-8 shown as U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def contents_root(server_app: Any) -> Path | None:
    """Where the contents manager keeps files on disk, if it does (a database-backed one
    has no configuration file to read)."""
    root = getattr(getattr(server_app, "contents_manager", None), "root_dir", None)
    return Path(root) if isinstance(root, str) and Path(root).is_dir() else None
