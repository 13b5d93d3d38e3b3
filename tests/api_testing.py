"""The test server's configuration and one answer of the REST API as the tests read it
(shared by the server and hostile suites)."""

from __future__ import annotations

import json
from typing import Any


class Reply:
    def __init__(self, response: Any) -> None:
        self.code: int = response.code
        self.headers = response.headers
        self.body: bytes = response.body or b""

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def error(self) -> tuple[int, str]:
        """(status, the JSON error code) of an error answer."""
        return self.code, self.json()["error"]

    @property
    def detail(self) -> Any:
        return self.json()["detail"]


def server_config(tinyscaffold: dict[str, Any]) -> dict[str, Any]:
    """``jp_server_config``: the extension on, authentication required, and ``tinyscaffold``
    as the ``TinyScaffold`` settings."""
    return {
        "ServerApp": {
            "jpserver_extensions": {"tinyscaffold_server": True, "jupyter_server_terminals": False},
            "allow_unauthenticated_access": False,
        },
        "TinyScaffold": tinyscaffold,
    }
