"""Text and HTML rendering of hand-built reports (no analysis core needed)."""

from __future__ import annotations

import copy
import re
from typing import Any

from tinyscaffold_server.course.rows import course_summary, error_row, grade_for, module_row
from tinyscaffold_server.render.delta import MODULE_FIELDS, module_line
from tinyscaffold_server.render.html import render_course_html, render_html
from tinyscaffold_server.render.text import render_course, render_module

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _row(text: str, number: int) -> str:
    """The table row of the cell shown as ``number`` (1-based, as the text report shows it)."""
    return next(line for line in text.splitlines() if re.match(rf"\s*{number} ", line))


def test_text_table_rows_show_role_complexity_concepts_and_findings(
    sample_report: dict[str, Any],
) -> None:
    text = render_module(sample_report, "mod.ipynb", width=100, color=False)
    assert text.splitlines()[0] == "mod.ipynb  (5 cells, 25 lines)"
    # Index 1 is shown as cell 2: human output counts cells from 1 like the core's messages.
    assert re.match(r"\s+2 solution\s+1  relu, numpy\.maximum\s*$", _row(text, 2))
    assert re.search(r"explanation\s+3 .*new-concepts$", _row(text, 3))
    # Unparseable cell: no number, the note is shown instead of findings.
    assert re.search(r"5 demo\s+\N{EN DASH}\s+.*unparseable: line 1", _row(text, 5))
    # The cliff is drawn just above the cell it lands on.
    lines = text.splitlines()
    cliff = next(i for i, line in enumerate(lines) if "▲ cliff 1 → 4 from cell 2" in line)
    assert lines[cliff + 1].strip().startswith("4 solution")


def test_text_summary_parts_targets_and_recommendations(sample_report: dict[str, Any]) -> None:
    text = render_module(sample_report, "mod.ipynb", width=100, color=False)
    assert "Summary  scaffolding 3.2 / 5  grade C" in text
    assert re.search(r"G guidance\s+0\.75  3 of 4 guidance markers", text)
    assert re.search(r"B blocks\s+n/a  no solution blocks", text)
    assert "✗ not met  module length: 20 lines (target 200\N{EN DASH}400 lines)" in text
    # Core messages name their cells; the text report does not list them a second time.
    assert "1. [P] Add a stepping-stone cell before cell 4\n" in text
    assert "new-concepts (cell 3)" in text and "→ move 2 of the 5 new concepts" in text


def test_text_respects_width_and_colour(sample_report: dict[str, Any]) -> None:
    narrow = render_module(sample_report, "mod.ipynb", width=70, color=False)
    table = narrow.split("\n\n")[0].splitlines()
    assert all(len(line) <= 70 for line in table), table
    assert "softmax_with_a_very_long_name_for…" in narrow or "…" in _row(narrow, 4)
    assert "\x1b[" not in narrow
    coloured = render_module(sample_report, "mod.ipynb", width=70, color=True)
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == narrow


def test_course_table_and_total(sample_report: dict[str, Any]) -> None:
    better = copy.deepcopy(sample_report)
    better["summary"]["scaffolding"]["score"] = 4.6
    better["summary"]["grade"] = "A"
    rows = [
        module_row("a.ipynb", sample_report),
        module_row("b.ipynb", better),
        error_row("c.ipynb", "c.ipynb: invalid JSON"),
    ]
    course = course_summary(rows)
    assert course["total"] == {
        "modules": 3,
        "analysed": 2,
        "errors": 1,
        "scored": 2,
        "cells": 10,
        "lines": 50,
        "findings": 2,
        "cliffs": 2,
        "score": 3.9,
        "grade": "B",
        "worst_grade": "C",
    }
    text = render_course(course["rows"], course["total"], width=100, color=False)
    new = rows[0]["new_concepts"]
    assert re.search(rf"a\.ipynb\s+5\s+25\s+25\.0\s+1\s+1\s+{new}\s+3\.2\s+C", text)
    assert re.search(r"c\.ipynb\s+error: c\.ipynb: invalid JSON", text)
    assert re.search(r"total: 2 of 3 modules\s+10\s+50\s+2\s+2\s+3\.9\s+B", text)
    assert [row["order"] for row in course["rows"]] == [1, 2, 3]  # the rows' course order


def test_a_module_with_nothing_to_score_says_so_and_stays_out_of_the_mean(
    sample_report: dict[str, Any],
) -> None:
    empty = copy.deepcopy(sample_report)
    for name, part in empty["summary"]["scaffolding"].items():
        if name != "score":
            part["value"] = None
    empty["summary"]["scaffolding"]["score"] = 5.0  # what the core gives: nothing measured
    empty["summary"]["grade"] = "A"
    empty["summary"]["scaffolding"]["P"]["value"] = 1.0  # no cliff: P measures nothing here
    rows = [module_row("a.ipynb", sample_report), module_row("a_backup.ipynb", empty)]
    assert rows[1]["scored"] is False and rows[1]["score"] is None and rows[1]["grade"] is None
    course = course_summary(rows)
    assert course["total"]["score"] == 3.2 and course["total"]["scored"] == 1
    assert course["total"]["worst_grade"] == "C"
    text = render_course(course["rows"], course["total"], width=100, color=False)
    dash = "\N{EN DASH}"
    assert re.search(rf"a_backup\.ipynb\s+5\s+25\s+25\.0\s+1\s+1\s+\d+\s+{dash}\s+{dash}", text)
    assert "n/a: nothing to score in a_backup.ipynb (left out of the mean)" in text
    page = render_course_html([], course)
    assert "n/a: nothing to score" in page


def test_the_course_table_has_new_concepts_and_writes_pct_high_as_the_ui_does(
    sample_report: dict[str, Any],
) -> None:
    """The columns of the course overview, % high with one decimal ("4.0", as the overview,
    the panel and the before → after block write it)."""
    report = copy.deepcopy(sample_report)
    report["summary"]["pct_high"] = 4
    row = module_row("m.ipynb", report)
    course = course_summary([row])
    text = render_course(course["rows"], course["total"], width=100, color=False)
    header = next(line for line in text.splitlines() if line.startswith("module"))
    assert header.split()[-5:] == ["cliffs", "new", "concepts", "score", "grade"]
    assert re.search(rf"m\.ipynb\s+5\s+25\s+4\.0\s+1\s+1\s+{row['new_concepts']}\s+3\.2", text)
    delta = {"module": {key: {"before": 0, "after": 0, "change": 0} for key, _ in MODULE_FIELDS}}
    delta["module"]["pct_high"] = {"before": 7, "after": 6.8, "change": -0.2}
    assert dict(module_line(delta))["% high"] == "7.0 \N{RIGHTWARDS ARROW} 6.8 (-0.2)"


def test_grade_bands() -> None:
    assert [grade_for(s) for s in (4.5, 4.4, 3.5, 2.5, 1.5, 1.4)] == ["A", "B", "B", "C", "D", "F"]


def _assert_no_network(page: str) -> None:
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert "<script" not in page.lower().replace("&lt;script", "")
    assert "@import" not in page and "url(" not in page


def test_html_card_is_self_contained_and_escaped(sample_report: dict[str, Any]) -> None:
    page = render_html(sample_report, "notes <b>bold</b>.ipynb")
    _assert_no_network(page)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<title>tinyscaffold: notes &lt;b&gt;bold&lt;/b&gt;.ipynb</title>" in page
    assert '<div class="grade g-C" title="grade">C</div>' in page
    assert "Scaffolding 3.2 / 5" in page
    assert "prefers-color-scheme:dark" in page and "@media print" in page


def test_html_chart_has_one_bar_per_cell_and_marks_the_cliff(
    sample_report: dict[str, Any],
) -> None:
    page = render_html(sample_report, "m")
    svg = page[page.index("<svg") : page.index("</svg>")]
    bars = re.findall(r'<rect class="([^"]+)"', svg)
    assert bars == ["lv1 md", "lv1", "lv3 md", "lv4", "lvna"]
    assert svg.count('<path class="cliff"') == 1
    assert "complexity 1 → 4 between cells 1 and 3" in svg
    # Anchors use the 0-based index (stable, like the DOM hooks); the link text is 1-based.
    assert 'id="cell-3"' in page and '<a href="#cell-3">4</a>' in page


def test_course_html_lists_modules_errors_and_total(sample_report: dict[str, Any]) -> None:
    rows = [module_row("a.ipynb", sample_report), error_row("bad.ipynb", "bad.ipynb: <oops>")]
    modules: list[dict[str, Any]] = [
        {"path": "a.ipynb", "report": sample_report},
        {"path": "bad.ipynb", "error": "bad.ipynb: <oops>"},
    ]
    page = render_course_html(modules, course_summary(rows))
    _assert_no_network(page)
    assert "bad.ipynb: &lt;oops&gt;" in page and "<oops>" not in page
    assert "total (1 of 2 modules)" in page
    # The overview's and the text table's columns, new concepts included, each row filled.
    header = page.split("<table><tr><th>module</th>", 1)[1].split("</tr>", 1)[0]
    assert '<th class="num">new concepts</th>' in header
    row = page.split('href="#m0-top">a.ipynb</a></td>', 1)[1].split("</tr>", 1)[0]
    cells = row.count("<td")
    assert cells == header.count("<th") and f'<td class="num">{rows[0]["new_concepts"]}</td>' in row
    assert 'colspan="8"' in page  # the error row spans every column but the module's
    # Anchors are prefixed per module so two modules' cell ids never collide.
    assert (
        'id="m0-cell-3"' in page and page.count("<svg") == 2
    )  # the course chart + the module's chart
