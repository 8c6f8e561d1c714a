#!/usr/bin/env python
"""Train mtcheck's embedded English POS tagger on UD English EWT and ship it in the package.

Steps (all offline, reproducible: fixed seed, fixed data order):

1. convert ``en_ewt-ud-{train,dev,test}.conllu`` to spaCy DocBins (one Doc per sentence; the
   syntactic words of multi-word tokens, e.g. "don't" -> "do" "n't", "cannot" -> "can" "not",
   which is how spaCy's English tokenizer splits them; the space after a multi-word token is
   taken from its range line; empty nodes are skipped). Penn tags (XPOS) go to ``tag_``,
   universal POS (UPOS) to ``pos_``; features are not used.
2. ``spacy train scripts/tagger.cfg`` (tok2vec + tagger + morphologizer on UPOS only).
3. evaluate model-best on the EWT test split with gold tokens: ``tag_`` and ``pos_`` accuracy
   (and, for information, with spaCy's own tokenisation, as at run time).
4. write the pipeline to ``mtcheck/models/en_ewt_tagger`` with meta (name, version, accuracies),
   a LICENSE (CC BY-SA 4.0, as the corpus) and a README.md; training-only settings (local paths)
   are removed from the shipped config.

Usage (from the repository root; about 15 minutes on 2 CPU cores)::

    python scripts/train_tagger.py

Options: ``--corpus DIR`` (default ../shared/corpora/ud-english-ewt), ``--work DIR`` (DocBins and
training output; default build/tagger), ``--out DIR`` (default mtcheck/models/en_ewt_tagger),
``--max-steps N`` (override the config, e.g. for a quick trial), ``--skip-train`` (re-package an
existing build/tagger/output/model-best).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "ud-english-ewt"
DEFAULT_WORK = ROOT / "build" / "tagger"
DEFAULT_OUT = ROOT / "mtcheck" / "models" / "en_ewt_tagger"
CONFIG = ROOT / "scripts" / "tagger.cfg"
SPLITS = ("train", "dev", "test")

NAME = "en_ewt_tagger"
VERSION = "1.0.0"
SEED = 0
EWT_COMMIT = "15d613d8447b3478787d4c278730a1e48a945efb"
RETRAIN_COMMAND = "python scripts/train_tagger.py"


# --------------------------------------------------------------------------------------------
# CoNLL-U
# --------------------------------------------------------------------------------------------

def read_conllu(path: Path):
    """Yield one sentence at a time as a list of ``(form, upos, xpos, space_after)`` words.

    Multi-word tokens (``4-5  don't``) contribute their syntactic words (``do``, ``n't``); only
    the last word of the range takes the range's SpaceAfter. Empty nodes (``8.1``) are skipped.
    """
    words: list[tuple[str, str, str, bool]] = []
    mwt_end = 0
    mwt_space = True
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if words:
                    yield words
                words, mwt_end = [], 0
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 10:
                raise ValueError(f"{path}: malformed line {line!r}")
            ident, form, _lemma, upos, xpos, _feats, _head, _dep, _deps, misc = cols
            space = "SpaceAfter=No" not in misc.split("|")
            if "-" in ident:
                _start, end = ident.split("-")
                mwt_end, mwt_space = int(end), space
                continue
            if "." in ident:
                continue
            n = int(ident)
            if mwt_end:
                if n < mwt_end:
                    space = False
                elif n == mwt_end:
                    space, mwt_end = mwt_space, 0
            words.append((form, upos, xpos, space))
    if words:
        yield words


def sentence_doc(vocab, words):
    from spacy.tokens import Doc

    return Doc(vocab, words=[w[0] for w in words], spaces=[w[3] for w in words],
               tags=[w[2] for w in words], pos=[w[1] for w in words])


def convert(corpus: Path, work: Path) -> dict[str, Path]:
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("en").vocab
    out = {}
    for split in SPLITS:
        src = corpus / f"en_ewt-ud-{split}.conllu"
        dest = work / f"{split}.spacy"
        db = DocBin(attrs=["ORTH", "TAG", "POS"], store_user_data=False)
        n_sent = n_word = 0
        for words in read_conllu(src):
            db.add(sentence_doc(vocab, words))
            n_sent += 1
            n_word += len(words)
        db.to_disk(dest)
        print(f"[convert] {src.name}: {n_sent} sentences, {n_word} words -> {dest}", flush=True)
        out[split] = dest
    return out


# --------------------------------------------------------------------------------------------
# evaluation
# --------------------------------------------------------------------------------------------

def evaluate(nlp, docbin_path: Path) -> dict:
    """Accuracy of ``tag_`` and ``pos_`` on gold tokens, and (for information) with the pipeline's
    own tokenizer, counting the tokens that align one-to-one with gold words."""
    from spacy.tokens import Doc, DocBin
    from spacy.training import Example

    gold = list(DocBin().from_disk(docbin_path).get_docs(nlp.vocab))
    inputs = [Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d])
              for d in gold]
    n = tag_ok = pos_ok = 0
    for pred, ref in zip(nlp.pipe(inputs, batch_size=256), gold):
        for p, r in zip(pred, ref):
            n += 1
            tag_ok += p.tag_ == r.tag_
            pos_ok += p.pos_ == r.pos_
    raw = nlp.evaluate([Example(nlp.make_doc(ref.text), ref) for ref in gold])
    return {
        "sentences": len(gold),
        "words": n,
        "tag_acc": tag_ok / n,
        "pos_acc": pos_ok / n,
        "tag_acc_spacy_tokenizer": raw["tag_acc"],
        "pos_acc_spacy_tokenizer": raw["pos_acc"],
    }


# --------------------------------------------------------------------------------------------
# packaging
# --------------------------------------------------------------------------------------------

LICENSE_HEADER = """\
en_ewt_tagger -- English part-of-speech tagger shipped with mtcheck
====================================================================

This model (the files in this folder) was trained on, and is therefore derived from,
the Universal Dependencies English Web Treebank (UD English EWT),
https://github.com/UniversalDependencies/UD_English-EWT (commit {commit}),
by Natalia Silveira, Timothy Dozat, Marie-Catherine de Marneffe, Samuel Bowman, Miriam Connor,
John Bauer, Christopher D. Manning and the UD English EWT contributors,
licensed under the Creative Commons Attribution-ShareAlike 4.0 International licence.

The model is distributed under the same licence, CC BY-SA 4.0:
https://creativecommons.org/licenses/by-sa/4.0/
Changes: the treebank's word forms, UPOS and XPOS columns were used to train a statistical
tagger (spaCy {spacy_version}); the model contains learned weights and a string table,
not the treebank text. The rest of mtcheck (its code) is under its own licence (MIT); this
licence applies to the model files in this folder only.

Citation:
  Natalia Silveira, Timothy Dozat, Marie-Catherine de Marneffe, Samuel Bowman, Miriam Connor,
  John Bauer and Christopher D. Manning. 2014. A Gold Standard Dependency Corpus for English.
  In Proceedings of the Ninth International Conference on Language Resources and Evaluation
  (LREC 2014).

The full text of the licence follows.

----------------------------------------------------------------------------------------------

"""

README = """\
# en_ewt_tagger {version}

The English part-of-speech tagger embedded in mtcheck (`mtcheck.tagger.load_tagger()`).
A small spaCy {spacy_version} pipeline (`spacy.load()` this folder): spaCy's standard English
tokenizer (the same as `spacy.blank("en")`), then

* `tok2vec` -- hashed embeddings (MultiHashEmbed) of {attrs} (rows {rows}; no pretrained
  vectors), a {depth}-layer CNN (MaxoutWindowEncoder, window {window}), width {width};
* `tagger` -- Penn Treebank tags in `token.tag_` ({n_tags} labels, EWT's XPOS set);
* `morphologizer` -- universal POS in `token.pos_` (trained on UPOS only; no features).

## Data and attribution

Trained on the **Universal Dependencies English Web Treebank** (UD English EWT),
<https://github.com/UniversalDependencies/UD_English-EWT>, commit `{commit}`:
train split (12,544 sentences, 204,577 words), dev split for model selection, test split for the
figures below. UD English EWT is licensed under CC BY-SA 4.0, and so is this model
(see `LICENSE`).

> Natalia Silveira, Timothy Dozat, Marie-Catherine de Marneffe, Samuel Bowman, Miriam Connor,
> John Bauer and Christopher D. Manning. 2014. *A Gold Standard Dependency Corpus for English.*
> In Proceedings of the Ninth International Conference on Language Resources and Evaluation
> (LREC 2014).

## Accuracy (EWT test split, {words} words, {sentences} sentences)

| | gold tokens | spaCy tokenizer (1:1-aligned tokens) |
|---|---|---|
| Penn tag (`tag_`) | {tag_acc:.2%} | {tag_acc_tok:.2%} |
| UPOS (`pos_`) | {pos_acc:.2%} | {pos_acc_tok:.2%} |

Dev split (model selection, spaCy tokenizer): tag {dev_tag:.2%}, UPOS {dev_pos:.2%}.

## Training

From the mtcheck repository root, with the corpus in `../shared/corpora/ud-english-ewt`:

    {command}

It converts the CoNLL-U files to spaCy DocBins (multi-word tokens as their syntactic words,
e.g. "don't" -> "do" "n't"), runs `spacy train scripts/tagger.cfg` (seed {seed}, at most
{max_steps} steps, patience {patience}; this run: {steps} steps, {train_minutes:.1f} minutes of
training on a 2-core CPU; the best dev checkpoint is shipped), evaluates it on the test split
and writes this folder. The run is deterministic: the same command gives the same weights.
`python scripts/eval_tagger.py` re-evaluates the shipped model and measures its speed.

## Size

{size_kb:.0f} KB on disk (all files in this folder).
"""


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def package(model_dir: Path, out: Path, corpus: Path, test_scores: dict, dev_scores: dict,
            train_info: dict) -> None:
    import spacy
    from spacy.util import load_config

    nlp = spacy.load(model_dir)
    perf = {
        "tag_acc": round(test_scores["tag_acc"], 4),
        "pos_acc": round(test_scores["pos_acc"], 4),
        "tag_acc_spacy_tokenizer": round(test_scores["tag_acc_spacy_tokenizer"], 4),
        "pos_acc_spacy_tokenizer": round(test_scores["pos_acc_spacy_tokenizer"], 4),
        "evaluated_on": "UD English EWT test split, gold tokens (tag_acc, pos_acc)",
    }
    nlp.meta.update({
        "lang": "en",
        "name": NAME,
        "version": VERSION,
        "description": "English POS tagger (Penn tag_ + universal pos_) for mtcheck, trained on "
                       "UD English EWT",
        "author": "mtcheck developers",
        "license": "CC BY-SA 4.0",
        "sources": [{
            "name": "UD English EWT",
            "url": "https://github.com/UniversalDependencies/UD_English-EWT",
            "license": "CC BY-SA 4.0",
            "author": "Silveira et al. 2014 and the UD English EWT contributors",
            "commit": EWT_COMMIT,
        }],
        "performance": perf,
        "training": train_info,
    })
    nlp.meta.pop("vectors", None)
    nlp.meta["vectors"] = {"width": 0, "vectors": 0, "keys": 0, "name": None, "mode": "default"}

    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)

    # No local paths or training-only state in the shipped config.
    cfg = load_config(out / "config.cfg", interpolate=False)
    for key in list(cfg["paths"]):
        cfg["paths"][key] = None
    cfg.to_disk(out / "config.cfg")

    license_text = (corpus / "LICENSE.txt").read_text(encoding="utf-8")
    (out / "LICENSE").write_text(
        LICENSE_HEADER.format(commit=EWT_COMMIT, spacy_version=spacy.__version__) + license_text,
        encoding="utf-8")

    full_cfg = load_config(out / "config.cfg", interpolate=True)
    train_cfg = full_cfg["training"]
    embed = full_cfg["components"]["tok2vec"]["model"]["embed"]
    encode = full_cfg["components"]["tok2vec"]["model"]["encode"]
    fields = dict(
        attrs=", ".join(embed["attrs"]), rows=", ".join(str(r) for r in embed["rows"]),
        depth=encode["depth"], window=encode["window_size"], width=encode["width"],
        version=VERSION, spacy_version=spacy.__version__, commit=EWT_COMMIT,
        n_tags=len(nlp.get_pipe("tagger").labels),
        words=test_scores["words"], sentences=test_scores["sentences"],
        tag_acc=test_scores["tag_acc"], pos_acc=test_scores["pos_acc"],
        tag_acc_tok=test_scores["tag_acc_spacy_tokenizer"],
        pos_acc_tok=test_scores["pos_acc_spacy_tokenizer"],
        dev_tag=dev_scores.get("tag_acc", float("nan")),
        dev_pos=dev_scores.get("pos_acc", float("nan")),
        command=RETRAIN_COMMAND, seed=SEED,
        max_steps=train_info.get("max_steps", train_cfg["max_steps"]),
        patience=train_cfg["patience"],
        train_minutes=train_info.get("minutes", float("nan")),
        steps=train_info.get("steps", "?"),
        size_kb=0.0,
    )
    (out / "README.md").write_text(README.format(**fields), encoding="utf-8")
    # the README states the size of the folder including itself
    for _ in range(2):
        fields["size_kb"] = dir_size(out) / 1024
        (out / "README.md").write_text(README.format(**fields), encoding="utf-8")
    print(f"[package] {out}: {dir_size(out) / 1e6:.2f} MB", flush=True)


# --------------------------------------------------------------------------------------------
# training
# --------------------------------------------------------------------------------------------

_STEPS = {"last": 0}


def run_training(config_path: Path, output: Path, overrides: dict) -> dict:
    """``spacy train`` in-process (as spacy.cli.train does), counting the update steps."""
    import spacy
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_nlp
    from spacy.util import load_config

    @spacy.registry.callbacks("mtcheck.count_steps.v1")
    def count_steps():
        def before_update(nlp, info):
            _STEPS["last"] = info["step"]
        return before_update

    config = load_config(config_path, overrides=overrides, interpolate=False)
    config["training"]["before_update"] = {"@callbacks": "mtcheck.count_steps.v1"}
    output.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    nlp = init_nlp(config)
    train_nlp(nlp, output, stdout=sys.stdout, stderr=sys.stderr)
    minutes = (time.perf_counter() - t0) / 60
    # the shipped config must not need the script's callback
    for sub in ("model-best", "model-last"):
        cfg_path = output / sub / "config.cfg"
        cfg = load_config(cfg_path, interpolate=False)
        cfg["training"]["before_update"] = None
        cfg.to_disk(cfg_path)
    return {"minutes": round(minutes, 1), "steps": _STEPS["last"],
            "max_steps": config["training"]["max_steps"], "seed": SEED,
            "config": "scripts/tagger.cfg", "command": RETRAIN_COMMAND}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--skip-train", action="store_true")
    args = ap.parse_args(argv)

    import spacy
    from spacy.util import fix_random_seed

    fix_random_seed(SEED)
    args.work.mkdir(parents=True, exist_ok=True)
    paths = convert(args.corpus, args.work)
    output = args.work / "output"
    info_path = args.work / "train_info.json"

    if not args.skip_train:
        overrides = {"paths.train": str(paths["train"]), "paths.dev": str(paths["dev"]),
                     "system.seed": SEED}
        if args.max_steps is not None:
            overrides["training.max_steps"] = args.max_steps
        if output.exists():
            shutil.rmtree(output)
        info = run_training(args.config, output, overrides)
        info_path.write_text(json.dumps(info, indent=2), encoding="utf-8")
        print(f"[train] {info['minutes']:.1f} minutes, {info['steps']} steps", flush=True)
    info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {}

    best = output / "model-best"
    dev = json.loads((best / "meta.json").read_text(encoding="utf-8")).get("performance", {})
    nlp = spacy.load(best)
    scores = evaluate(nlp, paths["test"])
    print(f"[test] gold tokens: tag_ accuracy {scores['tag_acc']:.4f}, "
          f"pos_ accuracy {scores['pos_acc']:.4f}", flush=True)
    print(f"[test] spaCy tokenizer: tag_ accuracy {scores['tag_acc_spacy_tokenizer']:.4f}, "
          f"pos_ accuracy {scores['pos_acc_spacy_tokenizer']:.4f}", flush=True)
    package(best, args.out, args.corpus, scores, dev, info)
    return 0


if __name__ == "__main__":
    sys.exit(main())
