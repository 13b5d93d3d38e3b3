"""Scaffolding patterns of one notebook: concept bridges, implementation ladders, test quality
and the score parts they give (C, T)."""
