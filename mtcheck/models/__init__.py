"""Models shipped with mtcheck (package data): en_ewt_tagger, the English POS tagger."""
