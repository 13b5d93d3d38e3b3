# %% [markdown]
# ### 🧪 Unit Test: {{concept}}
#
# Each check says what it expects and why, from the easy case to the edge cases.

# %% nbgrader={"grade": true, "grade_id": "test-{{stem}}", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""{{concept}}: a typical input first, then the edge cases."""
result = {{call}}
print("A typical input: {{function}} should give …; it gave", result)
assert result is not None, f"{{function}} should return a value, got {result!r}"
print("An edge case: … (say why this case matters)")
assert True, "explain what is expected here and why"
print("✅ {{concept}} passes every check")
