"""Text and HTML for a report's ``delta`` (before → after) and ``student`` sections.

Called by ``text.render_module`` / ``html.module_body`` when a report carries
those sections, and by the course renderers for the per-module "before" column.  Every
value from the notebook goes through ``clean`` (terminal) or ``_e`` (HTML).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core.typing_names import Any
from .common import NA, cell_no, clean

ARROW = " \N{RIGHTWARDS ARROW} "
MODULE_FIELDS = (
    ("score", "score"),
    ("grade", "grade"),
    ("pct_high", "% high"),
    ("cliffs", "cliffs"),
    ("findings", "findings"),
    ("new_concepts", "new concepts"),
)


def _e(value: Any) -> str:
    import html  # the HTML card's only: the terminal report need not import it (html.entities)

    return html.escape(str(value), quote=True)


# Shown with one decimal wherever they appear (text, HTML, the panel, the overview):
# "4.0" and "6.8", never "4" beside "4.0".
ONE_DECIMAL = frozenset({"score", "pct_high", "pct_high_facing"})


def _value(value: Any, key: str = "") -> str:
    if value is None:
        return NA
    if key in ONE_DECIMAL:
        return f"{float(value):.1f}"
    return format(value, "g") if isinstance(value, float) else str(value)


def _signed(change: Any) -> str:
    if change in (None, 0, 0.0):
        return ""
    return f" ({'+' if change > 0 else ''}{format(change, 'g')})"


def module_line(delta: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, "before → after (+change)") per module measure."""
    out = []
    for key, label in MODULE_FIELDS:
        entry = delta["module"][key]
        text = f"{_value(entry['before'], key)}{ARROW}{_value(entry['after'], key)}"
        out.append((label, text + _signed(entry.get("change"))))
    return out


def changed_cells(delta: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [
        c
        for c in delta["cells"]
        if c["before_index"] is None
        or c["complexity"]["change"] not in (0, None)
        or c["new_concepts"]["change"] not in (0, None)
    ]


def _cell_text(cell: Mapping[str, Any]) -> str:
    if cell["before_index"] is None:
        return (
            f"cell {cell_no(cell['index'])}: new (complexity {_value(cell['complexity']['after'])})"
        )
    parts = [f"cell {cell_no(cell['index'])}"]
    if cell["before_index"] != cell["index"]:
        parts[0] += f" (was {cell_no(cell['before_index'])})"
    cx, new = cell["complexity"], cell["new_concepts"]
    parts.append(f"complexity {_value(cx['before'])}{ARROW}{_value(cx['after'])}")
    parts.append(f"new concepts {_value(new['before'])}{ARROW}{_value(new['after'])}")
    return ", ".join(parts)


def _title(delta: Mapping[str, Any]) -> str:
    base = f"Before {ARROW.strip()} after  (baseline {delta['baseline']})"
    if delta.get("note"):
        base += f"  {delta['note']}"
    return base


_STATES = (("appeared", "+"), ("fixed", "\N{CHECK MARK}"), ("silenced", "-"))


def _where(kind: str, state: str, item: Mapping[str, Any]) -> str:
    """Where a finding or cliff of the delta is, in the notebook as it is now."""
    if kind == "cliffs":
        return "cliff"
    if state == "appeared":
        at = f"cell {cell_no(item['cell_index'])}"
    elif item.get("after_index") is not None:
        at = f"cell {cell_no(item['after_index'])}"
    else:
        at = f"cell {cell_no(item['cell_index'])} of the baseline (removed)"
    return f"{at} {item['rule']}"


def change_items(delta: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(state, kind, "where: message") of every finding and cliff that appeared, was fixed or
    was silenced: one per item, so the list always adds up to the counts' change."""
    return [
        (state, kind, f"{_where(kind, state, item)}: {item['message']}")
        for kind in ("findings", "cliffs")
        for state, _ in _STATES
        for item in delta[kind].get(state, ())
    ]


def delta_text(report: Mapping[str, Any]) -> list[str]:
    """Lines for the terminal; empty when the report has no ``delta``."""
    delta = report.get("delta")
    if not delta:
        return []
    lines = [clean(_title(delta))]
    if delta["status"] == "new":
        return [*lines, "  new module: not in the baseline"]
    lines += [f"  {label:<13}{text}" for label, text in module_line(delta)]
    if delta["status"] == "unchanged":
        lines.append("  no cell changed")
    lines += [f"  {_cell_text(c)}" for c in changed_cells(delta)]
    lines += [f"  removed: cell {cell_no(j)} of the baseline" for j in delta["removed_cells"]]
    marks = dict(_STATES)
    for state, _, text in change_items(delta):
        lines.append(clean(f"  {marks[state]} {state} {text}"))
    for reason in delta["regressions"]:
        lines.append(clean(f"  regression: {reason}"))
    return lines


def _student_change(entry: Mapping[str, Any] | None, value: Any) -> str:
    """A student-view number, with "before → " in front when a baseline had one."""
    if entry is None or entry["before"] is None or entry["before"] == entry["after"]:
        return _value(value)
    return f"{_value(entry['before'])}{ARROW}{_value(value)}"


def student_text(report: Mapping[str, Any]) -> list[str]:
    student = report.get("student")
    if not student:
        return []
    totals = student["totals"]
    was = (report.get("delta") or {}).get("student") or {"totals": {}, "exercises": []}
    t = was["totals"]

    def total(key: str) -> str:
        return _student_change(t.get(key), totals[key])

    given = totals.get("as_given", 0)
    also = f" ({given} already in the student's version)" if given else ""
    lines = [
        "Student view  (solutions replaced by stubs, hidden tests removed)",
        f"  {total('exercises')} exercises{also}: the student writes {total('writes_sloc')} "
        f"SLOC, largest CC {total('max_writes_cc')}; mean complexity read "
        f"{total('mean_reads')}; {total('hidden_tests_removed')} hidden-test "
        "regions removed",
    ]
    changes = {ex["index"]: ex for ex in was["exercises"]}
    for ex in student["exercises"]:
        change = changes.get(ex["index"], {})
        if ex["writes_sloc"] is None:  # a TODO-style exercise: nothing was removed
            writes = "already the student's version"
        else:
            writes = (
                f"writes {_student_change(change.get('writes_sloc'), ex['writes_sloc'])} SLOC "
                f"(CC {_student_change(change.get('writes_cc'), ex['writes_cc'])})"
            )
        lines.append(
            f"  cell {cell_no(ex['index'])}: reads complexity "
            f"{_student_change(change.get('reads'), ex['reads'])}, {writes}"
        )
    return lines


def delta_html(report: Mapping[str, Any], h2: str = "h2") -> str:
    delta = report.get("delta")
    if not delta:
        return ""
    out = [f'<{h2} data-tinyscaffold-delta="{_e(delta["status"])}">{_e(_title(delta))}</{h2}>']
    if delta["status"] == "new":
        return out[0] + "<p>New module: not in the baseline.</p>"
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in module_line(delta))
    out.append(f"<table>{rows}</table>")
    items = [_e(_cell_text(c)) for c in changed_cells(delta)]
    items += [f"removed: cell {cell_no(j)} of the baseline" for j in delta["removed_cells"]]
    css = {"appeared": "bad", "fixed": "ok", "silenced": "muted"}
    items += [
        f'<span class="{css[state]}">{state}</span> {_e(kind[:-1])} {_e(text)}'
        for state, kind, text in change_items(delta)
    ]
    if items:
        out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
    if delta["regressions"]:
        reasons = "; ".join(_e(r) for r in delta["regressions"])
        out.append(f'<p class="bad">Regression: {reasons}</p>')
    return "\n".join(out)


def student_html(report: Mapping[str, Any], h2: str = "h2") -> str:
    lines = student_text(report)
    if not lines:
        return ""
    items = "".join(f"<li>{_e(line.strip())}</li>" for line in lines[2:])
    return f"<{h2}>{_e(lines[0])}</{h2}><p>{_e(lines[1].strip())}</p><ul>{items}</ul>"


def course_delta_cell(row: Mapping[str, Any]) -> str:
    """The "before" column of a course table row: "A 4.5 → 4.3", "new" or empty."""
    delta = row.get("delta")
    if not delta:
        return ""
    if delta["status"] == "new":
        return "new"
    text = f"{delta['grade_before']} {_value(delta['score_before'], 'score')}"
    if delta["regressions"]:
        text += f" ({delta['regressions']} regr.)"
    return text


def has_deltas(rows: Sequence[Mapping[str, Any]]) -> bool:
    return any(row.get("delta") for row in rows)
