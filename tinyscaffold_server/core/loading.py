"""Files → nbformat-v4 dicts, and cheap validation of the cell shape.

``.ipynb`` is read with :mod:`json` (nbformat is only needed to upgrade v3); every other
extension goes through jupytext so the cells are exactly what jupytext (and therefore
JupyterLab with jupytext) shows.  nbformat and jupytext cost seconds to import where
JupyterLab is installed, so they are imported lazily, and the common percent-format ``.py``
module is read by :mod:`.percent_reader`, which defers to jupytext whenever it is unsure.
``TINYSCAFFOLD_NO_SPEEDUPS=1`` turns that reader (and the CLI's cache) off, to check that
a fast run and a jupytext run give the same bytes.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

from .lazy_re import compile_lazily
from .typing_names import Any

_EMPTY: Mapping[str, Any] = {}


class NotebookLoadError(Exception):
    """A file could not be turned into a notebook; the message names the file and problem."""


class NotebookNotFound(NotebookLoadError):
    """The path does not exist or is not a file."""


class NotANotebook(NotebookLoadError):
    """The content is not a notebook: wrong shape, not UTF-8, or unreadable by jupytext."""


class InvalidNotebookJSON(NotebookLoadError):
    """A ``.ipynb`` file that is not valid JSON (the message has line and column)."""


class UnsupportedFormat(NotebookLoadError):
    """An extension that jupytext cannot read."""


class Cell:
    """One notebook cell with ``source`` joined into a single string.

    (A plain class: a cached CLI run imports this module, and importing dataclasses would
    cost it more than the rest of its work.)"""

    __slots__ = ("cell_type", "id", "index", "metadata", "source")

    def __init__(
        self, index: int, id: str | None, cell_type: str, source: str, metadata: Mapping[str, Any]
    ) -> None:
        self.index, self.id, self.cell_type = index, id, cell_type
        self.source, self.metadata = source, metadata

    def _fields(self) -> tuple[Any, ...]:
        return (self.index, self.id, self.cell_type, self.source, self.metadata)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cell) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was

    def __repr__(self) -> str:
        return f"Cell{self._fields()!r}"


# jupytext.formats.NOTEBOOK_EXTENSIONS without ".ipynb", copied so that deciding whether a
# file is a notebook does not import jupytext; a test keeps the copy equal to jupytext's.
TEXT_EXTENSIONS = (
    ".md", ".markdown", ".Rmd", ".py", ".coco", ".R", ".r", ".jl", ".cpp", ".ss", ".clj",
    ".scm", ".sh", ".ps1", ".q", ".m", ".wolfram", ".pro", ".js", ".ts", ".scala", ".rs",
    ".robot", ".resource", ".cs", ".fsx", ".fs", ".sos", ".java", ".groovy", ".sage", ".ml",
    ".hs", ".tcl", ".mac", ".gp", ".do", ".sas", ".jenner", ".xsh", ".lgt", ".logtalk", ".lua",
    ".go", ".qmd", ".myst", ".mystnb", ".mnb",
)  # fmt: skip
SPEEDUPS_OFF_ENV = "TINYSCAFFOLD_NO_SPEEDUPS"


def speedups_enabled() -> bool:
    """False when ``TINYSCAFFOLD_NO_SPEEDUPS`` is set: jupytext reads every text notebook."""
    return os.environ.get(SPEEDUPS_OFF_ENV, "") in ("", "0")


def text_extensions() -> tuple[str, ...]:
    """Extensions of the text formats jupytext reads (".py", ".md", …)."""
    return TEXT_EXTENSIONS


def decode_notebook_bytes(path: str | os.PathLike[str], data: bytes) -> str:
    """``data`` as text (UTF-8, BOM dropped), or :class:`NotANotebook` naming ``path``."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotANotebook(f"{path}: not UTF-8 text (byte {exc.start})") from None


def _plain(node: Any) -> Any:
    """nbformat/jupytext NotebookNodes → plain dicts and lists (JSON-ready, no attr access)."""
    if isinstance(node, Mapping):
        return {str(key): _plain(value) for key, value in node.items()}
    if isinstance(node, (list, tuple)):
        return [_plain(value) for value in node]
    return node


def _load_ipynb(name: str, text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(
            name,
            f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
            InvalidNotebookJSON,
        ) from None
    except RecursionError:
        raise _fail(name, "invalid JSON: nested too deeply", InvalidNotebookJSON) from None
    except ValueError as exc:  # an integer longer than Python converts (4,300 digits)
        raise _fail(name, f"invalid JSON: {exc}", InvalidNotebookJSON) from None
    if not isinstance(data, dict):
        raise _fail(name, "top-level JSON value is not an object")
    if data.get("nbformat") == 3 or ("worksheets" in data and "cells" not in data):
        import nbformat

        try:
            data = _plain(nbformat.reads(text, as_version=4))  # type: ignore[no-untyped-call]
        except Exception as exc:  # nbformat raises many types for malformed v3
            raise _fail(name, f"cannot upgrade nbformat v3 notebook: {exc}") from None
    if not isinstance(data.get("cells"), list):
        raise _fail(name, "no 'cells' list (not an nbformat v4 notebook)")
    normalise_cells(data, name=name)
    return data  # type: ignore[no-any-return]


def load_notebook(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read ``.ipynb`` or any jupytext text format and return an nbformat-v4 dict."""
    return notebook_from_bytes(path, read_notebook_bytes(path))


def read_notebook_bytes(path: str | os.PathLike[str]) -> bytes:
    """The raw bytes of a notebook file, after the checks :func:`load_notebook` makes
    (exists, is a file, has a notebook extension): what a content-hash cache keys on."""
    file = Path(path)
    suffix = file.suffix.lower()
    if os.path.isdir(file):
        raise NotebookNotFound(f"{file}: is a directory, not a notebook file")
    if suffix != ".ipynb" and suffix not in text_extensions():
        if not os.path.exists(file):
            raise NotebookNotFound(f"{file}: no such file")
        raise UnsupportedFormat(f"{file}: jupytext cannot read '{suffix or 'no extension'}' files")
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise NotebookNotFound(f"{file}: no such file") from None
    except IsADirectoryError:
        raise NotebookNotFound(f"{file}: is a directory, not a notebook file") from None
    except OSError as exc:
        raise NotebookNotFound(f"{file}: cannot read ({exc.strerror or exc})") from None


def notebook_from_bytes(path: str | os.PathLike[str], data: bytes) -> dict[str, Any]:
    """The notebook in ``data``, the bytes read from ``path`` (whose name and extension
    the messages and the format use)."""
    file = Path(path)
    text = decode_notebook_bytes(file, data)
    return notebook_from_text(text, file.suffix.lower(), name=str(file))


def notebook_from_text(text: str, ext: str, *, name: str = "") -> dict[str, Any]:
    """The nbformat-v4 dict of a notebook file's text; ``ext`` is its extension (".py").

    Raises what :func:`load_notebook` raises for the same content (``name``, when given,
    prefixes the messages): :class:`InvalidNotebookJSON`, :class:`NotANotebook`,
    :class:`UnsupportedFormat`.
    """
    suffix = ext.lower() if ext.startswith(".") else f".{ext.lower()}"
    if suffix == ".ipynb":
        return _load_ipynb(name, text)
    if suffix not in text_extensions():
        raise _fail(name, f"jupytext cannot read '{suffix}' files", UnsupportedFormat)
    if suffix == ".py" and speedups_enabled():
        from .percent_reader import read_percent

        fast = read_percent(text)
        if fast is not None:
            normalise_cells(fast, name=name)
            return fast
    import jupytext

    try:
        notebook: dict[str, Any] = _plain(jupytext.reads(text, fmt=suffix[1:]))
    except Exception as exc:  # jupytext surfaces parser errors of many types
        raise _fail(name, f"jupytext could not read it: {exc}") from None
    # jupytext (through nbformat) gives every cell a fresh random id on each read; a text
    # file has no ids of its own, so drop them to keep reports byte-identical across runs.
    for cell in notebook.get("cells", []):
        if isinstance(cell, dict):
            cell.pop("id", None)
    normalise_cells(notebook, name=name)
    return notebook


_MARKER = compile_lazily(r"^(?:#|//|--|;;|%) ?%%(?:\s|$)", re.MULTILINE)
_HEADER_START = compile_lazily(r"^(?:(?:#|//|--|;;|%) ?)?---\s*$")


def _has_jupytext_header(text: str) -> bool:
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not _HEADER_START.match(lines[0]):
        return False
    for line in lines[1:200]:
        if _HEADER_START.match(line):
            return False
        if "jupytext:" in line:
            return True
    return False


def is_notebook_text(text: str) -> bool:
    """True when a text file's content is a jupytext notebook.

    Plain scripts and README files in a course directory are not notebooks: a text file
    counts only with a jupytext YAML header or ``# %%``-style cell markers.
    """
    return _has_jupytext_header(text) or _MARKER.search(text) is not None


def is_notebook_file(path: str | os.PathLike[str], unreadable: bool = False) -> bool:
    """True for ``.ipynb`` and for text files that are jupytext notebooks (see
    :func:`is_notebook_text`); ``unreadable`` is the answer for a text file whose content
    cannot be read to tell (a course walk keeps it, so that reading it reports why)."""
    file = Path(path)
    suffix = file.suffix.lower()
    if not os.path.isfile(file):
        return False
    if suffix == ".ipynb":
        return True
    if suffix not in text_extensions():
        return False
    try:
        with file.open("rb") as handle:
            text = handle.read(1 << 20).decode("utf-8", errors="replace")
    except OSError:
        return unreadable
    return is_notebook_text(text)


def _fail(
    name: str, message: str, kind: type[NotebookLoadError] = NotANotebook
) -> NotebookLoadError:
    return kind(f"{name}: {message}" if name else message)


def normalise_cells(notebook: Any, name: str = "") -> list[Cell]:
    """Validate the notebook shape and return its cells with ``source`` as one string.

    Unknown cell types are kept (they get role "other"); anything that is not the nbformat
    shape raises :class:`NotANotebook` naming the cell index.
    """
    if not isinstance(notebook, Mapping):
        raise _fail(name, f"notebook must be an object, got {type(notebook).__name__}")
    raw_cells = notebook.get("cells")
    if not isinstance(raw_cells, list):
        raise _fail(name, "notebook has no 'cells' list")
    cells: list[Cell] = []
    append = cells.append
    for index, raw in enumerate(raw_cells):
        # `type(...) is dict` first: the ABC isinstance check dominates on 1,000-cell notebooks
        if type(raw) is not dict and not isinstance(raw, Mapping):
            raise _fail(name, f"cell {index}: must be an object, got {type(raw).__name__}")
        cell_type = raw.get("cell_type")
        if not isinstance(cell_type, str):
            raise _fail(name, f"cell {index}: 'cell_type' must be a string")
        source = raw.get("source", "")
        if type(source) is not str:
            # join() accepts exactly the lists of strings: no per-line isinstance generator.
            try:
                if not isinstance(source, list):
                    raise TypeError
                source = "".join(source)
            except TypeError:
                raise _fail(
                    name, f"cell {index}: 'source' must be a string or a list of strings"
                ) from None
        metadata = raw.get("metadata")
        if metadata is None:
            metadata = _EMPTY
        elif type(metadata) is not dict and not isinstance(metadata, Mapping):
            raise _fail(name, f"cell {index}: 'metadata' must be an object")
        cell_id = raw.get("id")
        if cell_id is not None and not isinstance(cell_id, str):
            raise _fail(name, f"cell {index}: 'id' must be a string")
        append(Cell(index, cell_id, cell_type, source, metadata))
    return cells
