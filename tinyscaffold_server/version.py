"""The installed version, for every layer: importing it never imports the package's API."""

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - only before the first build writes _version.py
    __version__ = "0.0.0"

__all__ = ["__version__"]
