"""The subject a notebook's title names, said in a sentence of its opening cell (issue 19,
concepts said in markdown): the notebook's opening previews, but it states its subject."""

from __future__ import annotations

from concept_cells import md, new

OPENING = md(
    "# Notebook 3.1: Backpropagation\n\n"
    "This notebook runs the backpropagation algorithm on a small network of three layers."
)


def test_the_titled_subject_said_in_the_opening_is_introduced_there() -> None:
    # the name said with its kind ("algorithm") is the name; the other phrases preview
    later = md("We check every gradient against finite differences.")
    assert new(OPENING, later) == [["backpropagation"], []]


def test_a_later_explanation_still_wins() -> None:
    defined = md("Backpropagation is an algorithm that reuses each layer's derivatives.")
    assert new(OPENING, defined) == [[], ["Backpropagation"]]


def test_a_title_alone_or_everyday_words_introduce_nothing() -> None:
    # the title itself names the notebook; a subject the sentences do not say stays unsaid
    unsaid = md("# Notebook 3.1: Backpropagation\n\nWork through the cells below in turn.")
    assert new(unsaid) == [[]]
    # a lone word of the title that is no rare word is the material, not the subject
    digits = md("# Part 1: Digit Classification\n\nOur classes are the digits 0-9.")
    assert new(digits) == [[]]
    everyday = md("# Layers - Building Blocks\n\nYou will assemble the building blocks.")
    assert new(everyday) == [[]]


def test_only_the_opening_cell_states_the_notebook_subject() -> None:
    # a later H1 opens a section, read as any section: its heading is its subject
    section = md("# Sparse Attention\n\nThe sparse attention variant skips distant tokens.")
    assert new(OPENING, section) == [["backpropagation"], ["Sparse Attention"]]
    # a copyright notice under its own H1 is no opening
    notice = md("# Copyright Information")
    assert new(notice, OPENING) == [[], ["backpropagation"]]
