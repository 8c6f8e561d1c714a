#!/usr/bin/env python
"""Evaluate mtcheck's shipped POS tagger (mtcheck/models/en_ewt_tagger) on the UD English EWT
test split and measure its speed on one CPU core.

Prints:

* Penn tag (``tag_``) and UPOS (``pos_``) accuracy with the gold tokenisation (the figure in the
  model's README and meta.json), and with the pipeline's own (runtime) tokenizer, counting the
  tokens that align one-to-one with gold words;
* load time, and tagging speed in words/s on one core: ``nlp.pipe`` over pre-tokenised test
  sentences (the model alone), and ``nlp(text)`` one sentence at a time (as mtcheck calls it,
  tokenizer included).

Usage (from the repository root)::

    python scripts/eval_tagger.py [--corpus DIR] [--model DIR_OR_NAME] [--repeat N]
"""
from __future__ import annotations

import os

# One core: set before numpy/thinc are imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_tagger import DEFAULT_CORPUS, read_conllu, sentence_doc


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--model", default=None,
                    help="pipeline directory or name (default: the packaged en_ewt_tagger)")
    ap.add_argument("--repeat", type=int, default=3, help="speed runs; the best is reported")
    args = ap.parse_args(argv)

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    t0 = time.perf_counter()
    import spacy
    t_import = time.perf_counter() - t0

    from spacy.tokens import Doc
    from spacy.training import Example

    from mtcheck.tagger import PACKAGED, load_tagger

    t0 = time.perf_counter()
    nlp = load_tagger(args.model or PACKAGED)
    t_load = time.perf_counter() - t0
    name = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"
    print(f"model: {name} ({args.model or 'packaged'}), spaCy {spacy.__version__}")
    print(f"import spacy: {t_import:.2f} s, load pipeline: {t_load:.2f} s")

    test = args.corpus / "en_ewt-ud-test.conllu"
    gold = [sentence_doc(nlp.vocab, words) for words in read_conllu(test)]
    n_words = sum(len(d) for d in gold)

    def pretokenised():
        return [Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d])
                for d in gold]

    # accuracy, gold tokens
    n = tag_ok = pos_ok = 0
    confusions: dict[tuple[str, str], int] = {}
    for pred, ref in zip(nlp.pipe(pretokenised(), batch_size=256), gold):
        for p, r in zip(pred, ref):
            n += 1
            tag_ok += p.tag_ == r.tag_
            pos_ok += p.pos_ == r.pos_
            if p.tag_ != r.tag_:
                confusions[(r.tag_, p.tag_)] = confusions.get((r.tag_, p.tag_), 0) + 1
    print(f"EWT test ({len(gold)} sentences, {n} words), gold tokens:")
    print(f"  Penn tag_ accuracy: {tag_ok / n:.4f}")
    print(f"  UPOS pos_ accuracy: {pos_ok / n:.4f}")
    top = sorted(confusions.items(), key=lambda kv: -kv[1])[:8]
    print("  most frequent tag errors (gold -> predicted): "
          + ", ".join(f"{g}->{p} {c}" for (g, p), c in top))

    # accuracy, runtime tokenizer
    texts = [d.text for d in gold]
    scores = nlp.evaluate([Example(nlp.make_doc(t), ref) for t, ref in zip(texts, gold)])
    aligned = sum(1 for t, ref in zip(texts, gold)
                  for x in Example(nlp.make_doc(t), ref).alignment.y2x.lengths if x == 1)
    print(f"EWT test, spaCy tokenizer ({aligned / n_words:.1%} of gold words aligned 1:1):")
    print(f"  Penn tag_ accuracy: {scores['tag_acc']:.4f}")
    print(f"  UPOS pos_ accuracy: {scores['pos_acc']:.4f}")

    # speed, one core
    best_pipe = best_call = 0.0
    for _ in range(max(1, args.repeat)):
        docs = pretokenised()
        t0 = time.perf_counter()
        for _doc in nlp.pipe(docs, batch_size=1000):
            pass
        best_pipe = max(best_pipe, n_words / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for t in texts:
            nlp(t)
        best_call = max(best_call, n_words / (time.perf_counter() - t0))
    print(f"speed on one core (best of {max(1, args.repeat)}):")
    print(f"  nlp.pipe, pre-tokenised batches: {best_pipe:,.0f} words/s")
    print(f"  nlp(text), one sentence at a time: {best_call:,.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
