"""A ``report`` run parses with the report sub-command alone: the same help, the same
errors and the same arguments as with every sub-command registered."""

from __future__ import annotations

import argparse

import pytest

from tinyscaffold_server.cli.main import build_parser, main


def _report_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found: argparse.ArgumentParser = commands.choices["report"]
    return found


def test_the_report_help_is_the_full_parsers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "90")
    alone, full = build_parser(only_report=True), build_parser()
    assert _report_parser(alone).format_help() == _report_parser(full).format_help()
    assert alone.format_usage() == full.format_usage()
    argv = ["report", "a.py", "b", "--format", "json", "-j", "2", "--fail-under", "b"]
    assert alone.parse_args(argv) == full.parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "x.py", "--bogus"],
        ["report", "--format", "xml", "x.py"],
        ["report"],
        ["report", "--help"],
    ],
)
def test_errors_and_help_of_a_report_run_are_unchanged(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "90")
    code = main(argv)
    shown = capsys.readouterr()
    full = build_parser()
    with pytest.raises(SystemExit) as exited:
        full.parse_args(argv)
    assert code == exited.value.code
    assert (shown.out, shown.err) == capsys.readouterr()
