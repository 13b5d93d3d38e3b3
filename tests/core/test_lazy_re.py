"""Patterns compiled on first use are the patterns re.compile makes; every pattern of the
package compiles."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
from types import ModuleType

import tinyscaffold_server
from tinyscaffold_server.core import lazy_re
from tinyscaffold_server.core.lazy_re import compile_lazily

WORD = compile_lazily(r"(?P<w>[a-z]+)(\d*)", re.IGNORECASE)
TEXT = "Alpha1 beta22, GAMMA"


def test_a_stand_in_answers_as_the_compiled_pattern() -> None:
    stand_in = compile_lazily(r"(?P<w>[a-z]+)(\d*)", re.IGNORECASE)  # not a module global
    compiled = re.compile(r"(?P<w>[a-z]+)(\d*)", re.IGNORECASE)
    assert stand_in.pattern == compiled.pattern
    for method, args, kwargs in [
        ("match", (TEXT,), {}),
        ("match", (TEXT, 7), {}),
        ("search", (TEXT,), {"pos": 6}),
        ("fullmatch", ("beta22",), {}),
        ("findall", (TEXT,), {}),
        ("split", (TEXT,), {"maxsplit": 1}),
        ("sub", (r"<\g<w>>", TEXT), {"count": 2}),
        ("subn", (r"<\g<w>>", TEXT), {}),
    ]:
        ours, theirs = getattr(stand_in, method), getattr(compiled, method)
        expected = theirs(*args, **kwargs)
        got = ours(*args, **kwargs)
        if isinstance(expected, re.Match):
            assert isinstance(got, re.Match) and got.groupdict() == expected.groupdict()
            assert got.span() == expected.span()
        else:
            assert got == expected, method
    assert [m.span() for m in stand_in.finditer(TEXT)] == [
        m.span() for m in compiled.finditer(TEXT)
    ]


def test_the_first_use_puts_the_compiled_pattern_in_the_module() -> None:
    assert type(WORD) is not re.Pattern
    assert WORD.search(TEXT) is not None
    assert globals()["WORD"] == re.compile(r"(?P<w>[a-z]+)(\d*)", re.IGNORECASE)


def _package_modules() -> list[ModuleType]:
    names = [
        info.name
        for info in pkgutil.walk_packages(tinyscaffold_server.__path__, "tinyscaffold_server.")
        if not info.name.endswith(("__main__", "resident")) and ".server" not in info.name
    ]
    return [importlib.import_module(name) for name in names]


def _package_patterns() -> list[tuple[str, int]]:
    """Every module-level pattern's text and flags: a stand-in's, or the compiled pattern
    that replaced it (the tests that ran before this one used it)."""
    return [
        (value.pattern, value._flags if isinstance(value, lazy_re._LazyPattern) else value.flags)
        for module in _package_modules()
        for value in vars(module).values()
        if isinstance(value, (lazy_re._LazyPattern, re.Pattern))
    ]


def test_every_pattern_of_the_package_compiles_as_written() -> None:
    """A typo in a pattern would otherwise surface only when a notebook first reaches it."""
    patterns = _package_patterns()
    assert len(patterns) > 20  # whichever tests ran first
    for pattern, flags in patterns:
        assert re.compile(pattern, flags).pattern == pattern  # re.error on a typo


def test_importing_the_analysis_compiles_none_of_its_patterns() -> None:
    code = (
        "import re, sys\n"
        "compiled = []\n"
        "real = re.compile\n"
        "def counted(*args):\n"
        "    if 'tinyscaffold_server' in sys._getframe(1).f_code.co_filename:\n"
        "        compiled.append(args)\n"
        "    return real(*args)\n"
        "re.compile = counted\n"
        "import tinyscaffold_server.core.analyzer, tinyscaffold_server.cli.main\n"
        "print(len(compiled))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
