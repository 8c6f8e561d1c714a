"""The Dask path (mtcheck.dask) gives the same report as a single-process run, byte for byte.

Two real worker processes (LocalCluster, processes=True) check a folder of 20 files built from
the seed article: plain text, Markdown, HTML, Latin-1, an inline directive, a binary file and a
file over the size limit, in nested folders.
"""
from __future__ import annotations

import pytest

pytest.importorskip("dask", reason="dask is not installed (pip install 'mtcheck[dask]')")
distributed = pytest.importorskip("distributed", reason="distributed is not installed (pip install 'mtcheck[dask]')")

from mtcheck.config import Settings
from mtcheck.dask import ClusterMismatchError, check_paths_dask
from mtcheck.lint import check_paths
from mtcheck.render import RENDERERS

from .conftest import SEED


def _json(report) -> str:
    return RENDERERS["json"](report)


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    seed = SEED.read_text(encoding="utf-8")
    paras = [p for p in seed.split("\n\n") if p.strip()]
    (root / "seed.txt").write_text(seed, encoding="utf-8")
    sub = root / "b" / "c"
    sub.mkdir(parents=True)
    for i in range(12):  # overlapping slices of the seed article
        part = "\n\n".join(paras[i % len(paras):i % len(paras) + 4]) + "\n"
        ((sub if i % 3 == 0 else root / "b") if i % 2 else root).joinpath(f"part{i:02d}.txt").write_text(part, encoding="utf-8")
    (root / "article.md").write_text("# Meta's AI strategy\n\n" + "\n\n".join(paras[:6]) + "\n", encoding="utf-8")
    (root / "b" / "page.html").write_text(
        "<html><body><h1>Meta</h1>" + "".join(f"<p>{p}</p>" for p in paras[2:8]) + "</body></html>",
        encoding="utf-8")
    (root / "latin1.txt").write_bytes("Café Zürich: the team-for the U -turn costs $ 100.\n".encode("latin-1"))
    (root / "directive.md").write_text("<!-- mtcheck: disable HY -->\n" + "\n\n".join(paras[:3]) + "\n",
                                       encoding="utf-8")
    (root / "bad.txt").write_bytes(b"\x00\x01\x02binary\x00" * 64)  # unreadable: an error
    (root / "big.txt").write_text(seed * 3, encoding="utf-8")  # over max_file_size in one setting
    (root / "skip.log").write_text("not selected\n", encoding="utf-8")
    return root


SETTINGS = {
    "default": Settings(),
    "custom": Settings(per_file_ignores={"*.md": ("BP",), "*/b/*": ("ID001",)}, fail_under=60.0,
                       exclude=("part07.txt",), max_file_size=len(SEED.read_bytes()) * 2,
                       accept=("crowbar",)),
}


@pytest.mark.parametrize("name", sorted(SETTINGS))
@pytest.mark.parametrize("ship", ["bytes", "paths"])
def test_dask_report_equals_single_process(client, corpus, name, ship):
    settings = SETTINGS[name]
    paths = [str(corpus), str(corpus / "b" / "page.html"), str(corpus / "missing.txt")]
    local = check_paths(paths, settings=settings)
    remote = check_paths_dask(paths, client, settings=settings, chunk_size=3, ship=ship)
    assert len(local.files) >= 15 and local.errors  # the corpus is what this test means it to be
    assert any("binary" in e.message for e in local.errors)
    assert _json(remote) == _json(local)
    assert [f.path for f in remote.files] == [f.path for f in local.files]
    assert remote.stats == local.stats and remote.score == local.score
    assert remote.signature == local.signature and remote.rules == local.rules


def test_single_chunk_and_progress(client, corpus):
    seen = []
    remote = check_paths_dask([corpus], client, chunk_size=1000, on_progress=lambda d, t: seen.append((d, t)))
    assert _json(remote) == _json(check_paths([corpus]))
    assert seen[-1][0] == seen[-1][1] == len(remote.files) + len(remote.errors)


def test_bad_chunk_size(client, corpus):
    with pytest.raises(ValueError):
        check_paths_dask([corpus], client, chunk_size=0)


def test_signature_mismatch_is_an_error(client, corpus, monkeypatch):
    import mtcheck.dask as md

    class Other(md.Linter):
        def __init__(self, settings):
            super().__init__(settings)
            self.signature += "|other"

    monkeypatch.setattr(md, "Linter", Other)  # the client's linter; the workers keep theirs
    with pytest.raises(ClusterMismatchError):
        check_paths_dask([corpus / "seed.txt"], client)


def test_cli_dask_option_gives_the_same_json(tmp_path, client) -> None:
    from click.testing import CliRunner

    from mtcheck.cli import main

    (tmp_path / "a.txt").write_text("Zuckerberg wants a U -turn for $ 70 billion.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Meta invests in data centres.\n", encoding="utf-8")
    local = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json", "--jobs", "1"])
    remote = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json", "--dask", client.scheduler.address])
    assert remote.exit_code == local.exit_code
    assert remote.output == local.output
