# %% [markdown]
# ### {{concept}}, one rung at a time
#
# Three rungs of rising difficulty, each with its own TODO and a test: a single value, then a
# whole array, then the full version that checks its inputs.

# %% nbgrader={"grade": false, "grade_id": "{{stem}}-ladder", "locked": false, "schema_version": 3, "solution": true, "task": false}
def {{stem}}_one({{params}}):
    """
    TODO: {{concept}} of a single value.

    APPROACH:
    1. Work out the answer for one number by hand first

    EXAMPLE:
    {{stem}}_one(...) → ...
    """
    ### BEGIN SOLUTION
    value = ...  # the input, as one number
    result = ...  # the rule applied to it
    return result
    ### END SOLUTION


def {{stem}}_array({{params}}):
    """
    TODO: {{concept}} of a whole array, element by element.

    APPROACH:
    1. Turn the input into an array with np.asarray
    2. Apply the rule of rung 1 to every element at once

    EXAMPLE:
    {{stem}}_array([...]) → array([...])
    """
    ### BEGIN SOLUTION
    values = ...  # np.asarray of the input
    result = ...  # the rule of rung 1, on every element
    shaped = result  # same shape as the input
    return shaped
    ### END SOLUTION


def {{stem}}_checked({{params}}):
    """
    TODO: The full {{concept}}: check the inputs, then reuse {{stem}}_array.

    APPROACH:
    1. Raise a ValueError with a clear message for bad inputs
    2. Return {{stem}}_array of the checked input

    EXAMPLE:
    {{stem}}_checked(...) → ...

    HINTS:
    - Test each rung before you start the next one
    """
    ### BEGIN SOLUTION
    if ... is None:  # the check your students should write
        raise ValueError("say which input is wrong and why")
    result = {{stem}}_array(...)
    return result
    ### END SOLUTION
