"""Patterns compiled on first use, and from code an earlier process stored, are the
patterns re.compile makes; every pattern of the package compiles."""

from __future__ import annotations

import importlib
import marshal
import pkgutil
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import tinyscaffold_server
from tinyscaffold_server.core import lazy_re, pattern_store
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
    """Every stand-in's pattern and flags (of those the other tests have not used yet)."""
    return [
        (value.pattern, value._flags)
        for module in _package_modules()
        for value in vars(module).values()
        if isinstance(value, lazy_re._LazyPattern)
    ]


def test_every_pattern_of_the_package_compiles_as_written() -> None:
    """A typo in a pattern would otherwise surface only when a notebook first reaches it."""
    patterns = _package_patterns()
    assert len(patterns) > 20
    for pattern, flags in patterns:
        assert pattern_store.compiled(pattern, flags) == re.compile(pattern, flags)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty pattern store in ``tmp_path``, written as if bytecode were."""
    path = tmp_path / "__pycache__" / "patterns"
    monkeypatch.setattr(pattern_store, "_path", lambda: str(path))
    monkeypatch.setattr(pattern_store, "_stored", None)
    monkeypatch.setattr(pattern_store, "_added", {})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return path


def _fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process finds the store: nothing read yet, nothing compiled."""
    monkeypatch.setattr(pattern_store, "_stored", None)
    monkeypatch.setattr(pattern_store, "_added", {})


def test_a_later_process_builds_every_pattern_from_the_stored_code(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patterns = [*_package_patterns(), (r"(?P<w>[a-z]+)(\d*)", re.IGNORECASE | re.M)]
    for pattern, flags in patterns:
        pattern_store.compiled(pattern, flags)
    pattern_store.save()
    assert store.is_file()
    _fresh_process(monkeypatch)

    def not_again(*_: object) -> None:
        raise AssertionError("compiled again although the store holds it")

    monkeypatch.setattr(pattern_store, "_compile_entry", not_again)
    for pattern, flags in patterns:  # equal: the same flags, text and code
        assert pattern_store.compiled(pattern, flags) == re.compile(pattern, flags)
    word = pattern_store.compiled(r"(?P<w>[a-z]+)(\d*)", re.IGNORECASE | re.M)
    assert word.match("Beta22") is not None and word.groupindex == {"w": 1}


def test_a_damaged_or_foreign_store_is_ignored_and_written_anew(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = (r"\bTODO\b", 0)
    wrong: tuple[object, ...] = (32, [0], 0, {}, (None,))  # invalid code under the right build
    for content in (
        b"\x00not marshal",
        marshal.dumps((("another Python",), {key: (32, [1], 0, {}, (None,))})),
        marshal.dumps((pattern_store._BUILD, {key: wrong})),
    ):
        store.parent.mkdir(exist_ok=True)
        store.write_bytes(content)
        _fresh_process(monkeypatch)
        assert pattern_store.compiled(*key) == re.compile(*key)
        pattern_store.save()
        _fresh_process(monkeypatch)
        assert pattern_store._load() == {key: pattern_store._compile_entry(*key)}


def test_nothing_is_written_where_bytecode_is_not(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    pattern_store.compiled(r"\bHINTS?\b", 0)
    pattern_store.save()
    assert not store.parent.exists()


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
