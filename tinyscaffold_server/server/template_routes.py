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

import os
from pathlib import Path
from typing import Any

from tornado import web

from ..course.root_bound import PathRefused, RootBound
from ..course.templates import (
    NAMES,
    TITLES,
    TemplateError,
    drop_repeated_heading,
    names_from_cell,
    render_cells,
)
from .api_request import ApiError, parse_json_object
from .handlers import PostedNotebookHandler, ServerState, api_errors
from .json_slices import dumps_sliced
from .root_paths import clean_path, refusal

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


def _override(state: ServerState, path: str | None) -> tuple[Path | None, RootBound | None]:
    """The course's template folder for the notebook at ``path`` (inside the root, else
    403), from the same course configuration ``analyze`` reads; and the root's bound, which
    confines the template files read from it."""
    bound = state.root.bound
    if path is None or bound is None:
        return None, None
    state.root.check(path, missing_ok=True)  # a notebook not saved yet has no file
    project = state.projects.for_path(path)
    folder = project.templates
    if folder is None or not os.path.lexists(folder):
        return None, bound  # the built-in templates
    try:
        return bound.resolve(folder), bound
    except PathRefused as exc:
        refused = refusal(exc)
        detail = f"{project.describe()}: templates folder {refused.detail}"
        raise ApiError(refused.status, refused.error, detail) from None


class TemplateHandler(PostedNotebookHandler):
    """(Streamed like the notebook routes, so that a large body is refused unread.)"""

    def max_body(self) -> int:
        return MAX_TEMPLATE_BODY

    @web.authenticated
    @api_errors
    async def post(self) -> None:
        body = parse_json_object(self.posted_body())
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
        override, bound = _override(self.state, path)
        names = names_from_cell(cell["cell_type"], cell["source"], concept)
        try:
            cells = render_cells(name, names, override, bound)
        except TemplateError as exc:
            raise ApiError(422, "invalid-template", str(exc)) from None
        cells, skip = drop_repeated_heading(cells, cell, following, names)
        reply = {
            "name": name,
            "title": TITLES[name],
            "names": names.values(),
            "cells": cells,
            "skip": skip,
        }
        self.finish(dumps_sliced(reply))


HANDLERS = (("template", TemplateHandler),)
