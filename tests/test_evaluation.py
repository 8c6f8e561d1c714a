"""scripts/evaluate_wmt.py on a slice of WMT21: the table, the correlations, the references."""
from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from .conftest import ROOT, SHARED

WMT = SHARED / "corpora" / "wmt21-deen"
pytestmark = pytest.mark.skipif(not WMT.is_dir(), reason="needs ../shared/corpora/wmt21-deen")


def _script():
    spec = importlib.util.spec_from_file_location("evaluate_wmt", ROOT / "scripts" / "evaluate_wmt.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_kendall_tau_b_matches_hand_computed_values() -> None:
    tau = _script().kendall_tau_b
    assert tau([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert tau([1, 2, 3, 4], [40, 30, 20, 10]) == -1.0
    # 5 concordant, 1 discordant pair of 6: (5 - 1) / 6
    assert tau([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(4 / 6)
    # a tie in y: C=2, D=3, one pair tied in y only -> (2 - 3) / sqrt((2+3) * (2+3+1))
    assert tau([1, 2, 3, 4], [1, 2, 2, 0.5]) == pytest.approx(-1 / (5 * 6) ** 0.5)


def test_tau_b_with_ties_equals_the_textbook_formula() -> None:
    tau = _script().kendall_tau_b
    xs, ys = [1, 2, 3, 4, 5], [2, 1, 2, 4, 3]
    # pairs: count by hand
    c = d = ty = 0
    for i in range(5):
        for j in range(i + 1, 5):
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            if dy == 0:
                ty += 1
            elif dx * dy > 0:
                c += 1
            else:
                d += 1
    assert (c, d, ty) == (7, 2, 1)
    assert tau(xs, ys) == pytest.approx((7 - 2) / ((9 + 0) * (9 + 1)) ** 0.5)


def test_evaluation_on_a_slice_writes_the_table(tmp_path) -> None:
    out = tmp_path / "evaluation.md"
    code = _script().main(["--shared", str(SHARED), "--lines", "50",
                           "--systems", "Online-W,happypoet,HuaweiTSC", "-o", str(out)])
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "the first 50 lines" in text
    taus = re.findall(r"^\| (mtcheck score, reference-free|mtcheck score, source-aware|chrF against reference A) "
                      r"\| ([+-]\d\.\d{3}) \|$", text, re.MULTILINE)
    assert len(taus) == 3 and all(-1 <= float(v) <= 1 for _, v in taus)
    rows = {m.group(1): m for m in re.finditer(r"^\| ([\w-]+) \| (\S+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d,]+) \|", text, re.MULTILINE)}
    assert set(rows) == {"Online-W", "happypoet", "HuaweiTSC", "ref-A", "ref-B"}
    # chrF of reference A against itself is 100
    assert float(rows["ref-A"].group(5)) == 100.0
    assert float(rows["Online-W"].group(5)) < 100.0
    assert rows["ref-A"].group(2) == "(reference)"
    # systems are listed best human score first
    order = [m.group(1) for m in re.finditer(r"^\| ([\w-]+) \| [+-]\d", text, re.MULTILINE)]
    assert order == ["Online-W", "happypoet", "HuaweiTSC"]


def test_unknown_system_is_a_clear_error(capsys) -> None:
    assert _script().main(["--shared", str(SHARED), "--systems", "NoSuchSystem"]) == 2
    assert "unknown systems NoSuchSystem" in capsys.readouterr().err
