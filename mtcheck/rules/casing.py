"""Placeholder: this family is being built."""
RULES = ()
