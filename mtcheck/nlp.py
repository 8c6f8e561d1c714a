"""The spaCy pipeline, built once per process and only when a selected rule needs tokens."""
from __future__ import annotations

from functools import cache
from typing import Any


@cache
def english_pipeline() -> Any:
    """spaCy blank English with a sentencizer and the lookup lemmatizer (spacy-lookups-data).

    Needs no model download. Imported lazily so that ``--help``, ``rules`` and ``explain`` stay
    fast.
    """
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def pipeline_name() -> str:
    return "blank-en+sentencizer+lookup-lemmatizer"
