# %% nbgrader={"grade": true, "grade_id": "test-{{stem}}-first-step", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Confidence builder: {{function}} works on the simplest input there is."""
result = {{call}}  # the easiest input you can think of
assert result is not None, "{{function}} gives a result for the simplest input"
print("✅ Great start: {{function}} works on the simplest case!")
