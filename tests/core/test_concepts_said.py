"""Concepts a cell says in plain words that earlier passes did not read (issue 19, the misses
said in markdown or in code): each test is one general pattern of an author's writing."""

from __future__ import annotations

from concept_cells import md, new


def test_a_contracted_pronoun_is_no_word_of_the_phrase_after_it() -> None:
    # "we'll", "you're" are a pronoun and its auxiliary: the verb after them is a verb, and
    # the phrase after that is read as in "we will try …"
    said = md("Finally, we'll try Polyak momentum on the same data.")
    again = md("Polyak momentum smooths the trajectory of the weights.")
    assert new(said, again) == [["Polyak momentum"], []]
    spelled_out = md("Finally, we will try Polyak momentum on the same data.")
    assert new(said, again) == new(spelled_out, again)
    # and the contraction itself never becomes part of a phrase
    assert new(md("You'll see the weights settle."), md("The weights settle.")) == [[], []]
