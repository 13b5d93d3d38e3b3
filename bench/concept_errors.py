"""Where the concept lists disagree with hand labels, by kind of error (``concepts_eval.py
--errors``): counts over every notebook given, so that a change can be judged by which kind
of error it removes.

A wrong concept (reported, matching no label of its cell) is

- ``placement``: it matches a label of another cell (the right idea, the wrong cell);
- ``granularity``: it shares a word of three letters or more with a label of its cell (a
  fragment or a longer phrase of a labelled concept: "squares loss function");
- ``code``: a function, method, class, closure or library call no label names;
- ``prose``: a phrase no label names ("entries", "use deriv").

A missed agreed label is

- ``placement``: a concept reported in another cell matches it;
- ``granularity``: a concept reported in its cell shares a word with it;
- ``said in markdown`` / ``said in code``: its name or an alias stands, as words, in its
  markdown cell or in its code cell (prose, comments, identifiers), yet nothing was reported;
- ``not said``: no words of its cell name it ("query, key and value weights and biases").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tinyscaffold_server.core.concepts.keys import padded

_CODE_KINDS = frozenset({"function", "method", "class", "closure", "call"})

Forms = Callable[[Mapping[str, Any]], set[str]]


def _words(forms: set[str]) -> set[str]:
    return {word for form in forms for word in form.split() if len(word) > 2}


def categorise(
    report: Mapping[str, Any],
    labels: Mapping[str, Sequence[Mapping[str, Any]]],
    cells: Sequence[Mapping[str, Any]],
    label_forms: Forms,
    reported_forms: Forms,
) -> tuple[Counter[str], Counter[str]]:
    """(wrong, missed) counts by category for one notebook (``cells``: its source cells)."""
    wrong: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    reported_at: dict[str, set[int]] = {}
    labelled_at: dict[str, set[int]] = {}
    for cell in report["cells"]:
        for concept in cell["concepts"]:
            for form in reported_forms(concept):
                reported_at.setdefault(form, set()).add(cell["index"])
    for index, cell_labels in labels.items():
        for label in cell_labels:
            for form in label_forms(label):
                labelled_at.setdefault(form, set()).add(int(index))
    for cell in report["cells"]:
        at = cell["index"]
        forms = [label_forms(label) for label in labels.get(str(at), [])]
        every = set().union(*forms) if forms else set()
        ours = [reported_forms(concept) for concept in cell["concepts"]]
        for concept, mine in zip(cell["concepts"], ours, strict=True):
            if mine & every:
                continue
            if any(labelled_at.get(form, set()) - {at} for form in mine):
                wrong["placement"] += 1
            elif _words(mine) & _words(every):
                wrong["granularity"] += 1
            else:
                wrong["code" if concept["kind"] in _CODE_KINDS else "prose"] += 1
        ours_words = _words(set().union(*ours)) if ours else set()
        text = _cell_words(cells[at]) if at < len(cells) else ""
        for label, theirs in zip(labels.get(str(at), []), forms, strict=True):
            if not label.get("agreed") or any(mine & theirs for mine in ours):
                continue
            if any(reported_at.get(form, set()) - {at} for form in theirs):
                missed["placement"] += 1
            elif _words(theirs) & ours_words:
                missed["granularity"] += 1
            elif any(padded(form) in text for form in theirs):
                kind = "markdown" if cells[at].get("cell_type") == "markdown" else "code"
                missed[f"said in {kind}"] += 1
            else:
                missed["not said"] += 1
    return wrong, missed


def _cell_words(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return padded(source if isinstance(source, str) else "".join(source))


def line(name: str, counts: Counter[str]) -> str:
    parts = ", ".join(f"{kind} {count}" for kind, count in counts.most_common())
    return f"{name} {sum(counts.values())}: {parts}"
