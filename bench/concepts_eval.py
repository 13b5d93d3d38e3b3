"""How well the new-concept lists agree with hand labels (a script, not a test).

    python bench/concepts_eval.py                        # every labelled ../shared/corpus notebook
    python bench/concepts_eval.py NOTEBOOK LABELS ...    # pairs
    python bench/concepts_eval.py LABELS.concepts.json   # its "notebook", next to it
    python bench/concepts_eval.py DIR                    # every *.concepts.json in DIR
    python bench/concepts_eval.py --verbose ...          # every cell: reported vs labelled
    python bench/concepts_eval.py --errors ...           # the errors counted by kind

LABELS is a ``*.concepts.json`` file as in ``../shared/corpus`` (per cell index, the concepts
the cell introduces, with aliases and whether both labellers ``agreed``).  Prints, per
notebook and over all of them (the total adds the counts, so a long notebook weighs more):

- precision: reported new concepts that match a label of their cell (any label, agreed or not,
  by its name, its parenthetical, or an alias; the reported concept by its name or one of its
  aliases) over all reported;
- recall: agreed labels matched by a reported concept of their cell, over all agreed labels;
- F1 of the two;
- flags agreed: of the cells the analysis flags with more than ``max_new_concepts`` new
  concepts, the share whose agreed labels are also more than that;
- overloaded cells found: of the cells whose agreed labels are more than ``max_new_concepts``,
  the share the analysis flags (the Rule-of-3s ``new-concepts`` finding; a test or demo
  cell never gets it, whatever it introduces).

The targets (precision 0.85, recall 0.80, flags agreed and overloaded cells found 80 % and
70 %) hold for each notebook and for the total; the last lines say which are met.

Matching is by concept key (lower case, punctuation to spaces, plural dropped): a code name
also matches by its last dotted part ("Tensor.add" matches a label "add"), and a label also
by what stands in or outside its parentheses ("Scalar (0D tensor)" matches "scalar"), and a
label naming code with its kind ("backward() method", "MeanSquaredError class",
"add_autograd decorator") also by the code name alone.
The analysis runs with the default configuration and no glossary: what a new author sees.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from concept_errors import categorise
from concept_errors import line as error_line

from tinyscaffold_server import analyze, load_notebook
from tinyscaffold_server.core.concepts.candidates import normalise_key

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
_PAREN = re.compile(r"\(([^()]*)\)")
# "backward() method", "MeanSquaredError class", "add_autograd decorator": a code name with
# the kind of thing it is; the name alone is what a tool reports.
_CODE_WITH_KIND = re.compile(
    r"^(?P<name>\S+)\s+(?P<kind>class|subclass|method|function|decorator|object|module)$"
)
_CODE_SHAPED = re.compile(r"[_.()]|[a-z][A-Z]")


def label_forms(label: Mapping[str, Any]) -> set[str]:
    names = [str(label["concept"]), *(str(a) for a in label.get("aliases", []))]
    forms = set()
    for name in names:
        forms.add(normalise_key(name))
        forms.add(normalise_key(_PAREN.sub(" ", name)))
        forms.update(normalise_key(inner) for inner in _PAREN.findall(name))
        named = _CODE_WITH_KIND.match(name.strip())
        if named is not None and (
            _CODE_SHAPED.search(named["name"]) or named["kind"] in ("class", "subclass", "object")
        ):
            forms.add(normalise_key(named["name"]))
    forms.discard("")
    return forms


def reported_forms(concept: Mapping[str, Any]) -> set[str]:
    forms = set()
    for name in (concept["name"], *concept.get("aliases", [])):
        forms.update({normalise_key(name), normalise_key(name.rsplit(".", 1)[-1])})
    forms.discard("")
    return forms


@dataclass
class Score:
    reported: int = 0
    right: int = 0
    agreed: int = 0
    found: int = 0
    flagged: int = 0
    flags_agreed: int = 0
    overloaded: int = 0
    overloaded_found: int = 0

    def add(self, other: Score) -> None:
        for field in self.__dataclass_fields__:
            setattr(self, field, getattr(self, field) + getattr(other, field))

    @property
    def precision(self) -> float:
        return self.right / self.reported if self.reported else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.agreed if self.agreed else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def flag_share(self) -> float:
        return self.flags_agreed / self.flagged if self.flagged else 1.0

    @property
    def overloaded_share(self) -> float:
        return self.overloaded_found / self.overloaded if self.overloaded else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name:<24} precision {self.precision:.2f} ({self.right}/{self.reported})  "
            f"recall {self.recall:.2f} ({self.found}/{self.agreed})  F1 {self.f1:.2f}  "
            f"flags agreed {self.flag_share:.0%} ({self.flags_agreed}/{self.flagged})  "
            f"overloaded cells found {self.overloaded_share:.0%} "
            f"({self.overloaded_found}/{self.overloaded})"
        )

    def verdicts(self) -> list[tuple[str, float, float]]:
        """(measure, value, target) of every target."""
        return [
            ("precision", self.precision, 0.85),
            ("recall", self.recall, 0.80),
            ("flags agreed", self.flag_share, 0.80),
            ("overloaded cells found", self.overloaded_share, 0.70),
        ]


def score_notebook(
    report: Mapping[str, Any], labels: Mapping[str, Any], verbose: bool, out: Any
) -> Score:
    limit = int(report["config"]["max_new_concepts"])
    labelled: Mapping[str, Sequence[Mapping[str, Any]]] = labels["cells"]
    score = Score()
    for cell in report["cells"]:
        concepts = cell["concepts"]
        reported = [c["name"] for c in concepts]
        forms_of = {c["name"]: reported_forms(c) for c in concepts}
        cell_labels = labelled.get(str(cell["index"]), [])
        forms = [label_forms(label) for label in cell_labels]
        every_form = set().union(*forms) if forms else set()
        right = [name for name in reported if forms_of[name] & every_form]
        agreed = [f for f, label in zip(forms, cell_labels, strict=True) if label.get("agreed")]
        found = [f for f in agreed if any(forms_of[name] & f for name in reported)]
        score.reported += len(reported)
        score.right += len(right)
        score.agreed += len(agreed)
        score.found += len(found)
        flagged = any(f.get("rule") == "new-concepts" for f in cell.get("findings", ()))
        if flagged:
            score.flagged += 1
            score.flags_agreed += len(agreed) > limit
        if len(agreed) > limit:
            score.overloaded += 1
            score.overloaded_found += flagged
        if verbose and (reported or cell_labels):
            wrong = [name for name in reported if name not in right]
            missed = [
                label["concept"]
                for f, label in zip(forms, cell_labels, strict=True)
                if label.get("agreed") and f not in found
            ]
            mark = " FLAGGED" if flagged else ""
            print(f"  cell {cell['index']:>3}:{mark} right {right}", file=out)
            if wrong:
                print(f"            wrong {wrong}", file=out)
            if missed:
                print(f"            missed {missed}", file=out)
    return score


def _labelled_notebook(labels: Path) -> tuple[Path, Path]:
    """A labels file and the notebook its "notebook" field names, next to it."""
    try:
        name = json.loads(labels.read_text(encoding="utf-8"))["notebook"]
    except (OSError, ValueError, KeyError) as exc:
        sys.exit(f"{labels}: cannot tell which notebook it labels ({exc})")
    return labels.parent / name, labels


def pairs(args: Sequence[str]) -> Iterable[tuple[Path, Path]]:
    rest = list(args) or [str(CORPUS)]
    while rest:
        first = Path(rest.pop(0))
        if first.is_dir():
            for labels in sorted(first.glob("*.concepts.json")):
                yield _labelled_notebook(labels)
        elif first.name.endswith(".concepts.json"):
            yield _labelled_notebook(first)
        elif rest:
            yield first, Path(rest.pop(0))
        else:
            sys.exit(f"{first}: give NOTEBOOK LABELS pairs, LABELS.concepts.json files or folders")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", metavar="PATH")
    parser.add_argument("--verbose", "-v", action="store_true", help="show every cell")
    parser.add_argument(
        "--errors", action="store_true", help="count the errors by kind (bench/concept_errors.py)"
    )
    args = parser.parse_args(argv)
    total = Score()
    wrong_kinds: Counter[str] = Counter()
    missed_kinds: Counter[str] = Counter()
    scores: list[tuple[str, Score]] = []
    for notebook, labels_path in pairs(args.files):
        if not notebook.exists() or not labels_path.exists():
            sys.exit(f"missing: {notebook if not notebook.exists() else labels_path}")
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        loaded = load_notebook(notebook)
        report = analyze(loaded)
        if args.errors:
            more = categorise(report, labels["cells"], loaded["cells"], label_forms, reported_forms)
            wrong_kinds.update(more[0])
            missed_kinds.update(more[1])
        if args.verbose:
            print(notebook.name)
        score = score_notebook(report, labels, args.verbose, sys.stdout)
        print(score.line(notebook.name))
        total.add(score)
        scores.append((notebook.name, score))
    if len(scores) > 1:
        print(total.line("total"))
        scores.append(("total", total))
    for name, score in scores:
        missed = [
            f"{measure} {value:.2f} < {target:.2f}"
            for measure, value, target in score.verdicts()
            if value < target
        ]
        print(f"{name}: " + ("every target met" if not missed else "NOT met: " + ", ".join(missed)))
    if args.errors:
        print(error_line("wrong", wrong_kinds))
        print(error_line("missed", missed_kinds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
