"""The English POS tagger: a small spaCy pipeline trained on UD English EWT that ships inside the
package (``mtcheck/models/en_ewt_tagger``; see scripts/train_tagger.py), or another installed
spaCy pipeline named in the configuration (``tagger = "en_core_web_sm"``).

It is loaded lazily and run only on the sentences that a POS-needing rule picked as candidates.
"""
from __future__ import annotations

import contextlib
from functools import cache
from importlib import resources
from typing import Any

PACKAGED = "en_ewt_tagger"


class TaggerError(RuntimeError):
    """The configured tagger cannot be loaded."""


def packaged_path():
    return resources.files("mtcheck") / "models" / PACKAGED


def load_tagger(name: str = PACKAGED) -> Any:
    """Load the tagger once per process. ``name`` is the packaged tagger, an installed spaCy
    package, or a path to a pipeline directory. ``load_tagger()`` and
    ``load_tagger("en_ewt_tagger")`` return the same object.

    The packaged tagger is built on spaCy's standard English tokenizer (the one of
    ``spacy.blank("en")`` that mtcheck uses), so token offsets agree with the rest of the engine;
    it is taken from the language defaults rather than deserialised, which also loads faster."""
    return _load(name or PACKAGED)


@cache
def _load(name: str) -> Any:
    from .nlp import import_spacy

    spacy = import_spacy()

    try:
        if name == PACKAGED:
            # Share the vocab and tokenizer of the engine's English pipeline (the tagger was
            # trained on that tokenizer): building a second one cost 0.1 s of start-up.
            from spacy.util import registry

            from .nlp import english_pipeline

            registry.tokenizers.register(_SHARED_TOKENIZER, func=_shared_tokenizer)  # idempotent
            with resources.as_file(packaged_path()) as path:
                nlp = spacy.load(path, vocab=english_pipeline().vocab, exclude=["tokenizer"],
                                 config={"nlp": {"tokenizer": {"@tokenizers": _SHARED_TOKENIZER}}})
        else:
            nlp = spacy.load(name, exclude=["parser", "ner", "textcat", "entity_linker", "entity_ruler"])
    except (OSError, ImportError, ValueError) as exc:
        raise TaggerError(f"cannot load tagger {name!r}: {exc}") from None
    _use_numpy_matmul(nlp)
    return nlp


def tag_texts(nlp: Any, texts: list[str], *, disable: tuple[str, ...] = ()) -> list[Any]:
    """``nlp.pipe(texts)``, with the BLAS library held to one thread meanwhile. OpenBLAS would
    start a thread per core for the tagger's small matrix products, and its threads spin while
    they wait: on this workload that doubled the CPU time of tagging for no gain in wall time,
    and it competes with ``--jobs`` workers. The setting is restored afterwards."""
    with _blas_threads(1):
        return list(nlp.pipe(texts, disable=disable))


@cache
def _blas_controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # a dependency, but tagging works without it
        return None
    return ThreadpoolController()


def _blas_threads(n: int) -> Any:
    controller = _blas_controller()
    if controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=n, user_api="blas")


def _use_numpy_matmul(nlp: Any) -> None:
    """Run the pipeline's matrix products through numpy (its OpenBLAS) instead of thinc's
    default, the blis package: for the tagger's small products (a sentence's tokens by 288)
    blis is about three times slower on one core, and these products are most of the tagging
    time. Layers on another device (a GPU pipeline) are left alone."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None:
            continue
        for layer in model.walk():
            if isinstance(layer.ops, NumpyOps):
                layer.ops = ops


_SHARED_TOKENIZER = "mtcheck.shared_tokenizer.v1"


def _shared_tokenizer() -> Any:
    from .nlp import english_pipeline

    return lambda nlp: english_pipeline().tokenizer


load_tagger.cache_clear = _load.cache_clear  # type: ignore[attr-defined]  # as when it was @cache'd


def tagger_label(name: str = PACKAGED) -> str:
    """The name that goes into the report signature."""
    if name == PACKAGED:
        try:
            meta = (packaged_path() / "meta.json").read_text(encoding="utf-8")
        except OSError:
            return PACKAGED
        import json

        return f"{PACKAGED}-{json.loads(meta).get('version', '0')}"
    return name
