"""What the tool must not report (issue 19, precision): a plain phrase that names the
reader's own artefact, not an idea the lesson explains."""

from __future__ import annotations

from concept_cells import md, new


def lesson(owned: str, again: str) -> list[list[str]]:
    return new(
        md(f"Now {owned} quantization scheme runs, and we look at its speed."),
        md(f"Time {owned} quantization scheme on a long text."),
        md(f"Profile {again} quantization scheme again."),
    )


def test_a_phrase_said_mostly_as_the_readers_own_thing_is_no_term() -> None:
    assert lesson("your", "our") == [[], [], []]
    # said as the idea itself, the same rare phrase is a term of the lesson
    assert lesson("the", "a") == [[], ["quantization scheme"], []]
    assert lesson("the", "your") == [[], ["quantization scheme"], []]
