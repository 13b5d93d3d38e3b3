"""Self-contained HTML report card: inline CSS and SVG, no scripts, no network assets.

Notebook text is untrusted (concept names, messages quoting code, titles), so every value
goes through ``_e`` (``html.escape`` with quotes) before it reaches the page.  The page
follows the reader's light/dark preference and prints cleanly.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from ..core.typing_names import Any
from . import patterns as pattern_report
from .common import NA, cell_no, target_value
from .course_chart import course_chart
from .delta import course_delta_cell, delta_html, has_deltas, student_html
from .text import PART_NAMES

_CSS = """
:root{--bg:#fff;--fg:#1d1f21;--muted:#5f6368;--line:#d9dce0;--card:#f6f7f9;--bad:#c62828;
--l1:#2e7d32;--l2:#7cb342;--l3:#f9a825;--l4:#ef6c00;--l5:#c62828;--na:#9e9e9e}
@media (prefers-color-scheme:dark){:root{--bg:#17191c;--fg:#e8eaed;--muted:#a0a4a8;
--line:#3a3d42;--card:#202327;--bad:#ef5350;--l1:#66bb6a;--l2:#9ccc65;--l3:#fdd835;
--l4:#ffa726;--l5:#ef5350;--na:#757575}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:1.5rem;background:var(--bg);color:var(--fg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1,h2,h3{line-height:1.2}h1{font-size:1.6rem}h2{margin-top:2rem;font-size:1.25rem}
h3{font-size:1.05rem;margin-top:1.5rem}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.muted{color:var(--muted)}
.head{display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap}
.grade{font-size:2.6rem;font-weight:700;width:4.2rem;height:4.2rem;border-radius:.6rem;
display:flex;align-items:center;justify-content:center;border:3px solid currentColor}
.g-A,.g-B{color:var(--l1)}.g-C{color:var(--l3)}.g-D{color:var(--l4)}.g-F{color:var(--l5)}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
th{font-weight:600}td.num,th.num{text-align:right}
.meter{width:7rem;height:.6rem;background:var(--line);border-radius:.3rem;overflow:hidden}
.meter>span{display:block;height:100%;background:var(--l1)}
.chart{background:var(--card);border-radius:.5rem;padding:.5rem;overflow-x:auto}
.lv1{fill:var(--l1)}.lv2{fill:var(--l2)}.lv3{fill:var(--l3)}.lv4{fill:var(--l4)}
.lv5{fill:var(--l5)}.lvna{fill:var(--na)}.md{opacity:.55}.concepts{fill:var(--muted)}
.axis{stroke:var(--line)}.tick{fill:var(--muted);font-size:10px}
.cliff{stroke:var(--bad);stroke-width:2;fill:none;stroke-dasharray:4 3}
.cliff-label{fill:var(--bad);font-size:11px;font-weight:700}
.sev{font-weight:600}.sev-error,.sev-warning,.bad{color:var(--bad)}.sev-info{color:var(--muted)}
.ok{color:var(--l1)}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .25rem 0 .75rem;
vertical-align:middle;border-radius:2px}
a{color:inherit}
@media print{body{max-width:none;padding:0;font-size:11pt}.chart{background:none}
h2{break-after:avoid}tr,li,section.module{break-inside:avoid-page}}
"""


ARROW = " → "


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _level_class(level: Any) -> str:
    return f"lv{level}" if isinstance(level, int) and 1 <= level <= 5 else "lvna"


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="color-scheme" content="light dark">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def complexity_chart(report: Mapping[str, Any], anchor: str = "") -> str:
    """Inline SVG: one bar per cell, height = complexity, colour by level, cliffs as arrows."""
    cells = list(report["cells"])
    if not cells:
        return '<p class="muted">This notebook has no cells.</p>'
    step = max(6.0, min(28.0, 900.0 / len(cells)))
    bar_w, unit, top, left = step * 0.75, 26.0, 22.0, 22.0
    width = left + step * len(cells) + 8
    height = top + unit * 5 + 18

    def x_of(index: int) -> float:
        return left + step * index

    parts = [
        f'<svg class="complexity" role="img" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" aria-label="Complexity per cell">'
    ]
    for level in range(1, 6):
        y = top + unit * (5 - level)
        parts.append(
            f'<line class="axis" x1="{left - 4}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="2" y="{y + 4:.1f}">{level}</text>'
        )
    for cell in cells:
        index = int(cell["index"])
        level = cell.get("complexity")
        h = unit * level if isinstance(level, int) else 4.0
        classes = _level_class(level) + (" md" if cell["cell_type"] == "markdown" else "")
        tip = f"cell {index + 1} · {cell['role']} · complexity {level if level else 'n/a'}"
        if cell["new_concepts"]:
            tip += " · new: " + ", ".join(map(str, cell["new_concepts"]))
        parts.append(
            f'<a href="#{_e(anchor)}cell-{index}"><rect class="{classes}" x="{x_of(index):.1f}" '
            f'y="{top + unit * 5 - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
            f"<title>{_e(tip)}</title></rect></a>"
        )
        if len(cells) <= 60 or (index + 1) % 10 == 0:
            parts.append(
                f'<text class="tick" x="{x_of(index):.1f}" y="{height - 4:.1f}">{index + 1}</text>'
            )
    for cliff in report["cliffs"]:
        x1 = x_of(int(cliff["from_index"])) + bar_w / 2
        x2 = x_of(int(cliff["to_index"])) + bar_w / 2
        y1 = top + unit * (5 - int(cliff["from"])) - 4
        y2 = top + unit * (5 - int(cliff["to"])) - 4
        parts.append(
            f'<path class="cliff" d="M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}">'
            f"<title>{_e(cliff['message'])}</title></path>"
            f'<text class="cliff-label" x="{(x1 + x2) / 2:.1f}" y="{max(11.0, y2 - 6):.1f}" '
            'text-anchor="middle">cliff</text>'
        )
    parts.append("</svg>")
    legend = "".join(f'<span style="background:var(--l{n})"></span>{n}' for n in range(1, 6))
    return (
        f'<div class="chart">{"".join(parts)}</div><p class="legend muted">complexity:{legend}'
        '<span style="background:var(--na)"></span>not analysed · paler bars are markdown '
        "· dashed red line = cliff</p>"
    )


def _summary_section(summary: Mapping[str, Any]) -> str:
    scaff = summary["scaffolding"]
    grade = str(summary["grade"])
    rows = []
    for key, name in PART_NAMES.items():
        part = scaff[key]
        value = part["value"]
        meter = (
            f'<div class="meter"><span style="width:{float(value) * 100:.0f}%"></span></div>'
            if value is not None
            else '<span class="muted">n/a</span>'
        )
        shown = "" if value is None else f"{float(value):.2f}"
        rows.append(
            f'<tr><th>{key} {name}</th><td class="num">{shown}</td><td>{meter}</td>'
            f"<td>{_e(part['why'])}</td></tr>"
        )
    counts = summary["counts"]
    high, facing = float(summary["pct_high"]), float(summary["pct_high_facing"])
    return (
        f'<div class="head"><div class="grade g-{_e(grade)}" title="grade">{_e(grade)}</div>'
        f"<div><div><strong>Scaffolding {float(scaff['score']):.1f} / 5</strong> "
        f'<span class="muted">S = 1 + 4 \u00d7 mean of the parts</span></div>'
        f'<div class="muted">{counts["cells"]} cells ({counts["code"]} code, '
        f"{counts['markdown']} markdown) · {counts['lines']} lines · {high:.1f}% "
        f"high complexity ({facing:.1f}% of solution + markdown cells)</div>"
        f'</div></div><table><tr><th>part</th><th class="num">value</th><th></th>'
        f"<th>why</th></tr>{''.join(rows)}</table>"
    )


def _cells_section(report: Mapping[str, Any], anchor: str) -> str:
    rows = []
    for cell in report["cells"]:
        index = int(cell["index"])
        level = cell.get("complexity")
        notes = []
        for finding in cell["findings"]:
            sev = _e(finding["severity"])
            notes.append(
                f'<div><span class="sev sev-{sev}">{sev}</span> <code>{_e(finding["rule"])}</code>'
                f' {_e(finding["message"])}<br><span class="muted">→ '
                f"{_e(finding['suggestion'])}</span></div>"
            )
        if cell.get("note"):
            notes.append(f'<div class="muted">{_e(cell["note"])}</div>')
        if cell.get("ignored"):
            notes.append('<div class="muted">ignored (tinyscaffold-ignore)</div>')
        why = "; ".join(map(str, cell["complexity_why"]))
        rows.append(
            f'<tr id="{_e(anchor)}cell-{index}"><td class="num">{index + 1}</td>'
            f"<td>{_e(cell['role'])}</td>"
            f'<td class="num" title="{_e(why)}">{_e(level if level else NA)}</td>'
            f"<td>{_e(', '.join(map(str, cell['new_concepts'])))}</td>"
            f"<td>{''.join(notes)}</td></tr>"
        )
    return (
        '<table class="cells"><tr><th class="num">cell</th><th>role</th>'
        '<th class="num">complexity</th><th>new concepts</th><th>findings</th></tr>'
        f"{''.join(rows)}</table>"
    )


def _link_cells(cells: Sequence[Any], anchor: str, sep: str = ", ") -> str:
    return sep.join(f'<a href="#{_e(anchor)}cell-{int(c)}">{cell_no(c)}</a>' for c in cells)


def module_body(report: Mapping[str, Any], title: str, anchor: str = "", level: int = 1) -> str:
    """The report card of one module without the page around it (reused by the course page)."""
    h, h2 = f"h{level}", f"h{level + 1}"
    summary = report["summary"]
    out = [f"<{h}>{_e(title)}</{h}>", _summary_section(summary)]
    out += [part for part in (delta_html(report, h2), student_html(report, h2)) if part]
    out += [f"<{h2}>Complexity per cell</{h2}>", complexity_chart(report, anchor)]
    out.append(f"<{h2}>Cliffs</{h2}>")
    if report["cliffs"]:
        items = "".join(
            f"<li><strong>cells {_link_cells([c['from_index'], c['to_index']], anchor, ARROW)}"
            "</strong>"
            f' ({_e(c["track"])}): {_e(c["message"])}<br><span class="muted">→ '
            f"{_e(c['suggestion'])}</span></li>"
            for c in report["cliffs"]
        )
        out.append(f"<ul>{items}</ul>")
    else:
        out.append('<p class="ok">No complexity cliffs.</p>')
    out.append(f"<{h2}>Recommendations</{h2}>")
    if summary["recommendations"]:
        items = "".join(
            f"<li><strong>{_e(r['part'])}</strong> {_e(r['message'])}"
            + (
                f' <span class="muted">(cells {_link_cells(r["cells"], anchor)})</span>'
                if r["cells"]
                else ""
            )
            + "</li>"
            for r in summary["recommendations"]
        )
        out.append(f"<ol>{items}</ol>")
    else:
        out.append('<p class="ok">Nothing to recommend.</p>')
    targets = "".join(
        f'<tr><td class="{"ok" if t["met"] else "bad"}">{"✓ met" if t["met"] else "✗ not met"}'
        f'</td><td>{_e(t["label"])}</td><td class="num">'
        f"{_e(target_value(t))}</td>"
        f"<td>{_e(t['target'])}</td></tr>"
        for t in summary["targets"]
    )
    out.append(
        f'<{h2}>Targets</{h2}><table><tr><th></th><th>target</th><th class="num">value</th>'
        f"<th>goal</th></tr>{targets}</table>"
    )
    if "patterns" in report:
        out.append(pattern_report.render_html(report, lambda c: _link_cells([c], anchor), h2))
    out += [f"<{h2}>Cells and findings</{h2}>", _cells_section(report, anchor)]
    return "\n".join(out)


def render_html(report: Mapping[str, Any], title: str) -> str:
    """The report card of one module as a complete HTML page."""
    return _page(f"tinyscaffold: {title}", module_body(report, title))


def _score_cells(row: Mapping[str, Any]) -> str:
    """A course row's score and grade cells; a module with nothing to score says so."""
    if row["score"] is None:
        return '<td colspan="2" title="no part of the score applies">n/a: nothing to score</td>'
    grade = _e(row["grade"])
    return (
        f'<td class="num">{float(row["score"]):.1f}</td>'
        f'<td class="g-{grade}"><strong>{grade}</strong></td>'
    )


def render_course_html(
    modules: Sequence[Mapping[str, Any]],
    course: Mapping[str, Any],
    title: str = "Course report",
) -> str:
    """Course table (one row per module + total), then each module's card.

    ``modules`` are ``{"path", "report"}`` or ``{"path", "error"}``; ``course`` is
    ``course.course_summary(...)``.
    """
    rows = []
    deltas = has_deltas(course["rows"])
    for n, row in enumerate(course["rows"]):
        name = f'<a href="#m{n}-top">{_e(row["path"])}</a>'
        if "error" in row:
            rows.append(
                f'<tr><td>{name}</td><td colspan="8" class="bad">{_e(row["error"])}</td></tr>'
            )
            continue
        rows.append(
            f'<tr><td>{name}</td><td class="num">{row["cells"]}</td>'
            f'<td class="num">{row["lines"]}</td><td class="num">{float(row["pct_high"]):.1f}</td>'
            f'<td class="num">{row["findings"]}</td><td class="num">{row["cliffs"]}</td>'
            f'<td class="num">{row["new_concepts"]}</td>'
            + _score_cells(row)
            + (f"<td>{_e(course_delta_cell(row))}</td>" if deltas else "")
            + "</tr>"
        )
    total = course["total"]
    score = NA if total["score"] is None else f"{float(total['score']):.1f}"
    rows.append(
        f"<tr><th>total ({total['analysed']} of {total['modules']} modules)</th>"
        f'<th class="num">{total["cells"]}</th><th class="num">{total["lines"]}</th><th></th>'
        f'<th class="num">{total["findings"]}</th><th class="num">{total["cliffs"]}</th><th></th>'
        f'<th class="num">{score}</th><th>{_e(total["grade"] or NA)}</th>'
        + ("<th></th>" if deltas else "")
        + "</tr>"
    )
    body = [
        f"<h1>{_e(title)}</h1>",
        course_chart(course["rows"]),
        '<table><tr><th>module</th><th class="num">cells</th><th class="num">lines</th>'
        '<th class="num">% high</th><th class="num">findings</th><th class="num">cliffs</th>'
        '<th class="num">new concepts</th><th class="num">score</th><th>grade</th>'
        + ("<th>before</th>" if deltas else "")
        + f"</tr>{''.join(rows)}</table>",
    ]
    if total["worst_grade"]:
        body.append(f'<p class="muted">Worst module grade: {_e(total["worst_grade"])}</p>')
    for n, module in enumerate(modules):
        body.append(f'<section class="module" id="m{n}-top">')
        if "error" in module:
            body.append(f'<h2>{_e(module["path"])}</h2><p class="bad">{_e(module["error"])}</p>')
        else:
            body.append(module_body(module["report"], str(module["path"]), f"m{n}-", level=2))
        body.append("</section>")
    return _page(f"tinyscaffold: {title}", "\n".join(body))
