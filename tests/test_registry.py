"""Meta-tests on the rule registry: codes, names, docs and fixtures agree both ways."""
from __future__ import annotations

import re

import pytest

from mtcheck.config import tomllib
from mtcheck.rules import ALL_RULES, REGISTRY, UnknownSelector, data_path, select_rules
from mtcheck.rules.base import CODE_RE, DOC_SECTIONS, NAME_RE, FixAvailability

from .conftest import FIXTURES

FIXTURE_FILES = {p.stem: p for p in (FIXTURES / "rules").glob("*.toml")}


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [r.code for r in ALL_RULES]
    names = [r.meta.name for r in ALL_RULES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    for r in ALL_RULES:
        assert CODE_RE.match(r.code), r.code
        assert NAME_RE.match(r.meta.name), r.meta.name


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_docstring_has_every_section(rule) -> None:
    doc = rule.doc
    assert rule.summary and not rule.summary.startswith("#")
    for section in DOC_SECTIONS:
        assert re.search(rf"^## {section}$", doc, re.M), f"{rule.code} lacks '## {section}'"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_fixtures_with_fail_and_pass_cases(rule) -> None:
    assert rule.code in FIXTURE_FILES, f"fixtures/rules/{rule.code}.toml is missing"
    data = tomllib.loads(FIXTURE_FILES[rule.code].read_text(encoding="utf-8"))
    assert data["rule"] == rule.code
    assert data.get("fail") and data.get("pass")
    if any("fixed" in case for case in data["fail"]):
        assert rule.meta.fix != FixAvailability.NONE


def test_every_fixture_names_a_registered_rule() -> None:
    assert set(FIXTURE_FILES) <= set(REGISTRY)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_declared_data_files_exist(rule) -> None:
    for name in rule.meta.data:
        assert data_path(name).is_file(), name


def test_selection_prefers_the_more_specific_selector() -> None:
    codes = {r.code for r in select_rules(["HY"], ["HY001"])}
    assert "HY001" not in codes and "HY002" in codes and not any(c.startswith("PU") for c in codes)
    codes = {r.code for r in select_rules(["ALL"], ["HY"], extend_select=["HY003"])}
    assert "HY003" in codes and "HY001" not in codes and "PU001" in codes


def test_unknown_selector_is_an_error() -> None:
    with pytest.raises(UnknownSelector):
        select_rules(["ZZ9"])


def test_rules_reference_is_up_to_date() -> None:
    from mtcheck.cli import rules_markdown

    from .conftest import ROOT

    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "run: mtcheck rules --format markdown > docs/rules.md"
