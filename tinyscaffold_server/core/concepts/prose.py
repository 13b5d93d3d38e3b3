"""Terms that prose introduces: markdown cells, and the docstrings and comments of solution
cells (whose TODO / APPROACH / HINTS text teaches too).

A candidate is a phrase the text marks as introduced:

- emphasis: ``**bold**``, ``__bold__``, ``*italic*``, ``_italic_``;
- a heading whose subject it is: "What is a Tensor?", "Understanding Broadcasting", or a
  heading the section then opens a sentence with ("## Matrix Multiplication" …
  "Matrix multiplication combines …");
- a definition pattern: "X is a …", "called X", "known as X", "Rectified Linear Unit (ReLU)".

Sections that do not introduce are skipped with everything under them: motivation ("Why
tensors matter", "Real-world examples", "Connection to production systems"), previews and
recaps ("Learning goals", "What we'll implement", "Module summary", "Next steps").  There a
term is mentioned, not taught; the cell that explains it introduces it (labelling guide).

Every candidate then passes :func:`.term_filter.clean_term`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from ..lazy_re import compile_lazily
from ..named_tuple import NamedTuple
from . import lexicon
from .chunks import imperative
from .headings import (
    NOTICE,
    STRUCTURE,
    acronym,
    body_without,
    core_phrase,
    discussed,
    head_discussed,
    heading_purpose,
    heading_subject,
    names_a_section,
    rare_word,
    subtitle_purpose,
    title_named,
    undiscussed_head,
)
from .keys import line_words, normalise_key, padded
from .markdown_lines import FENCE, HEADING, fenced_lines, icon_label, unwrapped
from .notation import symbol_meaning
from .phrases import is_preview, line_phrases
from .sentence_patterns import item_says_what_it_does
from .teaching_prose import Sections, prose_words, teaching_text
from .term_filter import Term, abbreviates, clean_term
from .types import DEFINED, MENTIONED, PLAIN_PHRASES, SECTION

__all__ = [
    "EMPHASIS",
    "ProseTerm",
    "docstring_terms",
    "heading_only",
    "markdown_terms",
    "mentions",
    "prose_words",
    "teaching_text",
]


class ProseTerm(NamedTuple):
    term: Term
    # "term" (emphasis) | "heading" | "definition" | "title" (an H1 heading's subject: the
    # notebook's title introduces nothing, a later H1 is a section heading) | "next-heading"
    # (a heading whose subject its own cell does not discuss: it counts when the next cell
    # does, as a code cell implementing it right below the heading)
    kind: str
    line: int  # 1-based, in the cell
    level: int  # MENTIONED, DEFINED or SECTION (see concept_types)
    rare: bool = False  # a plain phrase ("phrase") with a word rare in general English


_TEXT_FENCE = compile_lazily(r"^\s*(?:`{3,}|~{3,})\s*(?:text|txt|plain|plaintext)?\s*$")
# A label in a text diagram: "Sigmoid Activation:", "Our Solution (Log-Sum-Exp Trick):", or
# one of its list items "- Mixed precision (FP16) for memory efficiency".
_DIAGRAM_LABEL = compile_lazily(r"^\s*(?:[-*\u2022]\s+)?([A-Z][A-Za-z][\w\- ,()']*?)\s*:?\s*$")
_INLINE_CODE = compile_lazily(r"(`+)(.+?)\1")
_BOLD_MARKS = compile_lazily(r"(\*\*|__)")
# every emphasis span (bounded: linear on hostile input)
EMPHASIS = compile_lazily(
    r"\*\*(?!\s)(?P<b1>[^*\n]{1,120}?)(?<!\s)\*\*"
    r"|(?<![\w_])__(?!\s)(?P<b2>[^_\n]{1,120}?)(?<!\s)__(?![\w_])"
    r"|(?<![*\w])\*(?![\s*])(?P<i1>[^*\n]{1,80}?)(?<![\s*])\*(?![*\w])"
    r"|(?<![\w_])_(?![\s_])(?P<i2>[^_\n]{1,80}?)(?<![\s_])_(?![\w_])"
)
_BOLD_ONLY = compile_lazily(r"^\s*(?:\*\*|__)(?P<t>[^*_]{1,80}?)(?:\*\*|__)\s*:?\s*$")
# After a marked term: a definition follows ("**Tensor**: …", "A **tensor** is an …").
_DEFINED_AFTER = compile_lazily(
    r"^\s*(?:\([^)]{1,60}\)\s*)?(?::|\u2014|\u2013|\s-\s|\s(?:is|are|means|refers)\b)"
)
_ABBREVIATION = compile_lazily(
    r"\b(?P<short>[A-Z][A-Za-z0-9]{1,9})\s+\((?P<long>(?:[A-Za-z]+[\s\-]+){1,4}[A-Za-z]+)\)"
)
# "creates sparsity (many zeros)": a term glossed in parentheses; kept only with a rare word.
# Not a measure ("a large-scale (over 200K images) set", "(about 10 minutes)"): how much is
# no other name.
_GLOSSED = compile_lazily(
    r"\b(?P<t>[A-Za-z][a-z\-]+(?:\s+[a-z][a-z\-]+)?)\s+"
    r"\((?!e\.g|i\.e|which|that|who|where|when|see|default|optional)"
    r"(?!(?:over|about|around|approximately|roughly|nearly|almost|under|up to|at least|"
    r"at most|more than|less than|fewer than)\s+[~\d])[a-z][^()]{2,60}\)"
)
# A parenthetical gloss marks a definition only on a word rarer than everyday prose.
_GLOSS_ZIPF = 3.5
_CALLED = compile_lazily(
    r"\b(?:called|known as|referred to as|termed|named)\s+(?:an?\s+|the\s+)?"
    r"(?P<t>[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,2})",
)
# "Rectified Linear Unit (ReLU)", "stochastic gradient descent (SGD)", "… networks (CNNs)":
# the words before the parenthesis whose initials the abbreviation's capitals are.
_EXPANSION = compile_lazily(r"\s\((?P<short>[A-Z][A-Za-z0-9]{1,9})\)")
_WORDS_BEFORE = compile_lazily(r"(?:[A-Za-z][\w]*[\s\-]+){0,9}[A-Za-z][\w]*$")
_SENTENCE = compile_lazily(r"(?<=[.!?])\s+")
_IDENTIFIER = compile_lazily(r"[a-z][a-z0-9_]*")
_DOTTED = compile_lazily(r"\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\b")


def _emphasised(line: str) -> Iterator[tuple[str, str]]:
    """(span text, the text right after it) for every emphasis span of a line."""
    if line.rstrip().endswith("?"):
        return  # a question to the reader ("**Prediction**: how many …?") introduces nothing
    for match in EMPHASIS.finditer(line):
        if match["b2"] is not None and _IDENTIFIER.fullmatch(match["b2"]):
            continue  # "__add__" written without backticks is a name in code, not bold
        text = next(g for g in match.groups() if g is not None)
        yield text, line[match.end() : match.end() + 40]


def _definitions(text: str, markdown: bool = True) -> Iterator[Term]:
    """Abbreviations, glosses and "called X" in one line of plain prose (markdown reads the
    rest of its definitions from :mod:`.phrases`).  "X is a …" only in docstrings' prose
    lines: in numbered steps it matches instructions ("Check if data is a list")."""
    if markdown and is_preview(text):
        return  # "In this lab, we will build a convolutional neural network (CNN)": a preview
    if markdown and is_preview(text):
        text = " ".join(s for s in _SENTENCE.split(text) if not is_preview(s))
    for match in _EXPANSION.finditer(text) if "(" in text else ():
        short = match["short"]
        size = sum(c.isupper() for c in short)
        before = _WORDS_BEFORE.search(text[max(0, match.start() - 120) : match.start()])
        parts = re.split(r"(\s+|-)", before.group(0).strip()) if before else []
        long = "".join(parts[-(2 * size - 1) :]) if size >= 2 else ""
        if long and abbreviates(short, long):
            yield Term(long, (short,))
    for match in _ABBREVIATION.finditer(text):
        if abbreviates(match["short"], match["long"]):
            yield Term(match["short"], (match["long"],))
    for match in _GLOSSED.finditer(text) if markdown else ():
        words = match["t"].split()
        if len(words) == 2 and _verb_only(words[0].lower()):
            continue  # "accumulate gradients (handle shared ones)" glosses the action
        term = clean_term(" ".join(words), DEFINED)
        if term is not None and any(_rare(w, _GLOSS_ZIPF) for w in term.name.split()):
            yield term
    for pattern in () if markdown else (_CALLED,):
        for match in pattern.finditer(text):
            term = clean_term(match["t"], DEFINED)
            if term is not None and (len(term.name.split()) > 1 or _rare(term.name)):
                yield term


def _verb_only(word: str) -> bool:
    tags = lexicon.parts_of_speech(word.lower())
    return bool(tags) and tags <= {"VERB", "ADV", "AUX"}


def _rare(name: str, below: float = lexicon.COMMON_ZIPF) -> bool:
    return lexicon.zipf(name.lower()) < below


def _unasked(line: str) -> str:
    """The line without its questions ("Why do frameworks implement "gradient
    checkpointing"?" asks, it explains nothing)."""
    return " ".join(s for s in _SENTENCE.split(line) if not s.rstrip().endswith("?"))


def markdown_terms(source: str, said: list[tuple[int, str]] | None = None) -> MarkdownTerms:
    """Candidates of one markdown cell, read as a section and, where it holds an H1, as the
    notebook's opening; ``said`` collects (line, text) of its teaching lines of prose."""
    found: list[ProseTerm] = []
    lines = source.split("\n")
    if len(lines) > 1:
        lines = unwrapped(lines)
    sections = Sections()
    pending: list[tuple[str, bool, int]] = []  # heading subjects awaiting their prose
    level_of: dict[int, int] = {}  # heading level by line
    purposes: list[tuple[str, int]] = []  # what a subtitle says its subject is for
    titled = False
    titles: list[str] = []  # the words of the cell's H1 lines, structure labels aside
    diagram = False
    drawn: list[ProseTerm] = []
    previewed: set[str] = set()
    for lineno, raw, fenced in fenced_lines(lines):
        if fenced:
            if FENCE.match(raw):
                diagram = not diagram and _TEXT_FENCE.match(raw) is not None
            elif diagram and not sections.skipping:
                label = _DIAGRAM_LABEL.match(raw)
                if label is not None:
                    for phrase in line_phrases(label.group(1)):
                        if phrase.kind == "phrase":
                            drawn.append(
                                ProseTerm(phrase.term, "phrase", lineno, MENTIONED, phrase.rare)
                            )
            continue
        line = _INLINE_CODE.sub(lambda m: m.group(2).replace("*", " ").replace("_", "\x02"), raw)
        heading = HEADING.match(line) if "#" in line else None
        bold_only = None if heading else _BOLD_ONLY.match(line)
        if heading or bold_only:
            level = len(heading.group(1)) if heading else 7
            text = heading.group(2) if heading else bold_only.group("t")  # type: ignore[union-attr]
            sections.enter(level, text)
            notice = level == 1 and NOTICE.match(text) is not None
            if heading and level == 1 and not notice:
                titled = True
                titles.append(padded(STRUCTURE.sub("", text)))
            if (
                heading
                and not sections.skipping
                and not notice
                and not (level == 1 and STRUCTURE.match(text))
            ):
                about = heading_subject(text)
                level_of[lineno] = level
                if about is not None:
                    pending.append((about[0], about[1], lineno))
                purpose = subtitle_purpose(text)
                if purpose is None and level >= 3:
                    purpose = heading_purpose(text)  # "### Focal Loss for Imbalanced Data"
                if purpose is not None:
                    purposes.append((purpose, lineno))
            if bold_only and not sections.skipping:
                # "**Broadcasting**" on a line of its own: a term that heads what follows
                # (no tail cut: "**AdamW (Adam with Weight Decay)**" keeps its expansion)
                term = clean_term(core_phrase(bold_only.group("t"), tail=False), MENTIONED)
                if term is not None and not names_a_section(term):
                    found.append(ProseTerm(term, "term", lineno, MENTIONED))
            continue
        if sections.skipping:
            previewed.update(normalise_key(p.term.name) for p in line_phrases(raw))
            continue
        if said is not None:
            said.append((lineno, raw))
        steps: list[str] = []
        for text, after in () if is_preview(line) else _emphasised(line):
            if imperative(text) or icon_label(line, text, after):
                steps.append(text)  # "**Save original methods**: …", "🎯 **Goal**: …"
                continue  # a step, or a slot of the rubric: not a term
            level = DEFINED if _DEFINED_AFTER.match(after) else MENTIONED
            term = clean_term(text.replace("\x02", "_"), level)
            if term is not None:
                if level == MENTIONED and item_says_what_it_does(line, text, after):
                    found.append(ProseTerm(term, "definition", lineno, DEFINED))
                else:
                    found.append(ProseTerm(term, "term", lineno, level))
        if "?" in raw:
            raw = _unasked(raw)  # a question to the reader introduces nothing
            line = _unasked(line)
        plain = _BOLD_MARKS.sub("", line) if "**" in line or "__" in line else line
        for term in _definitions(plain):
            found.append(ProseTerm(term, "definition", lineno, DEFINED))
        meaning = symbol_meaning(raw)
        if meaning is not None:  # "- **W**: Weight matrix (what we learn)"
            found.append(ProseTerm(meaning, "definition", lineno, DEFINED))
        for step in steps:  # "2. **Enhance constructor**: …": neither the step nor its words
            raw = raw.replace(f"**{step}**", "").replace(f"__{step}__", "")
        for phrase in line_phrases(raw):
            found.append(ProseTerm(phrase.term, phrase.kind, lineno, phrase.level, phrase.rare))
    first_heading = min((ln for _, _, ln in pending), default=0)
    words = line_words(source) if pending else []
    for subject, asked, lineno in pending:
        body = body_without(lines, words, lineno)
        term = clean_term(subject, DEFINED)
        if term is None or names_a_section(term):
            continue
        short = acronym(subject)
        if short and re.search(r"\b" + short + r"s?\b", body.text):
            term = term._replace(aliases=(*term.aliases, short))  # "… MSE is the average"
        shorter = None if asked else undiscussed_head(subject, body)
        if shorter is not None and not discussed(subject, body):
            term = clean_term(shorter, DEFINED) or term
        if level_of[lineno] == 1:
            kind = "title"
        elif asked or shorter is not None or discussed(subject, body):
            kind = "heading"
        elif lineno != first_heading and rare_word(subject):
            kind = "heading"  # "### Asymmetric Loss Functions" among the cell's sections
        elif lineno != first_heading and head_discussed(subject, body):
            kind = "heading"  # "## Loss Function Landscape" over "… optimization landscapes"
        else:
            kind = "next-heading"  # counts if the next cell takes it up (resolved per notebook)
        found.append(ProseTerm(term, kind, lineno, SECTION))
    for purpose, lineno in purposes:
        term = clean_term(purpose, DEFINED)
        if term is not None:
            # an H1's subtitle shares its fate: the notebook's title introduces nothing
            kind = "title" if level_of.get(lineno) == 1 else "heading"
            found.append(ProseTerm(term, kind, lineno, DEFINED))
    # the notebook's opening: its plain phrases preview, they do not teach, but for the
    # subject its title names
    opening = [kept for t in found if (kept := _titled(t, titles)) is not None] if titled else None
    return MarkdownTerms(
        _finished(found, drawn, previewed),
        None if opening is None else _finished(opening, drawn, previewed),
    )


class MarkdownTerms(NamedTuple):
    terms: list[ProseTerm]  # in order of appearance (duplicates kept)
    # The same without its plain phrases, where the cell holds an H1: its reading as the
    # notebook's opening, decided per notebook (the first H1 is the title).
    opening: list[ProseTerm] | None


def _finished(
    found: list[ProseTerm], drawn: list[ProseTerm], previewed: set[str]
) -> list[ProseTerm]:
    found = [*found, *drawn]
    if previewed:
        # a rare phrase the cell states (in its text or a diagram) and lists among its
        # objectives: previewed and explained in the same place, the student learns it here
        found = [_objective(t) if _previewed(t, previewed) else t for t in found]
    found.sort(key=lambda t: t.line)
    return found


def _titled(term: ProseTerm, titles: Sequence[str]) -> ProseTerm | None:
    """In a cell's reading as the notebook's opening: a plain phrase that says what its H1
    names, as kind "titled"; every other plain phrase previews the module (None); the rest
    is kept.  (Read as a section a later H1 opens, the cell keeps its plain phrases.)"""
    if term.kind not in PLAIN_PHRASES:
        return term
    name = title_named(term.term.name, term.rare, titles)
    if name is None:
        return None
    return term._replace(term=Term(name, term.term.aliases), kind="titled")


def _previewed(term: ProseTerm, previewed: set[str]) -> bool:
    return term.kind == "phrase" and term.rare and normalise_key(term.term.name) in previewed


def _objective(term: ProseTerm) -> ProseTerm:
    return term._replace(kind="objective", level=DEFINED)


def docstring_terms(lines: Iterable[tuple[int, str]]) -> list[ProseTerm]:
    """Definition patterns in the docstrings and comments of a solution cell."""
    return [
        ProseTerm(term, "definition", lineno, DEFINED)
        for lineno, text in lines
        for term in _definitions(text, markdown=False)
    ]


def mentions(text: str) -> frozenset[str]:
    """Dotted names the prose names ("np.maximum"): a library call is taught only where the
    lesson names it."""
    return frozenset(_DOTTED.findall(text)) if "." in text else frozenset()


def heading_only(source: str) -> bool:
    """A cell of headings alone ("## 1.3 Convolutional Neural Network (CNN)"): the section
    it opens is written in the cells below it."""
    lines = [line for line in source.split("\n") if line.strip()]
    return bool(lines) and len(lines) <= 3 and all(HEADING.match(line) for line in lines)
