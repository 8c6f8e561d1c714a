"""The spaCy pipeline, built once per process and only when a selected rule needs tokens."""
from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def english_pipeline() -> Any:
    """spaCy blank English with a sentencizer and lookup lemmas (spacy-lookups-data).

    Needs no model download. Imported lazily so that ``--help``, ``rules`` and ``explain`` stay
    fast. The lemmas come from :func:`lemma_table` through a tiny component instead of spaCy's
    lookup lemmatizer: same table, but it is read once (the idiom rules use it too) and
    ``nlp.initialize()`` is not needed, which saves about 0.2 s of start-up.
    """
    import spacy
    from spacy.language import Language

    if not Language.has_factory("mtcheck_lookup_lemmas"):
        Language.component("mtcheck_lookup_lemmas", func=_set_lemmas)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("mtcheck_lookup_lemmas")
    return nlp


def _set_lemmas(doc: Any) -> Any:
    table = lemma_table()
    for token in doc:
        token.lemma_ = table.get(token.text, token.text)
    return doc


@cache
def lemma_table() -> dict[str, str]:
    """spacy-lookups-data's English lookup lemmatiser table (form -> lemma), with one repair."""
    ref = resources.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
    with ref.open("rb") as fh:
        table = json.loads(gzip.decompress(fh.read()).decode("utf-8"))
    table["does"] = "do"  # the table says "doe"
    return table


def pipeline_name() -> str:
    return "blank-en+sentencizer+lookup-lemmatizer"
