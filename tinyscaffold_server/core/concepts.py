"""SPEC 4: which concepts each cell introduces.

Two stages, so that the expensive part can be cached per cell:

- ``extract_concepts`` looks at one cell only (markdown bold terms, code definitions, raw call
  names, import aliases, the author override) and precomputes every normalised key;
- ``new_concepts_per_cell`` runs on every request over the whole notebook: it threads the
  import-alias table through the cells, resolves calls, and keeps each key the first time it
  is seen.  It does dict/set look-ups only.

Generic-label policy for markdown bold (the SPEC leaves the list open with "…").  A bold span
is a *label*, not a concept, when (checked on the normalised, per-word singular form):

1. every word is a generic label word or a filler word ("Definition", "Key Concepts",
   "Real-world examples", "Next steps", "Learning Side"), or the whole span equals one of
   ``config["extra_generic_labels"]``;
2. it starts with a question word ("Why this matters", "How it works");
3. it addresses the reader ("Export your code", "What you've accomplished", "Let's build");
4. it points into the course structure ("Step 1", "Move to Module 2");
5. it is ALL-CAPS and every word is a marker word ("TODO", "HINT", "STEP-BY-STEP
   IMPLEMENTATION").  Marker words count only when shouted, because some ("Attention")
   are real concepts in normal case.

Generic words are grouped by why they are labels (see ``_GENERIC``); words that double as
common ML/Python concepts in normal case (accuracy, parameters, attention, property, value)
are deliberately left out.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = [
    "CellConcepts",
    "Concept",
    "extract_concepts",
    "new_concepts_per_cell",
    "normalise_key",
]


@dataclass(frozen=True)
class Concept:
    name: str  # display name as written ("ReLU", "numpy.maximum", "forward pass")
    key: str  # normalise_key(name): what novelty is decided on
    kind: str  # "term" (markdown bold) | "class" | "function" | "call" | "override"
    line: int | None  # 1-based line in the cell (None for overrides)


@dataclass(frozen=True)
class CellConcepts:
    """Facts that depend on one cell only, so the caller can cache them by cell content."""

    candidates: tuple[Concept, ...]  # non-call candidates, in order of appearance
    calls: tuple[tuple[str, int], ...]  # raw dotted call names with line, first use only
    imports: tuple[tuple[str, str], ...]  # aliases this cell binds: ("np", "numpy")


_EMPTY = CellConcepts((), (), ())

# --- key normalisation --------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[\W_]+")


def _words(*text: str) -> frozenset[str]:
    return frozenset(" ".join(text).split())


# Words that end in "s" but are singular; dropping the "s" would split them from their plural.
_SINGULAR_S = _words("bias alias atlas canvas pandas series species news lens always perhaps thus")
# Plurals the suffix rules get wrong, mapped to the singular the rules keep stable.
_IRREGULAR = {
    plural: singular
    for plural, _, singular in (
        pair.partition(":")
        for pair in _words(
            "biases:bias aliases:alias axes:axis analyses:analysis hypotheses:hypothesis "
            "matrices:matrix indices:index vertices:vertex caches:cache statuses:status"
        )
    )
}


def _singular(word: str) -> str:
    """SPEC "trailing plural s dropped", made stable enough that a term and its plural meet.

    Extension (documented deviation): "-ies" → "-y", "-sses/-xes/-ches/-shes" → drop "es",
    and a few irregulars, so "batches"/"batch" and "entries"/"entry" share a key.  Words of
    three letters or fewer and "-ss"/"-us"/"-is" words ("loss", "class", "status", "axis")
    keep their "s".
    """
    if len(word) < 4 or word[-1] != "s":
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in _SINGULAR_S or word.endswith(("ss", "is")):
        return word
    if word.endswith("us") and len(word) > 4:  # "status", "focus"; but "gpus" → "gpu"
        return word
    if len(word) > 4:
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith(("sses", "xes", "ches", "shes")):
            return word[:-2]
    return word[:-1]


@lru_cache(maxsize=16384)
def normalise_key(name: str) -> str:
    """Lower-case, non-alphanumerics → one space, plural dropped from the last word only.

    Only the last word: in English noun phrases the head noun carries the plural
    ("activation functions"); earlier words are modifiers whose "s" is rarely a plural.
    """
    words = _NON_ALNUM.sub(" ", name.lower()).split()
    if not words:
        return ""
    words[-1] = _singular(words[-1])
    return " ".join(words)


# --- markdown -----------------------------------------------------------------------------

# Groups of generic label words, in singular key form.  Each group is a reason.
_GENERIC = _words(
    # SPEC's own list
    "definition example formula why what how when note key input output range use advantage "
    # document structure / rhetorical role: names a slot in the text, not a topic
    "overview summary introduction intro background motivation context goal objective outcome "
    "purpose idea concept insight intuition takeaway recap review conclusion result detail "
    "explanation description observation remember reminder tip hint warning caution important "
    "caveat limitation benefit disadvantage drawback pitfall pro con consideration principle "
    "foundation step part section module chapter lesson exercise task problem question answer "
    "solution approach todo challenge bonus optional requirement prerequisite reference source "
    "side argument arg return raise yield equation analogy interpretation "
    # pedagogy verbs: what the student does, not what they learn
    "build building understand understanding learn learning implement implementation practice "
    "try explore apply test testing check verify run export start begin finish done ready "
    "congratulation welcome usage using setup "
    # setting in which something applies ("Production: …", "In practice: …")
    "production research industry theory reality "
    # design-quality adjectives used as bullet labels; accuracy/precision stay concepts
    "simplicity consistency performance extensibility efficiency flexibility readability "
    "maintainability reliability scalability usability clarity robustness correctness",
)
# Words that carry no topic on their own; a span made only of these and generic words is a label.
_FILLER = _words(
    "a an the of for to in on at by with and or vs versus this that these those it its is are "
    "be matter more other next first second third final last new real world common quick "
    "simple basic main core general big full further additional some all each every here "
    "there now then so do not no yes one two three",
)
_QUESTION = _words("why what how when where which who whose")
_PRONOUN = _words("you your yours yourself we our ours us let my")
_STRUCTURE = _words(
    "step module part section chapter lesson exercise task question problem level stage phase "
    "week day lab unit milestone checkpoint",
)
# Only when the whole span is ALL-CAPS (SPEC "lone ALL-CAPS marker words").
_MARKER = _words(
    "todo fixme xxx hint approach example note warning important tip step solution task "
    "exercise implementation begin end goal check checkpoint debugging caution danger "
    "attention info question answer challenge bonus optional required critical connection "
    "by usage",
)
_EXCLUDED_DUNDERS = frozenset({"__init__", "__call__", "__repr__", "__str__"})

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")
# Bounded spans keep a pathological line (thousands of "**") linear; bold is one line here.
_BOLD = re.compile(
    r"\*\*(?!\s)(?P<star>.{1,300}?)(?<!\s)\*\*"
    r"|(?<!\w)__(?!\s)(?P<under>.{1,300}?)(?<!\s)__(?!\w)"
)
_LIST_NUMBER = re.compile(r"^\(?\d+[.)]\s*")
_DUNDER_BODY = re.compile(r"[a-z][a-z0-9_]*")
# Inline code may contain "*" / "_" that must not open or close bold; hide them meanwhile.
_HIDE = str.maketrans({"*": "\x01", "_": "\x02"})
_UNHIDE = str.maketrans({"\x01": "*", "\x02": "_"})


@lru_cache(maxsize=64)
def _extra_labels(extra: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """(whole-span keys, generic words) from config["extra_generic_labels"]."""
    keys = frozenset(k for k in (normalise_key(label) for label in extra) if k)
    return keys, _GENERIC | frozenset(k for k in keys if " " not in k)


def _is_label(text: str, key: str, extra_keys: frozenset[str], generic: frozenset[str]) -> bool:
    if key in extra_keys:
        return True
    words = [_singular(w) for w in key.split()]
    if words[0] in _QUESTION or any(w in _PRONOUN for w in words):
        return True
    if any(w in _STRUCTURE and n.isdigit() for w, n in zip(words, words[1:])):
        return True
    if all(w in generic or w in _FILLER for w in words):
        return True
    shouted = text.upper() == text and any(c.isalpha() for c in text)
    return shouted and all(w in _MARKER or w in _FILLER or w in generic for w in words)


def _clean_bold(raw: str) -> str | None:
    """The candidate name inside one bold span, or None if SPEC 4 rejects the span."""
    text = raw.translate(_UNHIDE).strip().strip("*").strip()
    if len(text) > 2 and text[0] == text[-1] == "_" and text[1] != "_":
        text = text[1:-1].strip()  # **_bold italic_**; a leading dunder stays intact
    text = text.rstrip(":").rstrip()
    if text.endswith(("?", "!")):
        return None
    text = _LIST_NUMBER.sub("", text)
    if len(text) < 3 or not any(c.isalpha() for c in text) or not 1 <= len(text.split()) <= 5:
        return None
    return text


def _markdown_candidates(source: str, config: Mapping[str, Any]) -> list[Concept]:
    extra = config.get("extra_generic_labels") if isinstance(config, Mapping) else None
    extra_tuple = (
        tuple(x for x in extra if isinstance(x, str)) if isinstance(extra, (list, tuple)) else ()
    )
    extra_keys, generic = _extra_labels(extra_tuple)
    found: list[Concept] = []
    fence: str | None = None
    for lineno, line in enumerate(source.split("\n"), start=1):
        opened = _FENCE.match(line)
        if fence is not None:
            # A fence closes on the same character, at least as long as the opener.
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        if "**" not in line and "__" not in line:
            continue
        line = _INLINE_CODE.sub(lambda m: m.group(2).translate(_HIDE), line)
        for match in _BOLD.finditer(line):
            star, under = match.group("star"), match.group("under")
            if under is not None and _DUNDER_BODY.fullmatch(under):
                # "__add__" in prose is a dunder written without backticks, not bold "add".
                name: str | None = f"__{under}__"
                if name in _EXCLUDED_DUNDERS:
                    continue
            else:
                name = _clean_bold(star if star is not None else under)
            if name is None:
                continue
            key = normalise_key(name)
            if key and not _is_label(name, key, extra_keys, generic):
                found.append(Concept(name, key, "term", lineno))
    return found


# --- code ---------------------------------------------------------------------------------


def _public_definition(name: str) -> bool:
    if name.startswith("__") and name.endswith("__") and len(name) > 4:
        return name not in _EXCLUDED_DUNDERS
    return not name.startswith("_") and not name.startswith("test_")


def _is_test_class(name: str) -> bool:
    # pytest collects ``Test*`` classes; they hold checks, not course concepts.
    return name.startswith("Test") and (len(name) == 4 or not name[4].islower())


def _definitions(tree: ast.Module) -> list[tuple[int, int, Concept]]:
    """Classes and functions reachable through module and class bodies.

    Bodies of functions are not entered: closures and local classes are implementation
    details of the enclosing function, like its local variables (documented decision).
    Compound statements (if/try/with/for/match) are entered, so guarded definitions count.
    """
    found: list[tuple[int, int, Concept]] = []
    stack: list[ast.stmt] = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.ClassDef):
            if _is_test_class(node.name):
                continue
            if _public_definition(node.name) and not node.name.startswith("__"):
                concept = Concept(node.name, normalise_key(node.name), "class", node.lineno)
                found.append((node.lineno, node.col_offset, concept))
            stack.extend(reversed(node.body))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if _public_definition(node.name):
                concept = Concept(node.name, normalise_key(node.name), "function", node.lineno)
                found.append((node.lineno, node.col_offset, concept))
        else:
            for field in ("body", "orelse", "finalbody"):
                stack.extend(reversed(_statements(getattr(node, field, None))))
            for holder in getattr(node, "handlers", None) or getattr(node, "cases", None) or ():
                stack.extend(reversed(_statements(getattr(holder, "body", None))))
    return [entry for entry in found if entry[2].key]


def _statements(value: object) -> list[ast.stmt]:
    if isinstance(value, list):
        return [item for item in value if isinstance(item, ast.stmt)]
    return []


def _dotted(node: ast.expr) -> str | None:
    """The dotted name of a Name/Attribute chain (``np.linalg.norm``), else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _calls_and_imports(
    tree: ast.Module,
) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, str], ...]]:
    calls: list[tuple[int, int, str]] = []
    imports: list[tuple[int, int, str, str]] = []
    # Imports anywhere in the cell count, function-local ones included: they still tell
    # which library the calls in that function come from.
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name is not None:
                calls.append((node.lineno, node.col_offset, name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                # ``import a.b`` binds ``a``; ``import a.b as c`` binds ``c`` to ``a.b``.
                bound = alias.asname or alias.name.partition(".")[0]
                target = alias.name if alias.asname else bound
                imports.append((node.lineno, node.col_offset, bound, target))
        elif isinstance(node, ast.ImportFrom):
            module = "." * (node.level or 0) + (node.module or "")
            for alias in node.names:
                if alias.name == "*":
                    continue  # the names it binds are unknowable without importing
                sep = "" if module.endswith(".") else "."  # "from . import x" → ".x"
                target = f"{module}{sep}{alias.name}"
                imports.append((node.lineno, node.col_offset, alias.asname or alias.name, target))
    # Sort on position only: ast.walk is breadth-first, and names of one statement keep order.
    calls.sort(key=lambda entry: entry[:2])
    imports.sort(key=lambda entry: entry[:2])
    first_calls: dict[str, int] = {}
    for line, _, name in calls:
        first_calls.setdefault(name, line)
    return tuple(first_calls.items()), tuple((bound, target) for *_, bound, target in imports)


# --- override -----------------------------------------------------------------------------


def _override(metadata: object) -> tuple[Concept, ...] | None:
    """Concepts from ``metadata.tinyscaffold.concepts``, or None when there is no usable one.

    The analyzer must never crash on hand-edited metadata, so: a string counts as a one-item
    list; non-string / blank items are skipped; ``[]`` is a real override ("this cell
    introduces nothing"); a non-empty list with no usable item, or any other type, is
    ignored and the extracted candidates stand.
    """
    if not isinstance(metadata, Mapping):
        return None
    settings = metadata.get("tinyscaffold")
    if not isinstance(settings, Mapping) or "concepts" not in settings:
        return None
    value = settings["concepts"]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return None
    concepts = []
    for item in value:
        if isinstance(item, str) and normalise_key(item.strip()):
            concepts.append(Concept(item.strip(), normalise_key(item.strip()), "override", None))
    if value and not concepts:
        return None
    return tuple(concepts)


# --- public API ---------------------------------------------------------------------------


def extract_concepts(
    source: str,
    cell_type: str,
    metadata: Mapping[str, Any],
    tree: ast.Module | None,
    config: Mapping[str, Any],
) -> CellConcepts:
    """Per-cell candidates, raw calls and import aliases.  Never raises on odd input."""
    if cell_type == "code" and isinstance(tree, ast.Module):
        defined = _definitions(tree)
        calls, imports = _calls_and_imports(tree)
        candidates = tuple(concept for *_, concept in sorted(defined, key=lambda e: e[:2]))
    elif cell_type == "markdown" and isinstance(source, str):
        candidates, calls, imports = tuple(_markdown_candidates(source, config)), (), ()
    else:
        candidates, calls, imports = (), (), ()
    override = _override(metadata) if cell_type in ("code", "markdown") else None
    if override is not None:
        # The author's list replaces every candidate, calls included; the cell's imports
        # still bind names for later cells.
        return CellConcepts(override, (), imports)
    if not (candidates or calls or imports):
        return _EMPTY
    return CellConcepts(candidates, calls, imports)


@lru_cache(maxsize=16384)
def _resolved(target: str, rest: str, line: int) -> Concept:
    name = f"{target}.{rest}" if rest else target
    return Concept(name, normalise_key(name), "call", line)


def new_concepts_per_cell(cells: Sequence[CellConcepts]) -> list[list[Concept]]:
    """For each cell, the concepts whose key appears there for the first time, in order."""
    aliases: dict[str, str] = {}
    seen: set[str] = set()
    result: list[list[Concept]] = []
    for cell in cells:
        for bound, target in cell.imports:
            aliases[bound] = target
        merged: Iterable[Concept] = cell.candidates
        if cell.calls and aliases:
            resolved = []
            for raw, line in cell.calls:
                root, _, rest = raw.partition(".")
                module = aliases.get(root)
                if module is not None:
                    resolved.append(_resolved(module, rest, line))
            if resolved:
                # Stable sort: on a shared line a definition precedes the calls it makes.
                merged = sorted((*cell.candidates, *resolved), key=_line_of)
        new: list[Concept] = []
        for concept in merged:
            if concept.key not in seen:
                seen.add(concept.key)
                new.append(concept)
        result.append(new)
    return result


def _line_of(concept: Concept) -> int:
    return concept.line or 0
