"""Jupytext's pairing formats and paired paths, as jupytext computes them, without jupytext.

Importing ``jupytext.formats`` imports nbformat and jsonschema (1 to 2 s where JupyterLab
is installed), which a course listing cannot afford on every run of ``tinyscaffold report``.
This is the string work of ``jupytext.formats.long_form_one_format``,
``jupytext.paired_paths.base_path``, ``full_path`` and ``paired_paths`` (jupytext 1.16 to
1.19), for the paths of one machine (``/`` and the local separator): tests hold every
answer equal to jupytext's over the format shapes it accepts (tests/course/test_jupytext_config.py).

``config_dir`` stands for jupytext's own look-up of the configuration file that governs a
notebook (a prefix like ``notebooks///`` is relative to that file's folder); the caller
passes its own finder (``jupytext_config.find_config_dir``).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ..core.loading import TEXT_EXTENSIONS

__all__ = [
    "FORMAT_NAMES",
    "InconsistentPath",
    "JupytextFormatError",
    "long_form_multiple_formats",
    "long_form_one_format",
    "paired_paths",
]

Format = dict[str, str]
ConfigDir = Callable[[str], "str | None"]

NOTEBOOK_EXTENSIONS = (".ipynb", *TEXT_EXTENSIONS)
# jupytext.formats._VALID_FORMAT_NAMES (a test keeps the copy equal to jupytext's).
FORMAT_NAMES = frozenset({
    "hydrogen", "light", "marimo", "markdown", "myst", "nomarker", "pandoc", "percent",
    "quarto", "rmarkdown", "sphinx", "spin",
})  # fmt: skip
_COMMON_NAMES = {
    "notebook": "ipynb", "rmarkdown": "Rmd", "quarto": "qmd", "marimo": "py",
    "markdown": "md", "script": "auto", "c++": "cpp", "myst": "md:myst", "pandoc": "md:pandoc",
}  # fmt: skip


class JupytextFormatError(ValueError):
    """A format jupytext would refuse (jupytext's ``JupytextFormatError``)."""


class InconsistentPath(ValueError):
    """A path that does not fit a format (jupytext's ``InconsistentPath``)."""


def long_form_one_format(text: str) -> Format:
    """'sfx.py:percent' → {'suffix': 'sfx', 'extension': '.py', 'format_name': 'percent'}."""
    if not text:
        return {}
    text = _COMMON_NAMES.get(text.lower(), text)
    fmt: Format = {}
    if text.rfind("/") > 0:
        fmt["prefix"], text = text.rsplit("/", 1)
    if text.rfind(":") >= 0:
        ext, fmt["format_name"] = text.rsplit(":", 1)
        if fmt["format_name"] == "bare":
            fmt["format_name"] = "nomarker"
    elif not text or "." in text or "." + text in (*NOTEBOOK_EXTENSIONS, ".auto"):
        ext = text
    elif text in FORMAT_NAMES:
        fmt["format_name"] = text
        ext = ""
    else:
        raise JupytextFormatError(f"{text!r} is not a notebook extension nor a format name")
    if ext.rfind(".") > 0:
        fmt["suffix"], ext = os.path.splitext(ext)
    if not ext.startswith("."):
        ext = "." + ext
    fmt["extension"] = ext  # ".auto" stays: without the notebook's language, it pairs nothing
    if fmt.get("format_name", "percent") not in FORMAT_NAMES:
        raise JupytextFormatError(f"{fmt['format_name']!r} is not a format name")
    if ext not in (*NOTEBOOK_EXTENSIONS, ".auto"):
        raise JupytextFormatError(f"{ext!r} is not a notebook extension")
    return fmt


def long_form_multiple_formats(text: str) -> list[Format]:
    return [long_form_one_format(fmt) for fmt in text.split(",") if fmt]


def _split(path: str, sep: str) -> tuple[str, str]:
    if sep not in path:
        return "", path
    left, right = path.rsplit(sep, 1)
    return left, right


def _join(left: str, right: str, sep: str) -> str:
    return left + sep + right if left else right


def _separator(path: str) -> str:
    return "\\" if os.path.sep == "\\" and "\\" in path else "/"


def _prefix_parts(prefix: str) -> tuple[str, str, str]:
    root, rest = prefix.rsplit("//", 1) if "//" in prefix else ("", prefix)
    directory, name = _split(rest, "/")
    return root, directory, name


def base_path(main_path: str, fmt: Format, formats: list[Format], config_dir: ConfigDir) -> str:
    """The path without its format's prefix, suffix and extension (``InconsistentPath``
    when it does not fit ``fmt``)."""
    fmt = dict(fmt)
    base, ext = os.path.splitext(main_path)
    if ext != fmt["extension"]:
        raise InconsistentPath(f"{main_path!r} was expected to have extension {fmt['extension']}")
    for other in formats:  # the first of the pair's formats that fits: its prefix, suffix
        if other["extension"] != fmt["extension"]:
            continue
        if (
            "format_name" in fmt
            and other.get("format_name", fmt["format_name"]) != fmt["format_name"]
        ):
            continue
        fmt = {key: fmt.get(key, value) for key, value in other.items()}
        break
    suffix, prefix = fmt.get("suffix"), fmt.get("prefix")
    if suffix:
        if not base.endswith(suffix):
            raise InconsistentPath(f"{base!r} was expected to end with suffix {suffix!r}")
        base = base[: -len(suffix)]
    if not prefix:
        return base
    prefix_root, prefix_dir, prefix_name = _prefix_parts(prefix)
    sep = _separator(base)
    notebook_dir, name = _split(base, sep)
    base_dir = None
    governing = config_dir(notebook_dir)
    if governing is not None and notebook_dir.startswith(governing):
        base_dir = governing
        notebook_dir = notebook_dir[len(governing) :]
    if prefix_name:
        if not name.startswith(prefix_name):
            raise InconsistentPath(f"{name!r} was expected to start with prefix {prefix_name!r}")
        name = name[len(prefix_name) :]
    if prefix_dir:
        parent, expected_dir = notebook_dir, prefix_dir
        folders: list[str] = []
        while expected_dir:
            expected_dir, expected = _split(expected_dir, "/")
            if expected == "..":
                if not folders:
                    raise InconsistentPath(f"{notebook_dir!r} does not match prefix {prefix_dir!r}")
                parent = _join(parent, folders.pop(), sep)
            else:
                parent, actual = _split(parent, sep)
                folders.append(actual)
                if actual != expected:
                    raise InconsistentPath(f"{notebook_dir!r} does not match prefix {prefix_dir!r}")
        notebook_dir = parent
    if prefix_root:
        long_root = sep + prefix_root.replace("/", sep) + sep
        long_dir = sep + notebook_dir + sep
        if long_root not in long_dir:
            raise InconsistentPath(f"{notebook_dir!r} does not match prefix root {prefix_root!r}")
        left, right = long_dir.rsplit(long_root, 1)
        notebook_dir = left + sep + "//" + right
        if not right:
            sep = notebook_dir[-1]
        notebook_dir = notebook_dir[len(sep) : -len(sep)]
    if base_dir:
        notebook_dir = base_dir + notebook_dir
    return notebook_dir + sep + name if notebook_dir else name


def full_path(base: str, fmt: Format) -> str:
    """The path of the member of format ``fmt`` of the pair with base path ``base``."""
    full, prefix = base, fmt.get("prefix")
    if prefix:
        prefix_root, prefix_dir, prefix_name = _prefix_parts(prefix)
        sep = _separator(base)
        prefix_root, prefix_dir = prefix_root.replace("/", sep), prefix_dir.replace("/", sep)
        if (prefix_root != "") != ("//" in base):
            raise InconsistentPath(f"{base!r}: use prefix roots in all paired formats or none")
        if prefix_root:
            left, right = base.rsplit("//", 1)
            right_dir, name = _split(right, sep)
            notebook_dir = left + prefix_root + sep + right_dir
        else:
            notebook_dir, name = _split(base, sep)
        name = prefix_name + name
        if prefix_dir:
            while prefix_dir.startswith(".." + sep):
                prefix_dir = prefix_dir[3:]
                notebook_dir = _split(notebook_dir, sep)[0]
            if notebook_dir and not notebook_dir.endswith(sep):
                notebook_dir += sep
            notebook_dir += prefix_dir
        if notebook_dir and not notebook_dir.endswith(sep):
            notebook_dir += sep
        full = notebook_dir + name
    return full + fmt.get("suffix", "") + fmt["extension"]


def _reach(path: str, sep: str) -> tuple[str, int, list[str]]:
    """A path's anchor, leading climbs (``..``) and normalised parts."""
    if path.startswith(sep):
        anchor, path = sep, path[len(sep) :]
    elif len(path) >= 3 and path[1] == ":" and path[2] == sep:
        anchor, path = path[:2], path[3:]
    else:
        anchor = ""
    climb, parts = 0, []
    for part in path.split(sep):
        if part in ("", "."):
            continue
        if part != "..":
            parts.append(part)
        elif parts:
            parts.pop()
        else:
            climb += 1
    return anchor, climb, parts


def paired_paths(
    main_path: str, fmt: Format, formats: str, config_dir: ConfigDir
) -> list[tuple[str, Format]]:
    """The members of ``main_path``'s pair, each with its format (``InconsistentPath``
    when the formats do not fit it, or would reach out of its directory tree)."""
    if not formats:
        return [(main_path, {"extension": os.path.splitext(main_path)[1]})]
    longs = long_form_multiple_formats(formats)
    base = base_path(main_path, fmt, longs, config_dir)
    paths = [full_path(base, f) for f in longs]
    if main_path not in paths:
        raise InconsistentPath(f"paired paths {paths} do not include {main_path!r}")
    if len(paths) > len(set(paths)):
        raise InconsistentPath("duplicate paired paths")
    sep = _separator(main_path)
    main_anchor, main_climb, _ = _reach(main_path, sep)
    root = base.rsplit("//", 1)[0] if "//" in base else ""
    root_anchor, root_climb, root_parts = _reach(root, sep) if root else ("", 0, [])
    for other in paths:
        anchor, climb, parts = _reach(other, sep)
        escapes = anchor != main_anchor or climb > main_climb
        if root:
            escapes = escapes or (
                anchor != root_anchor
                or climb != root_climb
                or parts[: len(root_parts)] != root_parts
            )
        if escapes:
            raise InconsistentPath(f"paired path {other!r} escapes the notebook's directory")
    return list(zip(paths, longs, strict=True))
