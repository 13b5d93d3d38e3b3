"""What analysing a named file in its course costs: ``tinyscaffold report course/m3.py``
(in its course of five modules) beside the same file ``--alone``, warm (the report cache
filled) and with ``--no-cache``, as whole processes (byte-compiled, as users have them;
PYTHONDONTWRITEBYTECODE unset), medians of interleaved rounds.

    python bench/named_module.py [--rounds 11]

Target (issue 20 item 1): a warm run in the course costs about what a warm run alone does.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reference_speed import cli_command as cli  # the console script users run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "activations_dev.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.pop("TINYSCAFFOLD_RESIDENT", None)
    compileall.compile_dir(
        ROOT / "tinyscaffold_server", quiet=1, rx=__import__("re").compile("pattern_templates")
    )
    with tempfile.TemporaryDirectory(prefix="tinyscaffold-named-") as temp:
        work = Path(temp)
        for number in range(1, 6):
            target = work / "course" / f"{number:02d}_module" / f"m{number}.py"
            target.parent.mkdir(parents=True)
            # The example, each copy with a section of its own (a TinyTorch-sized module).
            extra = f"\n# %% [markdown]\n# ## Module {number} notes\n#\n# **Topic {number}**.\n"
            target.write_text(EXAMPLE.read_text(encoding="utf-8") + extra, encoding="utf-8")
        (work / "course" / "tinyscaffold.toml").write_text("# a course of five modules\n")
        named = "course/03_module/m3.py"
        cache = ["--cache-dir", str(work / "cache")]
        commands = {
            "in its course, warm": [*cli(), "report", named, *cache],
            "--alone, warm": [*cli(), "report", named, "--alone", *cache],
            "in its course, --no-cache": [*cli(), "report", named, "--no-cache"],
            "--alone, --no-cache": [*cli(), "report", named, "--alone", "--no-cache"],
            "course/ (the folder), --no-cache": [*cli(), "report", "course", "--no-cache"],
        }
        for command in commands.values():  # fills the cache, warms the disk
            subprocess.run(command, env=env, cwd=work, stdout=subprocess.DEVNULL, check=True)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                start = time.perf_counter()
                subprocess.run(command, env=env, cwd=work, stdout=subprocess.DEVNULL, check=True)
                walls[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(times) * 1000 for name, times in walls.items()}
    print(
        f"{args.rounds} rounds, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}, "
        "a course of 5 modules (medians, whole process)"
    )
    for name, ms in medians.items():
        print(f"  {name:<36}{ms:>9.1f} ms")
    ratio = medians["in its course, warm"] / medians["--alone, warm"]
    print(f"  warm in its course / warm --alone: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
