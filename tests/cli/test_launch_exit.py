"""The console script ends the process without tearing the interpreter down: the output
is whole, the exit code is the run's, and exit handlers still run when there are any."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "activations_dev.py"
GATE = ("--no-cache", "--max-findings", "0")

CONSOLE_SCRIPT = (
    "import sys\n"
    "{before}\n"
    "from tinyscaffold_server.cli.launch import run\n"
    "sys.argv = ['tinyscaffold', *{args!r}]\n"
    "sys.exit(run())\n"
)


def _run(*args: str, before: str = "") -> subprocess.CompletedProcess[str]:
    code = CONSOLE_SCRIPT.format(before=before, args=list(args))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_the_whole_report_is_written_and_the_exit_code_kept() -> None:
    fine = _run("report", str(EXAMPLE), "--format", "json", "--no-cache")
    assert fine.returncode == 0, fine.stderr[-2000:]
    assert json.loads(fine.stdout)["cells"]  # every byte reached the pipe
    gate = _run("report", str(EXAMPLE), *GATE)
    assert gate.returncode == 1 and "gate failed" in gate.stderr
    plain = subprocess.run(  # cli.main's own entry exits as Python does
        [sys.executable, "-m", "tinyscaffold_server.cli.main", "report", str(EXAMPLE), *GATE],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (gate.stdout, gate.stderr) == (plain.stdout, plain.stderr)
    missing = _run("report", str(EXAMPLE.with_name("missing.py")), "--no-cache")
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_exit_handlers_still_run() -> None:
    before = "import atexit; atexit.register(print, 'exit handler ran')"
    run = _run("report", str(EXAMPLE), "--no-cache", before=before)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.rstrip().endswith("exit handler ran")
    assert "Summary" in run.stdout
