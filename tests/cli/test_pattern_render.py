"""The scaffolding patterns in the text report and the HTML report card."""

from __future__ import annotations

from pathlib import Path

from tinyscaffold_server import analyze, load_notebook
from tinyscaffold_server.render.html import render_html
from tinyscaffold_server.render.text import render_module

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "activations_dev.py"


def test_text_report_lists_bridges_ladders_and_test_ratings() -> None:
    report = analyze(load_notebook(EXAMPLE))
    text = render_module(report, "activations_dev.py", width=100, color=False)
    patterns = text[text.index("Scaffolding patterns") :]
    assert "ReLU (cell 3): analogy ✓ math ✓ code ✓ why ✓" in patterns
    assert "Tanh (cell 11): analogy ✗ math ✓ code ✓ why ✓  missing analogy" in patterns
    assert "ladder in cell 20: leaky_relu_one (5) → leaky_relu_array (7) → leaky_relu (14)" in (
        patterns
    )
    assert "test cell 22: 1.00" in patterns
    assert "C bridges      0.95" in text and "T test quality 0.90" in text


def test_report_card_has_a_patterns_section_with_links() -> None:
    report = analyze(load_notebook(EXAMPLE))
    page = render_html(report, "activations")
    section = page[page.index("Scaffolding patterns") : page.index("Cells and findings")]
    assert '<td class="bad">✗ missing</td>' in section  # Tanh's analogy
    assert '<a href="#cell-2">3</a>' in section  # ReLU's bridge parts link to cell 3
    assert "<code>leaky_relu_one</code>" in section and "difficulty 14" in section
    assert "✓ confidence builder" in section
    assert "<th>C bridges</th>" in page
