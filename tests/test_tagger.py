"""The packaged English POS tagger (mtcheck/models/en_ewt_tagger): loads offline, tags plausibly,
is cached, ships its licence and stays small."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtcheck.tagger import (
    PACKAGED,
    TaggerError,
    load_tagger,
    packaged_path,
    tagger_label,
)

from .conftest import SHARED

EWT_TEST = SHARED / "corpora" / "ud-english-ewt" / "en_ewt-ud-test.conllu"
MAX_BYTES = 10 * 1024 * 1024


@pytest.fixture(scope="module")
def nlp():
    return load_tagger()


def model_dir() -> Path:
    return Path(str(packaged_path()))


def tags(nlp, text: str) -> dict[str, tuple[str, str]]:
    return {t.text: (t.tag_, t.pos_) for t in nlp(text)}


def test_packaged_model_files():
    path = model_dir()
    assert path.is_dir()
    names = {p.name for p in path.iterdir()}
    assert {"LICENSE", "README.md", "meta.json", "config.cfg"} <= names
    assert "CC BY-SA 4.0" in (path / "LICENSE").read_text(encoding="utf-8")
    assert "UD English EWT" in (path / "README.md").read_text(encoding="utf-8")
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    assert size <= MAX_BYTES, f"{size} bytes"
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == PACKAGED and meta["version"]
    assert meta["performance"]["tag_acc"] >= 0.93
    assert meta["performance"]["pos_acc"] >= 0.94
    assert tagger_label() == f"{PACKAGED}-{meta['version']}"


def test_pipeline_shape(nlp):
    import spacy

    assert nlp.lang == "en"
    assert nlp.pipe_names == ["tok2vec", "tagger", "morphologizer"]
    assert "VBN" in nlp.get_pipe("tagger").labels
    # the same tokenizer as mtcheck's spacy.blank("en")
    blank = spacy.blank("en")
    text = "I don't know, it's the U.S. e-mail (cannot) -- gonna cost $3.50/kg!"
    assert [t.text for t in nlp(text)] == [t.text for t in blank(text)]


def test_shipped_tokenizer_is_standard_english():
    """A plain spacy.load() of the folder tokenises like spacy.blank("en") too."""
    import spacy
    import srsly

    shipped = srsly.msgpack_loads(spacy.load(model_dir()).tokenizer.to_bytes(exclude=["vocab"]))
    blank = srsly.msgpack_loads(spacy.blank("en").tokenizer.to_bytes(exclude=["vocab"]))
    assert shipped == blank


def test_cached(nlp):
    assert load_tagger() is nlp
    assert load_tagger(PACKAGED) is nlp


def test_missing_pipeline_raises():
    with pytest.raises(TaggerError):
        load_tagger("no_such_pipeline_xyz")
    with pytest.raises(TaggerError):
        load_tagger("/nonexistent/path/to/a/pipeline")


def test_announced_is_participle(nlp):
    doc = nlp("He has the construction announced.")
    got = {t.text: (t.tag_, t.pos_) for t in doc}
    assert got["announced"] == ("VBN", "VERB")
    assert got["The" if "The" in got else "the"][0] == "DT"
    assert got["construction"] == ("NN", "NOUN")
    assert got["He"] == ("PRP", "PRON")
    assert all(t.tag_ and t.pos_ for t in doc)


@pytest.mark.parametrize("text, word, tag, pos", [
    ("The committee approved the new budget yesterday.", "The", "DT", "DET"),
    ("The committee approved the new budget yesterday.", "budget", "NN", "NOUN"),
    ("The committee approved the new budget yesterday.", "approved", "VBD", "VERB"),
    ("The committee approved the new budget yesterday.", "new", "JJ", "ADJ"),
    ("She is reading two books about Paris.", "books", "NNS", "NOUN"),
    ("She is reading two books about Paris.", "reading", "VBG", "VERB"),
    ("She is reading two books about Paris.", "Paris", "NNP", "PROPN"),
    ("She is reading two books about Paris.", "two", "CD", "NUM"),
    ("We will not go to the meeting.", "will", "MD", "AUX"),
    ("We will not go to the meeting.", "go", "VB", "VERB"),
])
def test_plausible_tags(nlp, text, word, tag, pos):
    assert tags(nlp, text)[word] == (tag, pos)


def _conllu_sentences(path: Path, limit: int):
    """(words, spaces, xpos, upos) of the first ``limit`` sentences; multi-word tokens as their
    syntactic words (as in training)."""
    sents, words, mwt_end, mwt_space = [], [], 0, True
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if words:
                    sents.append(words)
                    if len(sents) >= limit:
                        break
                words, mwt_end = [], 0
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            space = "SpaceAfter=No" not in cols[9].split("|")
            if "-" in cols[0]:
                mwt_end, mwt_space = int(cols[0].split("-")[1]), space
                continue
            if "." in cols[0]:
                continue
            n = int(cols[0])
            if mwt_end and n < mwt_end:
                space = False
            elif mwt_end and n == mwt_end:
                space, mwt_end = mwt_space, 0
            words.append((cols[1], space, cols[4], cols[3]))
    return sents


@pytest.mark.skipif(not EWT_TEST.exists(), reason="UD English EWT test split not available")
def test_accuracy_on_ewt_test_sample(nlp):
    from spacy.tokens import Doc

    sents = _conllu_sentences(EWT_TEST, 300)
    docs = [Doc(nlp.vocab, words=[w[0] for w in s], spaces=[w[1] for w in s]) for s in sents]
    n = tag_ok = pos_ok = 0
    for doc, sent in zip(nlp.pipe(docs), sents):
        for tok, (_form, _sp, xpos, upos) in zip(doc, sent):
            n += 1
            tag_ok += tok.tag_ == xpos
            pos_ok += tok.pos_ == upos
    assert n > 3000
    assert tag_ok / n >= 0.90, tag_ok / n
    assert pos_ok / n >= 0.90, pos_ok / n


# -- the rule context's tagging: batches, Penn-only requests, sharing ------------------------------

def _context(text: str):
    from mtcheck.nlp import english_pipeline
    from mtcheck.readers import read_plain
    from mtcheck.rules.base import Context

    return Context(doc=read_plain(text, "t.txt"), nlp_factory=english_pipeline, tagger_factory=load_tagger)


SENTENCES = "Yesterday announced the company a new strategy. The board has the plan approved. It rains."


def test_tagged_each_matches_one_at_a_time(nlp):
    ctx = _context(SENTENCES)
    spans = [(0, 47), (48, 82), (83, 92)]
    batch = list(ctx.tagged_each(spans))
    assert [d.text for d in batch] == [SENTENCES[s:e] for s, e in spans]
    for (s, e), doc in zip(spans, batch):
        alone = nlp(SENTENCES[s:e])
        assert [(t.text, t.idx, t.tag_, t.pos_) for t in doc] == [(t.text, t.idx, t.tag_, t.pos_) for t in alone]
        assert ctx.tagged(s, e) is doc  # kept for the next rule


def test_penn_only_tags_skip_the_universal_pos(nlp):
    ctx = _context(SENTENCES)
    penn = ctx.tagged(0, 47, universal=False)
    assert [t.tag_ for t in penn] == [t.tag_ for t in nlp(SENTENCES[:47])]
    assert {t.pos_ for t in penn} == {""}  # the morphologizer did not run
    full = ctx.tagged(0, 47)  # a rule that reads pos_ gets a fully tagged Doc, not the Penn one
    assert full is not penn and full[1].pos_ == "VERB"
    assert ctx.tagged(48, 82) is ctx.tagged(48, 82, universal=False)  # a full Doc serves Penn requests


def test_tagging_without_a_tagger_is_a_clear_error():
    from mtcheck.readers import read_plain
    from mtcheck.rules.base import Context

    ctx = Context(doc=read_plain("Some text.", "t.txt"))
    with pytest.raises(RuntimeError, match="POS tags"):
        ctx.tagged(0, 10)


def _ewt_sentences(n: int) -> list[str]:
    out = []
    with EWT_TEST.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("# text = "):
                out.append(line[len("# text = "):].strip())
                if len(out) == n:
                    break
    return out


def test_numpy_matmul_tags_as_thinc_blis_does():
    """The tagger's matrix products go through numpy (faster for its small products than thinc's
    blis); the tags are the same. (All 25,531 tokens of the EWT test set agreed when checked.)"""
    from mtcheck.tagger import _load, tag_texts
    from thinc.api import NumpyOps

    sentences = _ewt_sentences(300)
    ours = [[t.tag_ for t in d] for d in tag_texts(load_tagger(), sentences)]
    _load.cache_clear()  # a second, private copy of the pipeline, switched back to blis
    try:
        blis = load_tagger()
        for _, component in blis.pipeline:
            for layer in component.model.walk():
                layer.ops = NumpyOps(use_blis=True)
        theirs = [[t.tag_ for t in d] for d in blis.pipe(sentences)]
    finally:
        _load.cache_clear()
    assert sum(map(len, ours)) > 4000
    assert ours == theirs


def test_tagging_holds_blas_to_one_thread_and_restores_it():
    from threadpoolctl import threadpool_info

    from mtcheck import tagger

    seen = []
    nlp = load_tagger()

    class Spy:
        def pipe(self, texts, disable=()):
            seen.append({i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"})
            return nlp.pipe(texts, disable=disable)

    before = [i["num_threads"] for i in threadpool_info()]
    docs = tagger.tag_texts(Spy(), ["It rains.", "The board approved the plan."])
    assert [d.text for d in docs] == ["It rains.", "The board approved the plan."]
    assert seen == [{1}]  # numpy's OpenBLAS, loaded with spaCy, ran on one thread
    assert [i["num_threads"] for i in threadpool_info()] == before
