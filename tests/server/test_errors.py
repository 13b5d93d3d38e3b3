"""Every bad input gets a 4xx JSON ``{"error", "detail"}``; authentication and XSRF apply."""

from __future__ import annotations

import json
from typing import Any

import pytest
from server_data import cell

NO_TOKEN = {"Authorization": ""}
NOTEBOOK = {"cells": [cell("a", "code", "x = 1")]}


def error_of(reply: Any) -> tuple[int, str, Any]:
    data = reply.json()
    assert set(data) == {"error", "detail"}, data
    assert b"Traceback" not in reply.body
    return reply.code, data["error"], data["detail"]


@pytest.mark.parametrize("endpoint", ["config", "course", "analyze", "report.html"])
def test_unauthenticated_get_is_403(fetch: Any, endpoint: str) -> None:
    for headers in (NO_TOKEN, {"Authorization": "token not-the-token"}):
        reply = fetch(endpoint, params={"path": "module1.ipynb"}, headers=headers)
        assert error_of(reply) == (403, "forbidden", "Forbidden")


def test_unauthenticated_post_is_403(post: Any) -> None:
    reply = post({"notebook": NOTEBOOK}, headers=NO_TOKEN)
    # jupyter-server checks XSRF first for a request without a token.
    assert error_of(reply) == (403, "forbidden", "'_xsrf' argument missing from POST")


def test_post_with_login_cookie_needs_xsrf(fetch: Any, post: Any, jp_serverapp: Any) -> None:
    token = jp_serverapp.identity_provider.token
    login = fetch("config", params={"token": token}, headers=NO_TOKEN)
    cookie = "; ".join(c.split(";")[0] for c in login.headers.get_list("Set-Cookie"))
    assert cookie.startswith("username-")
    without = post({"notebook": NOTEBOOK}, headers={**NO_TOKEN, "Cookie": cookie})
    assert error_of(without) == (403, "forbidden", "'_xsrf' argument missing from POST")
    mismatch = {**NO_TOKEN, "Cookie": cookie + "; _xsrf=abc", "X-XSRFToken": "xyz"}
    assert error_of(post({"notebook": NOTEBOOK}, headers=mismatch))[:2] == (403, "forbidden")
    matching = {**NO_TOKEN, "Cookie": cookie + "; _xsrf=abc", "X-XSRFToken": "abc"}
    assert post({"notebook": NOTEBOOK}, headers=matching).code == 200


def test_token_in_query_needs_no_xsrf(fetch: Any, jp_serverapp: Any) -> None:
    token = jp_serverapp.identity_provider.token
    body = json.dumps({"notebook": NOTEBOOK})
    reply = fetch("analyze", method="POST", body=body, params={"token": token}, headers=NO_TOKEN)
    assert reply.code == 200


BAD_BODIES: list[tuple[Any, int, str, str]] = [
    ("", 400, "invalid-request", "empty body: expected a JSON object"),
    (
        "{",
        400,
        "invalid-json",
        "line 1 column 2: Expecting property name enclosed in double quotes",
    ),
    (b'{"notebook": "\xff"}', 400, "invalid-encoding", "body is not UTF-8 (byte 14)"),
    ('{"notebook": NaN}', 400, "invalid-json", "NaN is not valid JSON"),
    ("[" * 100_000 + "]" * 100_000, 400, "too-deeply-nested", "the JSON body is nested too deeply"),
    ("[]", 400, "invalid-request", "'body' must be an object, got array"),
    ({}, 400, "invalid-request", "'notebook' must be an object, got null"),
    ({"notebook": []}, 400, "invalid-request", "'notebook' must be an object, got array"),
    ({"notebook": {}}, 422, "invalid-notebook", "notebook has no 'cells' list"),
    ({"notebook": {"cells": {}}}, 422, "invalid-notebook", "notebook has no 'cells' list"),
    (
        {"notebook": {"cells": [], "metadata": []}},
        422,
        "invalid-notebook",
        "notebook 'metadata' must be an object",
    ),
    ({"notebook": {"cells": [5]}}, 422, "invalid-notebook", "cell 0: must be an object, got int"),
    (
        {"notebook": {"cells": [{"cell_type": 5, "source": ""}]}},
        422,
        "invalid-notebook",
        "cell 0: 'cell_type' must be a string",
    ),
    (
        {"notebook": {"cells": [{"cell_type": "code", "source": [1]}]}},
        422,
        "invalid-notebook",
        "cell 0: 'source' must be a string or a list of strings",
    ),
    (
        {"notebook": {"cells": [{"unchanged": True}]}},
        422,
        "invalid-notebook",
        "cell 0: an unchanged reference needs an 'id'",
    ),
    ({"notebook": NOTEBOOK, "seq": "3"}, 400, "invalid-request", "'seq' must be an integer"),
    ({"notebook": NOTEBOOK, "seq": True}, 400, "invalid-request", "'seq' must be an integer"),
    ({"notebook": NOTEBOOK, "seq": 2**60}, 400, "invalid-request", "'seq' must be an integer"),
    ({"notebook": NOTEBOOK, "path": 3}, 400, "invalid-request", "'path' must be a string, got"),
    ({"notebook": NOTEBOOK, "doc_id": ""}, 400, "invalid-request", "'doc_id' must be a string"),
    ({"notebook": NOTEBOOK, "config": []}, 400, "invalid-request", "'config' must be an object"),
    (
        {"notebook": NOTEBOOK, "config": {"bogus": 1}},
        400,
        "invalid-config",
        "unknown config key 'bogus'",
    ),
    (
        {"notebook": NOTEBOOK, "config": {"max_cell_sloc": "many"}},
        400,
        "invalid-config",
        "max_cell_sloc: expected a number, got 'many'",
    ),
    (
        {"notebook": {**NOTEBOOK, "metadata": {"tinyscaffold": {"nope": 1}}}},
        400,
        "invalid-config",
        "notebook metadata tinyscaffold: unknown config key 'nope'",
    ),
]


@pytest.mark.parametrize(("body", "status", "error", "detail"), BAD_BODIES)
def test_bad_post_bodies(post: Any, body: Any, status: int, error: str, detail: str) -> None:
    code, got_error, got_detail = error_of(post(body, allow_nonstandard_methods=True))
    assert (code, got_error) == (status, error)
    assert got_detail.startswith(detail), got_detail


def test_deep_metadata_is_422(post: Any) -> None:
    deep: Any = 1
    for _ in range(200):
        deep = {"x": deep}
    body = {"notebook": {"cells": [{**cell("a", "code", "x = 1"), "metadata": deep}]}}
    assert error_of(post(body)) == (
        422,
        "too-deeply-nested",
        "metadata is nested deeper than 64",
    )


def test_source_that_crashes_the_parser_is_unparseable_not_an_error(post: Any) -> None:
    source = "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n" + "[" * 100_000
    report = post({"notebook": {"cells": [cell("deep", "code", source)]}}).json()
    assert report["cells"][0]["complexity"] is None
    assert report["cells"][0]["note"].startswith("unparseable")


def test_body_over_the_limit_is_413(post: Any) -> None:
    limit = 10 * 1024 * 1024
    padding = "#" * (limit + 1 - len('{"notebook": {"cells": []}, "x": ""}'))
    body = '{"notebook": {"cells": []}, "x": "' + padding + '"}'
    assert len(body) == limit + 1
    code, error, detail = error_of(post(body, request_timeout=60))
    assert (code, error) == (413, "body-too-large")
    assert detail == (
        f"request body is {limit + 1} bytes; the limit is {limit} (TinyScaffold.max_body_bytes)"
    )
    # Exactly at the limit is fine (the body is valid JSON with an ignored key).
    assert post(body.replace("#", "", 1)).code == 200


GET_PATHS: list[tuple[str, str | None, int, str, str]] = [
    ("analyze", None, 400, "invalid-request", "the 'path' query parameter is required"),
    ("analyze", "", 400, "invalid-request", "the 'path' query parameter is required"),
    (
        "analyze",
        "../outside/secret.ipynb",
        403,
        "forbidden-path",
        "'../outside/secret.ipynb': '..'",
    ),
    ("analyze", "sub/../../x.ipynb", 403, "forbidden-path", "'sub/../../x.ipynb': '..' is not"),
    ("analyze", "/etc/passwd", 403, "forbidden-path", "'/etc/passwd': absolute paths are not"),
    ("analyze", "C:/x.ipynb", 403, "forbidden-path", "'C:/x.ipynb': absolute paths are not"),
    ("analyze", "escape.ipynb", 403, "forbidden-path", "'escape.ipynb' resolves outside the"),
    ("analyze", "escape_dir/secret.ipynb", 403, "forbidden-path", "'escape_dir/secret.ipynb' res"),
    ("analyze", ".hidden.ipynb", 404, "not-found", "'.hidden.ipynb': no such file or directory"),
    ("analyze", "missing.ipynb", 404, "not-found", "'missing.ipynb': no such file or directory"),
    ("analyze", "sub", 422, "not-a-notebook", "'sub' is a directory"),
    ("analyze", "notes.txt", 422, "unsupported-format", "'notes.txt': not a notebook format"),
    ("analyze", "broken.ipynb", 422, "unreadable-notebook", "'broken.ipynb': Unreadable Notebook"),
    ("report.html", "../x.ipynb", 403, "forbidden-path", "'../x.ipynb': '..' is not allowed"),
    ("report.html", "broken.ipynb", 422, "unreadable-notebook", "'broken.ipynb': Unreadable"),
    ("course", "module1.ipynb", 400, "not-a-directory", "'module1.ipynb' is not a directory"),
    ("course", "..", 403, "forbidden-path", "'..': '..' is not allowed"),
    ("course", "escape_dir", 403, "forbidden-path", "'escape_dir' resolves outside the server"),
    ("course", "nope", 404, "not-found", "'nope': no such file or directory"),
]


@pytest.mark.parametrize(("endpoint", "path", "status", "error", "detail"), GET_PATHS)
def test_bad_paths(
    fetch: Any, endpoint: str, path: str | None, status: int, error: str, detail: str
) -> None:
    params = {} if path is None else {"path": path}
    code, got_error, got_detail = error_of(fetch(endpoint, params=params))
    assert (code, got_error) == (status, error)
    assert got_detail.startswith(detail), got_detail


def test_wrong_method_is_json_405(fetch: Any) -> None:
    reply = fetch("config", method="DELETE")
    assert error_of(reply) == (405, "method-not-allowed", "Method Not Allowed")
