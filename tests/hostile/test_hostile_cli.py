"""The CLI never shows a traceback for bad input: exit 2 and one line naming the file; 3 for
an internal error; output files replaced only once complete; a cache entry that does not
validate is ignored and rewritten.  Every CLI case of the review, replayed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hostile_data import MODULE, saved_baseline, tree_digest

from tinyscaffold_server.cli.main import main

Capture = pytest.CaptureFixture[str]
LAUNCH = [sys.executable, "-m", "tinyscaffold_server.cli.launch"]


def _one_line(capsys: Capture, *words: str) -> str:
    """stderr is exactly one ``tinyscaffold:`` line holding every word; no traceback."""
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tinyscaffold: "), err
    assert "Traceback" not in err and all(word in err for word in words), err
    return lines[0]


@pytest.fixture
def module(tmp_path: Path) -> Path:
    path = tmp_path / "m.py"
    path.write_text(MODULE)
    return path


def test_a_symlink_loop_as_the_first_path_is_bad_input(tmp_path: Path, capsys: Capture) -> None:
    (tmp_path / "loop.py").symlink_to("loop.py")
    (tmp_path / "loopdir").symlink_to("loopdir")
    assert main(["report", str(tmp_path / "loop.py")]) == 2
    _one_line(capsys, "loop.py", "symbolic links")
    assert main(["report", str(tmp_path / "loopdir"), "--format", "json"]) == 2
    _one_line(capsys, "loopdir")
    assert main(["concepts", str(tmp_path / "loop.py")]) == 2
    _one_line(capsys, "loop.py")


LONE_ID = '{"cells": [{"id": "\\udcff\\ud800", "cell_type": "markdown", "source": "# **ReLU**",'
LONE_ID += ' "metadata": {}}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "text", "html"])
def test_names_and_ids_that_are_not_utf8_are_written_escaped(
    tmp_path: Path, capsys: Capture, fmt: str
) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / os.fsdecode(b"bad\xff.py")).write_text(MODULE)
    (course / "lone.ipynb").write_text(LONE_ID)
    before = tree_digest(course)
    out = tmp_path / f"out.{fmt}"
    for target in ([], ["-o", str(out)]):
        assert main(["report", str(course), "--format", fmt, *target]) == 0
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        text = out.read_text(encoding="utf-8") if target else captured.out
        if fmt == "sarif":  # a URI: the name's bytes, %-escaped
            uris = [
                location["physicalLocation"]["artifactLocation"]["uri"]
                for result in json.loads(text)["runs"][0]["results"]
                for location in result["locations"]
            ]
            assert any(uri.endswith("bad%FF.py") for uri in uris), uris
            continue
        assert "bad\\udcff.py" in text
        if fmt == "json":
            data = json.loads(text)  # valid JSON: the escape is that very character again
            assert os.fsdecode(b"bad\xff.py") in json.dumps(data, ensure_ascii=False)
        if fmt == "json":
            [_, lone] = json.loads(text)["modules"]
            assert lone["report"]["cells"][0]["id"] == "\udcff\ud800"
    assert tree_digest(course) == before  # no input file changed


def test_a_saved_baseline_with_missing_keys_is_bad_input(
    tmp_path: Path, module: Path, capsys: Capture
) -> None:
    saved = tmp_path / "before.json"
    saved.write_text(saved_baseline(str(module), cliffs=None))
    assert main(["report", str(module), "--baseline", str(saved)]) == 2
    line = _one_line(capsys, "before.json", "modules[0]: report.cliffs: missing")
    assert capsys.readouterr().out == ""  # nothing half-printed after it
    assert line


def test_deep_configurations_and_huge_numbers_are_bad_input(
    tmp_path: Path, module: Path, capsys: Capture
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    assert main(["report", str(module), "--config", str(deep)]) == 2
    _one_line(capsys, "deep.json", "nested too deeply")
    huge = tmp_path / "huge.json"
    huge.write_text('{"max_cell_sloc": ' + "9" * 5000 + "}")
    assert main(["report", str(module), "--config", str(huge)]) == 2
    _one_line(capsys, "huge.json", "not valid JSON")
    notebook = tmp_path / "huge.ipynb"
    notebook.write_text('{"cells": [], "metadata": {"n": ' + "9" * 5000 + "}}")
    assert main(["report", str(notebook)]) == 2
    _one_line(capsys, "huge.ipynb", "invalid JSON")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("x = " + "[" * 5000 + "]" * 5000, "not valid TOML: nested too deeply"),
        ("[thresholds]\nmax_cell_sloc = " + "9" * 5000, "not valid TOML: Exceeds the limit"),
        (b"\x00\xff" * 40, "not UTF-8 text (byte 1): not a TOML file"),
    ],
)
def test_a_course_configuration_that_is_not_toml_is_bad_input(
    module: Path, capsys: Capture, content: str | bytes, problem: str
) -> None:
    config = module.parent / "tinyscaffold.toml"
    config.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert main(["report", str(module)]) == 2
    _one_line(capsys, str(config), problem)
    assert main(["template", "concept-bridge", "--project", str(module.parent)]) == 2
    _one_line(capsys, str(config), problem)


def test_a_huge_ref_is_bad_input(module: Path, capsys: Capture) -> None:
    assert main(["report", str(module), "--baseline", "x" * 131_072]) == 2
    line = _one_line(capsys, "is not a valid git revision", "(131072 characters)")
    assert len(line) < 200


def test_an_internal_error_is_exit_3_and_one_line(
    module: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tinyscaffold_server.cli import main as cli_main

    def broken(*_: Any) -> str:
        raise KeyError("surprise")

    monkeypatch.setattr(cli_main, "_render", broken)
    assert main(["report", str(module)]) == 3
    _one_line(capsys, "internal error (KeyError: 'surprise'); please report it")
    monkeypatch.setenv("TINYSCAFFOLD_DEBUG", "1")
    assert main(["report", str(module)]) == 3
    err = capsys.readouterr().err
    assert "Traceback" in err and err.rstrip().endswith("TINYSCAFFOLD_DEBUG=1 shows where)")


def test_a_run_that_fails_never_truncates_the_output_file(
    tmp_path: Path, module: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tinyscaffold_server.cli import output

    out = tmp_path / "report.json"
    out.write_text("the last good report\n")
    out.chmod(0o640)

    class DiskFull:
        """The temporary file's stream, on a disk that fills up half way."""

        def __init__(self, fd: int, mode: str) -> None:
            self.stream = open(fd, mode)  # noqa: SIM115

        def __enter__(self) -> DiskFull:
            return self

        def __exit__(self, *_: object) -> None:
            self.stream.close()

        def write(self, data: bytes) -> int:
            self.stream.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(output.os, "fdopen", DiskFull)
        assert main(["report", str(module), "--format", "json", "-o", str(out)]) == 2
    _one_line(capsys, "report.json: cannot write: No space left on device")
    assert out.read_text() == "the last good report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.py", "report.json"]  # no leftovers
    assert main(["report", str(module), "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["version"] == 1
    assert out.stat().st_mode & 0o777 == 0o640  # the file's permissions are kept
    capsys.readouterr()


def test_a_baseline_is_not_saved_over_the_last_one_when_a_module_fails(
    tmp_path: Path, module: Path, capsys: Capture
) -> None:
    saved = tmp_path / "before.json"
    saved.write_text("the last good baseline\n")
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{")
    assert main(["report", str(module), str(broken), "--save-baseline", str(saved)]) == 2
    err = capsys.readouterr().err
    assert "before.json: not written: a module could not be analysed" in err
    assert saved.read_text() == "the last good baseline\n"
    assert main(["report", str(module), "--save-baseline", str(saved)]) == 0
    assert json.loads(saved.read_text())["kind"] == "tinyscaffold-baseline"
    capsys.readouterr()


def test_concepts_never_overwrites_its_output(
    tmp_path: Path, module: Path, capsys: Capture
) -> None:
    out = tmp_path / "glossary.toml"
    out.write_text("# mine\n")
    assert main(["concepts", str(module), "--suggest", "-o", str(out)]) == 2
    _one_line(capsys, "glossary.toml: exists; not overwritten")
    assert out.read_text() == "# mine\n"


def test_a_course_cache_entry_that_does_not_validate_is_rewritten(
    tmp_path: Path, module: Path, capsys: Capture
) -> None:
    other = module.parent / "m2.py"
    other.write_text(MODULE.replace("ReLU", "Sigmoid"))
    cache = tmp_path / "cache"
    args = ["report", str(module.parent), "--format", "json", "--cache-dir", str(cache)]
    assert main(args) == 0
    first = capsys.readouterr().out
    entries = {path: path.read_bytes() for path in (cache / "reports").rglob("*.json")}
    assert len(entries) == 3  # two modules and the course
    for path in entries:
        path.write_bytes(
            json.dumps({"format": 2, "results": [{"path": "x", "report": {}}]}).encode()
        )
    assert main(args) == 0
    assert capsys.readouterr().out == first
    assert {path: path.read_bytes() for path in entries} == entries


def test_the_command_itself_never_prints_a_traceback(tmp_path: Path, module: Path) -> None:
    (tmp_path / "loop.py").symlink_to("loop.py")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    runs = [
        (["report", str(tmp_path / "loop.py")], 2),
        (["report", str(module), "--config", str(deep)], 2),
        (["report", str(module), "--baseline", "y" * 100_000], 2),
        (["report", str(module), "--format", "sarif"], 0),
    ]
    for args, code in runs:
        done = subprocess.run([*LAUNCH, *args], capture_output=True, text=True, timeout=120)
        assert done.returncode == code, (args[:3], done.stderr)
        assert "Traceback" not in done.stderr
        assert len(done.stderr.splitlines()) <= 1, done.stderr
