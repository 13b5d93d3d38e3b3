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

Generic words are grouped by why they are labels (see ``concept_words.GENERIC``); words
that double as common ML/Python concepts in normal case (accuracy, parameters, attention,
property, value) are deliberately left out.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Any, NamedTuple

from .ast_facts import AstFacts, collect
from .concept_words import (
    EXCLUDED_DUNDERS,
    FILLER,
    GENERIC,
    IRREGULAR,
    MARKER,
    PRONOUN,
    QUESTION,
    SINGULAR_S,
    STRUCTURE,
)

__all__ = [
    "CellConcepts",
    "Concept",
    "extract_concepts",
    "new_concepts_per_cell",
    "normalise_key",
]


class Concept(NamedTuple):  # a NamedTuple: built by the thousand, much cheaper than a dataclass
    name: str  # display name as written ("ReLU", "numpy.maximum", "forward pass")
    key: str  # normalise_key(name): what novelty is decided on
    kind: str  # "term" (markdown bold) | "class" | "function" | "call" | "override"
    line: int | None  # 1-based line in the cell (None for overrides)


class CellConcepts(NamedTuple):
    """Facts that depend on one cell only, so the caller can cache them by cell content."""

    candidates: tuple[Concept, ...]  # non-call candidates, in order of appearance
    calls: tuple[tuple[str, int], ...]  # raw dotted call names with line, first use only
    imports: tuple[tuple[str, str], ...]  # aliases this cell binds: ("np", "numpy")


_EMPTY = CellConcepts((), (), ())
# ``tuple.__new__(Cls, values)`` builds a NamedTuple without its Python-level ``__new__``;
# used where one is built per cell or candidate on the cold path.
_new = tuple.__new__

# --- key normalisation --------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[\W_]+")


def _singular(word: str) -> str:
    """SPEC "trailing plural s dropped", made stable enough that a term and its plural meet.

    Extension (documented deviation): "-ies" → "-y", "-sses/-xes/-ches/-shes" → drop "es",
    and a few irregulars, so "batches"/"batch" and "entries"/"entry" share a key.  Words of
    three letters or fewer and "-ss"/"-us"/"-is" words ("loss", "class", "status", "axis")
    keep their "s".
    """
    if len(word) < 4 or word[-1] != "s":
        return word
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word in SINGULAR_S or word.endswith(("ss", "is")):
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
    lowered = name.lower()
    # Only letters, digits and spaces (most names): the regex would change nothing split()
    # does not (\W is exactly "not isalnum() and not _").
    if lowered.replace(" ", "").isalnum():
        words = lowered.split()
    else:
        words = _NON_ALNUM.sub(" ", lowered).split()
    if not words:
        return ""
    words[-1] = _singular(words[-1])
    return " ".join(words)


# --- markdown -----------------------------------------------------------------------------


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")
# Bounded spans keep a pathological line (thousands of "**") linear; bold is one line here.
_BOLD = re.compile(
    r"\*\*(?!\s)(?P<star>.{1,300}?)(?<!\s)\*\*"
    r"|(?<!\w)__(?!\s)(?P<under>.{1,300}?)(?<!\s)__(?!\w)"
)
_BOLD_STAR = re.compile(r"\*\*(?!\s)(?P<star>.{1,300}?)(?<!\s)\*\*")  # _BOLD's first branch
_LIST_NUMBER = re.compile(r"^\(?\d+[.)]\s*")
_DUNDER_BODY = re.compile(r"[a-z][a-z0-9_]*")
# Inline code may contain "*" / "_" that must not open or close bold; hide them meanwhile.
_HIDE = str.maketrans({"*": "\x01", "_": "\x02"})
_UNHIDE = str.maketrans({"\x01": "*", "\x02": "_"})


class _Labels(NamedTuple):
    extra_keys: frozenset[str]  # whole-span keys from config["extra_generic_labels"]
    plain: frozenset[str]  # generic + filler words (+ one-word extra labels)
    shouted: frozenset[str]  # plain + marker words, for ALL-CAPS spans


@lru_cache(maxsize=64)
def _labels(extra: tuple[str, ...]) -> _Labels:
    """The label word sets for one config["extra_generic_labels"], unions precomputed."""
    keys = frozenset(k for k in (normalise_key(label) for label in extra) if k)
    plain = GENERIC | FILLER | frozenset(k for k in keys if " " not in k)
    return _Labels(keys, plain, plain | MARKER)


def _is_label(text: str, key: str, labels: _Labels) -> bool:
    if key in labels.extra_keys:
        return True
    words = [_singular(w) for w in key.split()]
    if words[0] in QUESTION or not PRONOUN.isdisjoint(words):
        return True
    if (
        len(words) > 1
        and not STRUCTURE.isdisjoint(words)  # rare: skips building the pairwise scan
        and any(w in STRUCTURE and n.isdigit() for w, n in pairwise(words))
    ):
        return True
    if labels.plain.issuperset(words):
        return True
    shouted = text.upper() == text and any(c.isalpha() for c in text)
    return shouted and labels.shouted.issuperset(words)


def _clean_bold(raw: str) -> str | None:
    """The candidate name inside one bold span, or None if SPEC 4 rejects the span."""
    if "\x01" in raw or "\x02" in raw:  # only spans that held inline code
        raw = raw.translate(_UNHIDE)
    text = raw.strip().strip("*").strip()
    if len(text) > 2 and text[0] == text[-1] == "_" and text[1] != "_":
        text = text[1:-1].strip()  # **_bold italic_**; a leading dunder stays intact
    text = text.rstrip(":").rstrip()
    if text.endswith(("?", "!")):
        return None
    if text[:1].isdigit() or text[:1] == "(":  # only these can start a list number
        text = _LIST_NUMBER.sub("", text)
    if (
        len(text) < 3
        or not (text[0].isalpha() or any(c.isalpha() for c in text))
        or not 1 <= len(text.split()) <= 5
    ):
        return None
    return text


def _markdown_candidates(source: str, config: Mapping[str, Any]) -> list[Concept]:
    if "**" not in source and "__" not in source:  # no bold span anywhere
        return []
    # type() first: the ABC isinstance check is slow for the plain dict a config always is
    ok = type(config) is dict or isinstance(config, Mapping)
    extra = config.get("extra_generic_labels") if ok else None
    extra_tuple = (
        tuple(x for x in extra if isinstance(x, str))
        if extra and isinstance(extra, (list, tuple))  # usually [], nothing to filter
        else ()
    )
    labels = _labels(extra_tuple)
    found: list[Concept] = []
    fence: str | None = None
    fences = "```" in source or "~~~" in source
    for lineno, line in enumerate(source.split("\n"), start=1):
        opened = _FENCE.match(line) if fences else None
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
        if "`" in line:
            line = _INLINE_CODE.sub(lambda m: m.group(2).translate(_HIDE), line)
        # Without "__" the underscore branch cannot match; the star pattern alone starts with
        # a literal, which the regex engine scans for far faster than the alternation.
        both = "__" in line
        for match in (_BOLD if both else _BOLD_STAR).finditer(line):
            under = match.group("under") if both else None  # exactly one branch matched
            if under is not None and _DUNDER_BODY.fullmatch(under):
                # "__add__" in prose is a dunder written without backticks, not bold "add".
                name: str | None = f"__{under}__"
                if name in EXCLUDED_DUNDERS:
                    continue
            else:
                name = _clean_bold(match.group("star") if under is None else under)
            if name is None:
                continue
            key = normalise_key(name)
            if key and not _is_label(name, key, labels):
                found.append(_new(Concept, (name, key, "term", lineno)))
    return found


# --- code ---------------------------------------------------------------------------------


def _code_candidates(facts: AstFacts) -> tuple[Concept, ...]:
    """Class and function definitions (see :class:`.ast_facts.AstFacts`), keyed.

    Bodies of functions are not entered: closures and local classes are implementation
    details of the enclosing function, like its local variables (documented decision).
    Compound statements (if/try/with/for/match) are entered, so guarded definitions count.
    """
    found = []
    for line, kind, name in facts.definitions:
        key = normalise_key(name)
        if key:
            found.append(_new(Concept, (name, key, kind, line)))
    return tuple(found)


# --- override -----------------------------------------------------------------------------


def _override(metadata: object) -> tuple[Concept, ...] | None:
    """Concepts from ``metadata.tinyscaffold.concepts``, or None when there is no usable one.

    The analyzer must never crash on hand-edited metadata, so: a string counts as a one-item
    list; non-string / blank items are skipped; ``[]`` is a real override ("this cell
    introduces nothing"); a non-empty list with no usable item, or any other type, is
    ignored and the extracted candidates stand.
    """
    if type(metadata) is dict:  # JSON metadata: skips the slow ABC isinstance (hot path)
        if "tinyscaffold" not in metadata:
            return None
    elif not isinstance(metadata, Mapping):
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
    tree: ast.Module | AstFacts | None,
    config: Mapping[str, Any],
) -> CellConcepts:
    """Per-cell candidates, raw calls and import aliases.  Never raises on odd input.

    ``tree`` is the cell's parsed code, preferably already walked (``ParsedCode.facts``).
    """
    facts = collect(tree) if isinstance(tree, ast.Module) else tree
    if cell_type == "code" and isinstance(facts, AstFacts):
        candidates, calls, imports = _code_candidates(facts), facts.calls, facts.imports
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
    return _new(CellConcepts, (candidates, calls, imports))


@lru_cache(maxsize=16384)
def _resolved(target: str, rest: str, line: int) -> Concept:
    name = f"{target}.{rest}" if rest else target
    return Concept(name, normalise_key(name), "call", line)


def merged_concepts(cell: CellConcepts, aliases: Mapping[str, str]) -> Sequence[Concept]:
    """The cell's candidates plus its calls resolved through ``aliases`` (the cell's own
    imports already applied), in line order: what novelty is decided on."""
    candidates, calls, _ = cell
    if calls and aliases:
        resolved = []
        for raw, line in calls:
            root, _, rest = raw.partition(".")
            module = aliases.get(root)
            if module is not None:
                resolved.append(_resolved(module, rest, line))
        if resolved:
            # Stable sort: on a shared line a definition precedes the calls it makes.
            return sorted((*candidates, *resolved), key=_line_of)
    return candidates


def new_concepts_per_cell(cells: Sequence[CellConcepts]) -> list[Sequence[Concept]]:
    """For each cell, the concepts whose key appears there for the first time, in order.

    The reference walk; ``novelty.update`` gives the same answer incrementally."""
    aliases: dict[str, str] = {}
    seen: set[str] = set()
    result: list[Sequence[Concept]] = []
    append = result.append
    for cell in cells:
        for bound, target in cell.imports:
            aliases[bound] = target
        merged = merged_concepts(cell, aliases)
        if not merged:
            append(())  # most cells: nothing to introduce
            continue
        new: list[Concept] = []
        for concept in merged:
            if concept.key not in seen:
                seen.add(concept.key)
                new.append(concept)
        append(new)
    return result


def _line_of(concept: Concept) -> int:
    return concept.line or 0
