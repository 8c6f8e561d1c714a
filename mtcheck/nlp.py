"""The spaCy pipeline, built once per process and only when a selected rule needs tokens."""
from __future__ import annotations

import gzip
import importlib
import json
import sys
import types
from functools import cache
from importlib import resources
from typing import Any


def import_spacy() -> Any:
    """``import spacy``, without importing spaCy's command-line package on the way.

    ``spacy/__init__`` imports ``spacy.cli`` only to re-export ``spacy.info``, and that package
    pulls in typer, weasel, requests and httpx: about a third of spaCy's import time, and
    mtcheck never uses any of it. While spaCy is imported, placeholder modules stand in for
    ``spacy.cli`` and ``spacy.cli.info``; afterwards they leave ``sys.modules``, so ``import
    spacy.cli`` imports the real package, and so does the first attribute read from the
    placeholder (``spacy.cli.download``) or a call of ``spacy.info()``."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    stubs = {name: _LazyModule(name) for name in ("spacy.cli", "spacy.cli.info")}
    stubs["spacy.cli.info"].info = _spacy_info
    sys.modules.update(stubs)
    try:
        import spacy

        if "cli" not in vars(spacy):
            spacy.cli = stubs["spacy.cli"]
    finally:
        for name, stub in stubs.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]
    return spacy


class _LazyModule(types.ModuleType):
    """A placeholder that imports the real module when one of its attributes is read."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system probing (__path__, __spec__ ...)
            raise AttributeError(name)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    from spacy.cli.info import info

    return info(*args, **kwargs)


@cache
def english_pipeline() -> Any:
    """spaCy blank English with a sentencizer and lookup lemmas (spacy-lookups-data).

    Needs no model download. Imported lazily so that ``--help``, ``rules`` and ``explain`` stay
    fast. The lemmas come from :func:`lemma_table` through a tiny component instead of spaCy's
    lookup lemmatizer: same table, but it is read once (the idiom rules use it too) and
    ``nlp.initialize()`` is not needed, which saves about 0.2 s of start-up.
    """
    spacy = import_spacy()
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
