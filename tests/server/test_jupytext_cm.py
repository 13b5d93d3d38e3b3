"""With jupytext's contents manager active, text notebooks come back as notebooks."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def jp_server_config() -> dict[str, Any]:
    return {
        "ServerApp": {
            "jpserver_extensions": {
                "jupyterlab_jupytext": True,
                "tinyscaffold_server": True,
                "jupyter_server_terminals": False,
            },
            "allow_unauthenticated_access": False,
        }
    }


def test_py_notebook_through_jupytext_contents_manager(fetch: Any, jp_serverapp: Any) -> None:
    cm = jp_serverapp.contents_manager
    assert hasattr(cm, "formats"), type(cm).__mro__  # jupytext's manager is in place
    reply = fetch("analyze", params={"path": "module2.py"})
    assert reply.code == 200
    report = reply.json()
    assert [c["role"] for c in report["cells"]] == ["explanation", "solution", "test"]
    assert (report["summary"]["scaffolding"]["score"], report["summary"]["grade"]) == (3.5, "B")
    # Its rules still apply: hidden files and escapes are refused.
    assert fetch("analyze", params={"path": ".hidden.ipynb"}).code == 404
    assert fetch("analyze", params={"path": "escape.ipynb"}).code == 403
    course = fetch("course", params={"path": ""}).json()
    assert [row["path"] for row in course["modules"] if "error" not in row] == [
        "module1.ipynb",
        "module2.py",
        "sub/module3.ipynb",
    ]
    assert course["total"]["score"] == 3.5
