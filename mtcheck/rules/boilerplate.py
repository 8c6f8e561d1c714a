"""Placeholder until the family lands."""
RULES = ()
