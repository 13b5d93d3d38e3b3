"""Where a concept is credited (issue 19, placement): the cell that explains or first says a
term, not the cell before it that previews it nor the code after it that uses it."""

from __future__ import annotations

from concept_cells import code, md, new


def test_a_term_after_a_contracted_pronoun_is_introduced_where_the_prose_says_it() -> None:
    told = md("Last of all, we'll try Polyak momentum")
    exercise = code(
        "for step in range(10):\n    # TODO -- apply Polyak momentum here\n    update = 0\n"
    )
    after = md("Polyak momentum helps little on this problem.")
    assert new(told, exercise, after) == [["Polyak momentum"], [], []]
    # every contracted pronoun reads as pronoun and auxiliary
    for said in ("you'll", "they've", "we're", "I'd"):
        assert new(md(f"Here {said} meet Polyak momentum"), exercise, after)[0] == [
            "Polyak momentum"
        ]
