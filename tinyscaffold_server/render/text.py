"""Terminal rendering of reports: a per-cell table, the findings, the summary, a course table.

Widths are computed on plain text and colour is applied afterwards, so ANSI codes never
break the alignment; with ``color=False`` the output is plain text suitable for files/CI logs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core.typing_names import Any
from . import patterns as pattern_report
from .common import NA, cell_no, clean, target_value
from .delta import course_delta_cell, delta_text, has_deltas, student_text
from .lines import Spans, finding_region, in_file

PART_NAMES: dict[str, str] = {
    "G": "guidance",
    "F": "feedback",
    "L": "concept load",
    "B": "blocks",
    "P": "progression",
    "C": "bridges",
    "T": "test quality",
}
_LEVEL_COLOURS = {1: "32", 2: "32", 3: "33", 4: "31", 5: "1;31"}
_GRADE_COLOURS = {"A": "1;32", "B": "32", "C": "33", "D": "31", "F": "1;31"}
_SEVERITY_COLOURS = {"error": "31", "warning": "33", "info": "36"}
MIN_WIDTH = 60


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, code: str | None) -> str:
        if not self.color or not code or not text:
            return text
        return f"\x1b[{code}m{text}\x1b[0m"


def fit(text: str, width: int) -> str:
    """One clean line of at most ``width`` characters, with an ellipsis when cut."""
    text = clean(text)
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"


def fit_path(path: str, width: int) -> str:
    """Like :func:`fit`, but cut the start: a path's end (the file name) is what tells it apart."""
    path = clean(path)
    return path if len(path) <= width else "…" + path[len(path) - width + 1 :]


def _wrap(text: str, width: int, indent: str) -> list[str]:
    import textwrap  # here: a JSON, SARIF or GitHub run imports this module but wraps nothing

    return textwrap.wrap(
        clean(text),
        break_on_hyphens=False,
        width=max(20, width),
        initial_indent=indent,
        subsequent_indent=indent,
    ) or [indent.rstrip()]


def _fmt_part(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):.2f}"


def _cell_findings_text(cell: Mapping[str, Any]) -> str:
    if cell.get("ignored"):
        return "(ignored)"
    if cell.get("complexity") is None and cell.get("note"):
        return str(cell["note"])
    return ", ".join(str(f["rule"]) for f in cell["findings"])


def render_cell_table(report: Mapping[str, Any], width: int, style: _Style) -> list[str]:
    width = max(MIN_WIDTH, width)
    # Fixed columns: "  #", role, "cx"; the rest is split between concepts and findings.
    fixed = 4 + 1 + 11 + 1 + 2 + 2
    flexible = width - fixed - 2
    concepts_w = max(12, flexible * 9 // 20)
    findings_w = max(10, flexible - concepts_w)
    header = f"{'cell':>4} {'role':<11} {'cx':>2}  {'new concepts':<{concepts_w}}  findings"
    lines = [style(header.rstrip(), "1")]
    cliffs_at: dict[int, list[Mapping[str, Any]]] = {}
    for cliff in report["cliffs"]:
        cliffs_at.setdefault(int(cliff["to_index"]), []).append(cliff)
    for cell in report["cells"]:
        for cliff in cliffs_at.get(int(cell["index"]), []):
            text = (
                f"{'':>4} ▲ cliff {cliff['from']} → {cliff['to']} "
                f"from cell {cell_no(cliff['from_index'])} ({cliff['track']} cells)"
            )
            lines.append(style(fit(text, width), "1;31"))
        level = cell.get("complexity")
        cx = NA if level is None else str(level)
        concepts = fit(", ".join(cell["new_concepts"]), concepts_w)
        findings = fit(_cell_findings_text(cell), findings_w)
        row = (
            f"{cell_no(cell['index']):>4} {fit(str(cell['role']), 11):<11} "
            f"{style(f'{cx:>2}', _LEVEL_COLOURS.get(level) if level else None)}  "
            f"{concepts:<{concepts_w}}  "
            f"{style(findings, '33' if cell['findings'] else None)}"
        )
        lines.append(row.rstrip())
    return lines


def render_findings(
    report: Mapping[str, Any], width: int, style: _Style, spans: Spans | None = None
) -> list[str]:
    """Cliffs, then findings, with their suggestions; line numbers are the file's where
    ``spans`` (the cells' lines in a percent ``.py`` file) are known, else the cell's, and
    then said to be ("cell 12, line 9")."""
    lines: list[str] = []
    for cliff in report["cliffs"]:
        at = int(cliff["to_index"])
        lines.append(
            style("  cliff", "1;31")
            + f" cells {cell_no(cliff['from_index'])} → {cell_no(cliff['to_index'])}"
        )
        lines += _wrap(in_file(str(cliff["message"]), at, spans), width, "      ")
        lines += _wrap(in_file(f"→ {cliff['suggestion']}", at, spans), width, "      ")
    for cell in report["cells"]:
        for finding in cell["findings"]:
            at = int(finding["cell_index"])
            severity = str(finding["severity"])
            where = f"cell {cell_no(at)}"
            region = finding_region(finding, at, spans) if finding.get("lines") else None
            if region is not None:
                where += f", lines {region[0]}{NA}{region[1]}"
            elif finding.get("lines"):
                where += f", lines {finding['lines'][0]}{NA}{finding['lines'][1]}"
            head = f"  {severity:<7} {finding['rule']} ({where})"
            lines.append(style(head, _SEVERITY_COLOURS.get(severity)))
            lines += _wrap(in_file(str(finding["message"]), at, spans), width, "      ")
            lines += _wrap(in_file(f"→ {finding['suggestion']}", at, spans), width, "      ")
    return lines


def render_summary(report: Mapping[str, Any], width: int, style: _Style) -> list[str]:
    summary = report["summary"]
    scaff = summary["scaffolding"]
    counts = summary["counts"]
    grade = str(summary["grade"])
    lines = [
        style("Summary", "1")
        + f"  scaffolding {float(scaff['score']):.1f} / 5  grade "
        + style(grade, _GRADE_COLOURS.get(grade)),
    ]
    for key, name in PART_NAMES.items():
        part = scaff[key]
        head = f"  {key} {name:<12} {_fmt_part(part['value']):>4}  "
        wrapped = _wrap(str(part["why"]), width, " " * len(head))
        wrapped[0] = head + wrapped[0].lstrip()
        lines += wrapped
    cliffs = len(report["cliffs"])
    lines.append(
        f"  {counts['cells']} cells ({counts['code']} code, {counts['markdown']} markdown), "
        f"{counts['lines']} lines, {float(summary['pct_high']):.1f}% high "
        f"({float(summary['pct_high_facing']):.1f}% of solution+markdown), "
        f"{cliffs} cliff{'s' if cliffs != 1 else ''}"
    )
    lines.append(style("Targets", "1"))
    for target in summary["targets"]:
        mark = style("✓ met    ", "32") if target["met"] else style("✗ not met", "31")
        value = target_value(target)
        lines.append(f"  {mark}  {target['label']}: {value} (target {target['target']})")
    if summary["recommendations"]:
        lines.append(style("Recommendations", "1"))
        for n, rec in enumerate(summary["recommendations"], 1):
            # The message already names its cells (the HTML card adds them as links).
            text = f"[{rec['part']}] {rec['message']}"
            wrapped = _wrap(text, width, " " * 6)
            wrapped[0] = f"  {n:>2}. " + wrapped[0][6:]
            lines += wrapped
    return lines


def render_module(
    report: Mapping[str, Any],
    path: str,
    *,
    width: int,
    color: bool,
    spans: Spans | None = None,
) -> str:
    """Everything about one module: table, findings/cliffs, summary.  ``spans``: where each
    cell sits in its percent ``.py`` file (``lines.Spans``), so that lines are the file's."""
    style = _Style(color)
    width = max(MIN_WIDTH, width)
    counts = report["summary"]["counts"]
    lines = [style(clean(path), "1") + f"  ({counts['cells']} cells, {counts['lines']} lines)"]
    lines += render_cell_table(report, width, style)
    details = render_findings(report, width, style, spans)
    if details:
        lines += ["", style("Findings", "1"), *details]
    lines += ["", *render_summary(report, width, style)]
    if "patterns" in report:
        lines += [
            "",
            *pattern_report.render_text(
                report, lambda text, indent: _wrap(text, width, indent), lambda t: style(t, "1")
            ),
        ]
    for extra in (student_text(report), delta_text(report)):
        if extra:
            lines += ["", style(extra[0], "1"), *extra[1:]]
    return "\n".join(lines) + "\n"


def render_strays(
    strays: Sequence[Mapping[str, Any]], exclude: Mapping[str, Any], *, color: bool
) -> str:
    """Modules that look like copies (``course/strays.py``) and the line that leaves them out."""
    style = _Style(color)
    lines = [style("Copies, not modules? (each counts as a module until it is excluded)", "1")]
    lines += [f"  {clean(str(s['path']))}: {clean(str(s['reason']))}" for s in strays]
    file = clean(str(exclude["file"]))
    if exclude.get("replaces"):
        where = f"replace the exclude line of {file} with"
    else:
        where = f"add to {file}" if exclude["exists"] else f"write into a new {file}"
    lines += [f"{where}:", f"  {clean(str(exclude['line']))}"]
    return "\n".join(lines) + "\n"


def render_course(
    rows: Sequence[Mapping[str, Any]], total: Mapping[str, Any], *, width: int, color: bool
) -> str:
    """One row per module (or its error) and the course total."""
    style = _Style(color)
    width = max(MIN_WIDTH, width)
    stats_w = 5 + 1 + 6 + 1 + 7 + 1 + 8 + 1 + 6 + 1 + 12 + 1 + 5 + 1 + 5
    path_w = max(16, width - stats_w - 1)
    header = (
        f"{'module':<{path_w}} {'cells':>5} {'lines':>6} {'% high':>7} {'findings':>8} "
        f"{'cliffs':>6} {'new concepts':>12} {'score':>5} {'grade':>5}"
    )
    lines = [style("Course", "1"), style(header, "1")]
    for row in rows:
        name = fit_path(str(row["path"]), path_w)
        if "error" in row:
            lines.append(f"{name:<{path_w}} " + style(fit(f"error: {row['error']}", stats_w), "31"))
            continue
        grade = str(row["grade"] or NA)
        score = NA if row["score"] is None else f"{float(row['score']):.1f}"
        lines.append(
            f"{name:<{path_w}} {row['cells']:>5} {row['lines']:>6} "
            f"{float(row['pct_high']):>7.1f} {row['findings']:>8} {row['cliffs']:>6} "
            f"{row['new_concepts']:>12} {score:>5} "
            + style(f"{grade:>5}", _GRADE_COLOURS.get(grade))
        )
    score = NA if total["score"] is None else f"{float(total['score']):.1f}"
    grade = total["grade"] or NA
    label = f"total: {total['analysed']} of {total['modules']} modules"
    lines.append(
        style(
            f"{fit(label, path_w):<{path_w}} {total['cells']:>5} {total['lines']:>6} {'':>7} "
            f"{total['findings']:>8} {total['cliffs']:>6} {'':>12} {score:>5} "
            f"{grade:>5}",
            "1",
        )
    )
    if total["worst_grade"]:
        lines.append(f"worst module grade: {total['worst_grade']}")
    unscored = [str(row["path"]) for row in rows if row.get("scored") is False]
    if unscored:
        lines.append(f"n/a: nothing to score in {', '.join(unscored)} (left out of the mean)")
    if has_deltas(rows):
        lines += ["", style("Before (baseline)", "1")]
        for row in rows:
            if "error" not in row:
                now = NA if row["score"] is None else f"{row['grade']} {float(row['score']):.1f}"
                before = course_delta_cell(row) or NA
                name = fit_path(str(row["path"]), path_w)
                lines.append(f"{name:<{path_w}} {before} \N{RIGHTWARDS ARROW} {now}")
    return "\n".join(lines) + "\n"
