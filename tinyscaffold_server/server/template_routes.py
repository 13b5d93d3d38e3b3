"""``POST /tinyscaffold/template``: a pattern template filled with names from the active cell.

Body: ``{"name": "concept-bridge" | ..., "cell": {"cell_type", "source"}, "following"?:
{"cell_type", "source"}, "concept"?: str, "path"?: str}``; ``following`` is the cell after
the active one, so that a heading it already has is not inserted again.  ``path`` (the
notebook, relative to the root) locates the course configuration file whose ``templates``
folder may override the built-in template; the folder must lie inside the server root.
Reply: ``{"name", "title", "names", "cells", "skip"}`` where each cell is ``{cell_type,
source, metadata}``, ready to insert through the notebook model after the active cell and
``skip`` more (1: under the repeated heading).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tornado import web

from ..course.project_config import load_project_config
from ..course.templates import (
    NAMES,
    TITLES,
    TemplateError,
    drop_repeated_heading,
    names_from_cell,
    render_cells,
)
from .api_request import ApiError
from .contents import check_inside_root, clean_path
from .handlers import BaseHandler, api_errors

MAX_TEMPLATE_BODY = 1 << 20  # a cell's source and a few names


def _field(body: dict[str, Any], name: str, kind: type, required: bool = True) -> Any:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, kind):
        raise ApiError(400, "invalid-request", f"'{name}' must be a {kind.__name__}")
    return value


def _cell(body: dict[str, Any], name: str) -> dict[str, str]:
    """A ``{cell_type, source}`` object of the body."""
    cell = _field(body, name, dict)
    return {"cell_type": _field(cell, "cell_type", str), "source": _field(cell, "source", str)}


def _override(cm: Any, path: str | None) -> Path | None:
    """The course's template folder for the notebook at ``path``, if inside the root."""
    root = getattr(cm, "root_dir", None)
    if path is None or not isinstance(root, str) or not root:
        return None
    check_inside_root(cm, path)
    real_root = Path(os.path.realpath(root))
    folder = (real_root / path).parent
    project = load_project_config(folder, stop_at=real_root)
    if project.templates is None:
        return None
    real = Path(os.path.realpath(project.templates))
    if real != real_root and real_root not in real.parents:
        raise ApiError(
            403, "forbidden-path", f"{project.describe()}: templates folder is outside the root"
        )
    return real


class TemplateHandler(BaseHandler):
    @web.authenticated
    @api_errors
    async def post(self) -> None:
        raw = self.request.body or b""
        if len(raw) > MAX_TEMPLATE_BODY:
            raise ApiError(413, "body-too-large", f"at most {MAX_TEMPLATE_BODY} bytes")
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ApiError(400, "invalid-json", str(exc)) from None
        if not isinstance(body, dict):
            raise ApiError(400, "invalid-request", "the body must be a JSON object")
        name = _field(body, "name", str)
        if name not in NAMES:
            raise ApiError(
                400, "invalid-request", f"unknown template {name!r} ({', '.join(NAMES)})"
            )
        cell = _cell(body, "cell")
        following = _cell(body, "following") if body.get("following") is not None else None
        concept = _field(body, "concept", str, required=False)
        raw_path = _field(body, "path", str, required=False)
        path = clean_path(raw_path) if raw_path else None
        override = _override(self.contents_manager, path)
        names = names_from_cell(cell["cell_type"], cell["source"], concept)
        try:
            cells = render_cells(name, names, override)
        except TemplateError as exc:
            raise ApiError(422, "invalid-template", str(exc)) from None
        cells, skip = drop_repeated_heading(cells, cell, following)
        reply = {
            "name": name,
            "title": TITLES[name],
            "names": names.values(),
            "cells": cells,
            "skip": skip,
        }
        self.finish(json.dumps(reply, ensure_ascii=False))


HANDLERS = (("template", TemplateHandler),)
