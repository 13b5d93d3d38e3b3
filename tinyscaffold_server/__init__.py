"""tinyscaffold: live scaffolding feedback for course notebooks.

Public API (the server and the CLI use only this):
- ``load_notebook(path)`` -> nbformat-v4 dict, from ``.ipynb`` or any jupytext text format;
- ``analyze(notebook, config=None)`` -> the versioned JSON-ready report;
- ``Analyzer(config=None).analyze(notebook)`` -> same report, with a per-cell cache.
"""

from __future__ import annotations

from typing import Any

from .config import ConfigError
from .core.analyzer import Analyzer, analyze
from .core.loading import (
    InvalidNotebookJSON,
    NotANotebook,
    NotebookLoadError,
    NotebookNotFound,
    UnsupportedFormat,
    load_notebook,
)

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - only before the first build
    __version__ = "0.0.0"

__all__ = [
    "Analyzer",
    "ConfigError",
    "InvalidNotebookJSON",
    "NotANotebook",
    "NotebookLoadError",
    "NotebookNotFound",
    "UnsupportedFormat",
    "__version__",
    "analyze",
    "load_notebook",
]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "tinyscaffold"}]


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    return [{"module": "tinyscaffold_server"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    """Register the REST handlers; imported lazily so the CLI never pulls in tornado."""
    from .routes import setup_handlers

    setup_handlers(server_app)
