"""core/percent_reader.py against its oracle, jupytext: same cells whenever it answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jupytext
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jupytext.formats import NOTEBOOK_EXTENSIONS

from tinyscaffold_server import analyze
from tinyscaffold_server.core.loading import TEXT_EXTENSIONS, notebook_from_text
from tinyscaffold_server.core.percent_reader import cell_spans, read_percent

ROOT = Path(__file__).resolve().parents[2]
# Metadata jupytext adds to round-trip the file's layout; the analysis never reads it.
LAYOUT_KEYS = {"lines_to_next_cell", "cell_marker"}


def _cells(notebook: Any) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (
            c["cell_type"],
            c["source"],
            {k: v for k, v in dict(c["metadata"]).items() if k not in LAYOUT_KEYS},
        )
        for c in notebook["cells"]
    ]


def _jupytext_cells(text: str) -> list[tuple[str, str, dict[str, Any]]]:
    return _cells(jupytext.reads(text, fmt="py"))


def _check_against_oracle(text: str) -> bool:
    """True when the fast reader answered (and then it must agree with jupytext)."""
    fast = read_percent(text)
    if fast is None:
        return False
    assert _cells(fast) == _jupytext_cells(text)
    spans = cell_spans(text)
    assert spans is not None and len(spans) == len(fast["cells"])
    lines = text.splitlines()
    for cell, span in zip(fast["cells"], spans, strict=True):
        if span.marker_line is not None:
            assert lines[span.marker_line - 1].startswith("# %%")
        if cell["cell_type"] == "code":  # code lines map one to one onto the file
            assert "\n".join(lines[span.first_line - 1 : span.last_line]) == cell["source"]
        # Every source line is the file line file_line() names (markdown: uncommented).
        for number, text in enumerate(cell["source"].split("\n"), 1):
            if text:
                in_file = lines[span.file_line(number) - 1]
                # text on the opening quotes' line (and on the closing quotes', for one line,
                # which may be indented as jupytext allows), or before the closing quotes
                quoted = (f'"""{text}', f"'''{text}", f'"""{text}"""', f"'''{text}'''")
                closed = (f'{text}"""', f"{text}'''")
                assert (
                    in_file in (text, f"# {text}", f"#{text}", *closed) or in_file.strip() in quoted
                )
    return True


def test_extension_list_is_jupytexts() -> None:
    assert tuple(e for e in NOTEBOOK_EXTENSIONS if e != ".ipynb") == TEXT_EXTENSIONS


@pytest.mark.parametrize(
    "path",
    sorted([*ROOT.glob("examples/*.py"), *ROOT.glob("tests/fixtures/*.py")]),
    ids=lambda p: p.name,
)
def test_repository_modules_read_like_jupytext(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    answered = _check_against_oracle(text)
    if path.parent.name == "examples":
        assert answered, "the example module is plain percent format: the fast path must take it"


def test_example_report_is_byte_identical_with_jupytext() -> None:
    text = (ROOT / "examples" / "activations_dev.py").read_text(encoding="utf-8")
    fast = notebook_from_text(text, ".py")
    slow = json.loads(json.dumps(jupytext.reads(text, fmt="py")))
    for cell in slow["cells"]:
        cell.pop("id", None)
    assert json.dumps(analyze(fast)) == json.dumps(analyze(slow))


@pytest.mark.parametrize(
    "text",
    [
        "x = 1\n",  # no marker: light format
        "# %% Title\nx = 1\n",  # a title
        "# %%\n%matplotlib inline\n",  # magic: hydrogen format
        "# %%\n# %timeit f()\n",  # escaped magic
        '# %%\ns = """\n# %%\n"""\n',  # marker inside a string
        "# %% [markdown]\n# ```\n# %%\n# ```\n",  # marker inside a fence
        "# ---\n# title: x\n# ---\n\n# %%\nx = 1\n",  # root-level header key
        "# ---\n# jupyter:\n#   tinyscaffold:\n#     max_cell_sloc: 5\n# ---\n\n# %%\nx = 1\n",
        "# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n"
        "#       format_name: light\n# ---\n\n# %%\nx = 1\n",
        '# %% active="ipynb"\nx = 1\n',
        "#%%\nx = 1\n",
        "# %% [raw]\nx\n",
    ],
)
def test_unusual_files_go_to_jupytext(text: str) -> None:
    assert read_percent(text) is None
    assert cell_spans(text) is None


_CODE = st.sampled_from(
    [
        "x = 1",
        "def f(x):",
        "    return x",
        "",
        "",
        "    ",
        "# a comment",
        "# why?",
        "#| export",
        "### BEGIN SOLUTION",
        "### END SOLUTION",
        '"""',
        "'''",
        's = "# %%"',
        "# %%",
        "# %% [markdown]",
        "%matplotlib inline",
        "# %time f()",
        "# !ls",
        "# +",
        "print('a\\'b')",
        "cd x",
        "x = '''a'''",
        '    """TODO: do it."""',
    ]
)
_MARKDOWN = st.sampled_from(
    [
        "# Title",
        "#",
        "# Some **bold** prose.",
        "",
        '"""',
        "Prose inside a string",
        "# ```python",
        "# ```",
        "# ~~~",
        "# %%",
        "# - a list item",
    ]
)
_MARKERS = st.sampled_from(
    [
        "# %%",
        "# %% [markdown]",
        "# %% [md]",
        '# %% nbgrader={"grade": false, "solution": true}',
        '# %% [markdown] nbgrader={"grade": false}',
        '# %% tags=["tinyscaffold-ignore"]',
        '# %% tags=["a"] nbgrader={"solution": true}',
        '# %% {"tags": ["a"]}',
    ]
)
_HEADER = (
    "# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       extension: .py\n"
    "#       format_name: percent\n#   kernelspec:\n#     display_name: Python 3\n"
    "#     language: python\n#     name: python3\n# ---\n"
)


@st.composite
def _percent_files(draw: st.DrawFn) -> str:
    parts = [_HEADER] if draw(st.booleans()) else []
    if draw(st.booleans()):
        parts.append("\n".join(draw(st.lists(_CODE, max_size=3))) + "\n")
    for _ in range(draw(st.integers(1, 5))):
        marker = draw(_MARKERS)
        body = _MARKDOWN if "markdown" in marker or "[md]" in marker else _CODE
        lines = draw(st.lists(body, max_size=6))
        parts.append("\n".join([marker, *lines]) + "\n")
    text = "".join(parts)
    return text if draw(st.booleans()) else text.rstrip("\n")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_percent_files())
def test_generated_percent_files_read_like_jupytext(text: str) -> None:
    _check_against_oracle(text)


def test_generated_files_mostly_take_the_fast_path() -> None:
    """The oracle test above proves nothing if the reader always gave up."""
    plain = _HEADER + "\n# %% [markdown]\n# Title\n\n# %%\nx = 1\n\n\n# %%\ny = 2\n"
    assert _check_against_oracle(plain)
    triple = '# %% [markdown]\n"""\n# Title\n\nProse.\n"""\n\n# %%\nx = 1\n'
    assert _check_against_oracle(triple)


def test_a_markdown_line_that_closes_its_quotes_maps_to_its_file_line() -> None:
    # found by the generated-files test: the closing quotes end the cell's last line
    assert _check_against_oracle('# %% [markdown]\n"""\n    """TODO: do it."""\n')
