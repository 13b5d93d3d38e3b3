"""The server's part of the live path: the one-cell edits of ``bench/ui_latency.js`` (its
200-cell notebook, its middle cell gaining and losing one line) posted as the UI posts them
(unchanged cells by reference, report patches), against this tree and, in the same run, a
reference tree (another checkout of the package, e.g. ``git archive REV``), alternately.

    python bench/live_server_time.py [--edits 40] [--rounds 2] [--cells 200]
        [--reference-tree DIR]   # a directory holding another tinyscaffold_server/

Each round starts a ``jupyter server`` (ui-tests/jupyter_server_test_config.py, loopback, a
temporary root holding the notebook as ``big.ipynb``) per tree and prints, per tree, the
server's own time per request (``Server-Timing`` total: parse, course context, analysis,
report patch, serialisation), the analysis alone, and the client's round trip, p50 / p90 in ms.
The answers of both trees are compared (report ids aside): a difference is printed and exits 1.
Needs node (the notebook comes from ui-tests/fixtures/notebooks.js). A benchmark: figures vary
with the machine's load, which is printed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
UI_TESTS = REPO / "ui-tests"


def fixture_notebook(cells: int) -> dict[str, Any]:
    script = (
        "const f = require('./fixtures/notebooks.js');"
        f"process.stdout.write(JSON.stringify(f.bigNotebook({cells})))"
    )
    out = subprocess.run(["node", "-e", script], cwd=UI_TESTS, capture_output=True, check=True)
    notebook: dict[str, Any] = json.loads(out.stdout)
    return notebook


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_tree(tree: Path | None, notebook: dict[str, Any], edits: int) -> dict[str, Any]:
    """One server of ``tree`` (None: this checkout as installed), the edits posted to it."""
    tmp = Path(tempfile.mkdtemp(prefix="tinyscaffold-live-"))
    root = tmp / "root"
    root.mkdir()
    (root / "big.ipynb").write_text(json.dumps(notebook))
    port = free_port()
    env = {
        **os.environ,
        "JUPYTERLAB_GALATA_ROOT_DIR": str(root),
        "TINYSCAFFOLD_UI_STATE_DIR": str(tmp / "state"),
        "TINYSCAFFOLD_UI_PORT": str(port),
    }
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree), env.get("PYTHONPATH")]))
    server = subprocess.Popen(
        ["jupyter", "server", "--config", "jupyter_server_test_config.py"],
        cwd=UI_TESTS,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        return _post_edits(port, server, notebook, edits)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def _post_edits(
    port: int, server: subprocess.Popen[bytes], notebook: dict[str, Any], edits: int
) -> dict[str, Any]:
    until = time.monotonic() + 120
    while True:
        if server.poll() is not None or time.monotonic() > until:
            raise SystemExit("jupyter server did not start")
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/api/status")
            if probe.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.25)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cells = [dict(cell) for cell in notebook["cells"]]
    target = len(cells) // 2
    while target % 4 != 1:  # a two-line code cell, as ui_latency.js picks it
        target += 1
    base = "\n".join(f"a{i} = {i}" for i in range(10))  # 10 SLOC: complexity 1
    state: dict[str, Any] = {"seq": 0, "since": None}
    figures: dict[str, list[float]] = {"total": [], "analysis": [], "client": []}
    answers: list[Any] = []

    def post(sent: list[dict[str, Any]], measured: bool) -> None:
        state["seq"] += 1
        body = {
            "notebook": {"cells": sent, "metadata": notebook["metadata"]},
            "doc_id": "bench-doc",
            "path": "big.ipynb",
            "seq": state["seq"],
            "config": {},
            "since": state["since"],
        }
        start = time.perf_counter()
        conn.request("POST", "/tinyscaffold/analyze", json.dumps(body))
        reply = conn.getresponse()
        raw = reply.read()
        client = (time.perf_counter() - start) * 1000
        if reply.status != 200:
            raise SystemExit(f"HTTP {reply.status}: {raw[:300]!r}")
        data = json.loads(raw)
        state["since"] = data.get("report_id")
        timing = dict(
            part.strip().split(";dur=") for part in reply.getheader("Server-Timing", "").split(",")
        )
        answers.append(_without_ids(data))
        if measured:
            figures["total"].append(float(timing["total"]))
            figures["analysis"].append(float(timing["analysis"]))
            figures["client"].append(client)

    cells[target] = {**cells[target], "source": base}
    post(cells, False)
    for _ in range(edits):
        for source in (base + "\nb = 1", base):
            cells[target] = {**cells[target], "source": source}
            sent = [
                cell if i == target else {"id": cell["id"], "unchanged": True}
                for i, cell in enumerate(cells)
            ]
            post(sent, True)
            time.sleep(0.05)
    return {"figures": figures, "answers": answers}


def _without_ids(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer without its report ids (random per server)."""
    answer = {k: v for k, v in answer.items() if k != "report_id"}
    patch = answer.get("patch")
    if isinstance(patch, dict):
        answer["patch"] = {k: v for k, v in patch.items() if k != "base"}
    return answer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cells", type=int, default=200)
    parser.add_argument("--reference-tree", type=Path, default=None)
    args = parser.parse_args()
    notebook = fixture_notebook(args.cells)
    trees: list[tuple[str, Path | None]] = [("this tree", None)]
    if args.reference_tree is not None:
        trees.insert(0, ("reference", args.reference_tree.resolve()))
    loads = []
    results: dict[str, dict[str, list[float]]] = {name: {} for name, _ in trees}
    answers: dict[str, list[Any]] = {}
    for _ in range(args.rounds):
        for name, tree in trees:
            loads.append(os.getloadavg()[0])
            run = run_tree(tree, notebook, args.edits)
            for key, values in run["figures"].items():
                results[name].setdefault(key, []).extend(values)
            answers.setdefault(name, run["answers"])
    print(
        f"\nlive path, server side: {args.cells}-cell notebook, {args.edits} x 2 one-cell edits "
        f"per round, {args.rounds} round(s); load average {min(loads):.1f}-{max(loads):.1f} "
        "on 2 cores"
    )
    print(f"{'ms, p50 / p90':44s}" + "".join(f"{name:>20s}" for name, _ in trees))
    for key, label in (
        ("total", "server time (Server-Timing total)"),
        ("analysis", "  of which the analysis"),
        ("client", "round trip at the client"),
    ):
        cells = [
            f"{statistics.median(results[name][key]):8.2f} / {pct(results[name][key], 0.9):6.2f}"
            for name, _ in trees
        ]
        print(f"{label:44s}" + "".join(f"{cell:>20s}" for cell in cells))
    if len(trees) == 2 and answers["reference"] != answers["this tree"]:
        print("the answers differ between the trees")
        return 1
    if len(trees) == 2:
        print("answers identical in both trees (report ids aside)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
