"""Settings a code cell lays out for the reader to change (issue 19, concepts said in code):
a record of values, one entry a line, names the terms of what the lesson sets."""

from __future__ import annotations

from concept_cells import code, md, new

RECORD = """\
config = dict(
    decay_steps=500,  # try between 100 and 2000
    dropout_rate=0.1,
    num_layers=4,
)
run(config)
"""


def test_each_entry_of_a_settings_record_is_a_term_spelled_out() -> None:
    # the programmer's spelling becomes the words; a count prefix names the thing counted
    assert new(code(RECORD)) == [["decay steps", "dropout rate", "layers"]]
    # a dictionary literal and a call's keyword arguments are laid out alike
    literal = code('opts = {\n    "dropout_rate": 0.1,\n    "decay_steps": 500,\n}\n')
    assert new(literal) == [["dropout rate", "decay steps"]]


def test_a_setting_the_prose_says_first_is_introduced_by_the_prose() -> None:
    # the record's names are the code's words for its terms, as a keyword argument's are
    told = md("A higher dropout rate regularises more strongly.")
    assert new(told, code(RECORD)) == [["dropout rate"], ["decay steps", "layers"]]
    # without the record, the same sentence says it in passing
    assert new(told) == [[]]


def test_what_is_no_record_of_numbers_names_nothing() -> None:
    # one entry alone is a call's argument
    assert new(code("model = build(\n    dropout_rate=0.1,\n)\n")) == [[]]
    # values that are not numbers are plumbing: paths, objects, flags
    wiring = code('job = dict(\n    data_path="x.csv",\n    loss_fn=loss,\n    use_gpu=True,\n)\n')
    assert new(wiring) == [[]]
    # entries written on one line are a call, not a record laid out for the reader
    assert new(code("cfg = dict(dropout_rate=0.1, decay_steps=500)\n")) == [[]]


def test_an_abbreviated_or_headless_name_is_left_to_the_prose() -> None:
    # "rnn" is no English word, "dim" no noun: the prose spells what they stand for
    cell = code("p = dict(\n    rnn_units=1024,\n    latent_dim=64,\n    hidden_layers=2,\n)\n")
    assert new(cell) == [["hidden layers"]]


def test_a_test_cell_sets_nothing_it_teaches() -> None:
    assert new(code(RECORD, role="test")) == [[]]
