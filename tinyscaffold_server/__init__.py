"""tinyscaffold: live scaffolding feedback for course notebooks.

Public API (the server and the CLI use only this):
- ``load_notebook(path)`` -> nbformat-v4 dict, from ``.ipynb`` or any jupytext text format;
- ``analyze(notebook, config=None)`` -> the versioned JSON-ready report;
- ``Analyzer(config=None).analyze(notebook)`` -> same report, with a per-cell cache.

The names are imported on first use (PEP 562): ``tinyscaffold report`` answers from its
cache without loading the analysis core, and a CLI start-up is what pre-commit pays on
every commit.
"""

from __future__ import annotations

from importlib import import_module

from .version import __version__

TYPE_CHECKING = False  # not typing's: every CLI run imports this module, typing it need not
if TYPE_CHECKING:
    from typing import Any

    from .core.analyzer import Analyzer, analyze
    from .core.config import ConfigError
    from .core.loading import (
        InvalidNotebookJSON,
        NotANotebook,
        NotebookLoadError,
        NotebookNotFound,
        UnsupportedFormat,
        load_notebook,
    )

_LAZY = {
    "ConfigError": ".core.config",
    "Analyzer": ".core.analyzer",
    "analyze": ".core.analyzer",
    "InvalidNotebookJSON": ".core.loading",
    "NotANotebook": ".core.loading",
    "NotebookLoadError": ".core.loading",
    "NotebookNotFound": ".core.loading",
    "UnsupportedFormat": ".core.loading",
    "load_notebook": ".core.loading",
}

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "tinyscaffold"}]


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    return [{"module": "tinyscaffold_server"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    """Register the REST handlers; imported lazily so the CLI never pulls in tornado."""
    from .server.routes import setup_handlers

    setup_handlers(server_app)


def _unload_jupyter_server_extension(server_app: Any) -> None:
    """Stop the extension's threads and its cell worker process with the server."""
    from .server.routes import teardown_handlers

    teardown_handlers(server_app)
