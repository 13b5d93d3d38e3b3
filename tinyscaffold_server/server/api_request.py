"""The POST /tinyscaffold/analyze body: bytes → a checked request, or an ``ApiError`` saying why.

Status rule: a problem with the request envelope (encoding, JSON, field types) is 400; a
problem with the notebook inside it is 422.  Cell shapes are left to the core's
``normalise_cells`` (also 422) so the server and the CLI report them identically.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tornado.web import HTTPError

from .json_slices import loads_sliced

MAX_DEPTH = 64  # metadata nested deeper than this is not something a notebook needs
MAX_DOC_ID = 512
MAX_REPORT_ID = 64  # ids are the server's own (report_patch.new_report_id): short
MAX_SAFE_INT = 2**53 - 1  # the UI is JavaScript: larger seq values would not round-trip
SLICED_ABOVE = 1024 * 1024  # bodies larger than this are parsed a cell at a time


class ApiError(HTTPError):
    """An HTTP error with the JSON body the UI shows: ``{"error": code, "detail": ...}``."""

    def __init__(self, status: int, error: str, detail: Any) -> None:
        text = detail if isinstance(detail, str) else json.dumps(detail)
        # log_message is %-formatted by tornado: pass the text as an argument, never inline.
        super().__init__(status, "%s: %s", error, text[:300])
        self.error = error
        self.detail = detail


@dataclass
class AnalyzeRequest:
    notebook: dict[str, Any]
    cells: list[Any]
    path: str | None
    doc_id: str | None
    seq: int | None
    config: dict[str, Any] | None
    # "since" present (even null): the client takes patches; a string names its report.
    wants_patch: bool = False
    since: str | None = None
    body: dict[str, Any] = field(default_factory=dict)  # the whole body, for other fields

    @property
    def session_key(self) -> str | None:
        """Sessions are per document: the client's id when given, else the path."""
        if self.doc_id is not None:
            return f"doc:{self.doc_id}"
        if self.path is not None:
            return f"path:{self.path}"
        return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Iterative depth check (recursion would fail on exactly the input it guards against)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _bad(field: str, expected: str, value: Any) -> ApiError:
    return ApiError(400, "invalid-request", f"'{field}' must be {expected}, got {_kind(value)}")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "object", list: "array", str: "string", bool: "boolean"}.get(
        type(value), "number" if isinstance(value, (int, float)) else type(value).__name__
    )


# A JSON escape of a UTF-16 surrogate (``\ud800``): only such a body can hold a lone one.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def parse_json_object(body: bytes) -> dict[str, Any]:
    """A POST body → its JSON object, or ``ApiError`` 400 saying why: empty, not UTF-8,
    malformed (line and column), NaN/Infinity, nested too deeply, text that is not Unicode
    (a lone surrogate escape, which no file name, cell id or source can hold), not an object."""
    if not body.strip():
        raise ApiError(400, "invalid-request", "empty body: expected a JSON object")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid-encoding", f"body is not UTF-8 (byte {exc.start})") from None
    try:
        if len(body) <= SLICED_ABOVE:
            data = json.loads(text, parse_constant=_reject_constant)
        else:  # a large body, parsed in the worker pool: in slices (json_slices.py)
            data = loads_sliced(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        detail = f"line {exc.lineno} column {exc.colno}: {exc.msg}"
        raise ApiError(400, "invalid-json", detail) from None
    except ValueError as exc:  # NaN / Infinity, integers longer than Python converts
        raise ApiError(400, "invalid-json", str(exc)) from None
    except RecursionError:
        raise ApiError(400, "too-deeply-nested", "the JSON body is nested too deeply") from None
    if not isinstance(data, dict):
        raise _bad("body", "an object", data)
    if SURROGATE_ESCAPE.search(body):
        where = lone_surrogate(data)
        if where is not None:
            detail = f"{where} holds a lone surrogate (\\ud800-\\udfff): not valid Unicode text"
            raise ApiError(400, "invalid-encoding", detail)
    return data


def lone_surrogate(data: dict[str, Any]) -> str | None:
    """Where the first string that is not valid Unicode is (``notebook.cells[2].id``)."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            if not node.isascii():
                try:
                    node.encode("utf-8")
                except UnicodeEncodeError:
                    return where or "the body"
        elif isinstance(node, dict):
            for key, value in reversed(node.items()):
                inner = f"{where}.{key}" if where else str(key)
                stack.append((value, inner))
                stack.append((key, f"a key of {where or 'the body'}"))
        elif isinstance(node, list):
            stack.extend((value, f"{where}[{at}]") for at, value in reversed(list(enumerate(node))))
    return None


def parse_analyze_body(body: bytes) -> AnalyzeRequest:
    data = parse_json_object(body)
    notebook = data.get("notebook")
    if not isinstance(notebook, dict):
        raise _bad("notebook", "an object", notebook)
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        raise ApiError(422, "invalid-notebook", "notebook has no 'cells' list")
    metadata = notebook.get("metadata", {})
    if not isinstance(metadata, dict):
        raise ApiError(422, "invalid-notebook", "notebook 'metadata' must be an object")

    path, doc_id, seq, config = (data.get(k) for k in ("path", "doc_id", "seq", "config"))
    if path is not None and not isinstance(path, str):
        raise _bad("path", "a string", path)
    if doc_id is not None and (not isinstance(doc_id, str) or not 0 < len(doc_id) <= MAX_DOC_ID):
        raise _bad("doc_id", f"a string of 1-{MAX_DOC_ID} characters", doc_id)
    if seq is not None and (
        isinstance(seq, bool) or not isinstance(seq, int) or abs(seq) > MAX_SAFE_INT
    ):
        raise _bad("seq", "an integer (a safe JavaScript integer)", seq)
    if config is not None and not isinstance(config, dict):
        raise _bad("config", "an object", config)
    if config is not None and _too_deep(config):
        raise ApiError(400, "too-deeply-nested", f"'config' is nested deeper than {MAX_DEPTH}")
    if _too_deep(metadata) or any(
        # (an unchanged cell's reference has no metadata: most cells of a live request)
        type(cell) is dict and cell.get("metadata") and _too_deep(cell["metadata"], MAX_DEPTH - 2)
        for cell in cells
    ):
        raise ApiError(422, "too-deeply-nested", f"metadata is nested deeper than {MAX_DEPTH}")
    since = data.get("since")
    if since is not None and (not isinstance(since, str) or not 0 < len(since) <= MAX_REPORT_ID):
        raise _bad("since", f"null or a report id of 1-{MAX_REPORT_ID} characters", since)
    return AnalyzeRequest(notebook, cells, path, doc_id, seq, config, "since" in data, since, data)
