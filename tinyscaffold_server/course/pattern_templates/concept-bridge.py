# %% [markdown]
# ### {{concept}}: from intuition to code
#
# **Analogy.** Think of **{{concept}}** as … (something your students already know, and where
# the comparison stops working).
#
# **Math.** $$\mathrm{{{concept_tex}}}({{params}}) = \ldots$$
#
# **Code.** `{{call}}`, {{code_where}}, implements exactly this formula.
#
# **Why it matters.** In real systems, without {{concept}} … (what breaks, or what it enables).
