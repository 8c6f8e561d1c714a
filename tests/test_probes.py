"""The probe suite: recall on artefacts and false flags on correct look-alikes, per family."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from probe_report import PROBES, evaluate, load_probes  # noqa: E402

from mtcheck.rules import REGISTRY  # noqa: E402

PROBE_SET = load_probes()


def test_probe_files_are_well_formed() -> None:
    assert PROBE_SET, "no probes in fixtures/probes"
    for p in PROBE_SET:
        assert p.code in REGISTRY, (p.file, p.code)
        assert p.expect in ("flag", "pass"), (p.file, p.expect)
        assert p.text.strip() == p.text and p.text
        if p.expect == "flag":
            assert p.match and p.match in p.text, (p.file, p.match, p.text)
        else:
            assert not p.match.strip()


def test_probe_suite_size() -> None:
    flags = sum(p.expect == "flag" for p in PROBE_SET)
    passes = sum(p.expect == "pass" for p in PROBE_SET)
    assert flags >= 300 and passes >= 300, (flags, passes)


@pytest.mark.parametrize("name", sorted({p.file for p in PROBE_SET}))
def test_recall_and_false_flags(name: str) -> None:
    tallies, wrong = evaluate([p for p in PROBE_SET if p.file == name])
    t = tallies[name]
    details = "\n".join(f"{p.expect} {p.code} {p.match!r} got {got} :: {p.text}" for p, got in wrong[:20])
    assert t.recall >= 0.85, details
    assert t.false_flag_rate <= 0.05, details


def test_probe_folder_exists() -> None:
    assert Path(PROBES).is_dir()
