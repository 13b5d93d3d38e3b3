"""Load test of POST /tinyscaffold/analyze: concurrent authors editing one cell at a time.

Starts its own jupyter server (loopback only, random free port, random token, a temporary
empty root), then N client threads each edit their own copy of a 40-cell module: one changed
cell per request, every other cell sent as an ``unchanged`` reference (the delta protocol the
UI uses).  Bounded: a fixed number of requests per client, then the server is stopped.

    python bench/load_server.py [--clients 20] [--requests 100] [--target-ms 10] [--course N]

Prints requests/s, client latency p50/p99, the server's own time per request (from the
``Server-Timing`` header: parse + analysis + serialisation, without network and queueing),
and the error count.  Exit status 1 when there were errors or server p99 missed the target.

``--course N`` writes a course of N such modules (``course/NN_module/module.ipynb`` and a
``tinyscaffold.toml``) into the root and runs twice on the same server: first the notebooks
without a path (analysed alone: the reference), then each client's notebook as module
``client mod N`` of the course (analysed in its course: the known concepts, the concept-order
check, the course's stamps checked on every request).  The course's first analysis happens
before the measured edits, as when an author opens a module.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any


def module_cells(n: int = 40) -> list[dict[str, Any]]:
    """A course-like module: explanation, solution (with guidance), test, demo — repeated."""
    cells: list[dict[str, Any]] = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            source = (
                f"## Step {i // 4}: the **layer {i}** idea\n\n"
                + "We build on the previous step and add one thing. " * 6
                + f"\n\nThe output is $y_{i} = W x + b$."
            )
            cells.append({"id": f"c{i}", "cell_type": "markdown", "source": source, "metadata": {}})
            continue
        if kind == 1:
            source = (
                f"def layer_{i}(x, w, b):\n"
                '    """One dense layer."""\n'
                "    # TODO: multiply, add the bias, clip at zero\n"
                "    # APPROACH:\n    # 1. multiply\n    # 2. add b\n    # 3. clip\n"
                "    # EXAMPLE: layer(1, 2, 3) == 5\n    # HINTS: use max\n"
                "    ### BEGIN SOLUTION\n"
                "    y = x * w + b\n"
                "    if y < 0:\n        return 0\n"
                "    return y\n"
                "    ### END SOLUTION\n"
            )
            meta = {"nbgrader": {"solution": True, "grade": False}}
            cells.append({"id": f"c{i}", "cell_type": "code", "source": source, "metadata": meta})
            continue
        if kind == 2:
            source = f"assert layer_{i - 1}(1, 2, 3) == 5\nassert layer_{i - 1}(-5, 1, 0) == 0\n"
        else:
            source = "".join(f"v{j} = layer_{i - 2}({j}, 2, 1)\nprint(v{j})\n" for j in range(6))
        cells.append({"id": f"c{i}", "cell_type": "code", "source": source, "metadata": {}})
    return cells


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(root: str, port: int, token: str) -> subprocess.Popen[bytes]:
    args = [
        sys.executable,
        "-m",
        "jupyter_server",
        "--allow-root",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        "--ServerApp.log_level=WARN",
    ]
    log = open(os.path.join(root, "..", "server.log"), "wb")  # noqa: SIM115 - lives with the server
    return subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(port: int, token: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"jupyter server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/tinyscaffold/config", headers={"Authorization": f"token {token}"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("jupyter server did not become ready")


def write_course(root: str, modules: int) -> list[str]:
    """The course of ``--course``: paths (relative to the root) of its modules."""
    paths = []
    folder = os.path.join(root, "course")
    os.makedirs(folder)
    with open(os.path.join(folder, "tinyscaffold.toml"), "w", encoding="utf-8") as handle:
        handle.write("# the course of bench/load_server.py --course\n")
    for n in range(modules):
        cells = [
            {**c, "source": c["source"].replace("layer", f"layer{n}_")} for c in module_cells()
        ]
        for cell in cells:
            if cell["cell_type"] == "code":
                cell.update(outputs=[], execution_count=None)
        notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        path = f"course/{n + 1:02d}_module/module.ipynb"
        os.makedirs(os.path.dirname(os.path.join(root, path)))
        with open(os.path.join(root, path), "w", encoding="utf-8") as handle:
            json.dump(notebook, handle)
        paths.append(path)
    return paths


class Client(threading.Thread):
    def __init__(
        self, index: int, port: int, token: str, requests: int, path: str | None = None
    ) -> None:
        super().__init__(daemon=True)
        self.index, self.port, self.token, self.requests = index, port, token, requests
        self.path = path
        self.client_ms: list[float] = []
        self.server_ms: list[float] = []
        self.analysis_ms: list[float] = []
        self.errors: list[str] = []
        self.conflicts = 0

    def post(self, conn: http.client.HTTPConnection, body: dict[str, Any]) -> tuple[int, Any]:
        data = json.dumps(body).encode()
        headers = {"Authorization": f"token {self.token}", "Content-Type": "application/json"}
        start = time.perf_counter()
        conn.request("POST", "/tinyscaffold/analyze", body=data, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        timing = dict(
            part.strip().split(";dur=")
            for part in (response.getheader("Server-Timing") or "").split(",")
            if ";dur=" in part
        )
        if response.status == 200:
            self.client_ms.append(elapsed)
            self.server_ms.append(float(timing["total"]))
            self.analysis_ms.append(float(timing["analysis"]))
        return response.status, payload

    def run(self) -> None:
        cells = module_cells()
        doc = f"bench-{self.index}-{self.path}"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        where = {"path": self.path} if self.path else {}
        status, payload = self.post(
            conn, {"notebook": {"cells": cells}, "doc_id": doc, "seq": 0, **where}
        )
        if status != 200:
            self.errors.append(f"initial: {status} {payload[:200]!r}")
            return
        # The initial full send is warm-up, not one of the measured one-cell edits.
        for series in (self.client_ms, self.server_ms, self.analysis_ms):
            series.clear()
        for seq in range(1, self.requests + 1):
            k = (seq * 7 + self.index) % len(cells)
            cells[k] = {**cells[k], "source": cells[k]["source"] + f"\n# edit {seq}"}
            delta = [
                c if i == k else {"id": c["id"], "unchanged": True} for i, c in enumerate(cells)
            ]
            status, payload = self.post(
                conn, {"notebook": {"cells": delta}, "doc_id": doc, "seq": seq, **where}
            )
            if status == 409:  # server forgot the document: resend in full, as the UI does
                self.conflicts += 1
                status, payload = self.post(
                    conn, {"notebook": {"cells": cells}, "doc_id": doc, "seq": seq, **where}
                )
            if status != 200:
                self.errors.append(f"seq {seq}: {status} {payload[:200]!r}")
        conn.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def run_phase(
    port: int, token: str, args: argparse.Namespace, paths: list[str]
) -> tuple[list[Client], float]:
    clients = [
        Client(i, port, token, args.requests, paths[i % len(paths)] if paths else None)
        for i in range(args.clients)
    ]
    start = time.perf_counter()
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    return clients, time.perf_counter() - start


def report(title: str, clients: list[Client], wall: float, target_ms: float) -> bool:
    client_ms = [v for c in clients for v in c.client_ms]
    server_ms = [v for c in clients for v in c.server_ms]
    analysis_ms = [v for c in clients for v in c.analysis_ms]
    errors = [e for c in clients for e in c.errors]
    conflicts = sum(c.conflicts for c in clients)
    print(title)
    print(f"requests {len(client_ms)} in {wall:.2f} s: {len(client_ms) / wall:.0f} requests/s")
    for name, values in (("client", client_ms), ("server", server_ms), ("analysis", analysis_ms)):
        print(f"{name:9s} latency ms: p50 {pct(values, 50):.2f}  p99 {pct(values, 99):.2f}"
              f"  max {max(values, default=float('nan')):.2f}")  # fmt: skip
    print(f"errors {len(errors)}  conflicts (409, resent) {conflicts}")
    for error in errors[:5]:
        print("  ", error)
    ok = not errors and pct(server_ms, 99) <= target_ms
    print(f"target: server p99 <= {target_ms} ms, 0 errors: {'met' if ok else 'NOT met'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100, help="one-cell edits per client")
    parser.add_argument("--target-ms", type=float, default=10.0, help="server p99 target")
    parser.add_argument("--course", type=int, default=0, help="modules of a course (0: none)")
    args = parser.parse_args()
    if not (1 <= args.clients <= 200 and 1 <= args.requests <= 10_000 and args.course <= 200):
        parser.error("keep it bounded: 1-200 clients, 1-10000 requests each, 200 modules")

    token = secrets.token_hex(16)
    port = free_port()
    phases: list[tuple[str, list[Client], float]] = []
    with tempfile.TemporaryDirectory(prefix="tinyscaffold-bench-") as tmp:
        root = os.path.join(tmp, "root")
        os.mkdir(root)
        paths = write_course(root, args.course) if args.course else []
        proc = start_server(root, port, token)
        try:
            wait_ready(port, token, proc)
            what = f"clients {args.clients} x {args.requests} one-cell edits of a 40-cell module"
            clients, wall = run_phase(port, token, args, [])
            phases.append((f"{what}, analysed alone" if paths else what, clients, wall))
            if paths:
                clients, wall = run_phase(port, token, args, paths)
                title = f"{what}, each a module of a {args.course}-module course"
                phases.append((title, clients, wall))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    ok = True
    for n, (title, clients, wall) in enumerate(phases):
        if n:
            print()
        ok = report(title, clients, wall, args.target_ms) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
