"""What the tool must not report (issue 19, precision): a plain phrase that names the
reader's own artefact, a sentence about counted things, not an idea the lesson explains."""

from __future__ import annotations

import pytest
from concept_cells import code, md, new

from tinyscaffold_server.core.concepts.phrases import line_phrases


def kinds(line: str) -> list[tuple[str, str]]:
    return [(found.term.name, found.kind) for found in line_phrases(line)]


def lesson(owned: str, again: str) -> list[list[str]]:
    return new(
        md(f"Now {owned} quantization scheme runs, and we look at its speed."),
        md(f"Time {owned} quantization scheme on a long text."),
        md(f"Profile {again} quantization scheme again."),
    )


def test_a_phrase_said_mostly_as_the_readers_own_thing_is_no_term() -> None:
    assert lesson("your", "our") == [[], [], []]
    # said as the idea itself, the same rare phrase is a term of the lesson, introduced where
    # it is first said (inside "quantization scheme runs", as the chunker reads that line)
    assert lesson("the", "a") == [["quantization scheme"], [], []]
    assert lesson("the", "your") == [["quantization scheme"], [], []]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Adapters are used to join the blocks.", "definition"),
        ("Three adapters are used to join the blocks.", "phrase"),
        ("Several adapters, which are the small layers, join the blocks.", "phrase"),
        ("Adapters, which are the small layers, join the blocks.", "definition"),
    ],
)
def test_a_sentence_about_counted_things_defines_none_of_them(line: str, kind: str) -> None:
    name, found = kinds(line)[0]
    assert (name.lower(), found) == ("adapters", kind)


def test_a_name_with_its_kind_is_the_name_whatever_its_capitals() -> None:
    todo = code("x = 1\n# TODO: apply the ReLu function to each entry\ny = x\n")
    later = md("We plot the ReLu function below.")
    assert new(todo, later) == [["ReLu function"], []]
    told = md("The Rectified Linear Unit (ReLU) sets negative inputs to zero.")
    assert new(told, todo, later) == [["Rectified Linear Unit"], [], []]


def test_a_numbered_step_among_instructions_opens_with_a_verb() -> None:
    todo = code(
        "def clip(g):\n"
        "  # TODO -- Write this function\n"
        "  # 1. Compute the norm of g\n"
        "  # 2. Apply the threshold\n"
        "  # 3. Scale entries by the ratio\n"
        "  # Replace this line\n"
        "  out = g\n"
        "  return out\n"
    )
    later = md("Scale entries change with the ratio.")
    # "Scale" is what step 3 tells the student to do, not the start of "scale entries"
    assert new(todo, later) == [["clip"], []]


@pytest.mark.parametrize(
    ("line", "phrases"),
    [
        ("Convert the words to numbers (tokenize).", []),
        ("Turn the text into a tokenized (i.e., numeric) form.", ["numeric"]),
        ("The tokenizer splits text.", ["tokenizer"]),  # the -er noun stays a noun
    ],
)
def test_a_coined_ize_verb_opens_no_noun_phrase(line: str, phrases: list[str]) -> None:
    assert [name for name, _ in kinds(line)] == phrases


def test_a_function_named_for_what_it_does_spells_no_term() -> None:
    def walk(name: str) -> list[list[str]]:
        return new(
            md("The learning signal fades over time."),
            md("A strong learning signal helps."),
            code(f"def {name}(x):\n    return x\n"),
        )

    # a function named after a thing marks the phrase as the lesson's term ...
    assert walk("learning_signal")[0] == ["learning signal"]
    # ... one named after an action on it ("visualize …") only says what it does
    assert walk("visualize_learning_signal")[0] == []


def test_a_possessive_heading_names_something_of_a_thing_not_a_term() -> None:
    section = md(
        "## Learning Rate Schedules\n\nA schedule changes the rate.\n\n"
        "### The Scheduler's Mission\n\n"
        "The `cosine_schedule` scheduler will:\n"
        "1. **Lower the rate**: step by step\n"
        "2. **Restart**: at the end"
    )
    assert new(section) == [[]]
