"""The cell worker process: analyses the huge cells of the live notebook (``workers.py``).

Started by the Jupyter server (``workers.CellWorker``, which calls ``main``), it reads
jobs from standard input and writes answers to standard output, each one frame: an 8-byte
big-endian length, then a pickle.  A job is ``(cells, config)`` (``core.analyzer.CellInput``
tuples and a merged configuration); the answer is ``("ok", [CellResult, ...])`` or
``("error", "text")``.  It imports the analysis core and nothing of Jupyter.

Why a process: parsing or scanning one 5 MB cell is a single C call (``ast.parse``, a
regular expression) that holds the GIL for seconds, and no thread could keep the Jupyter
server's event loop answering meanwhile.  The parent only ever sends pickles it made.
"""

from __future__ import annotations

import os
import pickle
import sys
from typing import IO, Any

HEADER = 8
TAKEN = b"\x01"  # written as soon as a job is read, before its answer frame


def read_frame(stream: IO[bytes]) -> bytes | None:
    """One frame's body, or None at the end of the stream."""
    header = read_exactly(stream, HEADER)
    if header is None:
        return None
    return read_exactly(stream, int.from_bytes(header, "big"))


def read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    """``size`` bytes, or None at the end of the stream (an unbuffered stream may return
    fewer bytes per read)."""
    parts, missing = [], size
    while missing:
        part = stream.read(missing)
        if not part:
            return None
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


def write_frame(stream: IO[bytes], body: bytes) -> None:
    """One frame (an unbuffered stream may take a large body in several writes)."""
    data = memoryview(len(body).to_bytes(HEADER, "big") + body)
    while data:
        written = stream.write(data)
        data = data[written if written is not None else len(data) :]
    stream.flush()


def serve(jobs: IO[bytes], answers: IO[bytes]) -> None:
    from ..core.analyzer import analyse_cells

    while (frame := read_frame(jobs)) is not None:
        answers.write(TAKEN)  # the parent then knows a failure from here on is this job's
        answers.flush()
        cells, config = pickle.loads(frame)
        answer: tuple[str, Any]
        try:
            answer = ("ok", analyse_cells(cells, config))
        except Exception as exc:  # reported to the request; the worker goes on
            answer = ("error", f"{type(exc).__name__}: {exc}")
        write_frame(answers, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


def main() -> None:
    # Answers go to a copy of the standard output; whatever a library prints goes to the
    # standard error instead, so that it cannot corrupt a frame.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":  # pragma: no cover - workers.py starts it with -c
    main()
