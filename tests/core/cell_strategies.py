"""Hypothesis strategies for code cells, shared by the property tests of hints and advice."""

from __future__ import annotations

from hypothesis import strategies as st


def _body(size: int, indent: str) -> list[str]:
    """``size`` SLOC of statements, some in nested blocks or over two lines, with comments."""
    lines: list[str] = []
    left = size
    while left > 0:
        n = len(lines)
        if left >= 2 and n % 3 == 1:
            lines += [f"{indent}for i{n} in range(3):", f"{indent}    y{n} = i{n}", ""]
        elif left >= 2 and n % 5 == 2:
            lines += [f"{indent}# step {n}", f"{indent}v{n} = ({n},", f"{indent}    {n})"]
        else:
            lines.append(f"{indent}v{n} = {n}")
            left += 1
        left -= 2
    return lines


@st.composite
def code_cells(draw: st.DrawFn) -> str:
    """Sequences of functions, classes with methods and plain statements of random sizes."""
    out: list[str] = []
    for k in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(["def", "class", "stmts", "loop"]))
        if kind == "def":
            if draw(st.booleans()):
                out.append("@staticmethod")
            out.append(f"def f{k}(x):")
            if draw(st.booleans()):
                out += ['    """Doc.', "", "    More doc.", '    """']
            out += _body(draw(st.integers(1, 40)), "    ")
        elif kind == "class":
            out.append(f"class C{k}:")
            if draw(st.booleans()):
                out.append('    """A class."""')
            for m in range(draw(st.integers(1, 5))):
                if draw(st.booleans()):
                    out.append("    @property")
                out.append(f"    def m{m}(self):")
                out += _body(draw(st.integers(1, 25)), "        ")
                out.append("")
        elif kind == "loop":
            out.append(f"for k{k} in range(2):")
            out += _body(draw(st.integers(1, 20)), "    ")
        else:
            out += _body(draw(st.integers(1, 12)), "")
        out += [""] * draw(st.integers(0, 2))
    return "\n".join(out) + "\n"
