"""Report patches: the answer to ``POST analyze`` as the change to the report the client holds.

A one-cell edit changes one or a few cell entries and some of the notebook-level sections, yet
a full answer re-sends every cell's entry (about 690 KB for 1,000 cells).  A client that asks
for patches (``"since"`` in the request, see the README's REST API section) names the report it
holds by its ``report_id``; when the server still holds that report for the document it answers

    {"version": 1, "report_id": <new id>, "seq": ..., "path": ...,
     "patch": {"format": 1, "base": <the named id>,
               "cells": {"length": <number of cells>, "changed": [[position, entry], ...]},
               "set": {<top-level section>: <its new value>, ...},
               "removed": [<top-level section>, ...]}}

``apply_patch(base, patch answer)`` gives exactly the full answer: the base's cell entries
cut to ``length`` with the changed positions replaced, the base's sections with ``set``
applied and ``removed`` deleted, and ``version``, ``report_id``, ``seq`` and ``path`` taken from
the answer.  Which entries and sections differ is plain JSON equality: no knowledge of the
metrics here (a moved or inserted cell changes the entries after it, which are sent whole).

Pure functions; the per-document state (the last report sent) lives in ``sessions.py``.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Mapping
from typing import Any

PATCH_FORMAT = 1
# Sent with every answer, patch or not: they describe the answer, not the report's content.
ANSWER_FIELDS = ("version", "report_id", "seq", "path")

_process = secrets.token_hex(4)  # ids from an earlier server process never match
_counter = itertools.count(1)


def new_report_id() -> str:
    return f"{_process}-{next(_counter)}"


def report_patch(base: Mapping[str, Any], answer: Mapping[str, Any]) -> dict[str, Any]:
    """The patch answer that turns ``base`` into ``answer`` (both full answers with an id)."""
    base_cells, cells = base["cells"], answer["cells"]
    held = len(base_cells)
    changed = [
        [position, entry]
        for position, entry in enumerate(cells)
        if position >= held or base_cells[position] != entry
    ]
    sections = {key for key in (*base, *answer) if key != "cells" and key not in ANSWER_FIELDS}
    patch = {
        "format": PATCH_FORMAT,
        "base": base["report_id"],
        "cells": {"length": len(cells), "changed": changed},
        "set": {k: answer[k] for k in sorted(sections) if k in answer and base.get(k) != answer[k]},
        "removed": sorted(k for k in sections if k not in answer),
    }
    reply = {k: answer[k] for k in ANSWER_FIELDS if k in answer}
    return {**reply, "patch": patch}


def apply_patch(base: Mapping[str, Any], reply: Mapping[str, Any]) -> dict[str, Any]:
    """The full answer a patch answer stands for (the client's merge, in Python for tests)."""
    patch = reply["patch"]
    if patch["format"] != PATCH_FORMAT or patch["base"] != base["report_id"]:
        raise ValueError("the patch is not for this report")
    cells = list(base["cells"][: patch["cells"]["length"]])
    cells.extend([None] * (patch["cells"]["length"] - len(cells)))
    for position, entry in patch["cells"]["changed"]:
        cells[position] = entry
    merged = {k: v for k, v in base.items() if k not in patch["removed"]}
    merged.update(patch["set"])
    merged.update({k: v for k, v in reply.items() if k != "patch"})
    merged["cells"] = cells
    return merged
