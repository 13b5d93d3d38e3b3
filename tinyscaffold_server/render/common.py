"""What every renderer shows the same way: cell numbers, "no value", untrusted text."""

from __future__ import annotations

from collections.abc import Mapping

from ..core.typing_names import Any

__all__ = ["NA", "cell_no", "clean", "target_value"]


def cell_no(index: object) -> int:
    """Cells are shown 1-based, as a reader counts them and as the core's messages name them;
    the JSON report keeps 0-based ``index`` values."""
    return int(str(index)) + 1


# Shown for "no value"; spelled by name because ruff flags a literal en dash as ambiguous.
NA = "\N{EN DASH}"


def target_value(target: Mapping[str, Any]) -> str:
    """A summary target's value with its unit ("4 %", "304 lines"), or the n/a dash."""
    value, unit = target["value"], target["unit"]
    if value is None:
        return NA
    shown = format(value, "g")
    return f"{shown} {unit}" if unit else shown


# Notebook text is untrusted: control characters (ESC above all) could drive the terminal,
# and newlines would break the table, so every C0 control and DEL becomes a space.
_CONTROLS = {code: " " for code in [*range(32), 127]}


def clean(text: str) -> str:
    return text.translate(_CONTROLS)
